"""Exports of any table or view, the outlet network (GEXF, GraphML, PNG, SVG) and the static
HTML report, from a warehouse filled by the real pipeline."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased
from typer.testing import CliRunner

from pipeline import jobs
from pipeline.cli import app
from pipeline.report.html import write_report
from pipeline.warehouse.export import export
from pipeline.warehouse.schema import articles, passages, syndications
from pipeline.warehouse.views import create_views
from tests.research_corpus import HOSTILE_EXTRA, HOSTILE_TITLE, fill


@pytest.fixture
def filled(sqlite_url: str, tmp_path: Path, settings_for):  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url)
    fill(settings, tmp_path)
    return settings


def test_export_any_table_or_view(warehouse_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(warehouse_url)
    fill(settings, tmp_path)
    engine = jobs.warehouse(settings)
    create_views(engine)
    with engine.connect() as conn:
        n_syn = len(conn.execute(select(syndications.c.syndication_id)).all())
    for name in ("v_outlet_pairs", "v_syndications", "passages", "runs"):
        n = export(engine, name, "csv", tmp_path / f"{name}.csv")
        with (tmp_path / f"{name}.csv").open(newline="") as fh:
            assert len(list(csv.DictReader(fh))) == n > 0
        assert export(engine, name, "parquet", tmp_path / f"{name}.parquet") == n
        assert pq.read_table(tmp_path / f"{name}.parquet").num_rows == n
    t = pq.read_table(tmp_path / "v_syndications.parquet").to_pylist()
    assert len(t) == n_syn and {"source_outlet", "copy_outlet", "day", "verdict"} <= set(t[0])
    # runs.params/counts are JSON columns: exported as JSON text
    runs = list(csv.DictReader((tmp_path / "runs.csv").open()))
    assert any(json.loads(r["counts"]).get("new") for r in runs if r["counts"])
    # an empty view keeps its columns (verdicts are empty until someone confirms)
    assert export(engine, "verdicts", "csv", tmp_path / "v.csv") == 0
    assert (tmp_path / "v.csv").read_text().startswith("verdict_id,syndication_id,verdict")
    assert export(engine, "verdicts", "parquet", tmp_path / "v.parquet") == 0
    assert "syndication_id" in pq.read_table(tmp_path / "v.parquet").column_names
    with pytest.raises(ValueError, match="unknown export 'nope'.*v_outlet_pairs"):
        export(engine, "nope", "csv", tmp_path / "x.csv")
    # the stable contract still holds for the named exports
    export(engine, "syndications", "jsonl", tmp_path / "s.jsonl")
    rec = json.loads((tmp_path / "s.jsonl").read_text().splitlines()[0])
    assert {"source", "copy", "relation", "direction", "copied", "added", "copied_fraction"} <= set(rec)


def test_network_gexf_graphml_and_pictures(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = filled.warehouse.url
    env = {"SYND__RAW_STORE__PATH": str(tmp_path / "raw")}
    runner = CliRunner()
    for name in ("net.gexf", "net.graphml", "net.png", "net.svg"):
        res = runner.invoke(app, ["network", "--out", str(tmp_path / name), "--warehouse", url], env=env)
        assert res.exit_code == 0, res.output
    assert (tmp_path / "net.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (tmp_path / "net.svg").read_bytes()[:2000]
    src, cp = aliased(articles), aliased(articles)
    with jobs.warehouse(filled).connect() as conn:
        rows = conn.execute(
            select(src.c.outlet, cp.c.outlet, syndications.c.copied_chars, syndications.c.relation)
            .join(src, src.c.article_id == syndications.c.source_id)
            .join(cp, cp.c.article_id == syndications.c.copy_id)).all()
    expect: dict[tuple[str, str], list[int]] = {}
    for so, co, chars, rel in rows:
        if rel == "republication":  # fellow wire subscribers and quoters of one statement copy no one
            e = expect.setdefault((so, co), [0, 0])
            e[0] += 1
            e[1] += chars
    for reader, name in ((nx.read_gexf, "net.gexf"), (nx.read_graphml, "net.graphml")):
        g = reader(tmp_path / name)
        got = {(u, v): [int(d["count"]), int(d["copied_chars"])] for u, v, d in g.edges(data=True)}
        assert got == expect and expect
        assert "Brightwater News" in g.nodes  # outlets without copying are still nodes
    assert any(rel == "same_wire" for *_, rel in rows)
    # --relation adds to republication
    res = runner.invoke(app, ["network", "--relation", "same_wire", "--out", str(tmp_path / "w.gexf"), "--warehouse", url], env=env)
    assert res.exit_code == 0, res.output
    g = nx.read_gexf(tmp_path / "w.gexf")
    both = {(so, co) for so, co, _, rel in rows if rel in ("republication", "same_wire")}
    assert {(u, v) for u, v in g.edges} == both > set(expect)
    res = runner.invoke(app, ["network", "--out", str(tmp_path / "x.dot"), "--warehouse", url], env=env)
    assert res.exit_code == 1 and ".gexf" in res.output  # a usage error


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_report_side_by_side_and_hostile_text(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    engine = jobs.warehouse(filled)
    path = write_report(engine, tmp_path / "report")
    html = path.read_text()
    assert (tmp_path / "report" / "network.png").exists() and (tmp_path / "report" / "network.svg").exists()
    p = _Collect()
    p.feed(html)
    # nothing from article text became markup: no script, no handler, no javascript: link
    assert not [t for t, _ in p.tags if t == "script"]
    assert not [a for _, a in p.tags if any(k.startswith("on") for k in a)]
    assert not [a for _, a in p.tags if (a.get("href") or "").lower().startswith("javascript")]
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=" in html
    assert HOSTILE_TITLE.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;") in html
    assert HOSTILE_EXTRA.split("<")[0] in html

    with engine.connect() as conn:
        copied = conn.execute(select(passages.c.passage_id, passages.c.syndication_id)
                              .where(passages.c.kind == "copied")).all()
        n_added = len(conn.execute(select(passages.c.passage_id).where(passages.c.kind == "added")).all())
        n_removed = len(conn.execute(select(passages.c.passage_id).where(passages.c.kind == "removed")).all())
    ids = {a.get("id") for _, a in p.tags}
    hrefs = {a.get("href") for _, a in p.tags}
    for pid, sid in copied:  # each copied passage is highlighted on both sides and linked across
        assert f"s{sid}-{pid}" in ids and f"c{sid}-{pid}" in ids
        assert f"#c{sid}-{pid}" in hrefs and f"#s{sid}-{pid}" in hrefs
    marked = [a.get("class") for _, a in p.tags if a.get("title") in ("added", "removed")]  # not the legend
    assert marked.count("added") == n_added > 0
    assert marked.count("removed") == n_removed > 0

    res = CliRunner().invoke(app, ["report", "--out", str(tmp_path / "r2"), "--relation", "same_wire",
                                   "--warehouse", filled.warehouse.url])
    assert res.exit_code == 0, res.output
    assert "Valley Ledger →" not in (tmp_path / "r2" / "report.html").read_text()


def test_views_query_and_export_commands(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner(env={"COLUMNS": "200"})
    res = runner.invoke(app, ["views", "list"])
    assert res.exit_code == 0 and "v_wire_share" in res.output and "who_copies_whom" in res.output, res.output
    res = runner.invoke(app, ["views", "create", "--warehouse", filled.warehouse.url])
    assert res.exit_code == 0 and "v_story_clusters" in res.output, res.output
    res = runner.invoke(app, ["query", "who_copies_whom", "--warehouse", filled.warehouse.url])
    assert res.exit_code == 0 and "Harbour Courier" in res.output, res.output
    res = runner.invoke(app, ["query", "nope", "--warehouse", filled.warehouse.url])
    assert res.exit_code == 1 and "who_copies_whom" in res.output  # no such query
    res = runner.invoke(app, ["export", "v_top_copiers", "--format", "csv", "--out", str(tmp_path / "c.csv"),
                              "--warehouse", filled.warehouse.url])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader((tmp_path / "c.csv").open()))
    assert {r["outlet"] for r in rows} >= {"Valley Ledger", "Islands Weekly"}
    assert "Saltmere Post" not in {r["outlet"] for r in rows}  # it only ran the wire story: no copier
