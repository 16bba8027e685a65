"""The ordered process pool: results in input order, worker errors surface, bounded look-ahead."""

from __future__ import annotations

import os
import time

import pytest

from pipeline.parallel import OrderedPool, default_workers


def _square_with_pid(x: int, offset: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough that both workers get chunks even on a loaded machine
    return x * x + offset, os.getpid()


def _fail_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x


def _pid_of_setup(x: int, pid: int) -> tuple[int, int]:
    return x, pid


def test_order_kept_and_work_spread_over_processes() -> None:
    with OrderedPool(_square_with_pid, (1,), workers=2, chunksize=2) as pool:
        out = list(pool.map(range(200)))
    assert [v for v, _ in out] == [x * x + 1 for x in range(200)]
    pids = {p for _, p in out}
    assert os.getpid() not in pids and len(pids) == 2


def test_inline_when_one_worker() -> None:
    with OrderedPool(_square_with_pid, (0,), workers=1) as pool:
        out = list(pool.map([3, 1, 2]))
    assert out == [(9, os.getpid()), (1, os.getpid()), (4, os.getpid())]


@pytest.mark.parametrize("workers", [1, 2])
def test_worker_error_raised_in_parent(workers: int) -> None:
    with pytest.raises(ValueError, match="seven"), OrderedPool(_fail_on_seven, workers=workers) as pool:
        list(pool.map(range(20)))


def test_setup_runs_in_each_worker() -> None:
    with OrderedPool(_pid_of_setup, workers=2, setup=lambda: (os.getpid(),)) as pool:
        out = list(pool.map(range(50)))
    assert all(pid != os.getpid() for _, pid in out)
    assert [x for x, _ in out] == list(range(50))


def test_lazy_input_is_consumed_in_bounded_blocks() -> None:
    pulled: list[int] = []

    def source():  # type: ignore[no-untyped-def]
        for i in range(10_000):
            pulled.append(i)
            yield i

    with OrderedPool(_fail_on_seven, workers=2, chunksize=2) as pool:
        it = pool.map(x for x in source() if x != 7)
        first = next(it)
        assert first == 0
        assert len(pulled) < 100  # not the whole stream
        assert sum(1 for _ in it) == 9998


def test_default_workers_is_the_cpu_count() -> None:
    assert default_workers() == len(os.sched_getaffinity(0))


def test_parallel_ingest_stores_what_serial_ingest_stores(tmp_path, settings_for) -> None:  # type: ignore[no-untyped-def]
    import json

    from sqlalchemy import select

    from pipeline import jobs
    from pipeline.warehouse.schema import articles, rejects
    from tests.conftest import SAMPLE

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"url": "https://x.example/empty", "html": "<html><body></body></html>"}) + "\n")
    seen = []
    for workers in (1, 2):
        settings = settings_for(f"sqlite:///{tmp_path / f'w{workers}.db'}", ingest={"workers": workers})
        stats = jobs.ingest(settings, [SAMPLE, bad])
        with jobs.warehouse(settings).connect() as conn:
            arts = conn.execute(select(articles.c.article_id, articles.c.url, articles.c.body, articles.c.published)).all()
            rej = conn.execute(select(rejects.c.record, rejects.c.reason)).all()
        seen.append((stats.as_dict(), [tuple(a) for a in arts], [tuple(r) for r in rej]))
    assert seen[0] == seen[1]
    assert seen[0][0]["rejected"] == 1 and "bad.jsonl:1" in seen[0][2][0][0]
