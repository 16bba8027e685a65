"""Text a reader does not see without asking (``html._hidden_blocks``): a block hidden by its own
markup, or revealed by a "Show full ..." toggle, stays out of a body whose story is already long;
a short story, or one sitting wholly behind its toggle, keeps it."""

from __future__ import annotations

import pytest

from pipeline.normalise.html import extract_page

_LONG = [
    f"The county council said on Tuesday that the coastal path near Marden Point, section {n}, would reopen "
    "next month after engineers finished shoring up the cliff edge that slipped during the winter storms."
    for n in range(8)
]  # eight paragraphs of 30 words: a story well past the "already long" bar
_SHORT = _LONG[:2]
_EXTRA = [
    "Brightline Widgets Incorporated today announced the general availability of its flagship gadget range.",
    "The gadget range ships with a two year warranty and a companion application for every major platform.",
    "About Brightline Widgets: founded in a garage, the company now sells widgets in forty countries worldwide.",
]


def _page(story: list[str], after: str, before: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in story)
    return ("<html><head><title>Coastal path to reopen next month</title></head><body><div class='post'>"
            f"<h1>Coastal path to reopen next month</h1>{before}{paras}{after}</div></body></html>")


def _extra_html() -> str:
    return "".join(f"<p>{p}</p>" for p in _EXTRA)


def _body(page: str) -> str:
    return "\n".join(extract_page(page, "https://news.example/path").paragraphs)


@pytest.mark.parametrize("after", [
    "<div id='box'><div id='box_button'>Show full PR text</div><div id='box_text'>{x}</div></div>",
    "<div><button type='button'>Read full release</button></div><div class='release'>{x}</div>",
    "<div><a href='#' class='toggle'>Show the full statement</a><div>{x}</div></div>",
    "<div style='display: none'>{x}</div>",
    "<div style='visibility:hidden'>{x}</div>",
    "<div hidden>{x}</div>",
    "<section aria-hidden='true'>{x}</section>",
])
def test_hidden_or_toggled_text_after_a_long_story_goes(after: str) -> None:
    body = _body(_page(_LONG, after.format(x=_extra_html())))
    assert "section 7" in body and "section 0" in body
    assert "Brightline" not in body and "Show full" not in body


@pytest.mark.parametrize("after", [
    "<div id='box'><div id='box_button'>Show full PR text</div><div id='box_text'>{x}</div></div>",
    "<div><button type='button'>Read full release</button></div><div class='release'>{x}</div>",
])
def test_a_short_story_keeps_its_hidden_text(after: str) -> None:
    """Under the bar the hidden text may be the story's own rest: it is left to the other rules."""
    body = _body(_page(_SHORT, after.format(x=_extra_html())))
    assert "section 1" in body and "Brightline Widgets Incorporated" in body


def test_a_story_behind_its_show_full_article_button_keeps_its_rest() -> None:
    """The whole story inside one block closed by a "Show Full Article" button: the button
    reveals what comes before it, and nothing after the button is taken away."""
    paras = "".join(f"<p>{p}</p>" for p in _LONG)
    page = ("<html><head><title>Coastal path to reopen next month</title></head><body>"
            f"<div class='article-body'><h1>Coastal path to reopen next month</h1>{paras}"
            "<div class='show-full'><button type='button'>Show Full Article</button></div></div></body></html>")
    body = _body(page)
    assert all(f"section {n}," in body for n in range(8))


def test_a_story_behind_a_toggle_after_a_short_lede_stays() -> None:
    """A lede, a "Read full story" toggle, then the story: under the bar, the story is kept."""
    rest = "".join(f"<p>{p}</p>" for p in _LONG[1:])
    page = _page(_LONG[:1], f"<div><span class='more'>Read full story</span></div><div class='rest'>{rest}</div>")
    body = _body(page)
    assert all(f"section {n}," in body for n in range(8))


def test_a_read_full_link_to_another_page_is_no_toggle() -> None:
    """"Read full review" linking elsewhere navigates; the paragraphs after it are not hidden by it."""
    after = "<div><a href='https://news.example/review'>Read full review</a></div>" + _extra_html()
    body = _body(_page(_LONG, after))
    assert "Brightline Widgets Incorporated" in body
