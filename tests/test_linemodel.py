"""The learned line model: it trims the run past a story's end in a whole-page text dump."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from rich.console import Console

from pipeline.evaluate import train_lines
from pipeline.normalise import linemodel
from pipeline.normalise.text import region_lines, text_paragraphs
from tests.line_corpus import write_tune_corpus

TITLE = "Ferry service halted after storm damages harbour pier | Harbour News"
MENU = ["Home", "News", "Sport", "Business", "Weather", "Contact us"]
STORY = [
    "Ferry service halted after storm damages harbour pier",
    "The island ferry service was halted on Tuesday after a storm damaged the harbour pier at Westport, leaving hundreds of passengers stranded overnight.",
    "Harbour officials said engineers found cracks in two of the pier's supporting piles and closed it to all vessels while repairs are assessed.",
    "The ferry operator said passengers booked on cancelled sailings would be offered refunds or places on the first crossings once the pier reopens.",
    "Local businesses on the island said the closure came at the worst time, with the summer season about to begin and bookings already strong.",
    "The council said it would ask the government for emergency funding to repair the pier, which was built in 1962 and last strengthened in 1998.",
    "The pier will be inspected again on Friday.",
]
# teasers straight under the story, no list heading or dropped lines between: no rule ends the story there
AFTER = [
    "Council approves new budget for schools",
    "Councillors voted to raise spending on primary schools by four percent next year, the first rise since 2019.",
    "Local football club signs new striker",
    "The club confirmed the striker had signed a two year contract after impressing manager Tom Reed in training.",
    "Bakery wins national award for sourdough",
    "A family bakery on Market Street has been named the best in the country for its sourdough loaves and pastries.",
    "1/12",
    "Crowds gather at the summer festival parade on Saturday afternoon in the town centre",
    "2/12",
    "Fireworks light up the sky above the castle during the festival finale",
    "Tags Westport Ferry Storm Harbour Council Islands Transport News",
    "Share your thoughts with friends",
]
PAGE = MENU + STORY + AFTER
JUNK = ("Councillors voted", "The club confirmed", "A family bakery", "Crowds gather", "Fireworks light")


def test_best_stretch_keeps_the_core_and_cuts_only_the_ends() -> None:
    gain = [-0.5, 0.4, 0.4, 0.3, -0.2, -0.3, 0.1]
    assert linemodel.best_stretch(gain, 2) == (1, 4)
    # a dip inside the story is kept when the story goes on after it
    assert linemodel.best_stretch([0.4, -0.1, 0.3, -0.5], 0) == (0, 3)
    # the core stays even when the model doubts it
    assert linemodel.best_stretch([-0.4, -0.4], 1) == (1, 2)


def test_off_topic_lines_score_low_cohesion() -> None:
    idx, _ = region_lines(PAGE, TITLE)
    rows = linemodel.line_features(PAGE, idx, TITLE)
    cohesion = dict(zip((PAGE[i] for i in idx), rows[:, linemodel.FEATURES.index("title_cohesion")], strict=True))
    assert cohesion[STORY[-1]] >= 0.25  # "pier": the story's own word
    assert cohesion[AFTER[1]] < 0.1  # the school budget teaser shares one common word ("first") in 13
    assert cohesion[AFTER[7]] == 0.0  # nor does a gallery caption


def test_a_hand_set_model_cuts_the_tail_on_cohesion() -> None:
    """With weights on topic words only, the teasers and captions go and the short last paragraph stays."""
    idx, _ = region_lines(PAGE, TITLE)
    n = len(linemodel.FEATURES)
    coef = [0.0] * n
    coef[linemodel.FEATURES.index("title_cohesion")] = 20.0
    model = {"features": list(linemodel.FEATURES), "mean": [0.0] * n, "scale": [1.0] * n,
             "coef": coef, "intercept": -2.0, "threshold": 0.5}
    kept = [PAGE[i] for i in linemodel.trim_region(PAGE, idx, TITLE, model)]
    assert kept[-1] == STORY[-1]
    assert not any(line.startswith(JUNK) for line in kept)


def test_the_rules_alone_keep_the_teasers() -> None:
    """The case the model is for: every rule lets the teasers and the gallery through."""
    idx, page_like = region_lines(PAGE, TITLE)
    assert page_like
    assert sum(PAGE[i].startswith(JUNK) for i in idx) >= 4


def test_the_packaged_model_trims_a_gallery_and_keeps_a_short_last_paragraph() -> None:
    """The gallery's captions after the teasers pass every rule; the model cuts them. (Teasers
    written as whole sentences, as here, it keeps: on the tune split such lines are too often the story's.)
    The packaged model ships enabled: this fails if its weights go missing or stale."""
    assert (linemodel.load_model() or {}).get("enabled")
    body = text_paragraphs("\n".join(PAGE), TITLE)
    assert body[: len(STORY) - 1] == STORY[1:]  # the story whole, its short last paragraph too
    assert not any(p.startswith(("Crowds gather", "Fireworks light")) for p in body)


def test_no_weights_no_trim(tmp_path: Path) -> None:
    assert linemodel.load_model(str(tmp_path / "missing.json")) is None
    idx, _ = region_lines(PAGE, TITLE)
    stale = {"features": ["words"], "coef": [1.0]}
    (tmp_path / "stale.json").write_text(json.dumps(stale))
    assert linemodel.load_model(str(tmp_path / "stale.json")) is None  # other features: never applied
    assert linemodel.trim_region(PAGE, idx, TITLE, {**stale, "enabled": False}) == idx


def _page_html(k: int) -> tuple[str, str]:
    """A whole page (menu, story, teasers, footer) and its gold text; stories differ by a number."""
    story = [line.replace("Westport", f"Westport {k}") for line in STORY[1:]]
    menu = "".join(f"<li><a href='/{m}'>{m}</a></li>" for m in MENU)
    body = "".join(f"<p>{p}</p>" for p in story)
    tail = "".join(f"<p>{p}</p>" for p in AFTER)
    html = (f"<html><head><title>{TITLE}</title></head><body><ul>{menu}</ul><h1>{STORY[0]}</h1>"
            f"{body}{tail}<ul>{menu}</ul><p>Copyright 2026 Harbour News</p></body></html>")
    return html, "\n".join(story)


def test_training_writes_a_model_and_checks_each_corpus_left_out(tmp_path: Path) -> None:
    data = tmp_path / "extraction"
    data.mkdir()
    for corpus in ("alpha", "beta"):
        write_tune_corpus(data, corpus, 3, _page_html, STORY[0])
    out = tmp_path / "weights.json"
    assert train_lines.main(["--data", str(tmp_path), "--style", "blocks", "--loco", "--out", str(out), "--except", "beta"]) == 0
    model = json.loads(out.read_text())
    assert model["features"] == list(linemodel.FEATURES)
    assert model["trained_on"] == ["alpha"]
    assert 0.0 <= model["threshold"] < 1.0
    # the model learnt that the teasers are not the story
    rows = linemodel.line_features(PAGE, region_lines(PAGE, TITLE)[0], TITLE)
    p = linemodel.content_probability(rows, model)
    assert float(np.mean(p[:6])) > float(np.mean(p[6:]))


def test_dry_run_leaves_the_weights_file(tmp_path):
    """A check-only run (`--loco --dry-run`) must not rewrite the shipped weights."""
    out = tmp_path / "weights.json"
    out.write_text("shipped\n")
    model = {"coef": [0.5], "threshold": 0.5, "weight": 1.0, "lines": 3, "trained_on": ["a"]}
    train_lines.write_model(model, ["f"], out, Console(quiet=True), dry_run=True)
    assert out.read_text() == "shipped\n"
    train_lines.write_model(model, ["f"], out, Console(quiet=True))
    assert '"threshold": 0.5' in out.read_text()
