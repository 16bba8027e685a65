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

from pipeline.detect.fingerprint import unit_pairs
from pipeline.warehouse import store
from pipeline.warehouse.schema import articles, lsh_bands


def _pairs(owners: Sequence[int], keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (band_key, owner) rows for units owned by ``owners`` with band keys ``keys``,
    sorted by key: inserted in key order, the rows sweep the primary-key B-tree once instead of
    landing on random pages (measured: 2.2x faster into a 5M-row SQLite index)."""
    if not len(owners):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    own = np.repeat(np.asarray(owners, dtype=np.int64), keys.shape[1])
    flat = keys.reshape(-1).astype(np.int64)
    order = np.lexsort((own, flat))
    flat, own = flat[order], own[order]
    keep = np.ones(len(flat), dtype=bool)
    keep[1:] = (flat[1:] != flat[:-1]) | (own[1:] != own[:-1])
    return flat[keep], own[keep]


def _is_pg(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _json_ints(values: np.ndarray) -> str:
    return "[" + ",".join(map(str, values.tolist())) + "]"


def remove(conn: Connection, article_ids: Sequence[int]) -> int:
    """Take articles out of the index (they are no longer candidates for anything)."""
    n = 0
    for part in store.chunks(list(article_ids)):
        n += conn.execute(delete(lsh_bands).where(lsh_bands.c.article_id.in_(part))).rowcount or 0
    return n


def add(conn: Connection, owners: Sequence[int], keys: np.ndarray) -> int:
    """Index units: ``owners[i]`` is the article of unit i, ``keys[i]`` its band keys.
    An article's earlier rows are replaced (re-detection of a changed article). Bulk: COPY on
    PostgreSQL, one executemany on SQLite."""
    remove(conn, sorted(set(owners)))
    flat, own = _pairs(owners, keys)
    if not len(flat):
        return 0
    if _is_pg(conn):
        buf = io.StringIO("".join(f"{k}\t{a}\n" for k, a in zip(flat.tolist(), own.tolist(), strict=True)))
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cur:
            cur.copy_expert("COPY lsh_bands (band_key, article_id) FROM STDIN", buf)
    else:
        rows = zip(flat.tolist(), own.tolist(), strict=True)
        conn.exec_driver_sql("INSERT INTO lsh_bands (band_key, article_id) VALUES (?, ?)", list(rows))
    return len(flat)


def query_and_add(conn: Connection, owners: Sequence[int], keys: np.ndarray) -> dict[int, set[int]]:
    """Each new article's collisions with the index and with the rest of its batch; then the
    batch joins the index. The index is probed before the insert, so the lookup returns only
    earlier articles, and batch mates are paired in memory."""
    found = colliding(conn, owners, keys)
    if len(owners) > 1:
        own = np.asarray(owners, dtype=np.int64)
        codes = unit_pairs(keys)
        a, b = own[codes // len(owners)], own[codes % len(owners)]
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            if x != y:
                found[x].add(y)
                found[y].add(x)
    add(conn, owners, keys)
    return found


def colliding(conn: Connection, owners: Sequence[int], keys: np.ndarray) -> dict[int, set[int]]:
    """For each owner, the indexed articles sharing at least one band key with it. Only the
    batch's own keys are looked up, each through the primary key."""
    flat, own = _pairs(owners, keys)
    found: dict[int, set[int]] = defaultdict(set)
    if not len(flat):
        return found
    probe = np.unique(flat)
    if _is_pg(conn):
        sql = (
            "SELECT l.band_key, l.article_id FROM unnest(CAST(%(keys)s AS BIGINT[])) AS p(k) "
            "JOIN lsh_bands l ON l.band_key = p.k"
        )
        rows = conn.exec_driver_sql(sql, {"keys": probe.tolist()}).all()
    else:
        # CROSS JOIN fixes the loop order in SQLite: probe keys outside, primary-key lookups inside.
        sql = "SELECT l.band_key, l.article_id FROM json_each(?) p CROSS JOIN lsh_bands l ON l.band_key = p.value"
        rows = conn.exec_driver_sql(sql, (_json_ints(probe),)).all()
    if not rows:
        return found
    holders: dict[int, list[int]] = defaultdict(list)
    for k, aid in rows:
        holders[k].append(aid)
    hit = np.isin(flat, np.fromiter(holders, dtype=np.int64, count=len(holders)))
    for k, owner in zip(flat[hit].tolist(), own[hit].tolist(), strict=True):
        for aid in holders[k]:
            if aid != owner:
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
