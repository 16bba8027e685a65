"""A fixture news web on loopback: the sample outlets' pages with feeds, sitemaps and robots.txt,
plus the faults a crawler meets on the open web. One real HTTP server answers for every outlet
host (virtual hosting by the Host header); the crawler reaches it through `crawl.hosts`.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "samples" / "site"
ARTICLES = ROOT / "samples" / "articles.yaml"
_CANONICAL = re.compile(rb'<link rel="canonical" href="([^"]+)"')

# How each sample outlet publishes its list of articles (exercises every discovery path).
LISTING = {
    "www.harbourcourier.example": "rss",
    "www.portvalestar.example": "rss",
    "valleygazette.example": "atom",
    "www.northshoreherald.example": "news-sitemap",
    "rbs.example": "sitemap-index",
    "civicdispatch.example": "seeds",
}
FAULT_HOST = "www.harbourcourier.example"
# The open web's faults, listed in the fault host's feed next to its real articles.
FAULTS = ["/private/leaked-draft/", "/slow/", "/broken/", "/loop/a/", "/huge/", "/charset/"]

CHARSET_ARTICLE = (
    "Café owners on the Portvale quayside say the new ferry timetable has changed their mornings. "
    "Renée Aubert, who has run the Crème Brûlée kiosk beside the terminal for eleven years, said the first "
    "sailing now leaves at a quarter past six, so her regulars arrive before the espresso machine is warm. "
    "“We used to open at seven,” she said. “Now the queue is there at half past five, and they want "
    "pain au chocolat, not excuses.” The harbour master’s office said the earlier departure follows "
    "requests from commuters who work the early shift at the Kestrel Bay naïve-art museum and the fish market. "
    "Several stallholders welcomed the change. Others said the winter mornings were too dark for the "
    "quayside to feel safe, and asked the council for better lighting along the promenade before December."
)


@dataclass
class Page:
    body: bytes
    etag: str
    last_modified: str


@dataclass
class NewsWeb:
    """Start with ``with NewsWeb().serving() as web``; ``web.hits`` counts requests per (host, path)."""

    huge_bytes: int = 3_000_000
    slow_seconds: float = 3.0
    pages: dict[tuple[str, str], Page] = field(default_factory=dict)
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    user_agents: set[str] = field(default_factory=set)
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    starts: dict[str, list[float]] = field(default_factory=dict)
    port: int = 0

    def __post_init__(self) -> None:
        for f in sorted(SITE.rglob("*.html")):
            body = f.read_bytes()
            m = _CANONICAL.search(body)
            assert m, f"{f} has no canonical link"
            url = urlsplit(m.group(1).decode())
            self.pages[(url.hostname or "", url.path)] = Page(
                body, '"' + hashlib.sha1(body).hexdigest()[:16] + '"', formatdate(1772409600, usegmt=True)
            )
        self.outlet_names = {o["domain"]: o["name"] for o in yaml.safe_load(ARTICLES.read_text())["outlets"]}
        self.lock = threading.Lock()

    # --- what the crawler is told ------------------------------------------------------------

    def base(self, host: str) -> str:
        return f"http://{host}:{self.port}"

    def article_paths(self, host: str) -> list[str]:
        return sorted(p for h, p in self.pages if h == host)

    def outlets(self) -> list[dict[str, Any]]:
        """outlets.yaml entries for the sample outlets, each with its listing."""
        out = []
        for host, kind in LISTING.items():
            entry: dict[str, Any] = {"name": self.outlet_names[host], "domains": [host], "rate": 50.0,
                                     "timezone": "Europe/London"}
            b = self.base(host)
            if kind in ("rss", "atom"):
                entry["feeds"] = [f"{b}/feed.{kind}"]
            elif kind == "news-sitemap":
                entry["sitemaps"] = [f"{b}/news-sitemap.xml"]
            elif kind == "sitemap-index":
                entry["sitemaps"] = [f"{b}/sitemap-index.xml"]
            else:
                entry["seeds"] = [f"{b}/seeds.txt"]
            out.append(entry)
        return out

    def write_outlets(self, path: Path) -> Path:
        path.write_text(yaml.safe_dump({"outlets": self.outlets()}, sort_keys=False))
        return path

    def crawl_settings(self, **extra: Any) -> dict[str, Any]:
        """A `crawl:` section that reaches this server and keeps tests quick."""
        cfg: dict[str, Any] = {
            "hosts": {h: "127.0.0.1" for h in LISTING},
            "allow_networks": ["127.0.0.1/32"],
            "user_agent": "synd-test-crawler/1.0",
            "connect_timeout_seconds": 2.0,
            "read_timeout_seconds": 0.5,
            "max_retries": 1,
            "backoff_initial_seconds": 0.05,
            "max_body_bytes": 1_000_000,
            "max_workers": 4,
        }
        cfg.update(extra)
        return cfg

    # --- listings ----------------------------------------------------------------------------

    def _links(self, host: str) -> list[str]:
        b = self.base(host)
        links = [f"{b}{p}" for p in self.article_paths(host)]
        # tracking parameters and fragments that canonicalisation must drop
        links += [f"{b}{p}?utm_source=rss&utm_medium=feed#comments" for p in self.article_paths(host)[:2]]
        if host == FAULT_HOST:
            links += [f"{b}{p}" for p in FAULTS]
        return links

    def _listing(self, host: str, path: str) -> tuple[str, bytes] | None:
        links = self._links(host)
        if path == "/feed.rss":
            items = "".join(f"<item><title>t</title><link>{_x(u)}</link></item>" for u in links)
            return "application/rss+xml", f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
        if path == "/feed.atom":
            entries = "".join(f'<entry><title>t</title><link rel="alternate" href="{_x(u)}"/></entry>' for u in links)
            return "application/atom+xml", f'<feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'.encode()
        if path == "/news-sitemap.xml":
            urls = "".join(
                f"<url><loc>{_x(u)}</loc><news:news><news:publication_date>2026-03-05</news:publication_date>"
                "</news:news></url>" for u in links
            )
            return "application/xml", (
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
            ).encode()
        if path == "/sitemap-index.xml":
            return "application/xml", (
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{self.base(host)}/news-sitemap.xml</loc></sitemap></sitemapindex>"
            ).encode()
        if path == "/seeds.txt":
            return "text/plain", ("# seed list\n" + "\n".join(links) + "\n").encode()
        if path == "/robots.txt":
            return "text/plain", b"User-agent: *\nDisallow: /private/\n"
        return None

    # --- serving -----------------------------------------------------------------------------

    @contextmanager
    def serving(self) -> Iterator[NewsWeb]:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                host = (self.headers.get("Host") or "").split(":")[0].lower()
                path = urlsplit(self.path).path
                with web.lock:
                    web.hits[(host, path)] += 1
                    web.user_agents.add(self.headers.get("User-Agent", ""))
                    web.in_flight[host] += 1
                    web.max_in_flight[host] = max(web.max_in_flight[host], web.in_flight[host])
                    web.starts.setdefault(host, []).append(time.monotonic())
                try:
                    web._answer(self, host, path)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with web.lock:
                        web.in_flight[host] -= 1

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()

    def _answer(self, h: BaseHTTPRequestHandler, host: str, path: str) -> None:
        def send(status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                h.send_header(k.replace("_", "-"), v)
            h.end_headers()
            h.wfile.write(body)

        listing = self._listing(host, path)
        page = self.pages.get((host, path))
        n = self.hits[(host, path)]
        if listing is not None:
            send(200, listing[1], listing[0])
        elif page is not None:
            if h.headers.get("If-None-Match") == page.etag:
                send(304, b"", ETag=page.etag)
            else:
                send(200, page.body, ETag=page.etag, Last_Modified=page.last_modified)
        elif path == "/slow/":
            time.sleep(self.slow_seconds)
            send(200, b"<html><body>too late</body></html>")
        elif path in ("/broken/", "/always-503/"):
            send(500 if path == "/broken/" else 503, b"server error")
        elif path.startswith("/loop/"):
            send(302, b"", Location="/loop/b/" if path == "/loop/a/" else "/loop/a/")
        elif path == "/huge/":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            chunk = b"<p>" + b"x" * 65_536 + b"</p>"
            for _ in range(self.huge_bytes // len(chunk) + 1):
                h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            h.wfile.write(b"0\r\n\r\n")
        elif path == "/huge-declared/":
            send(200, b"x" * (self.huge_bytes))
        elif path == "/charset/":
            html = (
                "<html><head><title>Quayside cafés wake up early</title></head><body><article>"
                "<h1>Quayside cafés wake up early</h1>"
                + "".join(f"<p>{s.strip()}.</p>" for s in CHARSET_ARTICLE.split(". ") if s.strip())
                + "</article></body></html>"
            )
            send(200, html.encode("cp1252"), "text/html; charset=utf-8")  # the header lies
        elif path == "/busy/":  # 429 with Retry-After on the first request, then fine
            if n == 1:
                send(429, b"slow down", Retry_After="1")
            else:
                send(200, b"<html><body><p>ok now</p></body></html>")
        elif path == "/very-busy/":
            send(503, b"maintenance", Retry_After="3600")
        elif path == "/flaky/":
            if n == 1:
                send(500, b"oops")
            else:
                send(200, b"<html><body><p>recovered</p></body></html>")
        elif path == "/image.png":
            send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
        elif path.startswith("/hop/"):  # /hop/N/ redirects down to /hop/0/, which is a page
            k = int(path.split("/")[2])
            if k == 0:
                send(200, b"<html><body><p>arrived</p></body></html>")
            else:
                send(301, b"", Location=f"/hop/{k - 1}/")
        elif path == "/to-private/":
            send(302, b"", Location=h.headers.get("X-Test-Target", "http://10.0.0.5/admin"))
        elif path == "/to-other-loopback/":
            send(302, b"", Location=f"http://127.0.0.2:{self.port}/")
        elif path == "/paced/":
            time.sleep(0.2)
            send(200, b"<html><body><p>paced</p></body></html>")
        else:
            send(404, b"not found")


def _x(s: str) -> str:
    return s.replace("&", "&amp;")


@contextmanager
def failing_site(status: int = 503) -> Iterator[str]:
    """An outlet that is down though its server answers: every request, robots.txt included, gets
    ``status``. Yields the base URL (loopback). RFC 9309 reads a 5xx robots.txt as "stay away"."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A loopback port nothing listens on: an outlet whose host refuses connections."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def down_outlets(failing_base: str) -> list[dict[str, Any]]:
    """outlets.yaml entries for two down outlets: one answering 503 to everything, one refusing connections."""
    return [
        {"name": "Failing Times", "feeds": [f"{failing_base}/feed.rss"], "rate": 50.0},
        {"name": "Gone Gazette", "feeds": [f"http://127.0.0.1:{closed_port()}/feed.rss"], "rate": 50.0},
    ]
