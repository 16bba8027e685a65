"""Aligning in a forked child while the batch's index rows are written: the same warehouse as
aligning in the detecting process, whether the child answers or fails."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from pipeline import jobs
from pipeline.detect import detector
from pipeline.detect import index as lsh_index
from pipeline.warehouse.schema import passages, syndications
from tests.conftest import SAMPLE


def _detected(settings: Any) -> tuple[list[Any], list[tuple[Any, ...]], set[tuple[int, int]]]:
    jobs.ingest(settings, [SAMPLE])
    stats = jobs.detect(settings)
    assert stats.candidates >= 2 and stats.syndications >= 1
    with jobs.warehouse(settings).connect() as conn:
        pairs = conn.execute(select(*[c for c in syndications.c if c.name not in ("syndication_id", "run_id", "detected_at")])
                             .order_by(syndications.c.source_id, syndications.c.copy_id)).all()
        spans = sorted(tuple(r) for r in conn.execute(
            select(syndications.c.source_id, syndications.c.copy_id, passages.c.kind, passages.c.copy_start,
                   passages.c.copy_end, passages.c.source_start, passages.c.source_end)
            .join(passages, passages.c.syndication_id == syndications.c.syndication_id)))
        rows = {(k, a) for k, a in conn.execute(lsh_index.all_rows())}
    return pairs, spans, rows


@contextlib.contextmanager
def _child_fails(fn: Callable[[], Any]) -> Iterator[Callable[[], None]]:
    yield lambda: None


@pytest.mark.parametrize(("child", "cores"), [("answers", 2), ("fails", 2), ("answers", 3), ("one fails", 3)])
def test_forked_alignment_stores_what_alignment_here_stores(
    warehouse_url: str, settings_for, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: str, cores: int  # type: ignore[no-untyped-def]
) -> None:
    inserts = []
    real = lsh_index._insert

    def counted(*args: Any) -> int:
        inserts.append(1)
        return real(*args)

    monkeypatch.setattr(lsh_index, "_insert", counted)
    monkeypatch.setattr(detector, "default_workers", lambda: cores)  # a child per core, each every n-th pair
    monkeypatch.setattr(detector, "MIN_FORKED_PAIRS", 1)
    answered: list[bool] = []
    answered_or_asked: list[int] = []
    real_forked = detector.forked

    @contextlib.contextmanager
    def watched(fn: Callable[[], Any]) -> Iterator[Callable[[], Any]]:
        fails = child == "fails" or (child == "one fails" and len(answered_or_asked) == 1)
        answered_or_asked.append(1)
        with (_child_fails if fails else real_forked)(fn) as answer:
            def noted() -> Any:
                got = answer()
                answered.append(got is not None)
                return got
            yield noted

    monkeypatch.setattr(detector, "forked", watched)
    overlapped = _detected(settings_for(warehouse_url))
    assert len(inserts) == 1  # the batch's rows written once, child or no child
    # every child was asked (and answered, or not: its pairs were then aligned here)
    assert answered == [child == "answers" or (child == "one fails" and k != 1) for k in range(cores)]

    monkeypatch.setattr(detector, "MIN_FORKED_PAIRS", 10**9)  # aligned here, after the insert
    serial = _detected(settings_for(f"sqlite:///{tmp_path / 'serial.db'}", raw_store={"kind": "local", "path": str(tmp_path / "raw2")}))
    assert overlapped == serial
