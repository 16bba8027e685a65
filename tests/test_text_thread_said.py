"""Comment threads whose comments open with "Name said," (blog themes), under a counter of who
responded or under none, and a related-posts widget's credit. The fixtures are invented; the page's
menu, story and remarks are those of ``test_text_comment_forms``."""

from __future__ import annotations

import pytest

from pipeline.normalise.furniture import is_comments_heading, is_furniture_line
from pipeline.normalise.text import comment_thread_start, text_paragraphs
from tests.test_text_comment_forms import MENU, REMARKS, STORY

TITLE = "Council approves the new ferry timetable"
FOOT = ["About us", "Contact us", "Advertise", "Privacy policy"]
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


FORM_NOTES = [
    "You can follow this conversation by subscribing to the comment feed for this post.",
    "This is only a preview. Your comment has not yet been posted.",
    "Your comment could not be posted. Error type:",
    "Thank you. Your reply has been submitted and will appear on the message board shortly.",
    "Your comment is awaiting moderation.",
    "The letters and numbers you entered did not match the image. Please try again.",
    "As a final step before posting your comment, enter the letters and numbers you see in the image below.",
    "Having trouble reading this image? View an alternate.",
    "This entry was posted on Monday, May 4th, 2026 at 9:12 am and is filed under News. You can follow any responses to this "
    "entry through the RSS 2.0 feed. You can leave a response, or trackback from your own site. 3 Responses to “Council approves”",
]


@pytest.mark.parametrize("note", FORM_NOTES)
def test_a_comment_forms_notes_and_a_posts_feed_footer_are_furniture(note: str) -> None:
    assert is_furniture_line(note)
    assert text_paragraphs(_page([note, *MENU]), TITLE) == STORY


@pytest.mark.parametrize("line", [
    "Your comment was posted to the council before the deadline, the harbour master told the meeting on Monday.",
    "This entry was the first of many the council received, and it was filed with the others in the town hall archive.",
    "The letters you entered into the ledger were checked by the clerk every evening.",
])
def test_story_lines_like_the_form_notes_are_kept(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_comment_policy_is_no_story() -> None:
    policy = ("Comment posters are responsible for the opinions they express and the accuracy of the information they provide. "
              "We urge comment writers to treat this as a public forum where manners matter. We encourage a civil tone and "
              "reserve the right to exclude comments that do not follow the guidelines below, which apply to every story on the site.")
    assert text_paragraphs(_page([policy, *MENU]), TITLE) == STORY
    kept = "Commuters are responsible for the cost of their own parking at the pier, the council said."
    assert text_paragraphs("\n".join([*STORY, kept])) == [*STORY, kept]


def test_a_counter_of_comments_loaded_heads_the_thread() -> None:
    assert is_comments_heading("100 of 524 comments loaded twitter facebook Share on Google+")
    assert not is_comments_heading("100 of 524 passengers loaded their bikes on the early boat.")
    assert text_paragraphs(_page(["100 of 524 comments loaded twitter facebook Share on Google+", *REMARKS[:2]]), TITLE) == STORY
