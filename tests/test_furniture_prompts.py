"""Interaction prompts and counters a story's template prints around it, and a dated byline run into
the dateline lead. Each form has a look-alike that is article text."""

from __future__ import annotations

import pytest

from pipeline.normalise.furniture import is_furniture_line, lead_byline_end
from pipeline.normalise.html import split_lead_byline


@pytest.mark.parametrize("line", [
    "Talkbacks for this article: 12", "Comments on this story (3)",
    "Send this article to Friends by E-Mail", "Email this story to friends",
    "To contact the writer on this story: Jo Quay in Harbour City at jquay@harbour.example",
    "To contact the editor responsible for this story: Al Dock at adock@harbour.example",
    "Reach the reporters on Twitter at twitter.example/jquay",
    "If you want other stories on this topic, search the Archives at harbour.example/archives.",
    "There is a more recent version of this article.",
    "Have you been affected by the ferry strike? Send us your comments using the form below:",
    "A selection of your comments may be published, displaying your name and location.",
    "The Harbour News may edit your comments and not all emails will be published.",
    "Note: we are temporarily moderating all comments to deal with spam.",
    "Follow Harbour Wire's full coverage of the ferry strike at https://wire.example/strike",
    "The News is committed to publishing letters to the editor. We'd like to hear what you think about this or any of"
    " our articles. Here are some tips.",
    "Twitter (17,190 followers) • Facebook (3,037 likes) • Flickr (218 contacts)",
    "* Email will not be published", "Your email address will never be shared.", "Required fields are marked *",
    "Comments may be no longer than 2000 characters and will post to the site shortly after submitting.",
])
def test_prompts_and_counters_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "Have you been affected by the ferry strike?",  # a question alone may be the story's own
    "Moderators may edit comments that break the forum's rules, the company said.",
    "To contact the reporter, the family had to call the newsroom twice.",
    "A selection of the island's best photographs goes on show at the library.",
    "Follow the ferry's route on the map at the end of this page.",
    "Harbour Wire (1,200 subscribers) was sold in May.",
    "Email me when the council's report will not be published, she asked.",
    "Comments may be no longer welcome at the council's meetings, the mayor said.",
])
def test_prose_that_opens_alike_stays(line: str) -> None:
    assert not is_furniture_line(line)


_LEAD = "HARBOUR CITY - The ferry service resumed on Monday after a week of storms closed the port."


@pytest.mark.parametrize("byline", [
    "By JO QUAY, Harbour Press Writer 10 minutes ago",
    "By AL DOCK and JO QUAY, Harbour Press Writers 1 hour, 32 minutes ago",
    "By JO QUAY, Harbour Business Writer Fri Dec 28, 6:46 AM ET",
])
def test_a_dated_byline_is_split_off_the_lead(byline: str) -> None:
    assert split_lead_byline(f"{byline} {_LEAD}") == [byline, _LEAD]
    assert is_furniture_line(byline)  # then dropped as a supplier's stamp


@pytest.mark.parametrize("line", [
    "By 11:30 p.m., it was clear that the ferry would not sail. The crew went home.",
    "By Jo Quay 10 minutes ago",  # the byline alone: the stamp rule's
    "By the time the ferry docked at 6:46 AM the crowd had gone home and the pier was empty.",
])
def test_lines_without_a_dated_byline_lead_stay_whole(line: str) -> None:
    assert lead_byline_end(line) == 0


def test_a_byline_with_the_layout_s_whitespace_is_split_and_tidied() -> None:
    line = f"By JO QUAY, Harbour Press Writers \n            1 hour, 5 minutes ago {_LEAD}"
    assert split_lead_byline(line) == ["By JO QUAY, Harbour Press Writers 1 hour, 5 minutes ago", _LEAD]


def test_the_html_path_keeps_the_lead_and_credits_the_byline() -> None:
    from pipeline.normalise.html import extract_page
    from tests.test_extraction import _STORY

    page = (f"<html><head><title>Ferry back</title></head><body><div class='story'><h1>Ferry back</h1>"
            f"<p>By JO QUAY, Harbour Press Writer 10 minutes ago {_LEAD}</p>{''.join(f'<p>{p}</p>' for p in _STORY)}"
            "</div></body></html>")
    fields = extract_page(page, "https://news.example/ferry")
    assert _LEAD in fields.paragraphs
    assert not any(p.startswith("By JO QUAY") for p in fields.paragraphs)
    assert "JO QUAY, Harbour Press Writer" in fields.credits
