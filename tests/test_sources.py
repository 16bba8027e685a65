"""Every ingest path: valid records land, bad ones become rejects with a reason naming the record."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.sources import read_paths
from tests.pages import PARAGRAPHS, page


def _jsonl(path: Path, rows: list[object], extra: str = "") -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n" + extra)
    return path


def test_jsonl_reads_fields_and_flags_broken_lines(tmp_path: Path) -> None:
    f = _jsonl(
        tmp_path / "a.jsonl",
        [{"url": "https://a.example/1", "outlet": "A", "published": "2026-03-01", "title": "T", "text": "x"}, [1, 2]],
        "{not json\n",
    )
    recs = list(read_paths([f]))
    assert [r.url for r in recs] == ["https://a.example/1", None, None]
    assert recs[0].outlet == "A" and recs[0].text == "x" and recs[0].error is None
    assert "not an object" in (recs[1].error or "") and recs[1].locator.endswith(":2")
    assert "not valid JSON" in (recs[2].error or "") and recs[2].locator.endswith(":3")


def test_gzipped_jsonl_and_directories(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "b.jsonl.gz", "wt") as fh:
        fh.write(json.dumps({"url": "https://b.example/1", "text": "y"}) + "\n")
    (tmp_path / "p.html").write_text(page("Pier", PARAGRAPHS, canonical="https://c.example/pier"))
    (tmp_path / "notes.txt").write_text("ignored")
    recs = list(read_paths([tmp_path]))
    assert sorted(r.url or "" for r in recs) == ["https://b.example/1", "https://c.example/pier"]


def test_html_file_without_canonical_gets_a_file_url(tmp_path: Path) -> None:
    (tmp_path / "p.htm").write_text(page("Pier", PARAGRAPHS))
    [rec] = list(read_paths([tmp_path / "p.htm"]))
    assert rec.url is not None and rec.url.startswith("file://")


def test_unknown_and_missing_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    recs = list(read_paths([tmp_path / "x.pdf", tmp_path / "nope.jsonl"]))
    assert "unknown file type" in (recs[0].error or "")
    assert "does not exist" in (recs[1].error or "")


def _warc(path: Path, pages: list[tuple[str, str, str]]) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=headers)
            )
    return path


def test_warc_yields_html_responses_only(tmp_path: Path) -> None:
    f = _warc(
        tmp_path / "c.warc.gz",
        [
            ("https://a.example/1", "text/html; charset=utf-8", page("One", PARAGRAPHS)),
            ("https://a.example/logo.png", "image/png", "PNG"),
            ("https://a.example/2", "text/html", page("Two", PARAGRAPHS[:2])),
        ],
    )
    recs = list(read_paths([f]))
    assert [r.url for r in recs] == ["https://a.example/1", "https://a.example/2"]
    assert all(isinstance(r.html, bytes) and b"<article>" in r.html for r in recs)


def test_broken_warc_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    f = tmp_path / "broken.warc"
    f.write_bytes(b"this is not a warc file at all\r\n\r\n")
    recs = list(read_paths([f]))
    assert len(recs) == 1 and "WARC" in (recs[0].error or "")
