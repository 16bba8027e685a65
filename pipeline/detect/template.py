"""Copied text that is page furniture by its form, so a pair of sister sites sharing only their
template is never reported as syndication.

Learned boilerplate (``normalise/boilerplate``) needs history: a block is template once an outlet
or its site family has printed it a few times. Sister sites of one publisher on different hosts,
seen only once or twice each, share nav rows, rights lines and reader-service pitches that no
frequency count has learned yet. These are told by their form instead: link rows separated by
pipes or bullets, lines holding ownership, trademark, terms or "submit a story" phrases, short
labels and all-caps headings. Copied passages are judged by the whole lines they touch (a passage
may start or end inside a line), weighted by the passage's words on each line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

from pipeline.detect.relation import stock_share
from pipeline.normalise.furniture import MAX_FURNITURE_CHARS, SERVICE_PHRASE, is_furniture_line
from pipeline.normalise.segment import sentence_spans

# Link-row separators as extracted text prints them ("Home | News", "A \\| B", "A • B", "A » B").
_SEP = re.compile(r"\\?\||[•·»›▪►◦]|\s::\s")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)]$")
_EDGE = " \t|\\*•·-–—>"
# Vocabulary any news tool knows for rights, legal and subscription lines, standing anywhere in a
# short line ("2008 owned by ... Ltd. Please read our Terms and Conditions"). Everything else is
# told by form (rows, labels, short-line blocks) or by co-occurrence (``compare.template_pairs``).


def has_rights_phrase(line: str) -> bool:
    """A short line naming rights, terms, privacy or a subscription: a legal or service line."""
    text = " ".join(line.split())
    return 0 < len(text) < MAX_FURNITURE_CHARS and bool(SERVICE_PHRASE.search(text.lower()))


# A short line that speaks to the reader and gives an address to write to ("If you have any news
# tips ..., contact us at: editor@...", "Email your comments to ...@..."): a service line. Quoted
# speech is left out; an interview's "I can tell you ..." carries no address.
_YOU = re.compile(r"\b(?:you|your|yours)\b")
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\bhttps?://|\bwww\.[\w-]+\.")
_QUOTE_MARKS = re.compile("[\"“”«»]")
# A directory (local ads, contacts, listings) is names and addresses with a phone number every few
# words: "AJ Power Supply ... 4120 Industrial Ave 412-4525 Burt's Kitchen ...". Prose that gives a
# hotline gives one in a sentence.
_PHONE = re.compile(r"(?<![\d-])(?:\(?\d{3}\)?[\s.-])?\d{3}[-.]\d{4}(?![\d-])")
DIRECTORY_WORDS_PER_PHONE = 15
MENU_WORDS_PER_ITEM = 4  # a row of separated items this short on average is a menu, not a sentence
LABEL_MAX_WORDS = 8  # a line this short without a sentence end is a label, link or heading
FURNITURE_SHARE = 0.5  # a passage with at least this share of its words on furniture lines is furniture
# A passage made only of short lines (SHORT_BLOCK_LINES or more, none over SHORT_LINE_WORDS words)
# is a menu, a list of links or a directory on both pages: prose runs in longer lines.
SHORT_BLOCK_LINES = 3
SHORT_LINE_WORDS = 12
WRAPPED_LINE_WORDS = 5  # a line of wrapped prose holds at least this many words; menu items fewer


def line_is_furniture(line: str, *, whole_line: bool = True) -> bool:
    """One line of a body (or one sentence of a long line): is it furniture by its form? Short
    unpunctuated labels count only as whole lines (a sentence's tail is not a label)."""
    text = line.strip(_EDGE)
    words = _WORD.findall(text)
    if not words:
        return True  # separators and marks only
    if is_furniture_line(text) or has_rights_phrase(text) or stock_share(text) >= 0.5:
        return True
    if _addresses_reader(text):
        return True
    if _is_directory(text):
        return True  # a directory of names, addresses and phone numbers
    seps = len(_SEP.findall(text))
    items = [s for s in _SEP.split(text) if _WORD.search(s)]
    if seps >= 2 and len(words) <= MENU_WORDS_PER_ITEM * len(items):
        return True  # a row of links or menu items
    if _URL.match(text):
        return True
    if len(words) <= 12:
        letters = [c for c in text if c.isalpha()]
        if len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
            return True  # an all-caps heading or menu
    return whole_line and len(words) <= LABEL_MAX_WORDS and not _SENTENCE_END.search(text)


def _is_directory(text: str) -> bool:
    """Names and addresses with a phone number every DIRECTORY_WORDS_PER_PHONE words or fewer."""
    phones = len(_PHONE.findall(text))
    return bool(phones) and len(_WORD.findall(text)) <= DIRECTORY_WORDS_PER_PHONE * phones


def _addresses_reader(text: str) -> bool:
    """A short unquoted line speaking to the reader ("you") with an e-mail or web address."""
    if len(text) >= MAX_FURNITURE_CHARS or _QUOTE_MARKS.search(text):
        return False
    return bool(_YOU.search(text.lower()) and _CONTACT.search(text))


# A site's notice about itself or its comment service, in the end matter after a story ("This site
# is updated by 4:00 a.m. each day ...", "Comment posters are responsible for the opinions they
# express ...", "... you are responsible for comments posted on this Web site", "If you believe that
# a commenter has not followed these guidelines ..."; a commenter only beside the rules he is held
# to): sister sites print one commenting policy or site notice under every story. Only sentences in
# a body's last END_MATTER_CHARS, past its first sentence, count: a story about a site or its
# commenters says so in its lead and higher up.
_SITE_NOTICE = re.compile(
    r"\bcomments? (?:posters?|writers?|entries|rules|guidelines|polic(?:y|ies))\b"
    r"|\bcommenters?\b(?=.*\b(?:guidelines|rules|policy|terms)\b)|\b(?:guidelines|rules|policy|terms)\b(?=.*\bcommenters?\b)"
    r"|\bcomments? (?:posted|submitted|made|published) (?:on|to|at|in) (?:this|our)\b"
    r"|\b(?:this|our) (?:web ?site|web site|site|forum|message boards?)(?:'s)? (?:is|are|will|may|does|do|reserves?|uses?)\b"
)  # matched against lower-cased text
END_MATTER_CHARS = 2000


def is_site_notice(text: str) -> bool:
    """A short sentence or line in which a site speaks of itself or of its comment service (a
    notice quotes no one: a story's "... wrote one commenter" is told by its quote marks)."""
    return (0 < len(text) < MAX_FURNITURE_CHARS and not _QUOTE_MARKS.search(text)
            and bool(_SITE_NOTICE.search(text.lower())))


def _judge_line(body: str, start: int, end: int, *, run_on: bool = False) -> list[tuple[int, int, bool]]:
    """(start, end, is_furniture) for one line; a long line (a table-layout page can hold a whole
    article and its footer on one line) is judged sentence by sentence, and a line of wrapped
    prose (``run_on``) like a sentence's piece."""
    line = body[start:end]
    if not _WORD.search(line):
        return []
    if len(line.strip()) < MAX_FURNITURE_CHARS:
        return [(start, end, line_is_furniture(line, whole_line=not run_on))]
    if _is_directory(line):
        return [(start, end, True)]  # a layout cell of ads or contacts, whose sentences may not each carry a number
    return [(a, b, line_is_furniture(body[a:b], whole_line=False)) for a, b in sentence_spans(body, start, end)]


def furniture_segments(body: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_furniture) for every line (or sentence of a long line) of a body."""
    form = FurnitureForm(body)
    return [seg for i in range(len(form.lines)) for seg in form.line(i)]


class FurnitureForm:
    """A body's lines, each judged when a passage first touches it (most are never touched)."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.lines: list[tuple[int, int]] = []
        pos = 0
        for text in body.split("\n"):
            self.lines.append((pos, pos + len(text)))
            pos += len(text) + 1
        self._starts = [s for s, _ in self.lines]
        self._judged: dict[int, list[tuple[int, int, bool]]] = {}

    def line(self, i: int) -> list[tuple[int, int, bool]]:
        if i not in self._judged:
            tail = max(len(self.body) - END_MATTER_CHARS, self._lead_end)
            self._judged[i] = [
                (s, e, flag or (s >= tail and is_site_notice(self.body[s:e].strip(_EDGE))))
                for s, e, flag in _judge_line(self.body, *self.lines[i], run_on=self._runs_on(i))
            ]
        return self._judged[i]

    @cached_property
    def _lead_end(self) -> int:
        """Where the body's first sentence ends: a lead is story, never end matter."""
        first = next((i for i, (s, e) in enumerate(self.lines) if _WORD.search(self.body, s, e)), None)
        if first is None:
            return 0
        spans = sentence_spans(self.body, *self.lines[first])
        return spans[0][1] if spans else self.lines[first][1]

    def _text(self, i: int) -> str:
        return self.body[slice(*self.lines[i])].strip(_EDGE) if 0 <= i < len(self.lines) else ""

    def _runs_on(self, i: int) -> bool:
        """Line ``i`` is part of a sentence wrapped over lines (hard-wrapped prose): it runs into
        the next line, or the previous one runs into it. Such a line is no label."""
        here = self._text(i)
        if len(_WORD.findall(here)) < WRAPPED_LINE_WORDS:
            return False  # a menu item in lower case ("home", "local news") is not wrapped prose
        after, before = self._text(i + 1), self._text(i - 1)
        return bool(
            (not _SENTENCE_END.search(here) and after[:1].islower())
            or (before and not _SENTENCE_END.search(before) and here[:1].islower())
        )

    def short_block(self, start: int, end: int) -> bool:
        """``body[start:end]`` touches SHORT_BLOCK_LINES lines with words or more, all of them short."""
        i = max(0, bisect_right(self._starts, start) - 1)
        n = 0
        prev = ""
        while i < len(self.lines) and self.lines[i][0] < end:
            text = self.body[slice(*self.lines[i])].strip(_EDGE)
            words = len(_WORD.findall(text))
            if words > SHORT_LINE_WORDS:
                return False
            if words >= WRAPPED_LINE_WORDS and prev and not _SENTENCE_END.search(prev) and text[:1].islower():
                return False  # a sentence running on over the next line: hard-wrapped prose
            if words:
                n, prev = n + 1, text
            i += 1
        return n >= SHORT_BLOCK_LINES

    def share(self, start: int, end: int) -> float:
        """Share of the words of ``body[start:end]`` that stand on furniture lines or sentences."""
        total = furniture = 0
        i = max(0, bisect_right(self._starts, start) - 1)
        while i < len(self.lines) and self.lines[i][0] < end:
            for s, e, flag in self.line(i):
                if e > start and s < end:
                    n = len(_WORD.findall(self.body, max(start, s), min(end, e)))
                    total += n
                    furniture += n if flag else 0
            i += 1
        return furniture / total if total else 1.0


def is_furniture_passage(copy: FurnitureForm, cs: int, ce: int, source: FurnitureForm, ss: int, se: int) -> bool:
    """A copied passage whose words stand mostly on furniture lines, judged on both pages (a nav
    row is a nav row on either side; one side's odd line breaks should not decide alone)."""
    if copy.short_block(cs, ce) and source.short_block(ss, se):
        return True
    return (copy.share(cs, ce) + source.share(ss, se)) / 2 >= FURNITURE_SHARE
