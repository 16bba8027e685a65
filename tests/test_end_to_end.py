"""The CLI on the bundled sample corpus finds the planted syndication and nothing else."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, SAMPLE

TRUTH = yaml.safe_load((ROOT / "samples" / "truth.yaml").read_text())


def _synd(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    work = tmp_path_factory.mktemp("e2e")
    env = {**os.environ, "SYND_WAREHOUSE_URL": f"sqlite:///{work / 'w.db'}", "SYND__RAW_STORE__PATH": str(work / "raw"),
           "PYTHONPATH": str(ROOT)}
    first = _synd("run", str(SAMPLE), env=env, cwd=work)
    assert first.returncode == 0, first.stderr
    second = _synd("run", str(SAMPLE), env=env, cwd=work)
    assert second.returncode == 0, second.stderr
    out = work / "syn.jsonl"
    assert _synd("export", "syndications", "--out", str(out), env=env, cwd=work).returncode == 0
    arts = work / "articles.jsonl"
    assert _synd("export", "articles", "--out", str(arts), env=env, cwd=work).returncode == 0
    return {
        "first": first.stdout + first.stderr,
        "second": second.stdout + second.stderr,
        "syndications": [json.loads(line) for line in out.read_text().splitlines()],
        "articles": {a["url"]: a for a in map(json.loads, arts.read_text().splitlines())},
        "raw": work / "raw",
    }


def _pairs(exported: dict[str, object]) -> dict[tuple[str, str], dict[str, object]]:
    return {(s["source"]["url"], s["copy"]["url"]): s for s in exported["syndications"]}  # type: ignore[attr-defined]


def test_every_planted_pair_is_found_with_its_relation(exported: dict[str, object]) -> None:
    found = _pairs(exported)
    for want in TRUTH["pairs"]:
        key = (want["source"], want["copy"])
        got = found.get(key) or found.get(key[::-1])
        assert got is not None, f"missing {want['relation']}: {want['note'][:80]}"
        assert got["relation"] == want["relation"], want["note"]
        if want["direction"] == "known":
            assert (got["source"]["url"], got["copy"]["url"]) == key, f"direction wrong: {want['note'][:80]}"
            assert got["direction"] == "known"


def test_nothing_else_is_reported(exported: dict[str, object]) -> None:
    allowed = {frozenset((p["source"], p["copy"])) for p in TRUTH["pairs"] + TRUTH.get("optional_pairs", [])}
    forbidden = {frozenset((p["a"], p["b"])) for p in TRUTH["not_pairs"]}
    reported = {frozenset(k) for k in _pairs(exported)}
    assert not reported & forbidden
    assert reported <= allowed


def test_passages_map_back_to_the_bodies(exported: dict[str, object]) -> None:
    arts = exported["articles"]
    for s in exported["syndications"]:  # type: ignore[attr-defined]
        copy_body = arts[s["copy"]["url"]]["body"]  # type: ignore[index]
        source_body = arts[s["source"]["url"]]["body"]  # type: ignore[index]
        for c in s["copied"]:
            assert copy_body[slice(*c["copy_span"])] == c["copy_text"]
            assert source_body[slice(*c["source_span"])] == c["source_text"]
        for a in s["added"]:
            assert copy_body[slice(*a["span"])] == a["text"]
        assert 0 < s["copied_fraction"] <= 1


def test_rewrite_records_what_the_blog_added(exported: dict[str, object]) -> None:
    rewrite = next(p for p in TRUTH["pairs"] if p["relation"] == "republication" and "rbs.example" in p["source"])
    got = _pairs(exported)[(rewrite["source"], rewrite["copy"])]
    assert got["direction"] == "known" and got["copied_fraction"] < 0.5
    assert len(got["copied"]) >= 2 and len(got["added"]) >= 3
    # The blog's share prompt repeats on every one of its pages: template, not added text.
    assert not any("Share it with a patriot" in a["text"] for a in got["added"])


def test_second_run_changes_nothing(exported: dict[str, object]) -> None:
    assert "0 new" in str(exported["second"]) and "0 new articles" in str(exported["second"])
    assert any(exported["raw"].rglob("*.body"))  # type: ignore[attr-defined]


def test_urls_are_kept_exactly_as_given(exported: dict[str, object]) -> None:
    given = {json.loads(line)["url"] for line in SAMPLE.read_text().splitlines()}
    assert set(exported["articles"]) == given  # type: ignore[arg-type]
