"""The jobs the CLI and the Airflow DAGs both call: ingest, detect, run.

Each takes settings and returns small counts, so a DAG task can pass them on through XCom.
Each job imports its own stages: `synd detect` never loads the HTML extractor, nor `synd
ingest` the numba kernels.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Engine

from pipeline.config import Settings
from pipeline.warehouse import db, store

if TYPE_CHECKING:
    from pipeline.crawl.rawstore import RawStore
    from pipeline.detect.detector import DetectStats
    from pipeline.normalise.article import Article, RawRecord
    from pipeline.parallel import Lost

T = TypeVar("T")
Progress = Callable[[str, int, int], None]


@dataclass
class IngestStats:
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    out_of_range: int = 0  # articles a backfill's date range left out (neither stored nor rejected)
    run_id: int | None = None
    reject_examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("seen", "new", "updated", "unchanged", "rejected", "out_of_range")}


def warehouse(settings: Settings) -> Engine:
    return db.connect(settings.warehouse.url)


@dataclass
class Prepared:
    """One record after normalisation, before storage: an article, or the reason it was rejected.
    Plain data (picklable), so batches can be prepared in worker processes."""

    locator: str
    url: str | None
    article: Article | None = None
    reason: str | None = None


def prepare(
    rec: RawRecord, settings: Settings, hosts: dict[str, str], raw: RawStore | None, profiles: Any = None
) -> Prepared:
    """Normalise one record. Never raises: anything unexpected becomes a reject naming the error,
    so one hostile record cannot abort the batch around it."""
    from pipeline.crawl.urls import identity_url
    from pipeline.normalise.article import RejectError, normalise_record

    if isinstance(rec.url, str):  # one spelling per article, and credentials never stored
        rec.url = identity_url(rec.url)
    url = rec.url if isinstance(rec.url, str) else None
    try:
        if raw is not None and rec.error is None and rec.raw_key is None and isinstance(rec.html, str | bytes):
            data = rec.html.encode("utf-8", "surrogatepass") if isinstance(rec.html, str) else rec.html
            if len(data) <= settings.normalise.max_html_bytes:
                rec.raw_key = raw.put(data, {"url": str(url or ""), "origin": rec.origin})
        article = normalise_record(rec, settings.normalise, hosts, profiles=profiles)
        article.paragraph_index  # noqa: B018 - hashed here, in the worker: the writer process only writes
        article.paragraph_furniture  # noqa: B018 - judged here too, while the worker's furniture cache holds the lines
        return Prepared(rec.locator, url, article=article)
    except RejectError as exc:
        return Prepared(rec.locator, url, reason=str(exc))
    except Exception as exc:  # noqa: BLE001 - the catch-all: a reject with the error, never an abort
        return Prepared(rec.locator, url, reason=f"could not normalise ({type(exc).__name__}: {exc})"[:2000])


def write_batch(conn: Connection, batch: Sequence[Prepared], stats: IngestStats) -> None:
    """Store one batch inside the caller's transaction: all its articles in a few bulk statements
    under one savepoint. When the database refuses any of them, that savepoint is rolled back and
    the batch is stored again record by record, each under its own savepoint, so the record at
    fault becomes a reject and the valid records around it are kept."""
    good = [(item, item.article) for item in batch if item.article is not None]
    try:
        with conn.begin_nested():
            statuses = store.upsert_articles(conn, [art for _, art in good], stats.run_id)
    except Exception:  # noqa: BLE001 - which record? the slow path below finds out
        statuses = [_write_one(conn, item, art, stats.run_id) for item, art in good]
    for status in statuses:
        if status:
            setattr(stats, status, getattr(stats, status) + 1)
    refused = [item for item in batch if item.article is None or item.reason is not None]
    store.add_rejects(conn, stats.run_id, "ingest", [(item.locator, item.reason or "rejected", item.url) for item in refused])
    stats.rejected += len(refused)
    for item in refused[: max(0, 5 - len(stats.reject_examples))]:
        stats.reject_examples.append(f"{item.locator[:300]}: {(item.reason or 'rejected')[:300]}")


def _write_one(conn: Connection, item: Prepared, art: Article, run_id: int | None) -> str:
    """One record under its own savepoint; a refused value becomes its reject reason ('' returned)."""
    try:
        with conn.begin_nested():
            return store.upsert_article(conn, art, run_id)
    except Exception as exc:  # noqa: BLE001 - e.g. a value this backend cannot store
        item.reason = f"could not store ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
        return ""


def batched(records: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for rec in records:
        batch.append(rec)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _lost_record(rec: RawRecord, why: Lost, settings: Settings) -> Prepared:
    """The reject of a record whose extraction ran over normalise.max_parse_seconds (CPU time) or
    normalise.max_parse_wall_seconds (its worker was killed), or crashed its worker (e.g. a
    segfault in C): named, like any other bad input, with the bound it hit."""
    from pipeline.crawl.urls import identity_url

    url = rec.url if isinstance(rec.url, str) else None
    with contextlib.suppress(Exception):
        url = identity_url(url) if url else None
    if why.timed_out:
        bound = "max_parse_wall_seconds" if why.backstop else "max_parse_seconds"
        reason = f"parse {why.detail} (normalise.{bound}): raise it or drop the record"
    else:
        reason = f"extraction crashed ({why.detail}): drop the record, or report the page if it is a real article"
    return Prepared(rec.locator, url, reason=reason)


def _worker_args(settings: Settings, hosts: dict[str, str], profiles: Any) -> tuple[Any, ...]:
    """Runs in each ingest worker: its own raw store client, never the parent's connections."""
    from pipeline.crawl.rawstore import open_store

    db.forget_after_fork()
    return settings, hosts, open_store(settings.raw_store), profiles


