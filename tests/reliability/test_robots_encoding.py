"""robots.txt is obeyed when it starts with a UTF-8 byte-order mark, uses CRLF, or holds a NUL:
the disallowed path is never requested."""

from __future__ import annotations

from collections import Counter

import pytest

from pipeline.config import CrawlSettings
from pipeline.crawl.fetcher import Fetcher
from tests.reliability.helpers import QuietHandler, http_stub

ROBOTS = {
    "bom": b"\xef\xbb\xbfUser-agent: *\nDisallow: /private/\n",
    "bom-crlf": b"\xef\xbb\xbfUser-agent: *\r\nDisallow: /private/\r\n",
    "nul-after-rule": b"User-agent: *\nDisallow: /private/\x00\n",
    "nul-between": b"User-agent: *\x00Disallow: /private/\n",
}


@pytest.mark.parametrize("kind", list(ROBOTS))
def test_robots_with_a_bom_or_a_nul_is_obeyed(kind: str) -> None:
    hits: Counter[str] = Counter()

    class Handler(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits[self.path] += 1
            body = ROBOTS[kind] if self.path == "/robots.txt" else b"<html><body><p>page</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    cfg = CrawlSettings(hosts={"robots.example": "127.0.0.1"}, allow_networks=["127.0.0.1/32"],
                        user_agent="synd-test-crawler/1.0", max_retries=0, read_timeout_seconds=2.0)
    with http_stub(Handler) as port:
        f = Fetcher(cfg, record=lambda _r: None)
        base = f"http://robots.example:{port}"
        blocked = f.fetch(base + "/private/draft/")
        assert blocked.error and "robots.txt" in blocked.error, (kind, blocked.error)
        assert hits["/private/draft/"] == 0
        assert f.fetch(base + "/public/story/").ok
