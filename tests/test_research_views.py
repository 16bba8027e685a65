"""The researcher views and example queries, on SQLite and PostgreSQL, over a warehouse filled
by the real pipeline. Expected values are recomputed from the base tables, not hard-coded."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import aliased

from pipeline import jobs
from pipeline.warehouse.schema import articles, syndications
from pipeline.warehouse.views import create_views, query_files, run_query, view_files, view_names
from tests.research_corpus import COMMENT, fill


def _rows(conn, sql: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return [dict(r._mapping) for r in conn.execute(text(sql))]


def test_views_and_queries_on_both_backends(warehouse_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    # one owner publishes Harbour Courier and Valley Ledger: the Ledger's credited copy is group-internal
    groups = tmp_path / "outlets.yaml"
    groups.write_text("outlets:\n  - {name: Harbour Courier, domains: [harbourcourier.example]}\n"
                      "  - {name: Valley Ledger}\n"
                      "groups:\n  Northgate Media: [harbourcourier.example, Valley Ledger]\n", encoding="utf-8")
    settings = settings_for(warehouse_url, outlets_file=str(groups))
    fill(settings, tmp_path)
    engine = jobs.warehouse(settings)
    created = create_views(engine)
    assert created == [f.name for f in view_files()]
    assert set(created) <= set(view_names(engine))
    assert create_views(engine) == created  # re-creating is safe (dependants dropped first)

    src, cp = aliased(articles), aliased(articles)
    with engine.connect() as conn:
        base = [dict(r._mapping) for r in conn.execute(
            select(syndications, src.c.outlet.label("so"), cp.c.outlet.label("co"))
            .join(src, src.c.article_id == syndications.c.source_id)
            .join(cp, cp.c.article_id == syndications.c.copy_id))]
        relations = {r["relation"] for r in base}
        assert {"republication", "same_wire", "common_source"} <= relations, relations

        # per outlet pair: counts and copied characters add up to the base table
        pairs = _rows(conn, "SELECT * FROM v_outlet_pairs")
        expect = Counter((r["so"], r["co"], r["relation"]) for r in base)
        assert {(p["source_outlet"], p["copy_outlet"], p["relation"]): p["syndications"] for p in pairs} == expect
        assert sum(p["copied_chars"] for p in pairs) == sum(r["copied_chars"] for r in base)
        daily = _rows(conn, "SELECT * FROM v_outlet_pairs_daily")
        assert sum(d["syndications"] for d in daily) == len(base)
        assert all(str(d["day"]).startswith("2026-03-0") for d in daily)

        # group-internal sharing is recorded and kept apart from copying across owners
        internal = [r for r in base if r["same_group"]]
        assert [(r["so"], r["co"], r["group_name"]) for r in internal] == [("Harbour Courier", "Valley Ledger", "Northgate Media")]
        assert all(r["group_name"] is None for r in base if not r["same_group"])
        assert {(p["source_outlet"], p["copy_outlet"]) for p in pairs if p["same_group"]} == {("Harbour Courier", "Valley Ledger")}

        # copying is republication: same_wire subscribers and common_source quoters copy no one
        copying = [r for r in base if r["relation"] == "republication"]
        wire_pairs = {(r["so"], r["co"]) for r in base if r["relation"] == "same_wire"}
        assert wire_pairs
        across = [r for r in copying if not r["same_group"]]
        tops = {r["outlet"]: r for r in _rows(conn, "SELECT * FROM v_top_sources")}
        assert {o: t["times_copied"] for o, t in tops.items() if t["times_copied"]} == Counter(r["so"] for r in across)
        assert tops["Harbour Courier"]["group_internal_copies"] == 1
        copiers = {r["outlet"]: r for r in _rows(conn, "SELECT * FROM v_top_copiers")}
        assert {o: c["copies"] for o, c in copiers.items() if c["copies"]} == Counter(r["co"] for r in across)
        assert copiers["Valley Ledger"]["copies"] == 0 and copiers["Valley Ledger"]["group_internal_copies"] == 1
        assert copiers["Islands Weekly"]["copies"] >= 1 and copiers["Islands Weekly"]["group_internal_copies"] == 0
        sharing = _rows(conn, "SELECT * FROM v_group_sharing")
        assert [(g["group_name"], g["outlets"], g["internal_copies"], g["copies_by_other_owners"]) for g in sharing] == [
            ("Northgate Media", 2, 1, sum(r["so"] in ("Harbour Courier", "Valley Ledger") for r in across))]

        # attribution: the Valley Ledger copy credits Harbour Courier, the Islands Weekly copy does not
        attr = {(r["outlet"], r["relation"]): r for r in _rows(conn, "SELECT * FROM v_attribution")}
        for (outlet, rel), r in attr.items():
            mine = [b for b in copying if b["co"] == outlet and b["relation"] == rel]
            assert r["credited"] == sum(bool(b["attributed"]) for b in mine)
            assert r["attribution_rate"] == pytest.approx(r["credited"] / len(mine))
        assert attr[("Valley Ledger", "republication")]["attribution_rate"] == 1.0
        assert attr[("Islands Weekly", "republication")]["attribution_rate"] == 0.0
        assert {rel for _, rel in attr} == {"republication"}  # a subscriber "not crediting" another is no finding
        wire_only = {o for pair in wire_pairs for o in pair} - {o for r in copying for o in (r["so"], r["co"])}
        assert wire_only and not {o for o, c in copiers.items() if c["copies"]} & wire_only
        assert not {o for o, t in tops.items() if t["times_copied"]} & wire_only

        # added text: the Valley Ledger commentary leads the copy, its credit line closes it
        added = _rows(conn, "SELECT * FROM v_added_passages WHERE copy_outlet = 'Valley Ledger'")
        lead_kind = "note" if len(COMMENT[0]) < 200 else "paragraph"
        assert {(a["position"], a["kind"]) for a in added} >= {("lead", lead_kind), ("tail", "credit")}
        by_outlet = {r["outlet"]: r for r in _rows(conn, "SELECT * FROM v_added_by_outlet")}
        vl = [b for b in copying if b["co"] == "Valley Ledger"]
        assert by_outlet["Valley Ledger"]["added_chars"] == sum(b["added_chars"] for b in vl) > 0
        assert set(by_outlet) == {b["co"] for b in copying}
        # what_copiers_add names the same copiers as v_added_by_outlet (common_source and same_wire out)
        adders = {r[0] for r in run_query(engine, "what_copiers_add")[1]}
        assert adders and adders <= set(by_outlet)
        assert not adders & {b["co"] for b in base if b["relation"] != "republication"} - set(by_outlet)

        # wire share: Saltmere Post's only article is the wire story
        wire = {r["outlet"]: r for r in _rows(conn, "SELECT * FROM v_wire_share")}
        assert wire["Saltmere Post"]["wire_share"] == 1.0
        assert wire["Brightwater News"]["wire_share"] == 0.0
        n_articles = conn.execute(select(articles.c.article_id)).all()
        assert sum(w["articles"] for w in wire.values()) == len(n_articles)

        # clusters: the harbour story (4 articles incl. the quote-only one) and the rail story (2)
        sizes = sorted(r["articles"] for r in _rows(conn, "SELECT * FROM v_story_cluster_sizes"))
        assert sizes == [2, 4]
        members = _rows(conn, "SELECT * FROM v_story_clusters")
        assert "Brightwater News" not in {m["outlet"] for m in members}

    # every example query runs and returns rows on this backend
    for q in query_files():
        assert q.comment, f"{q.path} needs a leading comment saying what it answers"
        cols, rows = run_query(engine, q.name)
        assert cols and rows, q.name
    who = {(r[0], r[1]) for r in run_query(engine, "who_copies_whom")[1]}
    assert ("Valley Ledger", "Islands Weekly") in who and ("Harbour Courier", "Valley Ledger") not in who
    # Harbour Courier and Islands Weekly both ran the CP wire story: fellow subscribers, not copying
    assert ("Harbour Courier", "Islands Weekly") in wire_pairs and not who & wire_pairs
    assert [r[:3] for r in run_query(engine, "group_internal_sharing")[1]] == [("Northgate Media", "Harbour Courier", "Valley Ledger")]

    # regrouping needs no new detection: the flags follow the outlets file
    groups.write_text("outlets: []\ngroups: {}\n", encoding="utf-8")
    assert jobs.sync_groups(settings) is True
    assert jobs.sync_groups(settings) is False
    with engine.connect() as conn:
        assert conn.execute(select(syndications).where(syndications.c.same_group.is_(True))).all() == []
