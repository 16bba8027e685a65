"""HTML extraction: page leftovers are stripped, metadata is read, and bad input is handled or
rejected with a reason (never a crash, never a silent drop). Fixtures: tests/fixtures/extraction/."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from pipeline import jobs
from pipeline.config import NormaliseSettings
from pipeline.normalise.article import OutletProfile, RawRecord, RejectError, normalise_record
from pipeline.normalise.html import decode_html, extract_page
from pipeline.warehouse.schema import articles, rejects

FIX = Path(__file__).parent / "fixtures" / "extraction"
SETTINGS = NormaliseSettings()


def rec(name: str, url: str = "https://portvale.example/news/story", **kw: object) -> RawRecord:
    return RawRecord(origin="test", locator=name, url=url, html=(FIX / name).read_bytes(), **kw)  # type: ignore[arg-type]


def test_leftover_blocks_are_stripped_and_the_article_kept() -> None:
    art = normalise_record(rec("leftovers.html"), SETTINGS)
    body = art.body
    for kept in ("reopened to traffic on Monday", "carries the life of the town", "final coat of paint"):
        assert kept in body
    leftovers = {
        "cookie banner": "We use cookies",
        "navigation": "Weather",
        "share prompts": "Share",
        "caption and credit": "Photo: Jon Reyes",
        "image alt text": "seen from the east quay",
        "newsletter": "morning newsletter",
        "ad label": "Advertisement",
        "related links": "rates relief",
        "comments": "long way round",
        "comment spam": "designer watches",
        "copyright": "All rights reserved",
    }
    leaked = {kind: text for kind, text in leftovers.items() if text in body}
    assert not leaked
    assert len(art.paragraph_spans) == 7


def test_metadata_with_timezone_canonical_author_language() -> None:
    art = normalise_record(rec("leftovers.html"), SETTINGS)
    assert art.title == "Harbour bridge reopens after two years of repairs"
    assert art.author == "Alice Marlow"
    assert art.published is not None and art.published.utcoffset() == timedelta(0)
    assert art.canonical_url == "https://portvale.example/news/2026/03/harbour-bridge-reopens"
    assert art.language == "en"


def _dated_page(date: str, extra_head: str = "") -> bytes:
    paras = "".join(f"<p>Paragraph {i} of a story long enough to be kept as the article body by the extractor.</p>" for i in range(6))
    return (f"<html><head>{extra_head}<meta name='date' content='{date}'><title>T</title></head>"
            f"<body><article>{paras}</article></body></html>").encode()


def test_outlet_locale_decides_ambiguous_dates_and_zone_applies() -> None:
    page = _dated_page("08/12/2017 10:00")
    uk = OutletProfile(name="Courier", locale="en_GB", timezone="Europe/London")
    us = OutletProfile(name="Herald", locale="en_US", timezone="America/New_York")
    a = normalise_record(RawRecord("t", "uk", url="https://courier.example/a", html=page), SETTINGS, profiles={"courier.example": uk})
    b = normalise_record(RawRecord("t", "us", url="https://herald.example/a", html=page), SETTINGS, profiles={"herald.example": us})
    assert a.outlet == "Courier" and b.outlet == "Herald"
    assert a.published is not None and (a.published.month, a.published.day) == (12, 8)
    assert b.published is not None and (b.published.month, b.published.day) == (8, 12)
    assert b.published.utcoffset() == timedelta(hours=-4)  # EDT in August


def test_page_locale_is_used_when_the_outlet_is_not_configured() -> None:
    page = _dated_page("08/12/2017", "<meta property='og:locale' content='en_GB'>")
    art = normalise_record(RawRecord("t", "x", url="https://unknown.example/a", html=page), SETTINGS)
    assert art.published is not None and (art.published.month, art.published.day) == (12, 8)


def test_outlet_css_rules_pick_the_body_and_drop_blocks() -> None:
    html = (FIX / "leftovers.html").read_text()
    css = {"body": "div.article-body", "drop": "p:last-child"}
    page = extract_page(html, "https://portvale.example/x", css)
    assert page.paragraphs[0].startswith("The harbour bridge reopened")
    assert not any("final coat of paint" in p for p in page.paragraphs)  # dropped by the rule
    with pytest.raises(ValueError, match="bad CSS selector"):
        extract_page(html, None, {"body": "div[["})


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.html", "empty page"),
        ("whitespace_only.html", "empty page"),
        ("not_html.json", "not an HTML page"),
        ("binary.pdf", "PDF"),
        ("no_article.html", "no article text"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(name: str, reason: str) -> None:
    with pytest.raises(RejectError, match=reason):
        normalise_record(rec(name), SETTINGS)


def test_truncated_page_keeps_what_arrived() -> None:
    art = normalise_record(rec("truncated.html"), SETTINGS)
    assert "lowest level in thirty years" in art.body
    assert "Farmers in the lower valley" in art.body


@pytest.mark.parametrize("name", ["charset_declared_latin1_is_utf8.html", "charset_declared_utf8_is_cp1252.html"])
def test_wrong_declared_charset_is_decoded_right(name: str) -> None:
    art = normalise_record(rec(name), SETTINGS)
    assert "Saint-Étienne-du-Val" in art.body
    assert "Ã" not in art.body and "\ufffd" not in art.body


def test_decode_prefers_a_bom() -> None:
    assert decode_html("\ufeff<p>é</p>".encode("utf-16-le")) == "<p>é</p>"


def test_other_language_is_detected_and_optionally_rejected() -> None:
    art = normalise_record(rec("other_language_de.html"), SETTINGS)
    assert art.language == "de" and "Stausee" in art.body
    with pytest.raises(RejectError, match="language 'de'"):
        normalise_record(rec("other_language_de.html"), NormaliseSettings(languages=["en"]))


def test_huge_page_is_rejected_before_parsing() -> None:
    para = "<p>" + "word " * 200 + "</p>\n"
    html = "<html><body>" + para * (21_000_000 // len(para)) + "</body></html>"
    assert len(html) > 20_000_000
    with pytest.raises(RejectError, match="max_html_bytes"):
        normalise_record(RawRecord("t", "big", url="https://x.example/big", html=html), SETTINGS)


def test_large_page_under_the_limit_is_extracted() -> None:
    story = (FIX / "leftovers.html").read_text()
    filler = "<div class='sidebar'>" + "<a href='/x'>link text</a> " * 60_000 + "</div>"
    html = story.replace("<footer>", filler + "<footer>")
    assert 1_000_000 < len(html) < 20_000_000
    art = normalise_record(RawRecord("t", "large", url="https://x.example/l", html=html), SETTINGS)
    assert "reopened to traffic" in art.body


def test_ingest_records_every_bad_input_in_rejects(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url)
    names = sorted(p.name for p in FIX.iterdir() if p.is_file())
    records = [rec(n, url=f"https://portvale.example/{n}") for n in names]
    stats = jobs.ingest_records(jobs.warehouse(settings), records, settings)
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        bad = {r.record: r.reason for r in conn.execute(select(rejects.c.record, rejects.c.reason))}
        good = {r.url.rsplit("/", 1)[1] for r in conn.execute(select(articles.c.url))}
    assert stats.seen == len(names) == len(bad) + len(good)  # nothing dropped silently
    assert {"empty.html", "whitespace_only.html", "not_html.json", "binary.pdf", "no_article.html"} <= set(bad)
    assert all(reason for reason in bad.values())
    assert {"leftovers.html", "truncated.html", "other_language_de.html"} <= good


def test_flat_comment_thread_after_the_story_is_cut() -> None:
    art = normalise_record(rec("flat_comments.html"), SETTINGS)
    assert "open on Sundays from next month" in art.body
    assert "outlying villages" in art.body  # the last paragraph before the thread
    assert "away from the screens" not in art.body
    assert "Posted by" not in art.body


def test_json_ld_article_body_wins_when_the_dom_shows_a_teaser() -> None:
    art = normalise_record(rec("json_ld_body.html"), SETTINGS)
    assert "children's book loans" in art.body and "outlying villages" in art.body
    assert art.published is not None and art.published.utcoffset() == timedelta(hours=-5)


_STORY_PARAS = [
    "The Portvale harbour authority said on Monday it would close the north pier for repairs lasting six weeks, "
    "disrupting ferry services to the outer islands during the spring season.",
    "Ferry operator Islink said it would run a reduced timetable from the south quay, and passengers were advised "
    "to check departure times online before travelling to the terminal.",
    "The repairs are expected to cost 2.4 million crowns, paid from the regional infrastructure fund, according "
    "to figures released by the authority alongside its quarterly report.",
    "Local traders on the north quay warned that six weeks without passing trade would hurt the small cafes and "
    "chandlers that depend on ferry passengers during the first warm weekends.",
]


def test_unclosed_nav_that_swallowed_the_article_keeps_the_story() -> None:
    """A nav never closed: lxml nests the whole article inside it, and stripping navs must not drop the story."""
    paras = "".join(f"<p>{p}</p>" for p in _STORY_PARAS)
    html = (
        "<html><head><title>Pier to close</title></head><body>"
        "<nav class='top-nav'><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul>"
        f"<div class='main'><article><h1>Pier to close for repairs</h1><div class='post-content'>{paras}</div></article></div>"
        "</body></html>"
    )
    page = extract_page(html, "https://portvale.example/pier")
    text = " ".join(page.paragraphs)
    assert "reduced timetable from the south quay" in text and "chandlers" in text
    # a well-formed nav is still furniture
    ok = html.replace("<div class='main'>", "</nav><div class='main'>")
    assert "Home" not in " ".join(extract_page(ok, "https://portvale.example/pier").paragraphs).split()


def test_a_post_that_a_template_puts_in_an_aside_is_the_story() -> None:
    """A blog template wraps the post (headline and all) in an <aside>, beside sidebar asides of
    teasers that hold nearly as much paragraph text: the post is still the story."""
    paras = "".join(f"<p>{p}</p>" for p in _STORY_PARAS)
    teasers = "".join(
        f"<aside class='side'><p>Teaser {i}: the ferry timetable, the pier, the quay and the islands, "
        f"in a short list item that links to another story on the site.</p></aside>" for i in range(6)
    )
    html = (
        "<html><head><title>Pier to close</title></head><body><section id='main'>"
        f"<aside class='blogPost'><h1>Pier to close for repairs</h1><div class='blogContent'>{paras}</div></aside>"
        f"</section><section id='right'>{teasers}</section></body></html>"
    )
    text = " ".join(extract_page(html, "https://portvale.example/pier").paragraphs)
    assert "reduced timetable from the south quay" in text and "chandlers" in text


def test_a_page_swallowed_by_an_unclosed_head_keeps_its_story() -> None:
    """An unknown tag in a <head> that is never closed makes lxml keep the whole page in the
    head, which is never text: the page's elements are read as its body."""
    paras = "".join(f"<p>{p}</p>" for p in _STORY_PARAS)
    html = (
        "<html><head><title>Pier to close</title><meta name='robots' content='all'><mbox>"
        f"<table><tr><td><div class='story'>{paras}</div></td></tr></table></html>"
    )
    text = " ".join(extract_page(html, "https://portvale.example/pier").paragraphs)
    assert "reduced timetable from the south quay" in text and "chandlers" in text


