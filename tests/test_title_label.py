"""A section's or site's label is never the headline when the page shows a longer headline over
its story (title._over_label, _heading_above and the last resort of choose_title)."""

from __future__ import annotations

from pipeline.normalise.html import extract_page

STORY = ("<p>The harbour authority said on Monday that the north pier will close for eighteen months while "
         "engineers replace the timber piles that were damaged in last winter's storms and floods.</p>"
         "<p>Ferry services will move to the temporary landing at the old customs wharf, and the authority "
         "expects the first crossings from there to run on the usual timetable from early next month.</p>")
HEADLINE = "North pier to close for eighteen months"
URL = "https://www.harbournews.example/story/1"


def title_of(head: str, body: str) -> str | None:
    return extract_page(f"<html><head>{head}</head><body>{body}</body></html>", URL).title


def test_a_section_label_in_capitals_gives_way_to_the_bold_line_over_the_story() -> None:
    """The <title> names the site and the section; the section's label is shown in capitals over
    a bold headline that no heading tag marks."""
    body = (f"<div class='bar'>LOCAL NEWS</div><br><font size='4'><p><b>{HEADLINE}</b></p></font>{STORY}")
    assert title_of("<title>Harbour News : LOCAL NEWS</title>", body) == HEADLINE


def test_a_menu_label_gives_way_to_the_bold_line_over_the_story() -> None:
    menu = "<td><font><a href='/'>Front Page</a></font></td><td><font><a href='/local'>Local stories</a></font></td>"
    body = f"<table><tr>{menu}</tr></table><div><b>{HEADLINE}</b></div>{STORY}"
    assert title_of("<title>Harbour News: Local stories</title>", body) == HEADLINE


def test_a_short_headline_the_title_holds_is_kept() -> None:
    """A short headline, neither linked nor in capitals, stays the headline over a longer line."""
    body = f"<div class='kicker'>Pier closes</div><div><b>{HEADLINE} from Monday</b></div>{STORY}"
    assert title_of("<title>Pier closes - Harbour News</title>", body) == "Pier closes"


def test_the_heading_over_a_bylined_box_is_the_headline_not_the_label() -> None:
    """The story's box is classed a headline but holds its byline and date; the heading right
    over it, with nothing between, is the headline, and the label the <title> names is not."""
    body = ("<div class='article_top'>NEWS ARTICLE</div>"
            f"<h3>{HEADLINE}</h3><div class='headline_top'>Harbour Desk<br>Tuesday January 8, 2008</div>{STORY}")
    assert title_of("<title>Harbour News :: News Article</title>", body) == HEADLINE


def test_a_title_the_page_never_shows_gives_way_to_the_line_the_story_opens_with() -> None:
    """The <title> describes the site's section; the line over the story shares its words."""
    body = f"<div><a href='/'>Home</a></div><div class='hd'>{HEADLINE}</div>{STORY}"
    head = "<title>harbournews - Coastal news, tide tables, ferry times and weather</title>"
    assert title_of(head, body) == HEADLINE


def test_a_title_the_page_never_shows_keeps_over_a_widget_line() -> None:
    """The <title>'s headline is not shown as a heading, and the only plain line over the story
    is a social widget's: the <title> says more of the story's opening, it stays."""
    body = f"<div class='hd'><a href='/story/1'>{HEADLINE}</a></div><div>Become a fan on our page</div>{STORY}"
    head = f"<title>{HEADLINE} | Harbour News</title>"
    assert title_of(head, body) == HEADLINE


def test_a_label_line_right_over_the_plain_headline_is_passed_over() -> None:
    """The <title> names the site's digest; its name and a logo's spaced-out lettering sit right
    over the plain headline, but share no word with the story's opening as the headline does."""
    body = (f"<div>h a r b o u r</div><div>Evening Digest</div><p><b>{HEADLINE}</b></p>{STORY}")
    assert title_of("<title>Harbour News's Evening Digest</title>", body) == HEADLINE


def test_a_post_title_linked_as_its_own_permalink_beats_a_sidebar_heading() -> None:
    """No <title>; the post's title is an <h4> holding only its permalink (rel="bookmark"), and
    the one <h2> on the page heads a sidebar list below the post with a few words under it."""
    sidebar = "".join(f"<li><a href='/p{k}'>Another post {k}</a><cite>+{k} votes from readers today</cite></li>"
                      for k in range(8))
    body = (f"<h5>January 18th, 2008</h5><h4><a href='/story/1' rel='bookmark'>{HEADLINE}</a></h4>{STORY}"
            f"<div id='side'><h2><span>Top Rated</span></h2><ul>{sidebar}</ul></div>")
    assert title_of("", body) == HEADLINE


def test_a_linked_short_headline_keeps_over_a_line_that_says_less_of_the_story() -> None:
    """The headline is short and a list elsewhere on the page links it; the bold line over the
    story is another story's, sharing none of its opening: the headline the titles hold stays."""
    body = ("<ul><li><a href='/pier'>Pier works</a></li><li><a href='/ferry'>Ferry fares</a></li></ul>"
            f"<div><b>Lighthouse cottages open as a museum</b></div>{STORY}")
    assert title_of("<title>Pier works - Harbour News</title>", body) == "Pier works"


def test_a_comment_form_note_or_a_quotation_is_never_the_line_over_the_story() -> None:
    """With no heading, the plain line over the story is the headline, but never a comment form's
    note nor a line wholly in quote marks."""
    assert title_of("<title>Harbour News</title>", f"<div><b>{HEADLINE}</b></div>{STORY}") == HEADLINE
    for line in ("* Email will not be published", "“We cannot wait another winter”"):
        assert title_of("<title>Harbour News</title>", f"<div><b>{line}</b></div>{STORY}") != line


_HEADING_WITH_CATEGORY = (f"<div class='post'><h2><div class='cat'><a href='/category/sport/' rel='category tag'>Sport"
                          f"</a></div><a href='/p/1' rel='bookmark'>{HEADLINE}</a></h2>{STORY}</div>")
_TAGLINE_HEAD = ("<title>{} - harbournews.example</title>"
                 "<meta property='og:title' content='The harbour blog of record'>")


def test_a_category_link_inside_the_heading_is_no_part_of_the_headline() -> None:
    """The heading holds its category's link and then the headline; the og:title is the blog's
    tagline (shown on the page too), the <title> the headline: the category's words are dropped."""
    body = f"<p>The harbour blog of record</p>{_HEADING_WITH_CATEGORY}"
    assert title_of(_TAGLINE_HEAD.format(HEADLINE), body) == HEADLINE


def test_a_headline_with_its_own_punctuated_kicker_is_kept_whole() -> None:
    body = f"<p>The harbour blog of record</p><h2>Analysis: {HEADLINE}</h2>{STORY}"
    assert title_of(_TAGLINE_HEAD.format(HEADLINE), body) == f"Analysis: {HEADLINE}"
