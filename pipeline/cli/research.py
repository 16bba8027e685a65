"""CLI commands for researchers: views and queries, the outlet network, the HTML report, the web
view, and importers for corpora they already hold. Registered on the main `synd` app."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from difflib import get_close_matches
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import typer
from rich.markup import escape
from rich.table import Table

from pipeline.cli import common
from pipeline.cli.common import ConfigOpt, WarehouseOpt

if TYPE_CHECKING:  # every `synd` call loads this module: what a command needs, it imports itself
    from sqlalchemy import Engine

    from pipeline.config import Settings
    from pipeline.normalise.article import RawRecord

Progress = Callable[[str, int, int], None]

views_app = typer.Typer(help="Researcher SQL views (sql/views).", no_args_is_help=True)
import_app = typer.Typer(help="Import corpora: NELA-GT dumps, Common Crawl News WARCs, HTML folders.",
                         no_args_is_help=True)

RelationsOpt = Annotated[
    list[str] | None,
    typer.Option("--relation", help="Also draw these relations (same_wire, common_source; repeatable) beside republication."),
]


def _fail(exc: Exception, code: common.ExitCode = common.ExitCode.USAGE) -> typer.Exit:
    """Print the error (escaped: it may quote data) and the exit to raise: 1, a usage error, unless told."""
    common.console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
    return typer.Exit(code)


@views_app.command("create")
def views_create(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """A write command: (re)create every view in sql/views on the warehouse (SQLite or
    PostgreSQL), syncing outlet groups and migrating it first, so it needs a writable warehouse."""
    from pipeline import jobs
    from pipeline.warehouse.views import create_views

    settings = common.settings_from(config, warehouse)
    engine = common.existing_warehouse(settings)
    try:
        jobs.sync_groups(settings, engine)  # same_group follows the outlets file's groups: as it is now
        names = create_views(engine)
    except (RuntimeError, ValueError) as exc:  # the outlets file's groups:, a view the database refused
        raise _fail(exc, common.ExitCode.FATAL) from exc
    common.console.print(f"created {len(names)} views: {', '.join(names)}")


@views_app.command("list")
def views_list() -> None:
    """The views and example queries, with what each answers."""
    from pipeline.warehouse.views import query_files, view_files

    table = Table("name", "what it answers", title="views (sql/views) and queries (sql/queries)", show_lines=True)
    for f in [*view_files(), *query_files()]:
        table.add_row(f.name, f.comment)
    common.out.print(table)


QUERY_FORMATS = ("table", "csv", "jsonl", "parquet")


def query(
    name: Annotated[str, typer.Argument(help="A query in sql/queries (e.g. who_copies_whom) or a .sql file.")],
    limit: Annotated[int | None, typer.Option(
        help="At most this many rows (default: 50 on the terminal, all into a file).", min=1)] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help="table (the terminal), csv, jsonl or parquet (default: from --out's suffix, else table).")] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help="Write the rows to this file (csv, jsonl, parquet).")] = None,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Run an example query, or a .sql file, read-only (over temporary copies of the views), and
    print or write the rows. A bare NAME is an example query in sql/queries, even if a file of
    that name lies in this folder; a NAME ending in .sql or holding a / (./NAME) is a file."""
    from pipeline.warehouse import db
    from pipeline.warehouse.export import query_records, write
    from pipeline.warehouse.views import resolve_query

    if fmt is None:
        fmt = out_file.suffix.lstrip(".").lower() if out_file is not None else "table"
    if fmt not in QUERY_FORMATS:
        raise _fail(ValueError(f"--format {fmt!r}; choose {', '.join(QUERY_FORMATS)} (or give --out a .csv, .jsonl "
                               "or .parquet name)"))
    if fmt == "table" and out_file is not None:
        raise _fail(ValueError("--format table prints to the terminal; for a file choose csv, jsonl or parquet"))
    if fmt == "parquet" and out_file is None:
        raise _fail(ValueError("--format parquet needs --out FILE"))
    settings = common.settings_from(config, warehouse)
    try:
        _, what = resolve_query(name)
    except ValueError as exc:
        raise _fail(exc) from exc
    engine = common.reader(settings)
    common.console.print(f"running {what}", highlight=False)
    try:
        cols, records = query_records(engine, name, limit=limit or (50 if fmt == "table" else None))
    except (RuntimeError, ValueError) as exc:
        raise _fail(exc) from exc
    except Exception as exc:  # the database refused the SQL: say why, in one line
        refusal = db.read_only_refusal(exc)
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise _fail(ValueError(refusal or f"query {name} failed: {first}")) from exc
    if fmt != "table":
        n = write(cols, records, fmt, out_file)
        common.console.print(f"{n} rows of {name}" + (f" written to {out_file}" if out_file else ""))
        return
    table = Table(*map(escape, cols), title=escape(name))
    for rec in records:
        table.add_row(*("" if v is None else f"{v:.3f}" if isinstance(v, float) else escape(str(v)) for v in rec.values()))
    common.out.print(table)


