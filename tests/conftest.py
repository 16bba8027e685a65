"""Shared fixtures: warehouses on SQLite and on the local PostgreSQL server.

Each test session creates its own throwaway PostgreSQL database and drops it at the end, so
runs never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from pipeline.config import Settings, load_settings
from pipeline.warehouse import db

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "sample.jsonl"
PG_ADMIN = os.environ.get("SYND_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_admin() -> psycopg2.extensions.connection:
    conn = psycopg2.connect(PG_ADMIN)
    conn.autocommit = True
    return conn


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """A database of our own on the local server, for the whole session."""
    name = f"synd_test_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin()
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgresql+psycopg2://")
    finally:
        db.dispose_all()
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """The session database, emptied before each test (schema kept)."""
    engine = db.connect(pg_server_url)
    from pipeline.warehouse.schema import metadata

    with engine.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    yield pg_server_url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'warehouse.db'}"


@pytest.fixture(params=["sqlite", "postgres"])
def warehouse_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'warehouse.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def settings_for(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(url: str, **overrides: object) -> Settings:
        base: dict[str, object] = {"warehouse": {"url": url}, "raw_store": {"kind": "local", "path": str(tmp_path / "raw")}}
        base.update(overrides)
        return load_settings(None, overrides=base, environ={})

    return make


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller, not an xdist worker
        from tests.reliability import figures

        figures.clear()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Print the reliability figures measured in this session (records fuzzed, kills survived, ...)."""
    if hasattr(config, "workerinput"):
        return
    from tests.reliability import figures

    found = figures.totals()
    if found:
        terminalreporter.write_sep("-", "reliability figures (measured in this run)")
        for key in sorted(found):
            terminalreporter.write_line(f"{key}: {found[key]}")
