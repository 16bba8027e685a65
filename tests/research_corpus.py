"""A small multi-outlet corpus for the researcher tools, written for the tests (no third-party text).

It holds: a wire story run by two outlets (same_wire), a credited republication with added
commentary, an uncredited partial copy, a story that shares only a quotation (common_source),
an unrelated article, and one hostile page whose text carries script tags, event handlers and
javascript: links, which every HTML view must render inert.
"""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import jobs
from pipeline.config import Settings
from tests.pages import PARAGRAPHS, page

WIRE = [
    "NORDHAVEN (CP) — Rail operator Nordline said on Tuesday it would cut evening services on the coastal "
    "line from next month, blaming a shortage of drivers and the rising cost of diesel for its older trains.",
    "The company said fourteen evening departures would be withdrawn between Nordhaven and Saltmere, and "
    "that replacement buses would run on the busiest stretch until new drivers finish their training.",
    "“This is a temporary measure and we will restore the timetable as soon as we can,” said Nordline "
    "spokeswoman Ida Falk. “We understand the frustration of people who rely on the late trains.”",
    "Commuter groups said the cuts would leave shift workers stranded and called on the regional transport "
    "board to step in with emergency funding before the changes take effect in the autumn.",
]

COMMENT = [
    "Our readers in Saltmere have written to us all week about late trains, and this news will not "
    "surprise anyone who waited on the platform last winter for a service that never came.",
    "We will follow the transport board meeting on Thursday and report what its members decide about "
    "emergency funding for the line and for the replacement buses.",
]

SCHOOL = [
    "The Brightwater school board voted on Wednesday to extend the lunch break by ten minutes after "
    "pupils and parents complained that the canteen queues left children with no time to eat.",
    "Board chair Olav Lind said the change would take effect after the winter holiday and that the "
    "school day would end ten minutes later to make up the teaching time lost at midday.",
    "Parents welcomed the decision but asked the board to look again at the price of school meals, "
    "which rose twice last year and now costs families more than the regional average.",
]

QUOTE = (
    "“We have no choice but to act now before the winter storms arrive again,” said harbour master Elena "
    "Brook. “The timber piles are rotten through and the deck is no longer safe for vehicles.”"
)

OWN_TAKE = [
    "Fishermen on the north side of Portvale gathered on Monday evening to discuss what six weeks without "
    "the pier would mean for their catch and for the auction hall that depends on it.",
    QUOTE,
    "Several skippers said they would land their boats at Kirkby instead, a two-hour drive from the "
    "market, and warned that smaller crews could not afford the extra fuel for very long.",
]

HOSTILE_TITLE = 'Pier <script>document.title="pwned"</script> repairs'
HOSTILE_EXTRA = (
    'Readers who click <a href="javascript:alert(1)">here</a> or load <img src=x onerror="alert(2)"> '
    "will find nothing happens, because this paragraph is only text and the viewer must show it as text."
)

OUTLETS = ["Harbour Courier", "Valley Ledger", "Coastal Times", "Saltmere Post", "Islands Weekly", "Brightwater News"]


def rows() -> list[dict[str, object]]:
    return [
        # the original harbour story, and a credited copy with commentary around it
        {"url": "https://harbourcourier.example/pier", "outlet": "Harbour Courier",
         "published": "2026-03-02T09:00:00+01:00", "html": page("North pier to close", PARAGRAPHS)},
        {"url": "https://valleyledger.example/news/pier", "outlet": "Valley Ledger",
         "published": "2026-03-02T15:00:00+01:00",
         "text": "\n\n".join([COMMENT[0], *PARAGRAPHS[:3], "This story first appeared in Harbour Courier."]),
         "title": "Pier closure ahead"},
        # an uncredited partial copy carrying the hostile text
        {"url": "https://islandsweekly.example/p/pier-works", "outlet": "Islands Weekly",
         "published": "2026-03-03T08:00:00+01:00",
         "text": "\n\n".join([PARAGRAPHS[0], HOSTILE_EXTRA, PARAGRAPHS[2], PARAGRAPHS[3]]),
         "title": HOSTILE_TITLE},
        # only the harbour master's quotation in common: not copying
        {"url": "https://coastaltimes.example/fishermen", "outlet": "Coastal Times",
         "published": "2026-03-03T10:00:00+01:00", "text": "\n\n".join(OWN_TAKE), "title": "Fishermen count the cost"},
        # one wire story run by two outlets
        {"url": "https://coastaltimes.example/rail-cuts", "outlet": "Coastal Times",
         "published": "2026-03-04T07:00:00+01:00", "text": "\n\n".join(WIRE), "title": "Nordline cuts evening trains"},
        {"url": "https://saltmerepost.example/2026/rail", "outlet": "Saltmere Post",
         "published": "2026-03-04T07:30:00+01:00", "text": "\n\n".join([*WIRE, COMMENT[1]]),
         "title": "Evening trains to go"},
        # unrelated
        {"url": "https://brightwater.example/lunch", "outlet": "Brightwater News",
         "published": "2026-03-04T12:00:00+01:00", "text": "\n\n".join(SCHOOL), "title": "Longer lunch break"},
        # a bad record, recorded as a reject
        {"url": "https://broken.example/x", "outlet": "Broken", "html": "<html><body><p>too short</p></body></html>"},
    ]


def write_corpus(path: Path) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows()) + "\n", encoding="utf-8")
    return path


def fill(settings: Settings, tmp: Path) -> None:
    """Run the real pipeline (ingest + detect) on the corpus."""
    jobs.ingest(settings, [write_corpus(tmp / "research.jsonl")])
    jobs.detect(settings)
