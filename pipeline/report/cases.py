"""Syndication cases as a researcher views them: a filtered list, and one case side by side.

Both the static report and the web view render these, so what a researcher confirms in the
browser is exactly what the report shows. Text stays plain text here; templates escape it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, and_, case, func, or_, select
from sqlalchemy.orm import aliased

from pipeline.warehouse.schema import articles, passages, syndications, verdicts
from pipeline.warehouse.store import aware

VERDICTS = ("confirm", "reject")


@dataclass
class Segment:
    """A stretch of one body: ``kind`` is copied, added, edited, removed, boilerplate or plain."""

    start: int
    end: int
    text: str
    kind: str
    passage_id: int | None = None


@dataclass
class Case:
    syndication: dict[str, Any]
    source: dict[str, Any]
    copy: dict[str, Any]
    source_segments: list[Segment]
    copy_segments: list[Segment]
    verdicts: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Filters:
    outlet: str | None = None  # source or copy outlet
    date_from: date | None = None  # copy published on or after (UTC day)
    date_to: date | None = None  # copy published on or before (UTC day)
    relation: str | None = None
    attributed: bool | None = None
    verdict: str | None = None  # confirm | reject | none (no verdict yet)


def safe_href(url: str | None) -> str | None:
    """Only http(s) URLs become links, so a javascript: or data: URL in the warehouse stays inert."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def segments(body: str, spans: list[tuple[int, int, str, int | None]]) -> list[Segment]:
    """Cut ``body`` into consecutive segments; spans not covered are ``plain``; overlaps are clipped."""
    out: list[Segment] = []
    pos = 0
    for start, end, kind, pid in sorted(spans, key=lambda s: (s[0], s[1])):
        start, end = max(start, pos), min(end, len(body))
        if end <= start:
            continue
        if start > pos:
            out.append(Segment(pos, start, body[pos:start], "plain"))
        out.append(Segment(start, end, body[start:end], kind, pid))
        pos = end
    if pos < len(body):
        out.append(Segment(pos, len(body), body[pos:], "plain"))
    return out


def _article(row: Any, prefix: str) -> dict[str, Any]:
    url = getattr(row, f"{prefix}_url")
    return {
        "article_id": getattr(row, f"{prefix}_id"),
        "url": url,
        "href": safe_href(url),
        "outlet": getattr(row, f"{prefix}_outlet"),
        "title": getattr(row, f"{prefix}_title"),
        "published": aware(getattr(row, f"{prefix}_published")),
    }


def pair_verdicts(src: Any, cp: Any) -> Any:
    """Verdicts on the pair of articles ``src`` and ``cp``, in either order: keyed on URLs, they
    outlive re-detection, which replaces syndication rows and may flip an unknown direction."""
    return or_(and_(verdicts.c.source_url == src.c.url, verdicts.c.copy_url == cp.c.url),
               and_(verdicts.c.source_url == cp.c.url, verdicts.c.copy_url == src.c.url))


def verdict_fresh(src: Any, cp: Any) -> Any:
    """True when both bodies are still the ones the verdict judged."""
    return or_(
        and_(verdicts.c.source_url == src.c.url, verdicts.c.source_hash == src.c.body_hash,
             verdicts.c.copy_hash == cp.c.body_hash),
        and_(verdicts.c.source_url == cp.c.url, verdicts.c.source_hash == cp.c.body_hash,
             verdicts.c.copy_hash == src.c.body_hash),
    )


def _base_query() -> Any:
    src, cp = aliased(articles), aliased(articles)
    newest = (verdicts.c.at.desc(), verdicts.c.verdict_id.desc())
    latest = select(verdicts.c.verdict).where(pair_verdicts(src, cp)).order_by(*newest).limit(1).scalar_subquery()
    latest_stale = (
        select(case((verdict_fresh(src, cp), False), else_=True))
        .where(pair_verdicts(src, cp)).order_by(*newest).limit(1).scalar_subquery()
    )
    q = (
        select(
            syndications,
            src.c.url.label("s_url"), src.c.outlet.label("s_outlet"), src.c.title.label("s_title"),
            src.c.published.label("s_published"), src.c.article_id.label("s_id"),
            cp.c.url.label("c_url"), cp.c.outlet.label("c_outlet"), cp.c.title.label("c_title"),
            cp.c.published.label("c_published"), cp.c.article_id.label("c_id"),
            latest.label("verdict"), latest_stale.label("verdict_stale"),
        )
        .join(src, src.c.article_id == syndications.c.source_id)
        .join(cp, cp.c.article_id == syndications.c.copy_id)
    )
    return q, src, cp, latest