def ingest_records(
    engine: Engine,
    records: Iterable[RawRecord],
    settings: Settings,
    *,
    progress: Progress | None = None,
    keep: Callable[[Article], bool] | None = None,
) -> IngestStats:
    """Normalise and store records in batches of ``ingest.batch_size``, one transaction per batch
    and one savepoint per record. A bad record becomes a row in ``rejects``, never an abort; a
    crash loses at most the batch in flight, and rerunning the same input completes the work
    (known URLs with the same body are left unchanged). Extraction runs on ``ingest.workers``
    processes, handed back in input order (``parallel.OrderedPool``), so batches and their
    transactions are exactly those of a serial run; a record over ``normalise.max_parse_seconds``
    of CPU time or ``normalise.max_parse_wall_seconds`` of wall time (its worker killed) or
    crashing its worker is a reject. ``keep`` (backfills) leaves out articles it
    refuses, counted as ``out_of_range``."""
    from pipeline.parallel import OrderedPool
    from pipeline.sources.outlets import outlet_hosts, outlet_profiles

    stats = IngestStats()
    hosts = outlet_hosts(settings)
    profiles = outlet_profiles(settings)
    with engine.begin() as conn:
        stats.run_id = store.start_run(conn, "ingest")
    pool = None
    try:
        records, text = _warmed(records)  # before the pool forks: its workers share what this loads
        pool = OrderedPool(prepare, workers=settings.ingest.workers, chunksize=TEXT_CHUNK if text else PAGE_CHUNK, setup=lambda: _worker_args(settings, hosts, profiles),
                           deadline=settings.normalise.max_parse_seconds or None,
                           backstop=settings.normalise.max_parse_wall_seconds,
                           lost=lambda rec, why: _lost_record(rec, why, settings))
        for prepared in batched(pool.map(records), settings.ingest.batch_size):
            stats.seen += len(prepared)
            if keep is not None:
                kept = [p for p in prepared if p.article is None or keep(p.article)]
                stats.out_of_range += len(prepared) - len(kept)
                prepared = kept
            with engine.begin() as conn:
                write_batch(conn, prepared, stats)
                store.heartbeat(conn, stats.run_id, stats.as_dict())
            if progress:
                progress("ingest", stats.seen, 0)
    except BaseException:
        with contextlib.suppress(Exception), engine.begin() as conn:
            store.finish_run(conn, stats.run_id, stats.as_dict(), status="failed")
        raise
    finally:
        if pool is not None:
            pool.close()
    with engine.begin() as conn:
        store.finish_run(conn, stats.run_id, stats.as_dict())
    return stats


