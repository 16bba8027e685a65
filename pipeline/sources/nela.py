"""NELA-GT-style dumps: per-source JSON files (a list of articles, or one per line) and the
SQLite release (table ``newsdata``). Fields: id, date, source, title, content, author, url,
published, published_utc (epoch seconds). ``content`` is plain text; ``source`` is the outlet.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.normalise.article import RawRecord

SQLITE_TABLE = "newsdata"


def _published(obj: dict[str, Any]) -> Any:
    """published_utc (epoch seconds) is unambiguous; the free-text fields are the fallback."""
    utc = obj.get("published_utc")
    if isinstance(utc, int | float) and not isinstance(utc, bool) and utc > 0:
        try:
            return datetime.fromtimestamp(utc, UTC).isoformat()
        except (OverflowError, OSError, ValueError) as exc:
            raise ValueError(f"published_utc={utc!r} is not a time (epoch seconds): {exc}") from exc
    return obj.get("published") or obj.get("date")


def _parse_error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:200]}"


def nela_record(obj: Any, locator: str) -> RawRecord:
    """One record, or its reject: any error of one record (an absurd date, a field of the wrong
    kind) stays with that record, so the import goes on."""
    try:
        return _nela_record(obj, locator)
    except Exception as exc:  # noqa: BLE001 - one record's failure must not end the import
        url = obj.get("url") if isinstance(obj, dict) and isinstance(obj.get("url"), str) else None
        return RawRecord(origin="nela", locator=locator, url=url, error=f"bad NELA record: {_parse_error(exc)}")


def _nela_record(obj: Any, locator: str) -> RawRecord:
    if not isinstance(obj, dict):
        return RawRecord(origin="nela", locator=locator, error="NELA record is not a JSON object")
    content = obj.get("content")
    if content is not None and not isinstance(content, str):
        return RawRecord(origin="nela", locator=locator, url=obj.get("url"),
                         error=f"'content' must be text, got {type(content).__name__}")
    return RawRecord(
        origin="nela",
        locator=locator,
        url=obj.get("url"),
        outlet=obj.get("source"),
        published=_published(obj),
        title=obj.get("title"),
        text=content,
    )


def read_nela_json(path: Path, limit: int | None = None) -> Iterator[RawRecord]:
    """A JSON array of articles, or JSON lines; each record is located as file#index or file:line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield RawRecord(origin="nela", locator=str(path), error=f"cannot read {path}: {exc}")
        return
    n = 0
    stripped = raw.lstrip()
    if stripped.startswith(b"["):
        try:
            items = json.loads(raw)
        except Exception as exc:  # noqa: BLE001 - ValueError, RecursionError on deep nesting
            yield RawRecord(origin="nela", locator=str(path), error=f"not valid JSON: {_parse_error(exc)}")
            return
        for i, obj in enumerate(items):
            yield nela_record(obj, f"{path}#{i}")
            n += 1
            if limit and n >= limit:
                return
        return
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except Exception as exc:  # noqa: BLE001 - ValueError, RecursionError on deep nesting: this line only
            yield RawRecord(origin="nela", locator=f"{path}:{lineno}", error=f"line is not valid JSON: {_parse_error(exc)}")
        else:
            yield nela_record(obj, f"{path}:{lineno}")
        n += 1
        if limit and n >= limit:
            return


def read_nela_sqlite(path: Path, limit: int | None = None) -> Iterator[RawRecord]:
    """Rows of ``newsdata``, streamed (read-only connection); located as file?id=ID."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        yield RawRecord(origin="nela", locator=str(path), error=f"cannot open SQLite file {path}: {exc}")
        return
    try:
        conn.row_factory = sqlite3.Row
        try:
            cur = conn.execute(f"SELECT * FROM {SQLITE_TABLE} ORDER BY rowid LIMIT ?",  # sql-ok: the table name is a constant
                               (int(limit) if limit else -1,))
        except sqlite3.Error as exc:
            yield RawRecord(origin="nela", locator=str(path),
                            error=f"{path} is not a NELA-GT SQLite dump (no table {SQLITE_TABLE!r}): {exc}")
            return
        for row in cur:
            obj = dict(row)
            yield nela_record(obj, f"{path}?id={obj.get('id', '?')}")
    finally:
        conn.close()


NELA_SUFFIXES = (".json", ".jsonl", ".db", ".sqlite", ".sqlite3")


def skipped_files(path: Path) -> list[Path]:
    """Files of a NELA folder that are not dumps (.txt, .csv, ...), for the CLI to count and name."""
    return sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() not in NELA_SUFFIXES) if path.is_dir() else []


def read_nela(path: Path, limit: int | None = None) -> Iterator[RawRecord]:
    """A directory (every .json/.jsonl/.db/.sqlite inside) or one file."""
    files = (sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in NELA_SUFFIXES)
             if path.is_dir() else [path])
    left = limit
    for f in files:
        reader = read_nela_sqlite if f.suffix.lower() in (".db", ".sqlite", ".sqlite3") else read_nela_json
        try:
            for rec in reader(f, left):
                yield rec
                if left is not None:
                    left -= 1
        except Exception as exc:  # noqa: BLE001 - a file that breaks mid-way (corrupt SQLite page) ends that file only
            yield RawRecord(origin="nela", locator=str(f), error=f"reading {f.name} stopped: {_parse_error(exc)}")
        if left is not None and left <= 0:
            return