def _row_dict(r: Any) -> dict[str, Any]:
    return {
        "syndication_id": r.syndication_id,
        "relation": r.relation,
        "direction": r.direction,
        "direction_evidence": r.direction_evidence,
        "confidence": r.confidence,
        "attributed": bool(r.attributed),
        "attribution_evidence": r.attribution_evidence,
        "wire_source": r.wire_source,
        "same_group": bool(r.same_group),
        "group_name": r.group_name,
        "copied_chars": r.copied_chars,
        "added_chars": r.added_chars,
        "removed_chars": r.removed_chars,
        "copied_fraction": r.copied_fraction,
        "source_coverage": r.source_coverage,
        "algo_version": r.algo_version,
        "verdict": r.verdict,
        "verdict_stale": bool(r.verdict_stale),  # the texts changed since the latest verdict
        "source": _article(r, "s"),
        "copy": _article(r, "c"),
    }


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=UTC)


def list_cases(conn: Connection, filters: Filters | None = None, limit: int = 200, offset: int = 0
               ) -> list[dict[str, Any]]:
    """Syndications matching the filters, newest copy first."""
    f = filters or Filters()
    q, src, cp, latest = _base_query()
    cond = []
    if f.outlet:
        cond.append((src.c.outlet == f.outlet) | (cp.c.outlet == f.outlet))
    if f.date_from:
        cond.append(cp.c.published >= _day_start(f.date_from))
    if f.date_to and f.date_to < date.max:  # up to 9999-12-31 is no bound (and its next day overflows)
        cond.append(cp.c.published < _day_start(f.date_to + timedelta(days=1)))
    if f.relation:
        cond.append(syndications.c.relation == f.relation)
    if f.attributed is not None:
        cond.append(syndications.c.attributed.is_(f.attributed))
    if f.verdict == "none":
        cond.append(latest.is_(None))
    elif f.verdict:
        cond.append(latest == f.verdict)
    if cond:
        q = q.where(and_(*cond))
    q = q.order_by(cp.c.published.desc().nulls_last(), syndications.c.syndication_id).limit(limit).offset(offset)
    return [_row_dict(r) for r in conn.execute(q)]


def outlets(conn: Connection) -> list[str]:
    return [r[0] for r in conn.execute(select(articles.c.outlet).distinct().order_by(articles.c.outlet))]


def relation_counts(conn: Connection) -> dict[str, int]:
    q = select(syndications.c.relation, func.count()).group_by(syndications.c.relation)
    return {r[0]: int(r[1]) for r in conn.execute(q)}


def load_case(conn: Connection, syndication_id: int) -> Case | None:
    q, *_ = _base_query()
    r = conn.execute(q.where(syndications.c.syndication_id == syndication_id)).first()
    if r is None:
        return None
    syn = _row_dict(r)
    bodies = dict(conn.execute(
        select(articles.c.article_id, articles.c.body).where(articles.c.article_id.in_([r.source_id, r.copy_id]))
    ).tuples().all())
    src_spans: list[tuple[int, int, str, int | None]] = []
    copy_spans: list[tuple[int, int, str, int | None]] = []
    for p in conn.execute(select(passages).where(passages.c.syndication_id == syndication_id).order_by(passages.c.seq)):
        if p.copy_start is not None and p.copy_end is not None and p.kind in ("copied", "added", "edited", "boilerplate"):
            copy_spans.append((p.copy_start, p.copy_end, p.kind, p.passage_id))
        if p.source_start is not None and p.source_end is not None and p.kind in ("copied", "removed", "edited", "boilerplate"):
            src_spans.append((p.source_start, p.source_end, p.kind, p.passage_id))
    src, cp = aliased(articles), aliased(articles)
    history = [
        {"verdict": v.verdict, "reviewer": v.reviewer, "note": v.note, "at": aware(v.at),
         "algo_version": v.algo_version, "stale": not v.fresh}
        for v in conn.execute(
            select(verdicts, verdict_fresh(src, cp).label("fresh"))
            .select_from(verdicts)
            .join(src, src.c.article_id == r.source_id)
            .join(cp, cp.c.article_id == r.copy_id)
            .where(pair_verdicts(src, cp))
            .order_by(verdicts.c.at.desc(), verdicts.c.verdict_id.desc())
        )
    ]
    return Case(
        syndication=syn,
        source=syn["source"],
        copy=syn["copy"],
        source_segments=segments(bodies.get(r.source_id, ""), src_spans),
        copy_segments=segments(bodies.get(r.copy_id, ""), copy_spans),
        verdicts=history,
    )