def test_fallback_to_the_full_cascade_only_for_a_story() -> None:
    """A near-empty precision result is replaced only by text that reads as a story."""
    from pipeline.normalise.html import fuller_is_story

    notice = ["This copy is for your personal use only."]
    assert fuller_is_story(notice, _STORY_PARAS * 2)
    assert not fuller_is_story(notice, ["Home", "News", "Sport", "Weather"] * 30)  # teasers and links
    assert not fuller_is_story(_STORY_PARAS[:3], _STORY_PARAS)  # not much more than we had


_STORY_HTML = "".join(
    f"<p>The Portvale harbour authority said on Monday it would close the north pier, paragraph {i}, "
    "for repairs lasting six weeks and disrupting ferries to the outer islands.</p>"
    for i in range(8)
)


@pytest.mark.parametrize(
    "page",
    [
        # a stray BEL inside a list item: lxml refuses text holding C0 control characters
        f"<html><head><title>Pier closes</title></head><body><article>{_STORY_HTML}"
        "<ul><li><strong>Ferries.</strong> The south quay takes the island boats for the six weeks.\x07</li></ul>"
        "</article></body></html>",
        # a mangled XML declaration whose encoding attribute runs on and holds a ">"
        '<?xml version="1.0" encoding="words, more > words, unsubscribe"?>'
        f"<html><body><article>{_STORY_HTML}</article></body></html>",
        # an unclosed quote in the root tag swallows the whole page into one attribute
        '<!DOCTYPE html>\n<html xmogo.jpg" alt="Free Submission" width="145" />' + "<td>nav</td>" * 150
        + f"<div class=story>{_STORY_HTML}</div></body></html>",
    ],
    ids=["control-character", "mangled-xml-declaration", "mangled-root-tag"],
)
def test_damaged_markup_still_yields_the_article(page: str) -> None:
    fields = extract_page(page, "https://portvale.example/news/story")
    body = " ".join(fields.paragraphs)
    assert "north pier, paragraph 0" in body and "paragraph 7" in body


