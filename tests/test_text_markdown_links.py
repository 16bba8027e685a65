"""html2text links the markdown stripper must undo: a title holding quote marks of its own, and a
link whose text wrapped onto the line above (the line then opens with "](url "title")")."""

from __future__ import annotations

from pipeline.normalise.text import strip_markdown


def test_a_link_whose_title_quotes_the_headline_is_stripped() -> None:
    line = '[Ferry fares rise - part 2](http://example.org/fares-2/ "Permanent link to "Ferry fares rise - part 2"")'
    assert strip_markdown(line) == "Ferry fares rise - part 2"


def test_the_tail_of_a_link_wrapped_from_the_line_above_is_stripped() -> None:
    line = '](http://photos.example.org/ann/123/ "Harbour at dawn by Ann Lee, on Photos")The ferry left at six.'
    assert strip_markdown(line) == "The ferry left at six."


def test_two_links_on_one_line_keep_the_text_between() -> None:
    assert strip_markdown('[Fares](http://a.example "Fares") rise and [crews](http://b.example) strike') == "Fares rise and crews strike"


def test_the_opening_bracket_of_a_link_wrapped_onto_the_next_line_is_stripped() -> None:
    assert strip_markdown("[Ann Lee: How the harbour ferries began ") == "Ann Lee: How the harbour ferries began"
    assert strip_markdown("[1] The ferry's first timetable, 1902.") == "[1] The ferry's first timetable, 1902."
