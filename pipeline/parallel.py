"""Ingest on every core: extraction (trafilatura) runs in worker processes, writes stay in order.

Extraction dominates ingest (~20 ms a page), while the warehouse takes one writer at a time,
so records are normalised in worker processes and handed back in input order; the caller
keeps its own transactions and writes exactly as it would serially. ``ingest.workers``
(default: the number of cores) sets the pool size; 1 runs inline, with no pool, unless a
deadline is set.

The workers are our own forked processes, fed through pipes by the parent alone (non-blocking
I/O, one thread), not a ``multiprocessing.Pool``: a record may run past its deadline inside
lxml's C code, where no signal interrupts it, so the only cure is to SIGKILL its worker, and a
Pool's ``imap`` then waits forever for the killed task. Here the parent knows which record each
worker is on, since when and from what CPU time; a worker over the deadline, or one that dies (a
segfault in C, an ``os._exit``), costs only that record, handed to ``lost``, and a fresh worker
takes the rest.

The deadline counts the worker's own CPU time for the record (read by the parent from
``/proc/<pid>/stat``), not the wall clock: on a loaded machine a worker waits for a core, for
its pages or for the disk, and that time is the machine's, not the record's. A wall-clock
backstop (several times the deadline) still ends a worker that is blocked or stopped for good.
Where no worker's CPU time can be read (no ``/proc``), the deadline counts wall time.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import mmap
import os
import pickle
import selectors
import signal
import struct
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NoReturn, TypeVar

T = TypeVar("T")

_FRAME = struct.Struct("<Q")  # every message: its pickled length, then the pickle
_PIPE_BYTES = 1 << 20  # room for several results while the parent writes a batch (Linux caps it)
_CHUNKS_AHEAD = 2  # chunks sent to a worker before it answers the first: it never waits on the parent
_BACKSTOP_TIMES = 10  # the default wall-clock backstop, in deadlines: a worker may get a tenth of a core
_CHECK_FLOOR = 0.05  # seconds: the parent looks again no sooner than this at a worker near its bound
_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def default_workers() -> int:
    """Cores this process may use (the affinity mask, e.g. a container's CPU limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Lost:
    """Why a record got no result: its worker ran over the deadline or the wall-clock backstop
    (and was killed), or died."""

    timed_out: bool
    # 'used over 60 s of CPU time', 'took over 600 s of wall-clock time (its worker stalled or
    # blocked)', 'its worker was killed by SIGSEGV', 'its worker exited with code 3'
    detail: str
    backstop: bool = False  # over the wall-clock backstop, not the deadline


class _Slot:
    """What a worker is on: (item index, ``time.monotonic()`` and ``time.process_time()`` when it
    began; index -1: none), in memory shared with the parent, so the parent reads it without a
    message per item (a worker answers once per chunk).

    Two copies and a counter: the worker writes the copy not in use, then advances the counter,
    so the parent reads a whole record even from a worker paused in the middle of a write. The
    slot was once one record written in place: a worker preempted between writing the index and
    the time (which a loaded machine does often) showed an item begun at time 0, and the parent
    killed it at once as over the deadline ('parse took over 60 s' for a plain-text record)."""

    _SEQ = struct.Struct("<Q")
    _REC = struct.Struct("<qdd")

    def __init__(self) -> None:
        self.mem = mmap.mmap(-1, self._SEQ.size + 2 * self._REC.size)  # anonymous and shared: the fork keeps it shared
        self.seq = 0  # the worker's own count of records published (only the worker writes)
        self._REC.pack_into(self.mem, self._SEQ.size, -1, 0.0, 0.0)

    def _at(self, seq: int) -> int:
        return self._SEQ.size + (seq % 2) * self._REC.size

    def publish(self, idx: int) -> None:
        """In the worker: it begins item ``idx`` now (-1: it is between items)."""
        nxt = self.seq + 1
        if idx >= 0:
            self._REC.pack_into(self.mem, self._at(nxt), idx, time.monotonic(), time.process_time())
        else:
            self._REC.pack_into(self.mem, self._at(nxt), -1, 0.0, 0.0)
        self._SEQ.pack_into(self.mem, 0, nxt)
        self.seq = nxt

    def read(self) -> tuple[int, float, float] | None:
        """In the parent: (index, wall start, CPU start) of the item in work, or None. The copy the
        counter names is never being written while the counter stays the same."""
        for _ in range(8):
            seq = self._SEQ.unpack_from(self.mem)[0]
            rec: tuple[int, float, float] = self._REC.unpack_from(self.mem, self._at(seq))
            if self._SEQ.unpack_from(self.mem)[0] == seq:
                return rec if rec[0] >= 0 else None
        return None  # publishing item after item faster than we read: look again soon

    def close(self) -> None:
        self.mem.close()


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used, from ``/proc/<pid>/stat``; None where there
    is no such file (not Linux). Ticks of 10 ms: the same clock as ``time.process_time()`` in it."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()  # after the name, which may hold spaces
        return (int(fields[11]) + int(fields[12])) / _CLK_TCK  # utime, stime (fields 14 and 15)
    except (OSError, IndexError, ValueError):
        return None


class WorkerLost(RuntimeError):
    """A record's worker was killed or died, and the pool was given no ``lost`` to turn it into a result."""


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when its parent dies (a killed `synd ingest` leaves no
    extraction processes behind, each holding memory and an open input)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent kills its workers on close
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd: int, n: int) -> bytes | None:
    parts, got = [], 0
    while got < n:
        part = os.read(fd, min(n - got, _PIPE_BYTES))
        if not part:
            return None
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _frame(msg: Any) -> bytes:
    data = pickle.dumps(msg, protocol=pickle.HIGHEST_PROTOCOL)
    return _FRAME.pack(len(data)) + data


