"""What every `synd` sub-command shares: the exit codes, the --config/--warehouse options,
settings loading, a progress bar, and the one ingest runner of `synd ingest`, `run` and `import`.

One copy, so that the main CLI, `synd alerts` and the researcher commands read settings, report
errors and exit the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from typer._click import Context  # typer 0.29 carries its own click (constraints.txt pins it)
from typer._click.exceptions import UsageError
from typer.core import TyperGroup

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from pipeline import jobs
    from pipeline.config import Settings
    from pipeline.normalise.article import RawRecord


class ExitCode(IntEnum):
    """The one exit-code table of every `synd` command (README, `synd --help`)."""

    OK = 0
    USAGE = 1  # a usage error or missing input: no such file, no warehouse there, a name that matches nothing
    REJECTED = 2  # done, but some records were rejected (or fetches, deliveries failed); the rest is stored
    FATAL = 3  # nothing could be done: bad config, unreachable warehouse, an index built with other parameters


EXIT_CODES_HELP = (
    "Exit codes: 0 ok; 1 usage error or missing input; 2 some records rejected (or fetches or alert "
    "deliveries failed), the rest stored; 3 fatal (bad config, unreachable warehouse)."
)


class SyndGroup(TyperGroup):
    """The `synd` command group: click's usage errors (exit 2 by default, which `synd` uses for
    rejects) exit 1, and a warehouse that cannot be opened is fatal (3) with its message, never a
    traceback. Catching here serves `python -m pipeline.cli` and typer's CliRunner alike."""

    def make_context(self, info_name: str | None, args: list[str], parent: Context | None = None,
                     **extra: Any) -> Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as exc:  # `synd --bogus`
            exc.exit_code = ExitCode.USAGE  # this error's, not the class's
            raise

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:  # a sub-command's arguments or options, an unknown command
            exc.exit_code = ExitCode.USAGE
            raise
        except RuntimeError as exc:
            db = sys.modules.get("pipeline.warehouse.db")  # loaded if it raised a WarehouseError
            if db is None or not isinstance(exc, db.WarehouseError):
                raise
            # a `postgres://` URL, a database to create: the message says what to do
            console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
            raise typer.Exit(ExitCode.FATAL) from exc

def load_light_help() -> None:
    """Load typer's help renderer without the two rich modules it only needs for markdown help
    and pretty tracebacks (rich.markdown with markdown-it, rich.traceback with pygments: most of
    `synd --help`'s time). They load, for real, if ever used: our help is rich markup, not markdown."""
    if "typer.rich_utils" in sys.modules:
        return
    import types

    class Markdown:
        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            from rich.markdown import Markdown as real

            return real(*args, **kwargs)

    class Traceback:
        @classmethod
        def from_exception(cls, *args: Any, **kwargs: Any) -> Any:
            from rich.traceback import Traceback as real

            return real.from_exception(*args, **kwargs)

    stand_ins = {"rich.markdown": Markdown, "rich.traceback": Traceback}
    held = {name: sys.modules.get(name) for name in stand_ins}
    for name, cls in stand_ins.items():
        if held[name] is None:
            mod = types.ModuleType(name)
            setattr(mod, cls.__name__, cls)
            sys.modules[name] = mod
    try:
        import typer.rich_utils  # noqa: F401 - binds the stand-ins
    finally:
        for name in stand_ins:
            if held[name] is None:
                del sys.modules[name]  # a later import loads the real module


console = Console(stderr=True, soft_wrap=True)  # a path or URL in a message is never cut in two
out = Console()

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (default: env SYND_CONFIG).")]
WarehouseOpt = Annotated[
    str | None, typer.Option("--warehouse", help="SQLAlchemy URL (default: env SYND_WAREHOUSE_URL, then config).")
]


