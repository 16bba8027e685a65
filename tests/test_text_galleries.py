"""A slideshow printed into a whole-page text dump: its controls ("Previous Pause Next", "Loading
new images..."), its captions under them (whole sentences about another topic) and its slides that
each repeat the gallery's name go; the story stays. Small invented dumps, one block a line."""

from __future__ import annotations

from pipeline.normalise.text import _GALLERY_CONTROL, _slide_captions, text_paragraphs
from tests.ferry_story import SHORT_MENU as MENU
from tests.ferry_story import SHORT_STORY as STORY
from tests.ferry_story import TITLE

# a gallery on another subject: each caption a whole sentence
CAPTIONS = [
    "The singer arrives at the premiere in a silver gown.",
    "A red velvet jacket worn over jeans at the spring show.",
    "She opted for a green silk dress at the music awards.",
    "Wearing a black lace dress at the film festival in Cannes.",
    "A bold yellow coat was her choice for the charity gala.",
    "The star waves to fans outside the theatre in a blue suit.",
]


def test_gallery_controls_are_matched_but_one_word_is_not() -> None:
    for line in ("Previous Pause Next", "PreviousNext", "Full Screen Photos:", "Loading new images...", "Play slideshow"):
        assert _GALLERY_CONTROL.match(line), line
    for line in ("Next", "Gallery", "Photos of the week", "Show more photos", "Play the game"):
        assert not _GALLERY_CONTROL.match(line), line


def test_a_gallery_after_the_story_goes_though_its_captions_are_sentences() -> None:
    dump = [*MENU, *STORY, "Full Screen Photos:", "Stars on the red carpet", *CAPTIONS, "Previous Next", *MENU]
    assert text_paragraphs("\n".join(dump), TITLE) == STORY


def test_a_slideshows_controls_inside_the_story_go() -> None:
    dump = [*MENU, *STORY[:3], "Loading new images...", "Previous Pause Next", *STORY[3:], *MENU]
    assert text_paragraphs("\n".join(dump), TITLE) == STORY


def test_slides_that_repeat_the_gallerys_name_go_between_their_pictures() -> None:
    slides = []
    for caption in CAPTIONS[:4]:
        slides += ["Photos:", f"Red carpet looks – {caption}", caption]  # a label, the slide, its alt text
    assert _slide_captions(["Story text."] + slides + ["More story text."]) == {3 * k + 2 for k in range(4)}


def test_a_timelines_labels_and_one_dateline_stay() -> None:
    lines = [
        "HARBOUR CITY – Ferry fares across the harbour will rise by twelve per cent in April.",
        "March 2019 – The authority first warned of rising fuel costs.",
        "June 2020 – Crew costs rose after a new pay deal.",
        "April 2021 – Fares rose by five per cent.",
    ]
    assert _slide_captions(lines) == set()


def test_the_storys_paragraphs_after_an_inline_slideshow_stay() -> None:
    # the story goes on under the slideshow's controls: its paragraphs share the story's words
    dump = [*MENU, *STORY[:2], "Loading new images...", "Previous Pause Next", *STORY[2:], *MENU]
    assert text_paragraphs("\n".join(dump), TITLE) == STORY
