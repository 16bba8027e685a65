"""Writes and reads shared by every stage. SQL is SQLAlchemy Core, parameterised throughout."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from pipeline.warehouse.db import lock_key
from pipeline.warehouse.schema import (
    LSH_TIERS,
    articles,
    lsh_article_keys,
    paragraphs,
    rejects,
    runs,
    syndications,
)

if TYPE_CHECKING:
    from pipeline.normalise.article import Article

CHUNK = 500  # keeps IN (...) lists under every backend's parameter limit
STALE_AFTER_SECONDS = 3600.0  # a 'running' run without a heartbeat for this long is abandoned
HOST = socket.gethostname()[:200]


def now() -> datetime:
    return datetime.now(UTC)


def aware(ts: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return ts.replace(tzinfo=UTC) if ts is not None and ts.tzinfo is None else ts


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def drop_index_rows(conn: Connection, article_ids: Sequence[int]) -> int:
    """Remove articles from the LSH index: their band rows, found through the keys listed in
    ``lsh_article_keys`` and deleted by primary key. Returns the band rows removed."""
    import numpy as np  # here: ingest of new articles never needs it

    removed = 0
    for part in chunks(sorted(set(article_ids))):
        listed = conn.execute(
            select(lsh_article_keys.c.article_id, lsh_article_keys.c.band_keys).where(lsh_article_keys.c.article_id.in_(part))
        ).all()
        if not listed:
            continue
        own = np.concatenate([np.full(len(b) // 8, a, dtype=np.int64) for a, b in listed])
        keys = np.concatenate([np.frombuffer(b, dtype="<i8") for _, b in listed])
        pg = conn.dialect.name == "postgresql"
        if not pg:
            order = np.argsort(keys, kind="stable")  # key order: one sweep of the B-tree
            rows = list(zip(keys[order].tolist(), own[order].tolist(), strict=True))
        for table in LSH_TIERS:  # an article's rows are in one tier or the other
            if pg:
                removed += conn.exec_driver_sql(
                    f"DELETE FROM {table.name} l USING unnest(CAST(%(k)s AS BIGINT[]), CAST(%(a)s AS INTEGER[])) AS d(k, a) "  # sql-ok: a schema name
                    "WHERE l.band_key = d.k AND l.article_id = d.a",
                    {"k": keys.tolist(), "a": own.tolist()},
                ).rowcount or 0
            else:
                removed += conn.exec_driver_sql(f"DELETE FROM {table.name} WHERE band_key = ? AND article_id = ?", rows).rowcount or 0  # sql-ok: a schema name
        conn.execute(delete(lsh_article_keys).where(lsh_article_keys.c.article_id.in_([a for a, _ in listed])))
    return removed


def start_run(
    conn: Connection, kind: str, params: dict[str, Any] | None = None, algo_version: str | None = None,
    *, one_process: bool = True,
) -> int:
    """Record a new run (and first mark runs killed earlier as abandoned, so none stays 'running').

    ``one_process=False`` for a run that outlives this process (a DAG run's crawl, spread over
    tasks): it is judged by its heartbeat only, never by this process's pid."""
    reap_stale_runs(conn)
    stamp = now()
    result = conn.execute(
        insert(runs).values(kind=kind, started_at=stamp, status="running", params=params, algo_version=algo_version,
                            host=HOST, pid=os.getpid() if one_process else None, heartbeat_at=stamp)
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def finish_run(conn: Connection, run_id: int, counts: dict[str, Any], status: str = "ok") -> None:
    stamp = now()
    conn.execute(update(runs).where(runs.c.run_id == run_id).values(
        finished_at=stamp, heartbeat_at=stamp, status=status, counts=counts))


def heartbeat(conn: Connection, run_id: int | None, counts: dict[str, Any] | None = None) -> None:
    """Say the run is alive (called per committed batch); counts so far help after a crash."""
    if run_id is None:
        return
    values: dict[str, Any] = {"heartbeat_at": now()}
    if counts is not None:
        values["counts"] = counts
    conn.execute(update(runs).where(runs.c.run_id == run_id, runs.c.status == "running").values(**values))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_stale_runs(conn: Connection, stale_after: float = STALE_AFTER_SECONDS) -> int:
    """Mark 'running' runs whose process is gone as 'abandoned': on this host when the pid no longer
    exists, anywhere when no heartbeat came for ``stale_after`` seconds. Their committed batches
    stay (every batch is whole); the work they did not finish is picked up by the next run."""
    cutoff = now() - timedelta(seconds=stale_after)
    dead: list[int] = []
    for r in conn.execute(select(runs.c.run_id, runs.c.host, runs.c.pid, runs.c.heartbeat_at).where(runs.c.status == "running")):
        beat = aware(r.heartbeat_at)
        if (r.host == HOST and r.pid is not None and r.pid != os.getpid() and not _pid_alive(r.pid)) or (
            beat is not None and beat < cutoff
        ):
            dead.append(r.run_id)
    for part in chunks(dead):
        conn.execute(
            update(runs).where(runs.c.run_id.in_(part), runs.c.status == "running").values(status="abandoned", finished_at=now())
        )
    return len(dead)


def add_reject(conn: Connection, run_id: int | None, stage: str, record: str, reason: str, excerpt: str | None = None) -> None:
    add_rejects(conn, run_id, stage, [(record, reason, excerpt)])


def add_rejects(conn: Connection, run_id: int | None, stage: str, items: Sequence[tuple[str, str, str | None]]) -> None:
    """Rejects as (record, reason, excerpt), in one bulk INSERT."""
    if not items:
        return
    stamp = now()
    conn.execute(insert(rejects), [
        {"run_id": run_id, "stage": stage, "record": _text(record, 2000), "reason": _text(reason, 2000),
         "excerpt": _text(excerpt or "", 500), "at": stamp}
        for record, reason, excerpt in items
    ])


def _text(value: object, limit: int) -> str:
    """Bounded, encodable text without NUL: PostgreSQL refuses NUL, no backend stores lone
    surrogates (valid in JSON strings), and a reject must always be storable."""
    text = str(value)[:limit].replace("\x00", "\\x00")
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _article_values(art: Article, run_id: int | None, stamp: datetime) -> dict[str, Any]:
    return dict(
        url=art.url,
        canonical_url=art.canonical_url,
        outlet=art.outlet,
        title=art.title,
        author=art.author,
        published=art.published.astimezone(UTC) if art.published else None,
        published_raw=art.published_raw,
        language=art.language,
        body=art.body,
        body_hash=art.body_hash,
        links=art.links,
        credits=art.credits or None,
        quotes=[list(q) for q in art.quotes] or None,
        origin=art.origin,
        raw_key=art.raw_key,
        ingest_run_id=run_id,
        ingested_at=stamp,
        detected_at=None,
    )


def _paragraph_rows(article_id: int, art: Article) -> list[dict[str, Any]]:
    return [
        {"article_id": article_id, "seq": i, "start_char": s, "end_char": e, "text_hash": h, "boilerplate": False,
         "furniture": f}
        for i, ((s, e, h), f) in enumerate(zip(art.paragraph_index, art.paragraph_furniture, strict=True))
    ]


def _replace_article(conn: Connection, article_id: int, values: dict[str, Any]) -> None:
    """A known URL whose body changed: its detections, index rows and paragraphs go, the row is
    rewritten, all in the caller's transaction. On PostgreSQL it first waits for a detect batch in
    flight (the "detect" lock, shared: body changes do not wait for each other): a batch that read
    the old body commits its pairs before this deletes them, or reads the new body after; without
    the wait such a batch wrote a pair with the old body's spans that nothing removed. (SQLite
    has one writer at a time already.)"""
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock_shared(lock_key("detect"))))
    conn.execute(delete(syndications).where((syndications.c.source_id == article_id) | (syndications.c.copy_id == article_id)))
    drop_index_rows(conn, [article_id])
    conn.execute(delete(paragraphs).where(paragraphs.c.article_id == article_id))
    conn.execute(update(articles).where(articles.c.article_id == article_id).values(**values))


