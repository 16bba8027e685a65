"""The relation from all the evidence a page carries: metadata credits, closing agency tags and
bylines, press-release wires; and quotations that cannot swallow a text. Pages and texts are
written for these tests (fictional outlets, people and companies)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pipeline.config import DetectSettings, NormaliseSettings
from pipeline.detect import relation as rel
from pipeline.detect.compare import Doc, compare
from pipeline.normalise.article import Article, RawRecord, normalise_record
from pipeline.normalise.segment import join_paragraphs, paragraph_spans

CFG = DetectSettings()
NORM = NormaliseSettings()
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

WIRE = [
    "The Portvale harbour authority said on Monday it would close the north pier for repairs lasting six weeks, "
    "disrupting ferry services to the outer islands during the spring season.",
    "Ferry operator Islink said it would run a reduced timetable from the south quay. Passengers were advised "
    "to check departure times online before travelling and to allow extra time at the terminal.",
    "The repairs are expected to cost 2.4 million crowns, paid from the regional infrastructure fund, according "
    "to figures released by the authority alongside its quarterly report.",
    "Local traders on the north quay warned that six weeks without passing trade would hurt the small cafes and "
    "chandlers that depend on ferry passengers during the first warm weekends of the year.",
    "The authority last closed the pier eleven years ago, when a winter storm tore away part of the deck and "
    "left the outer islands without a daily ferry for almost a month.",
]
OWN = [
    "Our fishermen have waited a long time for someone in the capital to take their side in this argument.",
    "The Civic Dispatch has argued for years that the pier needed money, and the council ignored every warning.",
    "Readers who depend on the ferry should write to their councillor before the budget vote next month.",
    "We will keep following the story and publish the council's answer as soon as it reaches our newsroom.",
    "Harbour politics has always been a contact sport in this town, and this year looks no different at all.",
]
RELEASE = [
    "Acme Tidal Systems, a maker of harbour monitoring equipment, today announced that it has won a contract to "
    "supply sensors for the rebuilt north pier in Portvale, its largest order to date.",
    "\u201cThis contract shows that ports are ready to invest in data they can trust, said Mara Quill, chief "
    "executive of Acme Tidal Systems. The sensors will report the state of every pile to the harbour office.",
    "Under the agreement Acme will install 240 sensors during the six-week closure and maintain them for ten "
    "years. Installation starts in April and the first readings are due before the summer timetable begins.",
    "Acme Tidal Systems designs and builds monitoring equipment for ports, bridges and flood defences. The "
    "company employs 180 people at its plant in Northshore and sells to customers in fourteen countries.",
    "Investors may find the company's quarterly results and further information on its website, where the "
    "full terms of the contract will be published once the harbour authority has signed it.",
]

_ids = iter(range(1, 10_000))


def doc(paragraphs: list[str], *, outlet: str, hours: float = 0.0, author: str | None = None,
        credits: list[str] | None = None, published: bool = True) -> Doc:
    body = join_paragraphs(paragraphs)
    spans = paragraph_spans(body)
    return Doc(
        id=next(_ids), outlet=outlet, url=f"https://{outlet.lower().replace(' ', '')}.example/a{next(_ids)}",
        title="Pier to close", author=author, published=T0 + timedelta(hours=hours) if published else None,
        body=body, links=[], paragraphs=spans, boilerplate=[False] * len(spans), credits=credits or [],
    )


def from_article(art: Article, hours: float = 0.0) -> Doc:
    spans = paragraph_spans(art.body)
    return Doc(
        id=next(_ids), outlet=art.outlet, url=art.url, title=art.title, author=art.author,
        published=T0 + timedelta(hours=hours), body=art.body, links=art.links, paragraphs=spans,
        boilerplate=[False] * len(spans), credits=art.credits, quotes=art.quotes,
    )


def html_page(paragraphs: list[str], head: str, site: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><title>Pier to close | {site}</title>
<meta property="og:title" content="Pier to close"><meta property="og:site_name" content="{site}">{head}</head>
<body><main><article><h1>Pier to close</h1>{body}</article></main></body></html>"""


