"""The function-word language guess: the same answers on ASCII text (its fast path) as on any text."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pipeline.normalise.language import _STOPWORDS, guess_language


def _reference(text: str, min_words: int = 30) -> str | None:
    """The guess as first written (letters only, lower-cased word by word), for Latin text."""
    runs = re.findall(r"[^\W\d_]+", text[:5000])
    if not runs or len(runs) < min_words:
        return None
    counts = Counter(map(str.lower, runs))
    hits = Counter({code: sum(counts[w] for w in stop & counts.keys()) for code, stop in _STOPWORDS.items()})
    (best, n), *rest = hits.most_common(2) + [("", 0)]
    return None if n < 0.08 * len(runs) or n < 1.5 * rest[0][1] else best


TEXTS = [
    "THE Council Said On Monday That The Ferry Would Run Again, And That Is Good News For The Island. " * 3,
    "Der Rat sagte am Montag, dass die Faehre wieder faehrt, und das ist nicht schlecht fuer die Insel. " * 3,
    "Le conseil a dit lundi que le ferry reprendra, et c'est une bonne nouvelle pour les habitants de l'île. " * 3,
    "de la que el en y a los se del las un por con no una su para es al lo como mas o pero sus le ha me " * 2,  # es/pt/fr tie-ish
    "the der the der the der and und " * 5,  # English and German neck and neck: no guess
    "Budget 2026: 12 ferries, 3 bridges, 40 km of road. " * 10,  # few function words
    "Too short to tell.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_guess_is_the_reference_guess(text: str) -> None:
    assert guess_language(text) == _reference(text)


def test_guesses_that_matter() -> None:
    assert [guess_language(t) for t in TEXTS[:3]] == ["en", "de", "fr"]
    assert guess_language(TEXTS[4]) is None and guess_language(TEXTS[-1]) is None
