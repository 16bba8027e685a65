"""Crawl outlets: discover article URLs, fetch them politely, store raw pages, log every fetch.

One run never fetches the same article twice, even across retries of a task: URLs already fetched
in this warehouse run are skipped. Pages unchanged since the last run come back as 304 (conditional
GET with the ETag and Last-Modified recorded last time) and are not stored again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Engine, and_, insert, select

from pipeline.config import Settings
from pipeline.crawl.discover import FeedError, Found, parse_feed, parse_seed_list, parse_sitemap, select_urls
from pipeline.crawl.fetcher import XML_TYPES, Fetcher, FetchResult
from pipeline.crawl.rawstore import RawStore
from pipeline.crawl.urls import canonical_url, host_of
from pipeline.normalise.html import canonical_from_html
from pipeline.sources.outlets import Outlet
from pipeline.warehouse import store
from pipeline.warehouse.schema import fetches

Progress = Callable[[str, int, int], None]
FEED_TYPES = (*XML_TYPES, "text/plain")  # some servers send feeds as text/plain


@dataclass
class CrawlStats:
    outlet: str
    discovered: int = 0
    fetched: int = 0  # pages stored (new content)
    not_modified: int = 0  # 304, or the same bytes as last time: unchanged since the last crawl
    duplicates: int = 0  # same article as a URL already fetched in this run
    failed: int = 0  # listings and pages; every failure has a row in `fetches` with its reason
    skipped_offsite: int = 0
    listings_read: int = 0  # feeds, sitemaps and seed lists fetched and parsed
    # Why nothing of this outlet could be fetched (robots.txt unreachable, every listing and page
    # failing): the outlet is down, which callers must not report as a quiet, empty success.
    down: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class FetchLog:
    """Writes one `fetches` row per FetchResult; thread-safe (one short transaction each)."""

    def __init__(self, engine: Engine, run_id: int | None) -> None:
        self.engine, self.run_id = engine, run_id
        self.lock = threading.Lock()
        self.last_beat = time.monotonic()

    def __call__(self, res: FetchResult) -> None:
        row = dict(
            run_id=self.run_id, outlet=res.outlet, kind=res.kind, url=res.url, final_url=res.final_url,
            canonical_url=res.canonical_url, attempts=res.attempts, status=res.status,
            elapsed_ms=round(res.elapsed_ms, 1), bytes=len(res.body) if res.body is not None else None,
            content_type=(res.content_type or "")[:200] or None, etag=res.etag, last_modified=res.last_modified,
            raw_key=res.raw_key, encoding=res.encoding, error=res.error, fetched_at=res.fetched_at,
        )
        with self.lock, self.engine.begin() as conn:
            conn.execute(insert(fetches).values(**row))
            if time.monotonic() - self.last_beat > 30:  # the run is alive: not reaped as abandoned
                store.heartbeat(conn, self.run_id)
                self.last_beat = time.monotonic()

    def done_in_run(self) -> set[str]:
        """URLs (requested and canonical) already fetched without error in this run: a retried task skips them."""
        if self.run_id is None:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(fetches.c.url, fetches.c.canonical_url).where(
                    and_(fetches.c.run_id == self.run_id, fetches.c.kind == "page", fetches.c.error.is_(None))
                )
            ).all()
        return {u for r in rows for u in (r.url, r.canonical_url) if u}

    def previous(self, url: str) -> Any:
        """The last good fetch of this URL (any run), for conditional GET."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(fetches.c.etag, fetches.c.last_modified, fetches.c.raw_key, fetches.c.canonical_url,
                       fetches.c.encoding)
                .where(and_(fetches.c.url == url, fetches.c.status == 200, fetches.c.raw_key.is_not(None)))
                .order_by(fetches.c.fetch_id.desc())
                .limit(1)
            ).first()


