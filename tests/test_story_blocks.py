"""Page-level block choice: the body stays within the story's own block."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.normalise import html as html_mod
from pipeline.normalise.blocks import article_blocks, keep_story_article, missed_container, story_container
from pipeline.normalise.html import blank_link_cells, extract_page, parse_html

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


_BLURB = (
    "Investors often overlook annual filings, and it is the job of this blog to dig through the quarterly reports of "
    "businesses, looking for the soft spots in their accounts (depreciation policies, warranty reserves and "
    "restructuring charges) that may materially change the quality of earnings."
)
_POST = (
    "<b>Harbour Freight (HF-$12.40) </b>is counting on its new night service to revive sales growth and stop the loss "
    "of custom to the rail operators and the road hauliers. Now comes word that a launch expected in January could "
    "slip to March 2013. Too little, too late for the freight firm?"
)


def _blog_page() -> str:
    """A blog template: the blog's description is a ``<p>``; the short post's text sits in divs."""
    return (
        "<html><head><title>The Filings Detective: Harbour Freight's slow boat?</title></head><body>"
        "<div id='outer-wrapper'><div id='header-wrapper'><div class='header section' id='header'><div class='widget Header'>"
        "<h1 class='title'><a href='/'>The Filings Detective</a></h1>"
        f"<div class='descriptionwrapper'><p class='description'><span>{_BLURB}</span></p></div></div></div></div>"
        "<div id='content-wrapper'><div id='main-wrapper'><div class='main section' id='main'><div class='widget Blog'>"
        "<div class='blog-posts hfeed'><div class='date-outer'><h2 class='date-header'><span>Friday, October 12, 2012</span></h2>"
        "<div class='date-posts'><div class='post-outer'><div class='post hentry'>"
        "<h3 class='post-title entry-title'><a href='/2012/10/slow-boat.html'>Harbour Freight's slow boat?</a></h3>"
        f"<div class='post-body entry-content'><div style='text-align: justify;'><span style='font-family: Arial;'>{_POST}</span></div>"
        "<div style='clear: both;'></div></div><div class='post-footer'>Posted by Sam Writer at 9:07 AM</div>"
        "</div></div></div></div></div></div></div></div>"
        "<div id='sidebar-wrapper'><div class='widget'><h2>Blog Archive</h2><ul><li><a href='/2012/10/'>October (12)</a></li>"
        "<li><a href='/2012/09/'>September (9)</a></li></ul></div></div></div></div></body></html>"
    )


def test_a_short_body_from_outside_the_post_container_gives_way_to_the_post() -> None:
    body = "\n".join(extract_page(_blog_page(), "https://blog.example/2012/10/slow-boat.html").paragraphs)
    assert "revive sales growth" in body
    assert "Investors often overlook" not in body


def test_without_the_check_the_blog_description_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_mod, "STORY_CONTAINER", False)
    body = "\n".join(extract_page(_blog_page(), "https://blog.example/2012/10/slow-boat.html").paragraphs)
    assert "Investors often overlook" in body


def test_a_body_drawn_from_the_container_is_not_replaced() -> None:
    container = story_container(parse_html(_blog_page()))
    assert container is not None
    text = " ".join(container.text_content().split())
    assert not missed_container([text], container)
    assert missed_container([_BLURB], container)


def test_a_long_body_from_outside_the_post_container_gives_way_to_the_post(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sidebar's list of events, longer than any blurb, chosen over a post whose container holds
    as much text: the post's container is the story."""
    sidebar = _OTHER[:5]
    assert sum(map(len, sidebar)) > html_mod.CONTAINER_CHECK_MAX_CHARS
    events = "<div id='sidebar-events'>" + "".join(f"<p>{p}</p>" for p in sidebar) + "</div>"
    page = _blog_page().replace(_POST, " ".join(_STORY)).replace("<div id='sidebar-wrapper'>", f"<div id='sidebar-wrapper'>{events}")
    real = html_mod._trafilatura_lines

    def choose_sidebar(tree: Any, url: str | None, options: dict[str, Any] | None = None) -> list[str]:
        """trafilatura's choice of the sidebar on the whole page; its own reading of the container alone."""
        return list(sidebar) if _OTHER[0] in " ".join(tree.itertext()) else real(tree, url, options)

    monkeypatch.setattr(html_mod, "_trafilatura_lines", choose_sidebar)
    monkeypatch.setattr(html_mod, "HEADLINE_BLOCK", False)
    body = "\n".join(extract_page(page, "https://blog.example/p.html").paragraphs)
    assert _STORY[0][:60] in body
    assert _OTHER[0] not in body


