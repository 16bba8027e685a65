"""`synd alerts send|status`: the same `send_pending` the DAG calls, and the ledger made visible."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated

import typer
from rich.logging import RichHandler
from rich.table import Table

from pipeline.alerts import ledger
from pipeline.alerts.channels import open_sender
from pipeline.alerts.secrets import redact
from pipeline.alerts.send import send_pending
from pipeline.cliutil import Bar, ConfigOpt, WarehouseOpt, console, out
from pipeline.cliutil import settings_from as _settings
from pipeline.warehouse import db, store

app = typer.Typer(help="Alerts on newly detected syndication.", no_args_is_help=True, add_completion=False)


def _when(ts: datetime | None) -> str:
    ts = store.aware(ts)
    return ts.isoformat(sep=" ", timespec="seconds") if ts else ""


def report(counts: dict[str, int]) -> str:
    line = (f"alerts: {counts['planned']} new, {counts['sent']} message(s) sent carrying {counts['alerts_sent']} "
            f"alert(s), {counts['failed']} failed")
    if counts["deferred"]:
        line += f", {counts['deferred']} deferred (channel down)"
    if counts["unconfigured"]:
        line += f", {counts['unconfigured']} open for rules/channels no longer configured"
    if counts["failed"]:
        line += "; failed ones retry with backoff, see `synd alerts status`"
    return line


@app.command()
def send(
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
    flush_digests: Annotated[bool, typer.Option("--flush-digests", help="Send digests now, not at their hour.")] = False,
) -> None:
    """Announce newly detected syndication; exit 1 when a delivery failed (it stays queued for retry)."""
    settings = _settings(config, warehouse)
    if not settings.alerts.rules:
        console.print("alerts: no rules configured (add an `alerts:` section to your config file)")
        return
    log = logging.getLogger("synd.alerts")  # our lines only; secrets are redacted before logging
    log.setLevel(logging.INFO)
    log.addHandler(RichHandler(console=console, show_path=False))
    with Bar() as bar:
        counts = send_pending(settings, flush_digests=flush_digests, progress=bar)
    console.print(report(counts))
    raise typer.Exit(1 if counts["failed"] else 0)


@app.command()
def status(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """Ledger counts per rule, channel and status, then every undelivered alert with its last error."""
    settings = _settings(config, warehouse)
    secrets: list[str] = []
    dest: dict[str, str] = {}
    for ch in settings.alerts.channels:
        try:
            sender = open_sender(ch)
            secrets += sender.secrets
            dest[ch.name] = sender.describe()
        except Exception as exc:  # show every channel's state, even a broken one
            dest[ch.name] = f"[red]not usable:[/red] {redact(str(exc))}"
    engine = db.connect(settings.warehouse.url)
    with engine.connect() as conn:
        totals = ledger.counts(conn)
        rows = ledger.open_rows(conn)
    table = Table(title="Alert ledger")
    for col in ("rule", "channel", "destination", "status", "alerts"):
        table.add_column(col)
    for r in totals:
        table.add_row(r.rule, r.channel, dest.get(r.channel, "(not configured)"), r.status, str(r.n))
    out.print(table)
    if rows:
        t = Table(title="Undelivered (retried with backoff, never dropped)")
        for col in ("alert_id", "rule", "channel", "syndication", "status", "attempts", "next attempt", "last error"):
            t.add_column(col, overflow="fold")
        for r in rows:
            t.add_row(r.alert_id[:12], r.rule, r.channel, str(r.syndication_id), r.status, str(r.attempts),
                      _when(r.next_attempt_at), redact(r.last_error or "", secrets))
        out.print(t)
    else:
        out.print("no undelivered alerts")
