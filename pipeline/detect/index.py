"""The persistent LSH index: band keys in the warehouse, in two tiers.

A run adds only its new articles' keys and looks up only those keys, each through a
(band key, article) primary key, so the cost of a batch grows with the batch, never with
everything already indexed: nothing loads the whole index. New keys land in the small write tier
``lsh_bands_recent`` (random-key inserts into the big B-tree dirtied a page per row at 1M
articles); ``compact`` folds it into ``lsh_bands`` in key order, one sweep, once it holds
``detect.index_recent_rows`` rows. Lookups read both tiers. ``lsh_article_keys`` lists each
article's keys, so eviction (by publication time), deletes and updates remove its rows by primary
key; the articles themselves stay. ARCHITECTURE.md says why this store was chosen over
datasketch's storage backends.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import CompoundSelect, Connection, delete, func, insert, select, union_all

from pipeline.config import ConfigError, DetectSettings
from pipeline.detect.fingerprint import band_keys, signatures, unit_pairs
from pipeline.normalise.article import title_of
from pipeline.warehouse import store
from pipeline.warehouse.schema import LSH_TIERS, articles, index_params, lsh_article_keys, lsh_bands_recent


class IndexParamsMismatch(ConfigError):
    """The configured LSH parameters differ from those the stored band keys were made with."""


def recorded_params(conn: Connection) -> dict[str, int] | None:
    """The LSH parameters recorded with the index, or None before the first detect."""
    row = conn.execute(select(index_params).where(index_params.c.id == 1)).first()
    return None if row is None else {k: int(getattr(row, k)) for k in ("num_perm", "bands", "shingle_words", "seed")}


def _record(conn: Connection, cfg: DetectSettings) -> None:
    conn.execute(delete(index_params))
    conn.execute(insert(index_params).values(id=1, **cfg.index_params(), recorded_at=store.now()))


def check_params(conn: Connection, cfg: DetectSettings) -> None:
    """Refuse to add to or query an index built with other LSH parameters: its keys would never
    match the new ones, so every earlier article would silently stop being a candidate. The first
    call, or any while nothing is indexed, records them (an index from before migration 0008 is
    taken to match the config: there is no other record of its parameters)."""
    have = recorded_params(conn)
    want = cfg.index_params()
    empty = conn.execute(select(lsh_article_keys.c.article_id).limit(1)).first() is None
    if have is None or (have != want and empty):  # nothing indexed yet: nothing to orphan
        _record(conn, cfg)
        return
    if have != want:
        diff = ", ".join(f"{k} {have[k]} -> {want[k]}" for k in want if have[k] != want[k])
        raise IndexParamsMismatch(
            f"the LSH index was built with {have} but detect is configured with {want} ({diff}): run "
            f"`synd index rebuild` to re-fingerprint the indexed articles with the new parameters, "
            f"or set detect back to the recorded values"
        )


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
    return json.dumps(values.tolist(), separators=(",", ":"))  # C encoder: 2x a str join


def remove(conn: Connection, article_ids: Sequence[int]) -> int:
    """Take articles out of the index (they are no longer candidates for anything)."""
    return store.drop_index_rows(conn, article_ids)


def add(conn: Connection, owners: Sequence[int], keys: np.ndarray) -> int:
    """Index units: ``owners[i]`` is the article of unit i, ``keys[i]`` its band keys.
    An article's earlier rows are replaced (re-detection of a changed article)."""
    return _insert(conn, owners, *_pairs(owners, keys))


def _insert(conn: Connection, owners: Sequence[int], flat: np.ndarray, own: np.ndarray) -> int:
    """Bulk-insert (key, article) rows sorted by key (COPY on PostgreSQL, one executemany on
    SQLite) and list each article's keys in ``lsh_article_keys``."""
    remove(conn, sorted(set(owners)))
    if not len(flat):
        return 0
    raw: Any = conn.connection.driver_connection  # the DB-API connection, in this transaction
    cur = raw.cursor()
    try:
        if _is_pg(conn):
            rows = zip(flat.tolist(), own.tolist(), strict=True)
            cur.copy_expert("COPY lsh_bands_recent (band_key, article_id) FROM STDIN", io.StringIO("".join(f"{k}\t{a}\n" for k, a in rows)))
        else:
            _sqlite_rows(cur, flat, own)
    finally:
        cur.close()
    by_owner = np.argsort(own, kind="stable")  # stable: each article's keys stay sorted
    ids, starts = np.unique(own[by_owner], return_index=True)
    per_article = np.split(flat[by_owner].astype("<i8"), starts[1:])
    conn.execute(
        insert(lsh_article_keys),
        [{"article_id": a, "band_keys": k.tobytes()} for a, k in zip(ids.tolist(), per_article, strict=True)],
    )
    return len(flat)


