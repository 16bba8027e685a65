"""Text path: pictures' captions and read-on link lists set in the story go; invented dumps."""

from __future__ import annotations

from pipeline.normalise.text import text_paragraphs

TITLE = "Storm closes coast road"
ABOVE = "The storm closed the coast road on Monday after waves broke over the sea wall near the harbour."
BELOW = "Officials said the road would reopen on Friday once engineers had checked the wall for damage."


def _body(middle: str) -> list[str]:
    return text_paragraphs("\n".join((TITLE, ABOVE, middle, BELOW)), TITLE)


def test_credited_caption_between_paragraphs_goes() -> None:
    for caption in (
        "A man walks past a flooded shop in the harbour town on Monday. (Photo by Ann Lee/Getty Images)",
        "Waves break over the sea wall near the old pier. Ann Lee/Harbour Times/Getty Images",
        "Sandbags outside the lifeboat station (Ann Lee/Reuters)",
    ):
        body = _body(caption)
        assert caption not in body
        assert ABOVE in body and BELOW in body


def test_prose_naming_a_photo_stays() -> None:
    # a sentence about a photograph, no credit closing it
    line = "A photo taken by a resident showed the water reaching the first floor of the harbour office."
    assert line in _body(line)


def test_credited_caption_above_the_story_is_left_alone() -> None:
    # above the story annotators disagree: only the lead-caption rule judges it
    caption = "Waves break over the sea wall near the old pier. Photograph: Ann Lee/EPA"
    body = text_paragraphs("\n".join((TITLE, caption, ABOVE, BELOW)), TITLE)
    assert caption in body


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


def test_caption_credited_to_a_social_account_goes() -> None:
    caption = "The harbour master inspects the broken wall from his boat. (@harbourmaster/Twitter)"
    assert caption not in _body(caption)


def test_sentence_naming_a_social_account_stays() -> None:
    line = "The harbour master posted a video of the broken wall on Twitter, where it was shared widely (@harbourmaster)."
    assert line in _body(line)
