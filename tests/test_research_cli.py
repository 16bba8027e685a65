"""What a researcher meets first on the command line: queries that cannot write, a warehouse
that must exist, query rows into files, exports typed alike from SQLite and PostgreSQL, and
filters that refuse values matching nothing."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, insert, select, text
from typer.testing import CliRunner

from pipeline import jobs
from pipeline.cli import app
from pipeline.warehouse import db
from pipeline.warehouse.export import export, relation_names
from pipeline.warehouse.schema import syndications, verdicts
from pipeline.warehouse.views import create_views, query_files
from pipeline.web.app import verdict_subject
from tests.research_corpus import fill

RUN = CliRunner(env={"COLUMNS": "200"})


def _said(result: Any) -> str:
    return " ".join(result.output.split())


@pytest.fixture
def filled(warehouse_url: str, tmp_path: Path, settings_for: Any) -> str:
    """The research corpus through the real pipeline, with one verdict (labelled data)."""
    settings = settings_for(warehouse_url)
    fill(settings, tmp_path)
    engine = jobs.warehouse(settings)
    with engine.begin() as conn:
        sid = conn.execute(select(func.min(syndications.c.syndication_id))).scalar_one()
        conn.execute(insert(verdicts).values(syndication_id=sid, verdict="confirm", at=datetime.now(UTC),
                                             **(verdict_subject(conn, sid) or {})))
    return warehouse_url


def _verdicts(url: str) -> int:
    with db.connect(url).connect() as conn:
        return int(conn.execute(select(func.count()).select_from(verdicts)).scalar_one())


# --- 4. queries and the web view run read-only ------------------------------------------------

@pytest.mark.parametrize("sql", [
    "DELETE FROM verdicts;",
    "UPDATE verdicts SET verdict = 'reject'",
    "DROP TABLE verdicts",
])
def test_a_query_file_that_writes_is_refused_and_changes_nothing(filled: str, tmp_path: Path, sql: str) -> None:
    f = tmp_path / "oops.sql"
    f.write_text(sql)
    res = RUN.invoke(app, ["query", str(f), "--warehouse", filled])
    assert res.exit_code != 0
    assert "read-only" in _said(res), res.output
    assert _verdicts(filled) == 1


def test_a_postgres_query_cannot_switch_its_transaction_to_writing(pg_url: str, tmp_path: Path, settings_for: Any
                                                                   ) -> None:
    fill(settings_for(pg_url), tmp_path)
    f = tmp_path / "sly.sql"
    f.write_text("SET TRANSACTION READ WRITE; DELETE FROM articles")
    RUN.invoke(app, ["query", str(f), "--warehouse", pg_url])
    with db.connect(pg_url).connect() as conn:  # whatever it printed, nothing was committed
        assert conn.execute(select(func.count()).select_from(text("articles"))).scalar_one() > 0


def test_read_only_engine_refuses_writes_on_both_warehouses(filled: str) -> None:
    ro = db.read_only(filled)
    with ro.connect() as conn:
        assert conn.execute(select(func.count()).select_from(verdicts)).scalar_one() == 1
    with pytest.raises(Exception) as caught, ro.begin() as conn:  # noqa: PT011 - each driver raises its own type
        conn.execute(verdicts.delete())
    assert "read-only" in (db.read_only_refusal(caught.value) or "")
    assert _verdicts(filled) == 1


def test_the_web_view_reads_through_a_read_only_engine(filled: str, tmp_path: Path) -> None:
    from pipeline.web.app import create_app

    web = create_app(db.connect(filled))
    with pytest.raises(Exception) as caught, web.state.reader.begin() as conn:  # noqa: PT011
        conn.execute(verdicts.delete())
    assert db.read_only_refusal(caught.value)
    assert _verdicts(filled) == 1


def test_read_only_sqlite_opens_paths_with_uri_characters(tmp_path: Path, settings_for: Any) -> None:
    odd = tmp_path / "a ?#%b"
    odd.mkdir()
    url = f"sqlite:///{odd / 'w.db'}"
    db.connect(url)
    with db.read_only(url).connect() as conn:
        assert conn.execute(select(func.count()).select_from(verdicts)).scalar_one() == 0


# --- 5. read commands need a warehouse that exists ---------------------------------------------

READ_COMMANDS = [
    ["summary"], ["export", "syndications"], ["query", "who_copies_whom"], ["network", "--out", "n.gexf"],
    ["report", "--out", "rep"], ["index", "stats"], ["alerts", "status"], ["views", "create"], ["serve"],
]


@pytest.mark.parametrize("cmd", READ_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_read_commands_on_a_missing_warehouse_say_so_and_create_nothing(cmd: list[str], tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = RUN.invoke(app, [*cmd, "--warehouse", "sqlite:///data/typo.db"])
    assert res.exit_code == 1, res.output
    assert f"no warehouse at {tmp_path / 'data' / 'typo.db'}" in _said(res)
    assert not (tmp_path / "data" / "typo.db").exists()


def test_postgres_urls_get_their_fix() -> None:
    res = RUN.invoke(app, ["summary", "--warehouse", "postgres://synd:secret@db.internal/synd"])
    assert res.exit_code == 1
    assert "write postgresql+psycopg2://synd:***@db.internal/synd" in _said(res) and "secret" not in res.output


def test_a_missing_postgres_database_says_to_create_it(pg_server_url: str) -> None:
    url = pg_server_url.rsplit("/", 1)[0] + "/synd_no_such_db"
    res = RUN.invoke(app, ["summary", "--warehouse", url])
    assert res.exit_code == 1
    assert "no database 'synd_no_such_db'" in _said(res) and "createdb" in res.output


# --- 6. query rows into files; export takes a query -------------------------------------------

def test_query_writes_csv_jsonl_and_parquet_and_export_takes_a_query(filled: str, tmp_path: Path) -> None:
    shown = RUN.invoke(app, ["query", "who_copies_whom", "--warehouse", filled])
    assert shown.exit_code == 0, shown.output
    for fmt in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"w.{fmt}"
        res = RUN.invoke(app, ["query", "who_copies_whom", "--format", fmt, "--out", str(out), "--warehouse", filled])
        assert res.exit_code == 0, res.output
    rows = list(csv.DictReader((tmp_path / "w.csv").open(newline="")))
    assert rows and set(rows[0]) >= {"source_outlet", "copy_outlet"}
    lines = [json.loads(x) for x in (tmp_path / "w.jsonl").read_text().splitlines()]
    assert [r["copy_outlet"] for r in lines] == [r["copy_outlet"] for r in rows]
    assert pq.read_table(tmp_path / "w.parquet").num_rows == len(rows)
    # the suffix chooses the format; a long result is not cut to 50 rows in a file
    res = RUN.invoke(app, ["query", "who_copies_whom", "--out", str(tmp_path / "x.jsonl"), "--warehouse", filled])
    assert res.exit_code == 0 and (tmp_path / "x.jsonl").read_text() == (tmp_path / "w.jsonl").read_text()
    res = RUN.invoke(app, ["query", "who_copies_whom", "--format", "xlsx", "--warehouse", filled])
    assert res.exit_code != 0 and "choose table, csv, jsonl, parquet" in _said(res)
    res = RUN.invoke(app, ["export", "who_copies_whom", "--format", "csv", "--out", str(tmp_path / "e.csv"),
                           "--warehouse", filled])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "e.csv").read_text() == (tmp_path / "w.csv").read_text()


# --- 7. exports for pandas: the same types from either warehouse --------------------------------

def _schemas(url: str, tmp: Path) -> dict[str, pa.Schema]:
    engine = db.connect(url)
    create_views(engine)
    out = {}
    for name in [*relation_names(engine), "articles", "syndications"]:
        if name in ("alert_ledger", "fetches", "lsh_bands", "lsh_bands_recent", "lsh_article_keys", "rejects"):
            continue  # empty here: nothing to type
        path = tmp / f"{name}.parquet"
        export(db.read_only(url), name, "parquet", path)
        if pq.read_metadata(path).num_rows:  # no rows (no publisher groups here): SQLite gives no types
            out[name] = pq.read_schema(path)
    for q in query_files():  # the example queries too, run as `synd export NAME` runs them
        path = tmp / f"q_{q.name}.parquet"
        export(db.read_only(url), q.name, "parquet", path)
        if pq.read_metadata(path).num_rows:
            out[f"query {q.name}"] = pq.read_schema(path)
    return out


def test_parquet_types_are_the_same_from_sqlite_and_postgresql(pg_url: str, tmp_path: Path, settings_for: Any
                                                              ) -> None:
    sqlite_url = f"sqlite:///{tmp_path / 'w.db'}"
    schemas = {}
    for url in (sqlite_url, pg_url):
        work = tmp_path / url.split(":")[0]
        (work / "out").mkdir(parents=True)
        fill(settings_for(url), work)
        schemas[url] = _schemas(url, work / "out")
    lite, pg = schemas[sqlite_url], schemas[pg_url]
    assert set(lite) == set(pg)
    differ = {n: (str(lite[n]), str(pg[n])) for n in lite if not lite[n].equals(pg[n])}
    assert not differ, "\n".join(f"{n}:\n  sqlite: {a}\n  pg: {b}" for n, (a, b) in differ.items())
    utc = pa.timestamp("us", tz="UTC")
    assert lite["articles"].field("published").type == utc
    assert lite["syndications"].field("attributed").type == pa.bool_()
    assert lite["v_syndications"].field("attributed").type == pa.bool_()
    assert lite["v_syndications"].field("copy_published").type == utc
    assert lite["v_syndications"].field("day").type == pa.date32()
    assert lite["v_story_cluster_sizes"].field("first_published").type == utc


def test_csv_cells_are_flat_where_a_flat_value_fits(filled: str, tmp_path: Path) -> None:
    export(db.read_only(filled), "syndications", "csv", tmp_path / "s.csv")
    rows = list(csv.DictReader((tmp_path / "s.csv").open(newline="")))
    assert rows and {"source.url", "source.outlet", "source.published", "copy.url", "attributed"} <= set(rows[0])
    assert "source" not in rows[0]
    assert all(r["attributed"] in ("True", "False") for r in rows)
    assert all(not r["source.url"].startswith("{") for r in rows)
    assert datetime.fromisoformat(next(r["copy.published"] for r in rows if r["copy.published"])).tzinfo is not None
    assert isinstance(json.loads(rows[0]["copied"]), list)  # passages (a list) are the one JSON column


# --- 8. network writes every --out; report filters that match nothing are refused --------------

def test_network_writes_every_out_file(filled: str, tmp_path: Path) -> None:
    a, b = tmp_path / "a.gexf", tmp_path / "b.png"
    res = RUN.invoke(app, ["network", "--out", str(a), "--out", str(b), "--warehouse", filled])
    assert res.exit_code == 0, res.output
    assert a.read_bytes().startswith(b"<?xml") and b.read_bytes()[:4] == b"\x89PNG"
    res = RUN.invoke(app, ["network", "--out", str(tmp_path / "c.gexf"), "--out", str(tmp_path / "d.dot"),
                           "--warehouse", filled])
    assert res.exit_code != 0 and "d.dot" in res.output and not (tmp_path / "c.gexf").exists()


def test_report_refuses_filters_that_match_nothing(filled: str, tmp_path: Path) -> None:
    res = RUN.invoke(app, ["report", "--out", str(tmp_path / "r"), "--outlet", "valley ledger", "--warehouse", filled])
    assert res.exit_code != 0
    assert "did you mean 'Valley Ledger'" in _said(res) and "Harbour Courier" in res.output
    assert not (tmp_path / "r" / "report.html").exists()
    res = RUN.invoke(app, ["report", "--out", str(tmp_path / "r"), "--relation", "copy", "--warehouse", filled])
    assert res.exit_code != 0 and "republication, same_wire, common_source" in _said(res)
    res = RUN.invoke(app, ["report", "--out", str(tmp_path / "r"), "--outlet", "Valley Ledger", "--warehouse", filled])
    assert res.exit_code == 0, res.output
