"""v_edited_passages on SQLite and PostgreSQL: a copier's house-style edit inside a copied
paragraph ("said" made "told waiting reporters") is listed on both sides and paired with the words
it replaced. ("said" made "told reporters", one word longer, stays inside one copied passage: the
aligner bridges edits whose two sides differ by at most a word, detect/align.py.) Articles are
invented for this test and run through the real ingest and detect."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from pipeline import jobs
from pipeline.warehouse.views import create_views

LEAD = ("The Portvale harbour authority announced on Monday that it would close the north pier for repairs "
        "lasting six weeks, disrupting ferry services to the outer islands during the spring season.")
EDIT = ("Harbour master Elena Brook {verb} on Monday that the work on the timber piles would begin in early "
        "October and end well before the spring ferry season, when the outer islands depend on the boats.")
FERRY = ("Ferry operator Islink announced it would run a reduced timetable from the south quay. Passengers were "
         "advised to check departure times online before travelling and to allow extra time at the terminal.")
COST = ("The repairs are expected to cost 2.4 million crowns, paid from the regional infrastructure fund, "
        "according to figures released by the authority alongside its quarterly report to the council.")


def _corpus(path: Path) -> Path:
    rows = [
        {"url": "https://harbourcourier.example/pier", "outlet": "Harbour Courier", "title": "North pier to close",
         "published": "2026-03-02T09:00:00+01:00", "text": "\n\n".join([LEAD, EDIT.format(verb="said"), FERRY, COST])},
        {"url": "https://valleyledger.example/pier", "outlet": "Valley Ledger", "title": "Pier closure ahead",
         "published": "2026-03-02T15:00:00+01:00",
         "text": "\n\n".join([LEAD, EDIT.format(verb="told waiting reporters"), FERRY, COST])},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_a_copiers_edit_is_paired_with_the_words_it_replaced(warehouse_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(warehouse_url)
    jobs.ingest(settings, [_corpus(tmp_path / "edits.jsonl")])
    jobs.detect(settings)
    engine = jobs.warehouse(settings)
    assert "v_edited_passages" in create_views(engine)
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(text("SELECT * FROM v_edited_passages ORDER BY side"))]
        edited = conn.execute(text("SELECT COUNT(*) FROM passages WHERE kind = 'edited'")).scalar_one()
    assert len(rows) == edited == 2  # one row per edit, each with its one pair
    copy, source = rows
    assert (copy["side"], copy["text"], copy["paired_text"]) == ("copy", "told waiting reporters", "said")
    assert (source["side"], source["text"], source["paired_text"]) == ("source", "said", "told waiting reporters")
    assert copy["paired_passage_id"] == source["passage_id"] and source["paired_passage_id"] == copy["passage_id"]
    assert (copy["copy_outlet"], copy["source_outlet"], copy["relation"]) == ("Valley Ledger", "Harbour Courier", "republication")
    assert copy["end_char"] - copy["start_char"] == len("told waiting reporters")
    # the edit lies between two copied passages, the same two on both sides
    assert copy["after_copied"] is not None and copy["before_copied"] is not None
    assert (copy["after_copied"], copy["before_copied"]) == (source["after_copied"], source["before_copied"])
