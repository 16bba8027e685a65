"""A market quote box printed one cell per line is furniture: each cell alone is too short for the
junk-line rules, read together they are a row of market figures."""

from __future__ import annotations

from pipeline.normalise.furniture import quote_box_runs
from pipeline.normalise.html import drop_junk_lines

BOX = ["DJIA", "10412.57", "-34.01", "NASDAQ", "2211.80", "8.68", "S&P500", "1118.25", "-1.36"]
STORY = [
    "The council approved the new harbour budget on Tuesday after a long debate over ferry subsidies.",
    "Members voted nine to four for the plan, which raises fares by twelve per cent from April.",
]


def test_a_quote_box_printed_one_cell_per_line_goes() -> None:
    assert drop_junk_lines([*BOX, *STORY]) == STORY
    assert quote_box_runs([*STORY, *BOX]) == set(range(len(STORY), len(STORY) + len(BOX)))


def test_figures_and_labels_that_make_no_quote_row_stay() -> None:
    scores = ["FINAL", "Harbour", "2", "Rovers", "1"]  # a score line: words, no prices or changes
    labels = ["NEWS", "SPORT", "WEATHER"]  # capitals alone: no figures
    two_cells = ["DJIA", "10412.57"]  # too few lines for a box
    for lines in (scores, labels, two_cells):
        assert quote_box_runs([*lines, *STORY]) == set()
    table = ["Year", "2008", "2009", "Sales", "1.2", "+0.3"]  # a word among the cells ends the run
    assert quote_box_runs(table) == set()
