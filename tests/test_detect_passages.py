"""Added passages a researcher can read: the few words a copier changes inside copied text (a
quote split by "he said,", an added honorific) are edits, not one-word "added" passages, while
copied passages stay exactly as aligned. Texts are invented for these tests."""

from __future__ import annotations

from pipeline.config import DetectSettings
from pipeline.detect.compare import Doc, PairResult, compare
from pipeline.detect.detector import result_rows
from pipeline.detect.passages import passage_rows
from pipeline.normalise.segment import join_paragraphs, paragraph_spans

CFG = DetectSettings()

LEAD = (
    "The Portvale harbour authority said on Monday it would close the north pier for repairs lasting "
    "six weeks, disrupting ferry services to the outer islands during the spring season."
)
QUOTE_A = "\u201cWe have no choice but to act now before the winter storms arrive again and the tides rise,"
QUOTE_B = "the timber piles are rotten through and the deck is no longer safe for heavy vehicles.\u201d"
FERRY = (
    "Ferry operator Islink said it would run a reduced timetable from the south quay. Passengers were "
    "advised to check departure times online before travelling and to allow extra time at the terminal."
)
COST = (
    "The repairs are expected to cost 2.4 million crowns, paid from the regional infrastructure fund, "
    "according to figures released by the authority alongside its quarterly report."
)
OWN = "Our fishermen have waited a long time for someone in the capital to take their side in this argument."

_ids = iter(range(1, 10_000))


def doc(paragraphs: list[str], outlet: str) -> Doc:
    body = join_paragraphs(paragraphs)
    spans = paragraph_spans(body)
    i = next(_ids)
    return Doc(i, outlet, f"https://{outlet}.example/a{i}", "Pier to close", None, None, body, [], spans, [False] * len(spans))


def pair(source: list[str], copy: list[str]) -> PairResult:
    src = doc(source, "origin")  # ingested first: the source when neither page is dated
    r = compare(doc(copy, "copier"), src, CFG)
    assert r is not None and r.copy.body == join_paragraphs(copy)
    return r


def texts(r: PairResult, kind: str) -> list[str]:
    return [row["text"] for row in passage_rows(r) if row["kind"] == kind]


def test_a_quote_split_by_an_attribution_is_an_edit_not_an_added_passage() -> None:
    r = pair([LEAD, f"{QUOTE_A} {QUOTE_B}", FERRY], [LEAD, f"{QUOTE_A}\u201d he said. \u201c{QUOTE_B}", FERRY])
    assert texts(r, "added") == []
    assert texts(r, "edited") == ["he said."]
    # the copied passages are the aligner's, exactly: the copier's words are not called copied
    assert [r.copy.body[s.copy_start : s.copy_end] for s in sorted(r.spans, key=lambda s: s.copy_start)] == texts(r, "copied")
    assert all("he said" not in t for t in texts(r, "copied"))


def test_an_added_name_and_a_rewritten_date_are_edits_on_both_sides() -> None:
    src = [LEAD, "Harbour master Brook told reporters at the south quay on Monday that the work would begin soon "
           "and end before the spring ferry season. " + FERRY]
    cp = [LEAD, "Harbour master Ms Elena Brook told reporters at the south quay on Monday that the work would begin "
          "in early October and end before the spring ferry season. " + FERRY]
    r = pair(src, cp)
    assert texts(r, "added") == [] and texts(r, "removed") == []
    assert texts(r, "edited") == ["Ms Elena", "in early October", "soon"]


def test_a_fragment_next_to_the_copiers_own_paragraph_joins_it() -> None:
    r = pair([LEAD, FERRY, COST], [LEAD, OWN, "Meanwhile, " + FERRY[0].lower() + FERRY[1:], COST])
    assert texts(r, "added") == [f"{OWN}\n\nMeanwhile,"]
    assert texts(r, "edited") == []


def test_a_word_put_before_the_copied_lead_is_an_edit_but_a_subhead_stays_added() -> None:
    # "US" run into the copied lead is the copier's edit of that sentence; a subhead of its own
    # paragraph between copied paragraphs is text of the copier's own, however short
    r = pair([LEAD, FERRY, COST], [f"US officials: {LEAD}", FERRY, "Who will pay?", COST])
    assert texts(r, "added") == ["Who will pay?"]
    assert texts(r, "edited") == ["US officials:"]


def test_a_paragraph_of_the_copiers_own_stays_added_at_either_end() -> None:
    r = pair([LEAD, FERRY, COST], ["Harbour woes continue.", LEAD, FERRY, COST, "The mayor agreed."])
    assert texts(r, "added") == ["Harbour woes continue.", "The mayor agreed."]
    assert texts(r, "edited") == []


def test_copy_side_rows_tile_the_body_and_the_counts_follow_the_rows() -> None:
    r = pair([LEAD, f"{QUOTE_A} {QUOTE_B}", FERRY], [LEAD, OWN, f"{QUOTE_A}\u201d he said. \u201c{QUOTE_B}", FERRY])
    values, rows = result_rows(r)
    copy_rows = sorted((p["copy_start"], p["copy_end"]) for p in rows if p["copy_start"] is not None)
    assert all(e0 <= s1 for (_, e0), (s1, _) in zip(copy_rows, copy_rows[1:], strict=False))  # no overlap
    covered = " ".join(r.copy.body[s:e] for s, e in copy_rows)
    assert sorted(covered.split()) == sorted(r.copy.body.split())  # every word in one row
    assert values["copied_chars"] == sum(s.copy_end - s.copy_start for s in r.spans)
    assert values["copied_fraction"] == round(values["copied_chars"] / len(r.copy.body), 4)
    assert values["added_chars"] == len(OWN)  # the edit is not counted as added