@pytest.mark.parametrize(
    "thread",
    [
        '<hr><a name="commentSection"></a><b>Comments are now closed for this story</b><br><br>'
        "<b>Stephen B</b><br>The time has come for the council to stop spending my money on this pier.<br><br><hr>"
        "<b>Delta</b><br>I agree with Stephen, the council has wasted enough on the harbour already.<br>",
        '<div class="section"><h2 class="secHdn">YOUR SAY</h2><div class="module">'
        '<p class="blockQuote">The time has come for the council to stop spending my money on this pier.</p>'
        '<p class="blockQuote">I agree with Stephen, the council has wasted enough on the harbour already.</p></div></div>',
        '<table><tr><td><a name="yoursay"></a>What you think...</td></tr><tr><td>'
        "<span>The time has come for the council to stop spending my money on this pier.</span></td></tr></table>",
    ],
    ids=["anchor-and-closed-heading", "your-say-heading", "your-say-anchor"],
)
def test_reader_comment_threads_after_the_story_are_cut(thread: str) -> None:
    page = f"<html><body><div class=story><h1>Pier closes</h1>{_STORY_HTML}{thread}</div></body></html>"
    body = " ".join(extract_page(page, "https://portvale.example/news/story").paragraphs)
    assert "paragraph 7" in body
    assert "stop spending my money" not in body and "wasted enough" not in body


_TABLE_STORY = "<br><br>".join(
    f"The Portvale harbour authority said on Monday it would close the north pier, paragraph {i}, "
    "for repairs lasting six weeks and disrupting ferries to the outer islands."
    for i in range(6)
)


def test_a_thread_after_a_layout_table_story_without_paragraph_tags_is_cut() -> None:
    """A table-layout page writes its story as cell text split by <br>, no <p> at all: the story
    before the thread's heading is still a story, and the thread after it goes."""
    page = (
        "<html><body><table><tr><td><table><tr><td class='title'>Pier closes</td></tr>"
        f"<tr><td class='story'><b>Pier to close for repairs.</b><br><br>{_TABLE_STORY}</td></tr></table></td></tr>"
        "<tr><td><table><tr><td class='poll'><a name='yoursay'></a>What you think...</td></tr>"
        "<tr><td><span class='q'>The time has come for the council to stop spending my money on this pier.</span>"
        "<span class='n'>Harbour Dave</span><br><br><span class='q'>I agree with Dave, the council has wasted "
        "enough on the harbour already and the ferries are late every week.</span><span class='n'>Quayside</span>"
        "</td></tr></table></td></tr></table></body></html>"
    )
    body = " ".join(extract_page(page, "https://portvale.example/news/story").paragraphs)
    assert "paragraph 0" in body and "paragraph 5" in body
    assert "stop spending my money" not in body and "wasted enough" not in body


@pytest.mark.parametrize(
    "prompt",
    [
        "<i>Your views on this story? <a href='mailto:desk@portvale.example'><b>Email desk@portvale.example</b></a></i>"
        "<br><b><a href='/boards'>Join the discussion on our Message Boards</a></b>",
        "<p><i>To have your say on this or any other issue visit</i> <a href='/blogs'>www.portvale.example/blogs</a></p>",
        "<p><b>Thanks for your comments - this feedback is now closed</b></p>",
        "<p>&#8226; Discuss this story on the <a href='/boards/f=42'>Harbour League message board</a>...<br>"
        "&#8226; <a href='/digg'>Digg this story</a></p>",
    ],
    ids=["views-and-boards", "have-your-say-visit", "feedback-closed", "discuss-on-board"],
)
def test_invitations_to_comment_are_not_body(prompt: str) -> None:
    """Prompts around a thread (or instead of one) stand outside any comment container or
    heading; the page's story in a table cell or in paragraphs keeps them out all the same."""
    for story in (f"<table><tr><td>{_TABLE_STORY}{prompt}</td></tr></table>", f"<div class=story>{_STORY_HTML}{prompt}</div>"):
        page = f"<html><body><h1>Pier closes</h1>{story}</body></html>"
        body = "\n".join(extract_page(page, "https://portvale.example/news/story").paragraphs)
        assert "paragraph 0" in body and "paragraph 5" in body
        for word in ("views on this", "discussion", "have your say", "feedback", "Discuss this"):
            assert word.lower() not in body.lower(), (word, body)


