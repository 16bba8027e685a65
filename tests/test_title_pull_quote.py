"""A pull quote set as a heading inside the story is never the headline (title.is_pull_quote)."""

from __future__ import annotations

from pipeline.normalise.html import extract_page

LEAD = ("<p>The harbour authority said on Monday that the north pier will close for eighteen months while "
        "engineers replace the timber piles that were damaged in last winter's storms.</p>")
REST = "".join(
    f"<p>Paragraph {k} of the story goes on about ferries, tides, timetables, the customs wharf and what the "
    "engineers found under the old deck when the divers went down to look at the piles last week.</p>"
    for k in range(6))
QUOTE = "“We cannot risk another winter on rotten piles”"
URL = "https://www.harbournews.example/story/1"


def title_of(head: str, body: str) -> str | None:
    return extract_page(f"<html><head>{head}</head><body>{body}</body></html>", URL).title


def test_a_pull_quote_heading_inside_the_story_is_not_the_headline() -> None:
    """The <title> names only the site, so the heading over the story is taken: the pull quote
    has most of the story under it, but the story began under the headline."""
    body = f"<div class='story'><h1>North pier to close for repairs</h1>{LEAD}<h3>{QUOTE}</h3>{REST}</div>"
    assert title_of("<title>Harbour News</title>", body) == "North pier to close for repairs"


def test_a_quoted_headline_in_the_h1_stays_the_headline() -> None:
    body = f"<div class='story'><h1>{QUOTE}</h1>{LEAD}{REST}</div>"
    assert title_of("<title>Harbour News</title>", body) == QUOTE


def test_a_quoted_heading_the_title_holds_stays_the_headline() -> None:
    """A blog's name in the <h1>, its post's quoted title as an <h2> that the <title> prints."""
    body = f"<h1>Harbour News</h1>{LEAD}<h2>{QUOTE}</h2>{REST}"
    assert title_of(f"<title>Harbour News: {QUOTE}</title>", body) == QUOTE
