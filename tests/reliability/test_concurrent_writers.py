"""Concurrent writers on one warehouse wait for each other instead of failing: two `synd ingest`
and a `synd detect` at once on SQLite end with 0 "database is locked" aborts and every row stored
(every write transaction takes the lock up front, `BEGIN IMMEDIATE`); on PostgreSQL, two ingests
of one file race on the same URLs and give 0 IntegrityError rejects (upserts are conflict-free)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pipeline.bench.corpus import Generator
from pipeline.warehouse import db
from pipeline.warehouse.schema import articles, rejects
from tests.reliability.figures import record_figures
from tests.reliability.helpers import SYND, env, scale


def _corpus(path: Path, prefix: str, n: int, seed: int = 3) -> list[str]:
    """``n`` generated articles (a third copy an earlier one, so detect has pairs to write) under
    URLs of their own."""
    rows = []
    for a in Generator(seed=seed, outlets=8, copy_share=0.3).articles(n, minutes_apart=30):
        rec = a.record(with_html=False)
        rec["url"] = str(rec["url"]).replace("/news/", f"/{prefix}/")
        rows.append(rec)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return [str(r["url"]) for r in rows]


def _start(args: list[str], cwd: Path, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(args, env=env(**{"SYND__INGEST__BATCH_SIZE": "2", "SYND__DETECT__BATCH_SIZE": "2", **extra}),
                            cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_ingests_and_a_detect_at_once_on_sqlite_all_wait(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    db.connect(url)  # the schema exists: the race is between writers, not migrations
    runs = scale(1, 5)
    n = scale(150, 400)
    aborts = 0
    for run in range(runs):
        files = [tmp_path / f"a{run}.jsonl", tmp_path / f"b{run}.jsonl"]
        want = _corpus(files[0], f"a{run}", n, run) + _corpus(files[1], f"b{run}", n, run + 100)
        raw = str(tmp_path / "raw")
        procs = [_start([SYND, "ingest", str(f), "--warehouse", url], tmp_path, SYND__RAW_STORE__PATH=raw) for f in files]
        detects = []
        while any(p.poll() is None for p in procs):  # detect again and again while the ingests write
            detects.append(_start([SYND, "detect", "--warehouse", url], tmp_path, SYND__RAW_STORE__PATH=raw))
            detects[-1].wait(300)
            time.sleep(0.05)
        detects.append(_start([SYND, "detect", "--warehouse", url], tmp_path, SYND__RAW_STORE__PATH=raw))
        outs = [(p, *p.communicate(timeout=300)) for p in procs + detects]
        failed = [(p.args, p.returncode, err[-800:]) for p, _, err in outs if p.returncode != 0 or "locked" in err]
        aborts += len(failed)
        assert not failed, f"a writer failed instead of waiting: {failed}"
        with db.connect(url).connect() as conn:
            stored = {r[0] for r in conn.execute(select(articles.c.url))}
            undetected = conn.execute(select(func.count()).select_from(articles).where(articles.c.detected_at.is_(None))).scalar_one()
        assert set(want) <= stored, f"{len(set(want) - stored)} articles lost"
        assert undetected == 0
    record_figures("concurrent_writers_sqlite", concurrent_writer_runs_sqlite=runs, concurrent_writer_aborts=aborts)


@pytest.mark.parametrize("copies", [2])
def test_two_ingests_of_one_file_on_postgres_reject_nothing(pg_url: str, tmp_path: Path, copies: int) -> None:
    db.connect(pg_url)
    runs = scale(1, 4)
    spurious = 0
    for run in range(runs):
        src = tmp_path / f"same{run}.jsonl"
        want = _corpus(src, f"p{run}", scale(600, 1500), run)
        # batches of different sizes: one ingest's batch overlaps the other's transaction in flight
        procs = [_start([SYND, "ingest", str(src), "--warehouse", pg_url], tmp_path, SYND__RAW_STORE__PATH=str(tmp_path / "raw"),
                        SYND__INGEST__BATCH_SIZE=str(5 + 6 * i))
                 for i in range(copies)]
        outs = [(p, *p.communicate(timeout=300)) for p in procs]
        with db.connect(pg_url).connect() as conn:
            reasons = [r[0] for r in conn.execute(select(rejects.c.reason))]
            stored = [r[0] for r in conn.execute(select(articles.c.url).where(articles.c.url.in_(want)))]
        spurious += len(reasons)
        assert not reasons, f"concurrent upserts of one URL were rejected: {reasons[:3]}"
        assert all(p.returncode == 0 for p, _, _ in outs), [err[-800:] for _, _, err in outs]
        assert sorted(stored) == sorted(want), "each URL stored exactly once"
    record_figures("concurrent_ingest_postgres", concurrent_ingest_runs_postgres=runs, integrity_rejects=spurious)
