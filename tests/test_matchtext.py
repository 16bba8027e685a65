"""The one-pass fold of non-ASCII words must give exactly what the per-word norm_word gives."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalise import matchtext
from pipeline.normalise.matchtext import TOKEN_RE, Tokens, match_form, norm_word, norm_words, tokenize

# Characters where NFKC, casefold or the typography fold change length, case or tokenisation.
ADVERSARIAL = [
    "ﬁnance ﬂow ﬃce", "Straße STRASSE ẞ", "İstanbul ıi İI i\u0307", "ΟΔΥΣΣΕΥΣ σοφός Σ ς ΣΑΣ",
    "cafe\u0301 café e\u0301\u0301 a\u0328\u0301", "１２３ ４,５６７．８ ＡＢＣ", "Oʼneill donʼt", "5′ 10″ it′s ‴",
    "co\u00adoperate \u00ad\u00ad x\u00ad", "zero\u200bwidth a\u200cb a\u200db \ufeffbom", "emoji 😀 👍🏽 word😀word",
    "עברית ומילים العربية ‏rtl‎", "AT&amp;T &eacute;t&eacute; it&rsquo;s &#x2019; &bogus;", "don’t O’Neill ‘q’ `t`",
    "ǅemal ǈ Ǳ", "ᾈ ᾳ ΐ ﬓ ŉ ǰ", "\u0345\u0399", "ｶﾀｶﾅ ﾊﾟ ｶﾞ", "㎏ ℃ ½ x² H₂O", "Å K Ω", "\u1100\u1161\u11a8 가",
    "Ⅻ ① ⒜ 𝐀𝐁𝐂", "l·l ١٢٣ ʹʻʽ", "Ꭰ ꭰ 𐐀𐐨", "ß\u00ad ﬁ’s",
]
VARIANTS = [unicodedata.normalize(f, t) for t in ADVERSARIAL for f in ("NFC", "NFKC", "NFD", "NFKD")] + ADVERSARIAL


def _per_word(text: str) -> Tokens:
    """The reference: norm_word on every regex match (what tokenize did for all non-ASCII text)."""
    found = list(TOKEN_RE.finditer(text))
    return Tokens([norm_word(m.group()) for m in found], [m.start() for m in found], [m.end() for m in found])


def _same_as_per_word(text: str) -> None:
    got = tokenize(text)
    if "&" not in text:
        ref = _per_word(text)
        assert (got.words, got.starts, got.ends) == (ref.words, ref.starts, ref.ends)
    assert norm_words(got_raw := TOKEN_RE.findall(text)) == [norm_word(w) for w in got_raw]
    assert match_form(text) == " ".join(got.words)


@pytest.mark.parametrize("text", VARIANTS)
def test_one_pass_fold_matches_per_word_fold(text: str) -> None:
    _same_as_per_word(text)


def test_all_variants_in_one_text_fold_like_per_word() -> None:
    _same_as_per_word(" ".join(VARIANTS))


def test_fast_path_is_taken_only_for_nfkc_words(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(matchtext, "norm_word", lambda w: calls.append(w) or norm_word(w))
    assert norm_words(["Straße", "don’t", "ΣΑΣ"]) == ["strasse", "don't", "σασ"] and not calls
    assert norm_words(["ﬁnance"]) == ["finance"] and calls == ["ﬁnance"]


@given(st.lists(st.sampled_from(VARIANTS + ["A", "b", " ", "\u00ad", "’", "ς"]), max_size=12))
def test_mixed_texts_fold_like_per_word(parts: list[str]) -> None:
    _same_as_per_word("".join(parts))


@given(st.text(max_size=200))
def test_any_text_tokenizes_like_per_word(text: str) -> None:
    _same_as_per_word(text)
