"""`synd`: the command line. Every command calls the same job functions the DAGs call.

Every `synd` call imports this module, so it imports only typer and rich: each command imports
what it uses (numba, trafilatura, SQLAlchemy, ...) when it runs, and `synd --help` or
`synd summary` start in a fraction of a second (`tests/test_cli_startup.py` holds the line).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pipeline.cli import alerts as alerts_cli
from pipeline.cli import index as index_cli
from pipeline.cli.common import Bar, ConfigOpt, WarehouseOpt, console, out
from pipeline.cli.common import settings_from as _settings
from pipeline.cli.research import register as register_research

if TYPE_CHECKING:
    from pipeline import jobs
    from pipeline.config import Settings

app = typer.Typer(help="News syndication and duplicate detection.", no_args_is_help=True, add_completion=False)


EXIT_REJECTS = 2  # ingest: some records were rejected (the rest were stored)
EXIT_FATAL = 3  # ingest: nothing could be done (bad config, unreachable warehouse, ...)


def _ingest(settings: Settings, paths: list[Path]) -> jobs.IngestStats:
    """Run the ingest job; a fatal error (not a bad record) prints its cause and exits 3."""
    from pipeline import jobs
    from pipeline.warehouse.db import redact_url

    try:
        with Bar() as bar:
            stats = jobs.ingest(settings, list(paths), progress=bar)
    except Exception as exc:
        console.print(f"[red]ingest failed:[/red] {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        console.print(f"  warehouse: {redact_url(settings.warehouse.url)}; records stored in earlier batches are kept, "
                      "rerun the same command to finish")
        raise typer.Exit(EXIT_FATAL) from exc
    console.print(
        f"ingest: {stats.seen} records, {stats.new} new, {stats.updated} updated, "
        f"{stats.unchanged} unchanged, {stats.rejected} rejected"
    )
    if stats.rejected:
        for line in stats.reject_examples:
            console.print(f"  [yellow]rejected[/yellow] {escape(line)}", highlight=False)
        console.print(
            f"  {stats.rejected} record(s) rejected, every one with its reason in the `rejects` table "
            f"(run {stats.run_id}): `synd export rejects --format csv --out rejects.csv`, or "
            f"SELECT record, reason FROM rejects WHERE run_id = {stats.run_id}  ({redact_url(settings.warehouse.url)})"
        )
    return stats


def _detect(settings: Settings) -> None:
    from pipeline import jobs
    from pipeline.config import ConfigError

    try:
        with Bar() as bar:
            stats = jobs.detect(settings, progress=bar)
    except ConfigError as exc:  # e.g. an unknown outlet in the outlets file's groups:
        console.print(f"[red]config error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    console.print(
        f"detect: {stats.articles} new articles, {stats.units} units fingerprinted, "
        f"{stats.candidates} candidate pairs, {stats.syndications} syndications"
    )


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="JSONL, .html/.htm, .warc/.warc.gz files or directories.")],
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Normalise and store articles. Exit 0: all accepted; 2: some rejected (see `rejects`); 3: fatal error."""
    stats = _ingest(_settings(config, warehouse, fatal_code=EXIT_FATAL), paths)
    raise typer.Exit(EXIT_REJECTS if stats.rejected else 0)


