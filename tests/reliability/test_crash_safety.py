"""SIGKILL the real `synd ingest` and `synd detect` at random points (after a random number of
committed batches, plus a random delay so kills also land mid-batch), rerun, and compare the
warehouse with a clean uninterrupted run: no duplicates, no gaps, no orphan rows, no run left
'running'. Two `synd detect` at once on PostgreSQL: no duplicates, no deadlock, same result."""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from pipeline import jobs
from pipeline.warehouse import db
from pipeline.warehouse.schema import articles, rejects, runs
from tests.reliability.figures import record_figures
from tests.reliability.helpers import (
    HOSTILE,
    ROOT,
    SYND,
    difference,
    duplicates,
    env,
    orphans,
    scale,
    snapshot,
)

SAMPLE = ROOT / "samples" / "sample.jsonl"
INPUTS = [SAMPLE, HOSTILE / "broken.jsonl"]
BATCH = {"SYND__INGEST__BATCH_SIZE": "3", "SYND__DETECT__BATCH_SIZE": "3"}


def _settings(settings_for, url: str, raw: Path):  # type: ignore[no-untyped-def]
    return settings_for(url, ingest={"batch_size": 3}, detect={"batch_size": 3}, raw_store={"kind": "local", "path": str(raw)})


def _count(engine: Engine, what: str) -> int:
    with engine.connect() as conn:
        if what == "ingest":
            return int(conn.execute(select(func.count()).select_from(articles)).scalar_one())
        return int(conn.execute(select(func.count()).select_from(articles).where(articles.c.detected_at.is_not(None))).scalar_one())


def _run_with_kills(args: list[str], url: str, raw: Path, what: str, kills: int, rng: random.Random, tmp: Path) -> tuple[int, int]:
    """Start the command repeatedly, SIGKILLing it once it has committed a random amount of work;
    then let it finish. Returns (kills delivered while it was working, final exit code)."""
    engine = db.connect(url)
    survived = 0
    for _ in range(kills):
        target = _count(engine, what) + rng.randint(1, 9)
        proc = subprocess.Popen(args, env=env(**BATCH, SYND__RAW_STORE__PATH=str(raw)), cwd=tmp,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while proc.poll() is None and _count(engine, what) < target and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.random() * 0.3)  # land inside a batch as often as between batches
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            survived += 1
        else:
            break  # it finished before we struck: no more work to interrupt
    final = subprocess.run(args, env=env(**BATCH, SYND__RAW_STORE__PATH=str(raw)), cwd=tmp, capture_output=True, timeout=300)
    return survived, final.returncode


def _check_against_clean(url: str, clean_engine: Engine) -> tuple[int, int]:
    engine = db.connect(url)
    got, want = snapshot(engine), snapshot(clean_engine)
    assert orphans(engine) == dict.fromkeys(orphans(engine), 0)
    dupes = duplicates(got)
    lost = len({k[0] for k in want["articles"]} - {k[0] for k in got["articles"]})
    assert dupes == 0 and lost == 0
    assert difference(got, want) == dict.fromkeys(want, 0), "warehouse differs from a clean run"
    with engine.connect() as conn:
        statuses = [r[0] for r in conn.execute(select(runs.c.status))]
        last_ingest = conn.execute(select(func.max(runs.c.run_id)).where(runs.c.kind == "ingest")).scalar_one()
        got_rejects = {(r.record, r.reason) for r in conn.execute(select(rejects).where(rejects.c.run_id == last_ingest))}
    with clean_engine.connect() as conn:
        want_rejects = {(r.record, r.reason) for r in conn.execute(select(rejects))}
    assert got_rejects == want_rejects, "the rerun rejects exactly what a clean run rejects"
    assert "running" not in statuses, f"a killed run was left 'running': {statuses}"
    return dupes, lost


@pytest.mark.parametrize("backend", ["sqlite", "postgres"] if scale(0, 1) else ["sqlite"])
def test_sigkill_ingest_and_detect_then_rerun_equals_clean_run(backend: str, tmp_path: Path, settings_for, request) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random()
    seed = rng.randrange(10**6)
    rng.seed(seed)
    url = f"sqlite:///{tmp_path / 'killed.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    clean = _settings(settings_for, clean_url, tmp_path / "raw-clean")
    jobs.ingest(clean, INPUTS)
    jobs.detect(clean)

    raw = tmp_path / "raw-killed"
    kills = scale(1, 6)
    ingest_kills, code = _run_with_kills([SYND, "ingest", *map(str, INPUTS), "--warehouse", url], url, raw, "ingest", kills, rng, tmp_path)
    assert code == 2, f"seed {seed}: the final ingest exits 2 (the hostile file has rejects)"
    detect_kills, code = _run_with_kills([SYND, "detect", "--warehouse", url], url, raw, "detect", kills, rng, tmp_path)
    assert code == 0, f"seed {seed}"
    dupes, lost = _check_against_clean(url, db.connect(clean_url))
    with db.connect(url).connect() as conn:
        statuses = sorted(r[0] for r in conn.execute(select(runs.c.status)))
    # every killed run that got as far as recording itself is marked abandoned by a later run
    assert statuses.count("ok") == 2 and set(statuses) <= {"ok", "abandoned"}, statuses
    assert ingest_kills + detect_kills >= 1, f"seed {seed}: no kill landed while work was in progress"
    record_figures("sigkill_ingest_detect", kills_survived=ingest_kills + detect_kills, duplicates=dupes, lost=lost,
                   faults_injected=ingest_kills + detect_kills)


def test_two_detects_at_once_on_postgres(pg_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
    clean = _settings(settings_for, clean_url, tmp_path / "raw")
    jobs.ingest(clean, [SAMPLE])
    jobs.detect(clean)
    jobs.ingest(_settings(settings_for, pg_url, tmp_path / "raw"), [SAMPLE])

    args = [SYND, "detect", "--warehouse", pg_url]
    procs = [subprocess.Popen(args, env=env(**BATCH), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()[-2000:]
    engine = db.connect(pg_url)
    got, want = snapshot(engine), snapshot(db.connect(clean_url))
    assert duplicates(got) == 0
    assert difference(got, want) == dict.fromkeys(want, 0)
    assert orphans(engine) == dict.fromkeys(orphans(engine), 0)
    with engine.connect() as conn:
        done = [r.counts["articles"] for r in conn.execute(select(runs.c.counts).where(runs.c.kind == "detect"))]
    assert sum(done) == len({k[0] for k in want["articles"]}), "each article detected by exactly one of the two"
    record_figures("concurrent_detect_pg", duplicates=duplicates(got), lost=0)


def test_stale_running_run_is_abandoned_by_the_next(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = _settings(settings_for, sqlite_url, tmp_path / "raw")
    proc = subprocess.Popen(["sleep", "0"])
    proc.wait()  # a pid that existed and is gone
    engine = jobs.warehouse(settings)
    with engine.begin() as conn:
        from pipeline.warehouse import store

        dead = store.start_run(conn, "detect")
        conn.execute(runs.update().where(runs.c.run_id == dead).values(pid=proc.pid))
        silent = store.start_run(conn, "ingest")  # alive by pid (ours) but no heartbeat for two hours
        conn.execute(runs.update().where(runs.c.run_id == silent).values(
            heartbeat_at=store.now().replace(year=2000), host="another-host"))
    jobs.detect(settings)
    with engine.connect() as conn:
        status = dict(conn.execute(select(runs.c.run_id, runs.c.status)).all())
    assert status[dead] == "abandoned" and status[silent] == "abandoned"
    assert list(status.values()).count("ok") == 1