# Records sent to a worker at a time. A page takes ~20 ms to extract, a text record ~1 ms: in
# chunks of 4 the parent's pickling and pipe writes per chunk were a fifth of a text ingest's
# parent CPU (4,000 Reuters articles: parent 1.8 -> 1.55 s CPU in chunks of 16).
PAGE_CHUNK = 4
TEXT_CHUNK = 16


def _warmed(records: Iterable[RawRecord]) -> tuple[Iterator[RawRecord], bool]:
    """The records, once this process has loaded what normalising the first one loads lazily
    (``article.warm_up``): workers forked afterwards share it instead of each loading its own;
    and whether the first is a text record (no page to extract)."""
    from pipeline.normalise.article import warm_up

    it = iter(records)
    first = next(it, None)
    if first is None:
        return it, False
    warm_up(html=first.html is not None, domains=not first.outlet)
    return itertools.chain([first], it), first.html is None


def ingest(settings: Settings, paths: list[str | Path], *, progress: Progress | None = None) -> IngestStats:
    from pipeline.sources import read_paths

    return ingest_records(warehouse(settings), read_paths(paths), settings, progress=progress)


def detect(settings: Settings, *, progress: Progress | None = None) -> DetectStats:
    from pipeline.detect.detector import detect as run_detect  # numba and its kernels: detect only

    engine = warehouse(settings)
    sync_groups(settings, engine)
    return run_detect(engine, settings.detect, progress=progress)


def sync_groups(settings: Settings, engine: Engine | None = None) -> bool:
    """Bring the warehouse's publisher groups in line with the outlets file (``groups:``), and
    with them every syndication's same_group flag. Returns whether anything changed."""
    from pipeline.sources.outlets import outlet_groups
    from pipeline.warehouse import groups

    wanted = outlet_groups(settings)
    with db.write_transaction(engine or warehouse(settings), "detect") as conn:  # in turn with detect batches
        return groups.sync(conn, wanted)


# --- crawl (pipeline/crawl/) -------------------------------------------------------------------


def outlets(settings: Settings, names: list[str] | None = None) -> list[Any]:
    """The configured outlets (validated), optionally only those named."""
    from pipeline.config import ConfigError
    from pipeline.sources.outlets import load_outlets

    known = load_outlets(settings.outlets_file)
    if not names:
        return known
    missing = sorted(set(names) - {o.name for o in known})
    if missing:
        raise ConfigError(f"unknown outlet(s) {missing}; names in {settings.outlets_file}: {[o.name for o in known]}")
    return [o for o in known if o.name in names]


def start_crawl_run(settings: Settings, params: dict[str, Any] | None = None, *, key: str | None = None) -> int:
    """A `runs` row that groups the fetches of one crawl (one DAG run, or one `synd crawl`).

    With a ``key`` (the DAG run id) a rerun gets the same row back, so its tasks skip what that
    crawl already fetched.
    """
    from sqlalchemy import select

    from pipeline.warehouse.schema import runs

    with warehouse(settings).begin() as conn:
        if key is not None:
            recent = conn.execute(
                select(runs.c.run_id, runs.c.params).where(runs.c.kind == "crawl").order_by(runs.c.run_id.desc()).limit(200)
            ).all()
            for row in recent:
                if (row.params or {}).get("key") == key:
                    return int(row.run_id)
        return store.start_run(conn, "crawl", {**(params or {}), **({"key": key} if key else {})},
                               one_process=key is None)  # a DAG run's crawl spans several task processes


