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
        stats = spark_detect(spark, spark_settings.warehouse.url, spark_settings.detect)
    finally:
        spark.stop()
    a, b = _rows(single.warehouse.url, single), _rows(spark_settings.warehouse.url, spark_settings)
    assert stats.syndications == len(a["syndications"]) > 5
    assert b["undetected"] == []
    for key in ("syndications", "passages", "bands", "boilerplate"):
        assert a[key] == b[key], key
