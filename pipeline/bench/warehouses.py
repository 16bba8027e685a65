"""Existing warehouses of 10k–1M articles for the incremental benchmark, built fast and cached.

Most articles are filler rows bulk-loaded straight into the tables (COPY on PostgreSQL, with
band keys in binary COPY ... FREEZE so that no VACUUM pass over the index is needed; streamed
executemany on SQLite): a ~1 KB body, three paragraph rows, and ``rows_per_article`` random band
keys each (the sample corpus averages ~500 distinct keys per article; random 64-bit keys behave
like MinHash band keys of unrelated texts). The last ``REAL`` articles are generated stories,
ingested and detected normally, so that the new batch (the generator's next articles, a third
of them copies) finds real candidates among them. Filler is dated inside the detection window
of the new batch, so the window filter does not hide the index's size.

SQLite templates live in ``data/bench/``; PostgreSQL ones are databases ``synd_bench_*`` on the
local server. Before each run the previous run's articles are deleted (cascading), so the
template is reused as built.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.config import Settings, load_settings

BENCH_DIR = Path("data/bench")
REAL = 2000
PG_ADMIN = os.environ.get("SYND_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
_FILLER_WORDS = ["council", "budget", "harbour", "minister", "report", "growth", "season", "rail", "strike", "weather", "court", "market", "water", "school", "vote", "hospital", "police", "river", "energy", "price", "housing", "festival", "club", "fishing", "ferry", "road", "bridge", "plan", "inquiry"]


def _url(backend: str, existing: int, rows: int) -> str:
    if backend == "sqlite":
        return f"sqlite:///{BENCH_DIR / f'sqlite_{existing}_{rows}.db'}"
    base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg2://")
    return f"{base}/synd_bench_{existing}_{rows}"


def _settings(backend: str, existing: int, rows: int) -> Settings:
    return load_settings(
        None,
        overrides={
            "warehouse": {"url": _url(backend, existing, rows)},
            "raw_store": {"kind": "local", "path": str(BENCH_DIR / f"raw_{backend}")},
        },
        environ={},
    )


def _meta_path(backend: str, existing: int, rows: int) -> Path:
    return BENCH_DIR / f"{backend}_{existing}_{rows}.json"


def _real_records(start: int, n: int, with_html: bool) -> Path:
    from pipeline.bench.corpus import Generator

    path = BENCH_DIR / f"gen_{start}_{n}_{'html' if with_html else 'text'}.jsonl"
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        gen = Generator(seed=5)
        arts = gen.articles(start + n)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w") as f:
            for i, art in enumerate(arts):
                if i >= start:
                    f.write(json.dumps(art.record(with_html=with_html)) + "\n")
        tmp.rename(path)
    return path


def new_batch(existing: int, n: int) -> Path:
    """The n articles generated right after the existing warehouse's real tail, as HTML pages."""
    return _real_records(REAL, n, with_html=True)


def _filler_bodies(rng: np.random.Generator, k: int = 64) -> list[str]:
    out = []
    for _ in range(k):
        paras = [" ".join(rng.choice(_FILLER_WORDS, 40)).capitalize() + "." for _ in range(3)]
        out.append("\n\n".join(paras))
    return out


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: str) -> str:
    """A value in COPY's text format: backslash, tab and line breaks escaped (bodies hold newlines)."""
    return value.translate(_COPY_ESCAPES)


def _bulk(conn: Any, table: str, columns: list[str], rows: list[tuple[Any, ...]], pg: bool) -> None:
    if pg:
        buf = io.StringIO()
        for r in rows:
            buf.write("\t".join("\\N" if v is None else _copy_text(str(v)) for v in r) + "\n")
        buf.seek(0)
        conn.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)  # conn is a psycopg2 cursor here
    else:
        marks = ", ".join("?" for _ in columns)
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)  # sql-ok: table and column names are this module's constants


# PostgreSQL's binary COPY row for (bigint, integer): field count, then each field's length and value
_PG_BAND_ROW = np.dtype([("n", ">i2"), ("klen", ">i4"), ("key", ">i8"), ("alen", ">i4"), ("aid", ">i4")])


def _pg_band_rows(keys: np.ndarray, ids: np.ndarray) -> bytes:
    """Band rows in COPY's binary format, built by numpy (the text format cost ~3 µs a row in Python)."""
    rows = np.empty(len(keys), dtype=_PG_BAND_ROW)
    rows["n"], rows["klen"], rows["key"], rows["alen"], rows["aid"] = 2, 8, keys, 4, ids
    return rows.tobytes()