def upsert_article(conn: Connection, art: Article, run_id: int | None) -> str:
    """Insert a new article; a known URL with the same body is left alone ("unchanged"); a known
    URL whose body changed is replaced and queued for detection again ("updated")."""
    row = conn.execute(_known(conn, [art.url])).first()
    values = _article_values(art, run_id, now())
    if row is None:
        # values as parameters, not in the statement: one compiled INSERT serves every article
        got = conn.execute(_insert_new(conn), [values]).first()
        if got is None:  # a concurrent ingest stored this URL first: it is known now
            return upsert_article(conn, art, run_id)
        article_id = got.article_id
        status = "new"
    elif row.body_hash == art.body_hash:
        return "unchanged"
    else:
        article_id = row.article_id
        _replace_article(conn, article_id, values)
        status = "updated"
    conn.execute(insert(paragraphs), _paragraph_rows(article_id, art))
    return status


_PARAGRAPH_COLUMNS = ("article_id", "seq", "start_char", "end_char", "text_hash", "boilerplate", "furniture")


def _insert_paragraphs(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """One bulk INSERT of paragraph rows. On SQLite straight through the driver (plain ints and a
    0/1 flag, as SQLAlchemy would bind them): its per-row parameter processing was most of the
    statement's time. Other backends keep SQLAlchemy's batched executemany."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(paragraphs), rows)
        return
    conn.exec_driver_sql(
        f"INSERT INTO paragraphs ({', '.join(_PARAGRAPH_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",  # sql-ok: fixed names
        [(r["article_id"], r["seq"], r["start_char"], r["end_char"], r["text_hash"], int(bool(r["boilerplate"])),
          None if r["furniture"] is None else int(r["furniture"])) for r in rows],
    )


def upsert_articles(conn: Connection, arts: Sequence[Article], run_id: int | None) -> list[str]:
    """`upsert_article` for a whole batch, with the same outcome as calling it on each in order,
    in a handful of statements: one lookup of the batch's URLs, one bulk INSERT of the new
    articles and one lookup of their ids, one bulk INSERT of all their paragraphs. Per-article statements were
    5 per article, most of an ingest's write time. Changed bodies (rare) are replaced one by one,
    as are later copies of a URL seen earlier in the batch. Raises on any refused value; the
    caller then stores the batch record by record to find the one at fault."""
    if not arts:
        return []
    stamp = now()
    known: dict[str, Any] = {}
    for part in chunks(sorted({a.url for a in arts})):
        for r in conn.execute(_known(conn, part)):
            known[r.url] = r
    status: list[str] = [""] * len(arts)
    first: dict[str, int] = {}
    new: list[int] = []
    later: list[int] = []  # a URL's second appearance in the batch: after its first is stored
    para_rows: list[dict[str, Any]] = []
    for i, art in enumerate(arts):
        if art.url in first:
            later.append(i)
            continue
        first[art.url] = i
        row = known.get(art.url)
        if row is None:
            new.append(i)
            status[i] = "new"
        elif row.body_hash == art.body_hash:
            status[i] = "unchanged"
        else:
            _replace_article(conn, row.article_id, _article_values(art, run_id, stamp))
            para_rows += _paragraph_rows(row.article_id, art)
            status[i] = "updated"
    if new:
        # one batched INSERT that skips URLs a concurrent ingest stored meanwhile and returns the
        # rows it did insert (keyed by URL: the order of returned rows is not the parameters')
        new.sort(key=lambda i: arts[i].url)  # rows taken in URL order by every ingest: no lock-order deadlock
        ids = {r.url: r.article_id for r in conn.execute(_insert_new(conn), [_article_values(arts[i], run_id, stamp) for i in new])}
        for i in new:
            if arts[i].url in ids:
                para_rows += _paragraph_rows(ids[arts[i].url], arts[i])
            else:
                later.append(i)  # stored by another ingest since our lookup: known now
                status[i] = ""
    _insert_paragraphs(conn, para_rows)
    for i in sorted(later):
        status[i] = upsert_article(conn, arts[i], run_id)
    return status


def _known(conn: Connection, urls: Sequence[str]) -> Any:
    """The lookup of stored articles by URL. On PostgreSQL the rows are locked (``FOR NO KEY
    UPDATE``: a detect writing a pair that refers to one does not wait): a concurrent ingest
    replacing the same article waits here for ours (and then sees our version), instead of racing
    on its paragraphs."""
    q = select(articles.c.url, articles.c.article_id, articles.c.body_hash).where(articles.c.url.in_(list(urls)))
    return q.order_by(articles.c.url).with_for_update(of=articles, key_share=True) if conn.dialect.name == "postgresql" else q


def _insert_new(conn: Connection) -> Any:
    """``INSERT ... ON CONFLICT (url) DO NOTHING RETURNING url, article_id``: two ingests of one
    file insert the same URLs at once; the second waits for the first's commit and skips the URL
    instead of failing the batch with an IntegrityError."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert  # type: ignore[assignment]
    return dialect_insert(articles).on_conflict_do_nothing(index_elements=[articles.c.url]).returning(
        articles.c.url, articles.c.article_id)


def pending_article_ids(conn: Connection, limit: int | None = None) -> list[int]:
    q = select(articles.c.article_id).where(articles.c.detected_at.is_(None)).order_by(
        articles.c.published.is_(None), articles.c.published, articles.c.article_id
    )
    if limit:
        q = q.limit(limit)
    return [r[0] for r in conn.execute(q)]


def mark_detected(conn: Connection, ids: Sequence[int]) -> None:
    stamp = now()
    for part in chunks(ids):
        conn.execute(update(articles).where(articles.c.article_id.in_(part)).values(detected_at=stamp))


def count_rows(conn: Connection, table: Any, *where: Any) -> int:
    q = select(func.count()).select_from(table)
    if where:
        q = q.where(and_(*where))
    return int(conn.execute(q).scalar_one())
