from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalise.matchtext import match_form, text_hash, tokenize
from pipeline.normalise.segment import join_paragraphs, paragraph_spans, sentence_spans


def test_sentences_keep_quotes_and_abbreviations_together() -> None:
    body = "PORTVALE (CP) — Mr. Smith said “It will rain.” Then he left. The U.S. envoy agreed!"
    got = [body[a:b] for a, b in sentence_spans(body)]
    assert got == ["PORTVALE (CP) — Mr. Smith said “It will rain.”", "Then he left.", "The U.S. envoy agreed!"]


def test_paragraph_spans_map_back_to_the_body() -> None:
    body = join_paragraphs(["  First   paragraph. ", "", "Second\nparagraph."])
    assert body == "First paragraph.\n\nSecond paragraph."
    assert [body[a:b] for a, b in paragraph_spans(body)] == ["First paragraph.", "Second paragraph."]


def test_matching_form_ignores_typography_but_not_words() -> None:
    assert match_form("It’s the “best” — really…") == match_form('it\'s THE "best" - really...')
    assert text_hash("Don’t stop") == text_hash("don't stop")
    assert text_hash("Don’t stop") != text_hash("Do stop")


def test_soft_hyphen_and_numbers_are_single_tokens() -> None:
    assert tokenize("co\u00adoperate on 1,200.5 crowns").words == ["cooperate", "on", "1,200.5", "crowns"]


@given(st.text(min_size=0, max_size=300))
def test_token_offsets_always_point_at_their_text(text: str) -> None:
    toks = tokenize(text)
    for w, s, e in zip(toks.words, toks.starts, toks.ends, strict=True):
        assert 0 <= s < e <= len(text)
        assert match_form(text[s:e]) == w or w == ""
