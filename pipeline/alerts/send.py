"""`send_pending`: the one entry point `synd alerts send`, `synd run` and the Airflow alert DAG call.

Plans ledger rows for newly matching syndications, then delivers every due row (immediate rules
one message per syndication, digest rules one message per rule and channel at the digest hour).
Returns small counts so a DAG task can pass them through XCom.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from pipeline.alerts import ledger, message, rules
from pipeline.alerts.channels import DeliveryError, Outgoing, Sender, open_sender
from pipeline.alerts.secrets import ConnResolver, redact
from pipeline.config import AlertRule, Settings
from pipeline.warehouse import db, store

log = logging.getLogger("synd.alerts")
Progress = Callable[[str, int, int], None]
DIGEST_MAX_ALERTS = 50


@dataclass
class SendCounts:
    planned: int = 0  # new ledger rows this run
    sent: int = 0  # messages accepted by receivers (a digest counts once)
    alerts_sent: int = 0  # syndication alerts those messages carried
    failed: int = 0  # messages that failed; their rows retry with backoff
    deferred: int = 0  # due rows left for later: their channel is down this run
    unconfigured: int = 0  # open rows whose rule or channel is no longer configured
    muted: int = 0  # planned alerts closed unsent because a receiver muted their outlet or pair
    waiting: int = 0  # digest alerts waiting for their rule's digest hour

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def next_digest(after: datetime, hour: int) -> datetime:
    at = after.replace(hour=hour, minute=0, second=0, microsecond=0)
    return at if at > after else at + timedelta(days=1)


def plan_alerts(engine: Engine, settings: Settings, now: datetime) -> tuple[int, int]:
    """Insert a pending ledger row per (rule, channel, newly matching, unmuted syndication), and
    close open rows muted since they were planned; returns (planned, muted)."""
    cfg = settings.alerts
    planned = muted = 0
    with engine.begin() as conn:
        for rule in cfg.rules:
            muted += rules.mute_open(conn, rule, cfg.mute)
            for channel in rule.channels:
                found = rules.unannounced(conn, rule, channel, cfg.mute)
                if not found:
                    continue
                firsts = rules.first_passages(conn, [r.syndication_id for r in found])
                when = now if rule.delivery == "immediate" else next_digest(now, rule.digest_hour_utc)
                rows = []
                for r in found:
                    payload = message.build_payload(
                        r, firsts.get(r.syndication_id, ""), rule=rule.name, channel=channel,
                        base_url=cfg.report_base_url,
                    )
                    rows.append({
                        "alert_id": payload["alert_id"], "syndication_id": r.syndication_id, "rule": rule.name,
                        "channel": channel, "status": "pending", "attempts": 0, "next_attempt_at": when,
                        "created_at": now, "payload": payload,
                    })
                planned += ledger.plan(conn, rows)
    return planned, muted


def _outgoing(rule: AlertRule, items: list[dict[str, Any]]) -> Outgoing:
    if rule.delivery == "immediate":
        p = items[0]
        return Outgoing(key=p["alert_id"], subject=message.headline(p), sections=[message.render_details(p)], body=p)
    key = message.digest_id([p["alert_id"] for p in items])
    body = {"alert_id": key, "idempotency_key": key, "digest": True, "rule": rule.name,
            "channel": items[0]["channel"], "alerts": items}
    return Outgoing(key=key, subject=message.digest_subject(rule.name, len(items)),
                    sections=[message.render_text(p) for p in items], body=body)


def send_pending(
    settings: Settings,
    *,
    now: datetime | None = None,
    resolve_conn: ConnResolver | None = None,
    flush_digests: bool = False,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Plan new alerts and deliver every due one; safe to run concurrently and to rerun after a crash."""
    cfg = settings.alerts
    counts = SendCounts()
    if not cfg.rules:
        return counts.as_dict()
    engine = db.connect(settings.warehouse.url)
    t0 = now or store.now()
    with engine.begin() as conn:
        run_id = store.start_run(conn, "alerts", params={"rules": [r.name for r in cfg.rules]})
    counts.planned, counts.muted = plan_alerts(engine, settings, t0)

    rule_by_name = {r.name: r for r in cfg.rules}
    channel_names = {c.name for c in cfg.channels}
    digests = [r.name for r in cfg.rules if r.delivery == "digest"] if flush_digests else []
    with engine.connect() as conn:
        due = ledger.due(conn, t0, include_future_digests=digests)
    units: list[tuple[AlertRule, str, list[str]]] = []  # (rule, channel, alert ids) per message
    groups: dict[tuple[str, str], list[str]] = {}
    for row in due:
        rule = rule_by_name.get(row.rule)
        if rule is None or row.channel not in channel_names or row.channel not in rule.channels:
            counts.unconfigured += 1
            continue
        if rule.delivery == "immediate":
            units.append((rule, row.channel, [row.alert_id]))
        else:
            groups.setdefault((rule.name, row.channel), []).append(row.alert_id)
    for (r, ch), ids in groups.items():  # bounded digests: SNS caps a message at 256 KB, Slack sooner
        units += [(rule_by_name[r], ch, list(part)) for part in store.chunks(ids, DIGEST_MAX_ALERTS)]

    senders: dict[str, Sender | Exception] = {}
    down: set[str] = set()
    for i, (rule, channel, ids) in enumerate(units):
        if progress:
            progress("alerts", i, len(units))
        if channel in down:
            counts.deferred += len(ids)
            continue
        if channel not in senders:
            try:
                senders[channel] = open_sender(cfg.channel(channel), resolve_conn)
            except Exception as exc:  # a bad channel must not stop the others; its alerts stay queued
                senders[channel] = exc
        sender = senders[channel]
        now_i = now or store.now()
        with engine.begin() as conn:
            force = rule.name in digests
            mine = [a for a in ids if ledger.claim(conn, a, now_i, cfg.lease_seconds, force=force)]
        if not mine:
            continue
        with engine.connect() as conn:
            stored = ledger.payloads(conn, mine)
        items = [stored[a] for a in mine]
        try:
            if isinstance(sender, Exception):
                raise DeliveryError(f"channel not usable: {sender}")
            out = _outgoing(rule, items)
            sender.send(out)
        except Exception as exc:  # whatever broke, the alert is marked failed and retried, never lost
            secrets = [] if isinstance(sender, Exception) else sender.secrets
            error = redact(str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}", secrets)
            with engine.begin() as conn:
                ledger.mark_failed(conn, mine, now or store.now(), error,
                                   initial=cfg.backoff_initial_seconds, cap=cfg.backoff_max_seconds)
            counts.failed += 1
            down.add(channel)
            log.warning("alert %s via %s failed (will retry with backoff): %s", mine[0][:12], channel, error)
            continue
        with engine.begin() as conn:
            ledger.mark_sent(conn, mine, now or store.now())
        counts.sent += 1
        counts.alerts_sent += len(mine)
        log.info("alert %s sent via %s (%s)", out.key[:12], channel, sender.describe())
    if progress:
        progress("alerts", len(units), len(units))
    with engine.connect() as conn:
        counts.waiting = ledger.waiting(conn, now or store.now(), [r.name for r in cfg.rules if r.delivery == "digest"])
    with engine.begin() as conn:
        store.finish_run(conn, run_id, counts.as_dict(), status="ok" if not counts.failed else "partial")
    return counts.as_dict()