@pytest.mark.parametrize("line", [
    "Your views on this story? Email desk@portvale.example", "Join the discussion on our message boards",
    "To have your say on this or any other issue visit www.portvale.example/blogs", "Have your say",
    "• Discuss this story on the Harbour League message board...", "Thanks for your comments - this feedback is now closed",
    "Comments are now closed", "Report abuse", "Add your comment, speak your mind", "This article has no comments.",
])
def test_comment_prompt_forms(line: str) -> None:
    from pipeline.normalise.furniture import is_comment_prompt

    assert is_comment_prompt(line)


@pytest.mark.parametrize("line", [
    "Comment on this story was not immediately available from the ministry.",
    "Have your say on the bypass plans at the library before March 3, the council said.",
    "Join the discussion panel's chair, Ms Quay, said the harbour would reopen in spring, and the ferry operators agreed "
    "that the six-week closure had been handled well by the authority." * 2,
    "Residents gave their views on this plan at a packed meeting.",
])
def test_prose_is_not_a_comment_prompt(line: str) -> None:
    from pipeline.normalise.furniture import is_comment_prompt

    assert not is_comment_prompt(line)


def test_comment_prompt_hints_cover_every_form() -> None:
    """The page scan tests only blocks holding a hint word: every form of the prompt rule must
    spell one out, or a prompt added to the rule would never be looked for."""
    import re._parser as sre

    from pipeline.normalise.furniture import _COMMENT_PROMPT, COMMENT_PROMPT_HINTS

    top = sre.parse(_COMMENT_PROMPT.pattern, _COMMENT_PROMPT.flags)
    branches = next(av[1] for op, av in top if op is sre.BRANCH)
    assert len(branches) >= 10
    for branch in branches:
        runs, run = [], ""
        for op, av in branch:
            if op is sre.LITERAL:
                run += chr(av)
            else:
                runs.append(run)
                run = ""
        runs.append(run)
        assert any(h in r.lower() for r in runs for h in COMMENT_PROMPT_HINTS), branch


def test_comment_prompt_hints_any_case() -> None:
    from pipeline.normalise.furniture import comment_prompt_hints

    assert comment_prompt_hints("Thisay COMMENT") == [0, 3, 7]  # overlapping words each found
    assert comment_prompt_hints("Have your \u017fay") == [10]  # what re.IGNORECASE reads as "say"
    assert comment_prompt_hints("Latest news") == []


def test_text_spans_are_each_elements_text() -> None:
    from pipeline.normalise.html import _comment_prompts, _text_spans, parse_html

    tree = parse_html("<html><body>lead<div>a<!-- note -->b<p>Your views on <b>this</b> story?</p>tail"
                      "<span><i>Comments are closed</i></span></div>end<p>x<br/>y</p></body></html>")
    text, elements, spans = _text_spans(tree)
    assert elements == list(tree.iter(tag=etree.Element))
    for i, (el, (start, end, last)) in enumerate(zip(elements, spans, strict=True)):
        assert text[start:end] == el.text_content()
        assert elements[i + 1 : last + 1] == list(el.iterdescendants(etree.Element))
    # the outermost prompt only: <i> goes with its <span>
    assert [el.tag for el in _comment_prompts(tree)] == ["p", "span"]


def _article_page(body: str, head: str = "") -> str:
    return (
        f"<html><head><title>Pier to close for repairs</title>{head}</head><body><article>"
        f"<h1>Pier to close for repairs</h1>{body}</article></body></html>"
    )


def test_a_comment_inside_a_paragraph_does_not_cut_it() -> None:
    """React-style pages put empty comments mid-sentence ("no one <!-- -->ran on<!-- --> ...")."""
    split = _STORY_PARAS[1].replace("reduced timetable", "reduced <!-- -->timetable<!-- -->")
    paras = "".join(f"<p>{p}</p>" for p in [*_STORY_PARAS[:1], split, *_STORY_PARAS[2:]])
    text = "\n".join(extract_page(_article_page(paras), "https://portvale.example/pier").paragraphs)
    assert _STORY_PARAS[1] in text


def test_the_headline_repeated_under_a_dateline_lead_is_dropped() -> None:
    lead = "PORTVALE (Harbour News) - The north pier will close for six weeks from Monday."
    paras = f"<p>{lead}</p><p>Pier to close for repairs</p>" + "".join(f"<p>{p}</p>" for p in _STORY_PARAS)
    art = normalise_record(
        RawRecord(origin="t", locator="t", url="https://portvale.example/pier", html=_article_page(paras)), SETTINGS
    )
    assert [art.body[a:b] for a, b in art.paragraph_spans] == [lead, *_STORY_PARAS]


def test_json_ld_puts_back_a_linked_paragraph_the_rules_dropped() -> None:
    """A short paragraph that is half a link falls to trafilatura's link-density rule; the page's
    own articleBody vouches for it. Its JSON-LD is followed by junk, as some sites print it."""
    linked = 'The findings were published on Monday in the <a href="https://journal.example/x">Journal of Harbour Engineering</a>.'
    plain = linked.replace('<a href="https://journal.example/x">', "").replace("</a>", "")
    related = '<p><a href="/other">Ferry fares to rise in the spring season as fuel costs climb</a></p>'
    paras = [*_STORY_PARAS[:2], plain, *_STORY_PARAS[2:]]
    ld = json.dumps({"@type": "NewsArticle", "headline": "Pier to close", "articleBody": " ".join(paras)})
    body = "".join(f"<p>{p}</p>" for p in _STORY_PARAS[:2]) + f"<p>{linked}</p>"
    body += "".join(f"<p>{p}</p>" for p in _STORY_PARAS[2:]) + related
    head = f'<script type="application/ld+json">{ld}\n}},\n// empty for branded content\n</script>'
    page = extract_page(_article_page(body, head), "https://portvale.example/pier")
    assert page.article_body is not None  # the junk after the object does not hide it
    assert page.paragraphs[1:] == paras  # under the headline, in page order; the related link is not in articleBody


