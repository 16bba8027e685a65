"""Ingest on every core: extraction (trafilatura) runs in a process pool, writes stay in order.

Extraction dominates ingest (~20 ms a page), while the warehouse takes one writer at a time,
so records are normalised in worker processes and handed back in input order; the caller
keeps its own transactions and writes exactly as it would serially. ``ingest.workers``
(default: the number of cores) sets the pool size; 1 runs inline, with no pool.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

_state: dict[str, Any] = {}


def default_workers() -> int:
    """Cores this process may use (the affinity mask, e.g. a container's CPU limit)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when its parent dies (a killed `synd ingest` leaves no
    extraction processes behind, each holding memory and an open input)."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's daemon flag is all there is
        return
    if os.getppid() != _state.get("parent", os.getppid()):  # the parent died before the request took effect
        os._exit(1)


def _init(fn: Callable[..., Any], setup: Callable[[], tuple[Any, ...]] | None, args: tuple[Any, ...]) -> None:
    _die_with_parent()
    _state["fn"] = fn
    _state["args"] = setup() if setup is not None else args


def _call(item: Any) -> Any:
    return _state["fn"](item, *_state["args"])


class OrderedPool:
    """``map(items)`` yields ``fn(item, *args)`` in input order (a worker's exception is raised
    in the parent). Two blocks are in flight, so workers keep extracting while the parent
    writes; memory stays bounded on endless inputs (a crawl, a WARC stream). ``setup`` builds
    the args inside each worker instead (e.g. clients that must not cross a fork)."""

    def __init__(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...] = (),
        workers: int | None = None,
        *,
        setup: Callable[[], tuple[Any, ...]] | None = None,
        chunksize: int = 4,
    ) -> None:
        self.workers = workers or default_workers()
        self.chunksize = chunksize
        self.fn, self.args, self.setup = fn, args, setup
        self._pool: Any = None
        if self.workers > 1:
            _state["parent"] = os.getpid()  # the workers' parent, copied into them by the fork
            self._pool = mp.get_context("fork").Pool(self.workers, initializer=_init, initargs=(fn, setup, args))

    def map(self, items: Iterable[Any]) -> Iterator[Any]:
        if self._pool is None:
            args = self.setup() if self.setup is not None else self.args
            for item in items:
                yield self.fn(item, *args)
            return
        it = iter(items)
        size = self.workers * self.chunksize * 4
        pending: deque[Any] = deque()
        while True:
            block = list(islice(it, size))
            if block:
                pending.append(self._pool.imap(_call, block, chunksize=self.chunksize))
            if not pending:
                return
            if block and len(pending) < 2:
                continue
            yield from pending.popleft()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> OrderedPool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None and exc[0] is not None:
            self._pool.terminate()
            self._pool = None
        self.close()
