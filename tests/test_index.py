"""The persistent LSH index: incremental runs, time window, eviction, deletes, stats, on both warehouses."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select, update
from typer.testing import CliRunner

from pipeline import jobs
from pipeline.cli import app
from pipeline.detect import index as lsh_index
from pipeline.warehouse import store
from pipeline.warehouse.schema import articles, lsh_article_keys, lsh_bands, lsh_bands_recent

_STORY = (
    "The harbour authority approved a dredging contract worth thirty eight million crowns on Monday, "
    "clearing the way for container ships almost twice the size of those that call at the port today. "
    "Work on the main channel begins in April and should last eighteen months, the authority said."
)
_OTHER = (
    "Volunteers planted four hundred oak saplings along the river path at the weekend, and the parks "
    "department promised to water them through the summer while the young trees take root in the clay."
)


def _indexed(conn) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return {(k, a) for k, a in conn.execute(lsh_index.all_rows())}


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
        assert _indexed(conn) and store.count_rows(conn, lsh_bands) == 0  # new keys land in the write tier

    # a copy a day later: only the new article is fingerprinted, and it finds the earlier one
    jobs.ingest(settings, [_write(tmp_path / "b.jsonl", [_rec("https://b.example/1", "b", 1, _STORY)])])
    second = jobs.detect(settings)
    assert (second.articles, second.syndications) == (1, 1)
    # a copy outside the time window is not a candidate
    late = settings.detect.window_days + 5
    jobs.ingest(settings, [_write(tmp_path / "c.jsonl", [_rec("https://c.example/1", "c", late, _STORY)])])
    third = jobs.detect(settings)
    # its story is printed by a third site now: the earlier pair is made again with that judgement
    assert (third.candidates, third.syndications, third.rejudged) == (1, 1, 2)

    runner = CliRunner()
    out = runner.invoke(app, ["index", "stats", "--warehouse", warehouse_url])
    assert out.exit_code == 0, out.output
    assert "articles_indexed   3" in out.output

    # compaction folds the write tier into the main table; the index (their union) is unchanged,
    # and deletes and eviction below find the rows there
    with engine.connect() as conn:
        before = _indexed(conn)
    out = runner.invoke(app, ["index", "compact", "--warehouse", warehouse_url])
    assert out.exit_code == 0, out.output
    assert f"compacted {len(before)} index rows" in out.output
    with engine.connect() as conn:
        assert _indexed(conn) == before and store.count_rows(conn, lsh_bands_recent) == 0
        assert set(conn.execute(lsh_bands.select()).all()) == before

    # delete takes an article out of the index: a new copy no longer finds it
    out = runner.invoke(app, ["index", "delete", "https://a.example/1", "--warehouse", warehouse_url])
    assert out.exit_code == 0, out.output
    out = runner.invoke(app, ["index", "delete", "https://nowhere.example/x", "--warehouse", warehouse_url])
    assert out.exit_code == 1 and "not in the warehouse" in out.output
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


def test_evict_takes_undated_articles_by_their_ingest_time(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Most crawled pages carry no date: evict judges them by when they were ingested, and says so."""
    settings = settings_for(warehouse_url)
    undated = [{"url": f"https://{o}.example/1", "outlet": o, "title": o, "text": _STORY + "\n\n" + _OTHER.replace("oak", o)}
               for o in ("old", "new")]
    jobs.ingest(settings, [_write(tmp_path / "u.jsonl", undated)])
    jobs.detect(settings)
    engine = jobs.warehouse(settings)
    with engine.begin() as conn:
        conn.execute(update(articles).where(articles.c.outlet == "old").values(ingested_at=datetime(2025, 6, 1, tzinfo=UTC)))
    runner = CliRunner()
    out = runner.invoke(app, ["index", "stats", "--warehouse", warehouse_url])
    assert "undated_indexed    2" in out.output and "undated_ingested   2025-06-01 .." in out.output, out.output
    out = runner.invoke(app, ["index", "evict", "--before", "2026-01-01", "--warehouse", warehouse_url])
    assert out.exit_code == 0, out.output
    said = " ".join(out.output.split())
    assert "of 1 articles: 0 published before 2026-01-01T00:00:00+00:00, 1 with no publication date ingested before it" in said
    with engine.connect() as conn:
        left = {o for (o,) in conn.execute(select(articles.c.outlet).where(
            articles.c.article_id.in_(select(lsh_article_keys.c.article_id))))}
    assert left == {"new"}


