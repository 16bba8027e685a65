"""The HTML path's learned trim: the body's head and tail runs that read as no story go."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from pipeline.evaluate import train_html_lines
from pipeline.normalise import htmltrim
from pipeline.normalise.article import stored_body
from tests.line_corpus import hand_model, write_tune_corpus

TITLE = "Ferry service halted after storm damages harbour pier"
STORY = [
    "The island ferry service was halted on Tuesday after a storm damaged the harbour pier at Westport, leaving hundreds of passengers stranded overnight.",
    "Harbour officials said engineers found cracks in two of the pier's supporting piles and closed it to all vessels while repairs are assessed.",
    "The ferry operator said passengers booked on cancelled sailings would be offered refunds or places on the first crossings once the pier reopens.",
    "Local businesses on the island said the closure came at the worst time, with the summer season about to begin and bookings already strong.",
    "The council said it would ask the government for emergency funding to repair the pier, which was built in 1962 and last strengthened in 1998.",
    "The pier will be inspected again on Friday.",
]
# a site's box under the story, each line a link: no sentence, nothing of the story's topic
AFTER = [
    "Council Approves New School Budget",
    "Football Club Signs Striker From Rivals",
    "Bakery Wins National Sourdough Award",
    "Summer Festival Parade Photo Gallery",
]
LINES = STORY + AFTER
SHARES = [0.0] * len(STORY) + [1.0] * len(AFTER)


def test_the_dom_link_share_is_a_feature() -> None:
    rows = htmltrim.line_features(LINES, TITLE, SHARES)
    assert rows.shape == (len(LINES), len(htmltrim.FEATURES))
    col = htmltrim.FEATURES.index("dom_link_share")
    assert list(rows[:, col]) == SHARES
    assert rows[0, htmltrim.FEATURES.index("table_row")] == 0.0
    assert htmltrim.line_features(["| Home | News |", STORY[0]], TITLE, [1.0, 0.0])[0, htmltrim.FEATURES.index("table_row")] == 1.0


def test_a_hand_set_model_cuts_the_linked_tail_and_keeps_the_story() -> None:
    model = hand_model(dom_link_share=-6.0)
    assert htmltrim.trim_body(LINES, TITLE, SHARES, model=model) == STORY


def test_a_linked_line_inside_the_story_stays() -> None:
    """Only head and tail runs go: a linked line between story paragraphs is the story's."""
    lines = [*STORY[:3], AFTER[0], *STORY[3:]]
    shares = [0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
    assert htmltrim.trim_body(lines, TITLE, shares, model=hand_model(dom_link_share=-6.0)) == lines


def test_no_weights_no_trim(tmp_path: Path) -> None:
    assert htmltrim.load_model(str(tmp_path / "missing.json")) is None
    stale = {"features": ["log_words"], "coef": [1.0]}
    (tmp_path / "stale.json").write_text(json.dumps(stale))
    assert htmltrim.load_model(str(tmp_path / "stale.json")) is None  # other features: never applied
    assert htmltrim.trim_body(LINES, TITLE, SHARES, model={**hand_model(dom_link_share=-6.0), "enabled": False}) == LINES


def test_the_packaged_model_is_fitted_and_enabled() -> None:
    """The weights ship with the code: this fails if they go missing or are fitted on other features."""
    model = htmltrim.load_model()
    assert model is not None, "htmltrim.json missing or stale: run `make train-html-lines`"
    assert model["enabled"] and 0.0 < model["threshold"] < 1.0
    assert len(model["coef"]) == len(htmltrim.FEATURES)


def test_the_packaged_model_reads_a_linked_tail_as_no_story() -> None:
    model = htmltrim.load_model()
    assert model is not None
    from pipeline.normalise.linemodel import content_probability

    p = content_probability(htmltrim.line_features(LINES, TITLE, SHARES), model)
    assert float(np.min(p[: len(STORY) - 1])) > float(np.max(p[len(STORY) :]))


def test_stored_body_drops_the_repeated_headline_and_joins_paragraphs() -> None:
    assert stored_body([TITLE, STORY[0], "", STORY[1]], TITLE) == f"{STORY[0]}\n\n{STORY[1]}"


def _page_html(k: int) -> tuple[str, str]:
    """A page (menu, story, a box of links to other stories, footer) and its gold text."""
    story = [line.replace("Westport", f"Westport {k}") for line in STORY]
    menu = "".join(f"<li><a href='/{m}'>{m}</a></li>" for m in ("Home", "News", "Sport", "Weather"))
    box = "".join(f"<p><a href='/s/{i}'>{t}</a></p>" for i, t in enumerate(AFTER))
    body = "".join(f"<p>{p}</p>" for p in story)
    html = (f"<html><head><title>{TITLE}</title></head><body><ul>{menu}</ul><h1>{TITLE}</h1>"
            f"<div>{body}{box}</div><p>Copyright 2026 Harbour News</p></body></html>")
    return html, "\n".join(story)


def test_training_writes_weights_and_checks_each_corpus_left_out(tmp_path: Path) -> None:
    data = tmp_path / "extraction"
    data.mkdir()
    for corpus in ("alpha", "beta"):
        write_tune_corpus(data, corpus, 3, _page_html, TITLE)
    out = tmp_path / "weights.json"
    assert train_html_lines.main(["--data", str(tmp_path), "--loco", "--ceiling", "--out", str(out), "--except", "beta"]) == 0
    model = json.loads(out.read_text())
    assert model["features"] == list(htmltrim.FEATURES)
    assert model["trained_on"] == ["alpha"]
    assert set(model) >= {"mean", "scale", "coef", "intercept", "threshold", "weight", "enabled"}
    assert all(isinstance(v, float | int) for v in model["coef"] + model["mean"] + model["scale"])


def test_a_data_table_under_the_story_stays() -> None:
    """Rows of figures look like a ticker box to shallow features; under a header row they are the story's table."""
    from pipeline.normalise.html import data_table_rows

    table = ["| Route | Northbound | Southbound |", "| Sailings | 12 | 14 |", "| Passengers | 880 | 1,020 |"]
    lines = [*STORY, *table]
    assert data_table_rows(lines) == [False] * len(STORY) + [True] * 3
    model = hand_model(table_row=-6.0)
    assert htmltrim.trim_body(lines, TITLE, [0.0] * len(lines), model=model) == STORY  # the model alone cuts it
    assert htmltrim.trim_body(lines, TITLE, [0.0] * len(lines), data_table_rows(lines), model=model) == lines
    # a row of links under the story heads no table of figures: not kept
    assert not any(data_table_rows([*STORY, "| Home | News | Sport |", "| Weather | Travel | Contact |"]))


def test_a_dateline_is_made_of_stamp_words_and_a_sentence_is_not() -> None:
    assert htmltrim.stamp_share("Sunday January 13, 2008, 5:00 AM") == 1.0
    assert htmltrim.stamp_share("Posted: Mon., 7 Jan. 2008 10:46 GMT") > 0.8
    assert htmltrim.stamp_share(STORY[4]) < 0.15  # "built in 1962 and last strengthened in 1998"
    assert htmltrim.stamp_share("The mayor decided the market was a novel junior venture") == 0.0  # no month in "mayor"
    assert htmltrim.stamp_share("") == 0.0
    # figures alone are no stamp: a score or a row of numbers names no month, weekday or clock time
    assert htmltrim.stamp_share("2008 12 4.5 7") == 0.0
    assert htmltrim.stamp_share("Updated 10:46 GMT") > 0.5 and htmltrim.stamp_share("4 pm") == 1.0
    rows = htmltrim.line_features(["Tuesday, 8 January 2008 09:31", STORY[0]], TITLE, [0.0, 0.0])
    col = htmltrim.FEATURES.index("stamp_share")
    assert rows[0, col] == 1.0 and rows[1, col] < 0.1


def test_the_packaged_model_reads_dates_and_repeated_link_blocks() -> None:
    """The fitted weights exist for the features the page gives (the DOM columns all count)."""
    model = htmltrim.load_model()
    assert model is not None and {"stamp_share", "block_link_share", "block_siblings", "tables"} <= set(model["features"])


def test_the_threshold_choice_takes_the_lowest_safe_threshold() -> None:
    """A higher threshold leaving fewer junk lines is not taken while a lower one is safe: its cost
    on a site left out is what the training corpora cannot see."""
    pick = train_html_lines.safest_choice
    scores = {
        (0.4, "lines"): (120.0, True, [0.0, -0.0002]),
        (0.4, "sqrt"): (110.0, True, [0.0, 0.0001]),
        (0.5, "lines"): (80.0, True, [0.0, 0.0]),
        (0.45, "log"): (60.0, False, [0.0, 0.0]),  # a training corpus lost stored F1: never safe
    }
    assert pick(scores) == (0.4, "sqrt")  # the lowest safe threshold, its weight with the fewest junk lines
    scores[(0.4, "sqrt")] = (110.0, True, [-0.003, 0.0])  # its F1 changes average a loss
    scores[(0.4, "lines")] = (120.0, True, [-0.002, 0.0])
    assert pick(scores) == (0.5, "lines")
    assert pick({(0.4, "lines"): (5.0, False, [0.0])}) == (0.0, "lines")  # none safe: the trim is off
    assert pick({}) == (0.0, "lines")


def test_a_data_table_far_outside_the_story_container_is_not_kept() -> None:
    """A quote box under a sidebar has a header over rows of figures too; far from the story it is cut."""
    from pipeline.normalise import linedom
    from pipeline.normalise.html import data_table_rows

    table = ["| Currency | Buy | Sell |", "| Dollar | 6.93 | 6.95 |", "| Euro | 10.21 | 10.25 |"]
    lines = [*STORY, *table]
    keep = data_table_rows(lines)
    assert keep == [False] * len(STORY) + [True] * 3
    model = hand_model(table_row=-6.0)
    dom = np.zeros((len(lines), len(linedom.FEATURES)))
    dom[:, linedom.FEATURES.index("dom_found")] = 1.0
    far = dom.copy()
    far[len(STORY):, linedom.FEATURES.index("dom_outside")] = 1.0
    far[len(STORY):, linedom.FEATURES.index("dom_levels_out")] = np.log1p(4)
    assert htmltrim.trim_body(lines, TITLE, [0.0] * len(lines), keep, model=model, dom=far) == STORY
    beside = far.copy()  # a table after the story's element, under their common parent: the story's
    beside[len(STORY):, linedom.FEATURES.index("dom_levels_out")] = np.log1p(1)
    assert htmltrim.trim_body(lines, TITLE, [0.0] * len(lines), keep, model=model, dom=beside) == lines
    assert htmltrim.trim_body(lines, TITLE, [0.0] * len(lines), keep, model=model, dom=dom) == lines  # inside
