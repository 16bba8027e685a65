"""The extraction evaluation harness: metric, split and a run on pages written here."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from pipeline.evaluate import extract_eval as ev


def test_metric_matches_the_shingle_definition() -> None:
    gold = "one two three four five six"
    assert ev.tp_fp_fn(gold, gold) == (1.0, 0.0, 0.0)
    tp, fp, fn = ev.tp_fp_fn(gold, "one two three four five six seven eight")
    assert tp > 0 and fp > 0 and fn == 0
    p, r, f = ev.prf([ev.tp_fp_fn(gold, ""), ev.tp_fp_fn(gold, gold)])
    assert p == 1.0  # an empty prediction is left out of precision ...
    assert r == 0.5  # ... but counts as zero recall
    assert 0.66 < f < 0.67


def test_split_is_deterministic_and_covers_both_parts() -> None:
    splits = [ev.split_of("c", str(i)) for i in range(400)]
    assert splits == [ev.split_of("c", str(i)) for i in range(400)]
    share = splits.count("tune") / len(splits)
    assert 0.3 < share < 0.5


def test_comment_leak_ignores_text_shared_with_the_body() -> None:
    body = "the council voted on the new budget for schools today"
    comments = "great article thanks for writing this up so well"
    assert ev.leaked(comments, body, body) == (0, ev.leaked(comments, body, comments)[1])
    a, b = ev.leaked(comments, body, body + " " + comments)
    assert a == b > 0


def test_junk_line_is_a_line_mostly_outside_the_gold_text() -> None:
    gold = "Storm closes the coast road\nThe coast road was closed on Friday after the storm brought down trees."
    pred = "\n".join([
        "The coast road was closed on Friday after the storm brought down trees.",
        "Storm closes the coast road",  # the title is gold too
        "Home | News | Sport | Weather",  # furniture: no 3-gram in the gold
        "Ok",  # under three words: not judged
        "The coast road was closed, said the most read list of the week",  # 1 of 11 3-grams known: junk
    ])
    junk, lines, which = ev.junk_lines(gold, pred)
    assert (junk, lines) == (2, 4)
    assert which == ["Home | News | Sport | Weather", "The coast road was closed, said the most read list of the week"]


def test_comment_leak_is_also_averaged_per_page() -> None:
    page = ev.Page("c", "1", None, "", "the council voted on the new budget for schools",
                   "great article thanks for writing this up so well")
    clean, leaky = ev.Score(), ev.Score()
    clean.add(page, page.gold, 0.0)
    leaky.add(ev.Page("c", "2", None, "", page.gold, "short remark on it all " * 30), page.gold + " short remark on it all " * 30, 0.0)
    both = ev.merge([clean, leaky])
    row = ev._row("c", "x", both)
    assert row["comment_leak_per_page"] == 0.5  # one page leaked all, one nothing
    assert row["comment_leak"] > 0.9  # pooled, the long thread dominates


def _page(i: int, text: str, comments: str | None) -> dict[str, object]:
    paras = "".join(f"<p>{text} paragraph {i} number {k}.</p>" for k in range(6))
    html = (
        f"<html><head><title>Story {i}</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Story {i}</h1>{paras}</article>"
        f"<div id='comments' class='comments'><p>{comments or ''}</p></div></body></html>"
    )
    gold = "\n".join(f"{text} paragraph {i} number {k}." for k in range(6))
    return {"id": str(i), "corpus": "toy", "url": f"https://toy.example/{i}", "html": html,
            "gold_text": gold, "gold_comments": comments, "gold_title": None}


def test_run_prints_both_extractors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "The harbour authority said on Monday that the new ferry terminal would open in spring"
    rows = [_page(i, text, "I totally disagree with this decision and the mayor should resign now") for i in range(12)]
    with gzip.open(tmp_path / "toy.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    out = tmp_path / "rows.json"
    assert ev.main(["--data", str(tmp_path), "--split", "all", "--json", str(out)]) == 0
    result = json.loads(out.read_text())["rows"]
    by = {r["extractor"]: r for r in result}
    assert set(by) == {"ours", "trafilatura", "readability"}
    assert by["ours"]["pages"] == 12
    assert by["ours"]["f1"] > 0.9
    assert by["ours"]["comment_leak"] < 0.01
    assert "ms/page" in capsys.readouterr().out


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    assert ev.main(["--data", str(tmp_path / "nothing")]) == 2


@pytest.mark.skipif(not Path(os.environ.get("SYND_EVAL_DATA", "../shared/data"), "extraction").is_dir(),
                    reason="evaluation data (../shared/data) not present")
def test_real_corpus_smoke() -> None:
    data = Path(os.environ.get("SYND_EVAL_DATA", "../shared/data"))
    pages = list(ev.read_pages(ev.data_files(str(data)), "report", {"scrapinghub"}))[:5]
    scores = ev.evaluate(pages, {"ours": ev.Ours(ev.NormaliseSettings(min_body_chars=0))})
    p, r, f = ev.prf(scores["scrapinghub"]["ours"].counts)
    assert f > 0.5


_STORY = ("The harbour board voted on Tuesday to close the old ferry terminal after forty years of service to the island, "
          "and the council will decide in March what becomes of the site.")
_OTHER = ("Shares in the mining group fell sharply on Monday after the company warned that profits would halve this year "
          "because of lower copper prices and a strike at its largest mine.")


def _gold_page(gold: str, body: str = _STORY) -> ev.Page:
    html = f"<?xml version='1.0' encoding='utf-8'?><html><body><script>var x = 'hidden words'</script><p>{body}</p></body></html>"
    return ev.Page("c", "c/1", None, html, gold, None)


def test_a_gold_text_that_is_not_on_the_page_is_not_scored() -> None:
    assert ev.gold_on_page(_gold_page(_STORY))
    # UTF-16 saved as Latin-1, or another article's text: no extractor could return it.
    assert not ev.gold_on_page(_gold_page(" ".join(_STORY)))
    assert not ev.gold_on_page(_gold_page(_OTHER))
    # Script text is not the page's text.
    assert not ev.gold_on_page(_gold_page("var x = 'hidden words' " * 8, body="Nothing here."))


def test_a_short_gold_stays_scored_so_any_extracted_line_is_junk() -> None:
    assert ev.gold_on_page(_gold_page("this page contains no article"))
    kept = ev.scoreable([_gold_page(_STORY), _gold_page(_OTHER)], ev.Console())
    assert [p.gold for p in kept] == [_STORY]


def test_junk_words_do_not_move_when_junk_lines_are_joined() -> None:
    gold = "The coast road was closed on Friday after the storm brought down trees across the valley."
    junk = ["Home News Sport Weather Travel", "Terms of use Privacy policy Contact us"]
    split, joined = ev.Score(), ev.Score()
    page = ev.Page("c", "1", None, "", gold, None)
    split.add(page, "\n".join([gold, *junk]))
    joined.add(page, "\n".join([gold, " ".join(junk)]))
    a, b = ev._row("c", "x", split), ev._row("c", "x", joined)
    assert a["junk_lines"] != b["junk_lines"]  # 2 of 3 lines, then 1 of 2
    assert a["junk_words"] == b["junk_words"] == 12 / 28  # 5 + 7 of 16 + 12 words


def test_title_match_is_exact_or_equal_once_whitespace_and_case_are_set_aside() -> None:
    assert ev.title_match("North pier to close", "North pier to close") == (True, True)
    assert ev.title_match("North pier to close", "north  pier TO close") == (False, True)
    assert ev.title_match("North pier to close", "Harbour News") == (False, False)
    assert ev.title_match("North pier to close", None) == (False, False)
