"""`make bench` part 3 end to end on the smallest SQLite warehouse: the template is built, reused
with the previous batch's articles reset, and the batch finds the same syndications each time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def test_incremental_bench_builds_and_resets_its_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.bench import run

    monkeypatch.chdir(tmp_path)  # the bench caches under ./data/bench
    args = ["--parts", "3", "--scale", "10000", "--backends", "sqlite", "--rounds", "2", "--new", "150"]
    assert run.main(args) == 0
    out = capsys.readouterr().out
    assert "sqlite" in out and "10,000" in out
    results = json.loads((tmp_path / "data/bench/results.json").read_text())
    (part,) = results["part3"]
    first, second = (r[0] for r in part["rounds"])
    assert first["new"] == second["new"] == 150  # the reset removed the first round's articles
    assert first["syndications"] == second["syndications"] > 0
    assert first["folded_rows"] == second["folded_rows"] > 0  # the rolled-back compaction left the tier as it was
