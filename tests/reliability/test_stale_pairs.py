"""A body change invalidates its pairs inside the transaction that changes it, even while a detect
batch that read the old body is in flight: the source of a pair is corrected by an ingest while
the batch detecting its copy is open; afterwards no pair refers to the corrected article until it
is detected again, and then every passage quotes the bodies as they are."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from pipeline import jobs
from pipeline.detect import detector
from pipeline.warehouse import db, store
from pipeline.warehouse.schema import articles, passages, syndications
from tests.reliability.helpers import body_text

SRC, CPY = "https://source.example/story", "https://copier.example/story"


def _write(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.write_text("".join(json.dumps({"url": u, "outlet": u.split("/")[2], "published": when, "title": "Story",
                                        "text": text}) + "\n" for u, when, text in rows))
    return path


def test_a_source_corrected_during_a_detect_batch_leaves_no_stale_pair(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = settings_for(warehouse_url)
    jobs.ingest(s, [_write(tmp_path / "src.jsonl", [(SRC, "2026-03-01T08:00:00Z", body_text("Harbour"))])])
    jobs.detect(s)
    jobs.ingest(s, [_write(tmp_path / "cpy.jsonl", [(CPY, "2026-03-02T08:00:00Z", body_text("Harbour"))])])
    corrected = body_text("Harbour").replace("Harbour paragraph 0.", "Harbour paragraph zero, corrected.", 1)
    fix = _write(tmp_path / "fix.jsonl", [(SRC, "2026-03-01T08:00:00Z", corrected)])
    engine = jobs.warehouse(s)
    ingest_done = threading.Event()
    errors: list[BaseException] = []

    def correct() -> None:
        try:
            jobs.ingest(s, [fix])
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            ingest_done.set()

    stats = detector.DetectStats()
    with db.write_transaction(engine, "detect") as conn:  # a detect batch, held open
        batch = detector.claim_batch(conn, 10)
        detector._detect_batch(conn, batch, s.detect, stats, {}, None, len(batch))
        assert stats.syndications == 1, "the batch found the pair (with the old source body)"
        worker = threading.Thread(target=correct)
        worker.start()
        time.sleep(2.0)  # the correction runs now, if nothing makes it wait
        store.mark_detected(conn, batch)
    worker.join(120)
    assert ingest_done.is_set() and not errors, errors
    with engine.connect() as conn:
        body, detected = conn.execute(select(articles.c.body, articles.c.detected_at).where(articles.c.url == SRC)).one()
        stale = conn.execute(select(func.count()).select_from(syndications)).scalar_one()
    assert "corrected" in body and detected is None
    assert stale == 0, "a pair written against the old source body survived the correction"

    jobs.detect(s)  # detected again: the pair comes back with spans on the bodies as they are
    with engine.connect() as conn:
        bodies = {r.article_id: r.body for r in conn.execute(select(articles.c.article_id, articles.c.body))}
        rows = conn.execute(select(syndications.c.source_id, syndications.c.copy_id, passages.c.kind, passages.c.copy_start,
                                   passages.c.copy_end, passages.c.source_start, passages.c.source_end)
                            .join(passages, passages.c.syndication_id == syndications.c.syndication_id)).all()
    assert rows
    for r in rows:
        if r.kind == "copied":
            strip = " .,;:\"“”‘’()"
            assert bodies[r.copy_id][r.copy_start:r.copy_end].strip(strip) == bodies[r.source_id][r.source_start:r.source_end].strip(strip)
