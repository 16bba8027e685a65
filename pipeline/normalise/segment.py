"""Paragraph and sentence spans over a body. Spans are (start, end) offsets into the body."""

from __future__ import annotations

import re

PARAGRAPH_SEP = "\n\n"

_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "gov", "sen", "rep", "col", "capt", "lt",
    "sgt", "rev", "hon", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "a.m", "p.m", "approx",
}
# End punctuation, optional closing quotes/brackets, whitespace, then something that can open a sentence.
# Spelt [.!?…][.!?…]* rather than [.!?…]+: a pattern opening with a plain set is scanned for in C,
# one opening with a repeat is tried at every position (1.7x the time).
_BOUNDARY = re.compile(r"[.!?…][.!?…]*[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for part in body.split(PARAGRAPH_SEP):
        stripped = part.strip()
        if stripped:
            start = pos + part.index(stripped[0])
            spans.append((start, start + len(stripped)))
        pos += len(part) + len(PARAGRAPH_SEP)
    return spans


_WORD_BEFORE = re.compile(r"[\w.]+$")
_WORD_WINDOW = 40  # longer than any abbreviation: a word filling the window is not one


def _is_abbreviation(text: str, dot_at: int) -> bool:
    # Only a short window before the dot is searched: ``$`` searches over text[:dot_at] rescanned
    # the whole paragraph at every full stop.
    lo = max(0, dot_at - _WORD_WINDOW)
    m = _WORD_BEFORE.search(text, lo, dot_at)
    if not m or (m.start() == lo and lo > 0):
        return False
    word = m.group().lower().rstrip(".")
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


def _is_list_marker(text: str, dot_at: int) -> bool:
    """'1.' or '12.' opening a list item (at the start, after a colon or after a sentence), not a sentence end."""
    if dot_at and text[dot_at - 1] == "\n":
        dot_at -= 1  # as the regex this replaced read it: its ``$`` also matched before a final newline
    digits = dot_at
    while digits > 0 and dot_at - digits < 3 and text[digits - 1].isdecimal():
        digits -= 1
    if not 0 < dot_at - digits <= 2:
        return False
    if digits == 0:
        return True
    before = digits
    while before > 0 and text[before - 1].isspace():
        before -= 1
    if before == digits and text[digits - 1] not in ":;":
        return False  # the digits follow a letter or other mark: "page12."
    return before > 0 and text[before - 1] in ":;.!?"


_OPEN_Q = "“«„"
_CLOSE_Q = "”»"


def _inside_quote(text: str, start: int, stop: int) -> bool:
    """Whether a double quotation opened in text[start:stop] is still open at stop.

    Typographic quotes count opens and closes; straight quotes count parity. A quotation longer
    than 600 characters is treated as unbalanced markup and does not hold sentences together."""
    depth = sum(text.count(c, start, stop) for c in _OPEN_Q) - sum(text.count(c, start, stop) for c in _CLOSE_Q)
    open_ = depth > 0 or (text.count('"', start, stop) % 2 == 1)
    if not open_:
        return False
    last_open = max(text.rfind(c, start, stop) for c in _OPEN_Q + '"')
    return stop - last_open < 600 and _closes_later(text, stop)


def _closes_later(text: str, pos: int) -> bool:
    rest = text[pos : pos + 600]
    return any(c in rest for c in _CLOSE_Q + '"')


def sentence_spans(body: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences within body[start:end]; robust to quotes after the full stop and to abbreviations."""
    end = len(body) if end is None else end
    text = body[start:end]
    spans = []
    cur = 0
    quoted = any(c in text for c in _OPEN_Q + '"')  # without an opening mark no quotation is open
    for m in _BOUNDARY.finditer(text):
        if m.group().startswith(".") and (_is_abbreviation(text, m.start()) or _is_list_marker(text, m.start())):
            continue
        if quoted and _inside_quote(text, cur, m.end()):
            continue  # a quotation running over several sentences stays one unit
        stop = m.end()
        if text[cur:stop].strip():
            spans.append((cur, stop))
        cur = stop
        while cur < len(text) and text[cur].isspace():
            cur += 1
    if text[cur:].strip():
        spans.append((cur, len(text.rstrip())))
    return [(start + a, start + b) for a, b in spans]


def join_paragraphs(paragraphs: list[str]) -> str:
    """The stored body: cleaned paragraphs, one blank line apart."""
    return PARAGRAPH_SEP.join(p for p in (" ".join(q.split()) for q in paragraphs) if p)
