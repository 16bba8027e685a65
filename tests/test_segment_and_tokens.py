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


def _sents(body: str) -> list[str]:
    return [body[a:b] for a, b in sentence_spans(body)]


def test_quotation_over_several_sentences_stays_one_unit() -> None:
    body = "She said: “We will rebuild. It will take years. But we will do it.” The crowd cheered."
    assert _sents(body) == ["She said: “We will rebuild. It will take years. But we will do it.”", "The crowd cheered."]
    straight = 'He said "Go now. Do not wait." Then he left.'
    assert _sents(straight) == ['He said "Go now. Do not wait."', "Then he left."]


def test_unbalanced_quote_does_not_swallow_the_paragraph() -> None:
    body = "He wrote “Nothing more. Then silence. We moved on. Years passed."
    assert len(_sents(body)) == 4


def test_list_markers_and_datelines_are_not_sentence_ends() -> None:
    assert _sents("Steps: 1. Open the valve. 2. Close the tap.") == ["Steps: 1. Open the valve.", "2. Close the tap."]
    assert _sents("WASHINGTON, Jan. 5 (AP) — The Senate voted. It passed.") == [
        "WASHINGTON, Jan. 5 (AP) — The Senate voted.", "It passed."]
    assert _sents("Prices rose in 1999. Then they fell.") == ["Prices rose in 1999.", "Then they fell."]


def test_one_line_paragraphs_and_headings_are_whole_units() -> None:
    assert _sents("Key points") == ["Key points"]
    assert _sents("• First item without a full stop") == ["• First item without a full stop"]


def test_entities_left_in_a_body_match_their_characters_and_map_back() -> None:
    body = "caf&eacute; &amp; Ben&#8217;s bar"
    toks = tokenize(body)
    assert toks.words == ["café", "ben's", "bar"]
    assert [body[s:e] for s, e in zip(toks.starts, toks.ends, strict=True)] == ["caf&eacute;", "Ben&#8217;s", "bar"]
    assert match_form(body) == match_form("Café & Ben’s bar")


def test_ascii_fast_path_tokenizes_like_the_general_path() -> None:
    """ASCII text skips norm_word (its lower case is the same); a non-ASCII word forces the general path."""
    text = "It`s O'Neill's 3.5 BILLION-dollar Deal, U.S.-led talks on 1,200 JOBS  ended_early.\nNext"
    fast, general = tokenize(text, offset=7), tokenize(text + " café", offset=7)
    assert fast.words == general.words[:-1] and "it's" in fast.words and "billion" in fast.words
    assert fast.starts == general.starts[:-1] and fast.ends == general.ends[:-1]


def test_abbreviations_and_list_markers_deep_in_a_long_paragraph() -> None:
    """The look-back is a short window before each full stop: what sits far behind it, or a
    word longer than the window, must not change the split."""
    filler = "The council met again on Tuesday and heard the same complaints. " * 40
    body = filler + "Dr. Smith spoke. Supercalifragilisticexpialidociousnessesxyzzy. Then: 12. Vote. Page12. Next."
    tail = _sents(body)[40:]
    assert tail == ["Dr. Smith spoke.", "Supercalifragilisticexpialidociousnessesxyzzy.", "Then: 12. Vote.", "Page12.", "Next."]
