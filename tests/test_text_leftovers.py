"""Text dumps (NELA-style): page leftovers are stripped and the article kept.
Fixture: tests/fixtures/extraction/text/nela_leftovers.txt (written for this test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import NormaliseSettings
from pipeline.normalise.article import RawRecord, normalise_record
from pipeline.normalise.text import comment_thread_start, strip_markdown, text_paragraphs

FIX = Path(__file__).parent / "fixtures" / "extraction" / "text" / "nela_leftovers.txt"
TITLE = "Mill fire forces evacuation of riverside homes"


@pytest.fixture(scope="module")
def body() -> str:
    rec = RawRecord("nela", "fixture:1", url="https://gazette.example/mill-fire", title=TITLE, text=FIX.read_text())
    return normalise_record(rec, NormaliseSettings()).body


def test_article_sentences_are_all_kept(body: str) -> None:
    for kept in ("Fire crews spent the night", "volunteers handed out blankets", "started deliberately",
                 "The fire started in the east wing", "said station manager Dev Patel"):
        assert kept in body


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("lone separator", "|"),
        ("advertiser name", "ADVERTISER"),
        ("image alt text", "Smoke rises over the old textile mill"),
        ("repeated title", TITLE),
        ("share prompt", "Share this"),
        ("share button text", "Click to share"),
        ("read more link", "Read more"),
        ("read more headline", "READ MORE"),
        ("markdown emphasis", "**"),
        ("markdown link target", "https://example.org"),
        ("comment header", "12 Comments"),
        ("commenter name", "riverdweller"),
        ("comment text", "lovely old building"),
        ("reply button", "Reply"),
        ("comment spam", "crypto"),
    ],
)
def test_leftover_is_stripped(body: str, kind: str, text: str) -> None:
    assert text not in body, f"{kind} left in the body"


def test_site_name_before_the_story_is_dropped(body: str) -> None:
    assert not body.startswith("Valley Gazette")


def test_markdown_is_reduced_to_its_text() -> None:
    assert strip_markdown("a **bold** and _it_ [link text](http://x.example/a_(b)) ![alt](i.png)") == "a bold and it link text"
    assert strip_markdown("snake_case_name stays") == "snake_case_name stays"


def test_comment_thread_without_header_is_found_by_its_reply_lines() -> None:
    article = [f"Sentence number {i} of the story, long enough to be a real paragraph of news." for i in range(8)]
    thread = ["bobby_k", "Great piece, thanks.", "Reply", "2 hours ago", "Sue", "Nonsense from start to end.", "Reply"]
    assert comment_thread_start(article + thread) == len(article)
    assert comment_thread_start(article) is None


def test_times_inside_the_article_are_not_a_comment_thread() -> None:
    lines = [f"At 10:{i}5 am on day {i} the council met again to discuss the long-delayed bypass plan in detail." for i in range(6)]
    assert comment_thread_start(lines) is None


def test_blank_line_paragraphs_survive_cleaning() -> None:
    text = "Share this:\n\nFirst paragraph of the story\ncontinues on a wrapped line.\n\nSecond paragraph here.\n\n3 Comments\n\nfoo\n\nReply"
    assert text_paragraphs(text) == ["First paragraph of the story continues on a wrapped line.", "Second paragraph here."]
