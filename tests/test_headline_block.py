"""Page-level check that the body is the story's region: it repeats the headline's words."""

from __future__ import annotations

import pytest

from pipeline.normalise import html as html_mod
from pipeline.normalise.blocks import content_words, headline_block, off_headline
from pipeline.normalise.html import extract_page, parse_html

_STORY = [
    "The harbour authority said on Tuesday that the night ferry to the island will stop running from next month, after two winters in which fewer than forty people a night used the crossing.",
    "Council members had asked for a delay so that a cheaper boat could be tried, but the authority said the repairs needed on the old vessel would cost more than a new service.",
    "Residents of the island, who rely on the ferry to reach the hospital on the mainland, said they would take their case to the regional transport board next week.",
]
_TERMS = [
    "By using this website you agree to be bound by these terms and conditions of use, which govern the relationship between you and the publisher of the site.",
    "The publisher may revise these terms at any time without notice, and by continuing to use the site you accept the version of the terms that is then in force.",
    "All material on this site is protected by copyright, and no part of it may be reproduced, stored or transmitted in any form without the written permission of the publisher.",
    "The publisher accepts no liability for any loss arising from the use of the information on this site, which is provided as it is and without warranty of any kind.",
]
_TITLE = "Island loses its night ferry"


def _page(story_in_divs: bool = True) -> str:
    """The story in plain divs (no <p>), the site's terms in <p>s of a well-named container: the
    form that makes the extractor take the terms."""
    if story_in_divs:
        story = "".join(f'<div class="para">{p}</div>' for p in _STORY)
    else:  # a layout cell: the story's lines between <br>s
        story = f"<table><tr><td><font size=2>{'<br><br>'.join(_STORY)}</font></td></tr></table>"
    terms = "".join(f"<p>{p}</p>" for p in _TERMS)
    return (
        f"<html><head><title>{_TITLE} | The Daily Example</title></head><body>"
        f'<div class="main"><h1>{_TITLE}</h1>{story}</div>'
        f'<div id="content" class="entry-content"><h4>Terms of use</h4>{terms}</div></body></html>'
    )


def _body(page: str) -> str:
    return "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)


@pytest.mark.parametrize("story_in_divs", [True, False])
def test_a_body_without_the_headlines_words_gives_way_to_the_story(story_in_divs: bool) -> None:
    body = _body(_page(story_in_divs))
    assert all(p[:60] in body for p in _STORY)
    assert not any(p[:60] in body for p in _TERMS)


@pytest.mark.parametrize("story_in_divs", [True, False])
def test_without_the_check_the_terms_are_the_body(monkeypatch: pytest.MonkeyPatch, story_in_divs: bool) -> None:
    """The form the check is for: the extractor takes the site's terms, not the story."""
    monkeypatch.setattr(html_mod, "HEADLINE_BLOCK", False)
    body = _body(_page(story_in_divs))
    assert any(p[:60] in body for p in _TERMS)
    assert not any(p[:60] in body for p in _STORY)


def test_a_body_that_repeats_the_headline_is_the_story() -> None:
    assert not off_headline(_STORY, _TITLE)
    assert off_headline(_TERMS, _TITLE)
    assert off_headline([], _TITLE)  # nothing found: any block that tells the story is better
    assert not off_headline(_TERMS, "Ferry")  # one word is too little to judge by
    assert off_headline(["Night ferry to the island to close", *_TERMS], _TITLE)  # a heading over the wrong block


def test_a_list_of_posts_that_names_the_story_among_them_is_not_the_story() -> None:
    """A "recent posts" list quotes the story's headline as one item; its words are not used."""
    recent = [
        "Recent posts",
        "Council votes to close two libraries after a long debate on the budget for next year",
        _TITLE,
        "Rowing club celebrates a hundred years with a regatta on the river and a dinner",
    ]
    assert off_headline(recent, _TITLE)
    assert not off_headline([_TITLE, *_STORY], _TITLE)


def test_plural_and_singular_are_one_word() -> None:
    assert content_words("Robots cost jobs") == content_words("a robot costs a job")


def test_a_block_that_only_quotes_the_headline_is_not_the_story() -> None:
    """A trackback list, a "related" box: the headline quoted, its words not used in running text."""
    quote = (
        "<div class='trackbacks'><p>Listed below are links to weblogs that reference "
        f"{_TITLE}, as well as a note on how the list is kept and when it was last updated by the site editors.</p></div>"
    )
    tree = parse_html(f"<html><body><p>{_TERMS[0]}</p>{quote}</body></html>")
    assert headline_block(tree, _TITLE) is None


def test_no_block_holds_the_headlines_words_so_the_body_stays() -> None:
    """A post whose title is a pun its text never repeats: no block is clearly the story."""
    page = (
        "<html><head><title>Just keep going</title></head><body><div class='post'>"
        + "".join(f"<p>{p}</p>" for p in _STORY) + "</div></body></html>"
    )
    body = _body(page)
    assert all(p[:60] in body for p in _STORY)


def test_a_title_that_names_the_site_finds_no_story_block() -> None:
    """A page titled only by the site's name has no headline (title.py), so the block naming the
    site (its "about" box) is never taken for the story."""
    about = (
        "The Daily Example is the island's own newspaper, written by people who live on the island "
        "and read by everyone who cares about the island, its harbour, its school and its ferry."
    )
    page = (
        '<html><head><title>The Daily Example</title><meta property="og:site_name" content="The Daily Example">'
        "</head><body><div class='post'>" + "".join(f"<p>{p}</p>" for p in _STORY)
        + f"</div><div class='about'><p>{about}</p><p>{about}</p></div></body></html>"
    )
    body = _body(page)
    assert all(p[:60] in body for p in _STORY)
    assert about[:60] not in body
