"""The outlet copy network: who copies whom, as a graph for Gephi (GEXF, GraphML) and a picture.

An edge runs from the source outlet to the copying outlet; its weights are the number of
copies and the copied characters. Only ``republication`` is drawn by default, as in the SQL
views: two outlets quoting the same statement (``common_source``) or carrying one wire story
(``same_wire``, each crediting the agency) are not copying each other; nor is sharing between outlets
of one publisher group (outlets.yaml ``groups:``), which is one owner's business, not copying
across owners. Each node carries its ``group`` ("" when none).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from sqlalchemy import Connection, func, select
from sqlalchemy.orm import aliased

from pipeline.warehouse.schema import articles, outlet_groups, syndications

COPY_RELATIONS = ("republication",)
RELATIONS = ("republication", "same_wire", "common_source")


def outlet_graph(conn: Connection, relations: Iterable[str] = COPY_RELATIONS, *, group_internal: bool = False) -> nx.DiGraph:
    """Directed outlet graph with edge attributes count, copied_chars, attributed, same_group and a
    count per relation; pairs inside one publisher group only when ``group_internal``."""
    relations = tuple(relations)
    unknown = set(relations) - set(RELATIONS)
    if unknown:
        raise ValueError(f"unknown relation(s) {', '.join(sorted(unknown))}; choose from {', '.join(RELATIONS)}")
    g = nx.DiGraph()
    groups = dict(conn.execute(select(outlet_groups.c.outlet, outlet_groups.c.group_name)).tuples().all())
    for outlet, n in conn.execute(select(articles.c.outlet, func.count()).group_by(articles.c.outlet)):
        g.add_node(outlet, label=outlet, articles=int(n), group=groups.get(outlet, ""))
    src, cp = aliased(articles), aliased(articles)
    q = (
        select(src.c.outlet.label("so"), cp.c.outlet.label("co"), syndications.c.relation, syndications.c.attributed,
               syndications.c.copied_chars, syndications.c.same_group)
        .join(src, src.c.article_id == syndications.c.source_id)
        .join(cp, cp.c.article_id == syndications.c.copy_id)
        .where(syndications.c.relation.in_(relations))
    )
    if not group_internal:
        q = q.where(syndications.c.same_group.is_(False))
    for r in conn.execute(q):
        if not g.has_edge(r.so, r.co):
            g.add_edge(r.so, r.co, count=0, weight=0, copied_chars=0, attributed=0, same_group=bool(r.same_group),
                       **{rel: 0 for rel in RELATIONS})
        e: dict[str, Any] = g.edges[r.so, r.co]
        e["count"] += 1
        e["weight"] += 1
        e["copied_chars"] += int(r.copied_chars)
        e["attributed"] += int(bool(r.attributed))
        e[r.relation] += 1
    return g


def write_graph(g: nx.DiGraph, out: str | Path) -> Path:
    """Write GEXF or GraphML, chosen by the file suffix."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gexf":
        nx.write_gexf(g, path)
    elif path.suffix == ".graphml":
        nx.write_graphml(g, path)
    else:
        raise ValueError(f"{path}: unknown graph format; name the file .gexf (Gephi) or .graphml")
    return path


def draw_graph(g: nx.DiGraph, out: str | Path) -> Path:
    """Draw who copies whom to a PNG or SVG (by suffix): arrow width grows with the number of copies."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(out)
    if path.suffix not in (".png", ".svg"):
        raise ValueError(f"{path}: name the picture .png or .svg")
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = g.subgraph([n for n in g.nodes if g.degree(n) > 0]) if g.number_of_edges() else g
    fig, ax = plt.subplots(figsize=(8, 6), dpi=110)
    try:
        ax.set_axis_off()
        ax.set_title("Who copies whom (arrow: source → copier; width: copies)")
        if shown.number_of_nodes():
            pos = nx.circular_layout(shown)
            top = max((d["count"] for *_, d in shown.edges(data=True)), default=1)
            nx.draw_networkx_nodes(shown, pos, ax=ax, node_color="#cfe3f7", edgecolors="#35618f",
                                   node_size=[300 + 120 * shown.nodes[n].get("articles", 1) for n in shown.nodes])
            nx.draw_networkx_labels(shown, pos, ax=ax, font_size=9)
            nx.draw_networkx_edges(
                shown, pos, ax=ax, arrows=True, arrowsize=18, connectionstyle="arc3,rad=0.12",
                width=[1 + 4 * d["count"] / top for *_, d in shown.edges(data=True)],
                edge_color=["#2a7a2a" if d["attributed"] == d["count"] else "#b23b3b"
                            for *_, d in shown.edges(data=True)],
                node_size=[300 + 120 * shown.nodes[n].get("articles", 1) for n in shown.nodes],
            )
            nx.draw_networkx_edge_labels(
                shown, pos, ax=ax, font_size=8, connectionstyle="arc3,rad=0.12",
                edge_labels={(u, v): f"{d['count']}× {d['copied_chars']} ch" for u, v, d in shown.edges(data=True)},
            )
        ax.margins(x=0.25, y=0.1)  # room for long outlet names at the edge of the circle
        ax.text(0.0, -0.02, "green: every copy credited the source; red: some did not", transform=ax.transAxes,
                fontsize=8, color="#444")
        fig.tight_layout()
        fig.savefig(path, format=path.suffix[1:])
    finally:
        plt.close(fig)
    return path
