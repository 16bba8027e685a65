"""The fetcher against a real HTTP server on loopback: politeness, faults, SSRF guard, encodings."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from pipeline.config import CrawlSettings
from pipeline.crawl.discover import parse_feed, parse_sitemap
from pipeline.crawl.fetcher import Fetcher, FetchResult, detect_encoding, retry_after_seconds
from pipeline.crawl.guard import GuardedBackend, refused_reason
from pipeline.crawl.urls import canonical_url
from tests.newsweb import CHARSET_ARTICLE, NewsWeb

COURIER = "www.harbourcourier.example"


@pytest.fixture(scope="module")
def web() -> Iterator[NewsWeb]:
    with NewsWeb().serving() as w:
        yield w


def make(web: NewsWeb, **extra: object) -> tuple[Fetcher, list[FetchResult]]:
    log: list[FetchResult] = []
    return Fetcher(CrawlSettings(**web.crawl_settings(**extra)), record=log.append), log


def test_article_fetch_sends_user_agent_and_validators(web: NewsWeb) -> None:
    f, _ = make(web)
    path = web.article_paths(COURIER)[0]
    res = f.fetch(web.base(COURIER) + path, accept=("text/html",))
    assert res.ok and res.status == 200 and res.body == web.pages[(COURIER, path)].body
    assert res.etag and res.last_modified and res.encoding == "utf-8"
    assert "synd-test-crawler/1.0" in web.user_agents
    again = f.fetch(web.base(COURIER) + path, etag=res.etag, last_modified=res.last_modified)
    assert again.not_modified and again.body is None and again.error is None


def test_robots_disallowed_path_is_never_requested(web: NewsWeb) -> None:
    f, log = make(web)
    res = f.fetch(web.base(COURIER) + "/private/other-draft/")
    assert res.error and "robots.txt" in res.error
    assert web.hits[(COURIER, "/private/other-draft/")] == 0
    assert any(r.kind == "robots" and r.status == 200 for r in log)


def test_retries_5xx_then_gives_up_with_reason(web: NewsWeb) -> None:
    f, _ = make(web, max_retries=2)
    before = web.hits[(COURIER, "/broken/")]
    res = f.fetch(web.base(COURIER) + "/broken/")
    assert res.status == 500 and res.attempts == 3
    assert res.error == "HTTP 500 (gave up after 3 attempts)"
    assert web.hits[(COURIER, "/broken/")] - before == 3
    flaky = f.fetch(web.base(COURIER) + "/flaky/")
    assert flaky.ok and flaky.attempts == 2


def test_429_retry_after_is_honoured(web: NewsWeb) -> None:
    f, _ = make(web, backoff_initial_seconds=0.0)
    t0 = time.monotonic()
    res = f.fetch(web.base(COURIER) + "/busy/")
    assert res.ok and res.attempts == 2
    assert time.monotonic() - t0 >= 0.95  # waited the server's Retry-After: 1, not the 0 s backoff


def test_long_retry_after_gives_up_instead_of_sleeping(web: NewsWeb) -> None:
    f, _ = make(web, max_retry_after_seconds=10)
    t0 = time.monotonic()
    res = f.fetch(web.base(COURIER) + "/very-busy/")
    assert time.monotonic() - t0 < 2
    assert res.status == 503 and res.error and "Retry-After 3600s exceeds" in res.error


def test_read_timeout_is_retried_and_recorded(web: NewsWeb) -> None:
    f, _ = make(web, read_timeout_seconds=0.3, max_retries=1)
    t0 = time.monotonic()
    res = f.fetch(web.base(COURIER) + "/slow/")
    assert time.monotonic() - t0 < 2.5
    assert res.error == "read timeout after 0.3s (gave up after 2 attempts)" and res.body is None


def test_redirects_followed_up_to_the_limit_and_loops_refused(web: NewsWeb) -> None:
    f, _ = make(web, max_redirects=3)
    ok = f.fetch(web.base(COURIER) + "/hop/3/")
    assert ok.ok and ok.final_url is not None and ok.final_url.endswith("/hop/0/")
    too_many = f.fetch(web.base(COURIER) + "/hop/4/")
    assert too_many.error and "max_redirects=3" in too_many.error
    loop = f.fetch(web.base(COURIER) + "/loop/a/")
    assert loop.error and loop.error.startswith("redirect loop:") and loop.status == 302


def test_body_limit_enforced_while_streaming(web: NewsWeb) -> None:
    f, _ = make(web, max_body_bytes=200_000)
    res = f.fetch(web.base(COURIER) + "/huge/")
    assert res.error and "max_body_bytes=200000" in res.error and "stopped reading" in res.error
    assert res.body is None
    declared = f.fetch(web.base(COURIER) + "/huge-declared/")
    assert declared.error and "(Content-Length)" in declared.error


def test_content_type_is_checked(web: NewsWeb) -> None:
    f, _ = make(web)
    res = f.fetch(web.base(COURIER) + "/image.png", accept=("text/html",))
    assert res.error == "content-type 'image/png' is not one of text/html" and res.body is None


def test_wrong_charset_header_is_detected(web: NewsWeb) -> None:
    f, _ = make(web)
    res = f.fetch(web.base(COURIER) + "/charset/", accept=("text/html",))
    assert res.ok and res.encoding != "utf-8"
    assert "Café owners" in res.text() and "Crème Brûlée" in res.text() and "\ufffd" not in res.text()
    assert detect_encoding("naïve".encode(), "text/html; charset=iso-8859-1") == "utf-8"
    assert detect_encoding(CHARSET_ARTICLE.encode("cp1252"), "text/html; charset=windows-1252") == "cp1252"


def test_per_host_concurrency_and_rate(web: NewsWeb) -> None:
    from concurrent.futures import ThreadPoolExecutor

    f, _ = make(web, per_host_concurrency=1, max_workers=4)
    host = "www.portvalestar.example"
    f.set_rate(host, 10.0)  # one request start per 0.1 s
    f.fetch(web.base(host) + "/robots.txt", kind="robots")  # robots first, outside the measurement
    web.starts[host] = []
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: f.fetch(web.base(host) + "/paced/"), range(4)))
    assert web.max_in_flight[host] == 1
    starts = sorted(web.starts[host])
    assert len(starts) == 4 and all(b - a >= 0.09 for a, b in zip(starts, starts[1:], strict=False))


def test_ssrf_guard_refuses_private_targets_after_resolution(web: NewsWeb) -> None:
    hosts = {"internal.example": "10.0.0.5", "metadata.example": "169.254.169.254", "mapped.example": "::ffff:127.0.0.1"}
    f, _ = make(web, hosts={**web.crawl_settings()["hosts"], **hosts})
    for name, why in (("internal.example", "private"), ("metadata.example", "link-local"), ("mapped.example", "loopback")):
        res = f.fetch(f"http://{name}/")
        assert res.error and "SSRF guard" in res.error and why in res.error, res.error
        assert res.attempts == 1  # a refusal is final, never retried
    # the allowlist is exact: loopback outside 127.0.0.1/32 stays refused, also as a redirect target
    hop = f.fetch(web.base(COURIER) + "/to-other-loopback/")
    assert hop.error and "127.0.0.2" in hop.error and "SSRF guard" in hop.error
    private = f.fetch(web.base(COURIER) + "/to-private/")
    assert private.error and "10.0.0.5" in private.error
    # without the allowlist even the test server itself is refused
    strict, _ = make(web, allow_networks=[])
    res = strict.fetch(web.base(COURIER) + web.article_paths(COURIER)[0])
    assert res.error and "loopback address 127.0.0.1" in res.error


def test_guard_classification() -> None:
    import ipaddress

    assert refused_reason(ipaddress.ip_address("8.8.8.8")) is None
    assert refused_reason(ipaddress.ip_address("192.168.1.1")) == "private"
    assert refused_reason(ipaddress.ip_address("fe80::1")) == "link-local"
    assert refused_reason(ipaddress.ip_address("::1")) == "loopback"
    assert GuardedBackend(["127.0.0.0/8"]).vet("127.0.0.9", 80) == ipaddress.ip_address("127.0.0.9")


def test_canonical_urls() -> None:
    assert canonical_url("HTTP://Example.ORG:80/a/?utm_source=x&b=2&a=1&fbclid=z#top") == "http://example.org/a/?a=1&b=2"
    assert canonical_url("/x?ref=home", "https://example.org/news/") == "https://example.org/x"
    assert canonical_url("https://example.org") == "https://example.org/"


def test_retry_after_forms() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Thu, 01 Jan 2026 00:00:10 GMT", now=1767225600.0) == 10.0
    assert retry_after_seconds("soon") is None


def test_feed_and_sitemap_parsers() -> None:
    rss = b'<rss version="2.0"><channel><item><link>https://a.example/1</link></item></channel></rss>'
    assert [f.url for f in parse_feed(rss)] == ["https://a.example/1"]
    atom = b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://a.example/2"/><updated>2026-03-01</updated></entry></feed>'
    assert [(f.url, f.published) for f in parse_feed(atom)] == [("https://a.example/2", "2026-03-01")]
    xxe = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><rss><channel><item><link>&e;</link></item></channel></rss>'
    assert all("root:" not in f.url for f in parse_feed(xxe))
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.example/s.xml</loc></sitemap></sitemapindex>'
    assert parse_sitemap(index) == ([], ["https://a.example/s.xml"])
    with pytest.raises(ValueError, match="neither"):
        parse_feed(b"<html><body>not a feed</body></html>")


def test_host_starts_stay_an_interval_apart_when_a_thread_wakes_late(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A thread that wakes late from its wait (a loaded machine) does not bring the next start
    closer than the host's interval: the next start is due an interval after a real start."""
    import threading
    import time

    from pipeline.crawl import fetcher

    real_sleep = time.sleep
    late = {"first": True}

    def sleep_late(seconds: float) -> None:
        if late.pop("first", False):
            seconds += 0.15  # this wait overshoots, as a descheduled thread's does
        real_sleep(seconds)

    monkeypatch.setattr(fetcher.time, "sleep", sleep_late)
    limiter = fetcher.HostLimiter(concurrency=4)
    limiter.set_interval("h.example", 0.1)
    starts: list[float] = []
    limiter.acquire("h.example")  # the first start is due at once
    starts.append(time.monotonic())

    def one() -> None:
        limiter.acquire("h.example")
        starts.append(time.monotonic())

    threads = [threading.Thread(target=one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    starts.sort()
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
    assert min(gaps) >= 0.1 * 0.95, gaps
