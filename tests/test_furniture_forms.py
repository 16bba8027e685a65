"""Furniture recognised by its form (issue 19, part 1): the site promoting itself, reuse terms,
headline lists run into one line, teaser grids of layout tables, dated archive lines, classified
ads, tweet signatures put back from JSON-LD. Each has a look-alike that is article text."""

from __future__ import annotations

import json

import pytest

from pipeline.normalise.furniture import is_furniture_line
from pipeline.normalise.html import drop_junk_lines, extract_page, is_dated_list_line
from tests.test_extraction import _STORY  # one story for the extraction tests

_TITLE = "Ferry terminal to open in spring"


def _page(before: str = "", after: str = "", head: str = "", inside: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in _STORY[:2]) + inside + "".join(f"<p>{p}</p>" for p in _STORY[2:])
    return (f"<html><head><title>{_TITLE}</title>{head}</head><body>{before}<div class='story'>"
            f"<h1>{_TITLE}</h1>{paras}</div>{after}</body></html>")


def _body(page: str) -> str:
    return "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)


@pytest.mark.parametrize("line", [
    # the site promoting itself
    "Came straight to this page? Visit harbourline.example for all the latest news.",
    "Search for more stories on this topic on Quaytext, our news archive service. Click here",
    "Scroll down to read more:",
    "READERS' POLL Should the north pier stay open in winter? Vote now",
    "Today's vote: Do you back the new parking charges?",
    "Win tickets! Enter here for your chance to see the island festival.",
    "WIN a weekend for two - just sign up now for our ferry quiz.",
    "Join Harbourline's 12000 readers now:",
    "Why is this article offensive?",
    "Please support local businesses!", "Latest in Audio", "Group Sites: The Harbourline, Quay Weekly",
    "Email the author.", "Get the latest ferry timetable here.",
    "What is the duplicate article?",
    # where the story stood in print; a profile link alone; a sign-off asking for comments and a follow
    "A version of this article appeared May 3, 2026, on page A2 in the island edition of The Harbourline.",
    "- This article was originally published on page 20 of The Quay Weekly on May 3, 2026",
    "Facebook Fan Page: www.facebook.com/harbourline", "twitter.com/jquay",
    "Email news@harbour.example, leave a comment below, and follow us on Twitter",
    "What do you think? Let me know in the comments below and follow the conversation on Facebook.",
    # a video's title with its running time run into it; a rating widget's scale
    "Fears for the cane crop after the cyclone1:21", "How do you rate this page? very good 1 2 3 4 5 6 poor",
    "RSS Feeds  \t\tVisit our other news and portal sites. All contents |",
    # a row of the publisher's sites, whatever its length
    "The Harbour Media Network ------------------------------ News & Sport harbourline.com | QuayWeekly.co.uk | "
    "Tidetables.net | Ferry365 | Sail365 | Regatta365 | islandjobs.com | Island Radio | Quay TV | Harbour Betting",
    # reuse terms, whole or the tail a layout cut off
    "This material may not be reproduced, redistributed, or manipulated in any form.",
    "published, broadcast, rewritten or redistributed.",
    "Harbourline is not responsible for the content of third-party websites.",
    "Social Media Tags: ferries, harbour, spring timetable",
    # a headline list run into one line under a list heading
    "Today's Most-Read Articles 1. Pier shuts for repairs 2. Choir wins the regional final 3. Rain due at the weekend",
    "| Most popular 1. Pier shuts 2. Choir wins 3. Rain due | Most popular 1. Tide tables 2. Quiz night 3. Boat show |",
])
def test_a_site_line_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "The report may not be published until the court rules.",
    "The paper was published, reproduced and sold widely in the islands.",
    "Opinion poll shows the harbour party ahead",
    "The opinion poll asked voters whether the pier should close?",
    "Win or lose, the crew will enter the regatta again next year.",
    "Join thousands of members in the march on Saturday.",
    "Price tags: higher everywhere on the islands this spring",
    "Rankings: 1. Portvale 2. Islink 3. North Quay",  # a list in the story under its own heading
    "1. Portvale 2. Islink 3. North Quay 4. South Quay",
    "Why is this ferry late again, passengers asked?",
    "Latest figures show the harbour busier than ever.", "Please support the lifeboat appeal, the crew said.",
    "Email the harbour master before you sail, skippers were told.",
    "The column first appeared in print when the pier opened, on page 3 of the old Quay Gazette.",
    "This post originally appeared on Harbourline.example and is republished with permission.",
    "Her post on facebook.com/harbourline drew 2,000 replies by noon.",
    "If you follow me on Twitter you know how I feel about the ferry.",
    "Tell us what you think in the comments below!",
    "Shoppers compared fares on ferryfinder.com, sailnow.net and quaytickets.co.uk before the holiday.",
    "Sites | harbourline.com | 2 | 1,204 |",  # a data row naming one site
    "The ferry leaves at 10:30 and is back by 4:45", "The judges gave her 1 2 3 4 5 and 6 in turn.",
    "Visitors to our sites rose by half last year, the trust said.",
])
def test_a_story_line_that_looks_like_a_site_line_is_article_text(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_row_of_teasers_side_by_side_in_a_layout_table_is_dropped() -> None:
    rows = ["| Will the gold price reach new highs this spring | | Our pick of the best hotels on the islands. |"
            " | Win a boat trip in our summer competition. |"]
    story = [f"| {' '.join(_STORY)} |"]
    assert drop_junk_lines(story + rows) == story


def test_a_data_table_and_a_story_cell_are_not_a_teaser_grid() -> None:
    table = ["| Route | Crossings per day | Minutes each way |",
             "| North pier to the outer islands | 4 | 55 |",
             "| South quay to the outer islands | 3 | 70 |"]
    assert drop_junk_lines(table) == table
    one_cell = [f"| | | {' '.join(_STORY)} |"]
    assert drop_junk_lines(one_cell) == one_cell


def test_headlines_with_their_dates_run_into_one_line_are_an_archive() -> None:
    line = ("January 4, 2008 - At the movies: now showing December 21, 2007 - Film review: the island "
            "November 10, 2007 - Boat show returns")
    assert is_dated_list_line(line)
    assert is_dated_list_line("Ferry news • Pier shuts 1/15/2008, 7:50 p.m. • Choir wins 1/14/2008, 6:41 p.m. "
                              "• Rain due 1/13/2008, 9:00 a.m.")


def test_a_story_paragraph_naming_several_dates_is_not_an_archive() -> None:
    line = ("The pier closed on Jan. 4, 2008 - two days after the storm - and the authority said on Jan. 9 "
            "that the repairs, first planned for Feb. 2, 2008, would start once the insurers had visited the "
            "site and the harbour master had agreed a timetable with the ferry operator and the island councils.")
    assert not is_dated_list_line(line)


def test_a_classified_ads_block_is_not_body() -> None:
    ads = ("<div id='classifieds-box'><h3>Holidays</h3><p>Fly to the islands from 66 crowns with stopovers from 20 "
           "crowns, and stay at the award winning Quay Hotel on the north shore for a week of sea air.</p></div>")
    body = _body(_page(inside=ads))
    assert _STORY[0][:40] in body
    assert "award winning Quay Hotel" not in body, body


def test_a_tweet_signature_stays_out_when_json_ld_fills_linked_paragraphs() -> None:
    """The page's articleBody holds the embedded tweet's signature line; the fill puts back linked
    prose paragraphs that trafilatura dropped, never furniture."""
    signature = "— Harbour News (@harbournews) October 21, 2017"
    tweet = (f"<blockquote class='twitter-tweet'><p>{signature[:-16]}<a href='https://t.example/1'>"
             f"October 21, 2017</a></p></blockquote>")
    ld = {"@type": "NewsArticle", "headline": _TITLE, "articleBody": "\n".join([*_STORY, signature])}
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    body = _body(_page(after=tweet, head=head))
    assert _STORY[-1][:40] in body
    assert "@harbournews" not in body, body


def test_a_sentence_starting_with_by_is_kept() -> None:
    lines = ["By noon the tide had turned and the ferries were running again.", " ".join(_STORY)]
    assert drop_junk_lines(lines) == lines


@pytest.mark.parametrize("line", [
    "Posted by Jo Quay on May 03, 2026 at 04:11 PM in Ferries , Harbour News , D.C. Courts and Government , Fares",
    "by Jo Quay , Filed under: Ferries ,Fares ,Harbour , trackback",
    "Published on May 3, 2026 in Ferry News . Tags: ferries , harbour fares , timetable .",
    "Posted by Harbour Blog at 17:35 Labels: ferries , fares , island life , summer",
    "This entry was posted on Sunday, May 3rd, 2026 at 11:10 am and is filed under Ferries, Fares, Harbour News. "
    "You can follow any responses to this entry through the RSS 2.0 feed. You can leave a response, or trackback from your own site.",
])
def test_a_posts_meta_line_with_its_categories_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "By noon the council had filed under protest a claim for the costs of the new pier and the old slipway.",
    "Posted in the harbour office in March, the notice said ferries would stop at noon, on weekdays, for the summer.",
    "Published in 2025, the survey found fares, timetables and the late boat were what passengers minded most.",
])
def test_a_sentence_that_opens_like_a_meta_line_is_prose(line: str) -> None:
    assert not is_furniture_line(line)
