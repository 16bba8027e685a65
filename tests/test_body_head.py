"""The first lines of an HTML-path body: the headline run into a byline or a stamp leaves the body
(the byline's name joins the credits), and so does a lone word over the story (a field's or a
section's label). Each form has a look-alike that is article text. Pages are invented."""

from __future__ import annotations

from pipeline.config import NormaliseSettings
from pipeline.normalise.article import Article, RawRecord, normalise_record
from pipeline.normalise.html import drop_lead_label, split_lead_headline
from tests.pages import PARAGRAPHS, page

TITLE = "Harbour pier to close for repairs"


def _article(head: str) -> Article:
    rec = RawRecord("t", "fixture:1", url="https://courier.example/2026/03/02/pier",  # type: ignore[arg-type]
                    html=page(TITLE, [head, *PARAGRAPHS]).replace(f"<h1>{TITLE}</h1>", ""))
    return normalise_record(rec, NormaliseSettings())


def test_a_headline_run_into_a_dated_byline_leaves_the_body_and_credits_the_name() -> None:
    art = _article(f"{TITLE} By Jo Quay and agencies Last Updated: 2:56am GMT 29/12/2007")
    assert art.body.startswith(PARAGRAPHS[0])
    assert "Jo Quay and agencies" in art.credits


def test_a_headline_run_into_a_date_leaves_the_body() -> None:
    assert _article(f"{TITLE} 20 August, 2011").body.startswith(PARAGRAPHS[0])


def test_a_headline_in_a_layout_table_row_is_split_too() -> None:
    lines = [f"|  |  | {TITLE} By Jo Quay Last Updated: 12:44am GMT 31/12/2007", PARAGRAPHS[0]]
    assert split_lead_headline(lines, TITLE) == [TITLE, "By Jo Quay Last Updated: 12:44am GMT 31/12/2007", PARAGRAPHS[0]]


def test_a_headline_run_into_prose_or_a_lead_that_opens_like_it_stays() -> None:
    prose = f"{TITLE} was the council's answer on Monday, after weeks of complaints from the ferry crews."
    assert split_lead_headline([prose, PARAGRAPHS[0]], TITLE) == [prose, PARAGRAPHS[0]]
    assert split_lead_headline([PARAGRAPHS[0]], "PORTVALE") == [PARAGRAPHS[0]]


def test_a_lone_label_over_the_story_leaves_the_body() -> None:
    assert _article("Title").body.startswith(PARAGRAPHS[0])
    assert drop_lead_label(["ENVIRONMENT", PARAGRAPHS[0]], TITLE) == [PARAGRAPHS[0]]
    assert drop_lead_label([TITLE, "By", PARAGRAPHS[0]], TITLE) == [TITLE, PARAGRAPHS[0]]  # under the headline repeat


def test_a_word_the_next_line_goes_on_from_or_a_sentence_stays() -> None:
    lines = ["Photos", "which were released on Monday show the pier's rotten piles."]
    assert drop_lead_label(lines, TITLE) == lines
    assert drop_lead_label(["Yes.", PARAGRAPHS[0]], TITLE) == ["Yes.", PARAGRAPHS[0]]
    assert drop_lead_label(["Title"], TITLE) == ["Title"]  # a body of one word is left to the length check
