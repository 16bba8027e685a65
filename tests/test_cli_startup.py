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


def test_head_revision_is_alembics_head() -> None:
    """`db.migrate` skips Alembic when the warehouse is at `head_revision()`: it must be the real head."""
    from alembic.script import ScriptDirectory

    from pipeline.warehouse import db

    assert db.head_revision() == ScriptDirectory.from_config(db.alembic_config()).get_current_head()
