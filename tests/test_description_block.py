"""Page-level check that the body is the story's region, when the headline cannot tell (a blog
whose title is its name): the block printing the page's own description is the story's."""

from __future__ import annotations

import pytest

from pipeline.normalise import html as html_mod
from pipeline.normalise.blocks import description_block
from pipeline.normalise.html import extract_page, parse_html

_POST = [
    "We spent the whole weekend repainting the old garden shed in a soft sage green, and the neighbours have already asked for the name of the colour.",
    "The trick was two thin coats rather than one thick one, with a light sanding in between so that the second coat held on the rough boards.",
]
_DISCLAIMER = [
    "If you see an image here that we have not linked or given credit to, please let us know so that we can give its maker the proper credit for it.",
    "If we have used an image that belongs to your company and you would prefer that we did not post it, please write to us and we will gladly remove it.",
    "All opinions on this site are our own, and we are not paid for any of the products or the places that we write about in our posts or on our pages.",
]
_BLOG = "The Weekend Notebook"


def _page(description: str | None) -> str:
    """The post in plain divs (no <p>), a disclaimer in <p>s of a well-named container: the form
    that makes the extractor take the disclaimer; the title is the blog's name, so the headline
    check cannot tell."""
    meta = f'<meta name="description" content="{description}">' if description else ""
    post = "".join(f'<div class="line">{p}</div>' for p in _POST)
    notes = "".join(f"<p>{p}</p>" for p in _DISCLAIMER)
    return (
        f"<html><head><title>{_BLOG}</title>{meta}</head><body>"
        f'<div class="main">{post}</div>'
        f'<div id="content" class="entry-content">{notes}</div></body></html>'
    )


def _body(page: str) -> str:
    return "\n".join(extract_page(page, "https://blog.example/shed").paragraphs)


def test_the_block_printing_the_description_is_the_story() -> None:
    body = _body(_page(_POST[0]))
    assert all(p[:60] in body for p in _POST)
    assert not any(p[:60] in body for p in _DISCLAIMER)


def test_without_the_check_or_the_description_the_disclaimer_is_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    """The form the check is for: the extractor takes the disclaimer, not the post."""
    assert any(p[:60] in _body(_page(None)) for p in _DISCLAIMER)
    monkeypatch.setattr(html_mod, "DESCRIPTION_BLOCK", False)
    body = _body(_page(_POST[0]))
    assert any(p[:60] in body for p in _DISCLAIMER)
    assert not any(p[:60] in body for p in _POST)


def test_a_site_wide_description_moves_nothing() -> None:
    """A description no block prints (the site's tagline), or one too short to tell, picks no block."""
    tree = parse_html(_page(None))
    assert description_block(tree, "Notes on houses, gardens and the weekends we spend on them, since 2009") is None
    assert description_block(tree, "Sage green shed") is None
    assert description_block(parse_html(_page(None)), _POST[0]) is not None