def _answer(idx: int, ok: bool, value: Any) -> bytes:
    """A result (or an exception) framed for the parent; one that cannot be pickled is an error naming why."""
    try:
        return _frame(("ok" if ok else "err", idx, value))
    except Exception as exc:  # noqa: BLE001 - e.g. an exception holding a lock or a socket
        return _frame(("err", idx, RuntimeError(f"the result of item {idx} cannot be sent back ({exc!r}): {value!r}"[:2000])))


def _worker(parent: int, tasks: int, results: int, slot: _Slot, fn: Callable[..., Any], args: tuple[Any, ...],
            setup: Callable[[], tuple[Any, ...]] | None) -> NoReturn:
    """A worker's life: set up, then answer each chunk (its items in order) in one message, until
    the parent closes the task pipe; ``slot`` says which item is in work and since when. Never
    returns into the parent's code (os._exit)."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle (it kills us)
        _die_with_parent(parent)
        try:
            args = setup() if setup is not None else args
        except BaseException as exc:  # noqa: BLE001 - raised in the parent instead
            _write_all(results, _answer(-1, False, exc))
            os._exit(1)
        _write_all(results, _frame(("ready", -1, None)))
        while (head := _read_exact(tasks, _FRAME.size)) is not None:
            body = _read_exact(tasks, _FRAME.unpack(head)[0])
            if body is None:
                break
            answers = []
            for idx, item in pickle.loads(body):
                slot.publish(idx)
                try:
                    answers.append(_answer(idx, True, fn(item, *args)))
                except BaseException as exc:  # noqa: BLE001 - raised in the parent, at the item's place
                    answers.append(_answer(idx, False, exc))
            slot.publish(-1)  # before the write, which may wait for the parent: not the record's time
            _write_all(results, b"".join(answers))
    except BaseException:  # noqa: BLE001 - e.g. the parent closed our result pipe: nothing to tell it
        code = 1
    os._exit(code)


@contextlib.contextmanager
def forked(fn: Callable[[], T], *, stall_seconds: float = 10.0) -> Iterator[Callable[[], T | None]]:
    """Run ``fn()`` in a forked child, which sees this process's memory as it is now (copied on
    write), while this process goes on with other work (its own I/O: the child must never touch
    the parent's connections or files). Yields a function that waits for the child and returns
    ``fn()``'s result (pickled back), or None when the child failed or died: the caller then does
    the work itself, so the result never depends on the child. Leaving the block without asking
    kills the child. Where there is no ``fork``, the function returns None at once. A child that
    uses no CPU for ``stall_seconds`` while the parent waits is taken for stuck (a lock some other
    thread held at the fork stays held in the child for ever) and killed: the answer is then None."""
    if not hasattr(os, "fork"):
        yield lambda: None
        return
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: compute, answer, exit without running any of the parent's cleanup
        code = 1
        try:
            gc.disable()  # no finaliser of the parent's objects runs here; fewer pages copied
            os.close(read)
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's (it kills us)
            _die_with_parent(parent)
            _write_all(write, _frame(fn()))
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    done = False

    def result() -> T | None:
        nonlocal done
        if not _answers_or_dies(pid, read, stall_seconds):
            return None  # stuck: killed on the way out
        head = _read_exact(read, _FRAME.size)
        body = _read_exact(read, _FRAME.unpack(head)[0]) if head is not None else None
        _, status = os.waitpid(pid, 0)
        done = True
        try:
            return pickle.loads(body) if body is not None and status == 0 else None
        except Exception:  # noqa: BLE001 - a torn answer: the caller computes it
            return None

    try:
        yield result
    finally:
        os.close(read)
        if not done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _answers_or_dies(pid: int, fd: int, stall_seconds: float) -> bool:
    """Wait until the child's pipe has something to read (its answer, or the end of a dead
    child); False once its CPU time (``/proc``; unknown elsewhere, and then never stuck) has not
    moved for ``stall_seconds``: a busy child, even on a loaded machine, keeps gaining ticks."""
    cpu, since = _cpu_seconds(pid), time.monotonic()
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        while not sel.select(timeout=min(1.0, stall_seconds)):
            now_cpu = _cpu_seconds(pid)
            if now_cpu is None or now_cpu != cpu:
                cpu, since = now_cpu, time.monotonic()
            elif time.monotonic() - since > stall_seconds:
                return False
    return True


@dataclass(eq=False)  # a worker is itself: compared by identity
class _Proc:
    pid: int
    tasks: int  # parent's end: chunks to the worker (non-blocking)
    results: int  # parent's end: answers from the worker (non-blocking)
    slot: _Slot  # the item in work and since when
    out: bytearray = field(default_factory=bytearray)  # framed chunks not yet written
    inbuf: bytearray = field(default_factory=bytearray)
    queue: deque[tuple[int, Any]] = field(default_factory=deque)  # sent, not answered, in order
    ready: bool = False  # set up
    writing: bool = False  # its task pipe is watched for room

    def in_work(self) -> tuple[int, float, float] | None:
        """(index, wall start, CPU start) of the item the worker is on."""
        return self.slot.read()


def _status(pid: int) -> str:
    """Reap a worker and say how it ended."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return "its worker was gone"
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        return f"its worker was killed by {name}"
    return f"its worker exited with code {os.WEXITSTATUS(status)}"


