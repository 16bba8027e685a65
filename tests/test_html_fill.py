"""The balanced cascade's prose paragraphs among the body's lines go back in (html.fill_from_balanced)."""

import lxml.html

from pipeline.normalise.html import _link_texts, fill_from_balanced

LEAD = "The harbour board voted on Tuesday to close the old ferry pier for repairs until the spring."
MIDDLE = "Engineers found that two of the wooden pilings had rotted through below the waterline last month."
LAST = "The board said a temporary landing would open beside the fish market within a fortnight."


def test_a_dropped_paragraph_between_body_lines_goes_back_in_place() -> None:
    balanced = ["Home | News | Sport", LEAD, MIDDLE, LAST]
    assert fill_from_balanced([LEAD, LAST], balanced, {}) == [LEAD, MIDDLE, LAST]


def test_nothing_below_the_last_or_above_the_first_body_line_is_added() -> None:
    above = "Sign up to our weekly newsletter and never miss a story from the harbour front again."
    below = "Readers who enjoyed this story also read about the lighthouse keeper who retired at ninety."
    assert fill_from_balanced([LEAD, LAST], [above, LEAD, LAST, below], {}) == [LEAD, LAST]


def test_short_lines_teasers_and_link_rows_stay_out() -> None:
    teaser = "Council approves new budget for the coming year after a long and heated debate ..."
    label = "Related coverage"
    linked = "Read our full coverage of the harbour works and the ferry timetable here today."
    links = _link_texts(lxml.html.fromstring("<p><a href='/c'>Read our full coverage of the harbour works</a></p>"))
    balanced = [LEAD, teaser, label, linked, LAST]
    assert fill_from_balanced([LEAD, LAST], balanced, links) == [LEAD, LAST]


def test_a_paragraph_printed_twice_goes_in_once() -> None:
    balanced = [LEAD, MIDDLE, MIDDLE, LAST]
    assert fill_from_balanced([LEAD, LAST], balanced, {}) == [LEAD, MIDDLE, LAST]
    assert fill_from_balanced([LEAD, MIDDLE, LAST], balanced, {}) == [LEAD, MIDDLE, LAST]


def test_the_running_gap_counts_unlinked_words_the_page_prints_between_body_lines() -> None:
    from pipeline.normalise.linedom import LineDom

    page = lxml.html.fromstring(f"<html><body><p>{LEAD}</p><p>{MIDDLE}</p><p><a href='/x'>{LAST}</a></p>"
                                f"<p>{LAST}</p></body></html>")
    dom = LineDom(page)
    assert dom.running_gap([LEAD, LAST]) == len(MIDDLE.split())  # the linked copy of LAST does not count
    assert dom.running_gap([LEAD, MIDDLE]) == 0
    assert dom.running_gap(["words the page never prints at all"]) == 0
