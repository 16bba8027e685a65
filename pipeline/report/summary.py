"""The run summary: one entry per syndication, with its first copied and added passages."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection


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


# The two queries, in SQL both warehouses read: `summary_items` runs them through SQLAlchemy, and
# `synd summary` on a SQLite file through sqlite3 alone (`summary_items_sqlite`), so that it starts
# without loading SQLAlchemy or pydantic.
_PASSAGES_SQL = "SELECT syndication_id, kind, text FROM passages ORDER BY seq"
_PAIRS_SQL = (
    "SELECT s.syndication_id, s.relation, s.direction, s.copied_fraction, s.attributed, "
    "src.outlet, src.title, cp.outlet, cp.title FROM syndications s "
    "JOIN articles src ON src.article_id = s.source_id JOIN articles cp ON cp.article_id = s.copy_id "
    "ORDER BY s.relation, src.published, s.syndication_id"
)


def _items(passage_rows: Iterable[Any], pair_rows: Iterable[Any]) -> list[SummaryItem]:
    firsts: dict[int, dict[str, str]] = defaultdict(dict)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sid, kind, text in passage_rows:
        counts[sid][kind] += 1
        firsts[sid].setdefault(kind, text)
    return [
        SummaryItem(
            syndication_id=sid,
            relation=relation,
            source=f"{so}: {clip(st or '', 60)}",
            copy=f"{co}: {clip(ct or '', 60)}",
            direction=direction,
            copied_fraction=float(fraction),
            attributed=bool(attributed),
            counts=dict(counts[sid]),
            first=firsts[sid],
        )
        for sid, relation, direction, fraction, attributed, so, st, co, ct in pair_rows
    ]


def summary_items(conn: Connection) -> list[SummaryItem]:
    return _items(conn.exec_driver_sql(_PASSAGES_SQL), conn.exec_driver_sql(_PAIRS_SQL))


def summary_items_sqlite(db: sqlite3.Connection) -> list[SummaryItem]:
    """The same items from a plain sqlite3 connection."""
    return _items(db.execute(_PASSAGES_SQL), db.execute(_PAIRS_SQL))
