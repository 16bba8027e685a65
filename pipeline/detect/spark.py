"""Backfill detection on Apache Spark: the same detection as ``detector.detect``, spread out.

1. MinHash and banding in ``mapPartitions`` over chunks of pending article ids (each partition
   builds its docs with the same ``load_docs``, records learned boilerplate, and adds its band
   keys to the index so the incremental path continues from the backfill; its write tier is
   compacted at the end, as a detect run does);
2. the candidate join: band rows (new, plus those already indexed, each flagged) self-joined on
   the band key, then filtered on outlet and the time window exactly as the single-node path
   filters, on (title, published) that executors read by article-id range;
3. alignment in ``mapPartitions`` over the candidate pairs (``compare``), each result turned into
   its warehouse rows there, persisted;
4. chains pruned per copy in Spark (``nearest_sources`` over light records, no bodies, with every
   republication pair found broadcast), and the kept rows streamed to the driver a partition at a
   time and written with the same ``write_rows`` the single-node path uses, in batches.

The driver holds the pending ids and the (source, copy) ids of the republications, never band
rows, candidate pairs or bodies. Executors reach the warehouse through its SQLAlchemy URL
(PostgreSQL in production). Submit with ``spark-submit --py-files synd.zip
pipeline/detect/spark.py --warehouse URL`` (README: Backfills on Spark). The single-node path
prunes chains within each batch of ``detect.batch``; this path prunes over the whole backfill, so
on a backfill larger than one batch it can drop a few more chain pairs.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from pipeline.config import DetectSettings
from pipeline.detect.compare import CopiedSpan, PairResult, compare, nearest_sources
from pipeline.normalise.article import title_of

ROOT = Path(__file__).resolve().parents[2]


def session(master: str = "local[1]", app: str = "synd-backfill", shuffle_partitions: int = 4,
            driver_memory: str = "1g") -> Any:
    """A SparkSession whose Python workers run this interpreter and can import ``pipeline``.
    In local mode the driver is the only executor: ``driver_memory`` bounds the whole job."""
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
        .config("spark.driver.memory", driver_memory)
        .getOrCreate()
    )


def _fingerprint_partition(url: str, cfg_json: str, ids: Iterable[list[int]]) -> Iterator[tuple[int, bool, list[int]]]:
    """MinHash + banding of a chunk of pending articles; their keys join the persistent index
    (``index.add`` replaces an article's rows, so a retried task writes the same rows again).
    One row per article with its distinct keys: Spark explodes them in the JVM (~1,000 band rows
    an article, each a Python tuple to verify and pickle, made this stage 10x slower)."""
    import numpy as np

    from pipeline.detect import index as lsh_index
    from pipeline.detect import judgement
    from pipeline.detect.detector import _record_boilerplate, load_docs
    from pipeline.detect.fingerprint import band_keys, signatures
    from pipeline.warehouse import db

    cfg = DetectSettings.model_validate_json(cfg_json)
    engine = db.engine_for(url)
    for chunk in ids:
        with engine.begin() as conn:
            docs = load_docs(conn, chunk, cfg)
            _record_boilerplate(conn, docs)
            judgement.record(conn, list(docs.values()))
            owners: list[int] = []
            units: list[list[str]] = []
            for aid in chunk:
                if aid in docs:
                    for words in docs[aid].units(cfg.min_unit_words):
                        owners.append(aid)
                        units.append(words)
            keys = band_keys(signatures(units, cfg), cfg)
            lsh_index.add(conn, owners, keys)
        own = np.asarray(owners, dtype=np.int64)
        for aid in dict.fromkeys(owners):
            yield aid, True, np.unique(keys[own == aid]).tolist()


def _id_ranges(lo: int | None, hi: int | None, parts: int) -> list[tuple[int, int]]:
    """``parts`` article-id ranges covering lo..hi: each executor task reads one by primary key."""
    if lo is None or hi is None:
        return []
    step = max(1, (hi - lo + 1 + parts - 1) // parts)
    return [(s, min(hi, s + step - 1)) for s in range(lo, hi + 1, step)]


def _indexed_partition(url: str, ranges: Iterable[tuple[int, int]]) -> Iterator[tuple[int, bool, list[int]]]:
    """Band keys of articles detected before this backfill, one row per article, one article-id
    range at a time (each article's key list, a range scan of its primary key)."""
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
                yield int(aid), False, np.frombuffer(keys, dtype="<i8").tolist()


def _meta_partition(url: str, ranges: Iterable[tuple[int, int]]) -> Iterator[tuple[int, str, datetime | None]]:
    """(id, title, published) of the articles in each id range: what the candidate filter compares,
    read by the executors (at 1M articles the driver would hold and ship ~100 MB of it)."""
    from sqlalchemy import select

    from pipeline.warehouse import db, store
    from pipeline.warehouse.schema import articles

    engine = db.engine_for(url)
    for lo, hi in ranges:
        q = select(articles.c.article_id, articles.c.outlet, articles.c.url, articles.c.published).where(articles.c.article_id.between(lo, hi))
        with engine.connect() as conn:
            for a, o, u, p in conn.execute(q):
                yield int(a), title_of(o, u), store.aware(p)


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


ALIGN_CHUNK = 2000  # candidate pairs aligned per load_docs: a task's memory is bounded by this, not by its partition


def _align_partition(url: str, cfg_json: str, pairs: Iterable[Any], counter: Any = None,
                     size: int = ALIGN_CHUNK) -> Iterator[tuple[int, Any]]:
    """Verify candidate pairs by alignment, ``size`` at a time; each found pair leaves as
    (copy id, (light record, its rows)). ``counter`` (an accumulator) counts the candidates."""
    from itertools import islice

    from pipeline.detect.detector import load_docs, result_rows
    from pipeline.warehouse import db

    cfg = DetectSettings.model_validate_json(cfg_json)
    engine = db.engine_for(url)
    it = iter(pairs)
    while todo := [(int(p[0]), int(p[1])) for p in islice(it, size)]:
        if counter is not None:
            counter.add(len(todo))
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


def _prune(cfg: DetectSettings, items: list[Any], republications: set[tuple[int, int]] | None = None) -> list[Any]:
    """Chain pruning by the single-node function itself, on light records without bodies. It
    looks across copies (is the nearer source itself a republication?): ``republications`` holds
    every (source, copy) republication pair found, so one copy's results can be pruned apart
    from the others' (by default, the pairs among ``items``)."""
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
    oracle = None if republications is None else (lambda a, b: (a, b) in republications)
    kept = nearest_sources(cast(list[PairResult], lights), cfg, republished=oracle)
    return [items[cast(_Light, k).index][1] for k in kept]


@dataclass
class SparkStats:
    articles: int = 0
    candidates: int = 0
    syndications: int = 0
    band_rows: int = 0  # distinct (band key, article) rows joined, new and indexed
    run_id: int | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each stage, to see which one a bigger backfill needs


WRITE_BATCH = 2000  # syndications written per write_rows call (with their passages)


def spark_detect(spark: Any, url: str, cfg: DetectSettings, *, chunk: int = 500, align_chunk: int = ALIGN_CHUNK,
                 write_batch: int = WRITE_BATCH) -> SparkStats:
    """Detect every pending article of the warehouse at ``url`` on ``spark``; writes the same
    rows as ``detector.detect`` (syndications, passages, index rows, boilerplate, detected_at).

    Nothing of size proportional to the band rows or the pairs' bodies reaches the driver: band
    rows, candidate pairs and aligned results stay in Spark (persisted, computed once); the
    driver holds the pending ids, the (source, copy) ids of the republications found (for chain
    pruning, broadcast) and one partition of kept results at a time while it writes them."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        LongType,
        StringType,
        StructField,
        StructType,
        TimestampType,
    )
    from sqlalchemy import func, select

    from pipeline.detect import index as lsh_index
    from pipeline.detect.detector import ALGO_VERSION, write_rows
    from pipeline.warehouse import db, store
    from pipeline.warehouse.schema import articles, lsh_article_keys

    stats = SparkStats()
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stats.seconds[stage] = round(now - clock, 1)
        clock = now

    engine = db.connect(url)
    params = cfg.model_dump()
    cfg_json = cfg.model_dump_json()
    with engine.begin() as conn:
        lsh_index.check_params(conn, cfg)
        stats.run_id = store.start_run(conn, "detect", {**params, "engine": "spark"}, ALGO_VERSION)
        pending = store.pending_article_ids(conn)
        klo, khi = conn.execute(select(func.min(lsh_article_keys.c.article_id), func.max(lsh_article_keys.c.article_id))).one()
        alo, ahi = conn.execute(select(func.min(articles.c.article_id), func.max(articles.c.article_id))).one()
    stats.articles = len(pending)
    sc = spark.sparkContext
    parts = max(1, int(spark.conf.get("spark.sql.shuffle.partitions")))

    # 1. fingerprints of the pending articles (written to the index as they are made), with the
    # band rows already indexed; each row says whether its article is pending
    chunks = [pending[i : i + chunk] for i in range(0, len(pending), chunk)]
    new_rdd = sc.parallelize(chunks, max(1, len(chunks))).mapPartitions(lambda it: _fingerprint_partition(url, cfg_json, it))
    keys_schema = StructType([StructField("article_id", LongType()), StructField("new", BooleanType()),
                              StructField("keys", ArrayType(LongType()))])
    keyed = spark.createDataFrame(new_rdd, keys_schema, verifySchema=False)
    if klo is not None:
        old = sc.parallelize(_id_ranges(klo, khi, parts), parts).mapPartitions(lambda it: _indexed_partition(url, it))
        keyed = keyed.unionByName(spark.createDataFrame(old, keys_schema, verifySchema=False))
    # an article's keys are distinct, and an article is either pending (new) or indexed: no distinct()
    keyed = keyed.persist(StorageLevel.MEMORY_AND_DISK)
    keyed.count()  # the fingerprint tasks (they write the index) run here, once
    bands = keyed.select("article_id", "new", F.explode("keys").alias("band_key"))
    stats.band_rows = bands.count()
    lap("fingerprint")

    # 2. candidate pairs: the self-join on band keys, at least one side pending, then the outlet
    # and time-window filters of the single-node path on (title, published) read by executors
    meta_schema = StructType([StructField("article_id", LongType()), StructField("title", StringType()), StructField("published", TimestampType())])
    meta_rdd = sc.parallelize(_id_ranges(alo, ahi, parts), parts).mapPartitions(lambda it: _meta_partition(url, it))
    meta = spark.createDataFrame(meta_rdd, meta_schema, verifySchema=False)
    a, b = bands.alias("a"), bands.alias("b")
    pairs = (
        a.join(b, F.col("a.band_key") == F.col("b.band_key"))
        .where((F.col("a.article_id") < F.col("b.article_id")) & (F.col("a.new") | F.col("b.new")))
        .select(F.col("a.article_id").alias("x"), F.col("b.article_id").alias("y"))
        .distinct()
    )
    mx, my = meta.alias("mx"), meta.alias("my")
    window_s = cfg.window_days * 86400
    pairs = (
        pairs.join(mx, F.col("x") == F.col("mx.article_id"))
        .join(my, F.col("y") == F.col("my.article_id"))
        .where(F.col("mx.title") != F.col("my.title"))
        .where(
            F.col("mx.published").isNull()
            | F.col("my.published").isNull()
            | (F.abs(F.col("mx.published").cast("long") - F.col("my.published").cast("long")) <= window_s)
        )
        .select("x", "y")
    )

    # 3. alignment, once: the results stay persisted in Spark for pruning and writing
    counter = sc.accumulator(0)
    found = pairs.rdd.map(lambda r: (r.x, r.y)).mapPartitions(lambda it: _align_partition(url, cfg_json, it, counter, align_chunk))
    found = found.persist(StorageLevel.MEMORY_AND_DISK)
    rep = found.filter(lambda kv: kv[1][0][0] == "republication").map(lambda kv: (kv[1][0][2][0], kv[0])).collect()
    stats.candidates = int(counter.value)
    keyed.unpersist()
    lap("candidates+align")

    # 4. chains pruned per copy (every republication pair broadcast for the "is the nearer source
    # itself a copy?" question), kept rows streamed to the driver a partition at a time and
    # written in batches, in (source, copy) order as the single-node path writes a batch
    republications = sc.broadcast(set(rep))
    kept = (
        found.groupByKey()
        .flatMap(lambda kv: _prune(cfg, list(kv[1]), republications.value))
        .sortBy(lambda rows: (rows[0]["source_id"], rows[0]["copy_id"]))
    )
    with engine.begin() as conn:
        batch: list[Any] = []
        for rows in kept.toLocalIterator():
            batch.append(rows)
            if len(batch) >= write_batch:
                stats.syndications += write_rows(conn, batch, stats.run_id, params)
                batch = []
        stats.syndications += write_rows(conn, batch, stats.run_id, params)
        store.mark_detected(conn, pending)
        lap("prune+write")
        if cfg.index_recent_rows:
            lsh_index.compact(conn, cfg.index_recent_rows)
        store.finish_run(conn, stats.run_id, {"articles": stats.articles, "candidates": stats.candidates, "syndications": stats.syndications,
                                              "band_rows": stats.band_rows, "seconds": stats.seconds})
    found.unpersist()
    republications.unpersist()
    lap("compact")
    return stats


def main(argv: list[str] | None = None) -> int:
    """Entry point for spark-submit: ``spark.py --warehouse URL [--config FILE]``."""
    from pipeline.config import load_settings

    ap = argparse.ArgumentParser(description="synd backfill detection on Spark")
    ap.add_argument("--warehouse", required=True, help="SQLAlchemy URL every executor can reach")
    ap.add_argument("--config", type=Path, default=None)
    ap.add_argument("--master", default=None, help="only outside spark-submit, e.g. local[*]")
    ap.add_argument("--driver-memory", default="1g", help="with --master local[...]: the memory of the whole job")
    ap.add_argument("--partitions", type=int, default=None,
                    help="shuffle partitions (candidate join, alignment); default: spark.sql.shuffle.partitions")
    ap.add_argument("--chunk", type=int, default=500, help="pending articles fingerprinted per task")
    args = ap.parse_args(argv)
    settings = load_settings(args.config, overrides={"warehouse": {"url": args.warehouse}})
    from pyspark.sql import SparkSession

    if args.master:
        spark = session(args.master, shuffle_partitions=args.partitions or 4, driver_memory=args.driver_memory)
    else:
        spark = SparkSession.builder.getOrCreate()
        if args.partitions:
            spark.conf.set("spark.sql.shuffle.partitions", str(args.partitions))
    started = datetime.now()
    stats = spark_detect(spark, args.warehouse, settings.detect, chunk=args.chunk)
    print(f"spark detect: {stats.articles} articles, {stats.candidates} candidate pairs, {stats.syndications} syndications "
          f"in {datetime.now() - started} ({stats.band_rows} band rows; seconds by stage: {stats.seconds})")
    spark.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
