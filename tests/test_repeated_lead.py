"""A summary (standfirst) printed again as the lead under its dateline is stored once, as the
lead with the dateline; text that only resembles the lead, or repeats it far down, stays. Pages
and text are invented for these tests."""

from __future__ import annotations

from pipeline.config import NormaliseSettings
from pipeline.normalise.article import RawRecord, normalise_record, stored_body
from tests.pages import page

SUMMARY = ("Suicide bombers struck two mosques in the old quarter of Portvale on Friday, killing at least "
           "forty worshippers during evening prayers.")
LEAD = f"PORTVALE, Northland — {SUMMARY}"
SECOND = ("Police sealed off the streets around both mosques and asked residents to stay indoors while "
          "ambulances carried the wounded to the city's two hospitals.")
THIRD = ("The attacks came three days after the government announced new security measures for places "
         "of worship across the region, including guards at every entrance.")


def _html_body(paragraphs: list[str]) -> str:
    rec = RawRecord("t", "fixture:1", url="https://courier.example/2026/03/02/mosques",  # type: ignore[arg-type]
                    html=page("Bombers strike two mosques", paragraphs))
    return normalise_record(rec, NormaliseSettings()).body


def test_a_standfirst_repeated_as_the_dateline_lead_is_stored_once() -> None:
    body = _html_body([SUMMARY, LEAD, SECOND, THIRD])
    assert body.count("Suicide bombers struck") == 1
    assert body.startswith(LEAD)  # the fuller one, with its dateline, is kept
    assert SECOND in body and THIRD in body


def test_a_summary_cut_short_or_a_byline_between_still_counts_as_the_repeat() -> None:
    cut = SUMMARY[: SUMMARY.index(" worshippers")] + " wor…"
    assert stored_body([cut, "By Ann Lee", LEAD, SECOND], None).split("\n\n") == ["By Ann Lee", LEAD, SECOND]


def test_text_that_only_resembles_the_lead_or_repeats_it_later_stays() -> None:
    # a different sentence with the same opening, a short kicker repeated, a repeat past the top
    other = "Suicide bombers struck two mosques in the old quarter of Portvale last year as well, police said."
    assert stored_body([other, LEAD, SECOND], None).split("\n\n") == [other, LEAD, SECOND]
    kicker = "Breaking news from Portvale"
    assert stored_body([kicker, f"PORTVALE — {kicker}", SECOND], None).split("\n\n") == [kicker, f"PORTVALE — {kicker}", SECOND]
    late = [LEAD, SECOND, THIRD, other, kicker, SUMMARY, LEAD]
    assert stored_body(late, None).split("\n\n") == late
    # no dateline before the repeat: a caption printed again with its credit is not a standfirst
    caption = "The mayor of Portvale lays a wreath outside the old mosque on the morning after the attacks"
    credited = f"{caption} (Photo by Ann Lee for the Courier)"
    assert stored_body([caption, credited, SECOND], None).split("\n\n") == [caption, credited, SECOND]
    # a long run of words before the repeat is no dateline: the later paragraph says more, not the same
    longer = f"Witnesses outside the main gate described a scene of panic and confusion, and said that {SUMMARY}"
    assert stored_body([SUMMARY, longer], None).split("\n\n") == [SUMMARY, longer]
