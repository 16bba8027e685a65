"""`synd` starts fast: the CLI module and the read commands load none of the heavy libraries.

Checked on ``sys.modules`` in a fresh interpreter, not timed: deterministic on a loaded machine.
A module-level import of any of these in `pipeline/cli/` (main, common, the sub-command modules)
or what they import at the top costs every `synd` call its load time (0.3-2 s).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("trafilatura", "numba", "lxml", "pandas", "fastapi", "boto3", "pyspark", "airflow")


def _loaded_after(code: str, tmp_path: Path) -> set[str]:
    """Top-level packages in sys.modules after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SYND__RAW_STORE__PATH": str(tmp_path / "raw")}
    done = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_heavy_library(tmp_path: Path) -> None:
    loaded = _loaded_after("import pipeline.cli", tmp_path)
    assert "pipeline" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert "sqlalchemy" not in loaded and "pydantic" not in loaded  # not even for --help


def test_each_job_loads_only_its_own_stages(tmp_path: Path) -> None:
    """`synd detect` never loads the HTML extractor; `synd ingest` of text loads neither it nor numba."""
    assert _loaded_after("import pipeline.jobs, pipeline.detect.detector", tmp_path).isdisjoint(
        {"trafilatura", "lxml", "warcio", "ftfy", "alembic"})
    corpus = tmp_path / "t.jsonl"
    corpus.write_text(json.dumps({"url": "https://a.example/1", "outlet": "A", "text": "A line of plain text. " * 40}) + "\n")
    code = (f"from pipeline import jobs\nfrom pipeline.config import load_settings\n"
            f"s = load_settings(None, overrides={{'warehouse': {{'url': 'sqlite:///{tmp_path}/w.db'}}, 'ingest': {{'workers': 1}}}})\n"
            f"assert jobs.ingest(s, ['{corpus}']).new == 1")
    loaded = _loaded_after(code, tmp_path)
    assert loaded.isdisjoint({"trafilatura", "lxml", "warcio", "numba"}), sorted(loaded & {"trafilatura", "lxml", "warcio", "numba"})


def test_help_and_summary_load_no_heavy_library(tmp_path: Path, sqlite_url: str) -> None:
    from pipeline import jobs
    from pipeline.config import load_settings

    settings = load_settings(None, overrides={"warehouse": {"url": sqlite_url},
                                              "raw_store": {"kind": "local", "path": str(tmp_path / "raw")}}, environ={})
    jobs.ingest(settings, [ROOT / "samples" / "sample.jsonl"])
    run = "from pipeline.cli import app\ntry:\n    app([{}])\nexcept SystemExit as e:\n    assert not e.code, e.code"
    for args in ('"--help"', f'"summary", "--warehouse", "{sqlite_url}"'):
        loaded = _loaded_after(run.format(args), tmp_path)
        assert loaded.isdisjoint(HEAVY), (args, sorted(loaded & set(HEAVY)))
        assert "alembic" not in loaded, args  # a current warehouse is not migrated again


def _summary(args: list[str], tmp_path: Path) -> tuple[str, set[str]]:
    """`synd summary ARGS` through the installed entry point (`pipeline.cli:main`): its stdout and
    the top-level packages it loaded."""
    probe = ("import json, sys\nsys.argv = ['synd', *json.loads(sys.argv[1])]\nfrom pipeline.cli import main\n"
             "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
             "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYND")}
    env.update({"PYTHONPATH": str(ROOT), "SYND__RAW_STORE__PATH": str(tmp_path / "raw"), "COLUMNS": "200"})
    done = subprocess.run([sys.executable, "-c", probe, json.dumps(args)], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_summary_of_a_sqlite_file_reads_it_with_sqlite3_alone(tmp_path: Path, sqlite_url: str) -> None:
    """`synd summary` on a SQLite file answers before typer, SQLAlchemy and pydantic load
    (`cli/light.py`), and prints what the full path prints (taken here because of --config)."""
    from pipeline import jobs
    from pipeline.config import load_settings

    settings = load_settings(None, overrides={"warehouse": {"url": sqlite_url},
                                              "raw_store": {"kind": "local", "path": str(tmp_path / "raw")}}, environ={})
    jobs.ingest(settings, [ROOT / "samples" / "sample.jsonl"])
    assert jobs.detect(settings).syndications > 0
    fast, fast_loaded = _summary(["summary", "--warehouse", sqlite_url], tmp_path)
    assert fast_loaded.isdisjoint({"typer", "sqlalchemy", "pydantic", *HEAVY}), sorted(fast_loaded & {"typer", "sqlalchemy", "pydantic"})
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({"warehouse": {"url": sqlite_url}}))
    full, full_loaded = _summary(["summary", "--config", str(config)], tmp_path)
    assert "sqlalchemy" in full_loaded  # the full path did run
    assert fast == full
    assert "syndications found" in fast and "copied (" in fast


