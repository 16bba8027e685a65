"""Importers for corpora researchers hold: NELA-GT JSON/SQLite, CC-NEWS WARCs, HTML folders.

Each is fed small files written here and goes through the real ingest into a warehouse."""

from __future__ import annotations

import functools
import http.server
import io
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import jobs
from pipeline.cli import app
from pipeline.sources import read_paths
from pipeline.sources.ccnews import read_ccnews
from pipeline.sources.html_dir import read_html_dir
from pipeline.sources.nela import read_nela
from pipeline.warehouse.schema import articles, rejects
from tests.pages import PARAGRAPHS, page
from tests.research_corpus import SCHOOL, WIRE

TEXT = "\n\n".join(PARAGRAPHS)


def _nela_items() -> list[dict]:  # type: ignore[type-arg]
    return [
        {"id": "hc--1", "date": "2026-03-02", "source": "harbourcourier", "title": "North pier to close",
         "content": TEXT, "author": "Staff", "url": "https://harbourcourier.example/pier",
         "published": "Mon, 02 Mar 2026 09:00:00 +0100", "published_utc": 1772438400, "collection_utc": 1772440000},
        {"id": "sp--2", "date": "2026-03-04", "source": "saltmerepost", "title": "Evening trains to go",
         "content": "\n\n".join(WIRE), "author": None, "url": "https://saltmerepost.example/rail",
         "published": "2026-03-04 07:30:00", "published_utc": None, "collection_utc": 1772610000},
        {"id": "bad--3", "date": "2026-03-04", "source": "nobody", "title": "no url", "content": TEXT, "url": None},
    ]


def test_nela_json_jsonl_and_sqlite(tmp_path: Path, sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    items = _nela_items()
    (tmp_path / "nela").mkdir()
    (tmp_path / "nela" / "harbour.json").write_text(json.dumps(items[:1]))
    (tmp_path / "nela" / "more.jsonl").write_text(json.dumps(items[1]) + "\n{broken\n" + json.dumps(items[2]) + "\n")
    db = tmp_path / "nela.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE newsdata (id TEXT, date TEXT, source TEXT, title TEXT, content TEXT, author TEXT,"
                     " url TEXT, published TEXT, published_utc INTEGER, collection_utc INTEGER)")
        conn.execute("INSERT INTO newsdata VALUES (?,?,?,?,?,?,?,?,?,?)",
                     ("bw--1", "2026-03-04", "brightwater", "Longer lunch", "\n\n".join(SCHOOL), None,
                      "https://brightwater.example/lunch", "2026-03-04", 1772622000, 1772630000))
    recs = list(read_nela(tmp_path / "nela"))
    assert [r.outlet for r in recs if not r.error] == ["harbourcourier", "saltmerepost", "nobody"]
    assert recs[0].published == "2026-03-02T08:00:00+00:00"  # published_utc wins over the text field
    assert any(r.error and r.locator.endswith("more.jsonl:2") for r in recs)
    assert len(list(read_nela(tmp_path / "nela", limit=2))) == 2

    settings = settings_for(sqlite_url)
    stats = jobs.ingest_records(jobs.warehouse(settings), [*recs, *read_nela(db)], settings)
    assert (stats.new, stats.rejected) == (3, 2)
    with jobs.warehouse(settings).connect() as conn:
        rows = {r.outlet: r for r in conn.execute(select(articles))}
        assert rows["harbourcourier"].origin == "nela" and rows["brightwater"].title == "Longer lunch"
        reasons = [r.reason for r in conn.execute(select(rejects))]
        assert any("not valid JSON" in r for r in reasons) and any("missing 'url'" in r for r in reasons)

    # the CLI, with --limit across files
    other_url = f"sqlite:///{tmp_path / 'cli.db'}"
    res = CliRunner().invoke(app, ["import", "nela", str(tmp_path / "nela"), str(db), "--limit", "2",
                                   "--warehouse", other_url], env={"SYND__RAW_STORE__PATH": str(tmp_path / "raw")})
    assert res.exit_code == 0, res.output
    with jobs.warehouse(settings_for(other_url)).connect() as conn:
        assert sorted(conn.execute(select(articles.c.outlet)).scalars()) == ["harbourcourier", "saltmerepost"]

    # a SQLite file that is not a NELA dump is one clear reject
    other = tmp_path / "other.db"
    sqlite3.connect(other).close()
    [bad] = list(read_nela(other))
    assert bad.error and "newsdata" in bad.error


def _warc(path: Path, pages: list[tuple[str, str]]) -> Path:
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "synd tests"}))
        for url, html in pages:
            body = html.encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("https://x.example/a.png", "response",
                                            payload=io.BytesIO(b"\x89PNG...."), http_headers=img))
    return path


