"""Engines and migrations. Any SQLAlchemy URL works; SQLite and PostgreSQL are tested."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_engines: dict[str, Engine] = {}


SQLITE_CACHE_KIB = 65536  # page cache per connection (SQLite's default is 2 MB): the LSH index's B-tree pages stay hot


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers (the web view, exports) run beside one writer; foreign keys keep
    # cascades honest; busy_timeout turns a concurrent writer into a wait, not an error.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")  # sql-ok: a module constant, not input
    cur.close()
    # pysqlite opens transactions lazily and silently commits around SAVEPOINTs; take control so
    # that savepoints (one per ingested record) and BEGIN IMMEDIATE (work claims) mean what they say.
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "")
    conn.exec_driver_sql(f"BEGIN {mode}".strip())  # sql-ok: mode is one of two fixed keywords


def engine_for(url: str) -> Engine:
    """Return a cached engine for ``url``; SQLite files get their parent directory created."""
    if url in _engines:
        return _engines[url]
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    _engines[url] = engine
    return engine


def redact_url(url: str) -> str:
    """A warehouse URL fit for messages and logs: the password never shows."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL at all: show nothing of it
        return "<unparseable warehouse URL>"


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_xact_lock, derived from a lock name."""
    return zlib.crc32(f"synd:{name}".encode())


@contextmanager
def write_transaction(engine: Engine, lock: str) -> Iterator[Connection]:
    """A transaction that holds the named write lock until it ends, so concurrent processes
    claiming work take turns instead of racing: ``BEGIN IMMEDIATE`` on SQLite (the database write
    lock; others wait up to busy_timeout), a transaction-scoped advisory lock on PostgreSQL (rows
    are additionally claimed with ``FOR UPDATE SKIP LOCKED``). One lock per name, taken first, so
    there is no lock-order deadlock."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(lock_key(lock))))
            yield conn


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision; safe to call on every start."""
    cfg = alembic_config()
    # under the "migrate" lock: processes starting at once on a fresh database take turns, and
    # the second finds the schema current instead of failing on "already exists"
    with write_transaction(engine, "migrate") as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def connect(url: str) -> Engine:
    """An engine whose schema is current."""
    engine = engine_for(url)
    migrate(engine)
    return engine


def forget_after_fork() -> None:
    """In a forked worker: drop the parent's pooled connections without closing them, so the
    child never talks on (or closes) a socket the parent is using."""
    for engine in _engines.values():
        engine.dispose(close=False)


def dispose_all() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
