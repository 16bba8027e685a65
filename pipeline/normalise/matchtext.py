"""The matching form of a body: normalised word tokens that keep their offsets in the body.

Display text and matching text are different things. The body is stored as readers see it;
detection compares words folded by NFKC, case, apostrophe style and soft hyphens. Because
each token carries its (start, end) in the body, any match maps straight back to the body.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import xxhash

# A word: letters/digits (soft hyphens inside are allowed), optionally joined by apostrophes
# (don't, O’Neill) or inner dots/commas of numbers (3.5, 1,200).
TOKEN_RE = re.compile(r"[\w\u00ad]+(?:(?:['’‘`]|[.,](?=\d))[\w\u00ad]+)*")
_TYPOGRAPHY = {"’": "'", "‘": "'", "`": "'", "ʼ": "'", "′": "'", "\u00ad": "", "\u200b": ""}
_APOSTROPHES = str.maketrans(_TYPOGRAPHY)


@lru_cache(maxsize=1 << 17)
def norm_word(word: str) -> str:
    """Cached: news vocabulary is Zipfian, so most calls are repeats."""
    return unicodedata.normalize("NFKC", word).translate(_APOSTROPHES).casefold()


def _fold_typography(text: str) -> str:
    """``text.translate(_APOSTROPHES)`` by str.replace: translate with a dict costs ~150 ns a character."""
    for ch, to in _TYPOGRAPHY.items():
        if ch in text:
            text = text.replace(ch, to)
    return text


def norm_words(words: list[str]) -> list[str]:
    """``[norm_word(w) for w in words]`` for TOKEN_RE matches, in a few passes over the joined words
    instead of a call per word.

    Exact whenever the joined words are already NFKC (checked): then NFKC of each word is the word
    itself ("\n" is a normalisation boundary, so the join is NFKC iff every word is), and the
    apostrophe fold and casefold work character by character without context (casefold, unlike
    lower(), has no final-sigma rule), so folding the join folds each word. No word holds "\n" and
    neither fold makes one, so splitting at "\n" gives the words back. Other text takes norm_word.
    """
    if not words:
        return []
    joined = "\n".join(words)
    if not unicodedata.is_normalized("NFKC", joined):
        return list(map(norm_word, words))
    return _fold_typography(joined).casefold().split("\n")


@dataclass(frozen=True, slots=True)
class Tokens:
    words: list[str]
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.words)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Body offsets of tokens i..j-1."""
        return self.starts[i], self.ends[j - 1]


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")


def _unescaped(text: str) -> tuple[str, list[int] | None]:
    """Text with HTML entities left in a body decoded, and for each character its offset in ``text``.

    Most bodies have none, and then the text itself is used (map None)."""
    if "&" not in text or not _ENTITY.search(text):
        return text, None
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(text):
        out.append(text[pos : m.start()])
        where.extend(range(pos, m.start()))
        decoded = html.unescape(m.group())
        out.append(decoded)
        where.extend([m.start()] * len(decoded))
        pos = m.end()
    out.append(text[pos:])
    where.extend(range(pos, len(text)))
    where.append(len(text))
    return "".join(out), where


# TOKEN_RE captured: split gives gaps and words in turn, [gap, word, gap, ..., word, gap].
_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")


def _found(text: str) -> tuple[list[str], list[int], list[int]]:
    """TOKEN_RE's matches in ``text`` as (words, starts, ends). By split, not finditer: a Match
    object per word cost more than the scan itself; the offsets are running sums of part lengths."""
    parts = _SPLIT_RE.split(text)
    part_ends = list(accumulate(map(len, parts)))
    return parts[1::2], part_ends[0:-1:2], part_ends[1::2]


def tokenize(text: str, offset: int = 0) -> Tokens:
    """The words of ``text`` with their offsets in it (plus ``offset``), entities decoded but spanned whole."""
    norm, where = _unescaped(text)
    if norm.isascii():  # norm_word of an ASCII word is its lower case (` as '), which keeps the offsets
        words, starts, ends = _found(norm.lower().replace("`", "'"))
    else:
        words, starts, ends = _found(norm)
        words = norm_words(words)
    if where is not None:  # back to offsets in text; a word ending in an entity covers all of it
        ends = [where[b - 1] + 1 if text[where[b - 1]] != "&" else text.index(";", where[b - 1]) + 1 for b in ends]
        starts = [where[a] for a in starts]
    if offset:
        starts, ends = [a + offset for a in starts], [b + offset for b in ends]
    return Tokens(words, starts, ends)


# Ingest asks the form of one paragraph up to four times (headline search, the headline check,
# its hash): short texts are memoised, a long one (a whole body) is computed, never kept.
_FORM_CACHE_CHARS = 1000


def match_form(text: str) -> str:
    """Space-joined normalised words: two texts that differ only typographically get equal forms."""
    return _short_form(text) if len(text) <= _FORM_CACHE_CHARS else _match_form(text)


def _match_form(text: str) -> str:
    norm = _unescaped(text)[0]
    if norm.isascii():  # as in tokenize: norm_word of an ASCII word is its lower case
        return " ".join(TOKEN_RE.findall(norm.lower().replace("`", "'")))
    return " ".join(norm_words(TOKEN_RE.findall(norm)))


_short_form = lru_cache(maxsize=1 << 13)(_match_form)


def text_hash(text: str) -> int:
    """Signed 64-bit hash of the matching form (fits a SQL BIGINT)."""
    return xxhash.xxh64_intdigest(match_form(text).encode()) - (1 << 63)
