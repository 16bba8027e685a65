"""WARC files (.warc, .warc.gz) through warcio: every HTML response record becomes a RawRecord.

A file damaged mid-way (a wrong Content-Length, a cut or bit-flipped gzip member) costs only the
damaged record: reading resumes at the next record (see ``warcstream``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.normalise.article import RawRecord
from pipeline.sources.warcstream import read_records


def read_warc(path: Path, limit: int | None = None) -> Iterator[RawRecord]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield RawRecord(origin="warc", locator=str(path), error=f"cannot read {path}: {exc}")
        return
    with fh:
        yield from read_records(fh, str(path), "warc", limit)
