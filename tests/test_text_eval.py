"""`make eval-text --show-worst`: the worst bodies are printed with their junk lines marked.
The page is written here (no shared data needed)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.evaluate import text_eval

STORY = ("Ferry fares across the harbour will rise by twelve per cent in April, the authority said on Monday. "
         "Commuters with monthly passes will pay about nine pounds more each month from the spring.")
COMMENT = "paying more for a boat that never runs on time is a joke and everyone on the island knows it"


def _page_file(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    html = (f"<html><head><title>Fares rise</title></head><body><div>Home</div><div>News</div><p>{STORY}</p>"
            "<p>Subscribe to our free weekly newsletter and never miss a story from the islands</p>"
            f"<h3>1 Comment</h3><div>harbourgirl</div><p>{COMMENT}</p><div>Reply</div></body></html>")
    rec = {"id": "p1", "corpus": "l3s_gn1", "url": None, "html": html, "gold_text": STORY, "gold_comments": COMMENT,
           "gold_title": None}
    folder = tmp_path / "extraction"
    folder.mkdir()
    with gzip.open(folder / "l3s_gn1.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps(rec) + "\n")
    for corpus, page_html in (extra or {}).items():  # corpora whose gold marks no comments
        other = {**rec, "id": "q1", "corpus": corpus, "html": page_html, "gold_comments": None}
        with gzip.open(folder / f"{corpus}.jsonl.gz", "wt", encoding="utf-8") as f:
            f.write(json.dumps(other) + "\n")
    return tmp_path


def test_show_worst_prints_each_style_with_its_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _page_file(tmp_path)
    assert text_eval.main(["--data", str(data), "--split", "all", "--show-worst", "1", "--style", "blocks"]) == 0
    out = capsys.readouterr().out
    assert "blocks l3s_gn1/p1: junk" in out
    assert "comment leak" in out
    assert "Ferry fares across the harbour" in out


def test_every_corpus_adds_the_corpora_without_comment_gold(tmp_path: Path) -> None:
    """The comment-marked pages alone are too few to tune the text path on: --every-corpus scores
    junk on the other corpora too, leakage only where comments are marked."""
    plain = f"<html><head><title>Fares rise</title></head><body><div>Menu</div><p>{STORY}</p></body></html>"
    data = _page_file(tmp_path, {"utomo": plain})
    out = tmp_path / "rows.json"
    assert text_eval.main(["--data", str(data), "--split", "all", "--style", "blocks", "--json", str(out)]) == 0
    assert {r["corpus"] for r in json.loads(out.read_text())["rows"]} == {"l3s_gn1", "all"}
    assert text_eval.main(["--data", str(data), "--split", "all", "--style", "blocks", "--every-corpus",
                           "--json", str(out)]) == 0
    rows = {(r["corpus"], r["path"]): r for r in json.loads(out.read_text())["rows"]}
    assert {c for c, _ in rows} == {"l3s_gn1", "utomo", "all"}
    assert rows[("utomo", "text:blocks")]["pages"] == 1
    assert rows[("utomo", "text:blocks")]["comment_leak_per_page"] == 0.0
