"""`synd serve` takes verdicts only from its own pages and answers only to allowed Host names:
a null or missing Origin (a sandboxed frame, a script) is refused, and so is a DNS-rebinding page
whose Host names another site, on every route."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import func, select

from pipeline.warehouse.schema import verdicts
from tests.reliability.test_security_web import _filled
from tests.webserver import serving


def _count(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(verdicts)).scalar_one())


def test_forged_verdicts_and_rebinding_are_refused(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    engine, sid = _filled(settings_for, sqlite_url, tmp_path)
    form = {"verdict": "confirm"}
    with serving(engine) as base, httpx.Client(base_url=base, timeout=20) as web:
        port = base.rsplit(":", 1)[1]
        forged = 0
        for headers in ({}, {"Origin": "null"}, {"Origin": "https://evil.example"}, {"Origin": f"http://evil.example:{port}"},
                        {"Origin": base + ".evil.example"}, {"Origin": "file://"}, {"Origin": f"http://localhost:{port}"},
                        {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}):
            r = web.post(f"/syndications/{sid}/verdict", data=form, headers=headers)
            forged += r.status_code < 400
            assert r.status_code in (400, 403), (headers, r.status_code)
        assert _count(engine) == 0
        # DNS rebinding: the attacker's name resolves to this server; every route refuses that Host
        for path in ("/", f"/syndications/{sid}", "/network", "/network.svg"):
            r = web.get(path, headers={"Host": f"rebind.evil.example:{port}"})
            assert r.status_code == 400 and "rebind" not in r.text.split("Host")[0], path
        # the app's own pages still work, by any local name
        assert web.get("/").status_code == 200
        assert web.get("/", headers={"Host": f"localhost:{port}"}).status_code == 200
        ok = web.post(f"/syndications/{sid}/verdict", data=form, headers={"Origin": base})
        assert ok.status_code == 303 and _count(engine) == 1
    from tests.reliability.figures import record_figures

    record_figures("forged_verdicts", forged=forged)


def test_allowed_hosts_are_configurable(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from pipeline.web.app import create_app

    engine, sid = _filled(settings_for, sqlite_url, tmp_path)
    lan = TestClient(create_app(engine, allowed_hosts=["research.lan"]), base_url="http://research.lan:8008")
    assert lan.get("/").status_code == 200
    assert lan.post(f"/syndications/{sid}/verdict", data={"verdict": "reject"},
                    headers={"Origin": "http://research.lan:8008"}, follow_redirects=False).status_code == 303
    other = TestClient(create_app(engine), base_url="http://research.lan:8008")
    assert other.get("/").status_code == 400