@app.command()
def detect(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """Find syndication among articles not yet processed (incremental)."""
    _detect(_settings(config, warehouse))


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="Inputs, as for ingest.")],
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Ingest, detect, then print a summary of what was found."""
    settings = _settings(config, warehouse)
    stats = _ingest(settings, paths)
    _detect(settings)
    show_summary(settings)
    if settings.alerts.rules:
        from pipeline.alerts.send import send_pending

        with Bar() as bar:
            counts = send_pending(settings, progress=bar)  # the function the alert DAG calls
        console.print(alerts_cli.report(counts, settings))
    raise typer.Exit(2 if stats.rejected else 0)


@app.command()
def crawl(
    outlet: Annotated[list[str] | None, typer.Option("--outlet", help="Only this outlet (repeatable).")] = None,
    ingest_too: Annotated[bool, typer.Option("--ingest/--no-ingest", help="Normalise the fetched pages.")] = True,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Crawl the outlets in outlets.yaml into the raw store (robots.txt, rate limits, conditional GET).

    Every fetch is a row in `fetches`; with --ingest (default) new pages become articles. Exit 1 when
    some fetches failed (see the reasons with: SELECT url, error FROM fetches WHERE run_id = N).
    """
    from pipeline import jobs
    from pipeline.config import ConfigError
    from pipeline.warehouse.db import redact_url

    settings = _settings(config, warehouse)
    try:
        with Bar() as bar:
            result = jobs.crawl(settings, outlet or None, progress=bar)
    except ConfigError as exc:
        console.print(f"[red]config error:[/red] {exc}")
        raise typer.Exit(2) from exc
    table = Table(title=f"crawl run {result['run_id']}", title_justify="left")
    cols = ("discovered", "fetched", "not_modified", "duplicates", "failed")
    table.add_column("outlet")
    for col in cols:
        table.add_column(col.replace("_", " "), justify="right")
    for name, st in result["outlets"].items():
        table.add_row(name, *(str(st[c]) for c in cols))
    out.print(table)
    if not result["outlets"]:
        console.print(f"no outlets configured: add them to {settings.outlets_file}")
    if result["failed"]:
        console.print(
            f"[yellow]{result['failed']} fetches failed[/yellow]: SELECT url, status, error FROM fetches "
            f"WHERE run_id = {result['run_id']} AND error IS NOT NULL  ({redact_url(settings.warehouse.url)})"
        )
    if ingest_too:
        with Bar() as bar:
            stats = jobs.ingest_crawled(settings, progress=bar)
        console.print(f"ingest: {stats.seen} pages, {stats.new} new, {stats.updated} updated, {stats.rejected} rejected")
    raise typer.Exit(1 if result["failed"] else 0)


@app.command()
def export(
    what: Annotated[str, typer.Argument(
        help="articles, syndications, a query (e.g. who_copies_whom, or a .sql file), or any table or view")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet")] = "jsonl",
    out_file: Annotated[Path | None, typer.Option("--out", help="Output file (default: stdout).")] = None,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Export articles or syndications with stable field names, a query's rows, or any table or view as-is."""
    from sqlalchemy.exc import DBAPIError

    from pipeline.cli.common import reader
    from pipeline.warehouse.db import read_only_refusal
    from pipeline.warehouse.export import export as do_export

    settings = _settings(config, warehouse)
    try:
        n = do_export(reader(settings), what, fmt, out_file)
    except ValueError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    except DBAPIError as exc:  # a query's SQL refused by the database (a write, a typo)
        console.print(f"[red]error:[/red] {escape(read_only_refusal(exc) or str(exc).strip().splitlines()[0])}")
        raise typer.Exit(2) from exc
    console.print(f"exported {n} {what}" + (f" to {out_file}" if out_file else ""))


def show_summary(settings: Settings) -> None:
    from pipeline.cli.common import reader
    from pipeline.cli.light import print_summary
    from pipeline.report.summary import summary_items
    from pipeline.warehouse.db import redact_url

    engine = reader(settings)
    with engine.connect() as conn:
        items = summary_items(conn)
    raw = settings.raw_store.path if settings.raw_store.kind == "local" else settings.raw_store.bucket
    print_summary(items, redact_url(settings.warehouse.url), str(raw))


@app.command()
def summary(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """Print the syndications in the warehouse."""
    from pipeline.cli import light

    fast = light.summary_items(config, warehouse)  # a SQLite file: sqlite3 alone, no SQLAlchemy or pydantic settings
    if fast is not None:
        light.print_summary(*fast)
    else:
        show_summary(_settings(config, warehouse))


app.add_typer(alerts_cli.app, name="alerts")
app.add_typer(index_cli.app, name="index")
register_research(app)  # views, query, network, report, serve, import


def main() -> None:
    try:
        app()
    except RuntimeError as exc:
        from pipeline.warehouse.db import WarehouseError  # already loaded if it raised one

        if not isinstance(exc, WarehouseError):
            raise
        # a `postgres://` URL, a database to create: the message says what to do
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise SystemExit(1) from exc


if __name__ == "__main__":
    main()
