"""The researcher web view is read-only but for verdicts (every route, every method, on a real
server), hostile query strings change nothing, and a hostile article renders inert in headless
Chromium: no script, event handler or javascript: link runs, in `synd serve` or the static report."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import Engine, func, insert, select

from pipeline import jobs
from pipeline.report.html import write_report
from pipeline.warehouse.schema import metadata, syndications, verdicts
from pipeline.web.app import create_app, verdict_subject
from tests.reliability.helpers import PARA
from tests.webserver import serving

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '<svg onload="window.__pwned=3"></svg>',
    '<a href="javascript:window.__pwned=4">click me</a>',
    '"><script>window.__pwned=5</script>',
    "'><img src=x onerror=window.__pwned=6>",
    '<iframe src="javascript:window.__pwned=7"></iframe>',
    '<details open ontoggle="window.__pwned=8">x</details>',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=9">',
    "</textarea></title><script>window.__pwned=10</script>",
    "{{ 7*7 }} {% if 1 %}jinja{% endif %} ${7*7}",
    '<a href="data:text/html,<script>alert(11)</script>">data link</a>',
]


def _hostile_corpus(tmp_path: Path) -> Path:
    """A hostile source and its copy: payloads in title, outlet, author and text; an HTML page
    with javascript:/data: links in its body and a javascript: canonical link."""
    text = "\n\n".join(f"{p} {PARA}" for p in PAYLOADS)
    links = "".join(f'<p>{PARA} <a href="{h}">credit link</a></p>' for h in
                    ("javascript:window.__pwned=20", "data:text/html,x", "https://hostile.example/source"))
    html = (f"<html><head><title>{PAYLOADS[0]} headline</title><link rel='canonical' href='javascript:window.__pwned=21'>"
            f"<meta name='author' content='{PAYLOADS[1]}'></head><body><article>"
            + "".join(f"<p>{p.replace('<', '&lt;')} {PARA}</p>" for p in PAYLOADS) + links + "</article></body></html>")
    rows = [
        {"url": "https://hostile.example/source", "outlet": '<b onmouseover="window.__pwned=30">Evil Outlet</b>',
         "published": "2026-03-01T08:00:00Z", "title": PAYLOADS[4] + " title", "text": text},
        {"url": "https://copier.example/copy?x=\"><script>window.__pwned=31</script>", "outlet": "Copier <script>x</script>",
         "published": "2026-03-02T08:00:00Z", "html": html},
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _state(engine: Engine) -> dict[str, str]:
    """A digest of every table's rows: any write anywhere changes it."""
    out = {}
    with engine.connect() as conn:
        for t in metadata.sorted_tables:
            rows = sorted(repr(tuple(r)) for r in conn.execute(select(t)))
            out[t.name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return out


def _filled(settings_for, url: str, tmp_path: Path) -> tuple[Engine, int]:  # type: ignore[no-untyped-def]
    settings = settings_for(url)
    stats = jobs.ingest(settings, [_hostile_corpus(tmp_path)])
    assert stats.new == 2, stats
    jobs.detect(settings)
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        sid = conn.execute(select(func.min(syndications.c.syndication_id))).scalar_one()
    assert sid is not None, "the copy must be detected for the case page to exist"
    return engine, int(sid)


def test_every_route_and_method_is_read_only_but_verdicts(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    engine, sid = _filled(settings_for, warehouse_url, tmp_path)
    routes = {(r.path, m) for r in create_app(engine).routes if isinstance(r, APIRoute) for m in r.methods}
    assert routes == {("/", "GET"), ("/syndications/{syndication_id}", "GET"), ("/network", "GET"),
                      ("/network.svg", "GET"), ("/syndications/{syndication_id}/verdict", "POST"),
                      ("/syndication/{syndication_id}", "GET")}, \
        "a new route: decide whether it may write, then add it here"
    paths = sorted({p.replace("{syndication_id}", str(sid)) for p, _ in routes} | {"/static", "/admin", "/docs", "/openapi.json"})
    form = {"verdict": "confirm", "reviewer": "r", "note": "n"}
    tried = 0
    with serving(engine) as base, httpx.Client(base_url=base, timeout=20, headers={"Origin": base}) as web:
        for path in paths:
            for method in METHODS:
                before = _state(engine)
                r = web.request(method, path, data=form if method in ("POST", "PUT", "PATCH") else None)
                tried += 1
                after = _state(engine)
                changed = {t for t in before if before[t] != after[t]}
                if (path, method) == (f"/syndications/{sid}/verdict", "POST"):
                    assert r.status_code == 303 and changed == {"verdicts"}
                else:
                    assert not changed, f"{method} {path} wrote to {changed}"
                    assert r.status_code < 500, f"{method} {path}: {r.status_code}"
                    if method not in ("GET", "HEAD"):
                        assert r.status_code in (404, 405), f"{method} {path} answered {r.status_code}"
        # hostile query strings and forms: refused or harmless, and nothing changes
        before = _state(engine)
        for q in ({"outlet": "' OR 1=1; DROP TABLE articles; --"}, {"relation": "x' OR '1'='1"}, {"from": "2026-01-01' --"},
                  {"verdict": "none' OR 1=1 --"}, {"page": "-1"}, {"page": "99999999999999999999"}):
            assert web.get("/", params=q).status_code in (200, 400, 422)
        for bad in ({"verdict": "confirm' ); DROP TABLE verdicts; --"}, {"verdict": "delete"}, {"verdict": "x" * 20000}):
            assert web.post(f"/syndications/{sid}/verdict", data=bad).status_code in (400, 413)
        assert web.post(f"/syndications/{sid}/verdict", data=form, headers={"Origin": "https://evil.example"}).status_code == 403
        assert web.post("/syndications/999999/verdict", data=form).status_code == 404
        assert _state(engine) == before
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(verdicts)).scalar_one() == 1
    assert tried == len(paths) * len(METHODS)


CHROMIUM = shutil.which("/usr/bin/chromium")
CHROMEDRIVER = shutil.which("/usr/bin/chromedriver")
INERT_JS = """
const bad = document.querySelectorAll(
  'script, iframe, object, embed, meta[http-equiv="refresh" i], [onload], [onerror], [onmouseover], [ontoggle], [onclick], ' +
  'a[href^="javascript"], a[href^="data:"], link[href^="javascript"], img[src="x"]');
return {pwned: window.__pwned === undefined ? null : window.__pwned, bad: bad.length, title: document.title,
        text: document.body ? document.body.innerText : ''};
"""


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="no /usr/bin/chromium or /usr/bin/chromedriver: install "
                    "Debian's chromium and chromium-driver as root (`make chromium` does it when run as root)")