def test_a_metadata_only_agency_credit_on_both_sides_is_same_wire() -> None:
    """Neither body names the agency: one page says so in its rights tag, the other in JSON-LD."""
    rights = '<meta name="DC.rightsHolder" content="The Associated Press">'
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Pier to close", '
          '"publisher": {"@type": "Organization", "name": "Valley Gazette"}, '
          '"sourceOrganization": {"@type": "Organization", "name": "Associated Press"}}</script>')
    a = normalise_record(RawRecord("t", "a", url="https://harbourcourier.example/pier",
                                   html=html_page(WIRE, rights, "Harbour Courier")), NORM)
    b = normalise_record(RawRecord("t", "b", url="https://valleygazette.example/pier",
                                   html=html_page(WIRE[:4], ld, "Valley Gazette")), NORM)
    assert "The Associated Press" in a.credits and "Associated Press" in b.credits
    r = compare(from_article(a), from_article(b, hours=1), CFG)
    assert r is not None and r.relation == "same_wire" and r.wire_source == "AP"


def test_metadata_credits_shared_with_the_outlet_are_not_an_agency_s() -> None:
    assert rel.credit_agency("Copyright (c) 2026 The Associated Press") == "AP"
    assert rel.credit_agency("JANE MARLOW, AP Business Writer") == "AP"
    assert rel.credit_agency("By Agencies") == "Wire"
    assert rel.credit_agency("JANE MARLOW The Associated Press") == "AP"  # a wire byline in capitals, no comma
    assert rel.credit_agency("Jane Marlow The Associated Press") is None  # a sentence fragment, not a byline
    assert rel.credit_agency("Jane Marlow and wires") is None
    assert rel.credit_agency("Staff and agencies") is None
    assert rel.credit_agency("The Associated Press contributed to this report.") is None
    assert rel.credit_agency("(AP Photo/Jane Marlow)") is None
    assert rel.credit_agency("Copyright (c) 2026 Valley Gazette Media") is None
    assert rel.credit_agency("Reuters reports profit") is None


@pytest.mark.parametrize("closing", ["He said the work would start in April. - Sapa", "\u2014 AFP", "(AP)"])
def test_a_closing_agency_tag_credits_the_text(closing: str) -> None:
    assert rel.wire_credit(join_paragraphs([*WIRE[:2], closing]), strict=True) in {"Sapa", "AFP", "AP"}


def test_text_records_carry_agency_bylines_and_closing_tags_in_their_lines() -> None:
    """A plain-text record has no metadata: "By Agencies" above the story (a line the text
    cleaning drops, so it is kept as a credit) and "- Sapa" after it are its credits, and two such
    carriers are same_wire."""
    text_a = "\n\n".join(["By Agencies", *WIRE])
    text_b = "\n\n".join([*WIRE[:4], f"{WIRE[4]} - Sapa"])
    a = normalise_record(RawRecord("t", "a", url="https://harbourcourier.example/pier", text=text_a, title="Pier to close"), NORM)
    b = normalise_record(RawRecord("t", "b", url="https://valleygazette.example/pier", text=text_b, title="Pier to close"), NORM)
    assert a.credits == ["By Agencies"]
    assert rel.wire_credit(a.body, credits=a.credits) == "Wire" and rel.wire_credit(b.body) == "Sapa"
    r = compare(from_article(a), from_article(b, hours=1), CFG)
    assert r is not None and r.relation == "same_wire"


def test_press_release_carriers_are_same_wire_despite_a_quote_left_open() -> None:
    """A Business Wire release whose quotation never closes: one carrier keeps the wire header,
    the other drops it and runs the release as one block. The open quote must not turn the
    whole release into "quotation" (and so into common_source)."""
    header = "PORTVALE, March 2, 2026--(BUSINESS WIRE)--" + RELEASE[0]
    a = doc([header, *RELEASE[1:]], outlet="Harbour Courier")
    b = doc([" ".join(RELEASE)], outlet="Valley Gazette", hours=1)
    assert rel.wire_credit(a.body) == "Business Wire"
    quoted = rel.share_inside(rel.quote_spans(b.body), 0, len(b.body))
    assert quoted < 0.5  # the open quote stops within its sentence run, not at the text's end
    r = compare(a, b, CFG)
    assert r is not None and r.relation == "same_wire" and r.wire_source == "Business Wire"