GRAPH_SUFFIXES = (".gexf", ".graphml", ".png", ".svg")


def network(
    out_files: Annotated[list[Path], typer.Option("--out", help="network.gexf, .graphml, .png or .svg (repeatable).")],
    relations: RelationsOpt = None,
    group_internal: Annotated[bool, typer.Option(
        "--group-internal", help="Also draw sharing between outlets of one publisher group (outlets.yaml groups:).")] = False,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Write the outlet copy network for Gephi (GEXF/GraphML) or as a picture (PNG/SVG), to every --out."""
    from pipeline.report.network import COPY_RELATIONS, draw_graph, outlet_graph, write_graph

    bad = [str(f) for f in out_files if f.suffix.lower() not in GRAPH_SUFFIXES]
    if bad:
        raise _fail(ValueError(f"{', '.join(bad)}: name each --out file {', '.join(GRAPH_SUFFIXES)}"))
    engine = _synced_reader(common.settings_from(config, warehouse))
    try:
        with engine.connect() as conn:
            g = outlet_graph(conn, dict.fromkeys([*COPY_RELATIONS, *(relations or [])]), group_internal=group_internal)
        for out_file in out_files:
            path = draw_graph(g, out_file) if out_file.suffix.lower() in (".png", ".svg") else write_graph(g, out_file)
            common.console.print(f"wrote {path}: {g.number_of_nodes()} outlets, {g.number_of_edges()} copy edges")
    except ValueError as exc:
        raise _fail(exc) from exc


def _synced_reader(settings: Settings) -> Engine:
    """A read-only engine on the existing warehouse, after its publisher groups are brought in
    line with the outlets file: the one write a read command makes, only when they changed, and
    skipped with a warning where the warehouse cannot be written."""
    from rich.markup import escape as rich_escape
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from pipeline import jobs
    from pipeline.sources.outlets import outlet_groups
    from pipeline.warehouse import db, groups

    engine = common.reader(settings)
    try:
        wanted = outlet_groups(settings)
    except ValueError as exc:
        raise _fail(exc, common.ExitCode.FATAL) from exc
    with engine.connect() as conn:
        if groups.current(conn) == wanted:
            return engine
    try:
        jobs.sync_groups(settings, db.engine_for(settings.warehouse.url))
    except (OperationalError, ProgrammingError) as exc:
        first = (str(getattr(exc, "orig", exc)).strip().splitlines() or [""])[0]
        common.console.print("[yellow]warning:[/yellow] "
                             + rich_escape(f"the publisher groups differ from the outlets file but the warehouse "
                                           f"cannot be written here ({first}); showing the groups it holds"),
                             highlight=False)
    return engine


def _check_filters(engine: Engine, outlet: str | None, relation: str | None) -> None:
    """Filters that match nothing are typos: refuse them, naming what would match."""
    from pipeline.report.cases import outlets
    from pipeline.report.network import RELATIONS

    if relation is not None and relation not in RELATIONS:
        raise _fail(ValueError(f"--relation {relation!r} matches nothing; choose one of {', '.join(RELATIONS)}"))
    if outlet is not None:
        with engine.connect() as conn:
            names = outlets(conn)
        if outlet not in names:
            near = [n for n in names if n.lower() == outlet.lower()] or get_close_matches(outlet, names, n=3)
            hint = f"did you mean {' or '.join(repr(n) for n in near)}? " if near else ""
            shown = ", ".join(names[:40]) + (f", … ({len(names)} in all; `synd query` lists them)" if len(names) > 40 else "")
            raise _fail(ValueError(f"--outlet {outlet!r} is no outlet in the warehouse; {hint}outlets: {shown}"))


def report(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for report.html and network.png/.svg.")] = Path(
        "data/report"),
    outlet: Annotated[str | None, typer.Option(help="Only syndications involving this outlet.")] = None,
    relation: Annotated[str | None, typer.Option(help="Only this relation.")] = None,
    since: Annotated[str | None, typer.Option(help="Only copies published on or after YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many syndications side by side.")] = 500,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Write a static HTML report: run summary, outlet network, every syndication side by side."""
    from pipeline.report.cases import Filters
    from pipeline.report.html import write_report

    try:
        filters = Filters(outlet=outlet, relation=relation, date_from=date.fromisoformat(since) if since else None)
    except ValueError as exc:
        raise _fail(ValueError(f"--since {since!r} is not a date; use YYYY-MM-DD")) from exc
    engine = _synced_reader(common.settings_from(config, warehouse))
    _check_filters(engine, outlet, relation)
    with common.Bar() as bar:
        path = write_report(engine, out_dir, filters, limit=limit, progress=bar)
    common.console.print(f"wrote {path} (open it in a browser), {out_dir / 'network.png'}, {out_dir / 'network.svg'}")


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8008,
    allowed_host: Annotated[list[str] | None, typer.Option(
        "--allowed-host", envvar="SYND_SERVE_ALLOWED_HOSTS",
        help="Another name this server may be reached by (besides --host, localhost and the host of "
             "alerts.report_base_url); repeatable, or space-separated in the env var. Other Host headers "
             "are refused (DNS rebinding).")] = None,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Browse syndications side by side and record confirm/reject verdicts (read-only otherwise)."""
    import uvicorn

    from pipeline.warehouse import db
    from pipeline.web.app import create_app

    settings = common.settings_from(config, warehouse)
    common.reader(settings)  # it exists and is current; pages read it read-only
    engine = db.engine_for(settings.warehouse.url)  # for verdicts only, opened at the first one
    public = urlsplit(settings.alerts.report_base_url).hostname if settings.alerts.report_base_url else None
    hosts = [host, *(allowed_host or []), *([public] if public else [])]
    common.console.print(f"serving {engine.url.render_as_string(hide_password=True)} on http://{host}:{port}/ "
                          f"(for Host names localhost, {', '.join(dict.fromkeys(hosts))})")
    uvicorn.run(create_app(engine, allowed_hosts=hosts), host=host, port=port, log_level="info")


def _import(make_records: Callable[[Progress], Iterable[RawRecord]], config: Path | None, warehouse: str | None,
            *, inputs: Iterable[Path] = (), skipped: Iterable[Path] = (), readable: str = "") -> None:
    """An importer on the one runner `synd ingest` uses: missing inputs exit 1 before anything
    runs, skipped files are named, a fatal error exits 3 without a traceback, rejects exit 2."""
    common.require_inputs(inputs)
    settings = common.settings_from(config, warehouse)
    common.report_skipped(list(skipped), readable)
    raise common.exit_for(common.run_ingest(settings, make_records, what="import"))


def _limited(readers: Iterable[Callable[[int | None], Iterable[RawRecord]]], limit: int | None) -> Iterator[RawRecord]:
    """Chain readers, stopping after ``limit`` records in total."""
    left = limit
    for read in readers:
        for rec in read(left):
            yield rec
            if left is not None:
                left -= 1
                if left <= 0:
                    return


LimitOpt = Annotated[int | None, typer.Option("--limit", min=1, help="Stop after this many articles.")]


@import_app.command("nela")
def import_nela(
    paths: Annotated[list[Path], typer.Argument(help="NELA-GT JSON files, SQLite dumps (.db) or folders of them.")],
    limit: LimitOpt = None,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Import NELA-GT-style JSON or SQLite dumps (source → outlet, content → text)."""
    from pipeline.sources.nela import read_nela, skipped_files

    _import(lambda _bar: _limited([partial(read_nela, p) for p in paths], limit), config, warehouse, inputs=paths,
            skipped=[f for p in paths for f in skipped_files(p)], readable="NELA dumps (.json, .jsonl, .db, .sqlite)")


def _local(source: str) -> bool:
    """A CC-NEWS source that is a local path (not an http(s) URL, nor a crawl-data/ path on Common Crawl)."""
    return not source.startswith(("http://", "https://", "crawl-data/"))


@import_app.command("ccnews")
def import_ccnews(
    sources: Annotated[list[str], typer.Argument(help="CC-NEWS .warc.gz paths, http(s) URLs or crawl-data/… paths.")],
    limit: LimitOpt = None,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Stream Common Crawl News WARC files (never downloaded whole); --limit stops early."""
    from pipeline.sources.ccnews import read_ccnews

    def records(bar: Progress) -> Iterator[RawRecord]:
        return _limited([partial(read_ccnews, src, progress=bar) for src in sources], limit)

    _import(records, config, warehouse, inputs=[Path(s) for s in sources if _local(s)])


@import_app.command("html-dir")
def import_html_dir(
    directory: Annotated[Path, typer.Argument(help="Folder of .html/.htm files.")],
    manifest: Annotated[Path | None, typer.Option(help="CSV with file,url,outlet,published (default: DIR/manifest.csv).")] = None,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Import a folder of saved pages; a manifest supplies url, outlet and published per file."""
    from pipeline.sources.html_dir import read_html_dir, skipped_files

    _import(lambda _bar: read_html_dir(directory, manifest), config, warehouse,
            inputs=[directory, *([manifest] if manifest else [])], skipped=skipped_files(directory, manifest),
            readable=".html/.htm pages")


def register(app: typer.Typer) -> None:
    app.add_typer(views_app, name="views")
    app.add_typer(import_app, name="import")
    for fn in (query, network, report, serve):
        app.command()(fn)
