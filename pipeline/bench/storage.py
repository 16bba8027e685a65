"""Which store for the persistent LSH index? The same units indexed and queried three ways.

- ours: band keys in the warehouse (``lsh_bands``), SQLite and PostgreSQL, via ``detect.index``;
- datasketch ``MinHashLSH`` with its Redis storage backend (``storage_config={"type": "redis"}``),
  and in memory (not persistent: the floor).

``python -m pipeline.bench.storage [--units N] [--redis-port 6379]``; Redis is skipped when
the server or the ``redis`` package is missing.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from typing import Any

import numpy as np


def _redis_ok(port: int) -> bool:
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=port).ping()
        return True
    except Exception:  # noqa: BLE001 - any failure means: skip this backend
        return False


def _ours(url: str, owners: list[int], keys: np.ndarray) -> dict[str, float]:
    from pipeline.detect import index as lsh_index
    from pipeline.warehouse import db
    from pipeline.warehouse.schema import articles

    engine = db.connect(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM lsh_bands")
        conn.execute(articles.delete())
        conn.execute(
            articles.insert(),
            [
                {"article_id": a, "url": f"https://x.example/{a}", "outlet": "x", "body": "", "body_hash": "", "origin": "bench",
                 "ingested_at": datetime(2026, 1, 1, tzinfo=UTC)}
                for a in sorted(set(owners))
            ],
        )
    half = len(owners) // 2
    t0 = time.perf_counter()
    with engine.begin() as conn:
        lsh_index.add(conn, owners[:half], keys[:half])
    t1 = time.perf_counter()
    with engine.begin() as conn:
        lsh_index.add(conn, owners[half:], keys[half:])
        hits = lsh_index.colliding(conn, owners[half:], keys[half:])
    t2 = time.perf_counter()
    return {"insert_s": t1 - t0, "insert_query_s": t2 - t1, "hits": sum(len(v) for v in hits.values())}


def _datasketch(sigs: np.ndarray, owners: list[int], storage: dict[str, Any] | None) -> dict[str, float]:
    from datasketch import MinHash, MinHashLSH

    from pipeline.config import DetectSettings

    cfg = DetectSettings()
    kw: dict[str, Any] = {"num_perm": cfg.num_perm, "params": (cfg.bands, cfg.rows)}
    if storage:
        kw["storage_config"] = storage
    lsh = MinHashLSH(**kw)
    mhs = [MinHash(hashvalues=s.astype(np.uint32), scheme="affine32") for s in sigs]
    half = len(owners) // 2
    t0 = time.perf_counter()
    with lsh.insertion_session() as session:
        for i in range(half):
            session.insert(i, mhs[i], check_duplication=False)
    t1 = time.perf_counter()
    hits = 0
    for i in range(half, len(owners)):
        hits += len(lsh.query(mhs[i]))
        lsh.insert(i, mhs[i], check_duplication=False)
    t2 = time.perf_counter()
    return {"insert_s": t1 - t0, "insert_query_s": t2 - t1, "hits": hits}


def main(argv: list[str] | None = None) -> int:
    from pipeline.bench.run import _units
    from pipeline.config import DetectSettings
    from pipeline.detect.fingerprint import band_keys, signatures

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--redis-port", type=int, default=6379)
    ap.add_argument("--pg", default="postgresql+psycopg2://postgres@127.0.0.1:5432/synd_bench_storage")
    args = ap.parse_args(argv)
    cfg = DetectSettings()
    units, owners = _units(args.articles, with_owner=True)
    sigs = signatures(units, cfg)
    keys = band_keys(sigs, cfg)
    print(f"{len(units):,} units of {args.articles} articles: half inserted, then the other half inserted + queried (wall s)")
    rows = [("ours, SQLite lsh_bands", _ours("sqlite:///data/bench/storage.db", owners, keys))]
    try:
        from pipeline.bench.warehouses import _create_pg_db

        _create_pg_db(args.pg.rsplit("/", 1)[1])
        rows.append(("ours, PostgreSQL lsh_bands", _ours(args.pg, owners, keys)))
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL skipped: {exc}")
    rows.append(("datasketch MinHashLSH, in memory", _datasketch(sigs, owners, None)))
    if _redis_ok(args.redis_port):
        import redis

        redis.Redis(host="127.0.0.1", port=args.redis_port).flushdb()
        storage = {"type": "redis", "basename": b"synd_bench", "redis": {"host": "127.0.0.1", "port": args.redis_port}}
        rows.append(("datasketch MinHashLSH, Redis storage", _datasketch(sigs, owners, storage)))
        redis.Redis(host="127.0.0.1", port=args.redis_port).flushdb()
    else:
        print("Redis skipped: no server on 127.0.0.1 or no `redis` package")
    for name, r in rows:
        print(f"{name:38} insert {r['insert_s']:7.2f}  insert+query {r['insert_query_s']:7.2f}  units/s {len(units) / (r['insert_s'] + r['insert_query_s']):>9,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
