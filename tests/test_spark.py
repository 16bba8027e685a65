"""The Spark backfill path writes the same warehouse rows as the single-node path (local mode)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from pipeline import jobs
from pipeline.detect import index as lsh_index
from pipeline.warehouse.schema import articles, boilerplate, passages, syndications
from tests.conftest import SAMPLE

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java runtime", allow_module_level=True)


def _rows(url: str, settings: Any) -> dict[str, Any]:
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        syn = {r.syndication_id: r for r in conn.execute(select(syndications))}
        skip = {"syndication_id", "run_id", "detected_at"}
        synd_rows = sorted(tuple((k, v) for k, v in r._mapping.items() if k not in skip) for r in syn.values())
        pas = sorted(
            (syn[p.syndication_id].source_id, syn[p.syndication_id].copy_id, *(v for k, v in p._mapping.items() if k not in {"passage_id", "syndication_id"}))
            for p in conn.execute(select(passages))
        )
        bands = sorted(conn.execute(lsh_index.all_rows()).all())
        boiler = sorted(conn.execute(select(boilerplate.c.outlet, boilerplate.c.text_hash, boilerplate.c.articles)).all())
        undetected = conn.execute(select(articles.c.article_id).where(articles.c.detected_at.is_(None))).all()
    return {"syndications": synd_rows, "passages": pas, "bands": bands, "boilerplate": boiler, "undetected": undetected}


def test_spark_rows_equal_single_node(tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    from pipeline.detect.spark import session, spark_detect

    single = settings_for(f"sqlite:///{tmp_path / 'single.db'}", ingest={"workers": 1})
    jobs.ingest(single, [SAMPLE])
    spark_settings = settings_for(f"sqlite:///{tmp_path / 'spark.db'}", ingest={"workers": 1})
    jobs.ingest(spark_settings, [SAMPLE])
    jobs.detect(single)

    spark = session("local[1]", shuffle_partitions=2)
    try:
        # tiny chunks and batches: several fingerprint tasks, align loads and write_rows calls
        stats = spark_detect(spark, spark_settings.warehouse.url, spark_settings.detect, chunk=7, align_chunk=3, write_batch=2)
    finally:
        spark.stop()
    a, b = _rows(single.warehouse.url, single), _rows(spark_settings.warehouse.url, spark_settings)
    assert stats.syndications == len(a["syndications"]) > 5
    assert stats.candidates >= stats.syndications
    assert b["undetected"] == []
    for key in ("syndications", "passages", "bands", "boilerplate"):
        assert a[key] == b[key], key


def _light(source: int, copy: int, words: int) -> Any:
    """A republication as ``_align_partition`` ships it: (light record, rows), ``words`` copied from the copy's start."""
    span = (0, words * 6, 0, words * 6, 1.0, False, words, (0, words))
    return (("republication", copy, (source, None), [span]), ({"source_id": source, "copy_id": copy}, []))


def test_prune_per_copy_sees_every_republication() -> None:
    """Chain A->B->C: C's nearer source B is itself a copy of A, so (A, C) goes. Pruned per copy
    (as Spark groups the results), C's group alone does not hold (A, B): the broadcast set of every
    republication pair must give the same answer as pruning all results together."""
    from pipeline.config import DetectSettings
    from pipeline.detect.spark import _prune

    cfg = DetectSettings()
    a, b, c = 1, 2, 3
    everything = [_light(a, b, 120), _light(b, c, 100), _light(a, c, 80)]
    together = sorted((r[0]["source_id"], r[0]["copy_id"]) for r in _prune(cfg, everything))
    assert together == [(1, 2), (2, 3)]
    republications = {(a, b), (b, c), (a, c)}
    per_copy = sorted((r[0]["source_id"], r[0]["copy_id"])
                      for copy in (b, c) for r in _prune(cfg, [i for i in everything if i[0][1] == copy], republications))
    assert per_copy == together
    alone = sorted((r[0]["source_id"], r[0]["copy_id"]) for r in _prune(cfg, [i for i in everything if i[0][1] == c]))
    assert alone == [(1, 3), (2, 3)]  # without the set, C's group cannot know B copies A


def test_id_ranges_cover_every_id_once() -> None:
    from pipeline.detect.spark import _id_ranges

    assert _id_ranges(None, None, 4) == []
    for lo, hi, parts in ((1, 1, 4), (1, 10, 3), (5, 1_000_003, 8), (1, 7, 7)):
        ranges = _id_ranges(lo, hi, parts)
        assert len(ranges) <= parts
        covered = [i for r_lo, r_hi in ranges for i in range(r_lo, r_hi + 1)] if hi - lo < 100 else None
        if covered is not None:
            assert covered == list(range(lo, hi + 1))
        assert ranges[0][0] == lo and ranges[-1][1] == hi
        assert all(ranges[i][1] + 1 == ranges[i + 1][0] for i in range(len(ranges) - 1))
