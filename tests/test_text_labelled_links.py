"""Links to other stories set inside a story under a label in capitals ("DISTANT LIFE: ...") go in
a whole-page dump; a labelled caption or subhead about the story's own subject stays."""

from __future__ import annotations

from pipeline.normalise.text import text_paragraphs
from tests.ferry_story import SHORT_MENU as MENU
from tests.ferry_story import SHORT_STORY as STORY
from tests.ferry_story import TITLE


def test_a_labelled_link_to_another_story_inside_the_story_goes() -> None:
    link = "DISTANT LIFE: Scientists theorize aliens as cause of strange space sounds"
    dump = [*MENU, *STORY[:3], link, *STORY[3:], *MENU]
    assert text_paragraphs("\n".join(dump), TITLE) == STORY


def test_a_labelled_caption_on_the_storys_subject_stays() -> None:
    caption = "FARE RISE: Commuters queue for the harbour ferry at the authority's terminal"
    dump = [*MENU, *STORY[:3], caption, *STORY[3:], *MENU]
    assert text_paragraphs("\n".join(dump), TITLE) == [*STORY[:3], caption, *STORY[3:]]