class Crawler:
    def __init__(self, settings: Settings, fetcher: Fetcher, raw: RawStore, log: FetchLog) -> None:
        self.settings, self.fetcher, self.raw, self.log = settings, fetcher, raw, log
        self.seen: set[str] = log.done_in_run()
        self.seen_lock = threading.Lock()

    def _claim(self, url: str) -> bool:
        """True the first time a URL is seen in this run."""
        with self.seen_lock:
            if url in self.seen:
                return False
            self.seen.add(url)
            return True

    def _get(self, url: str, *, kind: str, outlet: Outlet, accept: tuple[str, ...] | None) -> FetchResult:
        """Fetch with conditional GET; a 304 is answered from the raw store."""
        prev = self.log.previous(url)
        res = self.fetcher.fetch(
            url, kind=kind, outlet=outlet.name, accept=accept,
            etag=prev.etag if prev else None, last_modified=prev.last_modified if prev else None,
        )
        if res.not_modified and prev is not None:
            res.canonical_url = prev.canonical_url
            res.encoding = prev.encoding
            if kind != "page":  # listings are parsed again from the stored copy
                try:
                    res.body = self.raw.get(prev.raw_key)[0]
                except Exception as exc:  # noqa: BLE001 - a lost object only costs a full fetch
                    res.error = f"304 but stored copy {prev.raw_key} is unreadable ({exc}); fetch again next run"
        return res

    def _store(self, res: FetchResult) -> None:
        assert res.body is not None
        headers = dict(res.headers)
        headers.update({"x-synd-url": res.url, "x-synd-final-url": res.final_url or res.url,
                        "x-synd-encoding": res.encoding or "", "x-synd-fetched-at": res.fetched_at.isoformat()})
        res.raw_key = self.raw.put(res.body, headers)

    # --- discovery ---------------------------------------------------------------------------

    def discover(self, outlet: Outlet, stats: CrawlStats | None = None) -> list[Found]:
        stats = stats if stats is not None else CrawlStats(outlet.name)
        found: list[Found] = []
        for url in outlet.feeds:
            res = self._listing(url, "feed", outlet, stats)
            if res is not None:
                try:
                    found += parse_feed(res)
                    stats.listings_read += 1
                except FeedError as exc:
                    self._fail_listing(url, "feed", outlet, f"feed unreadable: {exc}", stats)
        queue = [(u, 0) for u in outlet.sitemaps]
        done: set[str] = set()
        while queue:
            url, depth = queue.pop(0)
            if url in done:
                continue
            done.add(url)
            res = self._listing(url, "sitemap", outlet, stats)
            if res is None:
                continue
            try:
                pages, children = parse_sitemap(res)
            except FeedError as exc:
                self._fail_listing(url, "sitemap", outlet, f"sitemap unreadable: {exc}", stats)
                continue
            found += pages
            stats.listings_read += 1
            if children and depth >= self.settings.crawl.max_sitemap_depth:
                self._fail_listing(url, "sitemap", outlet,
                                   f"sitemap index nested deeper than crawl.max_sitemap_depth={self.settings.crawl.max_sitemap_depth}",
                                   stats)
                continue
            queue += [(canonical_url(c, url), depth + 1) for c in children]
        for url in outlet.seeds:
            if url.lower().endswith(".txt"):
                body = self._listing(url, "seeds", outlet, stats, accept=("text/plain",))
                if body is not None:
                    found += parse_seed_list(body.decode("utf-8", "replace"))
                    stats.listings_read += 1
            else:
                found.append(Found(url))
        return found

    def _listing(
        self, url: str, kind: str, outlet: Outlet, stats: CrawlStats, accept: tuple[str, ...] = FEED_TYPES
    ) -> bytes | None:
        res = self._get(url, kind=kind, outlet=outlet, accept=accept)
        if res.ok:
            self._store(res)
        self.log(res)
        if res.error is None and res.body is not None:
            return res.body
        self._count_failure(stats, f"{kind} {url}: {res.error or f'HTTP {res.status}'}")
        return None

    def _fail_listing(self, url: str, kind: str, outlet: Outlet, reason: str, stats: CrawlStats) -> None:
        self.log(FetchResult(url=url, kind=kind, outlet=outlet.name, error=reason))
        self._count_failure(stats, f"{kind} {url}: {reason}")

    @staticmethod
    def _count_failure(stats: CrawlStats, reason: str) -> None:
        stats.failed += 1
        if stats.down is None:
            stats.down = reason[:500]  # the first failure; cleared below if anything else worked

    # --- pages ---------------------------------------------------------------------------------

    def crawl(self, outlet: Outlet, progress: Progress | None = None) -> CrawlStats:
        stats = CrawlStats(outlet.name)
        cfg = self.settings.crawl
        hosts = set(outlet.domains) | {host_of(u) for u in outlet.feeds + outlet.sitemaps + outlet.seeds}
        for host in hosts:
            self.fetcher.set_rate(host, outlet.rate)
        picked = select_urls(
            self.discover(outlet, stats), canonical=canonical_url, cap=cfg.max_pages_per_outlet, claim=self._claim,
            keep=lambda url: not outlet.domains or outlet.owns(host_of(url)),
        )
        stats.skipped_offsite += picked.offsite
        stats.discovered, todo = picked.discovered, picked.todo
        label = f"crawl {outlet.name}"
        if progress:
            progress(label, 0, len(todo))
        first_page_error: str | None = None
        with ThreadPoolExecutor(max_workers=cfg.max_workers) as pool:
            futures = [pool.submit(self._page, u, outlet) for u in todo]
            for n, fut in enumerate(as_completed(futures), 1):
                outcome, error = fut.result()
                setattr(stats, outcome, getattr(stats, outcome) + 1)
                first_page_error = first_page_error or error
                if progress:
                    progress(label, n, len(todo))
        # Down: something was tried and nothing answered (no listing read, no page fetched or
        # unchanged). A failure among answers is the open web; that alone is not "down".
        alive = stats.listings_read > 0 or stats.fetched + stats.not_modified + stats.duplicates > 0
        if alive:
            stats.down = None
        elif stats.down is None and first_page_error:
            stats.down = first_page_error[:500]
        return stats

    def _page(self, url: str, outlet: Outlet) -> tuple[str, str | None]:
        """The outcome (a CrawlStats counter) and, for a failure, why."""
        res = self._get(url, kind="page", outlet=outlet, accept=tuple(self.settings.crawl.html_types))
        outcome = "failed"
        if res.ok:
            res.canonical_url = self._canonical(res, outlet)
            if res.canonical_url != url and not self._claim(res.canonical_url):
                res.error = f"skipped: same article as {res.canonical_url}, already fetched in this run"
                outcome = "duplicates"
            else:
                try:
                    prev = self.log.previous(url)
                    self._store(res)
                    # same bytes as last time (a server without validators): nothing new
                    outcome = "not_modified" if prev is not None and prev.raw_key == res.raw_key else "fetched"
                except Exception as exc:  # noqa: BLE001 - recorded, and the run goes on
                    res.error = f"raw store write failed: {type(exc).__name__}: {exc}"
        elif res.not_modified:
            res.canonical_url = res.canonical_url or url
            outcome = "not_modified"
        self.log(res)
        return outcome, (f"page {url}: {res.error or f'HTTP {res.status}'}" if outcome == "failed" else None)

    def _canonical(self, res: FetchResult, outlet: Outlet) -> str:
        """<link rel=canonical> when it points into the outlet's own domains, else the fetched URL."""
        base = res.final_url or res.url
        link = canonical_from_html(res.text())
        if link:
            cand = canonical_url(link, base)
            if cand.startswith(("http://", "https://")) and (outlet.owns(host_of(cand)) or host_of(cand) == host_of(base)):
                return cand
        return canonical_url(base)
