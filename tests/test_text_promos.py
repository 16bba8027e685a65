"""Page furniture inside a whole-page text dump's story that reads like a line of it: a sign-up
box's question, thanks and fine print, a picture's agency credit alone on its line, an embedded
post's signature and links to videos. Small invented dumps, one block a line."""

from __future__ import annotations

from pipeline.normalise.furniture import is_furniture_line
from pipeline.normalise.text import _is_byline, _is_caption_credit, _is_embed_or_video_link, text_paragraphs
from tests.ferry_story import SHORT_MENU as MENU
from tests.ferry_story import STORY, TITLE


def test_a_sign_up_box_inside_the_story_goes() -> None:
    box = [
        "Want the latest harbour news as it breaks?",
        "Thank you for signing up! Sign up for more newsletters here",
        "By signing up, you agree to our Privacy Policy and the terms of use.",
    ]
    body = text_paragraphs("\n".join([*MENU, *STORY[:3], *box, *STORY[3:], *MENU]), TITLE)
    assert body == STORY


def test_sign_up_lines_are_furniture_but_a_story_about_signing_up_is_not() -> None:
    assert is_furniture_line("Thank you for signing up! Sign up for more newsletters here")
    assert is_furniture_line("By signing up, you agree to our Privacy Policy.")
    assert is_furniture_line("Want more ferry stories delivered every morning?")
    assert not is_furniture_line("Space on the new evening sailing is limited, so sign up today!")
    assert not is_furniture_line("Want to know why fares rise? Fuel and crew costs doubled this winter, the authority said.")


def test_an_agency_credit_alone_on_its_line_is_a_caption_credit() -> None:
    assert _is_caption_credit("Ann Lee/Harbour Times/Getty Images")
    assert _is_caption_credit("Image copyright Ann Lee")
    # a newspaper's own credit: annotators keep some of these, so it is not taken for an agency's
    assert not _is_caption_credit("Ann Lee/The Coastal Courier")
    assert not _is_caption_credit("The image copyright dispute went to court in May, the authority said.")


def test_an_embedded_posts_signature_and_video_links_go() -> None:
    dump = [
        *MENU, *STORY[:4],
        "A post shared by Harbour Ferries (@harbourferries) on Apr 4, 2017 at 7:16pm PDT",
        *STORY[4:],
        "Passengers react to the new ferry fares Video",
        *MENU,
    ]
    assert text_paragraphs("\n".join(dump), TITLE) == STORY


def test_a_line_about_a_video_that_is_a_sentence_stays() -> None:
    assert _is_embed_or_video_link("Commuters queue for the first sailing of the day Video")
    assert not _is_embed_or_video_link("The authority posted a video.")
    assert not _is_embed_or_video_link("Watch the Video")  # too short to be a headline: other rules judge it


def test_a_caption_closed_by_its_agency_after_a_comma_is_a_credit() -> None:
    assert _is_caption_credit("Commuters board the first ferry of the day, AP")
    assert _is_caption_credit("The new harbour terminal, Getty Images")
    assert not _is_caption_credit("The new fares were confirmed by the authority, the AP reported.")


def test_a_call_to_follow_the_site_is_furniture_but_following_a_writer_is_not() -> None:
    assert is_furniture_line("For all the latest harbour news follow us on Twitter @coastalcourier.")
    assert is_furniture_line("Just hit 'Like' on our Facebook page for more.")
    # annotators keep a writer's own handle under the story
    assert not is_furniture_line("Follow Ann Lee on Twitter: @annlee")


def test_a_caption_widgets_label_marks_its_caption_anywhere_in_the_story() -> None:
    assert _is_caption_credit("Image caption Commuters board the first ferry of the day")
    dump = [*MENU, *STORY[:3], "Image caption Commuters board the first ferry of the day", *STORY[3:], *MENU]
    assert text_paragraphs("\n".join(dump), TITLE) == STORY
    # the words in a sentence are no label
    assert not _is_caption_credit("The image caption named the wrong ferry, the authority said.")


def test_the_writers_byline_at_the_storys_top_goes_even_under_the_standfirst() -> None:
    standfirst = "Commuters face a steep rise in ferry fares from April as fuel and crew costs climb, the authority says."
    dump = [*MENU, "Harbour ferry fares to rise in spring", standfirst, "By ANN LEE, Harbour Times Staff Writer", *STORY, *MENU]
    assert text_paragraphs("\n".join(dump), TITLE) == [standfirst, *STORY]


def test_a_sentence_opening_with_by_is_no_byline() -> None:
    assert _is_byline("By Ann Lee and Tom Reyes – 3 days ago")
    assert not _is_byline("By Monday the authority had received four hundred complaints about the rise.")
    assert not _is_byline("by the harbour wall")
