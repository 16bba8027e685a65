"""Which run of a whole-page text dump is the story when a comment thread's start is found above
the best run: the run before the thread is taken for the story only when the title agrees (it
shares the headline's topic words, and no headline stands just above the best run). Small
synthetic dumps, one line per block as DOM-to-text scrapers save pages."""

from __future__ import annotations

from pipeline.normalise.text import text_paragraphs
from tests.ferry_story import HEADLINE, STORY, TITLE

MENU = ["Home", "News", "Sport", "Business", "Opinion", "Weather", "Travel", "Jobs", "Contact us", "Subscribe"]
# an archive's banner over the page it saved: prose, but on no topic of the story
BANNER = [
    "Since 2001 this archive has kept copies of the pages its crawlers visit around the world.",
    "They are added to the collection after a delay of some months so that they can be checked by the staff.",
    "Collection: web crawl 2009",
]


def _kept(lines: list[str], title: str | None = TITLE) -> list[str]:
    return text_paragraphs("\n".join(lines), title)


def test_an_archive_banner_above_the_pages_dates_is_not_the_story_before_a_thread() -> None:
    # the page's own date, update time and "Comments: 0" tab read as a thread's marks above the story
    page_head = ["Coastal Courier", "Sunday, March 15, 2026", "Last Update: 04:50 AM EDT", *MENU, HEADLINE,
                 "Comments: 0", "Read Comments", "Leave a Comment", "By Ann Lee"]
    kept = _kept([*BANNER, *MENU, *page_head, *STORY, *MENU])
    assert kept == STORY


def test_the_headline_just_above_the_best_run_keeps_it_when_a_comment_counter_stands_between() -> None:
    # a masthead's blurb above names the story's topic; under the headline a standfirst, a caption and the
    # story's "reader comments 79" counter, then the story
    signup = ["The Coastal Courier has reported on the harbour and its ferry crossings since 1921, from a newsroom on the quay.",
              "Our reporters live on the islands they write about, and our editors answer every letter that readers send in.",
              "Subscribers get the paper at their door before the first boat leaves, and the website is free for everyone."]
    kept = _kept([*MENU, *signup, *MENU, HEADLINE, "Fares climb for the first time in six years.",
                  "Ann Lee - Mar 27, 2026 7:30 pm UTC",
                  "The ferry at the east pier on Monday morning, before the fares rose.",
                  "Ann Lee", "reader comments 79", "Share this story", *STORY, *MENU])
    assert set(STORY) <= set(kept) and not set(signup) & set(kept)


def test_a_short_story_before_its_thread_still_wins_over_the_thread() -> None:
    # the rule's other side: the story before a "12 Comments" heading shares the headline's words
    thread = []
    for i in range(8):
        thread += [f"reader{i}", "I have been saying for years that the summer boats are too full and a rise changes nothing.",
                   "Honestly the council should have stepped in long ago, it was already the dearest crossing on the coast."]
    kept = _kept([*MENU, HEADLINE, *STORY[:2], *MENU, "12 Comments", *thread, *MENU])
    assert kept == STORY[:2]


def test_a_byline_with_its_dates_under_the_standfirst_does_not_end_the_story() -> None:
    # the story's byline and its published/updated times read as a commenter's name and byline
    lines = [*MENU, HEADLINE, "Fares on the harbour ferry will rise by twelve per cent in April, and commuters say the council has let them down again this year.", "By Ann Lee",
             "Published: 15:39, Tue, Oct 24, 2026 | Updated: 16:35, Tue, Oct 24, 2026", *STORY[:3],
             "Ferry terminal", "Mon, October 23, 2026", "Island school gets a new head teacher", *STORY[3:], *MENU]
    kept = _kept(lines)
    assert set(STORY) <= set(kept)


def test_a_comment_link_among_the_storys_tools_does_not_end_the_story_but_the_thread_after_it_goes() -> None:
    # blank lines part the paragraphs; the story's tool list, one paragraph, holds a "Leave a comment" link
    thread = []
    for i in range(6):
        thread += [f"reader{i}", f"June {i + 1}, 2026 at 10:0{i} am",
                   "I have been saying for years that the summer boats are too full, and a fare rise changes nothing at all.",
                   "Reply"]
    blocks = [*MENU, f"## {HEADLINE}", "Fares on the harbour ferry will rise by twelve per cent in April, the authority says.",
              "By Ann Lee | Last updated March 12, 2026 10:42 AM", "* Text size\n* Print this article\n* [Leave a comment](/forum/1)",
              *STORY, "12 Comments", *thread, *MENU]
    assert text_paragraphs("\n\n".join(blocks), TITLE) == STORY


def test_a_question_headline_is_no_story_text_above_the_byline() -> None:
    # a headline asking a question ends like a sentence, but in Title Case it is not the story's text
    headline = "Fact Check: Is A Ferry Fare Rise Of Twelve Per Cent Really Coming This Spring?"
    lines = [*MENU, headline, headline, "The fare rise was first reported by a passenger group on the island.",
             "Harbour Town, Courier Bureau | Updated : 19 November 2026, 09:01 AM", *STORY,
             "First Published: Tuesday, November 19, 2026 08:38 AM", *MENU]
    assert set(STORY) <= set(_kept(lines, f"{headline} - The Coastal Courier"))


BOX = [f"Related: storm story number {i} from the archive" for i in range(1, 16)]  # a long box of links inside the story


def test_a_story_parted_by_a_long_box_of_links_is_kept_whole() -> None:
    kept = _kept([*MENU, HEADLINE, *STORY[:3], "(Story continues below)", "Advertisement", *BOX, *STORY[3:], *MENU])
    assert kept == STORY


def test_a_strong_run_on_another_topic_after_a_box_is_not_the_storys_rest() -> None:
    other = ["The county cricket season opened with a washout at the northern ground, where only nine overs were bowled.",
             "Supporters who travelled from the south were offered vouchers for a later match, the club's secretary said.",
             "The visiting captain praised the groundstaff, who worked through the night to clear two inches of rain.",
             "Play is due to resume on Thursday if the forecast holds, with the home side needing four wickets to win."]
    kept = _kept([*MENU, HEADLINE, *STORY, *MENU, *BOX, *other, *MENU])
    assert kept == STORY
