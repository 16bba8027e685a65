"""Every alert send ends within its channel's timeout_seconds in total, over real local receivers
that answer too slowly (aiosmtpd pacing each SMTP reply, a TCP server dribbling an HTTP answer to
SNS), and the alert stays open for the next run."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from pipeline.alerts.ledger import OPEN
from pipeline.alerts.send import send_pending
from pipeline.warehouse import db, store
from pipeline.warehouse.schema import alert_ledger
from tests.alert_receivers import free_port, seed

TIMEOUT = 1.0
PACE = 0.7  # each SMTP reply comes just inside the per-operation timeout; three of them do not


def _statuses(url: str) -> list[str]:
    with db.connect(url).connect() as conn:
        return [r.status for r in conn.execute(select(alert_ledger.c.status))]


class _PacedSMTP:
    """Delays its replies to MAIL, RCPT and DATA by ``pace`` seconds each (0: a healthy server)."""

    def __init__(self) -> None:
        self.pace = PACE
        self.received: list[Any] = []

    async def handle_MAIL(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:  # noqa: N802
        await asyncio.sleep(self.pace)
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: list[str]) -> str:  # noqa: N802
        await asyncio.sleep(self.pace)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        await asyncio.sleep(self.pace)
        self.received.append(envelope)
        return "250 OK"


def test_email_send_ends_at_its_total_deadline_and_stays_open(sqlite_url: str, settings_for: Any) -> None:
    from aiosmtpd.controller import Controller

    handler = _PacedSMTP()
    ctl = Controller(handler, hostname="127.0.0.1", port=free_port())
    ctl.start()
    try:
        seed(sqlite_url, [{"source": "courier", "copy": "star"}])
        alerts = {"channels": [{"name": "mail", "type": "email", "host": "127.0.0.1", "port": ctl.port,
                                "to": ["desk@example.org"], "timeout_seconds": TIMEOUT}],
                  "rules": [{"name": "r", "channels": ["mail"]}]}
        settings = settings_for(sqlite_url, alerts=alerts)
        t0 = time.monotonic()
        counts = send_pending(settings)
        elapsed = time.monotonic() - t0
        assert counts["failed"] == 1 and counts["sent"] == 0
        assert elapsed < 3 * PACE, f"the send took {elapsed:.1f}s; per-reply timeouts alone would allow {3 * PACE}s"
        assert handler.received == []
        assert all(s in OPEN for s in _statuses(sqlite_url)) and _statuses(sqlite_url)
        with db.connect(sqlite_url).connect() as conn:
            (error,) = conn.execute(select(alert_ledger.c.last_error)).scalars()
        assert "timeout_seconds" in error
        handler.pace = 0  # the server recovers: the same alert goes out on a later run
        later = store.now() + timedelta(hours=2)
        assert send_pending(settings, now=later)["sent"] == 1
        assert len(handler.received) == 1 and _statuses(sqlite_url) == ["sent"]
    finally:
        ctl.stop()


def _dribbling_http() -> tuple[socket.socket, threading.Event]:
    """Accepts, reads the request, then sends an HTTP answer one byte every 0.2 s."""
    srv = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                conn.recv(65536)
                for b in b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nX-Pad: " + b"x" * 200:
                    if stop.wait(0.2):
                        return
                    conn.sendall(bytes([b]))
            except OSError:
                return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return srv, stop


def test_sns_send_ends_at_its_total_deadline_and_stays_open(
    sqlite_url: str, settings_for: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(k, v)
    srv, stop = _dribbling_http()
    try:
        seed(sqlite_url, [{}])
        endpoint = f"http://127.0.0.1:{srv.getsockname()[1]}"
        alerts = {"channels": [{"name": "sns", "type": "sns", "topic_arn": "arn:aws:sns:us-east-1:123456789012:t",
                                "endpoint_url": endpoint, "timeout_seconds": TIMEOUT}],
                  "rules": [{"name": "r", "channels": ["sns"]}]}
        t0 = time.monotonic()
        counts = send_pending(settings_for(sqlite_url, alerts=alerts))
        elapsed = time.monotonic() - t0
        assert counts["failed"] == 1 and counts["sent"] == 0
        assert elapsed < TIMEOUT + 2.5, f"the send took {elapsed:.1f}s; a dribbling receiver would hold it ~45 s"
        assert _statuses(sqlite_url) and all(s in OPEN for s in _statuses(sqlite_url))
    finally:
        stop.set()
        srv.close()
