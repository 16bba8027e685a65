"""JSONL dumps: one article per line with url, optional outlet/published/title, and html or text."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from pipeline.normalise.article import RawRecord


def _open(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


# One line's bound: a longer line is a reject, skipped without ever being held in memory whole (a
# 1 MB gzip can hold a 1 GB line). Pages over normalise.max_html_bytes are rejected anyway.
MAX_LINE_BYTES = 128 * 2**20


def _lines(fh: IO[bytes], limit: int) -> Iterator[tuple[bytes | None, int]]:
    """(line, bytes) for each line; (None, bytes) for a line over ``limit``, read past in chunks."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line, len(line)
            continue
        size = len(line)
        while chunk := fh.readline(2**20):
            size += len(chunk)
            if chunk.endswith(b"\n"):
                break
        yield None, size


def read_jsonl(path: Path, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[RawRecord]:
    with _open(path) as fh:
        for lineno, (raw, size) in enumerate(_lines(fh, max_line_bytes), 1):
            locator = f"{path}:{lineno}"
            if raw is None:
                yield RawRecord(origin="jsonl", locator=locator,
                                error=f"line is {size} bytes, over the JSONL line bound of {max_line_bytes} bytes; "
                                      "it is skipped, the lines after it are read")
                continue
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as exc:
                yield RawRecord(origin="jsonl", locator=locator, error=f"line is not valid JSON: {exc}")
                continue
            except Exception as exc:  # noqa: BLE001 - RecursionError on deep nesting, MemoryError: this line only
                yield RawRecord(origin="jsonl", locator=locator,
                                error=f"line could not be parsed ({type(exc).__name__}: {str(exc)[:200]}); "
                                      "it is skipped, the lines after it are read")
                continue
            if not isinstance(obj, dict):
                yield RawRecord(origin="jsonl", locator=locator, error="line is JSON but not an object")
                continue
            yield RawRecord(
                origin="jsonl",
                locator=locator,
                url=obj.get("url"),
                outlet=obj.get("outlet"),
                published=obj.get("published"),
                title=obj.get("title"),
                html=obj.get("html"),
                text=obj.get("text"),
            )
