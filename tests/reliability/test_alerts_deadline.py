"""Alerts against slow receivers, on real local HTTP servers.

* A receiver dribbling its answer (a byte now and then, in the headers or the body) cannot hold
  a sender past the channel's ``timeout_seconds``: that is the deadline of the whole send, not of
  each read. The send fails and its alert is retried later, never lost.
* Delivery is at least once, with an idempotency key: a receiver that answers 200 after 3 s
  gets each alert once when the deadline is longer than that (two senders at once included),
  and twice at most, with the same key both times, when it is shorter. The duplicate rate is
  measured and printed by `make stress`.
"""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pipeline.alerts.send import send_pending
from pipeline.config import load_settings
from pipeline.warehouse import db, store
from pipeline.warehouse.schema import alert_ledger
from tests.alert_receivers import seed
from tests.reliability.figures import record_figures
from tests.reliability.helpers import SYND, env, scale


class SlowReceiver:
    """Records every POST's idempotency key, then answers: after ``delay`` seconds (only for a
    key's first request when ``slow_once``), or dribbling ``dribble`` ("head" or "body") one byte
    every ``gap`` seconds for up to ``hold`` seconds."""

    def __init__(self, delay: float = 0.0, slow_once: bool = False, dribble: str = "", gap: float = 0.2,
                 hold: float = 30.0) -> None:
        self.keys: list[str] = []
        lock = threading.Lock()
        recv = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers.get("Idempotency-Key", "")
                assert json.loads(body)["alert_id"] == key
                with lock:
                    first = key not in recv.keys
                    recv.keys.append(key)
                try:
                    if dribble:
                        self._dribble()
                        return
                    if delay and (first or not slow_once):
                        time.sleep(delay)
                    self.send_response(200)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the sender gave up and closed the connection

            def _dribble(self) -> None:
                head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n"
                data = (head + b"X-Pad: " + b"a" * 500 + b"\r\n\r\n") if dribble == "head" else (head + b"\r\n")
                if dribble == "body":
                    self.wfile.write(data)
                    self.wfile.flush()
                    data = b"o" * 1000
                end = time.monotonic() + hold
                for i in range(len(data)):
                    if time.monotonic() > end:
                        break
                    self.wfile.write(data[i:i + 1])
                    self.wfile.flush()
                    time.sleep(gap)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def receiving(**kw: Any) -> Iterator[SlowReceiver]:
    recv = SlowReceiver(**kw)
    try:
        yield recv
    finally:
        recv.close()


def _config(tmp_path: Path, url: str, timeout: float) -> Path:
    cfg = tmp_path / "alerts.yaml"
    cfg.write_text(f"""\
alerts:
  backoff_initial_seconds: 0.01
  backoff_max_seconds: 0.01
  channels: [{{name: hook, type: webhook, url: "{url}", timeout_seconds: {timeout}}}]
  rules: [{{name: all, channels: [hook]}}]
""")
    return cfg


def _settings(cfg: Path, warehouse: str) -> Any:
    return load_settings(cfg, environ={}, overrides={"warehouse": {"url": warehouse}})


def _statuses(warehouse: str) -> Counter[str]:
    with db.connect(warehouse).connect() as conn:
        return Counter(r[0] for r in conn.execute(select(alert_ledger.c.status)))


def test_a_dribbling_receiver_cannot_hold_a_sender_past_the_deadline(tmp_path: Path) -> None:
    for where in ("head", "body"):
        warehouse = f"sqlite:///{tmp_path / f'{where}.db'}"
        seed(warehouse, [{}])
        with receiving(dribble=where, gap=0.2, hold=25) as recv:
            settings = _settings(_config(tmp_path, recv.url, 1.5), warehouse)
            t0 = time.monotonic()
            counts = send_pending(settings)
            took = time.monotonic() - t0
        assert counts["failed"] == 1 and counts["sent"] == 0, counts
        assert took < 1.5 + 5, f"dribbled {where}: the sender was held {took:.1f}s with timeout_seconds 1.5"
        with db.connect(warehouse).connect() as conn:
            row = conn.execute(select(alert_ledger.c.status, alert_ledger.c.last_error)).one()
        assert row.status == "failed" and "timeout_seconds" in (row.last_error or ""), row
        assert len(recv.keys) == 1