def test_pages_extracted_in_threads_match_a_serial_run() -> None:
    """Each thread parses with its own lxml parser (a shared one is not thread-safe)."""
    from concurrent.futures import ThreadPoolExecutor

    pages = sorted(p for p in FIX.glob("*.html") if p.stat().st_size < 500_000)
    htmls = [p.read_bytes() for p in pages] * 4

    def run(html: bytes) -> tuple[str | None, list[str]]:
        try:
            page = extract_page(html, "https://portvale.example/news/story")
        except ValueError as exc:
            return str(exc), []
        return page.title, page.paragraphs

    serial = [run(h) for h in htmls]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(run, htmls)) == serial
    assert sum(bool(paragraphs) for _, paragraphs in serial) >= len(pages)


_STORY = [
    "The harbour authority said on Monday that the new ferry terminal would open in the spring, two years late.",
    "Engineers found the old pier unsafe in 2024 and the council voted to rebuild it rather than repair it again.",
    "Traders on the quay said the delay had cost them most of two summers of visitors and asked for rates relief.",
    "The first sailing to the islands is planned for the second week of April, weather and inspections permitting.",
    "A public meeting on the timetable will be held in the town hall next Thursday evening from seven o'clock.",
]


def _story_html(article_attrs: str = "", head: str = "<title>Ferry terminal to open in spring</title>", extra: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in _STORY)
    return (f"<html><head>{head}</head><body><div class='menu'><a href='/'>Home</a> <a href='/n'>News</a></div>"
            f"<div {article_attrs}><h2>Ferry terminal to open in spring</h2>{paras}</div>{extra}</body></html>")


def test_a_topic_class_of_the_post_is_not_read_as_furniture() -> None:
    """A CMS prints the post's categories as classes; "category-worth-sharing" names the topic,
    not a share bar, so the post must not be pruned with the share blocks."""
    page = _story_html("class='post-12 post category-worth-sharing tag-social-media'")
    body = "\n".join(extract_page(page, "https://blog.example/p/12").paragraphs)
    assert all(p in body for p in _STORY)


def test_a_title_never_closed_does_not_swallow_the_page() -> None:
    page = _story_html("class='story'", head="<title>Ferry terminal to open in spring\n<meta name='author' content='A. Marlow'>")
    fields = extract_page(page, "https://news.example/ferry")
    assert fields.title is not None and len(fields.title) < 60
    assert all(p in "\n".join(fields.paragraphs) for p in _STORY)


def test_html_comments_never_become_body_lines() -> None:
    """Ad-targeting comments inside a heading are not text: trafilatura expects them removed."""
    paras = "".join(f"<p>{p}</p>" for p in _STORY)
    page = ("<html><head><title>T</title></head><body><div class='story'><h1>"
            "<!-- google_ad_section_start(name=story_headline, weight=high) -->Ferry terminal to open in spring"
            "<!-- google_ad_section_end(name=story_headline) --></h1>"
            f"<h2>Timetable <!-- google_ad_section_start --> ahead</h2>{paras}</div></body></html>")
    body = "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)
    assert "google_ad" not in body
    assert all(p in body for p in _STORY)


def test_fallback_does_not_trade_a_brief_for_a_line_of_teasers() -> None:
    brief = ["The coast road between the harbour and the lighthouse will close for resurfacing from Monday, the council said.",
             "Diversions will be signed through the village and the work should take about three weeks to finish."]
    teasers = " ".join(f"<a href='/s/{i}'>{t} {i}</a> -" for i, t in enumerate([
        "Mayor opens new library wing after two years of fundraising by local families and schools in the town",
        "Football club signs teenage striker from the academy on a three-year professional contract deal",
        "Fishermen protest over new quotas outside the harbour office on Saturday morning with banners",
        "Planning committee approves flats on the old gasworks site despite objections from neighbours",
        "Weather warning for high winds along the coast issued by forecasters for Tuesday night",
        "Primary school celebrates its hundredth anniversary with a street party and a time capsule",
        "Police appeal for witnesses after a car hit a lamppost on the seafront road early on Sunday",
        "New bus timetable to start next month with fewer evening services to the outlying villages",
    ]))
    page = ("<html><head><title>Coast road to close</title></head><body><div class='story'><h1>Coast road to close</h1>"
            f"{''.join(f'<p>{p}</p>' for p in brief)}</div><div class='more'><p>{teasers}</p></div></body></html>")
    paragraphs = extract_page(page, "https://news.example/coast").paragraphs
    assert all(p in paragraphs for p in brief)
    assert not any("Mayor opens" in p for p in paragraphs)


def test_link_rows_and_layout_rows_are_furniture() -> None:
    """Menus, "most read" lists and layout-table label cells around the story, in whatever form:
    pipes, bullets or table cells. A data table in the story stays."""
    menu = " | ".join(f"<a href='/{w.lower()}'>{w}</a>" for w in ("Home", "News", "Sport", "Weather", "Pick the score"))
    most_read = "".join(f"<li><a href='/m/{i}'>Council {w} the plan for the new harbour car park</a></li>"
                        for i, w in enumerate(("backs", "rejects", "delays")))
    data = "<table><tr><td>Sailings</td><td>12</td><td>14</td></tr><tr><td>Passengers</td><td>880</td><td>1,020</td></tr></table>"
    paras = "".join(f"<p>{p}</p>" for p in _STORY)
    page = ("<html><head><title>Ferry terminal to open in spring</title></head><body><table><tr><td>"
            f"<div class='top'>{menu}</div></td></tr><tr><td></td><td>Places of Worship</td><td></td></tr>"
            f"<tr><td><div class='story'><h1>Ferry terminal to open in spring</h1>{paras}{data}"
            f"<p>Home • Contact us • Advertise • Jobs</p></div></td></tr><tr><td><h3>Most read</h3><ul>{most_read}</ul>"
            "</td></tr></table></body></html>")
    body = "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)
    assert all(p in body for p in _STORY)
    assert "880" in body and "Passengers" in body
    for junk in ("Pick the score", "Places of Worship", "Contact us", "Most read", "car park"):
        assert junk not in body, junk


