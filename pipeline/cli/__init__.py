"""The `synd` command line, one package: `main` (the app and the pipeline commands), `research`
(views, queries, reports, importers), `alerts`, `index`, and `common` (options, output, exit codes)."""

from pipeline.cli.main import app, main

__all__ = ["app", "main"]