class OrderedPool:
    """``map(items)`` yields ``fn(item, *args)`` in input order (a worker's exception is raised
    in the parent at that item's place). Two blocks are in flight, so workers keep extracting
    while the parent writes; memory stays bounded on endless inputs (a crawl, a WARC stream).
    ``setup`` builds the args inside each worker instead (e.g. clients that must not cross a fork).

    ``deadline`` (seconds) bounds the CPU time one item may use in its worker, ``backstop`` its
    wall-clock time (default: ``_BACKSTOP_TIMES`` deadlines), for a worker blocked or stopped
    whatever its CPU: a worker past either is SIGKILLed and replaced, and ``lost(item, Lost)``
    gives that item's result (as it does for an item whose worker died); without ``lost`` it is
    raised as ``WorkerLost``. An item over a bound measured in wall time (the backstop, or the
    deadline where no CPU time is readable) is first tried once more in a fresh worker: the
    machine, not the item, may have cost the time; CPU time is the item's own, so an item over
    the deadline is lost at once. Only a process can be killed, so with a deadline even
    ``workers=1`` extracts in one worker process, not inline."""

    def __init__(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...] = (),
        workers: int | None = None,
        *,
        setup: Callable[[], tuple[Any, ...]] | None = None,
        chunksize: int = 4,
        deadline: float | None = None,
        backstop: float | None = None,
        lost: Callable[[Any, Lost], Any] | None = None,
    ) -> None:
        self.workers = workers or default_workers()
        self.chunksize = max(1, chunksize)
        self.fn, self.args, self.setup = fn, args, setup
        self.deadline = deadline if deadline and deadline > 0 else None
        self.backstop = (backstop if backstop and backstop > 0 else _BACKSTOP_TIMES * self.deadline) if self.deadline else None
        self.lost = lost
        self.inline = self.workers == 1 and self.deadline is None
        self._procs: list[_Proc] = []
        self._sel: selectors.BaseSelector | None = None
        self._waiting: deque[tuple[int, Any]] = deque()  # the map's items read, not yet sent (lost ones' successors too)
        self._timed_out: set[int] = set()  # items over a wall-clock bound once: the next time they are lost
        if not self.inline:
            self._sel = selectors.DefaultSelector()
            for _ in range(self.workers):
                self._spawn()

    # ------------------------------------------------------------------ workers

    def _spawn(self) -> None:
        assert self._sel is not None
        task_r, task_w = os.pipe()
        res_r, res_w = os.pipe()
        slot = _Slot()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: keep only its own two ends
            try:
                for fd in (task_w, res_r, *(f for p in self._procs for f in (p.tasks, p.results))):
                    os.close(fd)
                with contextlib.suppress(Exception):
                    self._sel.close()
            finally:
                _worker(parent, task_r, res_w, slot, self.fn, self.args, self.setup)
        os.close(task_r)
        os.close(res_w)
        for fd in (task_w, res_r):
            os.set_blocking(fd, False)
            with contextlib.suppress(OSError):
                fcntl.fcntl(fd, 1031, _PIPE_BYTES)  # F_SETPIPE_SZ (Linux); the default 64 KB otherwise
        proc = _Proc(pid, task_w, res_r, slot)
        self._procs.append(proc)
        self._sel.register(res_r, selectors.EVENT_READ, proc)

    def _drop(self, proc: _Proc, kill: bool) -> str:
        """Remove a worker (SIGKILLed first when ``kill``); returns how it ended."""
        assert self._sel is not None
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
        for fd in (proc.results, proc.tasks):
            with contextlib.suppress(KeyError, ValueError):
                self._sel.unregister(fd)
            with contextlib.suppress(OSError):
                os.close(fd)
        self._procs.remove(proc)
        ended = _status(proc.pid)
        proc.slot.close()
        return ended

    def _watch(self, proc: _Proc) -> None:
        """Wait for room in the task pipe while chunks wait to be written (answers: always)."""
        assert self._sel is not None
        if bool(proc.out) != proc.writing:
            if proc.out:
                self._sel.register(proc.tasks, selectors.EVENT_WRITE, proc)
            else:
                self._sel.unregister(proc.tasks)
            proc.writing = bool(proc.out)

    # ------------------------------------------------------------------ map

    def map(self, items: Iterable[Any]) -> Iterator[Any]:
        if self.inline:
            args = self.setup() if self.setup is not None else self.args
            for item in items:
                yield self.fn(item, *args)
            return
        try:
            yield from self._map(iter(items))
        finally:
            self._abandon()

    def _map(self, it: Iterator[Any]) -> Iterator[Any]:
        window = 2 * self.workers * self.chunksize * 4  # two blocks of the old imap pool
        waiting = self._waiting = deque()  # read from the input, not yet sent to a worker
        self._timed_out = set()
        done: dict[int, tuple[bool, Any]] = {}
        pulled = given = 0
        exhausted = False
        while True:
            while given in done:
                ok, value = done.pop(given)
                given += 1
                if not ok:
                    raise value
                yield value
            while not exhausted and pulled - given < window:
                try:
                    waiting.append((pulled, next(it)))
                    pulled += 1
                except StopIteration:
                    exhausted = True
            if exhausted and given == pulled:
                return
            while len(self._procs) < self.workers:
                self._spawn()
            self._send(waiting)
            self._wait(done)

    def _send(self, waiting: deque[tuple[int, Any]]) -> None:
        """Give each worker up to two chunks: it starts the next without waiting for the parent."""
        for proc in sorted(self._procs, key=lambda p: len(p.queue)):
            while waiting and len(proc.queue) < _CHUNKS_AHEAD * self.chunksize:
                chunk = [waiting.popleft() for _ in range(min(self.chunksize, len(waiting)))]
                proc.queue.extend(chunk)
                proc.out += _frame(chunk)
            if proc.out:
                self._flush(proc)

    def _flush(self, proc: _Proc) -> None:
        try:
            n = os.write(proc.tasks, proc.out)
            del proc.out[:n]
        except BlockingIOError:
            pass
        except BrokenPipeError:  # it died: its answers pipe tells us when it is read to the end
            proc.out.clear()
        self._watch(proc)

    def _wait(self, done: dict[int, tuple[bool, Any]]) -> None:
        """Kill the workers over a bound; else wait for answers, room to write, or the moment a
        worker may reach one; then act on what happened."""
        assert self._sel is not None
        lost, timeout = self._police(done)
        if lost:  # its items wait to be given out again
            return
        for key, mask in self._sel.select(timeout):
            proc = key.data
            if proc not in self._procs:
                continue
            if mask & selectors.EVENT_WRITE:
                self._flush(proc)
            if mask & selectors.EVENT_READ:
                self._read(proc, done)

    def _police(self, done: dict[int, tuple[bool, Any]]) -> tuple[bool, float | None]:
        """Lose each worker over the deadline (CPU time) or the backstop (wall time); return whether
        one was lost, and the seconds until one may be over (None: no bound, or nothing in work)."""
        if self.deadline is None or self.backstop is None:
            return False, None
        now, wake, lost = time.monotonic(), [], False
        for proc in [p for p in self._procs if p.queue]:
            work = proc.in_work()
            if work is None:  # between items, it may start one any moment, unseen: look again by then
                wake.append(min(self.deadline, self.backstop))
                continue
            idx, wall0, cpu0 = work
            wall = now - wall0
            if wall > self.backstop:
                lost = True
                self._lose(proc, done, idx, Lost(True, f"took over {self.backstop:g} s of wall-clock time "
                                                      "(its worker stalled or blocked)", backstop=True), retry=True)
                continue
            used = wall  # a worker extracts on one thread, using no more CPU than wall time: read it only past the deadline
            if wall > self.deadline:
                cpu = _cpu_seconds(proc.pid)
                if cpu is None:  # no CPU time to read (not Linux): the deadline counts wall time
                    lost = True
                    self._lose(proc, done, idx, Lost(True, f"took over {self.deadline:g} s of wall-clock time "
                                                          "(no CPU time of a worker is readable here)"), retry=True)
                    continue
                used = cpu - cpu0
                if used > self.deadline:
                    lost = True
                    self._lose(proc, done, idx, Lost(True, f"used over {self.deadline:g} s of CPU time"))
                    continue
            # the soonest it can be over: its CPU grows at most as fast as the clock
            wake.append(max(_CHECK_FLOOR, min(self.deadline - used, self.backstop - wall)))
        return lost, min(wake) if wake else None

    def _read(self, proc: _Proc, done: dict[int, tuple[bool, Any]]) -> None:
        try:
            data = os.read(proc.results, _PIPE_BYTES)
        except BlockingIOError:
            return
        proc.inbuf += data
        while len(proc.inbuf) >= _FRAME.size:
            size = _FRAME.unpack_from(proc.inbuf)[0]
            if len(proc.inbuf) < _FRAME.size + size:
                break
            kind, idx, value = pickle.loads(proc.inbuf[_FRAME.size:_FRAME.size + size])
            del proc.inbuf[:_FRAME.size + size]
            if kind == "ready":
                proc.ready = True
            elif idx < 0:  # setup failed: every worker would fail alike
                self._drop(proc, kill=True)
                raise value
            else:
                proc.queue.popleft()
                done[idx] = (kind == "ok", value)
        if not data:  # the worker is gone (a crash, os._exit): its record is lost
            if not proc.ready:
                raise RuntimeError(f"a worker died while setting up ({self._drop(proc, kill=True)}); "
                                   "run it inline (one worker, no deadline) to see the error")
            work = proc.in_work()  # between items (e.g. reading a chunk): blame the first, never loop on it
            self._lose(proc, done, work[0] if work else proc.queue[0][0] if proc.queue else None, None)

    def _lose(self, proc: _Proc, done: dict[int, tuple[bool, Any]], culprit: int | None, why: Lost | None,
              retry: bool = False) -> None:
        """Drop a worker (killed when over a bound: ``why`` given); the item it was on gets
        ``lost``'s result (with ``retry``, a wall-clock bound: the second time, in a fresh worker),
        and its other items (answered in its chunk but not sent, or not begun) go to another worker."""
        ended = self._drop(proc, kill=why is not None)
        if retry and culprit is not None and culprit not in self._timed_out:  # the machine (a stall, I/O), not the record, may have cost the time: once more
            self._timed_out.add(culprit)
            self._waiting.extendleft(reversed(proc.queue))
            return
        why = why or Lost(False, ended)
        for idx, item in [(i, it) for i, it in proc.queue if i == culprit]:
            if self.lost is not None:
                done[idx] = (True, self.lost(item, why))
            else:
                done[idx] = (False, WorkerLost(f"item {idx}: {why.detail}"))
        self._waiting.extendleft(reversed([(i, it) for i, it in proc.queue if i != culprit]))

    def _abandon(self) -> None:
        """After a map, no worker may still hold its items (an abandoned or failed map): kill those."""
        for proc in [p for p in self._procs if p.queue or p.out]:
            self._drop(proc, kill=True)

    # ------------------------------------------------------------------ lifetime

    def close(self) -> None:
        """Let idle workers finish (EOF on their task pipe) and reap them; kill any still holding work."""
        for proc in list(self._procs):
            busy = bool(proc.queue or proc.out)
            if not busy:
                with contextlib.suppress(OSError):
                    os.close(proc.tasks)
                proc.tasks = -1
            self._drop(proc, kill=busy)
        if self._sel is not None:
            self._sel.close()
            self._sel = None

    def terminate(self) -> None:
        for proc in list(self._procs):
            self._drop(proc, kill=True)
        self.close()

    def __enter__(self) -> OrderedPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self.terminate()
        self.close()