@pytest.mark.parametrize("line", [
    "Home | News | Sport | Weather", "SUBSCRIBE • ADVERTISE • CONTACT US", "Posted on March 3rd, 2026",
    "Tue, Mar 3 2026, 07:20 GMT", "3 March 2026 Last updated at 00:19 GMT", "Most Popular in Business",
    "Submit a story: send your news tips to the desk", "Email this article", "Related to this story:",
    "© 2026 owned by or licensed to Harbour Media Ltd.", "Harbourline is a registered trademark of Harbour Media.",
    "Published: March 3rd, 2026 | Tags: ferries, harbour", "— Jo Quay (@joquay) March 3, 2026",
    "Copyright 2026 Harbour Media. All rights reserved. " + "This material may not be reproduced in any form. " * 6,
    "NOTE: Please post your comments on the board. " * 6,
    "Posted: 3:25 pm", "- posted 5hr(s) 57min(s)", "4 days ago", "Headlines in Your Inbox: Sign up for our e-mail alerts.",
    "About us Contact Jobs © 2026 Harbour Media, 4 Quay Street, Portvale.",
    "RSS allows you to subscribe and receive news directly to your computer. Find out more",
    "(Story continues below)", "[Featured Image by Jo Quay/Harbour Pictures]",
    "All external sites will open in a new window. Harbourline does not endorse external sites.",
    "The author is a Harbourline contributor. The opinions expressed are those of the writer.",
])
def test_furniture_forms(line: str) -> None:
    from pipeline.normalise.furniture import is_furniture_line

    assert is_furniture_line(line)


def test_a_talkback_prompt_opens_the_comments() -> None:
    from pipeline.normalise.furniture import is_comments_heading

    assert is_comments_heading("Do you have comments on this story?") and is_comments_heading("Talkback here")


@pytest.mark.parametrize("line", [
    "Sailings | 12 | 14 | 16", "02-751-1500", "9.30 A.M. / 7.00 P.M.", "On Monday, 12 people were rescued from the ferry.", "The ferry - late again - left at 9.",
    "Most of the passengers read the notice before boarding.", "He said the skipper can be reached at home on most days.",
    "Copyright law changed in 2005 and the courts have ruled on many cases since. " * 4,
    "Post comments on the council website, the mayor urged residents at the meeting.",
])
def test_prose_is_not_furniture(line: str) -> None:
    from pipeline.normalise.furniture import is_furniture_line

    assert not is_furniture_line(line)


def test_a_data_table_header_is_not_a_menu_row() -> None:
    paras = "".join(f"<p>{p}</p>" for p in _STORY)
    data = ("<table><tr><th>Route</th><th>Northbound</th><th>Southbound</th></tr><tr><td>Sailings</td><td>12</td><td>14</td></tr>"
            "<tr><td>Passengers</td><td>880</td><td>1,020</td></tr></table>")
    page = f"<html><body><div class='story'>{paras}{data}</div></body></html>"
    body = "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)
    assert "Northbound" in body and "880" in body


def test_a_layout_table_page_keeps_its_story_and_drops_its_furniture() -> None:
    """A layout-table page prints each cell as one line: the menu, the story and the commenting
    rules in one cell; rows of cut-short teasers; a list of dated records; a rights line after
    menu words; a site promotion under a label; a posted-at stamp."""
    story = "<br><br>".join(_STORY)
    teasers = "".join(f"<tr><td>Harbour {w} Jan 16, 7:00 AM The council voted on the {w} for the harbour in a late "
                      "sitting of the board,...</td></tr>" for w in ("fees", "lights", "walls"))
    dated = "".join(f"<p>{n} (Sr.), Feb. {d}, 2019</p>" for n, d in (("Jo Quay", 7), ("Al Dock", 12), ("Mo Pier", 21)))
    page = ("<html><head><title>Ferry terminal to open in spring</title></head><body><table><tr><td>"
            f"<b>Sections:</b> Front Page | Harbour | Business | Sport | Letters<br>{story} --Staff Writer "
            "NOTE: Please post your comments regarding our articles using the link above. Thanks!</td><td></td></tr>"
            f"{teasers}</table>{dated}"
            "<p>Home Copyright © 2026 Harbour Media. Republication of the contents of this screen is prohibited.</p>"
            "<p>Send Us Your Photos: Upload your pictures of the harbour.</p><p>Posted: 3:25 pm</p></body></html>")
    body = "\n".join(extract_page(page, "https://news.example/ferry").paragraphs)
    assert all(p in body for p in _STORY)
    for junk in ("Front Page", "Please post", "late sitting", "Sr.", "Copyright", "Upload your", "3:25"):
        assert junk not in body, junk


@pytest.mark.parametrize("line", ["4:33 PM", "Audio File: Download MP3 or Download WAV", "What: Download the new song.",
                                  "Press Release (C) 2026 Harbour Games Inc.", "The notice was posted 3 days ago."])
def test_stamps_and_labels_in_prose_are_not_furniture(line: str) -> None:
    """A bare clock time heads a live-blog entry; a short label before a link is the story's own."""
    from pipeline.normalise.furniture import is_furniture_line

    assert not is_furniture_line(line)


