"""The headline is judged on the page's form: a logo <h1>, a <title> naming only the site or
section, and a site's name around the headline must never become the title."""

from __future__ import annotations

from pipeline.normalise.html import _close_title, extract_page

STORY = ("<p>The harbour authority said on Monday that the north pier will close for eighteen months while "
         "engineers replace the timber piles that were damaged in last winter's storms and floods.</p>"
         "<p>Ferry services will move to the temporary landing at the old customs wharf, and the authority "
         "expects the first crossings from there to run on the usual timetable from early next month.</p>")


def title_of(head: str, body: str, url: str | None = "https://www.harbournews.example/story/1") -> str | None:
    return extract_page(f"<html><head>{head}</head><body>{body}</body></html>", url).title


def test_the_text_the_title_holds_beats_a_section_heading_over_the_story() -> None:
    body = ("<h1><a href='/'>www.harbournews.example</a></h1><h1>Local</h1>"
            f"<font size='4'>North pier to close for repairs</font>{STORY}")
    head = "<title>North pier to close for repairs - Local - News - harbournews.example</title>"
    assert title_of(head, body) == "North pier to close for repairs"


def test_a_logo_h1_linking_home_is_not_the_headline() -> None:
    """The logo sits just above the headline's <h2>: a higher heading right over the story's
    heading would be taken for the headline, unless it is only a link to the front page."""
    body = ("<h1><a href='https://www.harbournews.example/'>Harbour News</a></h1>"
            f"<h2>North pier to close for repairs</h2>{STORY}")
    assert title_of("<title>Harbour News</title>", body) == "North pier to close for repairs"


def test_the_title_segments_naming_section_and_site_are_dropped_when_no_heading_shows_it() -> None:
    head = "<title>North pier to close for repairs - Local - Breaking News - Harbour News</title>"
    assert title_of(head, f"<div>{STORY}</div>") == "North pier to close for repairs"


def test_a_title_naming_only_the_site_gives_way_to_the_heading_over_the_story() -> None:
    """<title> is the station's name; the headline is a classed span followed by the story, and
    a section label before it is followed by no story."""
    head = "<title>580 CFRA - News Talk Radio</title>"
    body = ("<h1>Local News</h1><div class='promo'><a href='/a'>Weather</a> <a href='/b'>Traffic</a></div>"
            f"<span class='headline'>North pier to close for repairs</span><br><span class='subheadline'>Jo Quay</span>{STORY}")
    assert title_of(head, body, "http://www.cfra.example/headlines/index.asp?nid=1") == "North pier to close for repairs"


def test_a_headline_over_its_subheading_wins_over_the_subheading() -> None:
    head = "<title>CSTV.com: #1 in College Sports</title>"
    body = ("<h1>North pier to close for repairs</h1>"
            f"<h2>Ferry services move to the old customs wharf for eighteen months.</h2>{STORY}")
    assert title_of(head, body, "http://www.cstv.example/x") == "North pier to close for repairs"


def test_the_og_title_loses_the_site_name_the_page_gives() -> None:
    head = ("<meta property='og:title' content='North pier to close for repairs | Harbour Daily'>"
            "<meta property='og:site_name' content='Harbour Daily'>")
    assert title_of(head, f"<div>{STORY}</div>", None) == "North pier to close for repairs"


def test_a_domain_name_before_a_colon_is_the_site() -> None:
    head = "<title>Forbes.com: North pier to close for repairs</title>"
    assert title_of(head, f"<div>{STORY}</div>", None) == "North pier to close for repairs"
    # a colon inside the headline stays when no piece names the site
    head = "<title>Ferries: North pier to close for repairs</title>"
    assert title_of(head, f"<div>{STORY}</div>", None) == "Ferries: North pier to close for repairs"


def test_colon_separated_section_and_site_after_the_headline_are_dropped() -> None:
    head = "<title>North pier to close for repairs: Local: Harbour24</title>"
    assert title_of(head, f"<div>{STORY}</div>", "http://www.harbour24.example/x") == "North pier to close for repairs"


