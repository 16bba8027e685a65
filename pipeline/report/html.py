"""`synd report`: a static HTML report a researcher can open, mail or archive.

It holds the run summary, the outlet network (PNG and SVG) and every syndication side by side.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url

from pipeline.report.cases import Filters, list_cases, load_case, relation_counts
from pipeline.report.network import draw_graph, outlet_graph
from pipeline.report.templating import environment
from pipeline.warehouse.schema import articles, rejects, runs, syndications
from pipeline.warehouse.store import aware, count_rows


def _totals(conn: Any) -> dict[str, Any]:
    return {
        "articles": count_rows(conn, articles),
        "outlets": int(conn.execute(select(func.count(articles.c.outlet.distinct()))).scalar_one()),
        "syndications": count_rows(conn, syndications),
        "relations": relation_counts(conn),
        "attributed": count_rows(conn, syndications, syndications.c.attributed.is_(True)),
        "group_internal": count_rows(conn, syndications, syndications.c.same_group.is_(True)),
        "rejects": count_rows(conn, rejects),
    }


def _runs(conn: Any, n: int = 10) -> list[dict[str, Any]]:
    out = []
    for r in conn.execute(select(runs).order_by(runs.c.run_id.desc()).limit(n)):
        started = aware(r.started_at)
        out.append({
            "run_id": r.run_id, "kind": r.kind, "status": r.status,
            "started": started.strftime("%Y-%m-%d %H:%M:%S") if started else "",
            "counts": json.dumps(r.counts, sort_keys=True) if r.counts else "",
        })
    return out


def write_report(
    engine: Engine,
    out_dir: str | Path,
    filters: Filters | None = None,
    limit: int = 500,
    progress: Callable[[str, int, int], None] | None = None,
) -> Path:
    """Write report.html, network.png and network.svg into ``out_dir``; returns the HTML path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with engine.connect() as conn:
        graph = outlet_graph(conn)
        rows = list_cases(conn, filters, limit=limit)
        cases = []
        for i, row in enumerate(rows, 1):
            case = load_case(conn, row["syndication_id"])
            if case is not None:
                cases.append(case)
            if progress:
                progress("report", i, len(rows))
        context = {
            "totals": _totals(conn),
            "runs": _runs(conn),
        }
    draw_graph(graph, out / "network.png")
    draw_graph(graph, out / "network.svg")
    edges = sorted(
        ({"source": u, "copier": v, **d} for u, v, d in graph.edges(data=True)),
        key=lambda e: (-e["count"], -e["copied_chars"], e["source"], e["copier"]),
    )
    url = make_url(str(engine.url)).render_as_string(hide_password=True)
    html = environment().get_template("report.html").render(
        cases=cases, edges=edges, picture_png="network.png", picture_svg="network.svg",
        warehouse=url, generated=datetime.now(UTC), **context,
    )
    path = out / "report.html"
    path.write_text(html, encoding="utf-8")
    return path
