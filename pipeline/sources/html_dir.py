"""A directory of saved HTML pages, with an optional CSV manifest giving each file's url, outlet
and published time (columns: file, url, outlet, published; only ``file`` is required).

Files the manifest does not name are read as loose pages (URL from the canonical link).
A manifest row naming a missing file, or without a file, becomes a reject naming the CSV line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from pipeline.normalise.article import RawRecord
from pipeline.sources.html_files import read_html_file

MANIFEST_NAMES = ("manifest.csv",)
HTML_SUFFIXES = (".html", ".htm")  # as in pipeline.sources (not imported: that package imports this module)


def read_html_dir(directory: Path, manifest: Path | None = None) -> Iterator[RawRecord]:
    if not directory.is_dir():
        yield RawRecord(origin="html", locator=str(directory), error=f"{directory} is not a directory")
        return
    if manifest is None:
        manifest = next((directory / n for n in MANIFEST_NAMES if (directory / n).exists()), None)
    listed: set[Path] = set()
    if manifest is not None:
        try:
            fh = manifest.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            yield RawRecord(origin="html", locator=str(manifest), error=f"cannot read manifest {manifest}: {exc}")
            return
        with fh:
            reader = csv.DictReader(fh)
            cols = {c.strip().lower() for c in reader.fieldnames or []}
            if "file" not in cols:
                yield RawRecord(origin="html", locator=f"{manifest}:1",
                                error=f"manifest {manifest} has no 'file' column; header must include file,url,outlet,published")
                return
            while True:
                before = reader.line_num
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:  # a NUL, an over-long field: this row only
                    yield RawRecord(origin="html", locator=f"{manifest}:{reader.line_num}",
                                    error=f"manifest row is not valid CSV: {exc}")
                    if reader.line_num == before:  # no progress: the reader cannot go on
                        return
                    continue
                locator = f"{manifest}:{reader.line_num}"
                try:
                    yield _manifest_row(directory, row, locator, listed)
                except Exception as exc:  # noqa: BLE001 - a NUL in a file name, an unreadable path: this row only
                    yield RawRecord(origin="html", locator=locator, error=f"manifest row unusable: {type(exc).__name__}: {exc}")
    root = directory.resolve()
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in HTML_SUFFIXES):
        real = path.resolve()
        if real in listed:
            continue
        if not real.is_relative_to(root):
            yield outside_reject(path, directory)
            continue
        yield read_html_file(path)


def skipped_files(directory: Path, manifest: Path | None = None) -> list[Path]:
    """Files of the folder that are neither pages nor its manifest, for the CLI to count and name."""
    if not directory.is_dir():
        return []
    used = manifest or next((directory / n for n in MANIFEST_NAMES if (directory / n).exists()), None)
    used = used.resolve() if used is not None else None
    return sorted(p for p in directory.rglob("*")
                  if p.is_file() and p.suffix.lower() not in HTML_SUFFIXES and p.resolve() != used)


def outside_reject(path: Path, directory: Path) -> RawRecord:
    """A symlink in a corpus folder pointing out of it is not followed: reading it would store
    (and quote in rejects) a file the researcher never put in the corpus."""
    return RawRecord(origin="html", locator=str(path),
                     error=f"{path.name} is a link to a file outside {directory}; it is not followed "
                           "(copy the file into the folder to import it)")


def _manifest_row(directory: Path, raw: dict[str | None, str | None], locator: str, listed: set[Path]) -> RawRecord:
    row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str | None)}
    name = row.get("file", "")
    if not name:
        return RawRecord(origin="html", locator=locator, error="manifest row has an empty 'file'")
    path = (directory / name).resolve()
    if not path.is_relative_to(directory.resolve()):
        return RawRecord(origin="html", locator=locator, error=f"file {name!r} lies outside {directory} (or links there)")
    listed.add(path)
    if not path.is_file():
        return RawRecord(origin="html", locator=locator, error=f"file {name!r} named in the manifest does not exist")
    rec = read_html_file(path, url=row.get("url") or None, outlet=row.get("outlet") or None,
                         published=row.get("published") or None)
    rec.locator = f"{locator} ({name})"
    return rec
