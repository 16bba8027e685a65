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
            for row in reader:
                locator = f"{manifest}:{reader.line_num}"
                row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
                name = row.get("file", "")
                if not name:
                    yield RawRecord(origin="html", locator=locator, error="manifest row has an empty 'file'")
                    continue
                path = (directory / name).resolve()
                if not path.is_relative_to(directory.resolve()):
                    yield RawRecord(origin="html", locator=locator, error=f"file {name!r} lies outside {directory}")
                    continue
                listed.add(path)
                if not path.is_file():
                    yield RawRecord(origin="html", locator=locator, error=f"file {name!r} named in the manifest does not exist")
                    continue
                rec = read_html_file(path, url=row.get("url") or None, outlet=row.get("outlet") or None,
                                     published=row.get("published") or None)
                rec.locator = f"{locator} ({name})"
                yield rec
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in HTML_SUFFIXES):
        if path.resolve() not in listed:
            yield read_html_file(path)