def test_a_long_body_beside_a_container_of_its_first_lines_only_is_kept() -> None:
    """A template that splits the story over blocks, one of them named as the post's text: a
    container holding a sliver of the body's length is a part of the story, not the story."""
    lines = [*_OTHER, *_STORY]
    assert len(_POST) < html_mod.CONTAINER_LONG_BODY_SHARE * sum(map(len, lines))
    assert html_mod._container_lines(_blog_page(), "https://blog.example/p.html", [], lines) == lines


def test_a_page_of_several_post_containers_has_no_single_one() -> None:
    post = "<div class='post-body entry-content'><p>" + " ".join(["word"] * 10) + " " + _BLURB + "</p></div>"
    assert story_container(parse_html(f"<html><body>{post}{post}</body></html>")) is None


_TEASERS = [
    "Our critic meets the city's own soap star", "From farm to fork: how the new food labels work",
    "Homefinder: a converted coaching house for sale", "The charity night where the soap cast mingled",
    "The pick of this year's finest concerts", "Our experts reveal their films of the year",
]


def _table_page() -> str:
    """A layout table: the story's cell and, beside it, a cell of teaser links (one printed row)."""
    story = "<br>".join(_STORY)
    links = " ".join(f'<a href="/features/{i}">{t}</a>' for i, t in enumerate(_TEASERS))
    return (
        "<html><head><title>Island loses its night ferry</title></head><body>"
        "<table width='100%'><tr><td><a href='/'>Home</a></td><td><a href='/news'>News</a></td></tr></table>"
        "<table width='760'><tr>"
        f"<td valign='top'><font size='2'><b>News</b> Island loses its night ferry Wednesday, January 09, 2008 {story}</font></td>"
        f"<td valign='top' width='200'><font size='1'>{links}</font></td></tr></table></body></html>"
    )


def test_a_cell_of_teaser_links_beside_the_story_cell_is_dropped() -> None:
    body = "\n".join(extract_page(_table_page(), "https://news.example/ferry.html").paragraphs)
    assert all(p[:60] in body for p in _STORY)
    assert not any(t in body for t in _TEASERS)


def test_without_the_rule_the_teaser_cell_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_mod, "LINK_CELLS", False)
    # (with the story cell opened into lines, the teaser cell is left a row of its own, which the
    # link-row rule drops as well: the row as trafilatura prints it is what this rule reads)
    monkeypatch.setattr(html_mod, "STORY_CELLS", False)
    body = "\n".join(extract_page(_table_page(), "https://news.example/ferry.html").paragraphs)
    assert any(t in body for t in _TEASERS)


def test_a_story_cell_with_a_few_links_is_kept() -> None:
    links = {"harbour": [("harbour", "authority")], "ferry": [("ferry",)]}
    row = f"| {_STORY[0]} | {_STORY[1]} |"
    assert blank_link_cells(row, links) == row


def test_a_post_container_of_photo_notes_does_not_replace_the_body() -> None:
    """A gallery post: its container holds a short note per photo, which is no story to prefer."""
    notes = "".join(
        f"<div class='photo'><img src='/p/{i}.jpg'/><div>Img ID#{i} Title:</div><div>Mouseover photo to load notes</div></div>"
        for i in range(40)
    )
    page = _blog_page().replace(f"<div style='text-align: justify;'><span style='font-family: Arial;'>{_POST}</span></div>", notes)
    body = "\n".join(extract_page(page, "https://blog.example/2012/10/slow-boat.html").paragraphs)
    assert "Mouseover photo" not in body


def test_a_page_without_a_post_container_class_is_never_parsed_again_for_one() -> None:
    """The raw-page check that spares the second parse agrees with the parsed search."""
    from pipeline.normalise.blocks import may_hold_container

    assert may_hold_container('<div class="Entry-Content"><p>x</p></div>')
    assert may_hold_container("<section id='article-body'></section>")
    assert not may_hold_container("<div class='sidebar'><p>Posted in news</p></div>")