def _load_filler(settings: Settings, backend: str, n: int, rows_per_article: int) -> None:
    """Bulk-load n filler articles with their paragraphs and band keys, index built afterwards."""
    from pipeline.warehouse import db

    engine = db.connect(settings.warehouse.url)
    pg = backend != "sqlite"
    rng = np.random.default_rng(1234)
    bodies = _filler_bodies(rng)
    start = datetime(2026, 1, 1, tzinfo=UTC) - timedelta(days=25)
    raw = engine.raw_connection()
    try:
        dbapi: Any = raw.driver_connection
        cur = dbapi.cursor()
        if pg:
            cur.execute("ALTER TABLE lsh_bands DROP CONSTRAINT pk_lsh_bands")
        else:
            cur.execute("PRAGMA synchronous=OFF")
            dbapi.isolation_level = "DEFERRED"  # the pool's connections autocommit: one transaction a row here
        stamp = datetime.now(UTC).isoformat()
        chunk = 50_000
        for lo in range(1, n + 1, chunk):
            hi = min(n, lo + chunk - 1)
            arts, paras = [], []
            for i in range(lo, hi + 1):
                body = bodies[i % len(bodies)]
                published = (start + timedelta(seconds=int(i * 25 * 86400 / max(1, n)))).isoformat()
                if not pg:
                    published = published.replace("+00:00", "").replace("T", " ")
                arts.append((i, f"https://filler{i % 500}.example/a/{i}", f"filler{i % 500}", f"Filler story {i}", published,
                             body, f"{i:064x}", "bench", stamp if pg else stamp.replace("+00:00", "").replace("T", " "),
                             stamp if pg else stamp.replace("+00:00", "").replace("T", " ")))
                pos = 0
                for s, part in enumerate(body.split("\n\n")):
                    paras.append((i, s, pos, pos + len(part), int(rng.integers(-(2**62), 2**62)), False if pg else 0))
                    pos += len(part) + 2
            _bulk(cur, "articles", ["article_id", "url", "outlet", "title", "published", "body", "body_hash", "origin",
                                    "ingested_at", "detected_at"], arts, pg)
            _bulk(cur, "paragraphs", ["article_id", "seq", "start_char", "end_char", "text_hash", "boilerplate"], paras, pg)
            dbapi.commit()
        # band keys in key order (the B-tree is built append-only): key-range partitions, sorted within.
        # Filler articles get no lsh_article_keys rows: they are never removed, and a batch's own
        # rows append at that table's end whatever its size.
        if pg:  # COPY FREEZE (one transaction, table truncated in it) leaves no VACUUM to do
            cur.execute("TRUNCATE lsh_bands")
            cur.copy_expert("COPY lsh_bands (band_key, article_id) FROM STDIN (FORMAT binary, FREEZE)", _BandStream(rng, n, rows_per_article), size=1 << 20)
            cur.execute("SELECT setval(pg_get_serial_sequence('articles', 'article_id'), %s)", (n,))
            cur.execute("SET maintenance_work_mem = '1GB'")
            cur.execute("ALTER TABLE lsh_bands ADD CONSTRAINT pk_lsh_bands PRIMARY KEY (band_key, article_id)")
        else:
            for keys, ids in _band_partitions(rng, n, rows_per_article):
                cur.executemany("INSERT INTO lsh_bands (band_key, article_id) VALUES (?, ?)", zip(keys.tolist(), ids.tolist(), strict=True))
                dbapi.commit()
        dbapi.commit()
        if pg:  # the bands are frozen already; the rest gets its visibility map like a settled warehouse's
            dbapi.autocommit = True
            try:
                dbapi.cursor().execute("VACUUM ANALYZE articles, paragraphs")
                dbapi.cursor().execute("ANALYZE lsh_bands")
            finally:
                dbapi.autocommit = False  # the connection goes back to the pool: ingest needs transactions
        else:
            cur.execute("PRAGMA analysis_limit = 1000")  # sampled statistics: a full scan of 500M rows takes minutes
            cur.execute("ANALYZE")
            dbapi.commit()
            dbapi.isolation_level = None
    finally:
        raw.close()


