"""Evidence read from the text: quotations, wire credits, and credits to another outlet.

These decide the relation (republication, same_wire, common_source), the direction and the
attribution flag. Everything here is a pattern over the body, so the evidence can be stored
as the exact words that settled it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Quotations: curly pairs, guillemets, and straight double quotes paired within a paragraph.
_QUOTE_RE = re.compile(r"“[^”\n]{2,}?”|«[^»\n]{2,}?»|\"[^\"\n]{2,}?\"|„[^“”\n]{2,}?[“”]")

# A dateline credit: "PORTVALE (CP) —", "WASHINGTON (AP) -", "LONDON (Reuters) -".
_DATELINE_CREDIT = re.compile(r"^[A-Z][A-Za-z .,'/-]{1,40}?\s*\(([A-Z][A-Za-z .&]{0,30})\)\s*[—–-]{1,2}")
# Press-release wires: "PORTVALE--(BUSINESS WIRE)--", "/PRNewswire/", "(GLOBE NEWSWIRE)".
_RELEASE_WIRE = re.compile(
    r"(?:--|—)\s*\((BUSINESS WIRE|GLOBE NEWSWIRE|ACCESSWIRE|Marketwired)\)\s*(?:--|—)|/(PRNewswire)/",
    re.IGNORECASE,
)
# A closing credit line: "— Continental Press", "-- The Associated Press", "Contributed by X", "(Wire)".
_CLOSING_CREDIT = re.compile(
    r"^(?:[—–-]{1,2}\s*|Contributed by\s+|Source:\s*|Copyright\s+(?:\d{4}\s+)?)([A-Z][\w .&'-]{1,50}?)\.?$"
)
_WIRE_TAG = re.compile(r"\((?:Wire|wire services?)\)")
_KNOWN_WIRES = {
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "upi": "UPI",
    "business wire": "Business Wire",
    "prnewswire": "PR Newswire",
    "pr newswire": "PR Newswire",
    "globe newswire": "GlobeNewswire",
}

# Phrases that name where a text first ran. The outlet name must follow closely.
_CREDIT_PHRASES = (
    r"first (?:appeared|published|ran)(?: in| on| at| by)?",
    r"(?:originally|first)? ?published (?:by|in|on|at)",
    r"republished (?:from|with permission (?:of|from))",
    r"reprinted (?:from|with permission (?:of|from))",
    r"contributed by",
    r"courtesy of",
    r"via",
    r"source:",
    r"according to",
    r"reported by",
)


def quote_spans(body: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(body)]


def share_inside(spans: list[tuple[int, int]], start: int, end: int) -> float:
    """Fraction of [start, end) covered by spans."""
    if end <= start:
        return 0.0
    covered = sum(max(0, min(end, e) - max(start, s)) for s, e in spans)
    return covered / (end - start)


def _canon_wire(name: str) -> str:
    key = " ".join(name.lower().split())
    return _KNOWN_WIRES.get(key, " ".join(name.split()))


def wire_credit(body: str, author: str | None = None) -> str | None:
    """The agency a text is credited to, read from its dateline, release header or closing line."""
    head = body[:400]
    if m := _DATELINE_CREDIT.match(head):
        return _canon_wire(m.group(1))
    if m := _RELEASE_WIRE.search(head):
        return _canon_wire(m.group(1) or m.group(2))
    last = body.rstrip().rsplit("\n", 1)[-1].strip()
    if len(last) <= 60 and (m := _CLOSING_CREDIT.match(last)):
        return _canon_wire(m.group(1))
    if _WIRE_TAG.search(head):
        return "Wire"
    if author:
        key = " ".join(author.lower().split())
        if key in _KNOWN_WIRES:
            return _KNOWN_WIRES[key]
    return None


def outlet_names(outlet: str, url: str) -> list[str]:
    """Ways a text may name an outlet: its name, the name without "The", its host and site name."""
    names = {outlet.strip()}
    if outlet.lower().startswith("the "):
        names.add(outlet[4:].strip())
    host = (urlsplit(url).hostname or "").lower()
    if host:
        host = host[4:] if host.startswith("www.") else host
        names.add(host)
    return sorted((n for n in names if len(n) >= 3), key=len, reverse=True)


def find_credit(
    body: str, title: str | None, links: list[str], source_outlet: str, source_url: str
) -> tuple[bool, str | None, bool]:
    """Does the text credit the source outlet? Returns (credited, evidence, explicit).

    ``explicit`` means a phrase such as "first appeared in" or "via" precedes the name, which
    settles the direction; a bare mention only sets the attribution flag.
    """
    source_host = (urlsplit(source_url).hostname or "").lower().removeprefix("www.")
    for link in links:
        host = (urlsplit(link).hostname or "").lower().removeprefix("www.")
        if source_host and host == source_host:
            return True, f"links to {link}", True
    text = f"{title or ''}\n{body}"
    for name in outlet_names(source_outlet, source_url):
        for m in re.finditer(re.escape(name), text, re.IGNORECASE):
            window = text[max(0, m.start() - 40) : m.start()].lower()
            sentence_start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
            sentence_end = min(x for x in (text.find(".", m.end()), len(text)) if x >= 0)
            evidence = text[sentence_start : sentence_end + 1].strip()[:300]
            explicit = any(re.search(p + r"\s*(?:the\s+)?$", window) for p in _CREDIT_PHRASES)
            return True, evidence, explicit
    return False, None, False
