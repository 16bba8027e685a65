"""Where each body line sat in the page: the DOM evidence the learned trim reads (linedom)."""

from __future__ import annotations

import lxml.html
import numpy as np
import pytest

from pipeline.normalise import html, htmltrim, linedom
from tests.line_corpus import hand_model

STORY = [
    "The island ferry service was halted on Tuesday after a storm damaged the harbour pier at Westport.",
    "Harbour officials said engineers found cracks in two of the pier's supporting piles and closed it.",
    "The ferry operator said passengers booked on cancelled sailings would be offered refunds or places.",
    "The council said it would ask the government for emergency funding to repair the old pier quickly.",
]
TITLE = "Ferry service halted after storm damages harbour pier"
# sentence-like teasers: their words alone do not tell them from the story; their markup does
RELATED = [
    "Council says the new school budget will be approved before the summer holidays begin.",
    "Bakery owners said the national sourdough award came after years of early mornings.",
]
PAGE = (f"<html><head><title>{TITLE}</title></head><body>"
        "<div id='mainNav'><ul><li><a href='/'>Home page of the harbour news</a></li></ul></div>"
        f"<div class='article-body'><h1>{TITLE}</h1>" + "".join(f"<p>{p}</p>" for p in STORY) +
        "<div class='share-tools'><a href='/s'>Share this story on your social networks</a></div></div>"
        "<aside class='relatedStories'><ul>" + "".join(f"<li><a href='/r{i}'>{t}</a></li>" for i, t in enumerate(RELATED)) +
        "</ul></aside></body></html>")


def _row(dom: linedom.LineDom, line: str, lines: list[str]) -> dict[str, float]:
    rows = dom.features(lines)
    return dict(zip(linedom.FEATURES, rows[lines.index(line)], strict=True))


def test_class_and_id_names_split_into_words() -> None:
    assert linedom.name_words("mainNav-bar_2 relatedStories") == ["main", "nav", "bar", "2", "related", "stories"]
    assert linedom.name_groups("share-tools") & 1 << list(linedom.GROUPS).index("share")
    assert not linedom.name_groups("category-worth-reading")  & 1 << list(linedom.GROUPS).index("share")


def test_each_line_is_placed_in_the_page() -> None:
    dom = linedom.LineDom(lxml.html.fromstring(PAGE).getroottree())
    lines = ["Home page of the harbour news", TITLE, *STORY, "Share this story on your social networks", *RELATED]
    story = _row(dom, STORY[1], lines)
    assert story["dom_found"] == 1.0 and story["tag_p"] == 1.0 and story["dom_outside"] == 0.0
    assert not any(story[f"cls_{g}"] for g in linedom.GROUPS)  # the story container's own names say nothing
    share = _row(dom, "Share this story on your social networks", lines)
    assert share["cls_share"] == 1.0 and share["tag_link"] == 1.0 and share["dom_outside"] == 0.0
    teaser = _row(dom, RELATED[0], lines)
    assert teaser["cls_related"] == 1.0 and teaser["tag_li"] == 1.0 and teaser["dom_outside"] == 1.0
    assert teaser["dom_levels_in"] > story["dom_levels_in"]
    assert _row(dom, "Home page of the harbour news", lines)["cls_nav"] == 1.0
    assert _row(dom, TITLE, lines)["tag_heading"] == 1.0
    assert _row(dom, "A line the page never printed at all", [*lines, "A line the page never printed at all"])["dom_found"] == 0.0


def test_a_repeated_line_is_found_where_the_body_reads_it() -> None:
    """A headline printed in a menu first and then over the story is the story's in the body."""
    page = (f"<html><body><ul class='menu'><li><a href='/x'>{STORY[0]}</a></li></ul>"
            f"<div class='post'>" + "".join(f"<p>{p}</p>" for p in STORY) + "</div></body></html>")
    dom = linedom.LineDom(lxml.html.fromstring(page).getroottree())
    rows = dom.features(STORY)
    assert rows[0, linedom.FEATURES.index("cls_nav")] == 0.0
    assert rows[0, linedom.FEATURES.index("tag_p")] == 1.0


def test_the_page_trim_reads_the_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    """Teasers written as sentences, in a related-stories list outside the story: the markup, not
    their words, tells them from the story (a trim reading lines alone keeps them)."""
    model = hand_model(cls_related=-6.0)
    monkeypatch.setattr(htmltrim, "load_model", lambda path="": model)
    body = html.extract_page(PAGE, "http://example.invalid/story").paragraphs
    assert any(STORY[0] in p for p in body) and any(STORY[-1] in p for p in body)
    assert not any(RELATED[0] in p or RELATED[1] in p for p in body)
    lines = [*STORY, *RELATED]
    assert htmltrim.trim_body(lines, TITLE, [0.0] * len(lines), model=model) == lines  # no markup: kept


def test_the_dom_features_sit_in_the_trims_rows() -> None:
    dom = np.ones((2, len(linedom.FEATURES)))
    rows = htmltrim.line_features(STORY[:2], TITLE, [0.0, 0.0], dom)
    assert rows.shape == (2, len(htmltrim.FEATURES))
    assert rows[0, htmltrim.FEATURES.index("cls_related")] == 1.0
    assert htmltrim.line_features(STORY[:2], TITLE, [0.0, 0.0])[0, htmltrim.FEATURES.index("dom_found")] == 0.0


# a layout table: the story in one cell, a column of link teasers repeating one item in another
LAYOUT = ("<html><body><table><tr><td class='story'>" + "".join(f"<p>{p}</p>" for p in STORY) +
          "</td><td><table>" + "".join(f"<tr><td class='teaser'><a href='/t{i}'>{t}</a></td></tr>" for i, t in enumerate(RELATED)) +
          "<tr><td class='teaser'>Council unveils plan for more cycle lanes along the seafront <a href='/t9'>more</a></td></tr>"
          "</table></td></tr></table></body></html>")


def test_block_links_siblings_and_nested_tables_are_measured() -> None:
    dom = linedom.LineDom(lxml.html.fromstring(LAYOUT).getroottree())
    lines = [*STORY, *RELATED, "Council unveils plan for more cycle lanes along the seafront more"]
    story, teaser = _row(dom, STORY[1], lines), _row(dom, RELATED[0], lines)
    assert story["block_link_share"] == 0.0 and teaser["block_link_share"] == 1.0
    half = _row(dom, lines[-1], lines)["block_link_share"]
    assert 0.0 < half < 0.2  # one linked word of eleven
    assert teaser["block_siblings"] == 0.0  # each teaser <td> is alone in its row; the <tr>s repeat, not the cell
    assert story["block_siblings"] == pytest.approx(np.log1p(len(STORY) - 1))  # the story's <p>s repeat too
    assert teaser["tables"] == pytest.approx(np.log1p(2)) and story["tables"] == pytest.approx(np.log1p(1))
    assert teaser["block_words"] == pytest.approx(np.log1p(len(RELATED[0].split())))
