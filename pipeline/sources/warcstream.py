"""Reading a WARC stream that may be damaged mid-file, shared by ``warc`` and ``ccnews``.

warcio reads records one after another; one wrong Content-Length, one cut or bit-flipped gzip
member, and it raises or stops quietly, losing every later record. Here the stream goes through
a ``Tape`` that keeps the bytes since the last good record, so after damage reading restarts on
the next gzip member (``1f 8b 08``) or ``WARC/1.`` line: the damaged record is one reject, and
the records after it are read. The tape is forward-only, so an HTTP download resynchronises too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from warcio.archiveiterator import ArchiveIterator

from pipeline.normalise.article import RawRecord

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_MAGIC = b"WARC/1."
CHUNK = 1 << 16


class Readable(Protocol):
    def read(self, n: int = -1, /) -> bytes: ...


class Tape:
    """A forward-only byte stream that keeps what it read since ``mark``, so a reader may restart
    at any position after the mark. ``tell`` is the absolute offset in the stream."""

    def __init__(self, raw: Readable) -> None:
        self.raw = raw
        self.buf = bytearray()
        self.base = 0  # absolute offset of buf[0]
        self.pos = 0
        self.eof = False

    def _end(self) -> int:
        return self.base + len(self.buf)

    def _fill(self, upto: int) -> None:
        while self._end() < upto and not self.eof:
            chunk = self.raw.read(max(CHUNK, upto - self._end()))
            if not chunk:
                self.eof = True
            else:
                self.buf += chunk

    def read(self, n: int | None = -1) -> bytes:
        if n is None or n < 0:
            while not self.eof:
                self._fill(self._end() + CHUNK)
            n = self._end() - self.pos
        self._fill(self.pos + n)
        start = self.pos - self.base
        data = bytes(self.buf[start:start + n])
        self.pos += len(data)
        return data

    def readline(self, n: int = -1) -> bytes:
        out = bytearray()
        while n < 0 or len(out) < n:
            self._fill(self.pos + 1)
            start = self.pos - self.base
            if start >= len(self.buf):
                break
            nl = self.buf.find(b"\n", start)
            stop = len(self.buf) if nl < 0 else nl + 1
            if n >= 0:
                stop = min(stop, start + n - len(out))
            out += self.buf[start:stop]
            self.pos += stop - start
            if nl >= 0 and stop == nl + 1:
                break
        return bytes(out)

    def tell(self) -> int:
        return self.pos

    def mark(self, at: int) -> None:
        """Forget the bytes before ``at``: no restart will go back that far."""
        at = min(at, self.pos)
        if at > self.base:
            del self.buf[: at - self.base]
            self.base = at

    def rewind(self, at: int) -> None:
        if at < self.base:
            raise ValueError(f"cannot go back to byte {at}: the tape kept bytes from {self.base} only")
        self.pos = at

    def peek(self, n: int) -> bytes:
        self._fill(self.pos + n)
        start = self.pos - self.base
        return bytes(self.buf[start:start + n])

    def find(self, needle: bytes, start: int, line_start: bool = False) -> int | None:
        """The first offset >= ``start`` where ``needle`` begins (at a line start if asked),
        dropping the bytes scanned past; None at the end of the stream."""
        self.rewind(max(start, self.base))
        at = self.pos
        while True:
            self._fill(at + len(needle) + CHUNK)
            i = self.buf.find(needle, at - self.base)
            while i >= 0 and line_start and i + self.base > 0 and self.buf[i - 1:i] != b"\n":
                i = self.buf.find(needle, i + 1)
            if i >= 0:
                self.pos = self.base + i
                self.mark(self.pos)
                return self.pos
            if self.eof:
                self.pos = self._end()
                self.mark(self.pos)
                return None
            at = max(at, self._end() - len(needle) - 1)
            self.pos = at
            self.mark(at - 1 if at > self.base else at)


class _Damaged(Exception):
    def __init__(self, at: int) -> None:
        self.at = at


def read_records(raw: Readable, name: str, origin: str, limit: int | None = None) -> Iterator[RawRecord]:
    """Every HTML response of a WARC stream as a RawRecord; each damaged stretch is one reject
    (located ``name@offset``) and reading resumes at the next record after it."""
    tape = Tape(raw)
    gz = tape.peek(2) == GZIP_MAGIC[:2]
    start, count, first = 0, 0, True
    while True:
        tape.rewind(start)
        tape.mark(start)
        records = ArchiveIterator(tape, check_digests=True)  # problems are recorded, not raised
        last: int | None = None  # offset of the last record handled by this iterator
        try:
            for record in records:
                if not record.format.startswith("warc"):
                    if first:
                        yield RawRecord(origin=origin, locator=name, error="not a WARC file (no WARC/1.x header)")
                        return
                    raise ValueError(f"not a WARC record ({record.format})")  # damage that parsed as ARC
                errors_before = records.err_count
                url = record.rec_headers.get_header("WARC-Target-URI")
                wanted = record.rec_type == "response"
                ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                wanted = wanted and not (ctype and "html" not in ctype.lower())
                html: bytes | None = None
                error = None
                if wanted:
                    # Read the payload before asking for the offset: get_record_offset() finishes
                    # the current record, after which its stream reads as empty.
                    try:
                        html = record.content_stream().read()
                        missing = getattr(record.raw_stream, "limit", 0) or 0
                        if missing > 0:  # the file ended (or the next member began) before Content-Length
                            html, error = None, f"truncated WARC record: {missing} of its declared bytes are missing"
                    except Exception as exc:  # noqa: BLE001 - warcio raises assorted errors on broken payloads
                        html, error = None, f"broken WARC payload: {type(exc).__name__}: {exc}"
                offset = records.get_record_offset()
                last = offset
                locator = f"{name}@{offset}"
                missing = getattr(record.raw_stream, "limit", 0) or 0
                if records.err_count > errors_before or missing > 0:
                    # not followed by a blank line, or the stream ended first: the Content-Length is
                    # wrong or the record was cut, and it may have swallowed the records after it
                    yield RawRecord(origin=origin, locator=locator, url=url,
                                    error=error or "damaged WARC record: its Content-Length does not match its "
                                                   "content; reading resumes at the next record")
                    raise _Damaged(offset + 1)
                checker = getattr(record, "digest_checker", None)
                if any(str(p).startswith("block digest failed") for p in getattr(checker, "problems", None) or []):
                    if wanted:  # the framing is sound, the bytes are not (a flipped bit): this record only
                        yield RawRecord(origin=origin, locator=locator, url=url,
                                        error="damaged WARC record: its WARC-Block-Digest does not match its bytes")
                    tape.mark(offset)
                    first = False
                    continue
                tape.mark(offset)
                first = False
                if not wanted:
                    continue
                if error:
                    yield RawRecord(origin=origin, locator=locator, url=url, error=error)
                    continue
                yield RawRecord(origin=origin, locator=locator, url=url, html=html, content_type=ctype or None)
                count += 1
                if limit is not None and count >= limit:
                    return
            end = getattr(records, "offset", None)
            end = end if isinstance(end, int) else tape.tell()
            tape.rewind(max(end, tape.base))
            if tape.peek(1):
                # warcio stopped quietly before the end (a cut gzip member): the rest may hold records
                resume = _resync(tape, gz, max(end, (last or start) + 1))
            elif gz:
                # A cut member whose decompression fails can take warcio quietly to the end of the
                # stream: the record it began last is the damaged one, and a member after it is one
                # warcio never read.
                end = last if last is not None else start
                resume = _resync(tape, gz, end + 1)
                if resume is None:
                    return
            else:
                return
            yield RawRecord(origin=origin, locator=f"{name}@{end}",
                            error=f"incomplete or damaged WARC record at byte {end}: {_resumes(resume)}")
            if resume is None:
                return
            start = resume
        except _Damaged as d:
            resume = _resync(tape, gz, d.at)
            if resume is None:
                return
            start = resume
        except Exception as exc:  # noqa: BLE001 - any parse or decompression error: resynchronise
            at = (last + 1) if last is not None else start + 1
            resume = _resync(tape, gz, at)
            if first and last is None and resume is None:
                yield RawRecord(origin=origin, locator=name,
                                error=f"not a readable WARC file: {type(exc).__name__}: {exc}")
                return
            if last is not None or start == 0 or resume is None:
                # report once per damaged stretch (a false restart point fails again silently)
                where = getattr(records, "offset", None) if last is not None else start
                yield RawRecord(origin=origin, locator=f"{name}@{where if isinstance(where, int) else at}",
                                error=f"damaged WARC data ({type(exc).__name__}: {str(exc)[:200]}); {_resumes(resume)}")
            if resume is None:
                return
            start = resume
        first = False


def _resumes(resume: int | None) -> str:
    """What a reject of a damaged stretch says about the rest of the file."""
    return f"reading resumes at byte {resume}" if resume is not None else "no record follows it"


def _resync(tape: Tape, gz: bool, at: int) -> int | None:
    """The next place a record may start at or after ``at``: a gzip member, or ``WARC/1.`` (not
    only at a line start: a cut record leaves the next header mid-line). A false start fails to
    parse and the search goes on after it."""
    return tape.find(GZIP_MAGIC, at) if gz else tape.find(WARC_MAGIC, at)
