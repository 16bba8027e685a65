"""The matching form of a body: normalised word tokens that keep their offsets in the body.

Display text and matching text are different things. The body is stored as readers see it;
detection compares words folded by NFKC, case, apostrophe style and soft hyphens. Because
each token carries its (start, end) in the body, any match maps straight back to the body.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import xxhash

# A word: letters/digits (soft hyphens inside are allowed), optionally joined by apostrophes
# (don't, O’Neill) or inner dots/commas of numbers (3.5, 1,200).
TOKEN_RE = re.compile(r"[\w\u00ad]+(?:(?:['’‘`]|[.,](?=\d))[\w\u00ad]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "\u00ad": None})


def norm_word(word: str) -> str:
    return unicodedata.normalize("NFKC", word).translate(_APOSTROPHES).casefold()


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


def tokenize(text: str, offset: int = 0) -> Tokens:
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in TOKEN_RE.finditer(text):
        words.append(norm_word(m.group()))
        starts.append(m.start() + offset)
        ends.append(m.end() + offset)
    return Tokens(words, starts, ends)


def match_form(text: str) -> str:
    """Space-joined normalised words: two texts that differ only typographically get equal forms."""
    return " ".join(norm_word(m.group()) for m in TOKEN_RE.finditer(text))


def text_hash(text: str) -> int:
    """Signed 64-bit hash of the matching form (fits a SQL BIGINT)."""
    return xxhash.xxh64_intdigest(match_form(text).encode()) - (1 << 63)
