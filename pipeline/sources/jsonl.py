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


def read_jsonl(path: Path) -> Iterator[RawRecord]:
    with _open(path) as fh:
        for lineno, raw in enumerate(fh, 1):
            locator = f"{path}:{lineno}"
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
