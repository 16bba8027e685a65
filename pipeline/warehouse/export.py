"""Stable export records for researchers (field names are a contract; see README)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, select, table, text
from sqlalchemy.orm import aliased

from pipeline.warehouse.schema import articles, passages, syndications
from pipeline.warehouse.store import aware


def _iso(ts: Any) -> str | None:
    ts = aware(ts)
    return ts.isoformat() if ts is not None else None


def article_records(conn: Connection) -> Iterator[dict[str, Any]]:
    for r in conn.execute(select(articles).order_by(articles.c.article_id)):
        yield {
            "article_id": r.article_id,
            "url": r.url,
            "outlet": r.outlet,
            "title": r.title,
            "published": _iso(r.published),
            "body": r.body,
            "canonical_url": r.canonical_url,
        }


def syndication_records(conn: Connection) -> Iterator[dict[str, Any]]:
    src, cp = aliased(articles), aliased(articles)
    by_syn: dict[int, list[Any]] = defaultdict(list)
    for p in conn.execute(select(passages).order_by(passages.c.syndication_id, passages.c.seq)):
        by_syn[p.syndication_id].append(p)
    q = (
        select(syndications, src.c.url.label("s_url"), src.c.outlet.label("s_outlet"), src.c.published.label("s_pub"),
               src.c.body.label("s_body"), cp.c.url.label("c_url"), cp.c.outlet.label("c_outlet"),
               cp.c.published.label("c_pub"))
        .join(src, src.c.article_id == syndications.c.source_id)
        .join(cp, cp.c.article_id == syndications.c.copy_id)
        .order_by(syndications.c.syndication_id)
    )
    for r in conn.execute(q):
        ps = by_syn[r.syndication_id]
        yield {
            "syndication_id": r.syndication_id,
            "source": {"url": r.s_url, "outlet": r.s_outlet, "published": _iso(r.s_pub)},
            "copy": {"url": r.c_url, "outlet": r.c_outlet, "published": _iso(r.c_pub)},
            "relation": r.relation,
            "direction": r.direction,
            "direction_evidence": r.direction_evidence,
            "confidence": r.confidence,
            "attributed": r.attributed,
            "same_group": bool(r.same_group),  # both outlets in one publisher group (outlets.yaml groups:)
            "group_name": r.group_name,
            "copied": [
                {
                    "copy_text": p.text,
                    "source_text": r.s_body[p.source_start : p.source_end],
                    "copy_span": [p.copy_start, p.copy_end],
                    "source_span": [p.source_start, p.source_end],
                }
                for p in ps
                if p.kind == "copied"
            ],
            "added": [{"text": p.text, "span": [p.copy_start, p.copy_end]} for p in ps if p.kind == "added"],
            "removed": [{"text": p.text, "span": [p.source_start, p.source_end]} for p in ps if p.kind == "removed"],
            "copied_fraction": r.copied_fraction,
            "source_coverage": r.source_coverage,
            "headline_changed": r.headline_changed,
            "algo_version": r.algo_version,
        }


def _flat(rec: dict[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for k, v in rec.items()}


def relation_names(engine: Engine) -> list[str]:
    """Every table and view a researcher may export."""
    insp = inspect(engine)
    return sorted((set(insp.get_table_names()) | set(insp.get_view_names())) - {"alembic_version"})


def relation_records(engine: Engine, name: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Column names and all rows of one table or view, as plain dicts (JSON columns as JSON text)."""
    names = relation_names(engine)
    if name not in names:
        raise ValueError(
            f"unknown export {name!r}; choose articles, syndications or a table or view: {', '.join(names)}"
            " (create the views with `synd views create`)"
        )
    with engine.connect() as conn:
        result = conn.execute(select(text("*")).select_from(table(name)))
        cols = list(result.keys())
        return cols, [{c: _plain(v) for c, v in zip(cols, row, strict=True)} for row in result]


def _plain(v: Any) -> Any:
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, datetime):
        return _iso(v)
    if isinstance(v, date):
        return v.isoformat()
    return v


def export(engine: Engine, what: str, fmt: str = "jsonl", out: str | Path | None = None) -> int:
    """Write ``articles`` or ``syndications`` (the stable records), or any table or view (its rows),
    as jsonl, csv or parquet to ``out`` (stdout if None)."""
    if fmt not in ("jsonl", "csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r}; choose jsonl, csv or parquet")
    producers = {"articles": article_records, "syndications": syndication_records}
    cols: list[str] = []
    if what in producers:
        with engine.connect() as conn:
            records = list(producers[what](conn))
    else:
        cols, records = relation_records(engine, what)
    cols = list(records[0]) if records else cols
    if fmt == "parquet":
        if out is None:
            raise ValueError("parquet needs --out FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(records) if records else pa.table({c: pa.array([]) for c in cols}), str(out))
        return len(records)
    buf: io.TextIOBase
    fh = open(out, "w", encoding="utf-8", newline="") if out else None  # noqa: SIM115
    buf = fh or sys.stdout  # type: ignore[assignment]
    try:
        if fmt == "jsonl":
            for rec in records:
                buf.write(json.dumps(rec, ensure_ascii=False) + "\n")
        elif fmt == "csv":
            if cols:  # an empty table or view still gets its header row
                writer = csv.DictWriter(buf, fieldnames=cols)
                writer.writeheader()
                writer.writerows(_flat(r) for r in records)
        else:
            raise ValueError(f"unknown format {fmt!r}; choose jsonl, csv or parquet")
    finally:
        if fh:
            fh.close()
    return len(records)
