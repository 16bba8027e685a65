"""Ingest and detect against SQLite and PostgreSQL: idempotent, incremental, offsets exact."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from pipeline import jobs
from pipeline.warehouse import store
from pipeline.warehouse.export import export
from pipeline.warehouse.schema import articles, passages, rejects, runs, syndications
from tests.pages import PARAGRAPHS, page

COMMENTARY = [
    "Readers of this site know we have warned about the state of the harbour for years, and nobody listened "
    "to the fishermen who raised the alarm first.",
    "Now the bill lands on taxpayers again. Ask yourself who signed off on the last inspection and why the "
    "report was never made public.",
]


def _corpus(tmp_path: Path) -> Path:
    rows = [
        {"url": "https://harbourcourier.example/pier", "outlet": "Harbour Courier",
         "published": "2026-03-02T09:00:00+01:00", "html": page("North pier to close", PARAGRAPHS)},
        {"url": "https://valleyledger.example/news/pier", "outlet": "Valley Ledger",
         "published": "2026-03-02T11:00:00+01:00", "html": page("Pier closure ahead", PARAGRAPHS[:3], site="Valley Ledger")},
        {"url": "https://civicdispatch.example/pier-scandal", "outlet": "The Civic Dispatch",
         "published": "2026-03-03T18:00:00+01:00",
         "text": "\n\n".join([COMMENTARY[0], PARAGRAPHS[1] + " That is what Harbour Courier reported.", COMMENTARY[1]])},
        {"url": "https://broken.example/x", "html": "<html><body><p>too short</p></body></html>"},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_ingest_is_idempotent_and_rejects_are_recorded(warehouse_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(warehouse_url)
    corpus = _corpus(tmp_path)
    first = jobs.ingest(settings, [corpus])
    assert (first.new, first.rejected) == (3, 1)
    second = jobs.ingest(settings, [corpus])
    assert (second.new, second.unchanged, second.rejected) == (0, 3, 1)
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        assert store.count_rows(conn, articles) == 3
        [reason] = conn.execute(select(rejects.c.reason).where(rejects.c.run_id == first.run_id)).scalars()
        assert "no article text" in reason
        # published keeps its instant: 09:00+01:00 is 08:00 UTC
        pub = conn.execute(select(articles.c.published).where(articles.c.outlet == "Harbour Courier")).scalar_one()
        assert store.aware(pub).hour == 8  # type: ignore[union-attr]


def test_detect_finds_wire_and_rewrite_and_is_incremental(warehouse_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(warehouse_url)
    jobs.ingest(settings, [_corpus(tmp_path)])
    stats = jobs.detect(settings)
    assert stats.articles == 3 and stats.syndications == 3
    again = jobs.detect(settings)
    assert again.articles == 0 and again.syndications == 0

    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        outlet = dict(conn.execute(select(articles.c.article_id, articles.c.outlet)).all())
        found = {(outlet[r.source_id], outlet[r.copy_id]): r for r in conn.execute(select(syndications))}
        assert set(found) == {
            ("Harbour Courier", "Valley Ledger"),
            ("Harbour Courier", "The Civic Dispatch"),
            ("Valley Ledger", "The Civic Dispatch"),
        }
        # The Dispatch shares only the quoted paragraph with the Ledger, and credits neither it
        # nor copies anything else from it: a common source, not a copy.
        assert found[("Valley Ledger", "The Civic Dispatch")].relation == "common_source"
        wire = found[("Harbour Courier", "Valley Ledger")]
        assert (wire.relation, wire.direction, wire.wire_source) == ("same_wire", "known", "CP")
        # The Dispatch credits the Courier, but what it shares with it is still only the
        # harbour master's quotes: common_source (the relation is what is shared), with
        # the credit recorded.
        rewrite = found[("Harbour Courier", "The Civic Dispatch")]
        assert rewrite.relation == "common_source" and rewrite.attributed
        assert 0.2 < rewrite.copied_fraction < 0.6
        assert conn.execute(select(runs.c.algo_version).where(runs.c.kind == "detect")).first() is not None

        bodies = {r.article_id: r.body for r in conn.execute(select(articles))}
        for p in conn.execute(select(passages, syndications.c.copy_id, syndications.c.source_id).join(syndications)):
            if p.kind in ("copied", "added"):
                assert bodies[p.copy_id][p.copy_start : p.copy_end] == p.text
            if p.kind == "removed":
                assert bodies[p.source_id][p.source_start : p.source_end] == p.text
        added = [p.text for p in conn.execute(select(passages).where(
            passages.c.syndication_id == rewrite.syndication_id, passages.c.kind == "added"))]
        assert any("warned about the state of the harbour" in t for t in added)
        assert not any("timber piles are rotten" in t for t in added)

    out = tmp_path / "syn.jsonl"
    assert export(engine, "syndications", "jsonl", out) == 3
    rec = json.loads(out.read_text().splitlines()[0])
    assert set(rec) >= {"source", "copy", "relation", "direction", "copied", "added", "copied_fraction"}
    assert set(rec["copied"][0]) == {"copy_text", "source_text", "copy_span", "source_span"}
