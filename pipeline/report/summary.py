"""The run summary table: one row per syndication, with its first copied and added passages."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from pipeline.warehouse.schema import articles, passages, syndications


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def summary_rows(conn: Connection) -> list[tuple[str, ...]]:
    src, cp = aliased(articles), aliased(articles)
    firsts: dict[int, dict[str, Any]] = defaultdict(dict)
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
    rows: list[tuple[str, ...]] = []
    for r in conn.execute(q):
        f, c = firsts[r.syndication_id], counts[r.syndication_id]
        rows.append(
            (
                r.relation,
                f"{r.so}: {_clip(r.st or '', 70)}\n→ {r.co}: {_clip(r.ct or '', 70)}",
                r.direction,
                f"{r.copied_fraction:.0%} of copy in {c['copied']} passage(s)\n“{_clip(f.get('copied', ''))}”",
                f"{c['added']}: “{_clip(f['added'])}”" if "added" in f else "0",
                "yes" if r.attributed else "no",
            )
        )
    return rows
