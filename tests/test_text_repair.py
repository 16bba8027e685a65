"""`repair` skips ftfy for text ftfy would leave alone; it must return exactly what ftfy returns."""

from __future__ import annotations

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalise.text import repair


def _ftfy(text: str) -> str:
    return ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=True, normalization="NFC")


# ASCII with the characters ftfy acts on (entities, CR, controls, escapes) and some it maps
# (mojibake, curly quotes, NBSP, ligatures, width forms), so both paths are taken
_ALPHABET = st.sampled_from(
    [*"abc XYZ 019.,;\n\t\x0c", "&amp;", "&eacute;", "&", "\r\n", "\r", "\x00", "\x1b[31m", "\x7f", "\x0b",
     "Ã©", "â€™", "\u2019", "\xa0", "ﬁ", "Ｌ", "\u2028", "\x85", "e\u0301", "<", "<b>"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_repair_equals_ftfy(text: str) -> None:
    assert repair(text) == _ftfy(text)


def test_plain_ascii_is_returned_as_is() -> None:
    text = "Plain ASCII news text.\n\nA second paragraph, with (brackets) and 5% figures."
    assert repair(text) is text
    assert repair("Caf&eacute; &amp; bar\r\n") == _ftfy("Caf&eacute; &amp; bar\r\n") == "Café & bar\n"


def test_lines_after_markup_keep_their_entities() -> None:
    # ftfy stops unescaping at the first line holding "<": lines repaired apart must do the same
    text = "Caf&eacute; one\nplain line\nif a < b then\nplain again\nCaf&eacute; two \u2019\n"
    assert repair(text) == _ftfy(text) == "Café one\nplain line\nif a < b then\nplain again\nCaf&eacute; two \u2019\n"
