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
    for workers, bound in ((1, 0), (1, 60), (2, 60)):  # inline (no deadline), one child, two
        settings = settings_for(f"sqlite:///{tmp_path / f'w{workers}-{bound}.db'}", ingest={"workers": workers},
                                normalise={"max_parse_seconds": bound})
        stats = jobs.ingest(settings, [SAMPLE, bad])
        with jobs.warehouse(settings).connect() as conn:
            arts = conn.execute(select(articles.c.article_id, articles.c.url, articles.c.body, articles.c.published)).all()
            rej = conn.execute(select(rejects.c.record, rejects.c.reason)).all()
        seen.append((stats.as_dict(), [tuple(a) for a in arts], [tuple(r) for r in rej]))
    assert seen[0] == seen[1] == seen[2]
    assert seen[0][0]["rejected"] == 1 and "bad.jsonl:1" in seen[0][2][0][0]


def _sleep_on(x: int, slow: int) -> int:
    if x == slow:
        time.sleep(60)  # stands for a parse stuck in C code: only a SIGKILL ends it
    return x


def _exit_on(x: int, bad: int) -> int:
    if x == bad:
        os._exit(3)  # stands for a crash in C code (a segfault): no exception, the process is gone
    return x


def _children() -> set[int]:
    path = f"/proc/{os.getpid()}/task/{os.getpid()}/children"
    return {int(c) for c in open(path).read().split()}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_record_over_the_deadline_is_lost_and_the_rest_land_in_order(workers: int) -> None:
    before = _children()
    t0 = time.monotonic()
    with OrderedPool(_sleep_on, (5,), workers=workers, chunksize=2, deadline=1.5,
                     lost=lambda item, why: f"lost {item}: {why.detail} (timed out: {why.timed_out})") as pool:
        out = list(pool.map(range(12)))
    assert time.monotonic() - t0 < 30, "the pool waited for the stuck record"
    assert out[:5] == list(range(5)) and out[6:] == list(range(6, 12))
    assert out[5] == "lost 5: took over 1.5 s (timed out: True)"
    assert _children() == before, "the pool left worker processes behind"


def _stall_once(x: int, flag: str) -> int:
    """Item 3 stalls the first time only: a stall of the machine, not of the record."""
    if x == 3 and not os.path.exists(flag):
        open(flag, "w").close()
        time.sleep(60)
    return x


def test_a_record_over_the_deadline_once_gets_a_second_worker(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with OrderedPool(_stall_once, (str(tmp_path / "stalled"),), workers=2, chunksize=2, deadline=1.5,
                     lost=lambda item, why: f"lost {item}") as pool:
        assert list(pool.map(range(8))) == list(range(8))
    assert (tmp_path / "stalled").exists(), "item 3 never stalled: the test proves nothing"


def test_a_worker_crash_costs_only_its_record() -> None:
    before = _children()
    with OrderedPool(_exit_on, (3,), workers=2, chunksize=2, deadline=30,
                     lost=lambda item, why: (item, why.timed_out, why.detail)) as pool:
        out = list(pool.map(range(40)))
    assert out[3] == (3, False, "its worker exited with code 3")
    assert out[:3] + out[4:] == [x for x in range(40) if x != 3]
    assert _children() == before


def test_a_lost_record_without_a_handler_is_raised() -> None:
    from pipeline.parallel import WorkerLost

    before = _children()
    with pytest.raises(WorkerLost, match="exited with code 3"), OrderedPool(_exit_on, (3,), workers=2) as pool:
        list(pool.map(range(10)))
    assert _children() == before


def test_an_abandoned_map_leaves_no_workers() -> None:
    before = _children()
    pool = OrderedPool(_sleep_on, (2,), workers=2, chunksize=1, deadline=120)
    it = pool.map(range(100))
    assert next(it) == 0
    it.close()  # the consumer gave up with records in work (one of them stuck)
    pool.close()
    assert _children() == before


def _crash_on_bad_url(rec, settings):  # type: ignore[no-untyped-def]
    from pipeline import jobs

    if rec.url.endswith("/bad"):
        os._exit(139)  # as a segfault inside lxml would end it
    return jobs.Prepared(rec.locator, rec.url, reason="fine")


def test_a_crashed_or_slow_ingest_record_is_a_named_reject(settings_for, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pipeline import jobs
    from pipeline.normalise.article import RawRecord
    from pipeline.parallel import Lost

    settings = settings_for(f"sqlite:///{tmp_path / 'w.db'}", normalise={"max_parse_seconds": 2})
    recs = [RawRecord("t", f"f:{i}", url=f"https://a.example/{'bad' if i == 1 else i}", html="<p>x</p>") for i in range(3)]
    with OrderedPool(_crash_on_bad_url, (settings,), workers=1, deadline=2,
                     lost=lambda rec, why: jobs._lost_record(rec, why, settings)) as pool:
        out = list(pool.map(recs))
    assert [(p.locator, p.url) for p in out] == [("f:0", "https://a.example/0"), ("f:1", "https://a.example/bad"),
                                                 ("f:2", "https://a.example/2")]
    assert out[1].reason == ("extraction crashed (its worker exited with code 139): drop the record, "
                             "or report the page if it is a real article")
    slow = jobs._lost_record(recs[0], Lost(True, "took over 2 s"), settings)
    assert slow.reason == "parse took over 2 s (normalise.max_parse_seconds): raise it or drop the record"
