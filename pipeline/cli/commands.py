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
from pipeline.cli.common import (
    EXIT_CODES_HELP,
    Bar,
    ConfigOpt,
    ExitCode,
    SyndGroup,
    WarehouseOpt,
    console,
    exit_for,
    out,
    report_skipped,
    require_inputs,
    run_ingest,
)
from pipeline.cli.common import settings_from as _settings
from pipeline.cli.research import register as register_research

if TYPE_CHECKING:
    from pipeline import jobs
    from pipeline.config import Settings

app = typer.Typer(help="News syndication and duplicate detection.", epilog=EXIT_CODES_HELP, cls=SyndGroup,
                  no_args_is_help=True, add_completion=False)


def _ingest(settings: Settings, paths: list[Path]) -> jobs.IngestStats:
    """`synd ingest`/`run` on files and folders (checked by the caller: `require_inputs`), through
    the one runner the importers share; files no reader takes are counted and named."""
    from pipeline.sources import READABLE, read_paths, skipped_files

    report_skipped(skipped_files(list(paths)), READABLE)
    return run_ingest(settings, lambda _bar: read_paths(list(paths)))


def _detect(settings: Settings) -> None:
    from pipeline import jobs
    from pipeline.config import ConfigError

    try:
        with Bar() as bar:
            stats = jobs.detect(settings, progress=bar)
    except ConfigError as exc:  # an unknown outlet in the outlets file's groups:, an index built otherwise
        console.print(f"[red]config error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(ExitCode.FATAL) from exc
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
    """Normalise and store articles. Exit 0 all stored, 1 no such file, 2 some rejected, 3 fatal.

    Rejects are rows of the `rejects` table; files in folders that no reader takes are counted and named.
    """
    require_inputs(paths)
    raise exit_for(_ingest(_settings(config, warehouse), paths))


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
    """Ingest, detect, then print a summary of what was found.

    A missing input stops it before anything runs (exit 1); with rejects it goes on with the rest and exits 2.
    """
    require_inputs(paths)
    settings = _settings(config, warehouse)
    stats = _ingest(settings, paths)
    _detect(settings)
    show_summary(settings)
    if settings.alerts.rules:
        from pipeline.alerts.send import send_pending

        with Bar() as bar:
            counts = send_pending(settings, progress=bar)  # the function the alert DAG calls
        console.print(alerts_cli.report(counts, settings))
    raise exit_for(stats)


@app.command()
def crawl(
    outlet: Annotated[list[str] | None, typer.Option("--outlet", help="Only this outlet (repeatable).")] = None,
    ingest_too: Annotated[bool, typer.Option("--ingest/--no-ingest", help="Normalise the fetched pages.")] = True,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Crawl the outlets in outlets.yaml into the raw store (robots.txt, rate limits, conditional GET).

    Every fetch is a row in `fetches`; with --ingest (default) new pages become articles. Exit 2 when
    some fetches failed or an outlet was down (see the reasons with: SELECT url, error FROM fetches
    WHERE run_id = N); 1 for an --outlet that is not configured.
    """
    from pipeline import jobs
    from pipeline.config import ConfigError
    from pipeline.warehouse.db import redact_url

    settings = _settings(config, warehouse)
    try:
        known = [o.name for o in jobs.outlets(settings)]
    except ConfigError as exc:  # the outlets file itself
        console.print(f"[red]config error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(ExitCode.FATAL) from exc
    unknown = [name for name in outlet or [] if name not in known]
    if unknown:
        console.print(f"[red]error:[/red] unknown outlet(s) {escape(', '.join(unknown))}; the outlets in "
                      f"{escape(str(settings.outlets_file))}: {escape(', '.join(known))}", highlight=False)
        raise typer.Exit(ExitCode.USAGE)
    try:
        with Bar() as bar:
            result = jobs.crawl(settings, outlet or None, progress=bar)
    except ConfigError as exc:
        console.print(f"[red]config error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(ExitCode.FATAL) from exc
    table = Table(title=f"crawl run {result['run_id']}", title_justify="left")
    cols = ("discovered", "fetched", "not_modified", "duplicates", "failed")
    table.add_column("outlet")
    for col in cols:
        table.add_column(col.replace("_", " "), justify="right")
    for name, st in result["outlets"].items():
        table.add_row(escape(name), *(str(st[c]) for c in cols))
    out.print(table)
    if not result["outlets"]:
        console.print(f"no outlets configured: add them to {escape(str(settings.outlets_file))}", highlight=False)
    if result["failed"]:
        console.print(
            f"[yellow]{result['failed']} fetches failed[/yellow]: SELECT url, status, error FROM fetches "
            f"WHERE run_id = {result['run_id']} AND error IS NOT NULL  ({redact_url(settings.warehouse.url)})"
        )
    if ingest_too:
        with Bar() as bar:
            stats = jobs.ingest_crawled(settings, progress=bar)
        console.print(f"ingest: {stats.seen} pages, {stats.new} new, {stats.updated} updated, {stats.rejected} rejected")
    raise typer.Exit(ExitCode.REJECTED if result["failed"] or result["down"] else ExitCode.OK)


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
    except ValueError as exc:  # an unknown table, query or format
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(ExitCode.USAGE) from exc
    except DBAPIError as exc:  # a query's SQL refused by the database (a write, a typo)
        console.print(f"[red]error:[/red] {escape(read_only_refusal(exc) or str(exc).strip().splitlines()[0])}",
                      highlight=False)
        raise typer.Exit(ExitCode.USAGE) from exc
    console.print(escape(f"exported {n} {what}" + (f" to {out_file}" if out_file else "")), highlight=False)


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


@app.command()
def migrate(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """Create the warehouse or upgrade it to the newest schema (write commands do it too; read
    commands never do, and ask for this when the warehouse is behind)."""
    from pipeline.warehouse import db

    settings = _settings(config, warehouse)
    engine = db.connect(settings.warehouse.url)
    with engine.connect() as conn:
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    console.print(f"warehouse {db.redact_url(settings.warehouse.url)} is at schema revision {revision} (the newest)")


app.add_typer(alerts_cli.app, name="alerts")
app.add_typer(index_cli.app, name="index")
register_research(app)  # views, query, network, report, serve, import
