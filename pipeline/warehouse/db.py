"""Engines and migrations. Any SQLAlchemy URL works; SQLite and PostgreSQL are tested."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_engines: dict[str, Engine] = {}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers (the web view, exports) run beside one writer; foreign keys keep
    # cascades honest; busy_timeout turns a concurrent writer into a wait, not an error.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


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
    else:
        engine = create_engine(url, pool_pre_ping=True)
    _engines[url] = engine
    return engine


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision; safe to call on every start."""
    cfg = alembic_config()
    with engine.begin() as conn:
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