def _run_until_sent(settings: Any, warehouse: str, rounds: int) -> int:
    """`send_pending` again and again (time moved past the backoff) until every alert is sent."""
    runs = 0
    now = store.now()
    while runs < rounds and (not (seen := _statuses(warehouse)) or set(seen) != {"sent"}):
        now += timedelta(seconds=5)
        send_pending(settings, now=now)
        runs += 1
    return runs


def test_duplicate_rate_under_a_receiver_answering_after_3s(pg_url: str, tmp_path: Path) -> None:
    n = scale(3, 11)
    # the deadline (10 s, the default) is longer than the receiver takes: two senders at once,
    # each alert arrives once (on PostgreSQL; two SQLite senders at once: tests/test_alerts.py)
    warehouse = pg_url
    seed(warehouse, [{} for _ in range(n)])
    with receiving(delay=3.0) as recv:
        cfg = _config(tmp_path, recv.url, 10)
        procs = [subprocess.Popen([SYND, "alerts", "send", "--config", str(cfg), "--warehouse", warehouse], env=env(),
                                  cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
        for p in procs:
            _, err = p.communicate(timeout=60 + 5 * n)
            assert p.returncode == 0, err.decode()[-2000:]
        _run_until_sent(_settings(cfg, warehouse), warehouse, 3)
        long_keys = list(recv.keys)
    assert _statuses(warehouse) == Counter({"sent": n})
    assert len(set(long_keys)) == n
    long_dupes = len(long_keys) - n
    assert long_dupes == 0, f"{long_dupes} of {n} alerts arrived twice although the deadline outlasts the receiver"

    # the deadline (2 s) is shorter than the receiver's first answer: the sender gives up, the
    # receiver has the alert, the retry brings it again with the same key
    warehouse = f"sqlite:///{tmp_path / 'short.db'}"
    seed(warehouse, [{} for _ in range(n)])
    with receiving(delay=3.0, slow_once=True) as recv:
        settings = _settings(_config(tmp_path, recv.url, 2), warehouse)
        _run_until_sent(settings, warehouse, 3 * n + 3)
        short_keys = list(recv.keys)
    assert _statuses(warehouse) == Counter({"sent": n}), "every alert delivered in the end"
    per_key = Counter(short_keys)
    assert len(per_key) == n and set(per_key.values()) == {2}, per_key
    record_figures("alerts_slow_receiver", slow_receiver_alerts_sent=2 * n,
                   slow_receiver_duplicates_deadline_10s=long_dupes,
                   slow_receiver_duplicates_deadline_2s=len(short_keys) - n)


def test_the_deadline_is_total_not_per_read() -> None:
    """Below the sender: one request through the deadline client against a raw socket that
    answers a byte every 0.2 s (each read well inside the per-read timeout)."""
    import httpx

    from pipeline.crawl.guard import deadline_client, fetch_deadline

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    stop = threading.Event()

    def serve() -> None:
        conn, _ = srv.accept()
        conn.recv(65536)
        for b in b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 100:
            if stop.is_set():
                break
            try:
                conn.sendall(bytes([b]))
            except OSError:
                break
            time.sleep(0.2)
        conn.close()

    threading.Thread(target=serve, daemon=True).start()
    t0 = time.monotonic()
    try:
        with fetch_deadline(1.0), deadline_client(5.0) as client:
            client.post(f"http://127.0.0.1:{srv.getsockname()[1]}/", content=b"{}")
        raise AssertionError("the dribbled answer was read to the end")
    except httpx.TimeoutException:
        pass
    finally:
        stop.set()
        srv.close()
    assert time.monotonic() - t0 < 4
