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


def test_whole_cli_bench_runs_both_sides_on_a_small_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Part 0 on a generated corpus in the input's shape (id, date, title, text a paragraph a line)."""
    import gzip

    from pipeline.bench import run

    words = ["port", "council", "ferry", "budget", "storm", "bridge", "tender", "vote", "island", "market", "school", "road"]
    stories = []
    for i in range(24):
        lines = [" ".join(words[(i + k * j) % len(words)] for k in range(30)) + f" item {i} line {j}." for j in range(1, 4)]
        if i % 4 == 1:  # a copy of the story before, under another outlet
            lines = stories[-1]["text"].splitlines()
        stories.append({"id": str(i), "date": f"1987-03-{1 + i % 28:02d}T10:00:00", "title": f"Story {i}", "text": "\n".join(lines)})
    corpus = tmp_path / "stories.jsonl.gz"
    with gzip.open(corpus, "wt") as f:
        f.write("\n".join(json.dumps(s) for s in stories) + "\n")
    monkeypatch.chdir(tmp_path)
    assert run.main(["--parts", "0", "--corpus", str(corpus), "--stories", "20", "--rounds", "1", "--html-pages", "0"]) == 0
    out = capsys.readouterr().out
    assert "20 text articles" in out and "vs base" in out
    part0 = json.loads((tmp_path / "data/bench/results.json").read_text())["part0"]
    assert part0["articles"] == 20 and part0["ratio"] > 0
    assert part0["naive"]["pairs"] > 0 and part0["naive"]["paragraphs"] == 60  # every line has 5 words
    assert "20 new" in part0["ours"]["ingest"] and "syndications" in part0["ours"]["detect"]
    assert not part0["ours"]["detect"].endswith(" 0 syndications")  # the copies were found


def test_whole_cli_bench_on_html_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Part 0's HTML half on generated pages in the extraction corpora's shape (url, html; some without url)."""
    import gzip

    from pipeline.bench import run
    from pipeline.bench.corpus import Generator

    pages = [art.record(with_html=True) for art in Generator(seed=3).articles(16)]
    src = tmp_path / "extraction"
    src.mkdir()
    for name, part in (("a", pages[::2]), ("b", pages[1::2])):
        with gzip.open(src / f"{name}.jsonl.gz", "wt") as f:
            for i, p in enumerate(part):
                f.write(json.dumps({"id": str(i), "corpus": name, "url": p["url"] if i % 3 else None, "html": p["html"]}) + "\n")
    monkeypatch.chdir(tmp_path)
    args = ["--parts", "0", "--corpus", str(tmp_path / "none.jsonl.gz"), "--html-corpus", str(src), "--html-pages", "12", "--rounds", "1"]
    assert run.main(args) == 0
    out = capsys.readouterr().out
    assert "12 HTML pages" in out and "trafilatura extract() alone" in out
    part = json.loads((tmp_path / "data/bench/results.json").read_text())["part0_html"]
    assert part["pages"] == 12 and part["ratio"] > 0 and part["ratio_extract+naive"] > 0
    assert part["naive"]["pages"] == 12 and part["naive"]["chars"] > 0
    assert part["naive_extract+naive"]["paragraphs"] > 0
    assert "12 records" in part["ours"]["ingest"]
