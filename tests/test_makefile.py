"""The Makefile's user paths, run by make itself in a scratch folder (dry runs, fake tools on PATH):
the demo installs the runtime only, `make chromium` never fails for want of root, skips are reported."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")


def _scratch(tmp_path: Path) -> Path:
    """A copy of the Makefile with the files its stamps depend on, and no .venv."""
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _dry(tmp_path: Path, target: str, **env: str) -> str:
    res = subprocess.run([shutil.which("make") or "make", "-n", "--no-print-directory", target], cwd=_scratch(tmp_path), capture_output=True,
                         text=True, timeout=60, env={**os.environ, **env})
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_demo_installs_the_runtime_only(tmp_path: Path) -> None:
    out = _dry(tmp_path, "demo")
    assert "pip install" in out and "-e . " in out, out
    assert "[dev" not in out and "airflow" not in out, out
    assert "synd run samples/sample.jsonl" in out
    full = _dry(tmp_path, "lint")
    assert "-e '.[dev,airflow]'" in full


def test_python_is_311_or_312_whichever_exists(tmp_path: Path) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3.12").write_text("#!/bin/sh\nexit 0\n")
    (fake / "python3.12").chmod(0o755)
    only_312 = _dry(tmp_path, "demo", PATH=str(fake))  # no python3.11 on this PATH
    assert f"{fake}/python3.12 -m venv .venv" in only_312, only_312


def test_chromium_target_skips_instead_of_failing_without_root(tmp_path: Path) -> None:
    """Not root and no Chromium: a message saying the browser tests will be skipped, exit 0, no apt-get."""
    fake = tmp_path / "bin"
    fake.mkdir()
    calls = tmp_path / "apt-calls"
    (fake / "id").write_text("#!/bin/sh\necho 1000\n")
    (fake / "apt-get").write_text(f"#!/bin/sh\necho \"$@\" >> {calls}\nexit 100\n")
    for f in fake.iterdir():
        f.chmod(0o755)
    res = subprocess.run(["make", "-s", "--no-print-directory", "chromium", "SYND_CHROMIUM=/nonexistent/chromium"],
                         cwd=_scratch(tmp_path), capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "will be skipped" in res.stdout and "not root" in res.stdout
    assert not calls.exists()


def test_pytest_runs_report_why_tests_skipped() -> None:
    lines = [ln for ln in (ROOT / "Makefile").read_text().splitlines() if "$(BIN)/pytest" in ln]
    assert lines and all(" -rs" in ln for ln in lines), lines