def test_the_shown_headline_is_preferred_to_a_title_that_also_holds_the_site() -> None:
    """A span repeats the whole <title>; the shorter text shown for the same words is the headline."""
    head = "<title>Harbournews.example | Local | North pier to close, 86: years of service</title>"
    body = ("<span class='headlineArticle'>Harbournews.example | Local | North pier to close, 86: years of service</span>"
            f"<div class='story'><span class='headlineArticle'>North pier to close, 86: years of service</span>{STORY}</div>")
    assert title_of(head, body) == "North pier to close, 86: years of service"


def test_a_date_after_a_line_break_in_the_heading_is_not_title() -> None:
    head = "<title>Harbour News</title>"
    body = (f"<table><tr><td class='story-title'>North pier to close for repairs<span class='date'><br>"
            f"Thursday, 10, January, 2008, 09:14</span></td></tr></table>{STORY}")
    assert title_of(head, body) == "North pier to close for repairs"


def test_a_most_read_list_item_echoing_the_og_title_is_not_the_headline() -> None:
    """The og:title is a short promo headline; the <title> holds the headline the page shows in its <h1>."""
    head = ("<meta property='og:title' content=\"Pier 'should close for good'\"><meta property='og:site_name' content='Harbour News'>"
            "<title>Harbour News - North pier to close for eighteen months</title>")
    body = (f"<h1>North pier to close for eighteen months</h1>{STORY}"
            "<ol class='most-read'><li><span>3: Pier 'should close for good'</span></li></ol>")
    assert title_of(head, body) == "North pier to close for eighteen months"


def test_the_page_headline_over_the_story_beats_a_reworded_social_title() -> None:
    head = "<meta property='og:title' content='Pier to shut for repairs, authority says'>"
    body = f"<h1>North pier to shut for eighteen months of repairs</h1>{STORY}"
    assert title_of(head, body) == "North pier to shut for eighteen months of repairs"
    # but a section label over the story shares nothing with the social title: the social title stands
    body = f"<h1>Local</h1><h2>North pier to shut</h2>{STORY}"
    assert title_of(head, body) == "Pier to shut for repairs, authority says"


def test_the_comments_heading_is_not_the_headline_though_more_text_follows_it() -> None:
    comments = "".join(f"<p>Reader {i} wrote that the pier closure was long overdue and the wharf landing "
                       "will do fine for a while, though parking near the customs house is already tight.</p>"
                       for i in range(4))
    body = (f"<h1><a href='/'>Harbour Notes</a></h1><h2>North pier to close for repairs</h2>{STORY}"
            f"<h3>13 Comments</h3>{comments}")
    assert title_of("<title>Harbour Notes</title>", body) == "North pier to close for repairs"


def test_a_guillemet_separates_the_headline_from_the_site_name() -> None:
    head = ("<title>North pier to close « Harbour Notes and Local News Daily</title>"
            "<meta property='og:site_name' content='Harbour Notes and Local News Daily'>")
    body = f"<font size='4'>North pier to close</font>{STORY}"
    assert title_of(head, body) == "North pier to close"


def test_a_tagline_og_title_shown_on_the_page_loses_to_the_heading_the_title_holds() -> None:
    head = ("<meta property='og:title' content='Official Blog of the Harbour Authority'>"
            "<title>North pier to close for repairs - Harbour.example</title>")
    body = (f"<div><span>Official Blog of the Harbour Authority</span></div>"
            f"<h2>North pier to close for repairs</h2>{STORY}")
    assert title_of(head, body) == "North pier to close for repairs"


def test_a_blog_name_over_the_post_title_is_not_taken_for_a_headline_over_its_subheading() -> None:
    """The <title> holds both the blog's name and the post's title: the post title is the
    heading the story follows, and the blog's <h1> above it is not its headline."""
    body = f"<h1>Web Ink Now</h1><h3 class='post'>How Content Works</h3>{STORY}"
    assert title_of("<title>Web Ink Now: How Content Works</title>", body, None) == "How Content Works"


