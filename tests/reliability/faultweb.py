"""A fixture web of many outlets on loopback, each with a feed, robots.txt, a few articles and
injected faults: timeouts, connection resets, 5xx, 429 with Retry-After, slowloris (headers and
body), truncated bodies, redirect chains, loops and redirects to internal addresses. One server
answers every outlet host by the Host header, and it measures politeness itself: requests in
flight and the gaps between request starts, per host."""

from __future__ import annotations

import select
import socket
import struct
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from tests.reliability.helpers import page

# fault -> (path, what the crawl log must say about it: an error keyword, or None = recovered)
FAULTS: dict[str, tuple[str, str | None]] = {
    "timeout": ("/f/timeout/", "timeout|too slow"),
    "reset": ("/f/reset/", "network error|timeout"),
    "5xx": ("/f/5xx/", "HTTP 500"),
    "flaky": ("/f/flaky/", None),
    "429": ("/f/429/", None),
    "slow-body": ("/f/slow-body/", "too slow|timeout"),  # the deadline, or a read timeout on a loaded machine
    "slow-head": ("/f/slow-head/", "too slow|timeout"),
    "truncated": ("/f/truncated/", "network error|timeout|too slow"),
    "chain": ("/f/chain/3/", None),
    "long-chain": ("/f/chain/9/", "max_redirects"),
    "loop": ("/f/loop/a/", "redirect loop"),
    "to-internal": ("/f/to-internal/", "SSRF guard"),
}


