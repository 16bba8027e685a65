"""`synd summary` on a SQLite file without SQLAlchemy or pydantic (0.4 s of imports of a 0.7 s call).

Taken only when the answer is certainly the full path's: no config file (a file is validated
whole by `load_settings`), no environment setting outside the warehouse and raw-store sections,
a local raw store, a plain ``sqlite:///path`` URL to a file that exists, and a schema at the
newest migration. Anything else returns None and the command takes the full path, which
validates, migrates and reports errors as every command does. `tests/test_cli_startup.py`
checks both paths print the same.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS_FILE = ROOT / "config" / "settings.yaml"  # as pipeline.config
VERSIONS = ROOT / "pipeline" / "warehouse" / "migrations" / "versions"
ENV_PREFIX = "SYND__"
_KEYS = {
    "warehouse": {"url"},
    "raw_store": {"kind", "path", "bucket", "prefix", "endpoint_url", "region", "access_key_id", "secret_access_key"},
}


def head_revision() -> str:
    """As `db.head_revision` (tested equal): the newest migration file's revision."""
    return max(p.name.split("_", 1)[0] for p in VERSIONS.glob("[0-9]*_*.py"))


def _settings(config: Path | None, warehouse: str | None) -> tuple[str, str] | None:
    """(warehouse URL, raw store path) as `load_settings` would resolve them, or None when only
    the full loader can say (a config file, other sections set in the environment, odd values)."""
    import yaml

    env = os.environ
    if config is not None or env.get("SYND_CONFIG"):
        return None
    data: dict[str, Any] = yaml.safe_load(DEFAULTS_FILE.read_text(encoding="utf-8")) or {}
    sections = {k: dict(data.get(k) or {}) for k in _KEYS}
    for name, raw in env.items():
        if not name.startswith(ENV_PREFIX):
            continue
        path = [p.lower() for p in name[len(ENV_PREFIX) :].split("__") if p]
        if len(path) != 2 or path[0] not in _KEYS or path[1] not in _KEYS[path[0]]:
            return None
        sections[path[0]][path[1]] = yaml.safe_load(raw) if raw else raw
    if "SYND_WAREHOUSE_URL" in env:
        sections["warehouse"]["url"] = env["SYND_WAREHOUSE_URL"]
    if warehouse:
        sections["warehouse"]["url"] = warehouse
    url, raw_store = sections["warehouse"].get("url"), sections["raw_store"]
    if not isinstance(url, str) or raw_store.get("kind", "local") != "local" or not isinstance(raw_store.get("path"), str):
        return None
    if any(not isinstance(raw_store.get(k), str | None) for k in _KEYS["raw_store"]):
        return None
    return url, raw_store["path"]


def _sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL (no driver, query or escapes), if it exists."""
    if not url.startswith("sqlite:///"):
        return None
    name = url[len("sqlite:///") :]
    if not name or name == ":memory:" or any(c in name for c in "?%#"):
        return None
    path = Path(name)
    return path if path.is_file() else None


def summary_items(config: Path | None, warehouse: str | None) -> tuple[list[Any], str, str] | None:
    """(items, warehouse URL, raw store path) read with sqlite3 alone, or None: take the full path."""
    resolved = _settings(config, warehouse)
    if resolved is None:
        return None
    url, raw_path = resolved
    path = _sqlite_file(url)
    if path is None:
        return None
    db = sqlite3.connect(f"file:{quote(str(path.resolve()), safe='/')}?mode=ro", uri=True, timeout=30, isolation_level=None)
    try:
        db.execute("PRAGMA query_only=ON")
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("BEGIN")  # both queries read one snapshot, as the read-only engine's transaction does
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"articles", "alembic_version"} <= tables:
            return None
        if db.execute("SELECT version_num FROM alembic_version").fetchone() != (head_revision(),):
            return None  # behind: the full path migrates it
        from pipeline.report.summary import summary_items_sqlite

        return summary_items_sqlite(db), url, raw_path
    except sqlite3.Error:
        return None  # locked, corrupt, not a database...: the full path reports it
    finally:
        db.close()


def print_summary(items: list[Any], warehouse: str, raw_store: str) -> None:
    """The summary table and passages, to stdout (rich, as `common.out`; no typer needed)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from pipeline.report.summary import clip

    out = Console(highlight=False)  # data, not code: no colours guessed for its numbers and quotes (and 30% of the time)
    table = Table(title=f"{len(items)} syndications found", title_justify="left")
    for col in ("#", "relation", "source → copy", "direction", "copied", "credited"):
        table.add_column(col, overflow="fold")
    for it in items:
        table.add_row(  # outlets and texts are data: escaped, so a "[/b]" in them prints as it is
            str(it.syndication_id), it.relation, escape(f"{it.source}\n→ {it.copy}"), it.direction,
            f"{it.copied_fraction:.0%}", "yes" if it.attributed else "no",
        )
    out.print(table)
    for it in items:
        out.print(f"[bold]#{it.syndication_id}[/bold] {it.relation}: {escape(f'{it.source} → {it.copy}')}")
        out.print(f"  copied ({it.counts.get('copied', 0)}): “{escape(clip(it.first.get('copied', ''), 200))}”")
        if "added" in it.first:
            out.print(f"  added ({it.counts['added']}): “{escape(clip(it.first['added'], 200))}”")
        else:
            out.print("  added: nothing")
    out.print(escape(f"\nwarehouse: {warehouse}\nraw store: {raw_store}"))


def main(argv: list[str]) -> bool:
    """Answer ``synd summary [--warehouse URL]`` before typer loads (typer builds a pydantic
    adapter for every option it parses: 0.15 s); True when done. Any other command line, and any
    case `summary_items` leaves to the full path, returns False for the typer app."""
    if not argv or argv[0] != "summary":
        return False
    rest = argv[1:]
    if len(rest) == 1 and rest[0].startswith("--warehouse="):
        warehouse: str | None = rest[0].split("=", 1)[1]
    elif len(rest) == 2 and rest[0] == "--warehouse" and not rest[1].startswith("-"):
        warehouse = rest[1]
    elif not rest:
        warehouse = None
    else:
        return False
    found = summary_items(None, warehouse or None)
    if found is None:
        return False
    print_summary(*found)
    return True
