"""The `synd` command line, one package: `commands` (the app and the pipeline commands), `research`
(views, queries, reports, importers), `alerts`, `index`, and `common` (options, output, exit codes).

`main` first offers the command line to `light` (`synd summary` on a SQLite file, answered
without typer, SQLAlchemy or pydantic), then runs the typer app; ``app`` loads on first use."""

from __future__ import annotations

import sys
from typing import Any


def main() -> None:
    from pipeline.cli import light

    if light.main(sys.argv[1:]):
        return
    from pipeline.cli.commands import app

    if not sys.argv[1:] or "--help" in sys.argv[1:]:
        from pipeline.cli.common import load_light_help

        load_light_help()
    app()  # usage errors and unopenable warehouses are handled in `common.SyndGroup`, for every caller


def __getattr__(name: str) -> Any:
    if name == "app":
        from pipeline.cli.commands import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["app", "main"]
