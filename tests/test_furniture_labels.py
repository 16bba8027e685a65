"""Template labels and a site's small boxes left as lines beside the story (issue 19, part 1): a
section's other stories, a writer's other posts, a post's section label, a share-by-mail link,
a heading with a screen-reader label glued to it. Each has a look-alike that is article text."""

from __future__ import annotations

import pytest

from pipeline.normalise.furniture import cut_glued_tail, is_byline, is_comment_prompt, is_furniture_line
from pipeline.normalise.html import extract_page
from tests.test_extraction import _STORY  # one story for the extraction tests

_TITLE = "Ferry terminal to open in spring"


@pytest.mark.parametrize("line", [
    "Also in Arts & Entertainment", "Also in Middle East News",
    "View all posts by Jo Quay →", "View All Posts", "See more articles from Harbour Weekly",
    "Advertise With Us", "Advertise on HarbourLine.com and its radio station",
    "Email this story to a friend", "E-mail this to a friend", "Send to a friend |",
    "Posted in: Harbour Council", "Filed under: News",
    "Don't miss: Ferry fares to rise again in May", "Don't miss - Quay Weekly's guide to the festival",
])
def test_labels_and_small_boxes_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "Also in Shanghai this week, the ferry company opened its largest terminal yet.",
    "Also in attendance were the mayor and two councillors.",
    "Please forward this story to a friend who is trying to quit smoking.",
    "Posted in the window of the shop was a note from the owner.",
    "Don't miss the lantern parade, which starts at the pier at 7pm.",
    "Advertisers on the ferry's screens paid £4,000 last year.",
])
def test_prose_that_opens_alike_is_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_closed_thread_note_naming_the_entry_is_a_comment_prompt() -> None:
    assert is_comment_prompt("The comments to this entry are closed.")
    assert not is_comment_prompt("The comments to this entry were read aloud at the meeting.")


@pytest.mark.parametrize(("line", "head"), [
    ("Global shift? Continue reading the main story", "Global shift?"),
    ("The new quay at dusk [click to enlarge]", "The new quay at dusk"),
    ("Fares to rise Advertisement", "Fares to rise"),
    ("Ferry timetable View all posts by Jo Quay", "Ferry timetable"),
])
def test_a_template_label_glued_to_a_heading_is_cut_off(line: str, head: str) -> None:
    assert cut_glued_tail(line) == head


@pytest.mark.parametrize("line", [
    "The council paid for an advertisement",  # the word, lower case, ends a sentence
    "Continue reading the main story",  # furniture whole: dropped whole, not cut
    "| The new quay | Click to enlarge |",  # a table row is judged by its cells
])
def test_lines_without_a_glued_label_are_left_alone(line: str) -> None:
    assert cut_glued_tail(line) == line


def test_the_html_path_stores_the_heading_without_its_label() -> None:
    paras = "".join(f"<p>{p}</p>" for p in _STORY)
    page = (f"<html><head><title>{_TITLE}</title></head><body><div class='story'><h1>{_TITLE}</h1>{paras[:400]}"
            f"<h2>Winter timetable Continue reading the main story</h2>{paras[400:]}</div></body></html>")
    body = extract_page(page, "https://news.example/ferry").paragraphs
    assert "Winter timetable" in body
    assert not any("Continue reading" in p for p in body)


@pytest.mark.parametrize("line", [
    "By Harbour Blood Service | Published 01/13/2026 | Community News | Unrated",
    "| By Harbour Blood Service \\| Published 01/13/2026 \\| Community News \\| Unrated |  | ",
    "By Jo Quay | Posted May 3, 2026 | View all articles by Jo Quay",
])
def test_a_contributor_box_run_into_one_row_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "by Jo Quay | May 3, 2026",  # a byline with its date: some annotators keep it
    "| By Jo Quay, Harbour News | May 3, 2026 · 13 Comments | Email This Post |",
    "By Jo Quay | Posted May 3, 2026 | The ferry terminal opens in spring after years of delay and cost overruns",
])
def test_a_byline_row_without_a_contributor_box_label_or_with_story_is_not_a_box(line: str) -> None:
    assert not is_furniture_line(line)


def test_a_click_to_enlarge_label_alone_is_furniture_and_not_cut() -> None:
    assert is_furniture_line("Click photo to enlarge")
    assert cut_glued_tail("Click photo to enlarge") == "Click photo to enlarge"


@pytest.mark.parametrize("line", ["Related Topics: Harbour, Ferries", "Post Comments (Atom)", "Subscribe to: Posts (Atom)"])
def test_topic_rows_and_feed_links_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", ["Real Estate Headlines", "Back to Investments Headlines", "All About Harbour Council • Ferries",
                                  "All About Ferries and Fares"])
def test_a_headline_box_or_topic_row_heading_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", ["The headlines were grim that week.", "All About Choosing an Ferry Operator",
                                  "Headlines in the local paper called him a hero."])
def test_headlines_and_all_about_in_prose_or_a_post_title_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


@pytest.mark.parametrize("line", ["By Jo Quay in Karachi", "By Jo Quay, correspondent", "By Jo Quay and agencies",
                                  "By Harbour News editors", "By Jo Quay, staff writer"])
def test_a_byline_with_where_it_was_filed_or_the_writers_role_is_a_byline(line: str) -> None:
    assert is_byline(line)


@pytest.mark.parametrize("line", ["By noon the tide had turned.", "By the time the ferry arrived in Dover"])
def test_a_sentence_opening_with_by_is_not_a_byline(line: str) -> None:
    assert not is_byline(line)


@pytest.mark.parametrize("line", ["[January 05, 2026]", "(Jan. 5, 2026 12:00 AM)"])
def test_a_date_stamp_in_brackets_is_furniture_like_a_bare_one(line: str) -> None:
    assert is_furniture_line(line)


def test_a_bracketed_date_before_a_heading_is_not_a_stamp_line() -> None:
    assert not is_furniture_line("[January 05, 2026] Ferry fares rise")


@pytest.mark.parametrize("line", ["[Scientists find seven Earth-sized planets orbiting a nearby star]",
                                  "[SCHOOLED: Here’s how the harbour board should have voted on fares]"])
def test_a_bracketed_link_to_another_story_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", ["[Update: The council replied on Monday. It said the fares will stay.]",
                                  "[Two Chill Parents]",
                                  "[For the record: an earlier version of this post misnamed the ferry.]"])
def test_editors_notes_credits_and_short_names_in_brackets_are_not_story_links(line: str) -> None:
    assert not is_furniture_line(line)
