"""The jobs the CLI and the Airflow DAGs both call: ingest, detect, run.

Each takes settings and returns small counts, so a DAG task can pass them on through XCom.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from pipeline.config import Settings
from pipeline.crawl.rawstore import open_store
from pipeline.detect.detector import DetectStats
from pipeline.detect.detector import detect as _detect
from pipeline.normalise.article import RawRecord, RejectError, normalise_record
from pipeline.sources import read_paths
from pipeline.sources.outlets import outlet_hosts, outlet_profiles
from pipeline.warehouse import db, store

Progress = Callable[[str, int, int], None]


@dataclass
class IngestStats:
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    run_id: int | None = None
    reject_examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("seen", "new", "updated", "unchanged", "rejected")}


def warehouse(settings: Settings) -> Engine:
    return db.connect(settings.warehouse.url)


def ingest_records(
    engine: Engine,
    records: Iterable[RawRecord],
    settings: Settings,
    *,
    progress: Progress | None = None,
    commit_every: int = 200,
) -> IngestStats:
    """Normalise and store records; a bad record becomes a row in ``rejects``, never an abort."""
    stats = IngestStats()
    hosts = outlet_hosts(settings)
    profiles = outlet_profiles(settings)
    raw = open_store(settings.raw_store)
    with engine.begin() as conn:
        stats.run_id = store.start_run(conn, "ingest")
    conn = engine.connect()
    tx = conn.begin()
    try:
        for rec in records:
            stats.seen += 1
            if rec.html is not None and rec.raw_key is None and isinstance(rec.html, str | bytes):
                data = rec.html.encode() if isinstance(rec.html, str) else rec.html
                rec.raw_key = raw.put(data, {"url": str(rec.url), "origin": rec.origin})
            try:
                art = normalise_record(rec, settings.normalise, hosts, profiles=profiles)
            except RejectError as exc:
                stats.rejected += 1
                store.add_reject(conn, stats.run_id, "ingest", rec.locator, str(exc), rec.url)
                if len(stats.reject_examples) < 5:
                    stats.reject_examples.append(f"{rec.locator}: {exc}")
            else:
                status = store.upsert_article(conn, art, stats.run_id)
                setattr(stats, status, getattr(stats, status) + 1)
            if stats.seen % commit_every == 0:
                tx.commit()
                tx = conn.begin()
            if progress:
                progress("ingest", stats.seen, 0)
        store.finish_run(conn, stats.run_id, stats.as_dict())
        tx.commit()
    finally:
        conn.close()
    return stats


def ingest(settings: Settings, paths: list[str | Path], *, progress: Progress | None = None) -> IngestStats:
    return ingest_records(warehouse(settings), read_paths(paths), settings, progress=progress)


def detect(settings: Settings, *, progress: Progress | None = None) -> DetectStats:
    return _detect(warehouse(settings), settings.detect, progress=progress)
