"""A cheap language guess from function words, for pages that do not declare one.

Declared languages (``<html lang>``, ``content-language``, ``og:locale``) win; this only fills
the gap, and says ``None`` rather than guess on too little text.
"""

from __future__ import annotations

import re
from collections import Counter

_STOPWORDS: dict[str, set[str]] = {code: set(words.split()) for code, words in {
    "en": "the and of to in is that for with was on are as by it at from this have has be not but",
    "de": "der die und das ist nicht mit den von zu ein eine auf sich für dem des im auch es wird",
    "fr": "le la les et des est une dans pour que qui pas sur par au du avec il elle sont ce",
    "es": "el la los las y de que en un una por con para es del se no al lo como más",
    "it": "il di che è la per un una non con del della sono gli le nel anche al si da",
    "pt": "o a os as e de que em um uma para com não do da no na se por mais são",
    "nl": "de het een en van is dat op te in niet met zijn voor er aan ook als bij",
    "sv": "och att det som en på är av för med till den har inte om ett var jag",
    "pl": "i w na z że się nie do to jest o jak po co ale od przez dla tak",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke adalah",
}.items()}
# every language's function words: words that tie no text to a topic (blocks.py reads them too)
FUNCTION_WORDS = frozenset(w for words in _STOPWORDS.values() for w in words)
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[a-z]+")  # _WORD in lower-cased ASCII text
_LANGUAGES_OF: dict[str, list[str]] = {}  # stop word -> the languages listing it
for _code, _stop in _STOPWORDS.items():
    for _w in _stop:
        _LANGUAGES_OF.setdefault(_w, []).append(_code)
_SCRIPTS = (("ru", re.compile(r"[\u0400-\u04ff]")), ("zh", re.compile(r"[\u4e00-\u9fff]")),
            ("ja", re.compile(r"[\u3040-\u30ff]")), ("ar", re.compile(r"[\u0600-\u06ff]")),
            ("ko", re.compile(r"[\uac00-\ud7af]")), ("el", re.compile(r"[\u0370-\u03ff]")),
            ("he", re.compile(r"[\u0590-\u05ff]")))

_NON_LATIN = re.compile("|".join(script.pattern for _, script in _SCRIPTS))


def guess_language(text: str, min_words: int = 30) -> str | None:
    """ISO 639-1 code of the likeliest language, or None when the text is too short or unclear."""
    sample = text[:5000]
    ascii_only = sample.isascii()
    # ASCII: _WORD's letters are [A-Za-z], and lower-casing first keeps every character's class
    # and the words' lengths: the runs are the lower-cased runs, found by a plain class (a third faster)
    runs = _ASCII_WORD.findall(sample.lower()) if ascii_only else _WORD.findall(sample)
    letters = sum(map(len, runs))
    if not letters:
        return None
    if not ascii_only and len(_NON_LATIN.findall(sample)) > 0.3 * letters:  # ASCII holds no other script
        for code, script in _SCRIPTS:
            if len(script.findall(sample)) > 0.3 * letters:
                return "ja" if code == "zh" and _SCRIPTS[2][1].search(sample) else code
    if len(runs) < min_words:
        return None
    counts = Counter(runs if ascii_only else map(str.lower, runs))
    hits = Counter(dict.fromkeys(_STOPWORDS, 0))  # every language, in this order (ties go to the first)
    for w in counts.keys() & _LANGUAGES_OF.keys():
        for code in _LANGUAGES_OF[w]:
            hits[code] += counts[w]
    (best, n), *rest = hits.most_common(2) + [("", 0)]
    second = rest[0][1]
    if n < 0.08 * len(runs) or n < 1.5 * second:
        return None
    return best


def normalise_language(value: str | None) -> str | None:
    """'en-GB', 'en_US', 'EN' → 'en'; junk → None."""
    if not value:
        return None
    code = re.split(r"[-_,; ]", value.strip())[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None
