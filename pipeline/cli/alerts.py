"""`synd alerts send|status`: the same `send_pending` the DAG calls, and the ledger made visible."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape

from pipeline.cli.common import Bar, ConfigOpt, ExitCode, WarehouseOpt, console, out, reader
from pipeline.cli.common import settings_from as _settings

if TYPE_CHECKING:  # every `synd` call loads this module: channels (httpx) and the ledger load when used
    from pipeline.config import Settings

app = typer.Typer(help="Alerts on newly detected syndication.", no_args_is_help=True, add_completion=False)


def _when(ts: datetime | None) -> str:
    from pipeline.warehouse import store

    ts = store.aware(ts)
    return ts.isoformat(sep=" ", timespec="seconds") if ts else ""


def digest_hours(settings: Settings | None) -> str:
    hours = sorted({r.digest_hour_utc for r in settings.alerts.rules if r.delivery == "digest"}) if settings else []
    return " or ".join(f"{h:02d}:00 UTC" for h in hours) or "its hour"


def report(counts: dict[str, int], settings: Settings | None = None) -> str:
    """The one line `synd alerts send` and `synd run` print: what went, and why the rest did not."""
    line = (f"alerts: {counts['planned']} new, {counts['sent']} message(s) sent carrying {counts['alerts_sent']} "
            f"alert(s), {counts['failed']} failed")
    if counts["deferred"]:
        line += f", {counts['deferred']} deferred (channel down)"
    if counts["unconfigured"]:
        line += f", {counts['unconfigured']} open for rules/channels no longer configured"
    if counts.get("muted"):
        line += f", {counts['muted']} muted (not sent: `mute` in the config)"
    if counts.get("waiting"):
        line += (f", {counts['waiting']} waiting for the daily digest at {digest_hours(settings)} "
                 "(`synd alerts send --flush-digests` sends them now)")
    if counts["failed"]:
        line += "; failed ones retry with backoff, see `synd alerts status`"
    return line


def mute_lines(settings: Settings) -> list[str]:
    """What receivers muted, as configured (alerts.mute, each rule's mute and mute_rejected)."""
    def one(m: Any) -> str:
        return f"outlet {m.outlet}" if m.outlet else f"{m.source or 'any source'} → {m.copier or 'any copier'}"

    lines = [f"muted for every rule: {one(m)}" for m in settings.alerts.mute]
    for r in settings.alerts.rules:
        lines += [f"muted for rule {r.name}: {one(m)}" for m in r.mute]
        if r.mute_rejected:
            lines.append(f"muted for rule {r.name}: outlet pairs with a `reject` verdict")
    return lines


def state(row: Any, now: datetime, settings: Settings, failing: set[str]) -> str:
    """Why an open alert has not gone yet, in words."""
    from pipeline.warehouse import store

    rule = next((r for r in settings.alerts.rules if r.name == row.rule), None)
    if rule is None or row.channel not in rule.channels:
        return "its rule or channel is no longer configured: not sent until it is again"
    digest_rules = {rule.name: rule.digest_hour_utc} if rule.delivery == "digest" else {}
    at = store.aware(row.next_attempt_at)
    when = at.strftime("%Y-%m-%d %H:%M UTC") if at else "now"
    if row.status == "failed":
        return f"backing off after {row.attempts} failed attempt(s); next try {when}"
    if row.status == "sending":
        if at and at > now:
            return f"being sent (lease until {when})"
        return "send interrupted; retried by the next `synd alerts send`"
    if at and at > now and row.rule in digest_rules:
        return f"waiting for the daily digest at {digest_rules[row.rule]:02d}:00 UTC"
    if row.channel in failing:
        return "queued behind its failing channel"
    return "due: goes with the next `synd alerts send`"


@app.command()
def send(
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
    flush_digests: Annotated[bool, typer.Option("--flush-digests", help="Send digests now, not at their hour.")] = False,
) -> None:
    """Announce newly detected syndication; exit 2 when a delivery failed (it stays queued for retry)."""
    from rich.logging import RichHandler

    from pipeline.alerts.send import send_pending

    settings = _settings(config, warehouse)
    if not settings.alerts.rules:
        console.print("alerts: no rules configured (add an `alerts:` section to your config file)")
        return
    log = logging.getLogger("synd.alerts")  # our lines only; secrets are redacted before logging
    log.setLevel(logging.INFO)
    log.addHandler(RichHandler(console=console, show_path=False))
    with Bar() as bar:
        counts = send_pending(settings, flush_digests=flush_digests, progress=bar)
    console.print(report(counts, settings))
    raise typer.Exit(ExitCode.REJECTED if counts["failed"] else ExitCode.OK)


@app.command()
def status(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """Ledger counts per rule, channel and status, then every undelivered alert with its last error.
    A read: it never writes or migrates, so it works on a read-only warehouse."""
    from rich.table import Table

    from pipeline.alerts import ledger
    from pipeline.alerts.channels import open_sender
    from pipeline.alerts.secrets import redact
    from pipeline.warehouse import store

    settings = _settings(config, warehouse)
    secrets: list[str] = []
    dest: dict[str, str] = {}
    for ch in settings.alerts.channels:
        try:
            sender = open_sender(ch)
            secrets += sender.secrets
            dest[ch.name] = escape(sender.describe())
        except Exception as exc:  # show every channel's state, even a broken one
            dest[ch.name] = f"[red]not usable:[/red] {escape(redact(str(exc)))}"
    engine = reader(settings)
    now = store.now()
    with engine.connect() as conn:
        totals = ledger.counts(conn)
        rows = ledger.open_rows(conn)
    table = Table(title="Alert ledger")
    for col in ("rule", "channel", "destination", "status", "alerts"):
        table.add_column(col)
    for r in totals:
        table.add_row(escape(r.rule), escape(r.channel), dest.get(r.channel, "(not configured)"), r.status, str(r.n))
    out.print(table)
    for line in mute_lines(settings):
        out.print(line, highlight=False, markup=False)
    failing: dict[str, Any] = {}
    for r in rows:
        if r.status == "failed":
            failing.setdefault(r.channel, r)  # rows come failures first
    for name, r in failing.items():
        out.print(f"[red]channel {escape(name)} is backing off[/red]: {r.attempts} failed attempt(s), next try "
                  f"{_when(r.next_attempt_at)}; last error: {escape(redact(r.last_error or '', secrets))}", highlight=False)
    if rows:
        # lines, not a table: a folded 80-column table cuts every state in pieces
        out.print("[bold]Undelivered[/bold] (retried with backoff, never dropped):")
        for r in rows:
            error = redact(r.last_error or "", secrets)
            out.print(f"  #{r.syndication_id} rule {r.rule} → {r.channel}: {state(r, now, settings, set(failing))}"
                      + (f" ({error})" if error and r.status != "failed" else ""), highlight=False, markup=False)
    else:
        out.print("no undelivered alerts")