def test_light_head_revision_is_the_warehouse_modules() -> None:
    from pipeline.cli import light
    from pipeline.warehouse import db

    assert light.head_revision() == db.head_revision()


def test_head_revision_is_alembics_head() -> None:
    """`db.migrate` skips Alembic when the warehouse is at `head_revision()`: it must be the real head."""
    from alembic.script import ScriptDirectory

    from pipeline.warehouse import db

    assert db.head_revision() == ScriptDirectory.from_config(db.alembic_config()).get_current_head()


def _sqlite_schema(path: Path) -> dict[str, object]:
    """Everything SQLite knows of a database's schema that a query could see: per table its columns
    in order (name, type, not null, default, primary key), foreign keys (not their creation order),
    indexes with their columns; views, triggers; and the stamped revision."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        out: dict[str, object] = {"revision": conn.execute("SELECT version_num FROM alembic_version").fetchall()}
        for name, kind in conn.execute("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"):
            if kind == "table":
                indexes = sorted(
                    (i[1], i[2], i[3], tuple(c[2] for c in conn.execute(f"PRAGMA index_info('{i[1]}')")))
                    for i in conn.execute(f"PRAGMA index_list('{name}')"))
                out[name] = (conn.execute(f"PRAGMA table_info('{name}')").fetchall(),
                             sorted(fk[1:] for fk in conn.execute(f"PRAGMA foreign_key_list('{name}')")), indexes)
            elif kind != "index":
                out[name] = kind
        return out
    finally:
        conn.close()


def test_a_new_sqlite_warehouse_is_the_migrated_schema(tmp_path: Path) -> None:
    """`db.migrate` creates a new SQLite warehouse from schema.py and stamps it instead of running
    every migration: the result must be the schema the migrations build, column order included
    (`SELECT *` and table exports show it). A column added to schema.py anywhere but last, or a
    migration schema.py does not follow, fails here."""
    from alembic import command

    from pipeline.warehouse import db

    fresh, migrated = tmp_path / "fresh.db", tmp_path / "migrated.db"
    db.migrate(db.engine_for(f"sqlite:///{fresh}"))
    engine = db.engine_for(f"sqlite:///{migrated}")
    cfg = db.alembic_config()
    with db.write_transaction(engine, "migrate") as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert _sqlite_schema(fresh) == _sqlite_schema(migrated)
    assert _sqlite_schema(fresh)["revision"] == [(db.head_revision(),)]


def test_a_sqlite_file_holding_anything_is_migrated_not_created(tmp_path: Path) -> None:
    """Only an empty database takes the create-and-stamp path: a file with a table of its own is
    left to the migrations (which then create the warehouse's tables beside it)."""
    import sqlite3

    from pipeline.warehouse import db

    path = tmp_path / "w.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE mine (x INTEGER)")
    db.migrate(db.engine_for(f"sqlite:///{path}"))
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"mine", "articles", "alembic_version"} <= names
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(db.head_revision(),)]


def test_help_renders_without_markdown_or_pygments(tmp_path: Path) -> None:
    """`synd --help` renders rich markup: typer's markdown and traceback modules (markdown-it,
    pygments: most of its start time) stay unloaded, and a later use still gets the real ones."""
    run = ("import sys\nfrom pipeline.cli import main\nsys.argv = ['synd', '--help']\ntry:\n    main()\n"
           "except SystemExit as e:\n    assert not e.code, e.code")
    loaded = _loaded_after(run, tmp_path)
    assert loaded.isdisjoint({"markdown_it", "pygments"}), sorted(loaded & {"markdown_it", "pygments"})
    later = ("from pipeline.cli.common import load_light_help\nload_light_help()\nfrom typer import rich_utils\n"
             "assert type(rich_utils.Markdown('*x*')).__module__ == 'rich.markdown'")
    assert "markdown_it" in _loaded_after(later, tmp_path)
