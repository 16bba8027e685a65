"""Hard-wrapped printed lines (a <pre> release, <br> after each line, a text save) are joined back
into their paragraphs; lists, addresses, verse and headings stay one line each."""

import textwrap

from pipeline.config import NormaliseSettings
from pipeline.normalise.article import RawRecord, normalise_record
from pipeline.normalise.segment import paragraph_spans, rejoin_wrapped

LEAD = ("PORTVALE - Harbour Ferries Ltd. and the city council today announced that the night service "
        "across the estuary will run again from the first week of March, after a winter in which the "
        "crossing was closed for repairs to both landing stages and the older of the two boats.")
SECOND = ("The company said that fares would stay at last year's level until the summer, and that "
          "season tickets bought before the closure would be extended by the months the boats were idle.")
QUOTE = ('"We are glad to have the crossing back," said a spokeswoman for the council, adding that '
         "the repairs had come in under budget.")
STORY = [LEAD, SECOND, QUOTE]


def _wrapped(paragraphs: list[str], width: int = 66) -> list[str]:
    return [line for p in paragraphs for line in textwrap.wrap(p, width)]


def _html(lines: list[str]) -> str:
    body = "<br>\n".join(lines)
    return f"<html><head><title>Night ferry returns</title></head><body><article><p>{body}</p></article></body></html>"


def _body(**kw: str) -> str:
    rec = RawRecord("t", "fixture:1", url="https://courier.example/ferry", **kw)  # type: ignore[arg-type]
    return normalise_record(rec, NormaliseSettings()).body


def test_wrapped_lines_rejoin_into_their_paragraphs() -> None:
    assert rejoin_wrapped(_wrapped(STORY)) == STORY
    assert rejoin_wrapped(_wrapped(STORY, 72)) == STORY


def test_a_longer_dateline_first_line_joins_its_paragraph() -> None:
    lines = _wrapped([SECOND, QUOTE], 60)
    lines[0] = "PORTVALE, March 1 (Courier Wire) - " + lines[0]  # put before the text after it was wrapped
    assert rejoin_wrapped(lines) == ["PORTVALE, March 1 (Courier Wire) - " + SECOND, QUOTE]


def test_text_record_wrapped_one_line_a_paragraph() -> None:
    body = _body(text="\n".join(_wrapped(STORY)))
    assert body.split("\n\n") == STORY


def test_html_page_wrapped_with_br() -> None:
    body = _body(html=_html(_wrapped(STORY)))
    assert body.split("\n\n") == STORY
    assert [body[a:b] for a, b in paragraph_spans(body)] == STORY  # the stored offsets hold the joined paragraphs


def test_html_pre_block() -> None:
    page = ("<html><head><title>Night ferry returns</title></head><body><article><pre>"
            + "\n".join(_wrapped(STORY)) + "</pre></article></body></html>")
    assert _body(html=page).split("\n\n") == STORY


def test_a_list_an_address_and_a_heading_stay_apart() -> None:
    lines = [
        "Harbour Ferries Ltd. announced new timetables for these routes",
        "Portvale Quay to the Old Town landing stage and back again",
        "Estuary Point to the Marina Walk jetty on weekdays and weekends",
        "Harbour Ferries Ltd., Customer Relations Department, Unit 4",
        "Quay Street Business Park, Portvale, Northshire PV1 2AB",
        "Telephone 01234 567890 or write to us at the address above",
    ]
    assert rejoin_wrapped(lines) == lines
    items = ["- the night service runs from the first week of March onwards",
             "- season tickets bought before the closure are extended in full",
             "- fares stay at last year's level until the summer timetable"]
    assert rejoin_wrapped(items) == items


def test_verse_like_short_lines_stay_apart() -> None:
    verse = ["the tide comes in across the grey and patient stones",
             "and goes again without a word to anyone at all",
             "the ferry waits beside the quay with all its lights",
             "and no one on the landing stage to watch it leave"]
    assert rejoin_wrapped(verse) == verse  # no line is full: the next word would have fitted
    short = ["the tide comes in", "across the stones", "and goes again", "without a word"]
    assert rejoin_wrapped(short) == short


def test_lines_that_end_sentences_stay_apart() -> None:
    lines = ["The ferry returns in March after a winter of repairs to both stages.",
             "Fares stay at last year's level until the summer, the company said.",
             "Season tickets bought before the closure are extended by the months."]
    assert rejoin_wrapped(lines) == lines


def test_a_contact_block_of_names_stays_apart() -> None:
    names = ["Jane Harbour, Portvale Harbour Ferries, press office, 01234 567890",
             "Tom Quay, Northshire County Council, communications 01234 567891",
             "Alice Stone, Estuary Users Association, chair and spokeswoman"]
    assert rejoin_wrapped(names) == names
    panel = ["Mirwais Wardak - Managing Director, Peace Training Organisation",
             "Michael Semple - Visiting Research Professor, Queen's University",
             "David Sedney - Former Senior Official, US Department of Defense",
             "Andrew Wilder - Vice President, Asia Programs, Peace Institute"]
    assert rejoin_wrapped(panel) == panel  # full lines, but each opens a name: not running prose
    panel.append("with the Northshire ferry operators' association as observers")
    assert rejoin_wrapped(panel) == panel  # one line opening in lower case does not make it prose


def test_a_contact_line_is_not_joined_to_the_text_after_it() -> None:
    lines = ["Circulation and home delivery: 01234 567890 or 01234 567891",
             "courier.example reaches about a million readers every month and",
             "sells around thirty thousand printed copies on weekdays, more on",
             "Saturdays."]
    assert rejoin_wrapped(lines)[0] == lines[0]


def test_ragged_breaks_that_go_on_in_lower_case_rejoin() -> None:
    lines = ["The weather turned cold and wet over the estuary this week,",
             "and when that happens the night ferry is the first service the company cuts back",
             "to keep the older of its two boats in the shelter of the harbour",
             "until the storms have passed."]
    assert rejoin_wrapped(lines) == [" ".join(lines)]
    assert rejoin_wrapped(lines[:2]) == lines[:2]  # one such break alone is not evidence


def test_a_line_ending_on_a_word_that_leaves_the_sentence_open_goes_on_in_capitals() -> None:
    lines = ["PORTVALE, March 1 (Courier Wire) - The night ferry across the",
             "estuary will run again from March, the harbour master said in",
             "Portvale's daily paper, the Northshire Gazette, quoted him with",
             "Northshire Gazette Weekly."]
    assert rejoin_wrapped(lines) == [" ".join(lines)]


def test_a_list_of_names_ending_on_a_full_stop_stays_apart() -> None:
    panel = ["Mirwais Wardak - Managing Director, Peace Training Organisation",
             "Michael Semple - Visiting Research Professor, Queen's University",
             "David Sedney - Former Senior Official, US Department of Defense",
             "Andrew Wilder - Vice President, Asia Programs, Peace Institute."]
    assert rejoin_wrapped(panel) == panel