def test_evict_rejects_bad_date(sqlite_url: str) -> None:
    out = CliRunner().invoke(app, ["index", "evict", "--before", "last week", "--warehouse", sqlite_url])
    assert out.exit_code == 1  # a usage error
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
        assert _indexed(conn)  # left behind
    jobs.ingest(settings, [_write(tmp_path / "b.jsonl", [_rec("https://b.example/1", "b", 1, _STORY)])])
    result = jobs.detect(settings)
    assert (result.articles, result.candidates, result.syndications) == (1, 0, 0)
    with engine.begin() as conn:
        assert lsh_index.remove(conn, [gone]) > 0
        assert not {a for _, a in _indexed(conn)} & {gone}


def _listed_rows(conn) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(key, article) pairs as lsh_article_keys lists them."""
    import numpy as np
    from sqlalchemy import select

    from pipeline.warehouse.schema import lsh_article_keys

    return {(int(k), a) for a, b in conn.execute(select(lsh_article_keys)) for k in np.frombuffer(b, dtype="<i8")}


def test_an_updated_article_has_only_its_new_keys_indexed(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rows are removed through the article's key list (lsh_bands has no article_id index): an
    updated article's old rows go with the update, its new ones come with the next detection."""

    settings = settings_for(warehouse_url)
    engine = jobs.warehouse(settings)
    jobs.ingest(settings, [_write(tmp_path / "a.jsonl", [_rec("https://a.example/1", "a", 0, _STORY)])])
    jobs.detect(settings)
    with engine.connect() as conn:
        first = _indexed(conn)
        assert first and first == _listed_rows(conn)
    jobs.ingest(settings, [_write(tmp_path / "a2.jsonl", [_rec("https://a.example/1", "a", 0, _OTHER.replace("oak", "elm"))])])
    with engine.connect() as conn:
        assert not _indexed(conn) and not _listed_rows(conn)
    jobs.detect(settings)
    with engine.connect() as conn:
        second = _indexed(conn)
        assert second and second == _listed_rows(conn) and second != first


def test_migration_lists_the_keys_of_an_existing_index(warehouse_url: str) -> None:
    """Upgrading a warehouse indexed before lsh_article_keys existed lists every article's keys,
    drops the article_id index, and leaves the schema equal to the models."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import text

    from pipeline.warehouse import db
    from pipeline.warehouse.schema import metadata

    engine = db.engine_for(warehouse_url)
    with engine.begin() as conn:  # at revision 0002: up from a new file, down from the pg fixture's head
        cfg = db.alembic_config()
        cfg.attributes["connection"] = conn
        at_head = MigrationContext.configure(conn).get_current_revision() is not None
        (command.downgrade if at_head else command.upgrade)(cfg, "0002")
    rows = [(k, a) for a in (1, 2) for k in range(-5 * a, 40 * a, 7)]
    with engine.begin() as conn:
        for a in (1, 2):
            conn.execute(text("INSERT INTO articles (article_id, url, outlet, body, body_hash, origin, ingested_at) "
                              "VALUES (:a, :u, 'o', 'b', 'h', 't', CURRENT_TIMESTAMP)"), {"a": a, "u": f"https://o.example/{a}"})
        conn.execute(text("INSERT INTO lsh_bands (band_key, article_id) VALUES (:k, :a)"), [{"k": k, "a": a} for k, a in rows])
    db.migrate(engine)
    with engine.begin() as conn:
        assert _listed_rows(conn) == set(rows)
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        assert lsh_index.remove(conn, [1]) == sum(1 for _, a in rows if a == 1)
        assert store.count_rows(conn, lsh_bands) == sum(1 for _, a in rows if a == 2)


def test_detect_compacts_a_full_write_tier(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Past detect.index_recent_rows, a detect run folds the write tier into lsh_bands; the next
    batch's copy still finds its source there, and its own rows wait in the write tier."""
    lazy = settings_for(warehouse_url, detect={"index_recent_rows": 10**9})
    eager = settings_for(warehouse_url, detect={"index_recent_rows": 1})
    jobs.ingest(lazy, [_write(tmp_path / "a.jsonl", [_rec("https://a.example/1", "a", 0, _STORY)])])
    assert jobs.detect(lazy).index_compacted == 0
    engine = jobs.warehouse(lazy)
    with engine.connect() as conn:
        first = _indexed(conn)
        assert store.count_rows(conn, lsh_bands) == 0
    jobs.ingest(eager, [_write(tmp_path / "b.jsonl", [_rec("https://b.example/1", "b", 1, _STORY)])])
    second = jobs.detect(eager)
    assert second.syndications == 1
    with engine.connect() as conn:
        assert second.index_compacted == store.count_rows(conn, lsh_bands) > len(first)
        assert store.count_rows(conn, lsh_bands_recent) == 0
    jobs.ingest(lazy, [_write(tmp_path / "c.jsonl", [_rec("https://c.example/1", "c", 2, _STORY)])])
    third = jobs.detect(lazy)
    # c copies a and b, both in the main table; a third site printing the story makes a -> b again
    assert (third.syndications, third.rejudged) == (3, 2)
    with engine.connect() as conn:
        assert store.count_rows(conn, lsh_bands_recent) > 0


