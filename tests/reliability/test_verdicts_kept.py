"""Researchers' verdicts survive re-detection (a body correction, a re-ingest) and are shown as
stale when a text they judged changed; a warehouse at 0006 keeps its verdicts through 0007."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from pipeline import jobs
from pipeline.report.cases import list_cases, load_case
from pipeline.warehouse import db, views
from pipeline.warehouse.schema import syndications, verdicts
from pipeline.web.app import create_app
from tests.reliability.helpers import body_text

SRC, CPY = "https://source.example/story", "https://copier.example/story"


def _write(path: Path, copy_body: str) -> Path:
    rows = [{"url": SRC, "outlet": "source.example", "published": "2026-03-01T08:00:00Z", "title": "Story",
             "text": body_text("Harbour")},
            {"url": CPY, "outlet": "copier.example", "published": "2026-03-02T08:00:00Z", "title": "Story",
             "text": copy_body}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _sid(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.max(syndications.c.syndication_id))).scalar_one())


def test_a_verdict_survives_a_correction_and_is_shown_stale(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(warehouse_url)
    jobs.ingest(settings, [_write(tmp_path / "a.jsonl", body_text("Harbour"))])
    jobs.detect(settings)
    engine = jobs.warehouse(settings)
    sid = _sid(engine)
    web = TestClient(create_app(engine), base_url="http://127.0.0.1:8000")
    r = web.post(f"/syndications/{sid}/verdict", data={"verdict": "confirm", "reviewer": "ana"},
                 headers={"Origin": "http://127.0.0.1:8000"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    with engine.connect() as conn:
        (case,) = list_cases(conn)
        assert case["verdict"] == "confirm" and not case["verdict_stale"]
        v = conn.execute(select(verdicts)).one()
        assert (v.source_url, v.copy_url) == (SRC, CPY) and v.algo_version and v.spans

    # a one-word correction of the copy: re-detection replaces the syndication row
    jobs.ingest(settings, [_write(tmp_path / "b.jsonl", body_text("Harbour").replace("Tuesday", "Wednesday", 1))])
    jobs.detect(settings)
    new_sid = _sid(engine)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(verdicts)).scalar_one() == 1, "the verdict was erased"
        assert conn.execute(select(verdicts.c.syndication_id)).scalar_one() is None, "re-detection replaced the row"
        (case,) = list_cases(conn)
        assert case["verdict"] == "confirm" and case["verdict_stale"]
        found = load_case(conn, new_sid)
    views.create_views(engine)
    with engine.connect() as conn:
        assert found is not None and [(h["verdict"], h["stale"]) for h in found.verdicts] == [("confirm", True)]
        row = conn.execute(text("SELECT verdict, verdict_current FROM v_syndications")).one()
        assert tuple(row) == ("confirm", None), "the verdict is kept, and shown stale"
    page = web.get(f"/syndications/{new_sid}").text
    assert "confirm" in page and "stale" in page
    from tests.reliability.figures import record_figures

    record_figures("verdicts_kept", verdicts_kept_across_redetection=1)

    # a new verdict on the corrected texts is fresh again
    web.post(f"/syndications/{new_sid}/verdict", data={"verdict": "reject"}, headers={"Origin": "http://127.0.0.1:8000"})
    with engine.connect() as conn:
        (case,) = list_cases(conn)
        assert case["verdict"] == "reject" and not case["verdict_stale"]
        assert tuple(conn.execute(text("SELECT verdict, verdict_current FROM v_syndications")).one()) == ("reject", "reject")


def test_migration_0007_keys_existing_verdicts_on_their_pair(warehouse_url: str) -> None:
    from alembic import command
    from alembic.migration import MigrationContext

    engine = db.engine_for(warehouse_url)
    with engine.begin() as conn:
        cfg = db.alembic_config()
        cfg.attributes["connection"] = conn
        at_head = MigrationContext.configure(conn).get_current_revision() is not None
        (command.downgrade if at_head else command.upgrade)(cfg, "0006")
    with engine.begin() as conn:
        for a, u in ((1, SRC), (2, CPY)):
            conn.execute(text("INSERT INTO articles (article_id, url, outlet, body, body_hash, origin, ingested_at) "
                              "VALUES (:a, :u, :o, 'b', :h, 't', CURRENT_TIMESTAMP)"), {"a": a, "u": u, "o": f"o{a}", "h": f"h{a}"})
        conn.execute(text("INSERT INTO syndications (syndication_id, source_id, copy_id, relation, direction, confidence, attributed,"
                          " copied_chars, copied_fraction, source_coverage, added_chars, removed_chars, algo_version, detected_at)"
                          " VALUES (1, 1, 2, 'republication', 'known', 1.0, false, 1, 1.0, 1.0, 0, 0, 'v9', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO passages (syndication_id, kind, seq, copy_start, copy_end, source_start, source_end, text)"
                          " VALUES (1, 'copied', 0, 0, 1, 0, 1, 'b')"))
        conn.execute(text("INSERT INTO verdicts (syndication_id, verdict, at) VALUES (1, 'confirm', CURRENT_TIMESTAMP)"))
        conn.execute(text("CREATE VIEW v_syndications AS SELECT v.syndication_id, v.verdict FROM verdicts v"))  # as at 0006
    db.migrate(engine)
    with engine.begin() as conn:
        v = conn.execute(select(verdicts)).one()
        assert (v.source_url, v.copy_url, v.source_hash, v.copy_hash, v.algo_version, v.spans) == (SRC, CPY, "h1", "h2", "v9", [[0, 1, 0, 1]])
        assert tuple(conn.execute(text("SELECT verdict, verdict_current FROM v_syndications")).one()) == ("confirm", "confirm")
        conn.execute(text("DELETE FROM syndications"))  # re-detection: the row goes, the verdict stays
        assert conn.execute(select(verdicts.c.syndication_id)).scalar_one() is None
    engine.dispose()