@dataclass
class FaultWeb:
    outlets: int = 50
    articles: int = 2
    faults_per_outlet: int = 1
    read_timeout: float = 0.4
    rate: float = 10.0  # requests per second per host, as told to the crawler
    robots_version: int = 1
    robots_down: set[int] = field(default_factory=set)  # outlets whose robots.txt answers 500
    port: int = 0
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    faults_served: Counter[str] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    starts: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    retry_gaps: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        names = list(FAULTS)
        self.assigned: dict[int, list[str]] = {
            i: [names[(i * self.faults_per_outlet + k) % len(names)] for k in range(self.faults_per_outlet)]
            for i in range(self.outlets)
        }
        self._first_429: dict[str, float] = {}

    def host(self, i: int) -> str:
        return f"outlet{i:03d}.example"

    def base(self, i: int) -> str:
        return f"http://{self.host(i)}:{self.port}"

    def outlets_yaml(self) -> dict[str, Any]:
        return {"outlets": [{"name": f"Outlet {i:03d}", "domains": [self.host(i)], "rate": self.rate,
                             "feeds": [f"{self.base(i)}/feed.rss"]} for i in range(self.outlets)]}

    def crawl_settings(self, **extra: Any) -> dict[str, Any]:
        cfg: dict[str, Any] = {
            "hosts": {self.host(i): "127.0.0.1" for i in range(self.outlets)},
            "allow_networks": ["127.0.0.1/32"],
            "user_agent": "synd-fault-test/1.0",
            "connect_timeout_seconds": 3.0,  # loopback accept can stall >1 s when both cores run tests
            "read_timeout_seconds": self.read_timeout,
            "fetch_deadline_seconds": 1.5,
            "max_retries": 1,
            "backoff_initial_seconds": 0.05,
            "backoff_max_seconds": 0.2,
            "max_retry_after_seconds": 5,
            "max_redirects": 5,
            "per_host_concurrency": 2,
            "max_workers": 4,
            "parallel_outlets": 25,
        }
        cfg.update(extra)
        return cfg

    def article_urls(self, i: int) -> list[str]:
        return [f"{self.base(i)}/news/{j}/" for j in range(self.articles)] + [f"{self.base(i)}/news/secret/"]

    def fault_urls(self, i: int) -> dict[str, str]:
        return {name: self.base(i) + FAULTS[name][0] for name in self.assigned[i]}

    # --- serving -----------------------------------------------------------------------------

    @contextmanager
    def serving(self) -> Iterator[FaultWeb]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                path = urlsplit(self.path).path
                with web.lock:
                    web.hits[(host, path)] += 1
                    n = web.hits[(host, path)]
                    if path != "/robots.txt":  # robots.txt is fetched outside the per-host limiter
                        web.in_flight[host] += 1
                        web.max_in_flight[host] = max(web.max_in_flight[host], web.in_flight[host])
                        web.starts[host].append(time.monotonic())
                try:
                    web._answer(self, host, path, n)
                except OSError:
                    self.close_connection = True
                finally:
                    if path != "/robots.txt":
                        with web.lock:
                            web.in_flight[host] -= 1

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        server.request_queue_size = 256
        self.port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()

    def _fault(self, name: str) -> None:
        with self.lock:
            self.faults_served[name] += 1

    def _answer(self, h: BaseHTTPRequestHandler, host: str, path: str, n: int) -> None:
        def send(status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                h.send_header(k.replace("_", "-"), v)
            h.end_headers()
            h.wfile.write(body)

        i = int(host[len("outlet"):len("outlet") + 3]) if host.startswith("outlet") else -1
        if path == "/robots.txt":
            if i in self.robots_down:
                send(500, b"robots down")
                return
            rules = "User-agent: *\nDisallow: /private/\n" + ("Disallow: /news/secret/\n" if self.robots_version > 1 else "")
            send(200, rules.encode(), "text/plain")
        elif path == "/feed.rss":
            links = self.article_urls(i) + list(self.fault_urls(i).values())
            items = "".join(f"<item><title>t</title><link>{u}</link></item>" for u in links)
            send(200, f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode(),
                 "application/rss+xml")
        elif path.startswith("/news/"):
            url = f"http://{host}{path}"
            send(200, page(f"Story {host}{path}", extra_head=f"<link rel='canonical' href='{url}'>").encode())
        elif path == "/f/timeout/":
            self._fault("timeout")
            _wait_or_gone(h.connection, self.read_timeout * 4)
            h.close_connection = True
        elif path == "/f/reset/":
            self._fault("reset")
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.connection.close()
            h.close_connection = True
        elif path == "/f/5xx/":
            self._fault("5xx")
            send(500, b"server error")
        elif path == "/f/flaky/":
            if n == 1:
                self._fault("flaky")
                send(503, b"try again")
            else:
                send(200, page(f"Recovered {host}").encode())
        elif path == "/f/429/":
            if n == 1:
                self._fault("429")
                self._first_429[host] = time.monotonic()
                send(429, b"slow down", Retry_After="1")
            else:
                with self.lock:
                    self.retry_gaps.append(time.monotonic() - self._first_429.get(host, 0.0))
                send(200, page(f"After the wait {host}").encode())
        elif path == "/f/slow-body/":
            self._fault("slow-body")
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", "100000")
            h.end_headers()
            _dribble(h, b"<p>" + b"x" * 400, every=self.read_timeout / 3, for_seconds=20)
        elif path == "/f/slow-head/":
            self._fault("slow-head")
            h.wfile.write(b"HTTP/1.1 200 OK\r\n")
            _dribble(h, b"X-Slow: " + b"y" * 400, every=self.read_timeout / 3, for_seconds=20)
            h.close_connection = True
        elif path == "/f/truncated/":
            self._fault("truncated")
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", "50000")
            h.end_headers()
            h.wfile.write(b"<html><body><p>cut short")
            h.wfile.flush()
            h.close_connection = True
        elif path.startswith("/f/chain/"):
            k = int(path.split("/")[3])
            if k == 0:
                send(200, page(f"End of the chain {host}").encode())
            else:
                if n == 1 and k in (3, 9):
                    self._fault("chain" if k == 3 else "long-chain")
                send(301, b"", Location=f"/f/chain/{k - 1}/")
        elif path.startswith("/f/loop/"):
            if path == "/f/loop/a/":
                self._fault("loop")
            send(302, b"", Location="/f/loop/b/" if path == "/f/loop/a/" else "/f/loop/a/")
        elif path == "/f/to-internal/":
            self._fault("to-internal")
            send(302, b"", Location="http://169.254.169.254/latest/meta-data/")
        else:
            send(404, b"not found")


def _wait_or_gone(sock: socket.socket, seconds: float) -> None:
    """Hold the request open like a stuck backend, but stop as soon as the client hangs up."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([sock], [], [], 0.01)
        if ready:
            try:
                if sock.recv(1, socket.MSG_PEEK) == b"":
                    return
            except OSError:
                return


def _dribble(h: BaseHTTPRequestHandler, data: bytes, *, every: float, for_seconds: float) -> None:
    """Slowloris: one byte at a time, each well inside the client's read timeout."""
    end = time.monotonic() + for_seconds
    for b in data:
        if time.monotonic() > end:
            break
        h.wfile.write(bytes([b]))
        h.wfile.flush()
        _wait_or_gone(h.connection, every)
        ready, _, _ = select.select([h.connection], [], [], 0)
        if ready and h.connection.recv(1, socket.MSG_PEEK) == b"":
            break
    h.close_connection = True
