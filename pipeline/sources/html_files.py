"""Loose .html files. The URL comes from the page's canonical link, else a file:// URL."""

from __future__ import annotations

from pathlib import Path

from pipeline.normalise.article import RawRecord


def read_html_file(path: Path, url: str | None = None, outlet: str | None = None, published: str | None = None) -> RawRecord:
    from pipeline.normalise.html import canonical_from_html  # lxml: loaded by HTML inputs only

    try:
        data = path.read_bytes()
    except OSError as exc:
        return RawRecord(origin="html", locator=str(path), error=f"cannot read {path}: {exc}")
    try:
        canonical = None if url else canonical_from_html(data)
    except Exception as exc:  # noqa: BLE001 - a page the parser chokes on is this page's reject only
        return RawRecord(origin="html", locator=str(path), error=f"cannot parse {path.name}: {type(exc).__name__}: {exc}")
    return RawRecord(
        origin="html",
        locator=str(path),
        url=url or canonical or path.resolve().as_uri(),
        outlet=outlet,
        published=published,
        html=data,
    )
