"""What every `synd` sub-command shares: the --config/--warehouse options, settings loading and a progress bar.

One copy, so that the main CLI, `synd alerts` and the researcher commands read settings the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from pipeline.config import Settings

console = Console(stderr=True, soft_wrap=True)  # a path or URL in a message is never cut in two
out = Console()

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (default: env SYND_CONFIG).")]
WarehouseOpt = Annotated[
    str | None, typer.Option("--warehouse", help="SQLAlchemy URL (default: env SYND_WAREHOUSE_URL, then config).")
]


def settings_from(config: Path | None, warehouse: str | None, *, fatal_code: int = 2) -> Settings:
    """Settings for one command; a bad config file exits ``fatal_code`` (2; `synd ingest` uses 3)
    with the loader's message, which names the fix."""
    # here, not at import: `synd --help` never needs pydantic
    from pipeline.config import ConfigError, load_settings

    overrides: dict[str, Any] = {"warehouse": {"url": warehouse}} if warehouse else {}
    try:
        return load_settings(config, overrides=overrides)
    except ConfigError as exc:
        console.print(f"[red]config error:[/red] {exc}")
        raise typer.Exit(fatal_code) from exc


def existing_warehouse(settings: Settings) -> Engine:
    """The warehouse a read command works on, which must exist: exit 1 with the reason (no file
    there, no such PostgreSQL database, a `postgres://` URL) instead of creating an empty one."""
    from pipeline.warehouse import db

    try:
        return db.existing(settings.warehouse.url)
    except db.WarehouseError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from exc


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
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total or None)
        self.progress.update(self.tasks[stage], completed=done, total=total or None)