def crawl(
    settings: Settings,
    outlet_names: list[str] | None = None,
    *,
    run_id: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Crawl outlets into the raw store; every fetch is a row in `fetches`. Returns counts per outlet
    and ``down``: outlet -> why nothing of it could be fetched (callers must fail on it, not go quiet).

    Passing the same ``run_id`` again (a retried task) skips what that run already fetched.
    """
    from pipeline.crawl.crawler import Crawler, FetchLog
    from pipeline.crawl.fetcher import Fetcher
    from pipeline.crawl.rawstore import open_store

    engine = warehouse(settings)
    chosen = outlets(settings, outlet_names)
    own_run = run_id is None
    if run_id is None:
        run_id = start_crawl_run(settings, {"outlets": [o.name for o in chosen]})
    log = FetchLog(engine, run_id)
    per_outlet = {}
    with Fetcher(settings.crawl, record=log) as fetcher:
        crawler = Crawler(settings, fetcher, open_store(settings.raw_store), log)
        # outlets in parallel (crawl.parallel_outlets); politeness is per host inside the fetcher
        with ThreadPoolExecutor(max_workers=settings.crawl.parallel_outlets) as pool:
            done = {o.name: pool.submit(crawler.crawl, o, progress) for o in chosen}
            for name, fut in done.items():
                per_outlet[name] = fut.result().as_dict()
    totals = {k: sum(s[k] for s in per_outlet.values()) for k in ("discovered", "fetched", "not_modified", "duplicates", "failed")}
    down = {name: st["down"] for name, st in per_outlet.items() if st["down"]}
    if own_run:
        with engine.begin() as conn:
            store.finish_run(conn, run_id, {**totals, "down": down}, status="partial" if down else "ok")
    return {"run_id": run_id, "outlets": per_outlet, "down": down, **totals}


def finish_crawl_run(settings: Settings, run_id: int, counts: dict[str, Any]) -> None:
    with warehouse(settings).begin() as conn:
        store.finish_run(conn, run_id, counts)


# A page the raw store failed to give back (a network error, a throttled bucket) is rejected for
# this run only: its reject does not count as done, so the next run reads it again.
RAW_READ_RETRIED = "unreadable from the raw store (read again on the next run)"


def crawled_records(settings: Settings, run_ids: list[int] | None = None) -> Iterable[RawRecord]:
    """Crawled pages not yet in the warehouse (or those of the given crawl runs), read back from the raw store."""
    from sqlalchemy import and_, select

    from pipeline.crawl.fetcher import decode
    from pipeline.crawl.rawstore import open_store
    from pipeline.normalise.article import RawRecord
    from pipeline.warehouse.schema import articles, fetches, rejects

    engine = warehouse(settings)
    q = select(fetches.c.fetch_id, fetches.c.url, fetches.c.canonical_url, fetches.c.final_url, fetches.c.outlet,
               fetches.c.raw_key, fetches.c.encoding).where(
        and_(fetches.c.kind == "page", fetches.c.raw_key.is_not(None), fetches.c.error.is_(None))
    )
    with engine.connect() as conn:
        if run_ids is not None:
            q = q.where(fetches.c.run_id.in_(run_ids))
            done: set[str] = set()
        else:
            done = {r[0] for r in conn.execute(select(articles.c.raw_key).where(articles.c.raw_key.is_not(None)))}
            done |= {r[0].removeprefix("raw ") for r in conn.execute(
                select(rejects.c.record).where(and_(rejects.c.stage == "ingest", rejects.c.record.like("raw %"),
                                                    rejects.c.reason.not_like(f"%{RAW_READ_RETRIED}%"))))}
        rows = conn.execute(q.order_by(fetches.c.fetch_id)).all()
    raw = open_store(settings.raw_store)
    seen: set[str] = set()
    todo = []
    for r in rows:
        if r.raw_key in done or r.raw_key in seen:
            continue
        seen.add(r.raw_key)
        todo.append(r)
    # Ingest in publication order, as the importers do: learning (outlet boilerplate) and "earliest
    # source" decisions then see the past first, whatever order the concurrent fetches finished in.
    keyed = sorted(((_published_key(raw, r.raw_key, r.encoding), r.canonical_url or r.url, r) for r in todo),
                   key=lambda t: (t[0], t[1]))
    for _key, _url, r in keyed:
        url = r.canonical_url or r.final_url or r.url
        try:
            body, _headers = raw.get(r.raw_key)
        except Exception as exc:  # noqa: BLE001 - becomes a reject naming the key
            yield RawRecord(origin="crawl", locator=f"raw {r.raw_key}", url=url, outlet=r.outlet,
                            error=f"raw page {r.raw_key} {RAW_READ_RETRIED}: {exc}")
            continue
        yield RawRecord(origin="crawl", locator=f"raw {r.raw_key}", url=url, outlet=r.outlet,
                        html=decode(body, r.encoding), raw_key=r.raw_key)


def _published_key(raw: Any, key: str, encoding: str | None) -> float:
    """The page's own publication time (meta tags, JSON-LD) as a sort key; undated pages go last."""
    from pipeline.crawl.fetcher import decode
    from pipeline.normalise.dates import parse_published
    from pipeline.normalise.html import _metadata, parse_html

    try:
        published = parse_published(_metadata(parse_html(decode(raw.get(key)[0], encoding)), None).published)
    except Exception:  # noqa: BLE001 - unreadable or undated: sorted last, rejected later with its reason
        return float("inf")
    return published.timestamp() if published is not None else float("inf")


def ingest_crawled(settings: Settings, run_ids: list[int] | None = None, *, progress: Progress | None = None) -> IngestStats:
    """Normalise crawled pages into the warehouse: the step between the crawl and detect DAG tasks."""
    return ingest_records(warehouse(settings), crawled_records(settings, run_ids), settings, progress=progress)


# --- backfills (dags/synd_backfill.py) ---------------------------------------------------------


def ingest_backfill(
    settings: Settings,
    paths: Sequence[str] = (),
    raw_prefix: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    progress: Progress | None = None,
) -> IngestStats:
    """Import a corpus for a backfill: files and folders (as `synd ingest`) and/or the corpus files
    under ``raw_prefix`` in the raw store, keeping articles published in [since, until). Undated
    articles are kept (most real pages carry no date); the others are counted as out_of_range."""
    from itertools import chain

    from pipeline.sources import read_paths
    from pipeline.sources.store_prefix import read_store_prefix

    if not paths and not raw_prefix:
        from pipeline.config import ConfigError

        raise ConfigError("a backfill needs paths or raw_prefix: name the files, or the prefix in the raw store")
    since_utc, until_utc = (_utc(d) for d in (since, until))

    def keep(article: Article) -> bool:
        if article.published is None:
            return True
        when = article.published if article.published.tzinfo else article.published.replace(tzinfo=UTC)
        return (since_utc is None or when >= since_utc) and (until_utc is None or when < until_utc)

    records = chain(read_paths(list(paths)), read_store_prefix(settings.raw_store, raw_prefix) if raw_prefix else ())
    return ingest_records(warehouse(settings), records, settings, progress=progress,
                          keep=keep if since_utc or until_utc else None)


def _utc(d: datetime | None) -> datetime | None:
    if d is None:
        return None
    return d.replace(tzinfo=UTC) if d.tzinfo is None else d.astimezone(UTC)


def detect_backfill(settings: Settings, *, spark_master: str | None = None) -> dict[str, int]:
    """Detect every pending article: the incremental detector, or with ``spark_master`` (e.g.
    ``local[*]``, ``spark://host:7077``) the Spark path, which writes the same rows."""
    if spark_master is None:
        st = detect(settings)
        return {"articles": st.articles, "candidates": st.candidates, "syndications": st.syndications}
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        from pipeline.config import ConfigError

        raise ConfigError("engine spark needs pyspark and a Java runtime on this worker (pip install pyspark, "
                          "apt-get install default-jre-headless), or run with engine local")
    from pipeline.detect.spark import session, spark_detect

    spark = session(spark_master)
    try:
        sp = spark_detect(spark, settings.warehouse.url, settings.detect)
    finally:
        spark.stop()
    return {"articles": sp.articles, "candidates": sp.candidates, "syndications": sp.syndications}