def test_a_furniture_tail_is_cut_only_from_layout_table_cells() -> None:
    from pipeline.normalise.html import trim_furniture_tails

    text = " ".join(_STORY)
    note = " NOTE: Please post your comments regarding our articles using the link above. Thanks!"
    assert trim_furniture_tails(f"| {text}{note} | |").strip("| ") == text
    assert trim_furniture_tails(f"{text}{note}") == f"{text}{note}"  # a paragraph is the page's own


def test_a_schedule_that_starts_each_line_with_a_date_is_article_text() -> None:
    """Runs of dated lines are dropped only when the date closes the line (an archive list):
    a tour or fixture list leads with its dates and is the story's own."""
    from pipeline.normalise.html import drop_junk_lines

    schedule = ["June 9 -- Harbour Arena, Portvale", "June 12 -- Quay Hall, Northport", "July 3 -- Pier Theatre, Southby"]
    archive = ["Jo Quay (Sr.), Feb. 7, 2019", "Al Dock (Jr.), Feb. 12, 2019", "Mo Pier (Sr.), Feb. 21, 2019"]
    assert drop_junk_lines([*_STORY, *schedule, *archive]) == [*_STORY, *schedule]


@pytest.mark.parametrize("line", [
    "19 March 2026 - 5:57PM", "March 15, 2026 05:42am", "Last modified: March 10. 2026 12:00AM", "as of 04:03PM ET 3/26/2026",
    "6 seconds ago 2026-04-06T16:21:58-07:00", "Tuesday 15th of March 2026", "4:19p.m. 19 March 2026",
    "Harbour News Service - Sat, 29 Mar 15:58:00 2026", "12/28/2025 5:35:18 PM, by Harbour Staff Writers",
    "By JO QUAY, Harbour Press correspondent Thu Mar 22, 5:10 PM ET", "By AL DOCK, Harbour Press Correspondent 1 hour, 43 minutes ago",
    # a writer's byline stamped with a clock time: annotators drop it (tune split, four corpora)
    "12/28/2025 5:35:18 PM, by Jo Quay", "Jo Quay, 03.12.26, 06:00 PM EDT", "By Jo Quay Published 09 November 2025 16:02",
])
def test_stamps_and_dated_credit_lines_are_furniture(line: str) -> None:
    """A date or time stamp, with a glued am/pm, an ISO time or the supplier it credits, is a
    line of page furniture."""
    from pipeline.normalise.furniture import is_furniture_line

    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "Jo Quay, 12, was hurt at 4:30 pm on May 3", "The ferry left at 9:30 on Jan 3, 2026", "Paris, 3 March 2026",
    "Tracked on Mar 23, 2026 5:11:01 AM",  # no separator after the first word: a label, not a name
    "By Jo Quay, 3 March 2026", "Jo Quay | March 3, 2026",  # a writer's byline without a clock time stays, as a byline does
])
def test_a_name_or_sentence_beside_a_stamp_is_not_a_dated_byline(line: str) -> None:
    from pipeline.normalise.furniture import is_furniture_line

    assert not is_furniture_line(line)


def test_a_dated_byline_names_who_supplied_the_text() -> None:
    from pipeline.normalise.furniture import stamp_credit

    assert stamp_credit("Harbour News Service - March 8, 2026 4:33 PM ET") == "Harbour News Service"
    assert stamp_credit('12/28/2025 1:06:32 PM, by Jo "Skipper" Quay') == 'Jo "Skipper" Quay'
    assert stamp_credit("Posted on March 3rd, 2026") is None


@pytest.mark.parametrize(("line", "byline"), [
    ("By JO QUAY", True), ("By Jo Quay and Al Dock", True), ("BY HARBOUR REPORTER", True), ("by Jo Quay, Harbour Times", True),
    ("By noon the tide had turned.", False), ("By the harbour wall", False), ("Jo Quay", False),
])
def test_a_byline_is_names_only(line: str, byline: bool) -> None:
    from pipeline.normalise.furniture import is_byline

    assert is_byline(line) is byline


@pytest.mark.parametrize(("line", "credit"), [
    ("Staff and agencies", True), ("JO QUAY, Harbour News Service", True), ("Agence France-Presse", True),
    ("Harbour Citizen with files from Reuters", True), ("Harbour Times staff writers", True),
    ("Aid agencies said the harbour would reopen.", False), ("Reuters reported that the ferry sank in the bay off the north pier", False),
])
def test_a_credit_line_names_the_supplier_only(line: str, credit: bool) -> None:
    from pipeline.normalise.furniture import is_credit_line

    assert is_credit_line(line) is credit


@pytest.mark.parametrize("line", [
    "Copyright Harbour Financial News Limited 2026. All rights reserved. The copying, republication or redistribution "
    "of Harbour Financial News content, including by framing or similar means, is expressly prohibited without the prior "
    "written consent of Harbour Financial News.",
    "This service is provided on Harbour Media's standard Terms and Conditions. Please read our Privacy Policy. To inquire "
    "about a licence to reproduce material from the Harbour Times, click here. This service is run by Harbour Media.",
    "Jo Quay at the north pier (Pic: Harbour Pictures)", "March 8, 2026 | Permalink", "Photograph by: Jo Quay/Harbour Pictures",
])
def test_rights_services_and_caption_lines_are_furniture(line: str) -> None:
    from pipeline.normalise.furniture import is_furniture_line

    assert is_furniture_line(line)


def test_a_paragraph_naming_one_service_is_prose() -> None:
    from pipeline.normalise.furniture import is_furniture_line

    line = ("The council said its privacy policy for the harbour cameras had been rewritten after complaints from traders, "
            "and that footage would now be deleted after thirty days unless the police asked for it to be kept longer.")
    assert not is_furniture_line(line) and not is_furniture_line(f"{line} The harbour master agreed with the change.")


