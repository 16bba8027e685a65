"""Engines and migrations. Any SQLAlchemy URL works; SQLite and PostgreSQL are tested."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import URL, Connection, Engine, create_engine, event, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

if TYPE_CHECKING:
    from alembic.config import Config

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


log = logging.getLogger(__name__)
# How long a SQLite writer waits in all for another process's write transaction (a detect batch, an
# ingest batch) before giving up; each BEGIN waits busy_timeout, then is tried again until this.
SQLITE_WRITE_WAIT_SECONDS = 900.0


def _sqlite_begin_as(default: str) -> Callable[[Connection], None]:
    """The engine's "begin" hook: every transaction of the writable engine starts ``BEGIN
    IMMEDIATE``, so it holds the write lock before it reads. A deferred transaction that reads and
    then writes fails at once with "database is locked" when another process wrote in between (WAL
    cannot upgrade a stale snapshot, and no busy timeout helps); one that takes the lock up front
    only waits. Nothing has run yet when BEGIN fails, so trying it again is safe."""

    def begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", default)
        sql = f"BEGIN {mode}".strip()  # sql-ok: mode is one of two fixed keywords
        raw = conn.connection.driver_connection
        deadline = time.monotonic() + SQLITE_WRITE_WAIT_SECONDS
        waited = False
        while True:
            try:
                raw.execute(sql)  # type: ignore[union-attr]
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise sqlite3.OperationalError(
                        f"database is locked: another process held the warehouse's write lock for over "
                        f"{SQLITE_WRITE_WAIT_SECONDS:.0f} s; wait for it to finish, or use PostgreSQL for "
                        "concurrent writers") from exc
                if not waited:
                    log.info("waiting for another process's write transaction on the warehouse")
                    waited = True
                time.sleep(0.05)

    return begin


class WarehouseError(RuntimeError):
    """The warehouse cannot be used as asked; the message names the fix."""


def parse_url(url: str) -> URL:
    """The warehouse URL, or a WarehouseError that says how to write it."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise WarehouseError(f"{url!r} is not a database URL; write e.g. sqlite:///data/synd.db or "
                             "postgresql+psycopg2://user@host/db") from exc
    if parsed.drivername.split("+")[0] == "postgres":
        fixed = parsed.set(drivername="postgresql+psycopg2").render_as_string(hide_password=True)
        raise WarehouseError(f"{redact_url(url)}: SQLAlchemy does not know `postgres://`; write {fixed}")
    return parsed


def engine_for(url: str) -> Engine:
    """Return a cached engine for ``url``; SQLite files get their parent directory created."""
    if url in _engines:
        return _engines[url]
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_as("IMMEDIATE"))
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
    lock, which every transaction of the writable engine takes; others wait), a transaction-scoped advisory lock on PostgreSQL (rows
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
    from alembic.config import Config  # here: read commands (summary, exports) never migrate

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest migration's revision id, from the file names (``NNNN_what.py``, revision
    ``NNNN``; `tests/test_cli_startup.py` checks this against Alembic's own head)."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def _current_revision(engine: Engine) -> str | None:
    """The warehouse's schema revision, or None when it has none yet (a new database)."""
    with engine.connect().execution_options(sqlite_begin="") as conn:  # a read: no write lock
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision; safe to call on every start.

    A warehouse already at the newest revision is left alone without loading Alembic (0.3-0.5 s
    of imports and migration scripts on every command otherwise); a new, empty SQLite warehouse
    is created from ``schema.py`` and stamped with the newest revision, again without Alembic
    (`tests/test_warehouse.py` checks that it equals the migrated schema)."""
    current = _current_revision(engine)
    if current == head_revision():
        return
    # under the "migrate" lock: processes starting at once on a fresh database take turns, and
    # the second finds the schema current instead of failing on "already exists"
    if current is None and engine.dialect.name == "sqlite":
        with write_transaction(engine, "migrate") as conn:
            if _create_fresh_sqlite(conn):
                return
    from alembic import command

    cfg = alembic_config()
    with write_transaction(engine, "migrate") as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _create_fresh_sqlite(conn: Connection) -> bool:
    """On a SQLite database without any table, the newest schema in one transaction: the tables
    of ``schema.py`` and Alembic's version table at the head revision (what ``alembic stamp``
    writes). Running every migration on a new warehouse cost 0.3 s of each first command.
    False (nothing done) when the database holds anything."""
    if conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").scalar():
        return False
    from pipeline.warehouse.schema import metadata

    metadata.create_all(conn)
    conn.exec_driver_sql("CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\t"
                         "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)")
    conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (head_revision(),))
    return True


def connect(url: str) -> Engine:
    """An engine whose schema is current."""
    engine = engine_for(url)
    try:
        migrate(engine)
    except OperationalError as exc:
        raise _unreachable(url, exc) from exc
    return engine


def _unreachable(url: str, exc: Exception) -> WarehouseError:
    parsed = make_url(url)
    first = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if parsed.get_backend_name() == "postgresql" and "does not exist" in first and parsed.database:
        who = f" -U {parsed.username}" if parsed.username else ""
        return WarehouseError(
            f"no database {parsed.database!r} on {parsed.host or 'localhost'} ({redact_url(url)}): create it with "
            f"`createdb -h {parsed.host or 'localhost'}{who} {parsed.database}` (or CREATE DATABASE {parsed.database}), "
            "then `synd ingest` / `synd run` fills it"
        )
    return WarehouseError(f"cannot open the warehouse {redact_url(url)}: {first}")


def _opened(url: str, engine_of: Callable[[str], Engine], **read_options: Any) -> Engine:
    """The engine on a warehouse that must exist already: a typo or a relative path run from
    another folder would otherwise create an empty warehouse and report "0 syndications"."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if not path.is_file():
            raise WarehouseError(
                f"no warehouse at {path.resolve()} ({redact_url(url)}; relative paths start in {Path.cwd()}): "
                "check --warehouse / SYND_WAREHOUSE_URL, or create one with `synd ingest` or `synd run`"
            )
    engine = engine_of(url)
    try:
        with engine.connect().execution_options(**read_options) as conn:
            ours = inspect(conn).has_table("articles")
    except OperationalError as exc:
        raise _unreachable(url, exc) from exc
    if not ours:
        raise WarehouseError(f"no warehouse at {redact_url(url)}: the database holds no synd tables; "
                             "`synd ingest` or `synd run` creates them")
    return engine


