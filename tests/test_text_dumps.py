"""Whole-page text dumps (what scrapers and html2text save): the story is kept, the page is not.
Fixture: tests/fixtures/extraction/text/page_dump.txt (written for this test), also rendered here
as blank-line paragraphs and as html2text-style markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import NormaliseSettings
from pipeline.normalise.article import RawRecord, normalise_record
from pipeline.normalise.furniture import is_comments_heading, is_furniture_line
from pipeline.normalise.text import comment_thread_start, strip_markdown, text_paragraphs

FIX = Path(__file__).parent / "fixtures" / "extraction" / "text" / "page_dump.txt"
TITLE = "Harbour ferry fares to rise in spring | The Coastal Courier"
STORY = [
    "Ferry fares across the harbour will rise by twelve per cent in April",
    "The authority said fuel and crew costs had climbed faster than expected",
    "Who pays more",  # a subhead
    "Commuters with monthly passes will pay about nine pounds more each month.",
    '"Nobody likes a fare rise," said the authority\'s chief executive, Tom Reyes.',
    "He was firm.",  # a short sentence
    "Related talks with the council over a longer subsidy deal will resume",  # "Related" opening a sentence
    "Passenger groups called the rise unfair",
    "The new fares take effect on April 1.",
]
LEFTOVERS = [
    ("menu", "Business"),
    ("trends line", "Trends: ferry fares"),
    ("share prompt", "Share on Facebook"),
    ("tags line", "Tags: transport"),
    ("related-story list", "Bridge tolls frozen for another year"),
    ("most-read list", "Storm closes coast road overnight"),
    ("comment heading", "23 Comments"),
    ("commenter name", "harbourgirl_77"),
    ("commenter name", "Pete from Eastpoint"),
    ("comment text", "paying more for that is a joke"),
    ("comment text", "I would rather pay than lose it"),
    ("comment timestamp", "9:12 am"),
    ("reply button", "Reply"),
    ("likes count", "14 likes"),
    ("spam", "CHEAP FERRY TICKETS"),
    ("spam", "90% off all routes"),
    ("star rating", "★"),
    ("emoji string", "🔥"),
    ("comment form", "Your email address will not be published"),
    ("footer", "All rights reserved"),
    ("footer", "Advertise with us"),
]


def _lines() -> list[str]:
    return FIX.read_text().splitlines()


def _markdown(lines: list[str]) -> str:
    """The page as html2text writes it: bullets of links, headings, links in text, blank lines."""
    out = []
    for line in lines:
        if line in ("Home", "News", "Sport", "Business", "Opinion", "Weather", "About us", "Contact"):
            out.append(f"  * [{line}](/{line.lower()})")
            continue
        if line in ("23 Comments", "Who pays more", "Related stories", "Most read"):
            line = f"## {line}"
        elif "Tom Reyes" in line:
            line = line.replace("Tom Reyes", "[Tom Reyes](https://courier.example/people/tom-reyes \"Tom Reyes\")")
        elif line.startswith(("Bridge", "Island", "New timetable", "Storm", "Fishing", "Council votes")):
            line = f"  * [{line}](https://courier.example/{len(line)})"
        out.append(line)
        out.append("")
    return "\n".join(out)


STYLES = {
    "blocks": lambda: FIX.read_text(),
    "paragraphs": lambda: "\n\n".join(_lines()),
    "markdown": lambda: _markdown(_lines()),
}


def _body(text: str) -> str:
    rec = RawRecord("dump", "fixture:1", url="https://courier.example/ferry-fares", title=TITLE, text=text)
    return normalise_record(rec, NormaliseSettings()).body


@pytest.fixture(scope="module", params=sorted(STYLES))
def body(request: pytest.FixtureRequest) -> str:
    return _body(STYLES[request.param]())


def test_the_whole_story_is_kept(body: str) -> None:
    for kept in STORY:
        assert kept in body, f"story line lost: {kept!r}"


@pytest.mark.parametrize(("kind", "text"), LEFTOVERS)
def test_page_leftover_is_removed(body: str, kind: str, text: str) -> None:
    assert text not in body, f"{kind} left in the body"


def test_a_heading_in_a_list_is_reduced_to_its_text() -> None:
    assert strip_markdown("  * ## Sponsor") == "Sponsor"


def test_markdown_links_keep_their_text_only() -> None:
    body = _body(STYLES["markdown"]())
    assert "said the authority's chief executive, Tom Reyes." in body
    assert "](" not in body and "https://" not in body


def test_a_clean_story_keeps_its_short_edges() -> None:
    """A dump that is already the story (NELA) is not cut to its longest run of text."""
    lines = ["WELLINGTON -", *[s if s.endswith(".") else s + "." for s in STORY[:2]], "More to follow"]
    assert text_paragraphs("\n".join(lines))[0] == "WELLINGTON -"


def test_a_long_thread_after_a_short_story_does_not_become_the_story() -> None:
    story = [
        "Council approves the new ferry timetable for the summer season, starting in June this year.",
        "Two extra evening sailings will run on weekdays, and the first boat leaves half an hour earlier.",
    ]
    thread = []
    for i in range(6):
        thread += [f"reader{i}", "I have been saying for years that the summer boats are too full, and this changes nothing at all.", f"June {i + 1}, 2026 at 10:0{i} am", "Reply"]
    menu = ["Home", "News", "Sport", "Weather", "Contact", "Jobs"]
    paragraphs = text_paragraphs("\n".join(menu + story + ["6 Comments"] + thread + menu))
    assert paragraphs == story


def test_a_date_in_a_sentence_is_not_a_thread() -> None:
    lines = [f"Line {i} of a story about the harbour, long enough to be running text of a real report." for i in range(6)]
    lines[4] = "The vote was held on May 3, 2026."
    assert comment_thread_start(lines) is None


@pytest.mark.parametrize(
    "heading",
    ["One Response to “Ferry fares”", "No comments yet", "Comments»", "{ 3 comments… read them below or add one }",
     "1 comment to Ferry fares", "Reader comments (12)"],
)
def test_comment_headings_as_dumps_spell_them(heading: str) -> None:
    assert is_comments_heading(heading)


@pytest.mark.parametrize("line", ["Trends: ferries, bridges", "Tags:", "Topics: transport, council", "Labels: news"])
def test_tag_and_topic_lines_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    ["This entry was posted on Monday, March 2nd, 2026 at 9:00 am and is filed under News.", "Filed under news .",
     "Posted by Nadia on March 2, 2026 | Permalink", "Bookmark the permalink.", "Get our new posts by email:"],
)
def test_blog_post_footers_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    ["Tags were found on the stolen bikes, police said.", "Related talks resume on Monday.",
     "Posted by police on Facebook, the video drew two million views."],
)
def test_sentences_starting_like_furniture_are_kept(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_comments_heading_after_the_first_paragraph_cuts_a_long_thread() -> None:
    story = [
        "Council approves the new ferry timetable for the summer season, starting in June this year.",
        "Two extra evening sailings will run on weekdays, and the first boat leaves half an hour earlier.",
    ]
    thread = [f"Comment number {i} says the summer boats were too full last year and nothing has changed." for i in range(8)]
    assert text_paragraphs("\n".join([*story, "7 Comments »", *thread])) == story


def test_a_comment_count_with_an_adjective_is_a_heading() -> None:
    assert is_comments_heading("4 appreciated comments on “Stop motion. Behind the scenes.”")


@pytest.mark.parametrize("line", [
    "Join my FREE private newsletter, Learn Faster, Achieve More. Sign up and I'll send you a free copy of my ebook.",
    "Never miss a recipe or a great styling tip. Subscribe and stay updated!",
    "You will receive only the daily updates, and can unsubscribe at anytime.",
    "No worries, this form appears only once, and your email will never be shared.",
    "Follow me on Twitter . Subscribe to new posts via RSS or email .",
    "This was written by Ann Lee . Posted on Friday, November 2, 2026, at 1:23 pm. Filed under Ferries , Harbour . "
    "Bookmark the permalink . Follow any comments here with the RSS feed for this post.",
    "Email This BlogThis! Share to Twitter Share to Facebook",
    "Digg This | Save to del.icio.us",
    "Pin It Tweet",
    "About the Author: Ann Lee writes about ferries, piers and the people who run them for the Coastal Courier.",
])
def test_subscribe_prompts_share_rows_and_author_boxes_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "The council said it would post the new timetable on its website and share it on Twitter this week.",
    "Share prices rose on the news.",
    # a whole post that ends by inviting readers to subscribe is still the post
    "Dan Lee of the harbour school is offering a free online course on navigation. The course runs for six weeks, "
    "and has five to seven hours of work a week, with written homework and boat labs. To receive these entries "
    "once a month by e-mail, sign up for the Harbour Newsletter.",
])
def test_story_lines_that_mention_sharing_or_subscribing_are_kept(line: str) -> None:
    assert not is_furniture_line(line)
