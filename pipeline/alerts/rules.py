"""Rules select syndications: watched outlets (either side, as source, as copier), relations,
minimum copied fraction, unattributed only. Selection is SQL so it scales with the warehouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, exists, false, func, or_, select, update
from sqlalchemy.orm import aliased

from pipeline.alerts import message
from pipeline.config import AlertRule, Mute
from pipeline.warehouse import store
from pipeline.warehouse.schema import alert_ledger, articles, passages, syndications, verdicts


def _in(col: Any, names: list[str]) -> ColumnElement[bool]:
    return func.lower(col).in_([n.lower() for n in names])


def muted(rule: AlertRule, mutes: Sequence[Mute], src: Any, cp: Any) -> ColumnElement[bool] | None:
    """The syndications a receiver muted (rule and global ``mute`` entries, and with
    ``mute_rejected`` the outlet pairs with a `reject` verdict), or None when nothing is muted."""
    conds: list[ColumnElement[bool]] = []
    for m in [*mutes, *rule.mute]:
        if m.outlet:
            conds.append(or_(_in(src.c.outlet, [m.outlet]), _in(cp.c.outlet, [m.outlet])))
        else:
            conds.append(and_(*([_in(src.c.outlet, [m.source])] if m.source else []),
                              *([_in(cp.c.outlet, [m.copier])] if m.copier else [])))
    if rule.mute_rejected:
        a2, b2 = aliased(articles), aliased(articles)  # verdicts name their pair by URL (they outlive re-detection)
        conds.append(exists().where(
            verdicts.c.verdict == "reject", a2.c.url == verdicts.c.source_url, b2.c.url == verdicts.c.copy_url,
            func.lower(a2.c.outlet) == func.lower(src.c.outlet), func.lower(b2.c.outlet) == func.lower(cp.c.outlet),
        ))
    return or_(*conds) if conds else None


def mute_open(conn: Connection, rule: AlertRule, mutes: Sequence[Mute]) -> int:
    """Close the rule's not-yet-sent ledger rows that are muted now (status ``muted``): a mute
    added after an alert was planned (a digest waiting for its hour, a channel backing off)
    still keeps it from going out."""
    src, cp = aliased(articles), aliased(articles)
    cond = muted(rule, mutes, src, cp)
    if cond is None:
        return 0
    ids = select(syndications.c.syndication_id).join(src, src.c.article_id == syndications.c.source_id).join(
        cp, cp.c.article_id == syndications.c.copy_id).where(cond)
    res = conn.execute(
        update(alert_ledger)
        .where(alert_ledger.c.rule == rule.name, alert_ledger.c.status.in_(("pending", "failed")),
               alert_ledger.c.syndication_id.in_(ids))
        .values(status="muted", next_attempt_at=None)
    )
    return int(res.rowcount or 0)


def unannounced(conn: Connection, rule: AlertRule, channel: str, mutes: Sequence[Mute] = ()) -> list[Any]:
    """Syndications matching ``rule`` with no ledger row yet for (rule, channel), oldest first;
    muted ones are skipped."""
    src, cp = aliased(articles), aliased(articles)
    conds: list[ColumnElement[bool]] = [syndications.c.copied_fraction >= rule.min_copied_fraction]
    if rule.outlets:
        conds.append(or_(_in(src.c.outlet, rule.outlets), _in(cp.c.outlet, rule.outlets)))
    if rule.source_outlets:
        conds.append(_in(src.c.outlet, rule.source_outlets))
    if rule.copier_outlets:
        conds.append(_in(cp.c.outlet, rule.copier_outlets))
    if rule.relations:
        conds.append(syndications.c.relation.in_(rule.relations))
    if rule.unattributed_only:
        conds.append(syndications.c.attributed == false())
    if rule.since is not None:
        conds.append(syndications.c.detected_at >= rule.since)
    if not rule.group_internal:  # titles of one owner sharing copy is not news to a receiver
        conds.append(syndications.c.same_group == false())
    mute = muted(rule, mutes, src, cp)
    if mute is not None:
        conds.append(~mute)
    seen = exists().where(
        and_(
            alert_ledger.c.syndication_id == syndications.c.syndication_id,
            alert_ledger.c.rule == rule.name,
            alert_ledger.c.channel == channel,
        )
    )
    q = (
        select(
            syndications,
            src.c.outlet.label("s_outlet"),
            src.c.title.label("s_title"),
            src.c.url.label("s_url"),
            src.c.published.label("s_published"),
            cp.c.outlet.label("c_outlet"),
            cp.c.title.label("c_title"),
            cp.c.url.label("c_url"),
            cp.c.published.label("c_published"),
        )
        .join(src, src.c.article_id == syndications.c.source_id)
        .join(cp, cp.c.article_id == syndications.c.copy_id)
        .where(and_(*conds), ~seen)
        .order_by(syndications.c.syndication_id)
    )
    return list(conn.execute(q))


def first_passages(conn: Connection, ids: Sequence[int]) -> dict[int, str]:
    """The first copied passage (in copy order) of each syndication, as a message excerpt: "…"
    in front when it starts inside a sentence of the copy (judged from the copy's body)."""
    out: dict[int, str] = {}
    for part in store.chunks(list(ids)):
        q = (
            select(passages.c.syndication_id, passages.c.text, passages.c.copy_start)
            .where(passages.c.syndication_id.in_(part), passages.c.kind == "copied")
            .order_by(passages.c.syndication_id, passages.c.copy_start, passages.c.seq)
        )
        first: dict[int, Any] = {}
        for r in conn.execute(q):
            first.setdefault(r.syndication_id, r)
        if not first:
            continue
        bodies = dict(conn.execute(
            select(syndications.c.syndication_id, articles.c.body)
            .join(articles, articles.c.article_id == syndications.c.copy_id)
            .where(syndications.c.syndication_id.in_(list(first)))
        ).tuples().all())
        for sid, r in first.items():
            before = (bodies.get(sid) or "")[: r.copy_start]
            out[sid] = message.excerpt(r.text, message.starts_mid_sentence(before, r.text))
    return out
