"""Readers for corpora researchers already hold. Each yields RawRecords, never raises per record."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.normalise.article import RawRecord
from pipeline.sources.html_dir import outside_reject, read_html_dir
from pipeline.sources.html_files import read_html_file
from pipeline.sources.jsonl import read_jsonl

HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".json")
MANIFEST = "manifest.csv"


def expand(paths: list[str | Path]) -> list[Path]:
    """Files named, and the readable files inside directories named, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.name.lower().endswith(_ALL_SUFFIXES))
            )
        else:
            out.append(p)
    return out


_ALL_SUFFIXES = HTML_SUFFIXES + WARC_SUFFIXES + JSONL_SUFFIXES
READABLE = ".jsonl/.json/.ndjson, .html/.htm or .warc/.warc.gz"


def skipped_files(paths: list[str | Path]) -> list[Path]:
    """Files inside the folders named that no reader takes (.txt, .pdf, .png, ...), for the CLI
    to count and name: a folder's ``manifest.csv`` is read, not skipped."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.name.lower().endswith(_ALL_SUFFIXES)
                              and f != p / MANIFEST))
    return out


def _outside(path: Path, folder: Path) -> bool:
    return not path.resolve().is_relative_to(folder.resolve())


def _folder_files(folder: Path, keep: Callable[[Path], bool] = lambda _p: True) -> Iterator[RawRecord]:
    """Every readable file of a folder; a symlink leading out of it is a reject, not followed."""
    for path in expand([folder]):
        if not keep(path):
            continue
        if _outside(path, folder):
            yield outside_reject(path, folder)
        else:
            yield from read_path(path)


def read_path(path: Path) -> Iterator[RawRecord]:
    """Every record of one file; a reader that breaks mid-file (truncated gzip, I/O error) ends
    that file with a reject naming where it stopped, and the records before it are kept."""
    count = 0
    try:
        for rec in _read_path(path):
            count += 1
            yield rec
    except Exception as exc:  # noqa: BLE001 - one unreadable file must not stop the others
        yield RawRecord(
            origin="file",
            locator=f"{path} (after record {count})",
            error=f"reading {path.name} stopped: {type(exc).__name__}: {exc}; records before it were read",
        )


def _read_path(path: Path) -> Iterator[RawRecord]:
    name = path.name.lower()
    if not path.exists():
        yield RawRecord(origin="file", locator=str(path), error=f"{path} does not exist")
    elif name.endswith(WARC_SUFFIXES):
        from pipeline.sources.warc import read_warc  # warcio (and fsspec): WARC inputs only

        yield from read_warc(path)
    elif name.endswith(HTML_SUFFIXES):
        yield read_html_file(path)
    elif name.endswith(JSONL_SUFFIXES):
        yield from read_jsonl(path)
    else:
        yield RawRecord(
            origin="file",
            locator=str(path),
            error=f"{path}: unknown file type; use .jsonl, .html/.htm or .warc/.warc.gz",
        )


def read_paths(paths: list[str | Path]) -> Iterator[RawRecord]:
    for p in map(Path, paths):
        if p.is_dir() and (p / MANIFEST).is_file():
            # a folder of saved pages with a manifest: the manifest names url/outlet/published
            try:
                yield from read_html_dir(p, p / MANIFEST)
            except Exception as exc:  # noqa: BLE001
                yield RawRecord(origin="html", locator=str(p / MANIFEST), error=f"reading the folder stopped: {exc}")
            yield from _folder_files(p, lambda path: not path.name.lower().endswith(HTML_SUFFIXES))
        elif p.is_dir():
            yield from _folder_files(p)
        else:
            yield from read_path(p)
