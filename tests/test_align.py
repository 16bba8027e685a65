"""Alignment survives the edits copiers make, and splits where text was inserted or dropped."""

from pipeline.detect.align import align
from pipeline.normalise.matchtext import tokenize

SOURCE = (
    "The minister said the new bridge would open in May after two years of work. "
    "“We are proud of this work,” she told reporters on Tuesday at the riverside site. "
    "Critics say the cost doubled since the first estimate was published. "
    "The council will vote next week on the budget for the coming year and its reserves."
)


def _copied(copy: str, source: str = SOURCE) -> list[str]:
    a, b = tokenize(copy), tokenize(source)
    return [copy[a.starts[p.a0] : a.ends[p.a1 - 1]] for p in align(a.words, b.words, max_gap=6, min_words=8)]


def test_verbatim_copy_is_one_passage() -> None:
    assert _copied(SOURCE) == [SOURCE.rstrip(".")]


def test_changed_word_and_typo_stay_inside_one_passage() -> None:
    copy = SOURCE.replace("in May", "in June").replace("coming year", "comming year")
    [passage] = _copied(copy)
    assert "June" in passage and passage.endswith("comming year and its reserves")


def test_typographic_quotes_do_not_break_a_match() -> None:
    copy = SOURCE.replace("“", '"').replace("”", '"')
    assert len(_copied(copy)) == 1


def test_dropped_sentence_splits_the_passage() -> None:
    copy = SOURCE.replace("Critics say the cost doubled since the first estimate was published. ", "")
    got = _copied(copy)
    assert len(got) == 2
    assert not any("Critics" in g for g in got)


def test_inserted_commentary_is_not_copied() -> None:
    insert = "This is a scandal that nobody in the capital wants to talk about openly. "
    copy = SOURCE.replace("Critics say", insert + "Critics say")
    got = _copied(copy)
    assert len(got) == 2 and not any("scandal" in g for g in got)


def test_paragraph_split_and_merge_are_invisible() -> None:
    copy = SOURCE.replace(". “We", ".\n\n“We").replace("published. The", "published.\n\nThe")
    assert len(_copied(copy)) == 1


def test_unrelated_text_on_the_same_topic_shares_nothing() -> None:
    other = (
        "Work on the river bridge has doubled in cost, council documents show. The minister "
        "defended the project on Tuesday, telling reporters the opening would be in May. A budget "
        "vote is due next week."
    )
    assert _copied(other) == []
