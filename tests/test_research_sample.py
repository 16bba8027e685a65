"""The researcher views on the bundled sample corpus, run through the real pipeline: story
clusters hold every planted pair (samples/truth.yaml), and the views, the GEXF network and the
base tables agree with one another."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import yaml
from sqlalchemy import text
from typer.testing import CliRunner

from pipeline import jobs
from pipeline.cli import app
from pipeline.warehouse.views import create_views, query_files, run_query
from tests.conftest import ROOT, SAMPLE


def test_sample_corpus_views_network_and_queries(sqlite_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url)
    jobs.ingest(settings, [SAMPLE])
    jobs.detect(settings)
    engine = jobs.warehouse(settings)
    create_views(engine)
    truth = yaml.safe_load((ROOT / "samples" / "truth.yaml").read_text())
    with engine.connect() as conn:
        cluster = dict(conn.execute(text("SELECT url, cluster_id FROM v_story_clusters")).tuples().all())
        for pair in truth["pairs"]:
            assert pair["source"] in cluster and cluster[pair["source"]] == cluster.get(pair["copy"]), pair
        sizes = conn.execute(text("SELECT SUM(articles) FROM v_story_cluster_sizes")).scalar_one()
        assert sizes == len(cluster)  # every article sits in exactly one cluster
        pairs = {(r[0], r[1]): (int(r[2]), int(r[3])) for r in conn.execute(text(
            "SELECT source_outlet, copy_outlet, SUM(syndications), SUM(copied_chars) FROM v_outlet_pairs"
            " WHERE relation = 'republication' GROUP BY source_outlet, copy_outlet"))}
    res = CliRunner().invoke(app, ["network", "--out", str(tmp_path / "n.gexf"), "--warehouse", sqlite_url])
    assert res.exit_code == 0, res.output
    g = nx.read_gexf(tmp_path / "n.gexf")
    assert {(u, v): (int(d["count"]), int(d["copied_chars"])) for u, v, d in g.edges(data=True)} == pairs
    assert pairs
    for q in query_files():  # all run; some may rightly be empty here (no uncredited copy in the sample)
        cols, _rows = run_query(engine, q.name)
        assert cols, q.name
