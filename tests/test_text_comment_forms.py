"""Comment threads in text dumps whose marks follow each comment, and headings and marks of
older comment forms. All fixtures are written here."""

from __future__ import annotations

import pytest

from pipeline.normalise.text import _is_comment_mark, text_paragraphs

MENU = ["Home", "News", "Sport", "Weather", "Contact", "Jobs"]
FOOT = ["About us", "Contact us", "Advertise"]
STORY = [
    "Council approves the new ferry timetable for the summer season, starting in June this year.",
    "Two extra evening sailings will run on weekdays, and the first boat leaves half an hour earlier.",
    "The harbour authority said the changes follow a survey of more than two thousand regular passengers.",
    "Fares will stay the same until the autumn, when the board will look at the costs of fuel again.",
]
REMARKS = [
    "That was wonderful, the late boat is the one I need most evenings after my shift at the hospital.",
    "Finally. The early sailing was always full by the second stop anyway, so this is overdue news.",
    "Lovely news for the island, though the fares still feel steep to me and my family of five.",
    "I hope they keep the winter boats as well, we rely on them too when the bridge is closed for repairs.",
]
NAMES = ["islander22", "Mary from Leeds", "jb", "ferryfan"]


def _trailed(marks: list[str]) -> list[str]:
    thread = []
    for i, remark in enumerate(REMARKS):
        thread += [remark, *(m.format(name=NAMES[i], i=i) for m in marks)]
    return thread


@pytest.mark.parametrize("marks", [
    ["Posted by: {name} | January 1{i}, 2026 10:4{i} AM"],
    ["Recommend? ({i})", "Report abuse"],
    ["{name}, Leeds", "Added: Tuesday, 1{i} January, 2026, 10:4{i} GMT"],
    ["Posted by {name} | Permalink"],
    ["Sent by {name}, Leeds"],
])
def test_marks_under_each_comment_cut_the_thread_from_the_first_comments_text(marks: list[str]) -> None:
    for sep in ("\n", "\n\n"):
        body = text_paragraphs(sep.join(MENU + STORY + _trailed(marks) + FOOT))
        assert body == STORY


def test_a_posts_own_date_and_posted_by_line_do_not_cut_its_last_paragraph() -> None:
    lines = [*MENU, "Monday, May 4, 2026", *STORY, "Posted by Ann Lee on 5/4/2026 07:22:00 PM", "0 Comments:",
             "Post a Comment", *FOOT]
    assert text_paragraphs("\n".join(lines)) == STORY


def test_forum_marks_above_and_below_each_comment_keep_the_story() -> None:
    thread = []
    for i, remark in enumerate(REMARKS):
        thread += [f"Thu, 05/07/2026 - 14:3{i} | 26917{i} islander{i}", f"islander{i}'s picture", remark,
                   "Login or register to post comments"]
    assert text_paragraphs("\n".join(MENU + STORY + thread + MENU)) == STORY


@pytest.mark.parametrize("heading", ["Your views", "Your views on this story", "What you said", "Readers' views"])
def test_older_comment_form_headings_open_a_thread(heading: str) -> None:
    thread = [x for i, r in enumerate(REMARKS) for x in (NAMES[i], r)]
    assert text_paragraphs("\n".join(MENU + STORY + [heading] + thread + FOOT)) == STORY


@pytest.mark.parametrize("line", ["★★★★☆", "Rating: 4/5", "Rated 3.5 out of 5 stars", "Sent by jb, Leeds",
                                  "Posted by jb | Permalink", "Recommend? (3)"])
def test_ratings_senders_and_trailers_are_comment_marks(line: str) -> None:
    assert _is_comment_mark(line)


def test_star_ratings_above_each_comment_cut_the_thread() -> None:
    thread = [x for i, r in enumerate(REMARKS) for x in (NAMES[i], "★★★★☆", r)]
    assert text_paragraphs("\n".join(MENU + STORY + thread + FOOT)) == STORY


@pytest.mark.parametrize("line", ["Rating agencies cut the bonds", "Posted by hand to every house on the island.",
                                  "- Council minutes, page 4, item 2, and the appendix on fares."])
def test_prose_like_the_new_marks_is_no_mark(line: str) -> None:
    assert not _is_comment_mark(line)


@pytest.mark.parametrize("line", ["2 Likes Like Report", "Reply • Share ›", "Like Reply 3", "Recommend Reply Report abuse"])
def test_a_row_of_comment_tools_and_counts_is_a_mark(line: str) -> None:
    assert _is_comment_mark(line)


def test_vote_rows_under_each_comment_cut_the_thread() -> None:
    thread = [x for i, r in enumerate(REMARKS) for x in (NAMES[i], r, f"{i + 1} Likes Like Report")]
    assert text_paragraphs("\n".join(MENU + STORY + thread + FOOT)) == STORY


def test_a_footers_link_row_after_a_trailed_thread_is_no_comment_text() -> None:
    # the row after the last "Posted by" line has words enough, but it is links, not a comment
    footer_row = "About us | Contact us | Advertise with us | Terms of use | © 2026 Harbour Media Ltd |"
    thread = _trailed(["Posted by: {name} | Jan 1{i}, 2026 10:4{i}:00 AM"])
    assert text_paragraphs("\n".join(MENU + STORY + thread + [footer_row])) == STORY
