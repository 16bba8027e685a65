"""Pages in UTF-16/32 with a byte-order mark are read, not rejected as binary; a UTF-8 page with
one invalid byte keeps all its other accents (only the bad byte is replaced)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline import jobs
from pipeline.normalise.html import decode_html, sniff_binary
from pipeline.warehouse.schema import articles, rejects
from tests.reliability.helpers import PARA

WORDS = "Zürich café naïve Ελληνικά кириллица"


def _page(title: str) -> str:
    ps = "".join(f"<p>{WORDS} paragraph {i}. {PARA * 2}</p>" for i in range(4))
    return (f"<html><head><meta charset='utf-8'><title>{title}</title>"
            f"<link rel='canonical' href='https://enc.example/{title}'></head>"
            f"<body><article><h1>{title} {WORDS}</h1>{ps}</article></body></html>")


BOMS = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00",
        "utf-32-be": b"\x00\x00\xfe\xff", "utf-8": b"\xef\xbb\xbf"}


@pytest.mark.parametrize("codec", list(BOMS))
def test_a_page_with_a_byte_order_mark_is_text(codec: str) -> None:
    data = BOMS[codec] + _page("bom").encode(codec)
    assert sniff_binary(data) is None
    assert WORDS in decode_html(data) and not decode_html(data).startswith("\ufeff")


def test_one_invalid_byte_does_not_turn_a_utf8_page_to_mojibake() -> None:
    good = _page("stray").encode("utf-8")
    i = good.index(b"paragraph 2")
    data = good[:i] + b"\xff" + good[i:]
    text = decode_html(data)
    assert WORDS in text and "Ã" not in text
    assert text.count("\ufffd") == 1
    # a legacy page is still read in its own charset
    legacy = ("<html><head><meta charset='windows-1252'></head><body><p>Un café à Zürich, déjà vu.</p></body></html>"
              .encode("cp1252"))
    assert "café à Zürich, déjà" in decode_html(legacy)


def test_utf16_and_broken_utf8_pages_are_stored(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "pages"
    folder.mkdir()
    for codec, bom in BOMS.items():
        (folder / f"{codec}.html").write_bytes(bom + _page(codec).encode(codec))
    good = _page("broken-utf8").encode("utf-8")
    (folder / "broken-utf8.html").write_bytes(good.replace(b"paragraph 1", b"\xc3paragraph 1", 1))
    settings = settings_for(sqlite_url)
    stats = jobs.ingest(settings, [folder])
    with jobs.warehouse(settings).connect() as conn:
        reasons = [r[0] for r in conn.execute(select(rejects.c.reason))]
        bodies = {r.url: r.body for r in conn.execute(select(articles.c.url, articles.c.body))}
    assert stats.new == len(BOMS) + 1, reasons
    for url, body in bodies.items():
        assert WORDS in body and "Ã" not in body, url