def test_a_section_label_the_navigation_links_to_is_not_the_headline() -> None:
    """The <title> names the site and section; the page shows that section's name over its
    column and in its menu: the heading with the story under it is the headline."""
    head = "<title>Harbour News - Lifestyle &amp; Entertainment</title>"
    body = ("<ul><li><a href='/news'>News</a></li><li><a href='/life'>Lifestyle &amp; Entertainment</a></li></ul>"
            "<div class='section'>Lifestyle &amp; Entertainment</div>"
            f"<h2>North pier to close for repairs</h2>{STORY}")
    assert title_of(head, body) == "North pier to close for repairs"


def test_a_section_heading_without_a_story_under_it_gives_way_to_the_story_heading() -> None:
    head = "<title>harbournews.example - Local Sports Wire</title>"
    body = ("<h1>Local Sports Wire</h1><div>Updated every hour from the wire</div>"
            f"<h2>North pier to close for repairs</h2>{STORY}")
    assert title_of(head, body) == "North pier to close for repairs"


def test_a_short_post_title_keeps_over_a_heading_that_introduces_a_list() -> None:
    """A short post under its title; the longer text under "...these posts:" is a list of
    other stories, so the post's title is no section label."""
    head = "<title>Go vote! - Harbour Blog</title>"
    body = ("<h2>Go vote!</h2><p>Polls close at eight tonight.</p>"
            f"<h2>Our writers recommend you read these posts:</h2>{STORY}")
    assert title_of(head, body) == "Go vote!"


def test_a_dated_byline_set_as_a_heading_is_never_the_headline() -> None:
    # A short post title that a menu also links to gives way to a longer heading over the story,
    # but never to the post's "by NAME on DATE" line, however its class names it.
    story = " ".join(["The partnership grew slowly over the years and both of them learned to listen."] * 4)
    body = ("<nav><a href='/a'>My Greatest Role Models</a></nav><h1 class='entry-title'>My Greatest Role Models</h1>"
            f"<p class='headline_meta'>by Meghann Quay on November 13, 2012</p><p>{story}</p>")
    assert title_of("<title>My Greatest Role Models</title>", body) == "My Greatest Role Models"


SHARE_BOX = ("<div class='sharebox'><h3>Bookmark with:</h3><ul><li><a href='/s?u=1'>Delicious</a></li>"
             "<li><a href='/s?u=2'>Digg</a></li></ul><p><a href='/help'>What are these?</a></p></div>")


def test_a_heading_ending_in_a_colon_labels_a_list_and_the_plain_line_over_the_story_is_the_headline() -> None:
    """No <title>, and the headline a styled <div>: the share box's "Bookmark with:" heading is
    the only ranked heading, but it labels a list; the short line above the story is the headline."""
    body = (f"{SHARE_BOX}<div class='mxb'><div class='sh'>North pier to close for repairs</div></div>"
            f"<div>{STORY}</div>")
    assert title_of("", body) == "North pier to close for repairs"


def test_a_title_broken_by_a_comment_fragment_is_not_the_headline() -> None:
    """A mangled head: the <title> runs into a comment's tail and the head's scripts."""
    head = ("<title>HARBOUR SPORTi library--><script src='/x.js'></script><!--end--></title>"
            "<meta name='description' content='Pier news'>")
    body = f"{SHARE_BOX}<div class='sh'>North pier to close for repairs</div>{STORY}"
    title = title_of(head, body)
    assert title == "North pier to close for repairs"
    # the head after the comment's tail is read as markup again, not as title text
    assert _close_title(head).startswith("<title>HARBOUR SPORTi library--></title><script")


def test_a_caption_under_the_plain_headline_is_passed_over() -> None:
    body = ("<div class='stamp'>Last Updated: Thursday, 15 November 2007, 13:36 GMT</div>"
            "<div class='sh'>North pier to close for repairs</div>"
            "<div class='cap'>The north pier seen from the old customs wharf</div>"
            f"<div>{STORY}</div>")
    assert title_of("", body) == "North pier to close for repairs"
