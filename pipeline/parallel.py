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
worker is on and since when; a worker over the deadline, or one that dies (a segfault in C, an
``os._exit``), costs only that record, handed to ``lost``, and a fresh worker takes the rest.
"""

from __future__ import annotations

import contextlib
import fcntl
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
from typing import Any, NoReturn

_FRAME = struct.Struct("<Q")  # every message: its pickled length, then the pickle
_PIPE_BYTES = 1 << 20  # room for several results while the parent writes a batch (Linux caps it)
_CHUNKS_AHEAD = 2  # chunks sent to a worker before it answers the first: it never waits on the parent
# What a worker is on: (item index, time.monotonic() it began), in memory shared with the parent,
# so the parent reads it without a message per item (a worker answers once per chunk); -1: none.
_SLOT = struct.Struct("<qd")


def default_workers() -> int:
    """Cores this process may use (the affinity mask, e.g. a container's CPU limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Lost:
    """Why a record got no result: its worker ran over the deadline (and was killed), or died."""

    timed_out: bool
    detail: str  # 'took over 60 s', 'its worker was killed by SIGSEGV', 'its worker exited with code 3'


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


def _worker(parent: int, tasks: int, results: int, slot: mmap.mmap, fn: Callable[..., Any], args: tuple[Any, ...],
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
                _SLOT.pack_into(slot, 0, idx, time.monotonic())
                try:
                    answers.append(_answer(idx, True, fn(item, *args)))
                except BaseException as exc:  # noqa: BLE001 - raised in the parent, at the item's place
                    answers.append(_answer(idx, False, exc))
            _SLOT.pack_into(slot, 0, -1, 0.0)
            _write_all(results, b"".join(answers))
    except BaseException:  # noqa: BLE001 - e.g. the parent closed our result pipe: nothing to tell it
        code = 1
    os._exit(code)


@dataclass(eq=False)  # a worker is itself: compared by identity
class _Proc:
    pid: int
    tasks: int  # parent's end: chunks to the worker (non-blocking)
    results: int  # parent's end: answers from the worker (non-blocking)
    slot: mmap.mmap  # the item in work and since when (_SLOT)
    out: bytearray = field(default_factory=bytearray)  # framed chunks not yet written
    inbuf: bytearray = field(default_factory=bytearray)
    queue: deque[tuple[int, Any]] = field(default_factory=deque)  # sent, not answered, in order
    ready: bool = False  # set up
    writing: bool = False  # its task pipe is watched for room

    def in_work(self) -> tuple[int, float] | None:
        """(index, start) of the item the worker is on; two equal reads, so never a torn one."""
        first, second = _SLOT.unpack_from(self.slot), _SLOT.unpack_from(self.slot)
        return first if first == second and first[0] >= 0 else None


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

    ``deadline`` (seconds) bounds one item's wall-clock time: a worker past it is SIGKILLed and
    replaced, and ``lost(item, Lost)`` gives that item's result (as it does for an item whose
    worker died); without ``lost`` it is raised as ``WorkerLost``. Only a process can be killed,
    so with a deadline even ``workers=1`` extracts in one worker process, not inline."""

    def __init__(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...] = (),
        workers: int | None = None,
        *,
        setup: Callable[[], tuple[Any, ...]] | None = None,
        chunksize: int = 4,
        deadline: float | None = None,
        lost: Callable[[Any, Lost], Any] | None = None,
    ) -> None:
        self.workers = workers or default_workers()
        self.chunksize = max(1, chunksize)
        self.fn, self.args, self.setup = fn, args, setup
        self.deadline = deadline if deadline and deadline > 0 else None
        self.lost = lost
        self.inline = self.workers == 1 and self.deadline is None
        self._procs: list[_Proc] = []
        self._sel: selectors.BaseSelector | None = None
        self._waiting: deque[tuple[int, Any]] = deque()  # the map's items read, not yet sent (lost ones' successors too)
        self._timed_out: set[int] = set()  # items that ran past the deadline once: the next time they are lost
        if not self.inline:
            self._sel = selectors.DefaultSelector()
            for _ in range(self.workers):
                self._spawn()

    # ------------------------------------------------------------------ workers

    def _spawn(self) -> None:
        assert self._sel is not None
        task_r, task_w = os.pipe()
        res_r, res_w = os.pipe()
        slot = mmap.mmap(-1, _SLOT.size)  # anonymous and shared: the fork keeps it shared
        _SLOT.pack_into(slot, 0, -1, 0.0)
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
        """Wait for answers, room to write, or the nearest deadline; then act on what happened."""
        assert self._sel is not None
        timeout = None
        if self.deadline is not None:
            # a worker between items may start one any moment, unseen (no message): look again by then
            now = time.monotonic()
            busy = [(work[1] if (work := p.in_work()) else now) + self.deadline for p in self._procs if p.queue]
            timeout = max(0.0, min(busy) - now) if busy else None
        for key, mask in self._sel.select(timeout):
            proc = key.data
            if proc not in self._procs:
                continue
            if mask & selectors.EVENT_WRITE:
                self._flush(proc)
            if mask & selectors.EVENT_READ:
                self._read(proc, done)
        if self.deadline is not None:
            now = time.monotonic()
            for proc in list(self._procs):
                if (work := proc.in_work()) and now - work[1] > self.deadline:
                    self._lose(proc, done, work[0], Lost(True, f"took over {self.deadline:g} s"))

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

    def _lose(self, proc: _Proc, done: dict[int, tuple[bool, Any]], culprit: int | None, why: Lost | None) -> None:
        """Drop a worker (killed when over the deadline: ``why`` given); the item it was on gets
        ``lost``'s result (past the deadline: the second time, in a fresh worker), and its other items (answered in its chunk but not sent, or not begun)
        go to another worker."""
        ended = self._drop(proc, kill=why is not None)
        if why is not None and culprit is not None and culprit not in self._timed_out:  # a stall of the machine (I/O, a load spike), not the record, may have cost the time: once more
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