def test_hostile_article_renders_inert_in_chromium(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.common.exceptions import NoAlertPresentException

    from tests.test_research_browser import _driver

    engine, sid = _filled(settings_for, sqlite_url, tmp_path)
    with engine.begin() as conn:  # a verdict note is shown on the case page too
        conn.execute(insert(verdicts).values(syndication_id=sid, verdict="reject", reviewer=PAYLOADS[1], note=PAYLOADS[0],
                                             at=func.now(), **(verdict_subject(conn, sid) or {})))
    report = write_report(engine, tmp_path / "report")
    seen: list[dict[str, Any]] = []
    with serving(engine) as base:
        driver = _driver(tmp_path / "profile")
        try:
            pages = [base + "/", base + "/?outlet=" + PAYLOADS[0], f"{base}/syndications/{sid}", base + "/network",
                     base + "/network.svg", report.as_uri()]
            for url in pages:
                driver.get(url)
                state = driver.execute_script(INERT_JS)
                with pytest.raises(NoAlertPresentException):
                    driver.switch_to.alert.text  # noqa: B018 - no dialog was opened
                seen.append({"url": url, **state})
            case = next(s for s in seen if s["url"].endswith(f"/syndications/{sid}"))
            driver.get(f"{base}/syndications/{sid}")
            for link in driver.find_elements("css selector", "a[href]"):
                assert (link.get_attribute("href") or "").split(":")[0] in ("http", "https"), link.get_attribute("href")
        finally:
            driver.quit()
    for s in seen:
        assert s["pwned"] is None and s["bad"] == 0, s["url"]
        assert s["title"] != "pwned"
    # the payloads are there, as text a researcher can read
    assert "<script>window.__pwned=1</script>" in case["text"] and "{{ 7*7 }}" in case["text"]
    # no template evaluated the payload: "49" only where a clock or date prints it ("04:49", "2049")
    assert "49" not in re.sub(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?|2049", "", case["text"])
