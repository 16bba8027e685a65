"""A short heading ending on a colon as a body's last paragraph is the heading of a list the
extraction left out ("Similar posts:"), and is not stored; a sentence that introduces what the
story quotes, or a colon inside the story, stays. Text is invented for these tests."""

from __future__ import annotations

import pytest

from pipeline.normalise.article import stored_body

STORY = ["The harbour authority said on Monday that the north pier will close for eighteen months.",
         "Ferry services will move to the temporary landing at the old customs wharf."]


@pytest.mark.parametrize("heading", ["Similar Posts:", "More from Harbour News:", "- More about:"])
def test_a_dangling_list_heading_goes(heading: str) -> None:
    assert stored_body([*STORY, heading], None) == "\n\n".join(STORY)


@pytest.mark.parametrize("last", [
    "The council's statement to ferry users said:",  # a sentence introducing what the story quotes
    "Ferry users were unhappy. Jo Quay, a commuter, said: it will take weeks.",
])
def test_a_sentence_ending_the_story_stays(last: str) -> None:
    assert stored_body([*STORY, last], None).endswith(last)


def test_a_colon_heading_inside_the_story_stays() -> None:
    body = stored_body([STORY[0], "Timetable:", STORY[1]], None)
    assert "Timetable:" in body


def test_a_body_of_only_the_heading_is_kept() -> None:
    assert stored_body(["Similar Posts:"], None) == "Similar Posts:"