def settings_from(config: Path | None, warehouse: str | None) -> Settings:
    """Settings for one command; a bad config file is fatal (3), with the loader's message, which
    names the fix."""
    # here, not at import: `synd --help` never needs pydantic
    from pipeline.config import ConfigError, load_settings

    overrides: dict[str, Any] = {"warehouse": {"url": warehouse}} if warehouse else {}
    try:
        return load_settings(config, overrides=overrides)
    except ConfigError as exc:
        console.print(f"[red]config error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(ExitCode.FATAL) from exc


def existing_warehouse(settings: Settings) -> Engine:
    """The warehouse a read command works on, which must exist: exit 1 with the reason (no file
    there, no such PostgreSQL database, a `postgres://` URL) instead of creating an empty one."""
    from pipeline.warehouse import db

    try:
        return db.existing(settings.warehouse.url)
    except db.WarehouseError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(ExitCode.USAGE) from exc


def reader(settings: Settings) -> Engine:
    """A read-only engine on the existing warehouse (see `db.existing_reader`): read commands
    never write, not even a migration; a warehouse behind the newest one exits 1 naming
    `synd migrate`."""
    from pipeline.warehouse import db

    try:
        return db.existing_reader(settings.warehouse.url)
    except db.WarehouseError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from exc


class Bar:
    """A rich progress bar fed by the jobs' (stage, done, total) callbacks, one line per stage."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=False,
        )
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> Bar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)  # type: ignore[arg-type]

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:  # a stage may name a file or URL: data, never markup
            self.tasks[stage] = self.progress.add_task(escape(stage), total=total or None)
        self.progress.update(self.tasks[stage], completed=done, total=total or None)


# --- the one ingest runner: `synd ingest`, `synd run`, `synd import nela|ccnews|html-dir` -------

SHOWN_SKIPPED = 5


def require_inputs(paths: Iterable[Path]) -> None:
    """Exit 1 naming every input that does not exist, before anything runs or is stored."""
    gone = [str(p) for p in paths if not p.exists()]
    if gone:
        console.print(f"[red]error:[/red] no such file: {escape(', '.join(gone))}", highlight=False)
        raise typer.Exit(ExitCode.USAGE)


def report_skipped(skipped: Sequence[Path], readable: str) -> None:
    """Files in a folder that no reader takes (.txt, .pdf, .png, ...): counted and named, never silent."""
    if not skipped:
        return
    names = ", ".join(str(p) for p in skipped[:SHOWN_SKIPPED])
    more = f" and {len(skipped) - SHOWN_SKIPPED} more" if len(skipped) > SHOWN_SKIPPED else ""
    console.print(f"[yellow]skipped {len(skipped)} file(s)[/yellow] that are not {readable}: {escape(names)}{more}",
                  highlight=False)


def run_ingest(
    settings: Settings,
    make_records: Callable[[Callable[[str, int, int], None]], Iterable[RawRecord]],
    *,
    what: str = "ingest",
) -> jobs.IngestStats:
    """Normalise and store records with a progress bar, then report; ``make_records`` gets the bar
    so a streaming reader can report bytes. A fatal error (the warehouse unreachable, ...) prints
    its cause, no traceback, and exits 3; rejects are listed (first few) with where to find all.
    Everything from the data is escaped: a URL holding ``[/b]`` prints as it is."""
    from pipeline import jobs
    from pipeline.warehouse.db import redact_url

    where = escape(redact_url(settings.warehouse.url))
    try:
        with Bar() as bar:
            stats = jobs.ingest_records(jobs.warehouse(settings), make_records(bar), settings, progress=bar)
    except Exception as exc:  # noqa: BLE001 - bad records are rejects; what reaches here stops the run
        first = (str(exc).strip().splitlines() or [""])[0]
        console.print(f"[red]{what} failed:[/red] {type(exc).__name__}: {escape(first)}", highlight=False)
        console.print(f"  warehouse: {where}; records stored in earlier batches are kept, rerun the same command "
                      "to finish", highlight=False)
        raise typer.Exit(ExitCode.FATAL) from exc
    console.print(f"{what}: {stats.seen} records, {stats.new} new, {stats.updated} updated, "
                  f"{stats.unchanged} unchanged, {stats.rejected} rejected", highlight=False)
    if stats.rejected:
        for line in stats.reject_examples:
            console.print(f"  [yellow]rejected[/yellow] {escape(line)}", highlight=False)
        console.print(
            f"  {stats.rejected} record(s) rejected, every one with its reason in the `rejects` table "
            f"(run {stats.run_id}): `synd export rejects --format csv --out rejects.csv`, or "
            f"SELECT record, reason FROM rejects WHERE run_id = {stats.run_id}  ({where})", highlight=False)
    return stats


def exit_for(stats: jobs.IngestStats) -> typer.Exit:
    """0 when every record was stored, 2 when some were rejected."""
    return typer.Exit(ExitCode.REJECTED if stats.rejected else ExitCode.OK)