def _band_partitions(rng: np.random.Generator, n: int, rows_per_article: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """n * rows_per_article random (key, article) rows in key order, 2M at a time."""
    total = n * rows_per_article
    parts = max(1, total // 2_000_000)
    edges = np.linspace(-(2.0**63), 2.0**63, parts + 1)
    counts = rng.multinomial(total, [1 / parts] * parts)
    for p in range(parts):
        lo_k, hi_k = int(max(edges[p], -(2**63))), int(min(edges[p + 1], 2**63 - 1024))
        yield np.sort(rng.integers(lo_k, hi_k, counts[p], dtype=np.int64)), rng.integers(1, n + 1, counts[p], dtype=np.int64)


class _BandStream(io.RawIOBase):
    """A file-like COPY source of binary band rows, generated partition by partition."""

    def __init__(self, rng: np.random.Generator, n: int, rows_per_article: int) -> None:
        self._parts = _band_partitions(rng, n, rows_per_article)
        self._buf = memoryview(b"PGCOPY\n\xff\r\n\x00" + bytes(8))  # signature, flags, header extension
        self._done = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while not self._buf and not self._done:
            part = next(self._parts, None)
            if part is None:
                self._buf, self._done = memoryview(b"\xff\xff"), True  # trailer
            else:
                self._buf = memoryview(_pg_band_rows(*part))
        size = len(self._buf) if size < 0 else size
        out, self._buf = bytes(self._buf[:size]), self._buf[size:]
        return out


def _create_pg_db(name: str) -> bool:
    import psycopg2

    admin = psycopg2.connect(PG_ADMIN)
    admin.autocommit = True
    try:
        cur = admin.cursor()
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cur.fetchone():
            return False
        cur.execute(f'CREATE DATABASE "{name}"')  # sql-ok: name is synd_bench_<int>_<int>, built here
        return True
    finally:
        admin.close()


def drop_pg_db(name: str) -> None:
    import psycopg2

    admin = psycopg2.connect(PG_ADMIN)
    admin.autocommit = True
    try:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # sql-ok: name is synd_bench_<int>_<int>, built here
    finally:
        admin.close()


def existing_warehouse(backend: str, existing: int, rows_per_article: int = 500) -> Settings:
    """A warehouse holding ``existing`` detected articles, built on first use, reset on reuse."""
    from sqlalchemy import bindparam, delete, select, text, update

    from pipeline import jobs
    from pipeline.detect import index as lsh_index
    from pipeline.warehouse import db
    from pipeline.warehouse.schema import articles, boilerplate, lsh_article_keys, paragraphs

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    settings = _settings(backend, existing, rows_per_article)
    meta_path = _meta_path(backend, existing, rows_per_article)
    if not meta_path.exists() or "judged" not in json.loads(meta_path.read_text()):  # older builds kept no judgement
        if backend == "sqlite":
            for f in BENCH_DIR.glob(f"sqlite_{existing}_{rows_per_article}.db*"):
                f.unlink()
        else:
            name = settings.warehouse.url.rsplit("/", 1)[1]
            drop_pg_db(name)
            _create_pg_db(name)
        filler = max(0, existing - REAL)
        _load_filler(settings, backend, filler, rows_per_article)
        ing = jobs.ingest(settings, [_real_records(0, existing - filler, with_html=False)])
        if ing.rejected:
            raise RuntimeError(f"building the {backend} bench warehouse rejected {ing.rejected} records: {ing.reject_examples}")
        jobs.detect(settings)
        engine = jobs.warehouse(settings)
        with engine.connect() as conn:
            max_id = conn.execute(text("SELECT max(article_id) FROM articles")).scalar_one()
            judged = [list(r) for r in conn.execute(select(paragraphs.c.article_id, paragraphs.c.seq, paragraphs.c.boilerplate,
                                                           paragraphs.c.widely_printed).where(paragraphs.c.boilerplate | paragraphs.c.widely_printed))]
        meta_path.write_text(json.dumps({"max_article_id": max_id, "built_at": datetime.now(UTC).isoformat(), "judged": judged}))
    meta = json.loads(meta_path.read_text())
    engine = db.connect(settings.warehouse.url)
    with engine.begin() as conn:
        later = select(lsh_article_keys.c.article_id).where(lsh_article_keys.c.article_id > meta["max_article_id"])
        lsh_index.remove(conn, [a for (a,) in conn.execute(later)])
        conn.execute(delete(articles).where(articles.c.article_id > meta["max_article_id"]))
        conn.execute(delete(boilerplate).where(boilerplate.c.updated_at > datetime.fromisoformat(meta["built_at"])))
        # a batch re-judges earlier articles' paragraphs (detect/judgement): each round starts from the build's
        conn.execute(update(paragraphs).where(paragraphs.c.boilerplate | paragraphs.c.widely_printed).values(
            boilerplate=False, widely_printed=False))
        if meta["judged"]:
            conn.execute(update(paragraphs).where(
                (paragraphs.c.article_id == bindparam("aid")) & (paragraphs.c.seq == bindparam("s"))).values(
                boilerplate=bindparam("b"), widely_printed=bindparam("w")),
                [{"aid": a, "s": q, "b": bool(b), "w": bool(w)} for a, q, b, w in meta["judged"]])
    # The build's and the reset's writes reach the table files now, not in the measured batch's
    # first checkpoint (on SQLite the reset alone leaves GBs of WAL at 1M).
    raw = engine.raw_connection()
    try:
        dbapi: Any = raw.driver_connection
        dbapi.commit()
        if backend == "sqlite":  # the pool's SQLite connections autocommit already
            dbapi.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            dbapi.autocommit = True
            dbapi.cursor().execute("CHECKPOINT")
            dbapi.autocommit = False
    finally:
        raw.close()
    return settings
