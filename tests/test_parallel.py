"""The ordered process pool: results in input order, worker errors surface, bounded look-ahead."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest

from pipeline.parallel import OrderedPool, default_workers, forked


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
        time.sleep(60)  # stands for a worker blocked for good (on I/O): only a SIGKILL ends it
    return x


def _spin_on(x: int, slow: int, tries: str) -> int:
    if x == slow:
        with open(tries, "a") as fh:
            fh.write("x")
        while True:  # stands for a parse stuck in C code, using CPU: only a SIGKILL ends it
            pass
    return x


def _stop_on(x: int, slow: int) -> int:
    if x == slow:
        os.kill(os.getpid(), signal.SIGSTOP)  # a worker stopped: no CPU, no end
    return x


def _nap_on(x: int, slow: int, seconds: float) -> int:
    if x == slow:
        time.sleep(seconds)  # waits (for the disk, for a core), using no CPU
    return x


def _exit_on(x: int, bad: int) -> int:
    if x == bad:
        os._exit(3)  # stands for a crash in C code (a segfault): no exception, the process is gone
    return x


def _children() -> set[int]:
    path = f"/proc/{os.getpid()}/task/{os.getpid()}/children"
    return {int(c) for c in open(path).read().split()}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_record_over_the_cpu_deadline_is_lost_at_once_and_the_rest_land_in_order(workers: int, tmp_path: Path) -> None:
    before = _children()
    tries = tmp_path / "tries"
    t0 = time.monotonic()
    with OrderedPool(_spin_on, (5, str(tries)), workers=workers, chunksize=2, deadline=0.5, backstop=30,
                     lost=lambda item, why: f"lost {item}: {why.detail} (backstop: {why.backstop})") as pool:
        out = list(pool.map(range(12)))
    assert time.monotonic() - t0 < 20, "the pool waited for the stuck record"
    assert out[:5] == list(range(5)) and out[6:] == list(range(6, 12))
    assert out[5] == "lost 5: used over 0.5 s of CPU time (backstop: False)"
    assert tries.read_text() == "x", "CPU time is the record's own: no second try"
    assert _children() == before, "the pool left worker processes behind"


def test_a_record_waiting_longer_than_the_cpu_deadline_is_not_lost() -> None:
    """1.5 s asleep (waiting for a core, the disk) against a 0.3 s CPU deadline: not the record's time."""
    with OrderedPool(_nap_on, (3, 1.5), workers=2, chunksize=2, deadline=0.3, backstop=30,
                     lost=lambda item, why: f"lost {item}: {why.detail}") as pool:
        assert list(pool.map(range(10))) == list(range(10))


@pytest.mark.parametrize("block", [_sleep_on, _stop_on])
def test_a_record_blocked_past_the_backstop_is_lost_after_a_second_try(block: object) -> None:
    before = _children()
    t0 = time.monotonic()
    with OrderedPool(block, (5,), workers=2, chunksize=2, deadline=0.3, backstop=0.8,  # type: ignore[arg-type]
                     lost=lambda item, why: f"lost {item}: {why.detail} (backstop: {why.backstop})") as pool:
        out = list(pool.map(range(12)))
    assert time.monotonic() - t0 < 20, "the pool waited for the blocked record"
    assert out[:5] == list(range(5)) and out[6:] == list(range(6, 12))
    assert out[5] == "lost 5: took over 0.8 s of wall-clock time (its worker stalled or blocked) (backstop: True)"
    assert _children() == before, "the pool left worker processes behind"


def _stall_once(x: int, flag: str) -> int:
    """Item 3 stalls the first time only: a stall of the machine, not of the record."""
    if x == 3 and not os.path.exists(flag):
        open(flag, "w").close()
        time.sleep(60)
    return x


def test_a_record_over_the_backstop_once_gets_a_second_worker(tmp_path: Path) -> None:
    with OrderedPool(_stall_once, (str(tmp_path / "stalled"),), workers=2, chunksize=2, deadline=0.3, backstop=0.8,
                     lost=lambda item, why: f"lost {item}") as pool:
        assert list(pool.map(range(8))) == list(range(8))
    assert (tmp_path / "stalled").exists(), "item 3 never stalled: the test proves nothing"


