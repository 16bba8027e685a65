"""Comment threads whose comments open with "Name said," (blog themes), under a counter of who
responded or under none, and a related-posts widget's credit. All fixtures are written here."""

from __future__ import annotations

import pytest

from pipeline.normalise.furniture import is_comments_heading, is_furniture_line
from pipeline.normalise.text import comment_thread_start, text_paragraphs

TITLE = "Council approves the new ferry timetable"
MENU = ["Home", "News", "Sport", "Weather", "Contact", "Jobs"]
FOOT = ["About us", "Contact us", "Advertise", "Privacy policy"]
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
NAMES = ["Mary Jones", "islander22", "Tom", "Bob Smith"]


def _page(thread: list[str], sep: str = "\n") -> str:
    return sep.join([TITLE, *MENU, TITLE, *STORY, "Share this:", "Twitter", "Facebook", *thread, *FOOT])


@pytest.mark.parametrize("commenter", ["{name} said,", "{name} on March {day}, 2010 said", "{name} on {day} May 2010 at 9:12 am said:",
                                       "{name} says:"])
@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_comments_opened_by_name_said_are_a_thread_without_a_counter(commenter: str, sep: str) -> None:
    thread = [x for i, r in enumerate(REMARKS) for x in (commenter.format(name=NAMES[i], day=i + 3), r)]
    assert text_paragraphs(_page(thread, sep), TITLE) == STORY


def test_a_date_over_each_name_said_line_goes_with_the_thread() -> None:
    thread = [x for i, r in enumerate(REMARKS) for x in (f"March {i + 3}, 2010 at 9:1{i} am", f"{NAMES[i]} said,", r)]
    assert text_paragraphs(_page(thread), TITLE) == STORY


@pytest.mark.parametrize("counter", ['45 users responded in "Council approves the new ferry timetable"',
                                     "3 readers commented on “Council approves the new ferry timetable”", "12 people replied"])
def test_a_counter_of_who_responded_heads_a_thread(counter: str) -> None:
    assert is_comments_heading(counter)
    # comments under it with no mark of their own: only the counter shows the thread
    assert text_paragraphs(_page([counter, *REMARKS[:2]]), TITLE) == STORY


@pytest.mark.parametrize("line", ["200 people responded to the survey.", "200 people responded to the survey",
                                  "Most readers responded in kind"])
def test_a_story_line_on_who_responded_is_no_counter(line: str) -> None:
    assert not is_comments_heading(line)


def test_a_story_quoting_people_on_lines_of_their_own_is_kept() -> None:
    # a speaker over a quotation, twice: a story's quotes open with quotation marks
    lines = [*STORY[:2], "Council leader Mary Jones said,", "“We listened to the passengers and we acted on what they told us.”",
             "Bob Smith said,", "“The crews will be glad of the lighter evenings, and so will the passengers.”", *STORY[2:]]
    assert comment_thread_start(lines, 0) is None
    assert text_paragraphs("\n".join(lines)) == lines


@pytest.mark.parametrize("said", ["He said,", "After the vote the mayor of the island said,", "Smith said, the boats will run late."])
def test_pronouns_sentences_and_inline_quotes_ending_in_said_are_no_commenter_lines(said: str) -> None:
    lines = [*STORY[:2], said, STORY[2], said, STORY[3]]
    assert comment_thread_start(lines, 0) is None


def test_an_interview_transcript_is_kept() -> None:
    lines = [*STORY[:2], "Q: Is it true what the minister said about the fares?", "A: The fares stay as they are until the autumn review.",
             "Q: And what the harbour master said about the crews?", "A: They will get the lighter evenings and an extra rest day.", *STORY[2:]]
    assert text_paragraphs("\n".join(lines)) == lines


def test_a_related_posts_widgets_credit_is_furniture() -> None:
    assert is_furniture_line("Related Posts with Thumbnails")
    assert is_furniture_line("Related Posts Plugin for WordPress, Blogger...")
    assert not is_furniture_line("Related posts with thumbnails of each picture were shared by the council on Monday.")
    body = text_paragraphs(_page(["Related Posts with Thumbnails", "previous post: Island bus fares frozen", "next post: Storm closes road"]), TITLE)
    assert body == STORY