@pytest.mark.parametrize("header", [
    "PORTVALE, March 2, 2026 /PRNewswire/ -- ", "PORTVALE, March 2, 2026 (GLOBE NEWSWIRE) -- ",
    "PORTVALE, March 2, 2026 (Marketwired - March 2, 2026) - ",
])
def test_press_release_wires_are_read_from_their_headers(header: str) -> None:
    assert rel.wire_credit(join_paragraphs(["Acme wins harbour contract", header + RELEASE[0], *RELEASE[2:]]), strict=True) in {
        "PR Newswire", "GlobeNewswire", "Marketwired"}


def test_wire_lines_lifted_into_an_outlet_s_own_story_are_a_republication() -> None:
    """The outlet writes its own lead and weaves two wire paragraphs in lower down: it used the
    agency's text, it does not carry the agency's story."""
    agency = doc(["PORTVALE, March 2 (AP) - " + WIRE[0], *WIRE[1:4]], outlet="Harbour Courier")
    own = doc([OWN[0], OWN[1], WIRE[1], WIRE[2], OWN[2], OWN[3]], outlet="The Civic Dispatch", hours=2)
    r = compare(agency, own, CFG)
    assert r is not None and r.relation == "republication" and r.source is agency
    # the same story credited "and wires" by its writer is still the outlet's own
    own_credited = doc([OWN[0], OWN[1], WIRE[1], WIRE[2], OWN[2]], outlet="The Civic Dispatch", hours=2,
                       author="Jane Marlow and wires")
    r = compare(agency, own_credited, CFG)
    assert r is not None and r.relation == "republication"
    # a carrier that runs the story from its lead (credit dropped, bottom trimmed) is a fellow carrier
    carrier = doc(WIRE[:3], outlet="Valley Gazette", hours=1)
    r = compare(agency, carrier, CFG)
    assert r is not None and r.relation == "same_wire"


def test_common_source_needs_the_quotation_on_both_sides() -> None:
    statement = ("The timber piles are rotten through and the deck is no longer safe for vehicles or for people, "
                 "and we will not reopen it until every pile has been replaced.")
    a = doc([OWN[0], f"\u201c{statement}\u201d the harbour master said.", OWN[1]], outlet="Harbour Courier")
    b = doc([OWN[2], f"In a statement, Brook said: \u201c{statement}\u201d", OWN[3]], outlet="Valley Gazette", hours=2)
    r = compare(a, b, CFG)
    assert r is not None and r.relation == "common_source"
    # the same words as plain narrative on one side, with a stray opening mark far above them
    c = doc([OWN[2], f"The council said the {statement}", OWN[3], OWN[4]], outlet="Northshore Herald", hours=3)
    r = compare(a, c, CFG)
    assert r is not None and r.relation == "republication"


def test_a_block_quotation_introduced_by_a_colon_is_a_quotation() -> None:
    body = join_paragraphs(["Here is what the harbour master had to say about the closure:", OWN[1], OWN[2]])
    spans = rel.quote_spans(body)
    assert [body[s:e] for s, e in spans] == [OWN[1]]


def test_a_closing_mark_whose_opener_was_lost_quotes_from_the_paragraph_start() -> None:
    body = join_paragraphs([OWN[0], "We will not reopen the pier until every pile has been replaced,\u201d she added."])
    [(s, e)] = rel.quote_spans(body)
    assert body[s:e].startswith("We will not") and body[s:e].endswith("\u201d")


def test_eval_detect_prints_the_relation_confusion_matrix() -> None:
    from rich.console import Console

    from pipeline.evaluate.detect_eval import print_relation_matrix

    console = Console(width=140, record=True)
    print_relation_matrix({"same_wire->republication": 2, "same_wire->same_wire": 8, "common_source->common_source": 3}, console)
    lines = console.export_text().splitlines()
    row = next(x for x in lines if x.strip("│ ").startswith("same_wire"))
    assert [c.strip() for c in row.split("│")[2:6]] == ["2", "8", "0", "8/10"]


