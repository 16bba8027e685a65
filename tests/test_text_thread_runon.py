"""Comment threads a scraper flattened so that one line holds several comments, their commenter
marks ("Comment #3 - Posted by: jdoe at <date>", "Sue said... <date>") run together. The fixtures
are invented; the page's menu, story and remarks are those of ``test_text_comment_forms``."""

from __future__ import annotations

import pytest

from pipeline.normalise.furniture import is_furniture_line
from pipeline.normalise.text import comment_thread_start, text_paragraphs
from tests.test_text_comment_forms import MENU, REMARKS, STORY

TITLE = "Council approves the new ferry timetable"
FOOT = ["About us", "Contact us", "Advertise", "Privacy policy"]


def _posted(k: int, name: str, day: int) -> str:
    return f"Comment #{k} - Posted by: {name} at November {day}, 2012 5:3{k % 10} PM"


def _page(thread: list[str]) -> str:
    return "\n".join([TITLE, *MENU, TITLE, *STORY, "Share this:", "Twitter", "Facebook", *thread, *FOOT])


def test_a_line_of_comments_run_together_under_comments_is_a_thread() -> None:
    thread = [f"Comments {REMARKS[0]} {_posted(1, 'MattP', 10)} {REMARKS[1]} {_posted(2, 'jdoe', 10)}",
              f"{REMARKS[2]} {_posted(3, 'Ann', 11)} Post a comment Name:"]
    assert text_paragraphs(_page(thread), TITLE) == STORY


def test_a_comments_line_with_one_mark_over_a_run_on_line_opens_the_thread() -> None:
    lines = [*STORY, f"Comments {REMARKS[0]} {_posted(1, 'MattP', 10)}",
             f"{REMARKS[1]} {_posted(2, 'jdoe', 10)} {REMARKS[2]} {_posted(3, 'Ann', 11)}"]
    assert comment_thread_start(lines, 0) == len(STORY)


@pytest.mark.parametrize("mark", ["{name} said... November {day}, 2012 9:1{day} AM", "Posted by: {name} at 9:1{day} am"])
def test_other_commenter_marks_run_together_are_a_thread(mark: str) -> None:
    line = " ".join(f"{r} {mark.format(name=n, day=i + 3)}" for i, (r, n) in enumerate(zip(REMARKS, ["Sue", "Bob", "Ann"], strict=False)))
    lines = [*STORY, line]
    assert comment_thread_start(lines, 0) == len(STORY)


def test_a_story_line_mentioning_posted_by_once_is_kept() -> None:
    lines = [*STORY[:2], "The first photo of the ferry was posted by the harbour master at 5:00 PM on Friday.", *STORY[2:]]
    assert comment_thread_start(lines, 0) is None
    assert text_paragraphs("\n".join(lines)) == lines


def test_a_live_blog_with_one_stamp_per_entry_is_kept() -> None:
    entries = [f"Posted by Ann Lee at {h}:00 PM {s}" for h, s in zip((1, 2, 3, 4), STORY, strict=False)]
    assert comment_thread_start(entries, 0) is None


POLICY = ["Please, no personal attacks, obscenities or profanity in the comments, and keep it on topic.",
          "Potentially libelous statements or personal attacks will be removed.",
          "Please, no personal attacks, obscenities or profanity in the comments. Potentially libelous statements will be removed. "
          "Keep it civil and on topic, remember that other readers have feelings as well as opinions, and know that repeat "
          "offenders will be banned from posting here without further notice."]


@pytest.mark.parametrize("line", POLICY)
def test_a_comment_policy_is_furniture(line: str) -> None:
    assert is_furniture_line(line)
    assert text_paragraphs("\n".join([*STORY, line])) == STORY


@pytest.mark.parametrize("line", ["Please, no personal attacks on my family, the senator told reporters after the vote.",
                                  "Potentially libelous statements in the report were removed before publication, the editor said."])
def test_a_story_on_attacks_or_libel_is_kept(line: str) -> None:
    assert not is_furniture_line(line)
