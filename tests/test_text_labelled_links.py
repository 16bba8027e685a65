"""Links to other stories set inside a story under a label in capitals ("DISTANT LIFE: ...") go in
a whole-page dump; a labelled caption or subhead about the story's own subject stays."""

from __future__ import annotations

from pipeline.normalise.text import text_paragraphs

TITLE = "Harbour ferry fares to rise in spring | The Coastal Courier"
MENU = ["Home", "News", "Sport", "Business", "Weather", "Travel", "Contact us", "Jobs"]
STORY = [
    "Ferry fares across the harbour will rise by twelve per cent in April, the transport authority said on Monday.",
    "The authority said fuel and crew costs had climbed faster than expected over the winter, leaving a gap in its budget.",
    "Commuters with monthly passes will pay about nine pounds more each month, while single ferry tickets rise by forty pence.",
    '"Nobody likes a fare rise, but the alternative was fewer sailings," said the authority\'s chief executive, Tom Reyes.',
    "Passenger groups called the ferry fare rise unfair and said they would ask the council to step in before spring.",
]


def test_a_labelled_link_to_another_story_inside_the_story_goes() -> None:
    link = "DISTANT LIFE: Scientists theorize aliens as cause of strange space sounds"
    dump = [*MENU, *STORY[:3], link, *STORY[3:], *MENU]
    assert text_paragraphs("\n".join(dump), TITLE) == STORY


def test_a_labelled_caption_on_the_storys_subject_stays() -> None:
    caption = "FARE RISE: Commuters queue for the harbour ferry at the authority's terminal"
    dump = [*MENU, *STORY[:3], caption, *STORY[3:], *MENU]
    assert text_paragraphs("\n".join(dump), TITLE) == [*STORY[:3], caption, *STORY[3:]]
