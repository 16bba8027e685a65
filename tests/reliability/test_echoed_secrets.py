"""A receiver that echoes the request line in its error body ("Cannot POST /hook/<token>?key=...")
leaks no part of the secret webhook URL: not into the ledger, the log or `synd alerts status`."""

from __future__ import annotations

import base64
import logging
import uuid
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from pipeline.alerts.send import send_pending
from pipeline.cli import app
from pipeline.warehouse import db
from pipeline.warehouse.schema import alert_ledger
from tests.alert_receivers import seed
from tests.reliability.figures import record_figures
from tests.reliability.helpers import QuietHandler, http_stub


class _Echoing404(QuietHandler):
    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = (f"auth {self.headers.get('Authorization')}: <pre>Cannot POST {self.path}</pre> "
                f"(decoded: {unquote(self.path)})").encode()
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(body)


def test_an_echoed_404_body_leaks_no_part_of_the_webhook_url(tmp_path: Path, settings_for, monkeypatch,  # type: ignore[no-untyped-def]
                                                             caplog: pytest.LogCaptureFixture) -> None:
    canary = {k: f"{k}{uuid.uuid4().hex[:12]}" for k in ("path", "query", "user", "pass", "sig")}
    url = f"sqlite:///{tmp_path / 'w.db'}"
    seed(url, [{}])
    with http_stub(_Echoing404) as port:
        hook = (f"http://{canary['user']}:{canary['pass']}@127.0.0.1:{port}/hooks/T0/{canary['path']}"
                f"?token={canary['query']}&sig={canary['sig']}%2Fx")
        monkeypatch.setenv("HOOK_URL", hook)
        alerts = {"report_base_url": "https://synd.example/view", "backoff_initial_seconds": 0.01,
                  "channels": [{"name": "hook", "type": "webhook", "url": "${HOOK_URL}"}],
                  "rules": [{"name": "any", "channels": ["hook"]}]}
        settings = settings_for(url, alerts=alerts)
        with caplog.at_level(logging.DEBUG):
            send_pending(settings)
        cfg = tmp_path / "synd.yaml"
        cfg.write_text("alerts:\n  channels:\n    - {name: hook, type: webhook, url: \"${HOOK_URL}\"}\n"
                       "  rules:\n    - {name: any, channels: [hook]}\n")
        status = CliRunner().invoke(app, ["alerts", "status", "--config", str(cfg), "--warehouse", url],
                                    env={"HOOK_URL": hook})
    with db.connect(url).connect() as conn:
        errors = [r[0] or "" for r in conn.execute(select(alert_ledger.c.last_error))]
    assert any("404" in e for e in errors), errors
    places = {"ledger": "\n".join(errors), "log": caplog.text, "status": status.output}
    canary["basic"] = base64.b64encode(f"{canary['user']}:{canary['pass']}".encode()).decode()
    leaks = [(where, name) for where, text in places.items() for name, secret in canary.items() if secret in text]
    record_figures("echoed_secrets", secrets_leaked=len(leaks))
    assert not leaks, f"secret URL parts leaked: {leaks}\n{places}"
    assert "Cannot POST" in places["ledger"], "the receiver's answer is kept (redacted), so the error is useful"