SQLITE_ROWS_PER_INSERT = 400  # 800 bound values: under the 999 of SQLite builds before 3.32


def _sqlite_rows(cur: Any, flat: np.ndarray, own: np.ndarray) -> None:
    """(key, article) rows into ``lsh_bands_recent``, ``SQLITE_ROWS_PER_INSERT`` to a statement:
    one row per executemany step paid sqlite3's per-step overhead 830k times for 4,000 articles
    (1.6 s); 400-row VALUES lists take half the time for the same B-tree inserts, in the same order."""
    values = np.column_stack((flat.astype(np.int64), own.astype(np.int64))).reshape(-1).tolist()
    step = 2 * SQLITE_ROWS_PER_INSERT
    full = len(values) - len(values) % step
    if full:
        cur.executemany(_values_insert(SQLITE_ROWS_PER_INSERT), (values[i : i + step] for i in range(0, full, step)))
    if full < len(values):
        cur.execute(_values_insert((len(values) - full) // 2), values[full:])


def _values_insert(rows: int) -> str:
    """An INSERT of ``rows`` bound (key, article) pairs: only placeholders are repeated, every value is bound."""
    return "INSERT INTO lsh_bands_recent (band_key, article_id) VALUES " + ",".join(["(?, ?)"] * rows)  # sql-ok: placeholders only


def query_and_add(conn: Connection, owners: Sequence[int], keys: np.ndarray) -> dict[int, set[int]]:
    """Each new article's collisions with the index and with the rest of its batch; then the
    batch joins the index."""
    found, add_them = query_then_add(conn, owners, keys)
    add_them()
    return found


def query_then_add(conn: Connection, owners: Sequence[int], keys: np.ndarray) -> tuple[dict[int, set[int]], Callable[[], int]]:
    """Each new article's collisions with the index and with the rest of its batch, and the
    function that then adds the batch to the index (in the same transaction; the caller may do
    other work first, e.g. align while it writes). The index is probed before the insert, so the
    lookup returns only earlier articles, and batch mates are paired in memory."""
    flat, own = _pairs(owners, keys)
    found = _lookup(conn, flat, own)
    if len(owners) > 1:
        owner_of = np.asarray(owners, dtype=np.int64)
        codes = unit_pairs(keys)
        a, b = owner_of[codes // len(owners)], owner_of[codes % len(owners)]
        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            if x != y:
                found[x].add(y)
                found[y].add(x)
    return found, lambda: _insert(conn, owners, flat, own)


def colliding(conn: Connection, owners: Sequence[int], keys: np.ndarray) -> dict[int, set[int]]:
    """For each owner, the indexed articles sharing at least one band key with it."""
    return _lookup(conn, *_pairs(owners, keys))


def _lookup(conn: Connection, flat: np.ndarray, own: np.ndarray) -> dict[int, set[int]]:
    """Only the batch's own keys are looked up, each through the primary key."""
    found: dict[int, set[int]] = defaultdict(set)
    # An empty tier is not probed: a first batch (empty index) or a main tier not yet compacted into
    # would otherwise cost one primary-key seek per probe key for nothing (0.1-0.3 s per 2,000 articles).
    if not len(flat):
        return found
    tiers = [t for t in LSH_TIERS if conn.execute(select(t.c.band_key).limit(1)).first() is not None]
    if not tiers:
        return found
    probe = flat[np.r_[True, flat[1:] != flat[:-1]]]  # distinct keys: _pairs sorts by key
    if _is_pg(conn):
        sql = " UNION ALL ".join(
            f"SELECT l.band_key, l.article_id FROM unnest(CAST(%(keys)s AS BIGINT[])) AS p(k) JOIN {t.name} l ON l.band_key = p.k"  # sql-ok: a schema name
            for t in tiers
        )
        rows = conn.exec_driver_sql(sql, {"keys": probe.tolist()}).all()
    else:
        # CROSS JOIN fixes the loop order in SQLite: probe keys outside, primary-key lookups inside.
        sql = " UNION ALL ".join(
            f"SELECT l.band_key, l.article_id FROM json_each(?1) p CROSS JOIN {t.name} l ON l.band_key = p.value"  # sql-ok: a schema name
            for t in tiers
        )
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


def all_rows() -> CompoundSelect:
    """Every (band_key, article_id) row of both tiers: for exports and checks, not lookups."""
    return union_all(*(select(t.c.band_key, t.c.article_id) for t in LSH_TIERS))


def article_meta(conn: Connection, ids: Iterable[int]) -> dict[int, tuple[str, datetime | None]]:
    """Title (``title_of``: outlet, or host within a domain) and publication time of the
    articles the index returned."""
    out: dict[int, tuple[str, datetime | None]] = {}
    for part in store.chunks(sorted(set(ids))):
        q = select(articles.c.article_id, articles.c.outlet, articles.c.url, articles.c.published).where(articles.c.article_id.in_(part))
        for aid, outlet, url, published in conn.execute(q):
            out[aid] = (title_of(outlet, url), store.aware(published))
    return out


def evict(conn: Connection, before: datetime) -> int:
    """Drop the index rows of articles published before ``before`` (or undated and ingested
    before it): they stay in the warehouse but are no longer candidates for new articles."""
    old = select(lsh_article_keys.c.article_id).join(articles, articles.c.article_id == lsh_article_keys.c.article_id).where(
        (articles.c.published < before) | (articles.c.published.is_(None) & (articles.c.ingested_at < before))
    )
    return remove(conn, [a for (a,) in conn.execute(old)])


def compact(conn: Connection, min_rows: int = 1) -> int:
    """Fold the write tier into ``lsh_bands`` once it holds ``min_rows`` rows; returns the rows
    moved. Read in key order, the rows land on the big B-tree's leaves in one sweep: the cost of
    rewriting those pages is paid once per tier-full instead of once per batch."""
    n = store.count_rows(conn, lsh_bands_recent)
    if not n or n < min_rows:
        return 0
    conn.exec_driver_sql(
        "INSERT INTO lsh_bands (band_key, article_id) SELECT band_key, article_id FROM lsh_bands_recent ORDER BY band_key, article_id"
    )
    conn.exec_driver_sql("TRUNCATE lsh_bands_recent" if _is_pg(conn) else "DELETE FROM lsh_bands_recent")
    return n


def rebuild(conn: Connection, cfg: DetectSettings, *, batch_size: int = 500,
            progress: Callable[[str, int, int], None] | None = None) -> tuple[int, int]:
    """Re-fingerprint every indexed article with ``cfg``'s parameters, replacing both tiers, and
    record the parameters. Articles evicted or deleted from the index stay out. One transaction
    (the caller's): a failure leaves the old index and its parameters as they were.
    Returns (articles, band rows)."""
    from pipeline.detect.detector import load_docs  # detector imports this module

    ids = [a for (a,) in conn.execute(select(lsh_article_keys.c.article_id).order_by(lsh_article_keys.c.article_id))]
    for t in (*LSH_TIERS, lsh_article_keys):
        conn.execute(delete(t))
    rows = 0
    for start in range(0, len(ids), batch_size):
        docs = load_docs(conn, ids[start : start + batch_size], cfg)
        owners: list[int] = []
        units: list[list[str]] = []
        for d in docs.values():
            for words in d.units(cfg.min_unit_words):
                owners.append(d.id)
                units.append(words)
        rows += add(conn, owners, band_keys(signatures(units, cfg), cfg))
        if progress:
            progress("rebuild", min(start + batch_size, len(ids)), len(ids))
    compact(conn)
    _record(conn, cfg)
    return len(ids), rows


def stats(conn: Connection) -> dict[str, Any]:
    """Rows, indexed articles and the time range they cover."""
    indexed = select(lsh_article_keys.c.article_id)
    lo, hi = conn.execute(
        select(func.min(articles.c.published), func.max(articles.c.published)).where(articles.c.article_id.in_(indexed))
    ).one()
    return {
        "rows": sum(store.count_rows(conn, t) for t in LSH_TIERS),
        "rows_recent": store.count_rows(conn, lsh_bands_recent),
        "articles_indexed": store.count_rows(conn, lsh_article_keys),
        "articles_total": store.count_rows(conn, articles),
        "oldest_published": store.aware(lo),
        "newest_published": store.aware(hi),
    }
