"""The alert ledger: one row per (rule, channel, syndication), the single source of truth for
what was announced. Delivery is claim → send → mark:

* plan: insert a ``pending`` row per newly matching syndication (insert-if-absent on the stable
  ``alert_id``, so reruns and concurrent runs never plan twice);
* claim: a conditional UPDATE moves a due row to ``sending`` and sets ``next_attempt_at`` to now +
  lease; only one process wins it;
* mark: ``sent`` after the receiver accepted it, or ``failed`` with the error and a backed-off
  ``next_attempt_at``. Failed rows stay due forever; nothing is dropped.

A crash between send and mark leaves the row ``sending``; once its lease expires it is due again
and is redelivered with the same ``alert_id``. That is the one possible duplicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update

from pipeline.warehouse import store
from pipeline.warehouse.schema import alert_ledger

OPEN = ("pending", "sending", "failed")


def _insert(conn: Connection) -> Any:
    name = conn.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(alert_ledger)
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(alert_ledger)
    return None


def plan(conn: Connection, rows: Sequence[dict[str, Any]]) -> int:
    """Insert ledger rows that do not exist yet; an existing row only gets its syndication re-linked."""
    if not rows:
        return 0
    stmt = _insert(conn)
    if stmt is None:  # other backends: check first, then insert (the primary key still guards)
        have = {r.alert_id for r in conn.execute(select(alert_ledger.c.alert_id).where(
            alert_ledger.c.alert_id.in_([r["alert_id"] for r in rows])))}
        fresh = [r for r in rows if r["alert_id"] not in have]
        if fresh:
            conn.execute(insert(alert_ledger), fresh)
        return len(fresh)
    before = conn.execute(select(func.count()).select_from(alert_ledger)).scalar_one()
    for part in store.chunks(list(rows), 200):
        ins = stmt.values(list(part))
        conn.execute(
            ins.on_conflict_do_update(
                index_elements=[alert_ledger.c.alert_id],
                set_={"syndication_id": ins.excluded.syndication_id},
            )
        )
    after = conn.execute(select(func.count()).select_from(alert_ledger)).scalar_one()
    return int(after - before)


def due(conn: Connection, now: datetime, *, include_future_digests: Sequence[str] = ()) -> list[Any]:
    """Open rows whose time has come (or any open row of the named digest rules), oldest first."""
    when = alert_ledger.c.next_attempt_at <= now
    if include_future_digests:
        when = when | alert_ledger.c.rule.in_(list(include_future_digests))
    q = (
        select(alert_ledger.c.alert_id, alert_ledger.c.rule, alert_ledger.c.channel, alert_ledger.c.status)
        .where(alert_ledger.c.status.in_(OPEN), when)
        .order_by(alert_ledger.c.next_attempt_at, alert_ledger.c.syndication_id, alert_ledger.c.alert_id)
    )
    return list(conn.execute(q))


def claim(conn: Connection, alert_id: str, now: datetime, lease: float, *, force: bool = False) -> bool:
    """Take one row for sending; False when another process holds it or it is not due."""
    cond = and_(alert_ledger.c.alert_id == alert_id, alert_ledger.c.status.in_(OPEN))
    if not force:
        cond = and_(cond, alert_ledger.c.next_attempt_at <= now)
    else:  # digest flush: still never steal a live claim
        cond = and_(cond, (alert_ledger.c.status != "sending") | (alert_ledger.c.next_attempt_at <= now))
    res = conn.execute(
        update(alert_ledger)
        .where(cond)
        .values(status="sending", attempts=alert_ledger.c.attempts + 1, next_attempt_at=now + timedelta(seconds=lease))
    )
    return res.rowcount == 1


def payloads(conn: Connection, alert_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for part in store.chunks(list(alert_ids)):
        for r in conn.execute(
            select(alert_ledger.c.alert_id, alert_ledger.c.payload).where(alert_ledger.c.alert_id.in_(part))
        ):
            out[r.alert_id] = r.payload
    return out


def mark_sent(conn: Connection, alert_ids: Sequence[str], now: datetime) -> None:
    for part in store.chunks(list(alert_ids)):
        conn.execute(
            update(alert_ledger)
            .where(alert_ledger.c.alert_id.in_(part), alert_ledger.c.status == "sending")
            .values(status="sent", sent_at=now, last_error=None, next_attempt_at=None)
        )


def backoff(attempts: int, initial: float, cap: float) -> float:
    return float(min(cap, initial * 2 ** max(0, attempts - 1)))


def mark_failed(
    conn: Connection, alert_ids: Sequence[str], now: datetime, error: str, *, initial: float, cap: float
) -> None:
    for r in conn.execute(
        select(alert_ledger.c.alert_id, alert_ledger.c.attempts).where(alert_ledger.c.alert_id.in_(list(alert_ids)))
    ):
        conn.execute(
            update(alert_ledger)
            .where(alert_ledger.c.alert_id == r.alert_id, alert_ledger.c.status == "sending")
            .values(
                status="failed",
                last_error=error[:2000],
                next_attempt_at=now + timedelta(seconds=backoff(r.attempts, initial, cap)),
            )
        )


def counts(conn: Connection) -> list[Any]:
    q = (
        select(alert_ledger.c.rule, alert_ledger.c.channel, alert_ledger.c.status, func.count().label("n"))
        .group_by(alert_ledger.c.rule, alert_ledger.c.channel, alert_ledger.c.status)
        .order_by(alert_ledger.c.rule, alert_ledger.c.channel, alert_ledger.c.status)
    )
    return list(conn.execute(q))


def open_rows(conn: Connection, limit: int = 50) -> list[Any]:
    """Undelivered rows, failures first: what `synd alerts status` surfaces."""
    q = (
        select(
            alert_ledger.c.alert_id,
            alert_ledger.c.rule,
            alert_ledger.c.channel,
            alert_ledger.c.syndication_id,
            alert_ledger.c.status,
            alert_ledger.c.attempts,
            alert_ledger.c.last_error,
            alert_ledger.c.next_attempt_at,
        )
        .where(alert_ledger.c.status.in_(OPEN))
        .order_by((alert_ledger.c.status == "pending"), alert_ledger.c.next_attempt_at)
        .limit(limit)
    )
    return list(conn.execute(q))


def waiting(conn: Connection, now: datetime, rules: Sequence[str]) -> int:
    """Pending rows of the named (digest) rules whose time has not come: they wait for the hour."""
    if not rules:
        return 0
    q = select(func.count()).select_from(alert_ledger).where(
        alert_ledger.c.status == "pending", alert_ledger.c.next_attempt_at > now, alert_ledger.c.rule.in_(list(rules)))
    return int(conn.execute(q).scalar_one())
