"""One front door: every `synd` command exits by one table (0 ok, 1 usage error or missing input,
2 some records rejected, 3 fatal), and folders never skip files without a word."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli.common import ExitCode
from tests.conftest import ROOT
from tests.pages import PARAGRAPHS, page

RUN = CliRunner()
TEXT = " ".join(PARAGRAPHS)


def _said(res: object) -> str:
    return " ".join(getattr(res, "output", "").split())


def _synd(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SYND__RAW_STORE__PATH": str(cwd / "raw"), "COLUMNS": "300"}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_the_table_is_in_help_and_readme() -> None:
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3]
    helped = _said(RUN.invoke(app, ["--help"]))
    assert "Exit codes: 0 ok; 1 usage error or missing input; 2 some records rejected" in helped
    assert "3 fatal" in helped
    readme = (ROOT / "README.md").read_text()
    rows = dict(re.findall(r"^\| (\d) \| (.+?) \|$", readme, re.M))
    assert set(rows) == {"0", "1", "2", "3"}, rows
    assert "usage" in rows["1"] and "rejected" in rows["2"] and "fatal" in rows["3"]


@pytest.mark.parametrize("args", [
    ["ingest", "--bogus", "x.jsonl"], ["ingest"], ["nosuch-command"], ["index", "evict", "--before", "last week"],
    ["query", "who_copies_whom", "--limit", "0"], ["alerts", "nosuch"],
], ids=lambda a: " ".join(a))
def test_usage_errors_exit_1_not_click_s_2(args: list[str], tmp_path: Path) -> None:
    """2 means "some records rejected": a mistyped option must not look like that to a script."""
    res = RUN.invoke(app, [*args, "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"] if args[0] != "nosuch-command" else args)
    assert res.exit_code == ExitCode.USAGE, res.output
    assert not (tmp_path / "w.db").exists()


def test_missing_input_is_exit_1_before_anything_runs(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"url": "https://a.example/1", "outlet": "A", "text": TEXT}) + "\n")
    db = tmp_path / "w.db"
    res = _synd("ingest", str(good), "nosuch.jsonl", "--warehouse", f"sqlite:///{db}", cwd=tmp_path)
    assert res.returncode == ExitCode.USAGE, res.stderr
    assert "no such file: nosuch.jsonl" in res.stderr and "rejected" not in res.stderr
    assert not db.exists()  # not even a run row: nothing was stored, good.jsonl included
    res = _synd("run", "nosuch.jsonl", "--warehouse", f"sqlite:///{db}", cwd=tmp_path)
    assert res.returncode == ExitCode.USAGE and "no such file: nosuch.jsonl" in res.stderr
    assert "detect:" not in res.stderr and "syndications found" not in res.stdout  # it stopped before detecting
    assert not db.exists()
    res = _synd("ingest", str(good), "--warehouse", f"sqlite:///{db}", cwd=tmp_path)
    assert res.returncode == ExitCode.OK and "1 new" in res.stderr, res.stderr


def test_fatal_errors_exit_3_without_a_traceback(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"url": "https://a.example/1", "outlet": "A", "text": TEXT}) + "\n")
    dead = "postgresql+psycopg2://postgres@127.0.0.1:9/unreachable"
    for args in (["ingest", str(good)], ["run", str(good)], ["detect"]):
        res = _synd(*args, "--warehouse", dead, cwd=tmp_path)
        assert res.returncode == ExitCode.FATAL, (args, res.stderr[-2000:])
        assert "Traceback" not in res.stderr and "127.0.0.1:9" in res.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("detect: {bands: 0}\n")
    res = _synd("detect", "--config", str(bad), "--warehouse", f"sqlite:///{tmp_path / 'w.db'}", cwd=tmp_path)
    assert res.returncode == ExitCode.FATAL and "bands" in res.stderr


def _folder(tmp_path: Path) -> tuple[Path, list[str]]:
    d = tmp_path / "corpus"
    (d / "sub").mkdir(parents=True)
    (d / "a.jsonl").write_text(json.dumps({"url": "https://a.example/1", "outlet": "A", "text": TEXT}) + "\n")
    (d / "sub" / "b.html").write_text(page("Pier", PARAGRAPHS, canonical="https://b.example/pier"), encoding="utf-8")
    junk = ["notes.txt", "paper.pdf", "photo.png", "sub/readme.md", *(f"sub/x{i}.txt" for i in range(4))]
    for name in junk:
        (d / name).write_bytes(b"not a corpus file")
    return d, junk


def test_a_folder_ingest_counts_and_names_what_it_skips(tmp_path: Path) -> None:
    d, junk = _folder(tmp_path)
    res = RUN.invoke(app, ["ingest", str(d), "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"],
                     env={"SYND__RAW_STORE__PATH": str(tmp_path / "raw"), "COLUMNS": "400"})
    assert res.exit_code == ExitCode.OK, res.output
    said = _said(res)
    assert f"skipped {len(junk)} file(s)" in said and "2 new" in said
    named = [n for n in junk if str(d / n) in said]
    assert len(named) == 5 and f"and {len(junk) - 5} more" in said  # the first few, and how many more


def test_an_html_dir_import_names_what_it_skips_but_not_its_manifest(tmp_path: Path) -> None:
    d, junk = _folder(tmp_path)
    (d / "manifest.csv").write_text("file,url,outlet\nsub/b.html,https://b.example/pier,B\n")
    res = RUN.invoke(app, ["import", "html-dir", str(d), "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"],
                     env={"SYND__RAW_STORE__PATH": str(tmp_path / "raw"), "COLUMNS": "400"})
    assert res.exit_code == ExitCode.OK, res.output
    said = _said(res)
    assert f"skipped {len(junk) + 1} file(s) that are not .html/.htm pages" in said  # a.jsonl is no page
    assert "manifest.csv" not in said and "1 new" in said
    res = RUN.invoke(app, ["import", "html-dir", str(tmp_path / "nosuch"), "--warehouse", f"sqlite:///{tmp_path / 'w.db'}"])
    assert res.exit_code == ExitCode.USAGE and "no such file" in res.output


def test_markup_in_stored_data_prints_literally(tmp_path: Path) -> None:
    """Outlet names and copied text are data: `[/b]` in them prints as it is, in `run`'s summary and in
    `query`'s table, never a Rich MarkupError."""
    story = [f"[/b] {p}" for p in PARAGRAPHS]
    recs = [{"url": "https://a.example/1", "outlet": "Bold [/b] Times", "published": "2026-03-02T09:00:00Z",
             "title": "Pier [b]closes", "text": "\n\n".join(story)},
            {"url": "https://c.example/1", "outlet": "Copy [red] Daily", "published": "2026-03-03T09:00:00Z",
             "title": "Pier closes", "text": "\n\n".join(story)}]
    src = tmp_path / "m.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs))
    db = f"sqlite:///{tmp_path / 'w.db'}"
    res = _synd("run", str(src), "--warehouse", db, cwd=tmp_path)
    assert res.returncode == ExitCode.OK, res.stderr[-3000:]
    said = " ".join(res.stdout.split())
    assert "Bold [/b] Times: Pier [b]closes → Copy [red] Daily" in said
    res = _synd("query", "who_copies_whom", "--warehouse", db, cwd=tmp_path)
    assert res.returncode == ExitCode.OK and "Bold [/b] Times" in res.stdout, res.stderr[-3000:]
