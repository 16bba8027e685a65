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


# Hard-wrapped text (a <pre> release, <br> after every line, a plain-text save) arrives as one
# "paragraph" per printed line. Such a line ends where the next word would not have fitted.
WRAP_MIN_WIDTH = 50  # narrower "wraps" are verse, addresses, short list items
WRAP_MAX_WIDTH = 100  # a longer line is a paragraph of its own, not a printed line
WRAP_MIN_LINES = 3  # a page shows it is wrapped by one run of this many lines
WRAP_MAX_WORD = 20  # a longer "first word" is a script without spaces (CJK) or a URL: no width evidence
_LINE_END = re.compile(r"[.!?…:;。！？][\"'”’)\]*」』]*$")  # the line ends a sentence (or opens a list)
# a phone number, an e-mail or a web address ends the line: a contact block, one item a line
_CONTACT_END = re.compile(r"(?:\d{3,}[-. ]\d{3,}|@\S+|\.(?:com|org|net)/?)$")
_ITEM_START = re.compile(r"^(?:[-–—•·*>|#▪►]|\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s)")


def _wrap_break(line: str, nxt: str, width: int) -> bool:
    """Whether the break after ``line`` is a printed line's end inside a sentence: the line does
    not end one, the next line is not a list item, and the next line's first word would not
    have fitted on this one within ``width`` (the width of the lines after the first)."""
    if len(nxt) > width or _LINE_END.search(line) or _CONTACT_END.search(line) or _ITEM_START.match(nxt):
        return False
    first = nxt.find(" ")
    word = first if first > 0 else len(nxt)
    return word <= WRAP_MAX_WORD and len(line) + 1 + word > width


def _goes_on(line: str, nxt: str) -> bool:
    """The next line visibly continues this one's sentence: it opens in lower case, or this line
    ends on a comma or a word's hyphen."""
    return nxt[:1].islower() or line.endswith(",") or (line.endswith("-") and line[-2:-1].isalpha())


# words that never end a sentence, a heading or a list entry: the line they end goes on
_HANGING = frozenset((
    "a", "an", "the", "of", "with", "to", "in", "on", "at", "by", "for", "from", "into", "and", "or", "but",
    "that", "said", "says", "told", "than", "as", "its", "their", "his", "her", "was", "were", "is", "are",
))


def _hangs(line: str) -> bool:
    """The line ends on a word that leaves its sentence open."""
    return line.rsplit(" ", 1)[-1] in _HANGING


def _join_run(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        # "self-" + "employed": the hyphen stays, the space goes; "LAS VEGAS -" keeps its space
        glue = "" if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower() else " "
        out += glue + line
    return out


def rejoin_wrapped(paragraphs: list[str]) -> list[str]:
    """Paragraphs with hard-wrapped printed lines joined back into the paragraph they print.

    Decided by form, not by site, on a run of at least ``WRAP_MIN_LINES`` lines: either each
    line ends mid-sentence where the next word would not have fitted at the run's width (mostly
    going on in lower case), or each is at least ``WRAP_MIN_WIDTH`` long and goes on in lower
    case. Once a page shows a run of the first kind, a two-line paragraph that wraps at the same
    width and goes on in lower case is joined too. Lines that end a sentence or a contact line,
    list items, and short lines (headings, addresses, verse) are never joined. Paragraphs must be
    whitespace-normalised (one line each); joining them keeps the stored paragraph offsets
    consistent, as they are computed from the joined body."""
    n = len(paragraphs)
    if n < WRAP_MIN_LINES:
        return paragraphs
    lens = [len(p) for p in paragraphs]
    # candidate breaks: both lines printable at a plausible width, the first not ending a sentence
    cand = [
        WRAP_MIN_WIDTH - 20 <= lens[i] <= WRAP_MAX_WIDTH and lens[i + 1] <= WRAP_MAX_WIDTH
        and not _LINE_END.search(paragraphs[i]) and not _CONTACT_END.search(paragraphs[i])
        and not _ITEM_START.match(paragraphs[i + 1])
        for i in range(n - 1)
    ]
    if sum(cand) < WRAP_MIN_LINES - 1:
        return paragraphs  # the common case, a page of ordinary paragraphs: one cheap pass
    joined = [False] * (n - 1)
    widths: list[int] = []
    i = 0
    while i < n - 1:
        if not cand[i]:
            i += 1
            continue
        j = i
        while j < n - 1 and cand[j]:
            j += 1
        _accept_runs(paragraphs, lens, i, j, joined, widths)  # breaks i..j-1: lines i..j
        i = j
    # lines broken at no steady width (an author's <br>s, a mail client's wrap) but each long and
    # each going on in lower case: a run of such breaks is one paragraph too
    prose = [cand[i] and lens[i] >= WRAP_MIN_WIDTH and _goes_on(paragraphs[i], paragraphs[i + 1]) for i in range(n - 1)]
    i = 0
    while i < n - 1:
        j = i
        while j < n - 1 and prose[j]:
            j += 1
        if j - i >= WRAP_MIN_LINES - 1:
            joined[i:j] = [True] * (j - i)
        i = j + 1
    if not widths:
        return paragraphs if not any(joined) else _join_marked(paragraphs, joined)
    for i in range(n - 1):  # two-line paragraphs wrapped at a width the page has shown
        if cand[i] and not joined[i] and _goes_on(paragraphs[i], paragraphs[i + 1]) \
                and any(_wrap_break(paragraphs[i], paragraphs[i + 1], w) for w in widths):
            joined[i] = True
    return _join_marked(paragraphs, joined)


def _join_marked(paragraphs: list[str], joined: list[bool]) -> list[str]:
    """The paragraphs with each marked break (after paragraph i) joined."""
    out: list[str] = []
    run = [paragraphs[0]]
    for i in range(1, len(paragraphs)):
        if joined[i - 1]:
            run.append(paragraphs[i])
        else:
            out.append(_join_run(run))
            run = [paragraphs[i]]
    out.append(_join_run(run))
    return out


def _accept_runs(paragraphs: list[str], lens: list[int], a: int, b: int, joined: list[bool], widths: list[int]) -> None:
    """Mark the wrap breaks among breaks a..b-1 (lines a..b), splitting the stretch where a break
    fails against the width of its own run, until every kept run is consistent."""
    stack = [(a, b)]
    while stack:
        a, b = stack.pop()
        if b - a + 1 < WRAP_MIN_LINES:
            continue
        width = max(lens[a + 1 : b + 1])  # a run's first line may be longer: a dateline put before the wrapped text
        if width < WRAP_MIN_WIDTH:
            continue
        ok = [_wrap_break(paragraphs[k], paragraphs[k + 1], width) for k in range(a, b)]
        # a line ending on a word that cannot end a sentence ("in an interview with") goes on
        # whatever case the next line opens in ("Germany's Frankfurter Allgemeine Zeitung.")
        on = [_goes_on(paragraphs[k], paragraphs[k + 1]) or _hangs(paragraphs[k]) for k in range(a, b)]
        # a line opening in capitals ("Inc. and ...") continues only when it is itself full: a
        # heading or a name after a line is short, and is followed by a new start
        ok = [ok[k] and (on[k] or (k + 1 < len(ok) and ok[k + 1])) for k in range(len(ok))]
        if all(ok) and 2 * sum(on) < len(on):
            continue  # mostly capital starts: names, places, a contact list, not running prose
        if all(ok):
            for k in range(a, b):
                joined[k] = True
            widths.append(width)
            continue
        start = a
        for k in range(a, b):
            if not ok[k - a]:
                stack.append((start, k))
                start = k + 1
        stack.append((start, b))