@pytest.fixture
def http_dir(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A real local HTTP server over a folder."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def test_ccnews_streams_over_http_with_limit_and_progress(http_dir: tuple[str, Path], sqlite_url: str,
                                                          settings_for) -> None:  # type: ignore[no-untyped-def]
    base, root = http_dir
    pages = [(f"https://outlet{i}.example/story-{i}", page(f"Story {i}", PARAGRAPHS[i:] + PARAGRAPHS[:i])) for i in range(4)]
    warc = _warc(root / "CC-NEWS-20260302.warc.gz", pages)
    seen: list[tuple[int, int]] = []
    recs = list(read_ccnews(f"{base}/{warc.name}", progress=lambda _s, d, t: seen.append((d, t))))
    assert [r.url for r in recs] == [u for u, _ in pages]  # requests and the image are skipped
    assert seen and seen[-1] == (warc.stat().st_size, warc.stat().st_size)
    assert [r.url for r in read_ccnews(f"{base}/{warc.name}", limit=2)] == [u for u, _ in pages[:2]]

    # a truncated download: the records before the damage land, the damage is one reject
    (root / "cut.warc.gz").write_bytes(warc.read_bytes()[: warc.stat().st_size * 2 // 3])
    cut = list(read_ccnews(f"{base}/cut.warc.gz"))
    assert cut[-1].error and "cut.warc.gz" in cut[-1].locator
    missing = list(read_ccnews(f"{base}/nope.warc.gz"))
    assert missing[0].error and "404" in missing[0].error

    # the CLI: --limit and a warehouse with exactly that many articles
    res = CliRunner().invoke(app, ["import", "ccnews", f"{base}/{warc.name}", "--limit", "3", "--warehouse", sqlite_url],
                             env={"SYND__RAW_STORE__PATH": str(root / "raw")})
    assert res.exit_code == 0, res.output
    with jobs.warehouse(settings_for(sqlite_url)).connect() as conn:
        assert sorted(conn.execute(select(articles.c.url)).scalars()) == sorted(u for u, _ in pages[:3])


def test_html_dir_with_manifest(tmp_path: Path, sqlite_url: str) -> None:
    d = tmp_path / "pages"
    (d / "sub").mkdir(parents=True)
    (d / "a.html").write_text(page("North pier to close", PARAGRAPHS), encoding="utf-8")
    (d / "sub" / "b.htm").write_text(page("Pier works", PARAGRAPHS[:3], site="Valley Ledger"), encoding="utf-8")
    (d / "loose.html").write_text(page("School lunch", SCHOOL, canonical="https://brightwater.example/lunch"),
                                  encoding="utf-8")
    (d / "manifest.csv").write_text(
        "file,url,outlet,published\n"
        "a.html,https://harbourcourier.example/pier,Harbour Courier,2026-03-02T09:00:00+01:00\n"
        "sub/b.htm,https://valleyledger.example/pier,Valley Ledger,2026-03-02 15:00\n"
        "gone.html,https://x.example/gone,X,\n"
        "../escape.html,https://x.example/e,X,\n",
        encoding="utf-8",
    )
    recs = list(read_html_dir(d))
    good = {r.url: r for r in recs if not r.error}
    assert good["https://harbourcourier.example/pier"].outlet == "Harbour Courier"
    assert good["https://valleyledger.example/pier"].published == "2026-03-02 15:00"
    assert "https://brightwater.example/lunch" in good  # not in the manifest: read as a loose page
    errors = {r.locator: r.error for r in recs if r.error}
    assert any(loc.endswith("manifest.csv:4") and "does not exist" in (e or "") for loc, e in errors.items())
    assert any(loc.endswith("manifest.csv:5") and "outside" in (e or "") for loc, e in errors.items())

    res = CliRunner().invoke(app, ["import", "html-dir", str(d), "--warehouse", sqlite_url],
                             env={"SYND__RAW_STORE__PATH": str(tmp_path / "raw")})
    assert res.exit_code == 2, res.output  # some rows were rejected; the rest landed
    from pipeline.warehouse.db import connect

    with connect(sqlite_url).connect() as conn:
        outlets = dict(conn.execute(select(articles.c.url, articles.c.outlet)).tuples().all())
        assert outlets["https://valleyledger.example/pier"] == "Valley Ledger"
        assert len(outlets) == 3
        assert len(conn.execute(select(rejects)).all()) == 2

    # `synd ingest DIR` honours the manifest too
    assert {r.url for r in read_paths([d]) if not r.error} == set(good)

    # a manifest without a file column is refused with the fix
    bad = tmp_path / "bad.csv"
    bad.write_text("url,outlet\nhttps://a.example/x,A\n")
    [rec] = [r for r in read_html_dir(d, bad) if r.error]
    assert "'file' column" in (rec.error or "")


def test_nela_import_prints_markup_in_data_literally_and_survives_a_dead_warehouse(tmp_path: Path,
                                                                                  sqlite_url: str) -> None:
    """The importers run on `synd ingest`'s runner: a reject quoting ``[/b]`` from a record's URL
    prints as it is (Rich markup from data once crashed the import after storing the batch), and
    an unreachable warehouse is exit 3 with its cause, not a traceback."""
    items = _nela_items()[:2]
    items.append({**items[0], "id": "hc--9", "url": "[/b]pier-2", "title": "Pier [b]again[/b]"})
    items.append({**items[1], "id": "sp--9", "url": "https://saltmerepost.example/rail[/b]", "published": "[/b] [red]"})
    src = tmp_path / "nela.json"
    src.write_text(json.dumps(items))
    env = {"SYND__RAW_STORE__PATH": str(tmp_path / "raw"), "COLUMNS": "300"}
    res = CliRunner().invoke(app, ["import", "nela", str(src), "--warehouse", sqlite_url], env=env)
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output  # rejects, not a crash
    said = " ".join(res.output.split())
    assert "2 new" in said and "2 rejected" in said
    assert "url '[/b]pier-2'" in said and "'[/b] [red]'" in said  # literally, markup and all
    assert "synd export rejects" in said  # the same reject report as `synd ingest`

    dead = "postgresql+psycopg2://postgres@127.0.0.1:9/unreachable"
    res = CliRunner().invoke(app, ["import", "nela", str(src), "--warehouse", dead], env=env)
    assert res.exit_code == 3 and isinstance(res.exception, SystemExit), res.output
    assert "import failed" in res.output and "Traceback" not in res.output

    res = CliRunner().invoke(app, ["import", "nela", str(tmp_path / "nosuch.json"), "--warehouse", sqlite_url], env=env)
    assert res.exit_code == 1 and "no such file" in res.output
