"""Alerts end to end through the real `synd` executable: a SIGKILL between send and ledger update,
and `synd run` on the sample corpus with the issue's minimal config."""

from __future__ import annotations

import html
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from pipeline.alerts.send import send_pending
from pipeline.config import load_settings
from pipeline.warehouse import db
from pipeline.warehouse.schema import alert_ledger, syndications
from tests.alert_receivers import Hit, Receiver, free_port, port_free, seed
from tests.test_alerts import MINIMAL

ROOT = Path(__file__).resolve().parents[1]
SYND = str(Path(sys.executable).parent / "synd")
SAMPLE = ROOT / "samples" / "sample.jsonl"


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYND")}
    return {**env, **extra}


def test_sigkill_between_send_and_ledger_update_redelivers_at_most_that_alert(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    seed(url, [{}, {}, {}])
    proc: dict[str, subprocess.Popen[bytes]] = {}

    def kill_on_second(hit: Hit) -> None:
        if len(recv.hits) == 2 and "first" in proc:
            # the receiver has the message; the sender dies before it can record that
            os.kill(proc["first"].pid, signal.SIGKILL)
            proc["first"].wait(timeout=30)

    recv = Receiver(on_request=kill_on_second)
    cfg = tmp_path / "alerts.yaml"
    cfg.write_text(f"""\
alerts:
  lease_seconds: 1
  channels: [{{name: hook, type: webhook, url: "{recv.url}/hook"}}]
  rules: [{{name: all, channels: [hook]}}]
""")
    args = [SYND, "alerts", "send", "--config", str(cfg), "--warehouse", url]
    try:
        proc["first"] = subprocess.Popen(args, env=_env(), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc["first"].wait(timeout=120)
        assert proc["first"].returncode == -signal.SIGKILL
        assert len(recv.hits) == 2
        with db.connect(url).connect() as conn:
            states = sorted(r.status for r in conn.execute(select(alert_ledger.c.status)))
        assert states == ["pending", "sending", "sent"]
        in_flight = recv.hits[1].headers["idempotency-key"]

        time.sleep(1.2)  # the dead sender's lease runs out
        rerun = subprocess.run(args, env=_env(), cwd=tmp_path, capture_output=True, timeout=120)
        assert rerun.returncode == 0, rerun.stderr.decode()
        keys = [h.headers["idempotency-key"] for h in recv.hits]
        assert len(keys) == 4 and len(set(keys)) == 3  # three alerts, one redelivered
        assert [k for k in set(keys) if keys.count(k) > 1] == [in_flight]
        assert all(h.body["alert_id"] == h.headers["idempotency-key"] for h in recv.hits)

        settings = load_settings(cfg, overrides={"warehouse": {"url": url}}, environ={})
        assert send_pending(settings)["sent"] == 0 and len(recv.hits) == 4
    finally:
        recv.close()


@contextmanager
def synd_serve(url: str, port: int, cwd: Path) -> Iterator[str]:
    """The real `synd serve` on a loopback port, as an alert receiver's browser would meet it."""
    proc = subprocess.Popen([SYND, "serve", "--port", str(port), "--warehouse", url], env=_env(), cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "synd serve died"
                assert time.monotonic() < deadline, "synd serve did not come up"
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_synd_run_on_sample_posts_once_per_syndication_then_nothing(tmp_path: Path) -> None:
    port = 8765 if port_free(8765) else 0  # another run may hold the port on a shared machine
    recv = Receiver(port=port)
    web_port = free_port()
    try:
        cfg = tmp_path / "synd.yaml"
        cfg.write_text(MINIMAL.replace("127.0.0.1:8765", f"127.0.0.1:{recv.port}")
                       + f"  report_base_url: http://127.0.0.1:{web_port}\n")
        # the minimal config as written: default warehouse and raw store under the working directory
        first = subprocess.run([SYND, "run", str(SAMPLE), "--config", str(cfg)], env=_env(), cwd=tmp_path,
                               capture_output=True, timeout=600)
        assert first.returncode == 0, first.stderr.decode()[-3000:]
        url = f"sqlite:///{tmp_path / 'data' / 'synd.db'}"
        with db.connect(url).connect() as conn:
            expected = {r.syndication_id for r in conn.execute(
                select(syndications.c.syndication_id).where(syndications.c.copied_fraction >= 0.05))}
            total = conn.execute(select(func.count()).select_from(syndications)).scalar_one()
        assert expected and total >= len(expected)
        got: list[Any] = [h.body["syndication_id"] for h in recv.hits]
        assert sorted(got) == sorted(expected)  # one POST per detected syndication
        assert all(h.path == "/hook" for h in recv.hits)
        # the one link in each alert opens its case in `synd serve`
        with synd_serve(url, web_port, tmp_path) as base:
            for hit in recv.hits:
                link = hit.body["view_url"]
                page = httpx.get(link, timeout=30)
                assert page.status_code == 200, (link, page.status_code)
                assert link == f"{base}/syndications/{hit.body['syndication_id']}"  # no redirect on the way
                assert html.escape(hit.body["copy"]["headline"], quote=False) in page.text
                assert html.escape(hit.body["source"]["outlet"], quote=False) in page.text
        second = subprocess.run(
            [SYND, "run", str(SAMPLE)], env=_env(SYND_CONFIG=str(cfg)), cwd=tmp_path, capture_output=True, timeout=600
        )
        assert second.returncode == 0, second.stderr.decode()[-3000:]
        assert len(recv.hits) == len(expected)
        assert "alerts: 0 new" in " ".join(second.stderr.decode().split())
    finally:
        recv.close()
