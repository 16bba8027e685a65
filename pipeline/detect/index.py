"""The persistent LSH index: band keys in the warehouse table ``lsh_bands``.

A run adds only its new articles' keys and looks up only those keys, through a temporary
table joined on the (band key, article) primary key, so the cost of a batch grows with the
batch (and, logarithmically, with the B-tree), never with everything already indexed: nothing
loads the whole index. Writes are bulk (COPY on PostgreSQL, executemany on SQLite).
Eviction (by publication time) and deletes remove rows; the articles themselves stay.
ARCHITECTURE.md says why this store was chosen over datasketch's storage backends.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, func, select

from pipeline.warehouse import store
from pipeline.warehouse.schema import articles, lsh_bands


def _pairs(owners: Sequence[int], keys: np.ndarray) -> np.ndarray:
    """Distinct (band_key, owner) rows for units owned by ``owners`` with band keys ``keys``."""
    if not len(owners):
        return np.zeros((0, 2), dtype=np.int64)
    own = np.repeat(np.asarray(owners, dtype=np.int64), keys.shape[1])
    pairs = np.column_stack([keys.reshape(-1).astype(np.int64), own])
    return np.unique(pairs, axis=0)


def _is_pg(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _copy_rows(conn: Connection, table: str, columns: str, rows: np.ndarray) -> None:
    """Bulk-load integer rows: COPY on PostgreSQL, one executemany on SQLite."""
    if not len(rows):
        return
    if _is_pg(conn):
        buf = io.StringIO()
        np.savetxt(buf, rows, fmt="%d", delimiter="\t")
        buf.seek(0)
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur:
            cur.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buf)
    else:
        marks = ", ".join("?" for _ in columns.split(","))
        conn.exec_driver_sql(f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # sql-ok: names are this module's constants
                             [tuple(r) for r in rows.tolist()])


def remove(conn: Connection, article_ids: Sequence[int]) -> int:
    """Take articles out of the index (they are no longer candidates for anything)."""
    n = 0
    for part in store.chunks(list(article_ids)):
        n += conn.execute(delete(lsh_bands).where(lsh_bands.c.article_id.in_(part))).rowcount or 0
    return n


def add(conn: Connection, owners: Sequence[int], keys: np.ndarray) -> int:
    """Index units: ``owners[i]`` is the article of unit i, ``keys[i]`` its band keys.
    An article's earlier rows are replaced (re-detection of a changed article)."""
    remove(conn, sorted(set(owners)))
    pairs = _pairs(owners, keys)
    _copy_rows(conn, "lsh_bands", "band_key, article_id", pairs)
    return len(pairs)


def colliding(conn: Connection, owners: Sequence[int], keys: np.ndarray) -> dict[int, set[int]]:
    """For each owner, the indexed articles sharing at least one band key with it."""
    pairs = _pairs(owners, keys)
    found: dict[int, set[int]] = defaultdict(set)
    if not len(pairs):
        return found
    if _is_pg(conn):
        conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS synd_probe (band_key BIGINT, owner INTEGER) ON COMMIT DELETE ROWS")
        conn.exec_driver_sql("TRUNCATE synd_probe")
        _copy_rows(conn, "synd_probe", "band_key, owner", pairs)
        conn.exec_driver_sql("ANALYZE synd_probe")
        sql = "SELECT DISTINCT p.owner, l.article_id FROM synd_probe p JOIN lsh_bands l ON l.band_key = p.band_key"
    else:
        conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS synd_probe (band_key INTEGER, owner INTEGER)")
        conn.exec_driver_sql("DELETE FROM synd_probe")
        _copy_rows(conn, "synd_probe", "band_key, owner", pairs)
        # CROSS JOIN fixes the loop order in SQLite: probe rows outside, index lookups inside.
        sql = "SELECT DISTINCT p.owner, l.article_id FROM synd_probe p CROSS JOIN lsh_bands l ON l.band_key = p.band_key"
    for owner, aid in conn.exec_driver_sql(sql):
        if owner != aid:
            found[owner].add(aid)
    return found


def article_meta(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[str, datetime | None]]:
    """Outlet and publication time of the articles the index returned."""
    out: dict[int, tuple[str, datetime | None]] = {}
    for part in store.chunks(sorted(set(ids))):
        q = select(articles.c.article_id, articles.c.outlet, articles.c.published).where(articles.c.article_id.in_(part))
        for aid, outlet, published in conn.execute(q):
            out[aid] = (outlet, store.aware(published))
    return out


def evict(conn: Connection, before: datetime) -> int:
    """Drop the index rows of articles published before ``before`` (or undated and ingested
    before it): they stay in the warehouse but are no longer candidates for new articles."""
    old = select(articles.c.article_id).where(
        (articles.c.published < before) | (articles.c.published.is_(None) & (articles.c.ingested_at < before))
    )
    return conn.execute(delete(lsh_bands).where(lsh_bands.c.article_id.in_(old))).rowcount or 0


def stats(conn: Connection) -> dict[str, Any]:
    """Rows, indexed articles and the time range they cover."""
    rows = store.count_rows(conn, lsh_bands)
    indexed = select(lsh_bands.c.article_id).distinct().subquery()
    n_articles = conn.execute(select(func.count()).select_from(indexed)).scalar_one()
    lo, hi = conn.execute(
        select(func.min(articles.c.published), func.max(articles.c.published)).where(
            articles.c.article_id.in_(select(indexed.c.article_id))
        )
    ).one()
    total = store.count_rows(conn, articles)
    return {
        "rows": rows,
        "articles_indexed": int(n_articles),
        "articles_total": total,
        "oldest_published": store.aware(lo),
        "newest_published": store.aware(hi),
    }
