"""One story-list heading rule for both paths (issue 19, part 1): a heading over a list of other
stories that ``normalise/furniture.py`` knows takes its list out on the HTML path and on the text
path alike. All fixtures are written here."""

from __future__ import annotations

import pytest

from pipeline.normalise.furniture import is_furniture_line, is_story_list_heading
from pipeline.normalise.html import drop_junk_lines
from pipeline.normalise.text import text_paragraphs

_STORY = [
    f"The Portvale harbour board said on Monday it would rebuild the north slipway, stage {i}, "
    "before the summer regatta brings its usual crowds of visiting yachts to the bay."
    for i in range(4)
]
_ITEMS = ["1. Ferry strike called off at last minute", "2. Storm closes the coast road again",
          "3. Lifeboat crew rescues two kayakers", "4. Council votes on the new car park"]

# first known to the text path only
_TEXT_HEADINGS = ["You may also like", "Further reading", "Around the web", "Most read:", "What's hot"]
# first known to the HTML path only
_HTML_HEADINGS = ["Top Harbour Weather Stories for 2026:", "Featured stories from our region", "Our most popular reads",
                  "More Portvale Courier", "Next Up In Science & Health", "Next In Harbour News"]


@pytest.mark.parametrize("heading", _TEXT_HEADINGS + _HTML_HEADINGS)
def test_the_shared_rule_knows_the_heading(heading: str) -> None:
    assert is_story_list_heading(heading)
    assert is_story_list_heading(f"• {heading}")


@pytest.mark.parametrize("heading", _TEXT_HEADINGS)
def test_the_html_path_drops_a_list_under_a_heading_the_text_path_taught(heading: str) -> None:
    assert drop_junk_lines([*_STORY, heading, *_ITEMS]) == _STORY


@pytest.mark.parametrize("heading", _HTML_HEADINGS)
def test_the_text_path_drops_a_list_under_a_heading_the_html_path_taught(heading: str) -> None:
    assert text_paragraphs("\n\n".join([*_STORY, heading, *_ITEMS, _STORY[0]])) == [*_STORY, _STORY[0]]


@pytest.mark.parametrize("heading", _HTML_HEADINGS)
def test_a_list_flattened_onto_its_headings_line_is_furniture(heading: str) -> None:
    assert is_furniture_line(" ".join([heading, *_ITEMS]))
    assert not is_furniture_line(" ".join(["Rankings:", *_ITEMS]))


@pytest.mark.parametrize("line", [
    "More than 100 people came to hear the news on the quay.",
    "Most of the stories told about the old harbour master turned out to be true, his daughter said today.",
    "Related",  # a bare label is enough for the text path's sidebars
    "More ferries will sail next summer",  # "More" and a capital, then a sentence's lower-case words
    "Next Monday the Council Meets",
])
def test_prose_that_starts_like_a_heading_is_not_one(line: str) -> None:
    assert is_story_list_heading(line) == (line == "Related")


def test_the_html_path_drops_unmarked_headlines_under_a_story_list_heading() -> None:
    """Once the heading has said what the list is, its headlines need no number or bullet, and
    the marks between them ("*") go too; two short lines before a sentence are no list."""
    plain = [item.split(". ", 1)[1] for item in _ITEMS]
    assert drop_junk_lines([*_STORY, "More from Portvale Courier", plain[0], "*", *plain[1:]]) == _STORY
    assert drop_junk_lines([*_STORY, "Rankings:", *plain]) == [*_STORY, "Rankings:", *plain]
    closing = "The harbour board meets again next month to agree the slipway's budget."
    assert drop_junk_lines([*_STORY, "Related stories", *plain[:2], closing])[-3:] == [*plain[:2], closing]
