"""Read commands never write: `synd summary`, `query`, `export`, `report`, `serve`, `alerts status`
and `index stats` work on a
SQLite warehouse in a read-only folder (a read-only bind mount, so even root cannot write), leave
the file byte for byte as it was, and never migrate: a warehouse behind the newest revision is
refused with a message naming `synd migrate`. `synd query NAME` runs the example query NAME even
when a file of that name lies in the current folder; `./NAME` or `NAME.sql` runs a file."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from pipeline import jobs
from pipeline.alerts.send import send_pending
from pipeline.warehouse import db
from tests.alert_receivers import free_port
from tests.reliability.figures import record_figures
from tests.reliability.helpers import SYND, body_text, env


def _can_mount_read_only() -> str | None:
    try:
        r = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind -o ro /tmp /tmp && ! touch /tmp/.synd-ro-probe"],
                           capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unshare unavailable: {exc}"
    return None if r.returncode == 0 else f"cannot make a read-only bind mount here: {r.stderr.decode()[:200]}"


NO_RO = _can_mount_read_only()


def _warehouse(settings_for, folder: Path) -> str:  # type: ignore[no-untyped-def]
    """A detected warehouse, closed cleanly (no -wal or -shm left beside it)."""
    folder.mkdir()
    url = f"sqlite:///{folder / 'w.db'}"
    corpus = folder.parent / "corpus.jsonl"
    rows = [{"url": f"https://{o}/story", "outlet": o, "published": f"2026-03-0{i + 1}T08:00:00Z", "title": "Story",
             "text": body_text("Harbour")} for i, o in enumerate(("source.example", "copier.example"))]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    settings = settings_for(url)
    jobs.ingest(settings, [corpus])
    jobs.detect(settings)
    db.dispose_all()
    con = sqlite3.connect(folder / "w.db")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    assert sorted(p.name for p in folder.iterdir()) == ["w.db"]
    return url


def _read_only(folder: Path, *cmd: str) -> list[str]:
    """``cmd`` run with ``folder`` mounted read-only (for it and its children only)."""
    return ["unshare", "-m", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder), *cmd]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.mark.skipif(NO_RO is not None, reason=str(NO_RO))
def test_read_commands_serve_a_read_only_folder(settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ro"
    url = _warehouse(settings_for, folder)
    # one alert whose receiver is down: `alerts status` has a failed ledger row to show
    alerts = {"channels": [{"name": "hook", "type": "webhook", "url": f"http://127.0.0.1:{free_port()}/hook",
                            "timeout_seconds": 2}], "rules": [{"name": "any", "channels": ["hook"]}]}
    assert send_pending(settings_for(url, alerts=alerts))["failed"] == 1
    db.dispose_all()
    con = sqlite3.connect(folder / "w.db")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    config = tmp_path / "alerts.yaml"
    config.write_text(json.dumps({"alerts": alerts}))  # YAML is a superset of JSON
    before = _digest(folder)
    out = tmp_path / "out"
    out.mkdir()
    for cmd in (["summary"], ["query", "who_copies_whom"], ["export", "syndications", "--out", str(out / "s.jsonl")],
                ["report", "--out", str(out / "report")], ["alerts", "status", "--config", str(config)],
                ["index", "stats"]):
        r = subprocess.run(_read_only(folder, SYND, *cmd, "--warehouse", url), env=env(), cwd=out,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, f"synd {' '.join(cmd)}: {r.stderr[-1500:]}"
        if cmd[0] in ("summary", "query"):
            assert "copier.example" in r.stdout, r.stdout[-1500:]
        if cmd[0] == "alerts":
            assert "channel hook is backing off" in r.stdout and "1 failed attempt" in r.stdout, r.stdout[-1500:]
        if cmd[0] == "index":
            assert "articles_indexed   2" in r.stdout, r.stdout[-1500:]
    assert len((out / "s.jsonl").read_text().splitlines()) == 1
    assert (out / "report" / "report.html").is_file()

    port = free_port()
    serve = subprocess.Popen(_read_only(folder, SYND, "serve", "--port", str(port), "--warehouse", url), env=env(),
                             cwd=out, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                page = httpx.get(base + "/", timeout=10)
                break
            except httpx.HTTPError:
                assert serve.poll() is None, serve.stderr.read().decode()[-1500:] if serve.stderr else ""
                assert time.monotonic() < deadline, "synd serve did not start"
                time.sleep(0.3)
        assert page.status_code == 200 and "copier.example" in page.text
        assert httpx.get(base + "/network.svg", timeout=60).status_code == 200
        refused = httpx.post(base + "/syndications/1/verdict", data={"verdict": "confirm"},
                             headers={"Origin": base}, timeout=30)
        assert refused.status_code == 503 and "read-only" in refused.text, (refused.status_code, refused.text[:300])
    finally:
        serve.terminate()
        serve.wait(30)
    assert _digest(folder) == before, "a read command changed the warehouse folder"
    record_figures("read_only_folder", read_only_folder_commands_served=7, read_only_folder_bytes_changed=0)


def test_a_warehouse_behind_the_newest_migration_is_read_not_migrated(settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "old"
    url = _warehouse(settings_for, folder)
    head = db.head_revision()
    older = f"{int(head) - 1:04d}"
    con = sqlite3.connect(folder / "w.db")
    con.execute("UPDATE alembic_version SET version_num = ?", (older,))
    con.commit()
    con.close()
    r = subprocess.run([SYND, "summary", "--warehouse", url], env=env(), cwd=tmp_path, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 1
    assert "synd migrate" in r.stderr and older in r.stderr and head in r.stderr, r.stderr
    con = sqlite3.connect(folder / "w.db")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == older, "a read command migrated"
    con.close()

    fresh = f"sqlite:///{tmp_path / 'new' / 'w.db'}"
    m = subprocess.run([SYND, "migrate", "--warehouse", fresh], env=env(), cwd=tmp_path, capture_output=True,
                       text=True, timeout=300)
    assert m.returncode == 0 and head in m.stderr, m.stderr
    r = subprocess.run([SYND, "summary", "--warehouse", fresh], env=env(), cwd=tmp_path, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr


def test_a_file_named_like_an_example_query_does_not_shadow_it(settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = _warehouse(settings_for, tmp_path / "w")
    (tmp_path / "who_copies_whom").write_text("SELECT 4242 AS shadow")
    (tmp_path / "mine.sql").write_text("SELECT 4343 AS mine")

    def query(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([SYND, "query", name, "--format", "csv", "--warehouse", url], env=env(), cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)

    example = query("who_copies_whom")
    assert example.returncode == 0 and "4242" not in example.stdout and "copier.example" in example.stdout
    assert "example query who_copies_whom" in example.stderr, example.stderr
    local = query("./who_copies_whom")
    assert local.returncode == 0 and "4242" in local.stdout and "the file ./who_copies_whom" in local.stderr
    mine = query("mine.sql")
    assert mine.returncode == 0 and "4343" in mine.stdout
    missing = query("mine")
    assert missing.returncode != 0 and "no example query 'mine'" in missing.stderr
