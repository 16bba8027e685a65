"""The line model's decoder: runs of other stories inside a whole-page dump's story go, short
lines of the story itself (a subhead, a one-line quote) stay."""

from __future__ import annotations

import random

from pipeline.normalise import linemodel
from pipeline.normalise.text import region_lines

TITLE = "Ferry service halted after storm damages harbour pier | Harbour News"
MENU = ["Home", "News", "Sport", "Business", "Weather", "Contact us"]
HEAD = [
    "Ferry service halted after storm damages harbour pier",
    "The island ferry service was halted on Tuesday after a storm damaged the harbour pier at Westport, leaving hundreds of passengers stranded overnight.",
    "Harbour officials said engineers found cracks in two of the pier's supporting piles and closed it to all vessels while repairs are assessed.",
    "Passengers spent the night in the ferry terminal and in hotels near the harbour, and some were taken to the mainland by lifeboat.",
]
# a sidebar's teasers that a whole-page dump prints in mid-story: each a sentence, none about the pier
INNER = [
    "Bakery wins national award for its sourdough loaves",
    "A family bakery on Market Street has been named the best in the country for its sourdough loaves and pastries.",
    "Local football club signs young striker from rival team",
    "The club confirmed the striker had signed a two year contract after impressing manager Tom Reed in training.",
]
SUBHEAD = "Pier repairs could take months"
QUOTE = "\"It is the worst week I can remember,\" said Mary Jones, who runs a cafe."
TAIL = [
    "The ferry operator said passengers booked on cancelled sailings would be offered refunds or places on the first crossings once the pier reopens.",
    "Local businesses near the harbour said the pier closure came at the worst time, with the summer ferry season about to begin.",
    SUBHEAD,
    "Engineers said the harbour pier would need new piles, and the ferry service could resume only once divers had inspected the rest of the pier.",
    QUOTE,
    "The council said it would ask the government for emergency funding to repair the harbour pier, which was built in 1962.",
]
PAGE = MENU + HEAD + INNER + TAIL + ["Copyright 2026 Harbour News"]


def _cohesion_model(switch: float | None) -> dict[str, object]:
    """A hand-set model: p(content) rises with the share of a line's words on the story's topic."""
    n = len(linemodel.FEATURES)
    coef = [0.0] * n
    coef[linemodel.FEATURES.index("title_cohesion")] = 20.0
    return {"features": list(linemodel.FEATURES), "mean": [0.0] * n, "scale": [1.0] * n, "coef": coef,
            "intercept": -2.0, "threshold": 0.5, "switch": switch}


def test_decode_without_gaps_is_the_stretch() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        gain = [rng.randint(-8, 8) / 8 for _ in range(rng.randint(1, 10))]
        core = rng.randrange(len(gain))
        s, e = linemodel.best_stretch(gain, core)
        assert linemodel.decode(gain, core, None) == list(range(s, e))
        assert linemodel.decode(gain, core, 1e6) == list(range(s, e))  # a gap too dear is never taken


def test_decode_cuts_a_long_dip_and_keeps_a_short_one() -> None:
    gain = [0.5, 0.5, -0.4, -0.4, -0.4, 0.5, 0.5, -0.3, 0.5, 0.5]
    assert linemodel.decode(gain, 0, 1.0) == [0, 1, 5, 6, 7, 8, 9]
    # a dearer gap keeps the teasers: the story's end is all that goes then
    assert linemodel.decode(gain, 0, 2.0) == list(range(10))
    # in mid-story a stricter bar: what a line earns in a gap offsets its loss
    assert linemodel.decode(gain, 0, 1.0, [-0.3] * 10) == list(range(10))
    # the core stays, even inside a dip
    assert 3 in linemodel.decode(gain, 3, 0.1)


def test_the_rules_keep_the_teasers_inside_the_story() -> None:
    idx, page_like = region_lines(PAGE, TITLE)
    assert page_like
    kept = [PAGE[i] for i in idx]
    assert all(line in kept for line in INNER)


def test_a_gap_in_mid_story_cuts_the_teasers_and_keeps_subhead_and_quote() -> None:
    idx, _ = region_lines(PAGE, TITLE)
    kept = [PAGE[i] for i in linemodel.trim_region(PAGE, idx, TITLE, _cohesion_model(1.0))]
    assert not any(line in kept for line in INNER)
    assert SUBHEAD in kept and QUOTE in kept
    assert kept[-1] == TAIL[-1]
    # trimming the ends only (the old decoder) cannot reach them
    only_ends = [PAGE[i] for i in linemodel.trim_region(PAGE, idx, TITLE, _cohesion_model(None))]
    assert all(line in only_ends for line in INNER)


def test_context_features() -> None:
    lines = ["(MORE: Storm closes three schools)", "* [Schools](http://a.invalid/s) [Weather](http://a.invalid/w) news",
             "The pier will be inspected again on Friday.", "The pier will be inspected again on Friday."]
    rows = linemodel.line_features(lines, [0, 1, 2], TITLE)
    col = linemodel.FEATURES.index
    assert list(rows[:, col("bracketed")]) == [1.0, 0.0, 0.0]
    assert list(rows[:, col("repeated")]) == [0.0, 0.0, 1.0]
    assert rows[1, col("log_links")] > rows[2, col("log_links")] == 0.0
    assert list(rows[:, col("next_sentence_end")]) == [0.0, 1.0, 1.0]
