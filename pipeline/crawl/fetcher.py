"""A polite HTTP fetcher: robots.txt, per-host rate and concurrency, conditional GET, retries with
backoff (Retry-After honoured), timeouts, a redirect limit, a streamed body-size cap, content-type
check and encoding detection. Every outcome, failures included, is a FetchResult with a reason,
handed to ``record`` so the crawl log in the warehouse is complete.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import certifi
import httpx

from pipeline.config import CrawlSettings
from pipeline.crawl.guard import BlockedAddress, GuardedBackend, GuardedTransport, Resolver, fetch_deadline
from pipeline.normalise.charset import decode_page, page_encoding

REDIRECTS = (301, 302, 303, 307, 308)
RETRY_STATUS = (429, 500, 502, 503, 504)
XML_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
TEXT_TYPES = ("text/plain",)


@dataclass
class FetchResult:
    """One logical fetch of one URL (all its attempts and redirect hops)."""

    url: str
    kind: str = "page"
    outlet: str | None = None
    final_url: str | None = None
    canonical_url: str | None = None
    status: int | None = None
    elapsed_ms: float = 0.0
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    attempts: int = 0
    raw_key: str | None = None
    error: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200 and self.body is not None

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304

    def text(self) -> str:
        return decode(self.body or b"", self.encoding)


class _Fault(Exception):
    """A failure with a reason for the crawl log; ``retry`` says whether another attempt may help."""

    def __init__(self, reason: str, *, retry: bool = False, status: int | None = None, wait: float | None = None):
        super().__init__(reason)
        self.retry, self.status, self.wait = retry, status, wait


def detect_encoding(body: bytes, content_type: str | None = None) -> str:
    """The codec a page is read with, recorded in `fetches.encoding`: `normalise.charset`, the one
    decoder imports use too, so a page crawled and the same page imported get one body."""
    return page_encoding(body, content_type)


def decode(body: bytes, encoding: str | None) -> str:
    """A fetched body as text, with the encoding recorded at fetch time (labels read as browsers do)."""
    return decode_page(body, encoding=encoding)


def robots_lines(body: bytes) -> list[str]:
    """robots.txt as lines to obey. RFC 9309 makes it UTF-8: a byte-order mark would otherwise
    glue itself to the first "User-agent" (the group is then ignored), and a NUL inside a rule
    would make it match nothing, so disallowed paths got crawled. NUL and other C0 controls
    end a line here, as a line break would."""
    text = body.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace").lstrip("\ufeff")
    return re.split(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|\r\n|\r|\n", text)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class HostLimiter:
    """Per-host politeness: at most ``concurrency`` requests in flight and one start per interval.

    Starts to one host are taken one at a time, and the next is due an interval after a start
    really happened, not after its planned time: on a loaded machine a thread wakes late from its
    wait, and with planned times the starts after it came closer than the interval (the server
    saw 12 requests in one second at 10/s)."""

    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self.lock = threading.Lock()
        self.sems: dict[str, threading.BoundedSemaphore] = {}
        self.starting: dict[str, threading.Lock] = {}
        self.next_start: dict[str, float] = {}
        self.interval: dict[str, float] = {}

    def set_interval(self, host: str, seconds: float) -> None:
        with self.lock:
            self.interval[host] = max(self.interval.get(host, 0.0), seconds)

    def acquire(self, host: str) -> None:
        with self.lock:
            sem = self.sems.setdefault(host, threading.BoundedSemaphore(self.concurrency))
            starting = self.starting.setdefault(host, threading.Lock())
        sem.acquire()
        with starting:
            wait = self.next_start.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            with self.lock:
                self.next_start[host] = time.monotonic() + self.interval.get(host, 0.0)

    def release(self, host: str) -> None:
        self.sems[host].release()


class Fetcher:
    def __init__(
        self,
        cfg: CrawlSettings,
        *,
        record: Callable[[FetchResult], None] | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self.cfg = cfg
        self.record = record or (lambda r: None)
        backend = GuardedBackend(cfg.allow_networks, cfg.hosts, resolver)
        transport = GuardedTransport(backend, ssl_context_cafile=certifi.where(), max_connections=cfg.max_workers * 2)
        self.client = httpx.Client(
            transport=transport,
            follow_redirects=False,  # followed by hand so that robots and the hop limit apply to each hop
            timeout=httpx.Timeout(
                connect=cfg.connect_timeout_seconds, read=cfg.read_timeout_seconds,
                write=cfg.read_timeout_seconds, pool=cfg.read_timeout_seconds * 4,
            ),
            headers={"User-Agent": cfg.user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self.limiter = HostLimiter(cfg.per_host_concurrency)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str | None] = {}
        self._robots_lock = threading.Lock()
        self._origin_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def set_rate(self, host: str, per_second: float) -> None:
        self.limiter.set_interval(host.lower(), 1.0 / per_second)

    # --- robots.txt (RFC 9309) -----------------------------------------------------------------

    def allowed(self, url: str, outlet: str | None = None) -> bool:
        return self.refusal(url, outlet) is None

    def refusal(self, url: str, outlet: str | None = None) -> str | None:
        """Why robots.txt forbids this URL, or None when it may be fetched."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin, outlet)
        rules = self._robots[origin]
        if isinstance(rules, str):
            return rules
        if rules is None or rules.can_fetch(self.cfg.user_agent, url):
            return None
        return f"disallowed by robots.txt: {url[:300]}"

    def _load_robots(self, origin: str, outlet: str | None) -> urllib.robotparser.RobotFileParser | str | None:
        res = self._fetch(f"{origin}/robots.txt", kind="robots", outlet=outlet, accept=None, check_robots=False)
        self.record(res)
        if res.ok:
            parser = urllib.robotparser.RobotFileParser()
            parser.parse(robots_lines(res.body or b""))
            delay = parser.crawl_delay(self.cfg.user_agent)
            if delay:
                host = (urlsplit(origin).hostname or "").lower()
                self.limiter.set_interval(host, min(float(delay), self.cfg.max_crawl_delay_seconds))
            return parser
        if res.status is not None and 400 <= res.status < 500:
            return None  # "unavailable": no rules, crawl everything (RFC 9309 2.3.1.3)
        # "unreachable" (5xx, network, refused): assume complete disallow (RFC 9309 2.3.1.4)
        return f"robots.txt of {origin} unreachable ({res.error}), so the whole host is off limits this run"

    # --- fetching ------------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        kind: str = "page",
        outlet: str | None = None,
        accept: tuple[str, ...] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """Fetch one URL politely. Never raises for network or HTTP trouble: see ``result.error``."""
        res = self._fetch(url, kind=kind, outlet=outlet, accept=accept, etag=etag, last_modified=last_modified)
        return res

    def _fetch(
        self,
        url: str,
        *,
        kind: str,
        outlet: str | None,
        accept: tuple[str, ...] | None,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = True,
    ) -> FetchResult:
        res = FetchResult(url=url, kind=kind, outlet=outlet)
        started = time.monotonic()
        cfg = self.cfg
        try:
            for attempt in range(cfg.max_retries + 1):
                res.attempts = attempt + 1
                try:
                    self._once(res, accept, etag, last_modified, check_robots)
                    res.error = None
                    break
                except _Fault as fault:
                    res.status = fault.status if fault.status is not None else res.status
                    res.error = str(fault)
                    if not fault.retry or attempt == cfg.max_retries:
                        if fault.retry:
                            res.error = f"{fault} (gave up after {res.attempts} attempts)"
                        break
                    wait = min(cfg.backoff_max_seconds, cfg.backoff_initial_seconds * 2**attempt)
                    if fault.wait is not None:
                        if fault.wait > cfg.max_retry_after_seconds:
                            res.error = (
                                f"{fault}; Retry-After {fault.wait:.0f}s exceeds crawl.max_retry_after_seconds="
                                f"{cfg.max_retry_after_seconds:.0f}, not retried"
                            )
                            break
                        wait = fault.wait
                    time.sleep(wait)
        finally:
            res.elapsed_ms = (time.monotonic() - started) * 1000
        if res.error is not None:
            res.body = None
        return res

    def _once(
        self,
        res: FetchResult,
        accept: tuple[str, ...] | None,
        etag: str | None,
        last_modified: str | None,
        check_robots: bool,
    ) -> None:
        current = res.url
        hops = [current]
        while True:
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise _Fault(f"not an http(s) URL: {current[:200]}")
            if parts.username or parts.password:
                raise _Fault("URLs with credentials are never crawled")
            refusal = self.refusal(current, res.outlet) if check_robots else None
            if refusal:
                raise _Fault(refusal)
            headers = {}
            if len(hops) == 1 and etag:
                headers["If-None-Match"] = etag
            if len(hops) == 1 and last_modified:
                headers["If-Modified-Since"] = last_modified
            host = parts.hostname.lower()
            self.limiter.acquire(host)
            try:
                location = self._request(res, current, headers, accept)
            finally:
                self.limiter.release(host)
            if location is None:
                return
            nxt = urljoin(current, location)
            if nxt in hops:
                raise _Fault(f"redirect loop: {' -> '.join(hops + [nxt])[:500]}", status=res.status)
            if len(hops) > self.cfg.max_redirects:
                raise _Fault(
                    f"more than crawl.max_redirects={self.cfg.max_redirects} redirects: {' -> '.join(hops)[:500]}",
                    status=res.status,
                )
            hops.append(nxt)
            current = nxt

    def _request(
        self, res: FetchResult, url: str, headers: dict[str, str], accept: tuple[str, ...] | None
    ) -> str | None:
        """One HTTP exchange; returns the Location of a redirect, else fills ``res``."""
        try:
            with fetch_deadline(self.cfg.fetch_deadline_seconds), self.client.stream("GET", url, headers=headers) as resp:
                res.status = resp.status_code
                res.final_url = str(resp.url)
                if resp.status_code in REDIRECTS:
                    location = resp.headers.get("location")
                    if not location:
                        raise _Fault(f"HTTP {resp.status_code} redirect without a Location header", status=resp.status_code)
                    return location
                if resp.status_code in RETRY_STATUS:
                    wait = retry_after_seconds(resp.headers.get("retry-after"))
                    raise _Fault(f"HTTP {resp.status_code}", retry=True, status=resp.status_code, wait=wait)
                res.headers = {k.lower(): v for k, v in resp.headers.items()}
                res.content_type = resp.headers.get("content-type")
                res.etag = resp.headers.get("etag")
                res.last_modified = resp.headers.get("last-modified")
                if resp.status_code == 304:
                    return None
                if resp.status_code != 200:
                    raise _Fault(f"HTTP {resp.status_code}", status=resp.status_code)
                mime = (res.content_type or "").split(";")[0].strip().lower()
                if accept is not None and mime not in accept:
                    raise _Fault(
                        f"content-type {mime or 'missing'!r} is not one of {', '.join(accept)}", status=resp.status_code
                    )
                limit = self.cfg.max_body_bytes
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise _Fault(
                        f"body of {declared} bytes exceeds crawl.max_body_bytes={limit} (Content-Length)",
                        status=resp.status_code,
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise _Fault(
                            f"body exceeds crawl.max_body_bytes={limit} (stopped reading at {size} bytes)",
                            status=resp.status_code,
                        )
                    chunks.append(chunk)
                res.body = b"".join(chunks)
                res.encoding = detect_encoding(res.body, res.content_type)
                return None
        except BlockedAddress as exc:
            raise _Fault(str(exc)) from exc
        except httpx.TimeoutException as exc:
            if "fetch_deadline_seconds" in str(exc):
                raise _Fault(f"too slow: no complete response within crawl.fetch_deadline_seconds="
                             f"{self.cfg.fetch_deadline_seconds:.1f}", retry=True) from exc
            phase = type(exc).__name__.replace("Timeout", "").lower() or "request"
            raise _Fault(f"{phase} timeout after {self._timeout_for(phase):.1f}s", retry=True) from exc
        except httpx.TransportError as exc:
            raise _Fault(f"network error: {type(exc).__name__}: {exc}", retry=True) from exc
        except httpx.HTTPError as exc:
            raise _Fault(f"HTTP error: {type(exc).__name__}: {exc}") from exc

    def _timeout_for(self, phase: str) -> float:
        return self.cfg.connect_timeout_seconds if phase == "connect" else self.cfg.read_timeout_seconds
