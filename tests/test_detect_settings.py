"""Settings that change detection results are settings: in DetectSettings, recorded per run."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from pipeline import jobs
from pipeline.detect.align import align
from pipeline.warehouse.schema import runs

_STORY = (
    "The ferry company will retire its two oldest boats next spring and lease a hybrid vessel from a "
    "northern yard, the harbour board was told on Thursday. Crossings to the island will fall from "
    "eleven a day to nine during the changeover, and the board asked for a timetable by March."
)


def _ingest_pair(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    day = datetime(2026, 5, 1, tzinfo=UTC)
    recs = [
        {"url": f"https://{o}.example/1", "outlet": o, "title": f"{o} ferry", "published": (day + timedelta(hours=i)).isoformat(),
         "text": _STORY + f"\n\nThe {o} desk adds a closing note of its own about local parking and the weather."}
        for i, o in enumerate(("north", "south"))
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs))
    jobs.ingest(settings, [path])


def test_unit_and_seed_settings_change_results_and_are_recorded(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base = settings_for(sqlite_url)
    assert (base.detect.min_unit_words, base.detect.seed_words, base.detect.max_seed_freq) == (6, 3, 40)
    _ingest_pair(base, tmp_path)
    found = jobs.detect(base)
    assert found.syndications == 1
    with jobs.warehouse(base).connect() as conn:
        params = conn.execute(select(runs.c.params).where(runs.c.run_id == found.run_id)).scalar_one()
    assert {k: params[k] for k in ("min_unit_words", "seed_words", "max_seed_freq")} == {"min_unit_words": 6, "seed_words": 3, "max_seed_freq": 40}

    # no unit is long enough to fingerprint: no candidates at all
    other = tmp_path / "units"
    other.mkdir()
    s = settings_for(f"sqlite:///{other / 'w.db'}", detect={"min_unit_words": 500})
    _ingest_pair(s, other)
    assert jobs.detect(s).units == 0

    # seeds longer than the shared text: candidates, but nothing aligns
    other = tmp_path / "seeds"
    other.mkdir()
    s = settings_for(f"sqlite:///{other / 'w.db'}", detect={"seed_words": 200})
    _ingest_pair(s, other)
    st = jobs.detect(s)
    assert st.candidates == 1 and st.syndications == 0


def test_max_seed_freq_drops_common_phrases() -> None:
    phrase = ["in", "the", "city"]
    source = phrase + ["alpha"] + phrase + ["beta"]
    copy = ["omega"] + phrase + ["psi"]
    assert [p.matched for p in align(copy, source, max_gap=2, min_words=3, max_seed_freq=2)] == [3]
    # a phrase seen twice in the source is no longer evidence with max_seed_freq 1
    assert align(copy, source, max_gap=2, min_words=3, max_seed_freq=1) == []
