"""Backfill detection on Apache Spark: the same detection as ``detector.detect``, spread out.

1. MinHash and banding in ``mapPartitions`` over chunks of pending article ids (each partition
   builds its docs with the same ``load_docs``, records learned boilerplate, and adds its band
   keys to the index so the incremental path continues from the backfill; its write tier is
   compacted at the end, as a detect run does);
2. the candidate join: band rows (new, plus those already indexed) self-joined on the band key,
   then filtered on outlet and the time window exactly as the single-node path filters;
3. alignment in ``mapPartitions`` over the candidate pairs (``compare``), each result turned into
   its warehouse rows there;
4. chains pruned on the driver (``nearest_sources`` over light records, no bodies) and the rows written with
   the same ``write_rows`` the single-node path uses.

Executors reach the warehouse through its SQLAlchemy URL (PostgreSQL in production). Submit with
``spark-submit --py-files synd.zip pipeline/detect/spark.py --warehouse URL`` (README: Airflow).
The single-node path prunes chains within each batch of ``detect.batch``; this path prunes over
the whole backfill, so on a backfill larger than one batch it can drop a few more chain pairs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from pipeline.config import DetectSettings
from pipeline.detect.compare import CopiedSpan, PairResult, compare, nearest_sources
from pipeline.normalise.article import title_of

ROOT = Path(__file__).resolve().parents[2]


def session(master: str = "local[1]", app: str = "synd-backfill", shuffle_partitions: int = 4) -> Any:
    """A SparkSession whose Python workers run this interpreter and can import ``pipeline``."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    path = os.environ.get("PYTHONPATH", "")
    if str(ROOT) not in path.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), path) if p)
    return (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.default.parallelism", str(shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )


def _fingerprint_partition(url: str, cfg_json: str, ids: Iterable[list[int]]) -> Iterator[tuple[int, int]]:
    """MinHash + banding of a chunk of pending articles; their keys join the persistent index."""
    from pipeline.detect import index as lsh_index
    from pipeline.detect.detector import _record_boilerplate, load_docs
    from pipeline.detect.fingerprint import band_keys, signatures
    from pipeline.warehouse import db

    cfg = DetectSettings.model_validate_json(cfg_json)
    engine = db.engine_for(url)
    for chunk in ids:
        with engine.begin() as conn:
            docs = load_docs(conn, chunk, cfg)
            _record_boilerplate(conn, docs)
            owners: list[int] = []
            units: list[list[str]] = []
            for aid in chunk:
                if aid in docs:
                    for words in docs[aid].units(cfg.min_unit_words):
                        owners.append(aid)
                        units.append(words)
            keys = band_keys(signatures(units, cfg), cfg)
            lsh_index.add(conn, owners, keys)
        seen: set[tuple[int, int]] = set()
        for owner, row in zip(owners, keys.tolist(), strict=True):
            for k in row:
                if (k, owner) not in seen:
                    seen.add((k, owner))
                    yield k, owner


def _indexed_partition(url: str, ranges: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Band rows of articles detected before this backfill, one article-id range at a time
    (read from each article's key list, a range scan of its primary key)."""
    import numpy as np
    from sqlalchemy import select

    from pipeline.warehouse import db
    from pipeline.warehouse.schema import articles, lsh_article_keys

    engine = db.engine_for(url)
    for lo, hi in ranges:
        q = (
            select(lsh_article_keys.c.article_id, lsh_article_keys.c.band_keys)
            .join(articles, articles.c.article_id == lsh_article_keys.c.article_id)
            .where(lsh_article_keys.c.article_id.between(lo, hi), articles.c.detected_at.is_not(None))
        )
        with engine.connect() as conn:
            for aid, keys in conn.execute(q):
                for k in np.frombuffer(keys, dtype="<i8").tolist():
                    yield k, int(aid)


@dataclass
class _Light:
    """What ``nearest_sources`` reads from a result, so chains are pruned without shipping bodies."""

    relation: str
    copy: Any
    source: Any
    spans: list[CopiedSpan]
    index: int

    @property
    def copied_words(self) -> int:
        return sum(s.words for s in self.spans)


def _align_partition(url: str, cfg_json: str, pairs: Iterable[Any]) -> Iterator[tuple[int, Any]]:
    """Verify candidate pairs by alignment; each found pair leaves as (copy id, its rows)."""
    from pipeline.detect.detector import load_docs, result_rows
    from pipeline.warehouse import db

    cfg = DetectSettings.model_validate_json(cfg_json)
    todo = [(int(p[0]), int(p[1])) for p in pairs]
    if not todo:
        return
    engine = db.engine_for(url)
    with engine.connect() as conn:
        docs = load_docs(conn, sorted({i for p in todo for i in p}), cfg)
    for a, b in todo:
        if a not in docs or b not in docs:
            continue
        r: PairResult | None = compare(docs[a], docs[b], cfg)
        if r is None:
            continue
        light = (
            r.relation,
            r.copy.id,
            (r.source.id, r.source.published),
            [(s.copy_start, s.copy_end, s.source_start, s.source_end, s.similarity, s.in_quotes, s.words, s.copy_words) for s in r.spans],
        )
        yield r.copy.id, (light, result_rows(r))


def _prune(cfg: DetectSettings, items: list[Any]) -> list[Any]:
    """Chain pruning over all found pairs (it looks across copies: is the nearer source itself a
    republication?), by the single-node function itself, on light records without bodies."""
    lights = []
    for i, ((relation, copy_id, (source_id, published), spans), _rows) in enumerate(items):
        lights.append(
            _Light(
                relation=relation,
                copy=SimpleNamespace(id=copy_id),
                source=SimpleNamespace(id=source_id, published=published),
                spans=[CopiedSpan(*s) for s in spans],
                index=i,
            )
        )
    kept = nearest_sources(cast(list[PairResult], lights), cfg)
    return [items[cast(_Light, k).index][1] for k in kept]


@dataclass
class SparkStats:
    articles: int = 0
    candidates: int = 0
    syndications: int = 0
    run_id: int | None = None


def spark_detect(spark: Any, url: str, cfg: DetectSettings, *, chunk: int = 500) -> SparkStats:
    """Detect every pending article of the warehouse at ``url`` on ``spark``; writes the same
    rows as ``detector.detect`` (syndications, passages, index rows, boilerplate, detected_at)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType, TimestampType
    from sqlalchemy import func, select

    from pipeline.detect import index as lsh_index
    from pipeline.detect.detector import ALGO_VERSION, write_rows
    from pipeline.warehouse import db, store
    from pipeline.warehouse.schema import articles, lsh_article_keys

    stats = SparkStats()
    engine = db.connect(url)
    params = cfg.model_dump()
    cfg_json = cfg.model_dump_json()
    with engine.begin() as conn:
        lsh_index.check_params(conn, cfg)
        stats.run_id = store.start_run(conn, "detect", {**params, "engine": "spark"}, ALGO_VERSION)
        pending = store.pending_article_ids(conn)
        lo, hi = conn.execute(select(func.min(lsh_article_keys.c.article_id), func.max(lsh_article_keys.c.article_id))).one()
        meta_rows = [
            (int(a), title_of(o, u), store.aware(p))
            for a, o, u, p in conn.execute(select(articles.c.article_id, articles.c.outlet, articles.c.url, articles.c.published))
        ]
    stats.articles = len(pending)
    sc = spark.sparkContext
    pending_set = set(pending)

    chunks = [pending[i : i + chunk] for i in range(0, len(pending), chunk)]
    new_rdd = sc.parallelize(chunks, max(1, len(chunks))).mapPartitions(lambda it: _fingerprint_partition(url, cfg_json, it))
    band_schema = StructType([StructField("band_key", LongType()), StructField("article_id", LongType())])
    bands = spark.createDataFrame(new_rdd, band_schema)
    if lo is not None:
        step = max(1, (hi - lo + 1) // 8)
        ranges = [(s, min(hi, s + step - 1)) for s in range(lo, hi + 1, step)]
        old = sc.parallelize(ranges, len(ranges)).mapPartitions(lambda it: _indexed_partition(url, it))
        bands = bands.unionByName(spark.createDataFrame(old, band_schema))
    bands = bands.distinct()

    meta = spark.createDataFrame(
        meta_rows,
        StructType([StructField("article_id", LongType()), StructField("outlet", StringType()), StructField("published", TimestampType())]),
    )
    pend = spark.createDataFrame([(int(p),) for p in pending] or [(-1,)], ["article_id"]).withColumn("pending", F.lit(True))

    a, b = bands.alias("a"), bands.alias("b")
    pairs = (
        a.join(b, F.col("a.band_key") == F.col("b.band_key"))
        .where(F.col("a.article_id") < F.col("b.article_id"))
        .select(F.col("a.article_id").alias("x"), F.col("b.article_id").alias("y"))
        .distinct()
    )
    mx, my = meta.alias("mx"), meta.alias("my")
    window_s = cfg.window_days * 86400
    pairs = (
        pairs.join(mx, F.col("x") == F.col("mx.article_id"))
        .join(my, F.col("y") == F.col("my.article_id"))
        .where(F.col("mx.outlet") != F.col("my.outlet"))
        .where(
            F.col("mx.published").isNull()
            | F.col("my.published").isNull()
            | (F.abs(F.col("mx.published").cast("long") - F.col("my.published").cast("long")) <= window_s)
        )
        .join(pend.alias("px"), F.col("x") == F.col("px.article_id"), "left")
        .join(pend.alias("py"), F.col("y") == F.col("py.article_id"), "left")
        .where(F.col("px.pending").isNotNull() | F.col("py.pending").isNotNull())
        .select("x", "y")
    )
    pair_rdd = pairs.rdd.map(lambda r: (r.x, r.y))
    stats.candidates = pair_rdd.count()
    found = pair_rdd.mapPartitions(lambda it: _align_partition(url, cfg_json, it))
    kept = _prune(cfg, [v for _, v in found.collect()])
    kept.sort(key=lambda rows: (rows[0]["source_id"], rows[0]["copy_id"]))
    with engine.begin() as conn:
        stats.syndications = write_rows(conn, kept, stats.run_id, params)
        store.mark_detected(conn, sorted(pending_set))
        if cfg.index_recent_rows:
            lsh_index.compact(conn, cfg.index_recent_rows)
        store.finish_run(conn, stats.run_id, {"articles": stats.articles, "candidates": stats.candidates, "syndications": stats.syndications})
    return stats


def main(argv: list[str] | None = None) -> int:
    """Entry point for spark-submit: ``spark.py --warehouse URL [--config FILE]``."""
    from pipeline.config import load_settings

    ap = argparse.ArgumentParser(description="synd backfill detection on Spark")
    ap.add_argument("--warehouse", required=True, help="SQLAlchemy URL every executor can reach")
    ap.add_argument("--config", type=Path, default=None)
    ap.add_argument("--master", default=None, help="only outside spark-submit, e.g. local[*]")
    args = ap.parse_args(argv)
    settings = load_settings(args.config, overrides={"warehouse": {"url": args.warehouse}})
    from pyspark.sql import SparkSession

    spark = session(args.master) if args.master else SparkSession.builder.getOrCreate()
    started = datetime.now()
    stats = spark_detect(spark, args.warehouse, settings.detect)
    print(f"spark detect: {stats.articles} articles, {stats.candidates} candidate pairs, {stats.syndications} syndications in {datetime.now() - started}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
