"""The run summary: one entry per syndication, with its first copied and added passages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from pipeline.warehouse.schema import articles, passages, syndications


@dataclass
class SummaryItem:
    syndication_id: int
    relation: str
    source: str  # "outlet: title"
    copy: str
    direction: str
    copied_fraction: float
    attributed: bool
    counts: dict[str, int] = field(default_factory=dict)
    first: dict[str, str] = field(default_factory=dict)  # kind -> first passage text


def clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def summary_items(conn: Connection) -> list[SummaryItem]:
    src, cp = articles.alias(), articles.alias()  # Core aliases: `synd summary` never loads the ORM
    firsts: dict[int, dict[str, str]] = defaultdict(dict)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in conn.execute(select(passages.c.syndication_id, passages.c.kind, passages.c.text).order_by(passages.c.seq)):
        counts[p.syndication_id][p.kind] += 1
        firsts[p.syndication_id].setdefault(p.kind, p.text)
    q = (
        select(syndications, src.c.outlet.label("so"), src.c.title.label("st"), cp.c.outlet.label("co"), cp.c.title.label("ct"))
        .join(src, src.c.article_id == syndications.c.source_id)
        .join(cp, cp.c.article_id == syndications.c.copy_id)
        .order_by(syndications.c.relation, src.c.published, syndications.c.syndication_id)
    )
    return [
        SummaryItem(
            syndication_id=r.syndication_id,
            relation=r.relation,
            source=f"{r.so}: {clip(r.st or '', 60)}",
            copy=f"{r.co}: {clip(r.ct or '', 60)}",
            direction=r.direction,
            copied_fraction=r.copied_fraction,
            attributed=r.attributed,
            counts=dict(counts[r.syndication_id]),
            first=firsts[r.syndication_id],
        )
        for r in conn.execute(q)
    ]