def test_lone_layout_rows_around_the_story_are_dropped_and_data_tables_kept() -> None:
    """A layout table prints each cell as a row: a masthead or footer row above or below the
    story, or a row of furniture cells but for one label, is not the story. A data table's rows
    come in runs of one width and stay; a row holding a byline stays (detection reads it)."""
    from pipeline.normalise.html import drop_junk_lines

    data = ["| Sailings | 12 | 14 |", "| Passengers | 880 | 1,020 |"]
    lines = ["| Harbour Daily from the Quay group of publications ePaper \\| Mobile Version | |",
             "| Words and pictures by JO QUAY for the Harbour Press | | |",
             *_STORY_PARAS[:2], "| Ferries | Friday, Mar 11, 2026 |", *data, "| 0 Comments | | Share | Blog | |", *_STORY_PARAS[2:],
             "| For complete area coverage pick up a newspaper copy at a store near you. |"]
    kept = drop_junk_lines(lines)
    assert kept == [lines[1], *_STORY_PARAS[:2], *data, *_STORY_PARAS[2:]]


def test_credit_lines_around_the_story_are_dropped_but_kept_as_credits() -> None:
    """A credit line or a supplier's stamp above or below the story is not the story; who it
    names is evidence of who supplied the text, so the page keeps it among its credits. A
    writer's own byline goes too (who wrote it is metadata, not the story), and into the credits."""
    paras = "".join(f"<p>{p}</p>" for p in _STORY_PARAS)
    page = ("<html><head><title>North pier to close</title></head><body><div class='story'><h1>North pier to close</h1>"
            "<p>By JO QUAY</p><p>Harbour News Service - March 8, 2026 4:33 PM ET</p>"
            f"{paras}<p>Staff and agencies</p></div></body></html>")
    fields = extract_page(page, "https://news.example/pier")
    body = "\n".join(fields.paragraphs)
    assert all(p in body for p in _STORY_PARAS)
    for junk in ("4:33", "agencies", "JO QUAY"):
        assert junk not in body, junk
    assert {"Harbour News Service", "Staff and agencies", "JO QUAY"} <= set(fields.credits)


def test_a_byline_goes_wherever_it_stands_and_a_sentence_opening_with_by_stays() -> None:
    """A line of names after "By" is a byline above, inside or below the story (four of five corpora's
    annotators drop it); "By noon the tide had turned." is a sentence."""
    from pipeline.normalise.html import drop_junk_lines

    lines = ["By JO QUAY and AL DOCK", _STORY_PARAS[0], "By Jo Quay", _STORY_PARAS[1],
             "By noon the tide had turned and the ferries were running again."]
    assert drop_junk_lines(lines) == [_STORY_PARAS[0], _STORY_PARAS[1], lines[-1]]


def test_tree_text_answers_as_each_elements_own_text() -> None:
    """The teaser pass reads elements' texts from one walk (`_TreeText`); its answers must be
    those of ``text_content()``, also when it reads only the start of a long text."""
    import re

    from pipeline.normalise.html import _TreeText, parse_html

    filler = "  ".join(f"word{i}\n\t " for i in range(60))
    tree = parse_html(f"<html><body><div>\n  <a href='/a'>  Opening   link\n text </a>  {filler}"
                      f"<p> inner  <b>bold</b>\u00a0tail </p><!-- note -->{filler}</div><p></p></body></html>")
    for el in tree.iter(etree.Element):
        spaced = " ".join(el.text_content().split())
        assert _TreeText(tree).spaced(el) == spaced
        assert _TreeText(tree).words(el) == len(re.findall(r"\w+", el.text_content()))
        for n in (1, 7, 20, 100, len(spaced), len(spaced) + 1):
            assert _TreeText(tree).opens_with(el, spaced[:n])  # fresh: nothing memoised yet
            assert not _TreeText(tree).opens_with(el, spaced[:n] + "\x01")


_AD = ("<div class='ad'><script>var slot = 'top';</script><noscript><a href='https://ads.example/c'>"
       "<img src='https://ads.example/banner.gif'></a></noscript>\n</body>\n</html>\n</div>")


@pytest.mark.parametrize("on", [True, False])
def test_an_ad_snippet_closing_the_page_early_does_not_cut_the_story(on: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ad pasted whole into a page carries its own ``</body></html>``: libxml2 stops reading at
    that ``</html>`` (browsers ignore it), so the story after it was lost (STRAY_CLOSERS)."""
    from pipeline.normalise import html

    monkeypatch.setattr(html, "STRAY_CLOSERS", on)
    page = (f"<html><head><title>Pier closes</title></head><body><table><tr><td>{_AD}</td></tr></table>"
            f"<article><h1>Pier closes</h1>{_STORY_HTML}</article></body></html>")
    body = " ".join(extract_page(page, "https://portvale.example/news/story").paragraphs)
    assert ("north pier, paragraph 0" in body and "paragraph 7" in body) is on


def test_only_closers_that_more_of_the_page_follows_are_dropped() -> None:
    """The page's own closers stay when only pixels, scripts and comments follow them, and a
    ``</body></html>`` inside a script's string is no tag: the markup is left as it came."""
    from pipeline.normalise.html import _drop_stray_closers

    tail = "<html><body><p>Pier closes.</p></body></html>\n<img src='/px.gif'><script>a b c d</script><!-- a b c -->\n"
    in_script = ("<html><body><script>w.document.write('</body></html>'); w.document.close();</script>"
                 f"{_STORY_HTML}</body></html>")
    assert _drop_stray_closers(tail) == tail
    assert _drop_stray_closers(in_script) == in_script
    stray = f"<html><body><div>{_AD}</div>{_STORY_HTML}</body></html>"
    assert _drop_stray_closers(stray).count("</html>") == 1 and _drop_stray_closers(stray).endswith("</body></html>")
