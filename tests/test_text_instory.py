"""Text path: read-on link lists set in the story go; invented dumps."""

from __future__ import annotations

from pipeline.normalise.text import text_paragraphs

TITLE = "Storm closes coast road"
ABOVE = "The storm closed the coast road on Monday after waves broke over the sea wall near the harbour."
BELOW = "Officials said the road would reopen on Friday once engineers had checked the wall for damage."


def _body(middle: str) -> list[str]:
    return text_paragraphs("\n".join((TITLE, ABOVE, middle, BELOW)), TITLE)


def test_headlines_under_a_read_on_prompt_go() -> None:
    links = ["Harbour master says sea wall needs rebuilding", "Ferry services cancelled for second day running"]
    body = _body("\n".join(("More on this...", *links)))
    assert not any(link in body for link in links)
    assert ABOVE in body and BELOW in body


def test_story_under_a_read_on_prompt_stays() -> None:
    # the prompt closes a teaser; a sentence under it is the story going on
    line = "Engineers found two cracks in the wall near the lifeboat station on Tuesday morning."
    body = _body("\n".join(("Read more", line)))
    assert line in body
