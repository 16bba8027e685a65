"""One comment-heading rule for both paths (issue 19, part 1): a heading the shared rule in
``normalise/furniture.py`` knows cuts the thread after it on the HTML path and on the text path
alike. All fixtures are written here."""

from __future__ import annotations

import pytest

from pipeline.normalise.furniture import is_comments_heading
from pipeline.normalise.html import extract_page
from pipeline.normalise.text import _is_thread_heading, text_paragraphs

_STORY = [
    f"The Portvale harbour board said on Monday it would rebuild the north slipway, stage {i}, "
    "before the summer regatta brings its usual crowds of visiting yachts to the bay."
    for i in range(6)
]
_REMARKS = [
    "About time too, the old slipway has been falling apart for as long as I can remember.",
    "I hope they keep the small boat moorings free during the works, we have nowhere else to go.",
    "Another expensive plan from the board while the car park by the quay still floods every winter.",
]
_MENU = ["Home", "News", "Sport", "Weather", "Contact"]

# headings first taught to the text path, now in the shared rule
_HEADINGS = [
    "Your views",
    "What you said",
    "Readers' views",
    "What readers are saying",
    "Talkback - Add your opinion",
    "Sort comments by: newest",
    "Anything to add?",
    # links other blogs sent, a reply form's heading and fields, a collapsed thread's button
    "2 Trackbacks",
    "Trackbacks/Pingbacks",
    "Leave a Reply to Sue Cancel reply",
    "Leave a Comment:",
    "Post your comment",
    "Speak your mind",
    "Tell us what you think",
    "Share your thoughts",
    "View all 12 comments",
    "Comments (closed)",
    "Notify me of follow-up comments by email.",
    "You must be logged in to post a comment.",
    "Loading comments...",
    "Facebook Comments",
    "Comment policy",
    "Join the debate",
    "Share your views",
    "Respond to this story",
    "Read comments (12)",
    "Comments ( 3 )",
    "Comments 1 - 10 of 25",
    "Previous comments",
    "Comments by Facebook",
    "Comments are the opinions of their authors",
]


@pytest.mark.parametrize("heading", _HEADINGS)
def test_the_shared_rule_knows_the_heading(heading: str) -> None:
    assert is_comments_heading(heading)
    assert _is_thread_heading(heading)  # the text path asks the same rule


@pytest.mark.parametrize("heading", _HEADINGS)
def test_the_html_path_cuts_the_thread_after_the_heading(heading: str) -> None:
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    thread = f"<h3>{heading}</h3>" + "".join(f"<p>{r}</p>" for r in _REMARKS)
    page = (f"<html><head><title>Slipway to be rebuilt</title></head><body><div class='story'>"
            f"<h1>Slipway to be rebuilt</h1>{story}{thread}</div></body></html>")
    body = " ".join(extract_page(page, "https://portvale.example/news/slipway").paragraphs)
    assert "stage 5" in body
    assert heading not in body
    assert not any(r[:30] in body for r in _REMARKS)


@pytest.mark.parametrize("heading", _HEADINGS)
def test_the_text_path_cuts_the_thread_after_the_heading(heading: str) -> None:
    dump = "\n".join([*_MENU, *_STORY, heading, *_REMARKS, *_MENU])
    assert text_paragraphs(dump) == _STORY


@pytest.mark.parametrize("line", [
    "Your views on the slipway were heard at length by the board at its meeting on Monday night.",
    "What you said at the meeting was recorded in the minutes, the harbour master told the crowd.",
    "Readers' views differ widely on whether the regatta should move to the autumn next year.",
    "Tell us what you think of the new slipway at the harbour office before Friday.",
    "Share your thoughts with the board, the harbour master urged the crowd.",
    "Trackbacks from other sites were switched off when the blog moved.",
])
def test_prose_that_starts_like_a_heading_is_not_one(line: str) -> None:
    assert not is_comments_heading(line)
