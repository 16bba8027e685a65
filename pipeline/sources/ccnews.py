"""Common Crawl News (CC-NEWS) WARC files, streamed from a path or an http(s) URL.

A CC-NEWS file is about 1 GB of gzipped WARC; it is never downloaded whole: records are read
as the bytes arrive, and ``limit`` stops after that many HTML responses. ``progress`` is called
with (stage, bytes read, total bytes or 0) so the CLI can draw a bar.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from pipeline.normalise.article import RawRecord
from pipeline.sources.warcstream import read_records

Progress = Callable[[str, int, int], None]
CC_BASE = "https://data.commoncrawl.org/"


class _Counting:
    """A read-only stream that reports how many bytes have gone through it."""

    def __init__(self, raw: IO[bytes], total: int, stage: str, progress: Progress | None) -> None:
        self.raw, self.total, self.stage, self.progress, self.done = raw, total, stage, progress, 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.done += len(data)
        if self.progress:
            self.progress(self.stage, self.done, self.total)
        return data

    def readline(self, n: int = -1) -> bytes:
        data = self.raw.readline(n)
        self.done += len(data)
        return data


def _open(source: str, timeout: float) -> tuple[IO[bytes], int]:
    if source.startswith("crawl-data/"):
        source = CC_BASE + source  # the paths listed in CC-NEWS warc.paths.gz
    if source.startswith(("http://", "https://")):
        resp: Any = urllib.request.urlopen(  # noqa: S310 - scheme checked above
            urllib.request.Request(source, headers={"User-Agent": "synd-ccnews-importer"}), timeout=timeout
        )
        return resp, int(resp.headers.get("Content-Length") or 0)
    path = Path(source)
    return path.open("rb"), path.stat().st_size


def read_ccnews(
    source: str | Path,
    limit: int | None = None,
    progress: Progress | None = None,
    timeout: float = 60.0,
) -> Iterator[RawRecord]:
    """HTML responses of one CC-NEWS WARC; a broken record or file becomes a reject record, and
    reading resumes at the next record after damage."""
    name = str(source)
    try:
        raw, total = _open(name, timeout)
    except (OSError, ValueError) as exc:
        yield RawRecord(origin="ccnews", locator=name, error=f"cannot open {name}: {exc}")
        return
    stream = _Counting(raw, total, "ccnews " + (name.rsplit("/", 1)[-1]), progress)
    try:
        yield from read_records(stream, name, "ccnews", limit)
    except Exception as exc:  # noqa: BLE001 - the download itself failed (reset, timeout): the records read stay
        yield RawRecord(origin="ccnews", locator=f"{name}@{stream.done}", error=f"reading the WARC stream stopped: {exc}")
    finally:
        raw.close()
