"""Researcher views (sql/views/*.sql) and example queries (sql/queries/*.sql).

The SQL is plain and portable, so a researcher can read or paste it into any client; this
module only applies it in file order and runs the queries. Views are dropped in reverse order
first, because PostgreSQL refuses to drop a view another view depends on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect

from pipeline.config import ROOT

SQL_DIR = ROOT / "sql"
_VIEW_NAME = re.compile(r"CREATE\s+VIEW\s+(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class SqlFile:
    name: str
    path: Path
    sql: str

    @property
    def comment(self) -> str:
        """The leading comment: what the view or query answers."""
        lines = []
        for line in self.sql.splitlines():
            if not line.startswith("--"):
                break
            lines.append(line[2:].strip())
        return " ".join(lines)


def _strip(sql: str) -> str:
    return sql.strip().rstrip(";").strip()


def view_files(sql_dir: Path = SQL_DIR) -> list[SqlFile]:
    out = []
    for path in sorted((sql_dir / "views").glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        m = _VIEW_NAME.search(sql)
        if not m:
            raise ValueError(f"{path}: no 'CREATE VIEW name AS' found; each view file holds one view")
        out.append(SqlFile(m.group(1), path, sql))
    return out


def query_files(sql_dir: Path = SQL_DIR) -> list[SqlFile]:
    return [
        SqlFile(p.stem, p, p.read_text(encoding="utf-8")) for p in sorted((sql_dir / "queries").glob("*.sql"))
    ]


def _raw(conn: Connection, sql: str) -> Any:
    """Execute on the DBAPI cursor with no parameters, so '%' and ':' in the SQL stay literal
    (SQLAlchemy would read them as placeholders)."""
    cur = conn.connection.cursor()
    cur.execute(sql)
    return cur


def drop_views(conn: Connection, sql_dir: Path = SQL_DIR) -> None:
    """Drop our views, later ones first (they read the earlier ones). A migration that drops a
    column a view reads does this first; `synd views create` makes them again."""
    for f in reversed(view_files(sql_dir)):
        _raw(conn, f"DROP VIEW IF EXISTS {f.name}").close()  # sql-ok: name matched _VIEW_NAME (\w+)


def create_views(engine: Engine, sql_dir: Path = SQL_DIR) -> list[str]:
    """(Re)create every view; returns their names in creation order."""
    files = view_files(sql_dir)
    with engine.begin() as conn:
        drop_views(conn, sql_dir)
        for f in files:
            try:
                _raw(conn, _strip(f.sql)).close()
            except Exception as exc:
                raise RuntimeError(f"view {f.name} ({f.path}) failed on {engine.dialect.name}: {exc}") from exc
    return [f.name for f in files]


def view_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_view_names())


def run_sql(conn: Connection, sql: str, limit: int | None = None) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run one SELECT; returns column names and rows."""
    cur = _raw(conn, _strip(sql))
    try:
        cols = [d[0] for d in cur.description or []]
        rows = [tuple(r) for r in (cur.fetchmany(limit) if limit else cur.fetchall())]
    finally:
        cur.close()
    return cols, rows


def resolve_query(name_or_path: str, sql_dir: Path = SQL_DIR) -> tuple[Path, str]:
    """The SQL file a `synd query` argument names, and what to call it. A name ending in ``.sql``
    or holding a ``/`` is a file; a bare name is an example query in sql/queries, even when a file
    of that name lies in the current folder (``./name`` runs that one)."""
    if name_or_path.endswith(".sql") or "/" in name_or_path or "\\" in name_or_path:
        path = Path(name_or_path)
        if not path.is_file():
            example = sql_dir / "queries" / Path(name_or_path).name
            hint = f"; for the example query write `{example.stem}` (no .sql)" if example.is_file() else ""
            raise ValueError(f"no SQL file {path}{hint}")
        return path, f"the file {name_or_path}"
    path = sql_dir / "queries" / f"{name_or_path}.sql"
    if not path.is_file():
        known = ", ".join(q.name for q in query_files(sql_dir))
        local = Path(name_or_path)
        hint = f"; to run the file {local} in this folder, write ./{local}" if local.is_file() else ""
        raise ValueError(f"no example query {name_or_path!r}{hint}; pass a .sql file or one of: {known}")
    return path, f"the example query {name_or_path} ({path})"


def _temp_views(conn: Connection, sql_dir: Path) -> None:
    """Our views as TEMP views of this connection (shadowing any stored ones): a query reads the
    current views without a write to the warehouse, even a read-only one. The user's SQL then runs
    read-only again (SQLite query_only; a PostgreSQL transaction switched to READ ONLY)."""
    files = view_files(sql_dir)
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        _raw(conn, "PRAGMA query_only=OFF").close()
    else:
        _raw(conn, "SET TRANSACTION READ WRITE").close()  # temp objects only; READ ONLY again below
    _drop_temp_views(conn, sql_dir)
    for f in files:
        temp = _VIEW_NAME.sub(lambda m: f"CREATE TEMP VIEW {m.group(1)}", _strip(f.sql), count=1)  # sql-ok: our file
        _raw(conn, temp).close()
    _raw(conn, "PRAGMA query_only=ON" if sqlite else "SET TRANSACTION READ ONLY").close()


def _drop_temp_views(conn: Connection, sql_dir: Path) -> None:
    schema = "temp" if conn.dialect.name == "sqlite" else "pg_temp"
    for f in reversed(view_files(sql_dir)):
        _raw(conn, f"DROP VIEW IF EXISTS {schema}.{f.name}").close()  # sql-ok: name matched _VIEW_NAME (\w+)


def run_query(engine: Engine, name_or_path: str, sql_dir: Path = SQL_DIR, limit: int | None = None
              ) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run a query from sql/queries by name (``who_copies_whom``) or from a .sql file path (see
    `resolve_query`), over temporary copies of the views and never writing."""
    path, _ = resolve_query(name_or_path, sql_dir)
    sql = path.read_text(encoding="utf-8")
    with engine.connect() as conn:
        if conn.dialect.name not in ("sqlite", "postgresql"):
            return run_sql(conn, sql, limit)
        sqlite = conn.dialect.name == "sqlite"
        before = _raw(conn, "PRAGMA query_only").fetchone()[0] if sqlite else None
        try:
            _temp_views(conn, sql_dir)
            return run_sql(conn, sql, limit)
        finally:
            if sqlite:  # the pooled connection goes back as it came (a writer's stays writable)
                _raw(conn, "PRAGMA query_only=OFF").close()
                _drop_temp_views(conn, sql_dir)
                _raw(conn, f"PRAGMA query_only={'ON' if before else 'OFF'}").close()  # sql-ok: a fixed keyword
            else:
                conn.connection.rollback()  # the temp views go with the transaction
