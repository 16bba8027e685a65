"""Page-level block choice: the body stays within the story's own block."""

from __future__ import annotations

import pytest

from pipeline.normalise import html as html_mod
from pipeline.normalise.blocks import article_blocks, keep_story_article
from pipeline.normalise.html import extract_page, parse_html

_STORY = [
    "The harbour authority said on Tuesday that the night ferry will stop running from next month, after two winters in which fewer than forty people a night used the crossing.",
    "Council members had asked for a delay so that a cheaper boat could be tried, but the authority said the repairs needed on the old vessel would cost more than a new service.",
    "Residents of the island, who rely on the ferry to reach the hospital on the mainland, said they would take their case to the regional transport board next week.",
]
_OTHER = [  # the next post element of the column: a sponsored piece under a heading of its own
    "Is your money working as hard as you are? Most savers never compare the fees their pension fund charges, and over thirty years the difference can be larger than a year of salary.",
    "Should you trust a fund that promises steady growth? Independent advisers say that every promise of steady growth deserves a second look at the small print and at the record.",
    "How much is enough to retire on? The answer depends on where you want to live, on whether you own your home and on how long you expect the money to last after you stop working.",
    "Can you move your savings without a penalty? Many older plans charge an exit fee, and a saver who moves at the wrong moment can lose part of a year's growth to the switch.",
    "Who looks after the fund when markets fall? A plan that names its managers and publishes their results every quarter is easier to judge than one that tells its savers little.",
    "This piece was produced by the marketing team on behalf of a sponsor and not by the editorial team of this newspaper, which had no part in writing or editing it.",
]


def _page(stacked: bool = True) -> str:
    """A blog-style column of post elements: the story's, then another whose text is as long."""
    story = "".join(f"<p>{p}</p>" for p in _STORY)
    second = (
        '<article class="post type-post hentry postbox"><h3>You may also like...</h3>'
        + "".join(f"<p>{p}</p>" for p in _OTHER) + "</article>"
    ) if stacked else ""
    return (
        "<html><head><title>Island loses its night ferry - The Daily Example</title></head><body>"
        '<div class="row" id="container"><div id="primary" class="large-8 columns">'
        '<article class="post type-post hentry articlebox"><h1 class="entry-title">Island loses its night ferry</h1>'
        f'<p class="brand">The Daily Example</p>{story}</article>'
        f'{second}</div><div id="secondary">Sidebar</div></div></body></html>'
    )


def _body(page: str) -> str:
    return "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)


def test_a_body_running_on_into_a_second_article_keeps_only_the_story() -> None:
    body = _body(_page())
    assert all(p[:60] in body for p in _STORY)
    assert not any(p[:60] in body for p in _OTHER)


def test_without_the_check_the_body_runs_on_into_the_second_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """The form the check is for: trafilatura takes the column that holds both posts."""
    monkeypatch.setattr(html_mod, "STORY_ARTICLE", False)
    body = _body(_page())
    assert any(p[:60] in body for p in _OTHER)


def test_a_page_of_one_article_is_left_alone() -> None:
    tree = parse_html(_page(stacked=False))
    assert article_blocks(tree) == []
    assert all(p[:60] in _body(_page(stacked=False)) for p in _STORY)


def test_no_article_headline_is_the_title_so_nothing_is_dropped() -> None:
    blocks = article_blocks(parse_html(_page()))
    lines = _STORY + _OTHER
    assert keep_story_article(lines, blocks, "Something else entirely on the front page") == lines


def test_a_heading_goes_with_the_section_it_heads() -> None:
    blocks = article_blocks(parse_html(_page()))
    lines = [*_STORY, "You may also like...", *_OTHER]
    kept = keep_story_article(lines, blocks, "Island loses its night ferry")
    assert kept == _STORY