def existing(url: str) -> Engine:
    """For commands that write to a warehouse that must exist: brought up to date, as every
    write command does."""
    engine = _opened(url, engine_for, sqlite_begin="")  # the check is a read: no write lock
    migrate(engine)
    return engine


def behind(engine: Engine, url: str) -> WarehouseError | None:
    """The error for a warehouse whose schema is not the newest migration, or None. Read
    commands never migrate (the folder may be read-only, or another synd version may read it)."""
    have, want = _current_revision(engine), head_revision()
    if have == want:
        return None
    if have is not None and have > want:
        return WarehouseError(f"the warehouse {redact_url(url)} is at schema revision {have}, newer than this synd "
                              f"knows ({want}); use the synd version that wrote it")
    return WarehouseError(f"the warehouse {redact_url(url)} is at schema revision {have or 'none'}, behind the newest "
                          f"({want}); read commands never change it: upgrade it with `synd migrate` (or any write "
                          "command: `synd ingest`, `synd detect`, `synd run`), where it is writable")


def existing_reader(url: str) -> Engine:
    """For commands that only read: a read-only engine on a warehouse that must exist and be at
    the newest revision. Nothing is written, not even a migration, so a read-only folder, file or
    database user serves `synd summary`, `query`, `export`, `report` and `serve`."""
    engine = _opened(url, read_only)
    error = behind(engine, url)
    if error is not None:
        raise error
    return engine


def _read_only_sqlite(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA query_only=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
    dbapi_conn.isolation_level = None


def _read_only_pg_begin(conn: Connection) -> None:
    conn.exec_driver_sql("SET TRANSACTION READ ONLY")


def _sqlite_ro_mode(file: Path) -> str:
    """``mode=ro``, or ``immutable=1`` where SQLite could not open the file read-only: a WAL
    database in a folder nobody may write, with no -shm file (SQLite would have to create one).
    There no process can be writing it (a writer needs the folder for its -wal and -shm files), so
    reading it as immutable is exact. A -wal file holding changes there cannot be read at all."""
    if os.access(file.parent, os.W_OK) or Path(f"{file}-shm").exists():
        return "mode=ro"
    wal = Path(f"{file}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise WarehouseError(f"the warehouse {file} is in a read-only folder and its {wal.name} holds changes not yet "
                             "in the file: run any synd command on it once where the folder is writable")
    return "immutable=1"


def read_only(url: str) -> Engine:
    """An engine on the same warehouse that cannot write, for queries, exports and the web view:
    SQLite opened ``mode=ro`` with ``query_only``; PostgreSQL sessions default to read-only
    transactions and each transaction starts with ``SET TRANSACTION READ ONLY``. A write fails
    with an error that `read_only_refusal` recognises."""
    key = f"ro:{url}"
    if key in _engines:
        return _engines[key]
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise WarehouseError("an in-memory SQLite warehouse has no read-only view; use a file")
        file = Path(parsed.database).resolve()
        path = quote(str(file), safe="/")  # a URI filename: ?, # and % escaped
        engine = create_engine(f"sqlite:///file:{path}?{_sqlite_ro_mode(file)}&uri=true", connect_args={"timeout": 30})
        event.listen(engine, "connect", _read_only_sqlite)
        event.listen(engine, "begin", _sqlite_begin_as(""))  # a reader never takes the write lock
    elif parsed.get_backend_name() == "postgresql":
        engine = create_engine(parsed, pool_pre_ping=True,
                               connect_args={"options": "-c default_transaction_read_only=on"})
        event.listen(engine, "begin", _read_only_pg_begin)
    else:
        raise WarehouseError(f"read-only access is implemented for SQLite and PostgreSQL, not {parsed.get_backend_name()}")
    _engines[key] = engine
    return engine


def read_only_refusal(exc: BaseException) -> str | None:
    """The message for a write refused by a read-only engine, or None for any other error."""
    text = str(getattr(exc, "orig", None) or exc)
    if "readonly database" in text or "read-only transaction" in text or "query_only" in text:
        return ("queries run read-only, and this one tried to change the warehouse "
                f"({text.strip().splitlines()[0]}); to change it on purpose, use a SQL client")
    return None


def forget_after_fork() -> None:
    """In a forked worker: drop the parent's pooled connections without closing them, so the
    child never talks on (or closes) a socket the parent is using."""
    for engine in _engines.values():
        engine.dispose(close=False)


def dispose_all() -> None:
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
