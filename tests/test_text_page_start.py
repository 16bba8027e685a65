"""Where the story of a whole-page text dump starts and what stands inside it: a thread after a
short story yields to it, and the page's own tool rows, links and notices go while prose using
their words stays. Small synthetic dumps, one line per block as DOM-to-text scrapers save."""

from __future__ import annotations

from pipeline.normalise.text import text_paragraphs
from tests.ferry_story import STORY, TITLE

NOTICE = ("Since 2001 this archive has kept copies of the pages its crawlers visit, and they are added to the "
          "collection after a delay of some months so that they can be checked by the staff.")
MENU = ["Home", "News", "Sport", "Business", "Opinion", "Weather", "Travel", "Jobs", "Contact us", "Subscribe"]
# a markets box: each figure stamped with its date and time, which a comment thread's bylines also carry
QUOTES = ["as of 04:03PM ET 6/26/2026", "Index", "8438.39", "-34.01", "6/26/2026 4:03:00 PM", "Bonds", "918.9",
          "6/26/2026", "Gold", "1.36", "6/26/2026"]


def _kept(lines: list[str], title: str | None = TITLE) -> list[str]:
    return text_paragraphs("\n".join(lines), title)


def test_a_thread_with_bylines_after_a_short_story_still_yields_to_it() -> None:
    thread = []
    for i in range(6):
        thread += [f"reader{i}", f"June {i + 1}, 2026 at 10:0{i} am",
                   "I have been saying for years that the summer boats are too full, and a fare rise changes nothing at all.",
                   "Honestly the council should have stepped in long ago, the fares were already the highest on the coast.",
                   "Reply"]
    kept = _kept([*MENU, *STORY[:3], *MENU, "12 Comments", *thread, *MENU])
    assert kept == STORY[:3]


def test_a_row_of_the_storys_tools_goes_but_a_sentence_about_printing_stays() -> None:
    from pipeline.normalise.furniture import is_furniture_line

    for row in ("Email to a friend Email to a friend Printer friendly Printer friendly", "Print this article Email this article",
                "printable version bigger text smaller text", "Share Adjust Comment Print", "Print This | E-mail This"):
        assert is_furniture_line(row), row
    for prose in ("Send this story to a friend.", "Comment on the print edition was mixed", "Print this"):
        assert not is_furniture_line(prose), prose


def test_a_tool_row_inside_the_story_neither_ends_it_nor_stays() -> None:
    tools = ["Harbour ferry", "Harbour ferry", "More pictures: < Prev | Next >",
             "Email to a friend Email to a friend Printer friendly Printer friendly", "Font:", "*", "*", "*", "*", "AddThis Button"]
    kept = _kept([*MENU, "Harbour ferry fares to rise in spring", *STORY[:3], *tools, *STORY[3:], *MENU])
    assert kept == STORY


def test_a_pages_own_links_and_notices_go_but_prose_using_their_words_stays() -> None:
    from pipeline.normalise.furniture import is_furniture_line

    for line in ("Skip to next paragraph", "Play CBS News Video", "View all (23)", "View all photos", "Click here for more football headlines!",
                 "This video is unavailable in the format required for your device/os.",
                 "If these are available but disabled, please enable them to view the media", "You are now subscribed",
                 "We'll begin emailing you updates about ferries.", "This story appears in the May 2026 issue of Harbour Monthly. Subscribe",
                 "Opinions expressed by Harbour Contributors are their own."):
        assert is_furniture_line(line), line
    for prose in ("Watch the video closely and you will see the ferry turn.", "See all the ways the timetable went wrong.",
                  "We'll send you home on the last ferry, the skipper joked.",
                  "Click here for our fashion team's favourite looks from the last fifteen years of shows"):
        assert not is_furniture_line(prose), prose


def test_the_lead_pictures_caption_above_the_story_goes_but_a_credit_alone_stays() -> None:
    menu_page = [*MENU, "Harbour ferry fares to rise in spring"]
    for caption in ("FILE - In this March 3, 2026, file photo, a ferry leaves the north pier at dawn in heavy rain.",
                    "In this photo provided by the harbour authority, commuters queue for the morning ferry on the quay.",
                    "Image caption Commuters queue for the morning ferry on the north quay in heavy rain",
                    "Enlarge / Commuters queue for the morning ferry on the north quay in heavy rain.",
                    "Commuters queue for the morning ferry on the north quay in heavy rain. Harbour Authority hide caption",
                    "PORTSMOUTH, ENGLAND - MARCH 03: Commuters queue for the morning ferry on the north quay."):
        assert _kept([*menu_page, caption, *STORY, *MENU]) == STORY, caption
    # a caption closing on a credit only: annotators disagree whether it is the story's, so it stays
    credited = "Commuters queue for the morning ferry on the north quay. Photograph: Ann Lee/Harbour Courier"
    assert _kept([*menu_page, credited, *STORY, *MENU])[0] == credited
    # the story's own lead is no caption, even when it speaks of a photo
    lead = "In this photo-mad town the ferry is the view everyone takes home, and from April it will cost more."
    assert _kept([*menu_page, lead, *STORY, *MENU])[0] == lead
