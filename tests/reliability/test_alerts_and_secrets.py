"""Alerts under SIGKILL over real SMTP (aiosmtpd), and a canary secret that must never leak.

* `synd alerts send` is killed at random messages while the SMTP server holds them; reruns finish
  the job. Every alert arrives; the only repeats are messages that were in flight at a kill, and
  each repeat carries the same Message-ID / X-Synd-Alert-Id as the first copy.
* Secrets come only from the environment (``${ENV}``) and Airflow connections (``AIRFLOW_CONN_*``);
  a canary planted in each is used (the receiver sees it) but never appears in the CLI output,
  logs, the warehouse, exports or the report.
"""

from __future__ import annotations

import email
import email.policy
import os
import random
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pipeline.warehouse import db
from pipeline.warehouse.export import export, relation_names
from pipeline.warehouse.schema import alert_ledger, metadata
from tests.alert_receivers import Receiver, free_port, seed
from tests.reliability.figures import record_figures
from tests.reliability.helpers import ROOT, SYND, env, scale


def _smtp(on_message: Any) -> Any:
    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
            on_message(msg)
            return "250 OK"

    ctl = Controller(Handler(), hostname="127.0.0.1", port=free_port())
    ctl.start()
    return ctl


def test_sigkill_alerts_send_over_smtp_redelivers_only_in_flight(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    n_alerts = scale(8, 30)
    seed(url, [{} for _ in range(n_alerts)])
    rng = random.Random()
    received: list[tuple[str, str]] = []  # (Message-ID, X-Synd-Alert-Id) in arrival order
    in_flight: list[str] = []
    lock = threading.Lock()
    current: dict[str, subprocess.Popen[bytes]] = {}
    kill_at: list[int] = []

    def on_message(msg: Any) -> None:
        with lock:
            first = all(a != msg["X-Synd-Alert-Id"] for _, a in received)
            received.append((msg["Message-ID"], msg["X-Synd-Alert-Id"]))
            n = len({a for _, a in received})
        # kill only on a first delivery: the redelivery order is the ledger's (due time), not ours
        if first and kill_at and n == kill_at[0] and "p" in current:
            kill_at.pop(0)
            # the server has the message; its sender dies before recording it
            in_flight.append(msg["X-Synd-Alert-Id"])
            os.kill(current["p"].pid, signal.SIGKILL)

    ctl = _smtp(on_message)
    cfg = tmp_path / "alerts.yaml"
    cfg.write_text(f"""\
alerts:
  lease_seconds: 1
  channels: [{{name: desk, type: email, host: 127.0.0.1, port: {ctl.port}, to: [desk@example.org]}}]
  rules: [{{name: all, channels: [desk]}}]
""")
    kills = scale(2, 5)
    kill_at.extend(sorted(rng.sample(range(1, n_alerts), kills)))  # the n-th distinct alert received
    survived = 0
    try:
        for _ in range(kills + 3):
            current["p"] = subprocess.Popen([SYND, "alerts", "send", "--config", str(cfg), "--warehouse", url],
                                            env=env(), cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            code = current["p"].wait(timeout=180)
            if code == -signal.SIGKILL:
                survived += 1
                time.sleep(1.1)  # the dead sender's lease runs out
                continue
            assert code == 0
            with db.connect(url).connect() as conn:
                if all(r[0] == "sent" for r in conn.execute(select(alert_ledger.c.status))):
                    break
    finally:
        ctl.stop()
    ids = [a for _, a in received]
    assert survived == kills
    assert len(set(ids)) == n_alerts, "every alert delivered"
    repeats = [a for a in set(ids) if ids.count(a) > 1]
    assert sorted(repeats) == sorted(set(in_flight)), "only the messages in flight at a kill were sent again"
    assert all(ids.count(a) == 2 for a in repeats)
    assert all(mid == f"<{a}@synd.alerts>" for mid, a in received), "a redelivery carries the same Message-ID"
    record_figures("sigkill_alerts_smtp", kills_survived=survived, faults_injected=survived,
                   duplicates=len(ids) - len(set(ids)) - len(in_flight), lost=n_alerts - len(set(ids)))


def test_canary_secrets_never_reach_logs_exports_reports_or_warehouse(pg_url: str, tmp_path: Path) -> None:
    canary = {name: f"canary{name}{uuid.uuid4().hex}" for name in ("token", "hookpath", "smtppass", "dbpass", "awssecret")}
    recv = Receiver(fail_first=1, fail_status=500)  # failures make the senders log and store errors
    smtp_seen: list[str] = []
    ctl = _smtp(lambda msg: smtp_seen.append(str(msg)))
    warehouse = pg_url.replace("postgres@", f"postgres:{canary['dbpass']}@")  # trust auth: any password works
    cfg = tmp_path / "synd.yaml"
    cfg.write_text("""\
alerts:
  report_base_url: https://synd.example.org
  backoff_initial_seconds: 0.01
  channels:
    - {name: hook, type: webhook, url: "${HOOK_URL}", headers: {Authorization: "Bearer ${HOOK_TOKEN}"}}
    - {name: desk, type: email, connection: smtp_canary, to: [desk@example.org]}
    - {name: bus, type: sns, topic_arn: "arn:aws:sns:eu-west-1:123456789012:synd", region: eu-west-1, endpoint_url: "http://127.0.0.1:9"}
  rules:
    - {name: all, channels: [hook, desk, bus]}
""")
    run_env = env(
        HOOK_URL=f"{recv.url}/hook/{canary['hookpath']}",
        HOOK_TOKEN=canary["token"],
        AIRFLOW_CONN_SMTP_CANARY=f"smtp://mailer:{canary['smtppass']}@127.0.0.1:{ctl.port}",
        AWS_ACCESS_KEY_ID="AKIAcanary", AWS_SECRET_ACCESS_KEY=canary["awssecret"],
        SYND__RAW_STORE__PATH=str(tmp_path / "raw"),
    )
    outputs: list[str] = []
    try:
        for args in (["run", str(ROOT / "samples" / "sample.jsonl")], ["alerts", "send"], ["alerts", "status"],
                     ["report", "--out", str(tmp_path / "report")]):
            r = subprocess.run([SYND, *args, "--config", str(cfg), "--warehouse", warehouse], env=run_env, cwd=tmp_path,
                               capture_output=True, text=True, timeout=300)
            outputs += [r.stdout, r.stderr]
            assert r.returncode in (0, 2), (args, r.stderr[-2000:])  # ok, or some deliveries failed
    finally:
        recv.close()
        ctl.stop()
    # the secrets were really used: the webhook got the bearer token and the path
    assert any(h.headers.get("authorization") == f"Bearer {canary['token']}" and canary["hookpath"] in h.path for h in recv.hits)
    assert recv.accepted, "a delivery succeeded after the failures"
    engine = db.connect(pg_url)
    with engine.connect() as conn:
        assert any(r[0] for r in conn.execute(select(alert_ledger.c.last_error))), "failures were recorded"
        dump = [repr(tuple(row)) for t in metadata.sorted_tables for row in conn.execute(select(t))]
    exports = tmp_path / "exports"
    exports.mkdir()
    for name in relation_names(engine):
        export(engine, name, "csv", exports / f"{name}.csv")
    files = [p for d in (exports, tmp_path / "report", tmp_path / "raw") for p in d.rglob("*") if p.is_file()]
    assert files and (tmp_path / "report" / "report.html").exists()
    haystacks = {"cli output": "\n".join(outputs), "warehouse": "\n".join(dump)}
    haystacks.update({str(p.relative_to(tmp_path)): p.read_bytes().decode("utf-8", "replace") for p in files})
    leaks = [(where, name) for where, text in haystacks.items() for name, secret in canary.items() if secret in text]
    assert not leaks, f"secrets leaked: {leaks}"
    assert "***" in haystacks["cli output"] or "***" in haystacks["warehouse"], "redaction was exercised"
