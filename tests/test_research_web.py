"""The web view over HTTP on a real uvicorn server: filters, side by side, verdicts, escaping."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import select

from pipeline import jobs
from pipeline.report.cases import safe_href
from pipeline.warehouse.schema import articles, syndications, verdicts
from tests.research_corpus import fill
from tests.webserver import _free_port, serving


def test_list_filters_case_and_verdicts(warehouse_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(warehouse_url)
    fill(settings, tmp_path)
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        syns = conn.execute(select(syndications.c.syndication_id, syndications.c.relation,
                                   syndications.c.attributed)).all()
        hostile = conn.execute(
            select(syndications.c.syndication_id).join(articles, articles.c.article_id == syndications.c.copy_id)
            .where(articles.c.outlet == "Islands Weekly")).scalars().first()
    assert hostile is not None
    with serving(engine) as base, httpx.Client(base_url=base, timeout=10, headers={"Origin": base}) as web:
        r = web.get("/")
        assert r.status_code == 200
        assert "script-src 'none'" in r.headers["content-security-policy"]
        assert r.text.count('class="syndication"') == len(syns)
        for rel in ("same_wire", "republication", "common_source"):
            n = sum(s.relation == rel for s in syns)
            assert web.get("/", params={"relation": rel}).text.count('class="syndication"') == n
        n_credited = sum(bool(s.attributed) for s in syns)
        assert web.get("/", params={"attributed": "yes"}).text.count('class="syndication"') == n_credited
        assert web.get("/", params={"attributed": "no"}).text.count('class="syndication"') == len(syns) - n_credited
        only = web.get("/", params={"outlet": "Saltmere Post"}).text
        assert only.count('class="syndication"') == 1 and "Nordline" not in only.split("<table")[0]
        assert web.get("/", params={"from": "2026-03-04", "to": "2026-03-04"}).text.count('class="syndication"') == 1
        assert web.get("/", params={"to": "2026-03-01"}).text.count('class="syndication"') == 0
        assert web.get("/", params={"from": "March"}).status_code == 400
        assert web.get("/", params={"relation": "<x>"}).status_code == 400

        page = web.get(f"/syndications/{hostile}").text
        assert "<script>" not in page and "onerror=" not in page.replace("&lt;img src=x onerror=", "")
        assert 'href="javascript' not in page.lower()
        assert "&lt;script&gt;" in page
        assert web.get("/syndications/999999").status_code == 404

        r = web.post(f"/syndications/{hostile}/verdict", data={"verdict": "confirm", "reviewer": "ana", "note": "<b>x"})
        assert r.status_code == 303
        assert web.post(f"/syndications/{hostile}/verdict", data={"verdict": "maybe"}).status_code == 400
        forged = web.post(f"/syndications/{hostile}/verdict", data={"verdict": "reject"},
                          headers={"Origin": "http://evil.example"})
        assert forged.status_code == 403
        assert web.post("/syndications/999999/verdict", data={"verdict": "reject"}).status_code == 404
        assert "&lt;b&gt;x" in web.get(f"/syndications/{hostile}").text
        assert web.get("/", params={"verdict": "confirm"}).text.count('class="syndication"') == 1
        assert web.get("/", params={"verdict": "none"}).text.count('class="syndication"') == len(syns) - 1

        net = web.get("/network").text
        assert "Harbour Courier" in net
        svg = web.get("/network.svg")
        assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content[:2000]
    with engine.connect() as conn:
        [(sid, verdict, reviewer, note)] = conn.execute(
            select(verdicts.c.syndication_id, verdicts.c.verdict, verdicts.c.reviewer, verdicts.c.note)).all()
    assert (sid, verdict, reviewer, note) == (hostile, "confirm", "ana", "<b>x")


def test_serve_command_starts_the_app(sqlite_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    fill(settings_for(sqlite_url), tmp_path)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port), "--warehouse", sqlite_url],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stdout.read() if proc.stdout else ""
                time.sleep(0.2)
        assert r.status_code == 200 and "Harbour Courier" in r.text
    finally:
        proc.terminate()
        proc.wait(10)


def test_pages_and_safe_links(sqlite_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "//evil.example/x"):
        assert safe_href(bad) is None, bad
    assert safe_href("https://a.example/x?y=1") == "https://a.example/x?y=1"
    settings = settings_for(sqlite_url)
    fill(settings, tmp_path)
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        total = len(conn.execute(select(syndications.c.syndication_id)).all())
    seen: list[str] = []
    with serving(engine, page_size=2) as base, httpx.Client(base_url=base, timeout=10) as web:
        url: str | None = "/?relation="
        while url:
            html = web.get(url).text
            seen += re.findall(r'class="syndication" data-id="(\d+)"', html)
            m = re.search(r'<a href="(/\?[^"]*page=\d+)">next', html)
            url = m.group(1).replace("&amp;", "&") if m else None
    assert len(seen) == len(set(seen)) == total > 2
