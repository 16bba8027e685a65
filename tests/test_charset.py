"""One charset decoder: a page crawled and the same page imported get one body and one hash.

A page declaring iso-8859-1 is really windows-1252 (browsers read it so: the WHATWG Encoding
Standard), so ``\\x93Quoted\\x94`` is “Quoted” whichever path read it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from typer.testing import CliRunner

from pipeline import jobs
from pipeline.cli import app
from pipeline.config import load_settings
from pipeline.crawl.fetcher import decode, detect_encoding
from pipeline.normalise.html import decode_html
from pipeline.warehouse.db import connect
from pipeline.warehouse.schema import articles
from tests.pages import PARAGRAPHS, page
from tests.reliability.helpers import QuietHandler, http_stub

HOST = "latin.example"
URL = f"http://{HOST}/quoted/"


def _latin_page(meta: str | None = "iso-8859-1") -> bytes:
    # in cp1252 bytes the marks are \x93Quoted\x94, \x91so on\x92, \x96
    html = page("Harbour quoted", [*PARAGRAPHS[:3], "The harbour master said: “Quoted” and ‘so on’ – fine."],
                canonical=URL)
    if meta:
        html = html.replace("<head>", f'<head><meta http-equiv="Content-Type" content="text/html; charset={meta}">', 1)
    return html.encode("cp1252")


VARIANTS = [  # (meta charset, HTTP Content-Type)
    ("iso-8859-1", "text/html; charset=iso-8859-1"),
    ("iso-8859-1", None),
    (None, "text/html; charset=ISO-8859-1"),
    ("latin1", "text/html"),
    ("us-ascii", None),
    ("windows-1252", "text/html; charset=windows-1252"),
]


@pytest.mark.parametrize(("meta", "ctype"), VARIANTS)
def test_crawl_and_import_decode_the_same_bytes_alike(meta: str | None, ctype: str | None) -> None:
    data = _latin_page(meta)
    crawled = decode(data, detect_encoding(data, ctype))  # what the crawler records, then reads back
    imported = decode_html(data, ctype)
    assert crawled == imported
    assert "“Quoted”" in imported and "‘so on’ – fine" in imported and "\x93" not in imported


def test_unassigned_windows_1252_bytes_do_not_leave_the_declared_charset() -> None:
    """0x81 has no windows-1252 character: browsers read it as U+0081 and keep the declared charset
    for the rest (a detector's guess would read every other byte differently)."""
    data = _latin_page("iso-8859-1").replace(b"fine.", b"fine\x81.")
    text = decode_html(data, "text/html; charset=iso-8859-1")
    assert "“Quoted”" in text and "fine\x81." in text
    assert decode(data, detect_encoding(data, "text/html; charset=iso-8859-1")) == text


@pytest.fixture
def latin_site() -> Iterator[int]:
    body = _latin_page()

    class Handler(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/seeds.txt":
                out, ctype = f"http://{HOST}:{self.server.server_address[1]}/quoted/\n".encode(), "text/plain"
            elif self.path == "/quoted/":
                out, ctype = body, "text/html; charset=iso-8859-1"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

    with http_stub(Handler) as port:
        yield port


def test_a_latin1_page_crawled_and_imported_is_one_body_and_one_hash(latin_site: int, tmp_path: Path) -> None:
    port = latin_site
    outlets = tmp_path / "outlets.yaml"
    outlets.write_text(yaml.safe_dump({"outlets": [
        {"name": "Latin Ledger", "domains": [HOST], "seeds": [f"http://{HOST}:{port}/seeds.txt"], "rate": 50.0}]}))
    crawled_db = f"sqlite:///{tmp_path / 'crawled.db'}"
    settings = load_settings(None, environ={}, overrides={
        "warehouse": {"url": crawled_db}, "raw_store": {"kind": "local", "path": str(tmp_path / "raw")},
        "outlets_file": str(outlets),
        "crawl": {"hosts": {HOST: "127.0.0.1"}, "allow_networks": ["127.0.0.1/32"], "max_retries": 0,
                  "user_agent": "synd-test-crawler/1.0"}})
    result = jobs.crawl(settings)
    assert result["fetched"] >= 1, result
    assert jobs.ingest_crawled(settings).new == 1

    saved = tmp_path / "saved" / "quoted.html"
    saved.parent.mkdir()
    saved.write_bytes(_latin_page())
    imported_db = f"sqlite:///{tmp_path / 'imported.db'}"
    res = CliRunner().invoke(app, ["ingest", str(saved), "--warehouse", imported_db],
                             env={"SYND__RAW_STORE__PATH": str(tmp_path / "raw2")})
    assert res.exit_code == 0, res.output

    def stored(url: str) -> tuple[str, str]:
        with connect(url).connect() as conn:
            row = conn.execute(select(articles.c.body, articles.c.body_hash)).one()
        return row.body, row.body_hash

    crawled, imported = stored(crawled_db), stored(imported_db)
    assert "“Quoted”" in crawled[0] and "\x93" not in crawled[0]
    assert crawled == imported


def _mis_encoded(text: str) -> str:
    """``text`` as a page mis-encoded at its source prints it: its UTF-8 bytes read as windows-1252
    (the five bytes it leaves undefined as latin-1 reads them: "”" becomes "â€\x9d")."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


def test_a_page_mis_encoded_at_its_source_is_stored_as_its_writer_wrote_it() -> None:
    """UTF-8 shown as windows-1252 in the page itself ("Watersâ€™") survives any decoder: the
    article's title and body read as written, and match a correctly encoded copy's."""
    from pipeline.config import NormaliseSettings
    from pipeline.normalise.article import RawRecord, normalise_record

    paras = [*PARAGRAPHS[:3], "The café’s owner said: “We stay open” – and the £5 menu stays too."]
    good = page("Harbour café’s menu", paras)
    bad = _mis_encoded(good)
    assert "cafÃ©â€™s" in bad and "Â£5" in bad  # the shape of the defect, as pages show it
    fixed = normalise_record(RawRecord(origin="html", locator="t:1", url="http://a.example/x", html=bad), NormaliseSettings())
    right = normalise_record(RawRecord(origin="html", locator="t:2", url="http://b.example/x", html=good), NormaliseSettings())
    assert fixed.title == right.title == "Harbour café’s menu"
    assert fixed.body == right.body and "“We stay open” – and the £5 menu" in fixed.body


def test_a_page_with_no_mis_encoding_keeps_every_character() -> None:
    """The repair never touches a page without the defect's shapes: a word like "Ã la" or a real
    "â" stays, and so do curly quotes and ligatures."""
    from pipeline.normalise.charset import has_mojibake, undo_mojibake

    for text in ("Crème brûlée at the château — “fine” ﬁsh", "São Paulo, Ãngel, â la carte"):
        assert not has_mojibake(text)
        assert undo_mojibake(text) == text


def test_each_mojibake_shape_opens_with_a_character_the_quick_check_looks_for() -> None:
    """``has_mojibake`` skips the pattern scan on a text holding none of "Ã", "â", "Â": a shape
    added to the pattern that opens otherwise must extend that check too."""
    import re._parser as sre

    from pipeline.normalise.charset import _MOJIBAKE, has_mojibake

    top = sre.parse(_MOJIBAKE.pattern, _MOJIBAKE.flags)
    branches = next(av[1] for op, av in top if op is sre.BRANCH)
    assert len(branches) == 3
    for branch in branches:
        op, av = branch[0]
        assert op is sre.LITERAL and chr(av) in "\u00c3\u00e2\u00c2", branch
    assert has_mojibake("Watersâ€™ café") and has_mojibake("cafÃ©") and has_mojibake("Â£5")


def test_the_control_character_check_reads_the_bytes_as_the_pattern_reads_the_text() -> None:
    from pipeline.normalise.html import _CONTROL, _has_control

    for text in ("plain\ttext\r\nlines", "a\x07bell", "x\x0bvt", "é\x1f", "\ud800 lone surrogate", "中文\x00", "\x7f\x85"):
        assert _has_control(text) == bool(_CONTROL.search(text)), text
    assert all(_has_control(chr(c)) == bool(_CONTROL.search(chr(c))) for c in range(0x300))
