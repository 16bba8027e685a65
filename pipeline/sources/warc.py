"""WARC files (.warc, .warc.gz) through warcio: every HTML response record becomes a RawRecord."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pipeline.normalise.article import RawRecord


def read_warc(path: Path, limit: int | None = None) -> Iterator[RawRecord]:
    count = 0
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                if not record.format.startswith("warc"):
                    yield RawRecord(origin="warc", locator=str(path), error="not a WARC file (no WARC/1.x header)")
                    return
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if ctype and "html" not in ctype.lower():
                    continue
                # Read the payload before asking for the offset: warcio's get_record_offset()
                # finishes the current record, after which its stream reads as empty.
                try:
                    html = record.content_stream().read()
                    error = None
                    missing = getattr(record.raw_stream, "limit", 0) or 0
                    if missing > 0:  # the file ended (or the next record began) before Content-Length
                        html, error = None, f"truncated WARC record: {missing} of its declared bytes are missing"
                except Exception as exc:  # warcio raises assorted errors on broken payloads
                    html, error = None, f"broken WARC payload: {exc}"
                locator = f"{path}@{records.get_record_offset()}"
                if error:
                    yield RawRecord(origin="warc", locator=locator, url=url, error=error)
                    continue
                yield RawRecord(
                    origin="warc",
                    locator=locator,
                    url=url,
                    html=html,
                )
                count += 1
                if limit is not None and count >= limit:
                    return
        except (ArchiveLoadFailed, ValueError, OSError) as exc:
            yield RawRecord(origin="warc", locator=str(path), error=f"not a readable WARC file: {exc}")
            return
        size = path.stat().st_size
        end = getattr(records, "offset", size)
        if isinstance(end, int) and end < size:  # warcio stops quietly at a record cut short (truncated gzip)
            yield RawRecord(origin="warc", locator=f"{path}@{end}",
                            error=f"incomplete WARC record at byte {end}: the file ends {size - end} bytes later")