def test_a_worker_paused_mid_write_never_shows_the_parent_a_torn_slot() -> None:
    """A loaded machine preempts a worker anywhere, also halfway through publishing the item it
    begins: the parent must still read a whole record. A torn one (the new index, the idle
    start time 0) made a millisecond record look 'over 60 s' and get killed at once."""
    from pipeline.parallel import _Slot

    slot = _Slot()
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:  # the worker's side, item after item, as fast as it goes
        try:
            i = 0
            while True:
                slot.publish(i)
                time.process_time()  # the item's own work, about as long as a publish: without it the
                time.monotonic()  # worker was between items (publishing the next) at almost every pause
                slot.publish(-1)
                i += 1
        finally:
            os._exit(0)
    in_work = torn = 0

    def published() -> int:
        return int(slot._SEQ.unpack_from(slot.mem)[0])

    try:
        for _ in range(400):
            resumed, deadline = published(), time.monotonic() + 5
            while published() == resumed and time.monotonic() < deadline:
                pass  # on a loaded machine a resumed writer may not run again before the next pause
            time.sleep(random.random() * 0.0005)
            os.kill(pid, signal.SIGSTOP)
            os.waitpid(pid, os.WUNTRACED)  # stopped: wherever it was, it stays there while we read
            if (work := slot.read()) is not None:
                in_work += 1
                torn += not t0 <= work[1] <= time.monotonic()
            os.kill(pid, signal.SIGCONT)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert in_work >= 20, "the writer was never caught in an item: the test proves nothing"
    assert torn == 0, f"{torn} torn reads of {in_work}"


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
    slow = jobs._lost_record(recs[0], Lost(True, "used over 2 s of CPU time"), settings)
    assert slow.reason == "parse used over 2 s of CPU time (normalise.max_parse_seconds): raise it or drop the record"
    stuck = jobs._lost_record(recs[0], Lost(True, "took over 20 s of wall-clock time (its worker stalled or blocked)",
                                            backstop=True), settings)
    assert stuck.reason == ("parse took over 20 s of wall-clock time (its worker stalled or blocked) "
                            "(normalise.max_parse_wall_seconds): raise it or drop the record")


def _boom() -> int:
    raise ValueError("in the child")


def test_forked_returns_the_childs_result_computed_on_the_parents_memory() -> None:
    data = list(range(1000))  # made before the fork: the child reads it without a copy being sent
    with forked(lambda: (sum(data), os.getpid())) as answer:
        total, pid = answer()  # type: ignore[misc]
    assert total == sum(data) and pid != os.getpid()


@pytest.mark.parametrize("fn", [_boom, lambda: os._exit(3), lambda: os.kill(os.getpid(), signal.SIGKILL)])
def test_forked_answers_none_when_the_child_fails_or_dies(fn) -> None:  # type: ignore[no-untyped-def]
    with forked(fn) as answer:
        assert answer() is None


def test_forked_kills_a_child_never_asked(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"

    def sleeper() -> int:
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)
        return 0

    started = time.monotonic()
    with forked(sleeper):
        while not pid_file.exists() or not pid_file.read_text():
            time.sleep(0.01)
    child = int(pid_file.read_text())
    assert time.monotonic() - started < 30  # not waited for
    assert not Path(f"/proc/{child}").exists()  # killed and reaped: no zombie left


def test_forked_gives_up_on_a_child_stuck_on_a_lock_held_at_the_fork() -> None:
    held, release = threading.Lock(), threading.Event()
    held.acquire()
    holder = threading.Thread(target=lambda: (release.wait(), held.release()))
    holder.start()  # another thread of the parent holds the lock: the child's copy never frees

    def needs_the_lock() -> int:
        with held:
            return 1

    started = time.monotonic()
    try:
        with forked(needs_the_lock, stall_seconds=0.5) as answer:
            assert answer() is None  # the caller computes it instead of waiting for ever
    finally:
        release.set()
        holder.join()
    assert time.monotonic() - started < 20


def test_forked_waits_for_a_busy_child_longer_than_the_stall_bound() -> None:
    def spin() -> int:
        end, n = time.process_time() + 1.5, 0
        while time.process_time() < end:  # CPU time, so a loaded machine cannot make it short
            n += 1
        return 7

    with forked(spin, stall_seconds=0.5) as answer:
        assert answer() == 7