def test_lsh_parameters_are_recorded_and_a_change_needs_rebuild(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Changing bands used to orphan every stored key silently (the copy below found nothing);
    now detect refuses and names `synd index rebuild`, which re-keys the index so it is found."""
    settings = settings_for(warehouse_url)
    jobs.ingest(settings, [_write(tmp_path / "a.jsonl", [_rec("https://a.example/1", "a", 0, _STORY)])])
    jobs.detect(settings)
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        assert lsh_index.recorded_params(conn) == {"num_perm": 128, "bands": 32, "shingle_words": 4, "seed": 1}
        old_rows = _indexed(conn)

    changed = settings_for(warehouse_url, detect={"bands": 16})
    jobs.ingest(settings, [_write(tmp_path / "b.jsonl", [_rec("https://b.example/1", "b", 1, _STORY)])])
    with pytest.raises(lsh_index.IndexParamsMismatch, match=r"bands 32 -> 16.*synd index rebuild"):
        jobs.detect(changed)
    cfg = tmp_path / "changed.yaml"
    cfg.write_text(f"warehouse: {{url: '{warehouse_url}'}}\nraw_store: {{path: '{tmp_path / 'raw'}'}}\ndetect: {{bands: 16}}\n")
    res = CliRunner().invoke(app, ["detect", "--config", str(cfg)])
    assert res.exit_code == 3 and "synd index rebuild" in res.output

    res = CliRunner().invoke(app, ["index", "rebuild", "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    assert "1 articles" in res.output
    with engine.connect() as conn:
        assert lsh_index.recorded_params(conn)["bands"] == 16  # type: ignore[index]
        new_rows = _indexed(conn)
        assert new_rows and not new_rows & old_rows  # every key is new; none left in either tier
        assert store.count_rows(conn, lsh_bands_recent) == 0
        assert {a for _, a in new_rows} == {a for _, a in old_rows}
    second = jobs.detect(changed)
    assert (second.articles, second.syndications) == (1, 1)  # the copy finds the re-keyed original


def test_bands_must_divide_num_perm() -> None:
    from pipeline.config import ConfigError, load_settings

    with pytest.raises(ConfigError, match=r"num_perm \(128\) must be a multiple of detect.bands \(48\).*\[1, 2, 4, 8, 16, 32, 64, 128\]"):
        load_settings(None, overrides={"detect": {"bands": 48}}, environ={})
    with pytest.raises(ConfigError, match="shingle_words"):
        load_settings(None, overrides={"detect": {"shingle_words": 0}}, environ={})
    assert load_settings(None, overrides={"detect": {"bands": 64}}, environ={}).detect.rows == 2


def test_an_empty_index_takes_new_lsh_parameters(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    """Nothing indexed yet (a detect on an empty warehouse): nothing to orphan, no rebuild asked."""
    jobs.detect(settings_for(sqlite_url))
    jobs.detect(settings_for(sqlite_url, detect={"bands": 16}))
    with jobs.warehouse(settings_for(sqlite_url)).connect() as conn:
        assert lsh_index.recorded_params(conn)["bands"] == 16  # type: ignore[index]


@pytest.mark.parametrize("units", [1, 12, 13, 26])  # 32 rows a unit: under, at and past 400-row statements
def test_every_band_row_is_written_whatever_the_statement_size(sqlite_url: str, units: int) -> None:
    from pipeline.warehouse import db

    engine = db.connect(sqlite_url)
    keys = (np.arange(units * 32, dtype=np.int64) * 7919 - 5000).reshape(units, 32)
    owners = [100 + u // 3 for u in range(units)]
    with engine.begin() as conn:
        assert lsh_index.add(conn, owners, keys) == units * 32
        assert _indexed(conn) == {(int(keys[u, b]), owners[u]) for u in range(units) for b in range(32)}
