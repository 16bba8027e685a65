"""`synd serve` at the edges, through a real server: ids beyond any integer column and dates at
the ends of the calendar answer 400/404, never 500; the network picture is drawn once per change
of the warehouse, not once per request."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import httpx
import pytest

from pipeline import jobs
from pipeline.web import app as web_app
from tests.reliability.figures import record_figures
from tests.reliability.helpers import body_text, scale
from tests.webserver import serving


def _corpus(path: Path, tag: str, outlets: tuple[str, str] = ("source.example", "copier.example")) -> Path:
    rows = [{"url": f"https://{o}/{tag}", "outlet": o, "published": f"2026-03-0{i + 1}T08:00:00Z", "title": tag,
             "text": body_text(tag)} for i, o in enumerate(outlets)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture
def filled(warehouse_url: str, settings_for, tmp_path: Path) -> Any:  # type: ignore[no-untyped-def]
    settings = settings_for(warehouse_url)
    jobs.ingest(settings, [_corpus(tmp_path / "a.jsonl", "Harbour")])
    jobs.detect(settings)
    return settings


HUGE_IDS = ["99999999999999999999", "18446744073709551616", "9223372036854775808", "-99999999999999999999", "0"]
EDGE_DATES = ["0001-01-01", "9999-12-31", "0001-01-01T00:00", "9999-12-31", "10000-01-01", "0000-01-01"]


def test_huge_ids_and_calendar_edges_never_answer_500(filled: Any) -> None:
    engine = jobs.warehouse(filled)
    with serving(engine) as base, httpx.Client(base_url=base, timeout=30, headers={"Origin": base}) as web:
        rng = random.Random()
        ids = HUGE_IDS + [str(rng.randrange(2**63, 10**30) * rng.choice((1, -1))) for _ in range(scale(0, 100))]
        dates = EDGE_DATES + [f"{rng.randrange(0, 10001):04d}-{rng.randrange(0, 14):02d}-{rng.randrange(0, 33):02d}"
                              for _ in range(scale(0, 200))]
        tried = 0
        for sid in ids:
            for method, path in (("GET", f"/syndications/{sid}"), ("GET", f"/syndication/{sid}"),
                                 ("POST", f"/syndications/{sid}/verdict")):
                r = web.request(method, path, data={"verdict": "confirm"} if method == "POST" else None,
                                follow_redirects=True)
                tried += 1
                assert r.status_code in (400, 404, 422), f"{method} {path}: {r.status_code} {r.text[:200]}"
        seen = {}
        for d in dates:
            for key in ("from", "to"):
                r = web.get("/", params={key: d})
                tried += 1
                assert r.status_code in (200, 400), f"?{key}={d}: {r.status_code} {r.text[:200]}"
                seen[(key, d)] = r.status_code
        # the ends of the calendar are dates like any other: everything is on or after year 1
        assert seen[("from", "0001-01-01")] == 200 and seen[("to", "9999-12-31")] == 200
        assert "Harbour" in web.get("/", params={"from": "0001-01-01", "to": "9999-12-31"}).text
    record_figures("web_edges", web_edge_requests_tried=tried, web_edge_requests_500=0)


def test_network_svg_is_drawn_once_per_warehouse_change(filled: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[int] = []
    real = web_app.draw_graph

    def counting(g: Any, path: Path) -> Path:  # the real drawing, counted
        drawn.append(g.number_of_edges())
        return real(g, path)

    monkeypatch.setattr(web_app, "draw_graph", counting)
    engine = jobs.warehouse(filled)
    with serving(engine) as base, httpx.Client(base_url=base, timeout=60) as web:
        first = web.get("/network.svg")
        assert first.status_code == 200 and first.content.startswith((b"<?xml", b"<svg"))
        for _ in range(4):
            again = web.get("/network.svg")
            assert again.status_code == 200 and again.content == first.content
        etag = first.headers.get("etag")
        assert etag and web.get("/network.svg", headers={"If-None-Match": etag}).status_code == 304
        assert len(drawn) == 1, f"drawn {len(drawn)} times for 6 requests on an unchanged warehouse"

        # new articles and a new copy edge: the next request draws again, once
        jobs.ingest(filled, [_corpus(tmp_path / "b.jsonl", "Bridge", ("third.example", "fourth.example"))])
        jobs.detect(filled)
        changed = web.get("/network.svg")
        assert changed.status_code == 200 and changed.content != first.content
        assert changed.headers.get("etag") != etag
        web.get("/network.svg")
        assert len(drawn) == 2 and drawn[1] > drawn[0], drawn
    record_figures("network_svg_cache", network_svg_requests=8, network_svg_drawings=len(drawn))
