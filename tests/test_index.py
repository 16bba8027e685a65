"""The persistent LSH index: incremental runs, time window, eviction, deletes, stats, on both warehouses."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from pipeline import jobs
from pipeline.cli import app
from pipeline.detect import index as lsh_index
from pipeline.warehouse import store
from pipeline.warehouse.schema import lsh_bands

_STORY = (
    "The harbour authority approved a dredging contract worth thirty eight million crowns on Monday, "
    "clearing the way for container ships almost twice the size of those that call at the port today. "
    "Work on the main channel begins in April and should last eighteen months, the authority said."
)
_OTHER = (
    "Volunteers planted four hundred oak saplings along the river path at the weekend, and the parks "
    "department promised to water them through the summer while the young trees take root in the clay."
)


def _write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _rec(url: str, outlet: str, day: int, text: str) -> dict[str, str]:
    published = (datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=day)).isoformat()
    return {"url": url, "outlet": outlet, "published": published, "title": url, "text": text + "\n\n" + _OTHER.replace("oak", outlet)}


def test_incremental_window_evict_delete(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(warehouse_url)
    jobs.ingest(settings, [_write(tmp_path / "a.jsonl", [_rec("https://a.example/1", "a", 0, _STORY)])])
    first = jobs.detect(settings)
    assert (first.articles, first.syndications) == (1, 0)
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        rows_after_first = store.count_rows(conn, lsh_bands)
    assert rows_after_first > 0

    # a copy a day later: only the new article is fingerprinted, and it finds the earlier one
    jobs.ingest(settings, [_write(tmp_path / "b.jsonl", [_rec("https://b.example/1", "b", 1, _STORY)])])
    second = jobs.detect(settings)
    assert (second.articles, second.syndications) == (1, 1)
    # a copy outside the time window is not a candidate
    late = settings.detect.window_days + 5
    jobs.ingest(settings, [_write(tmp_path / "c.jsonl", [_rec("https://c.example/1", "c", late, _STORY)])])
    assert jobs.detect(settings).candidates == 0

    runner = CliRunner()
    out = runner.invoke(app, ["index", "stats", "--warehouse", warehouse_url])
    assert out.exit_code == 0, out.output
    assert "articles_indexed   3" in out.output

    # delete takes an article out of the index: a new copy no longer finds it
    out = runner.invoke(app, ["index", "delete", "https://a.example/1", "--warehouse", warehouse_url])
    assert out.exit_code == 0, out.output
    out = runner.invoke(app, ["index", "delete", "https://nowhere.example/x", "--warehouse", warehouse_url])
    assert out.exit_code == 2 and "not in the warehouse" in out.output
    # evict drops b (published day 1) but keeps c
    out = runner.invoke(app, ["index", "evict", "--before", "2026-03-05", "--warehouse", warehouse_url])
    assert out.exit_code == 0, out.output
    with engine.connect() as conn:
        st = lsh_index.stats(conn)
    assert st["articles_indexed"] == 1 and st["articles_total"] == 3
    jobs.ingest(settings, [_write(tmp_path / "d.jsonl", [_rec("https://d.example/1", "d", 2, _STORY)])])
    assert jobs.detect(settings).candidates == 0  # a and b are gone from the index, c is out of the window
    jobs.ingest(settings, [_write(tmp_path / "e.jsonl", [_rec("https://e.example/1", "e", late + 1, _STORY)])])
    assert jobs.detect(settings).syndications == 1  # finds c


def test_evict_rejects_bad_date(sqlite_url: str) -> None:
    out = CliRunner().invoke(app, ["index", "evict", "--before", "last week", "--warehouse", sqlite_url])
    assert out.exit_code == 2
    assert "ISO date" in out.output


def test_rows_of_a_deleted_article_are_ignored(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The index has no foreign key (it cost 45% of a batch's COPY): an article deleted from the
    warehouse by hand leaves rows that lookups skip, and index.remove clears them."""
    from sqlalchemy import delete, select

    from pipeline.warehouse.schema import articles

    settings = settings_for(warehouse_url)
    jobs.ingest(settings, [_write(tmp_path / "a.jsonl", [_rec("https://a.example/1", "a", 0, _STORY)])])
    jobs.detect(settings)
    engine = jobs.warehouse(settings)
    with engine.begin() as conn:
        gone = conn.execute(select(articles.c.article_id)).scalar_one()
        conn.execute(delete(articles).where(articles.c.article_id == gone))
        assert store.count_rows(conn, lsh_bands) > 0  # left behind
    jobs.ingest(settings, [_write(tmp_path / "b.jsonl", [_rec("https://b.example/1", "b", 1, _STORY)])])
    result = jobs.detect(settings)
    assert (result.articles, result.candidates, result.syndications) == (1, 0, 0)
    with engine.begin() as conn:
        assert lsh_index.remove(conn, [gone]) > 0
        assert conn.execute(select(lsh_bands.c.article_id).where(lsh_bands.c.article_id == gone)).first() is None