def test_a_quote_set_as_blockquote_is_a_quotation_on_that_side() -> None:
    """One outlet prints the statement in quote marks, the other as a <blockquote> whose marks
    the text loses: the words are quotation on both sides, so common_source."""
    statement = ("We will not reopen the pier until every pile has been replaced, and we will not apologise for "
                 "putting the safety of passengers before the timetable this spring.")
    marked = doc([OWN[0], f"\u201c{statement}\u201d the harbour master said.", OWN[1]], outlet="Harbour Courier")
    page = html_page([], "", "Valley Gazette").replace(
        "<h1>Pier to close</h1>",
        f"<h1>Pier to close</h1><p>{OWN[2]}</p><p>{OWN[4]}</p><blockquote><p>{statement}</p></blockquote><p>{OWN[3]}</p>",
    )
    art = normalise_record(RawRecord("t", "b", url="https://valleygazette.example/pier", html=page), NORM)
    assert [art.body[s:e] for s, e in art.quotes] == [statement]
    r = compare(marked, from_article(art, hours=2), CFG)
    assert r is not None and r.relation == "common_source"
    plain = from_article(art, hours=2)
    plain.quotes = []  # without the markup the same words are plain narrative on that side
    r = compare(marked, plain, CFG)
    assert r is not None and r.relation == "republication"


def test_straight_quotes_pair_by_the_way_they_face_and_curly_quotes_by_depth() -> None:
    """One stray straight mark must not flip every later quote inside out, and a quote inside a
    quote in the same marks stays one quotation."""
    body = ('the club said." Allardyce added: "I am disappointed to be leaving the harbour." The coach will '
            'take charge on Saturday. "We will make it," he said.')
    got = [body[s:e] for s, e in rel.quote_spans(body)]
    assert got == ['"I am disappointed to be leaving the harbour."', '"We will make it,"']
    nested = ("The report said \u201cin the spring he sent a message that stated, \u201cI love the harbour\u201d and "
              "then he left the island for good.\u201d Nothing more was said.")
    [(s, e)] = rel.quote_spans(nested)
    assert nested[s:e].endswith("for good.\u201d")
    wire = "He said ``we will stay'' and \"the pier is safe,'' before leaving."
    assert [wire[s:e] for s, e in rel.quote_spans(wire)] == ["``we will stay''", "\"the pier is safe,''"]


def test_an_agency_printed_before_the_place_is_a_dateline() -> None:
    body = join_paragraphs(["Pier to close for six weeks", "(AP) PORTVALE - " + WIRE[0], *WIRE[1:3]])
    assert rel.wire_credit(body, strict=True) == "AP"


def test_closing_lines_naming_no_known_agency_on_both_sides_prove_no_wire() -> None:
    a = doc([*WIRE[:4], "- More about Tasmania"], outlet="Harbour Courier")
    b = doc([*WIRE[:4], "- More about Tasmania"], outlet="Valley Gazette", hours=2)
    r = compare(a, b, CFG)
    assert r is not None and r.relation == "republication" and r.wire_source is None


def test_a_lone_agency_credit_over_the_story_leaves_the_body_but_stays_a_credit() -> None:
    from pipeline.config import NormaliseSettings
    from pipeline.detect.relation import wire_credit
    from pipeline.normalise.article import RawRecord, normalise_record

    story = ("PORTVALE - The harbour authority said on Monday that the north pier will close for eighteen "
             "months while engineers replace the timber piles damaged in last winter's storms.\n\n"
             "Ferry services will move to the temporary landing at the old customs wharf, the authority said, "
             "and the first crossings from there will run on the usual timetable.")
    html = ("<html><head><title>North pier to close</title></head><body><article><p>(AP)</p>"
            + "".join(f"<p>{p}</p>" for p in story.split("\n\n")) + "</article></body></html>")
    for rec in (RawRecord("t", "fixture:1", url="https://courier.example/pier", html=html),
                RawRecord("t", "fixture:2", url="https://courier.example/pier2", text="(AP)\n\n" + story)):
        doc = normalise_record(rec, NormaliseSettings())
        assert not doc.body.startswith("(AP)")
        assert doc.body.startswith("PORTVALE - The harbour")
        assert "(AP)" in doc.credits
        assert wire_credit(doc.body, credits=doc.credits) == "AP"
