"""Stable export records for researchers (field names are a contract; see README)."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, column, inspect, select, table
from sqlalchemy.orm import aliased
from sqlalchemy.sql import sqltypes
from sqlalchemy.types import NullType

from pipeline.warehouse.schema import articles, passages, syndications
from pipeline.warehouse.store import aware


def _utc(ts: Any) -> datetime | None:
    """Every timestamp leaves as aware UTC: SQLite hands back naive UTC, PostgreSQL the session's zone."""
    ts = aware(ts)
    return ts.astimezone(UTC) if ts is not None else None


def article_records(conn: Connection) -> Iterator[dict[str, Any]]:
    for r in conn.execute(select(articles).order_by(articles.c.article_id)):
        yield {
            "article_id": r.article_id,
            "url": r.url,
            "outlet": r.outlet,
            "title": r.title,
            "published": _utc(r.published),
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
            "source": {"url": r.s_url, "outlet": r.s_outlet, "published": _utc(r.s_pub)},
            "copy": {"url": r.c_url, "outlet": r.c_outlet, "published": _utc(r.c_pub)},
            "relation": r.relation,
            "direction": r.direction,
            "direction_evidence": r.direction_evidence,
            "confidence": r.confidence,
            "attributed": bool(r.attributed),
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
            # words changed inside copied text (detect/passages.py): the copy's, and the source's they replaced
            "edited": [
                {"text": p.text, "copy_span": [p.copy_start, p.copy_end]} if p.copy_start is not None
                else {"text": p.text, "source_span": [p.source_start, p.source_end]}
                for p in ps if p.kind == "edited"
            ],
            "copied_fraction": r.copied_fraction,
            "source_coverage": r.source_coverage,
            "headline_changed": r.headline_changed,
            "algo_version": r.algo_version,
        }


_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:?\d{2}|Z)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def relation_names(engine: Engine) -> list[str]:
    """Every table and view a researcher may export."""
    insp = inspect(engine)
    return sorted((set(insp.get_table_names()) | set(insp.get_view_names())) - {"alembic_version"})


def _sniff(values: list[Any]) -> Any:
    """A converter for a SQLite column with no declared type (an aggregate in a view, such as
    MIN(published) or date(...)), whose values SQLite returns as text: ISO timestamps become
    timestamps and ISO dates dates, as PostgreSQL returns them, so both warehouses export alike."""
    texts = [v for v in values if v is not None]
    if not texts or not all(isinstance(v, str) for v in texts):
        return None
    if all(_TIMESTAMP.fullmatch(v) for v in texts):
        return lambda v: None if v is None else datetime.fromisoformat(v.replace("Z", "+00:00"))
    if all(_DATE.fullmatch(v) for v in texts):
        return lambda v: None if v is None else date.fromisoformat(v)
    return None


def _number(v: Decimal) -> int | float:
    """PostgreSQL returns NUMERIC for SUM over integers (SQLite an integer) and for arithmetic
    on decimals (SQLite a float): a whole NUMERIC (no fractional digits) is an int, others floats."""
    exponent = v.as_tuple().exponent
    return int(v) if isinstance(exponent, int) and exponent >= 0 else float(v)


def _value(v: Any) -> Any:
    """A cell as Python: aware UTC timestamps, floats for decimals, JSON columns as JSON text."""
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, Decimal):
        return _number(v)
    if isinstance(v, datetime):
        return _utc(v)
    return v


def _arrow_type(t: Any) -> Any:
    """The Parquet type for a declared column type (None: infer from the values), so a column
    is typed even when every value is NULL."""
    import pyarrow as pa

    if isinstance(t, sqltypes.Boolean):
        return pa.bool_()
    if isinstance(t, sqltypes.DateTime):
        return pa.timestamp("us", tz="UTC")
    if isinstance(t, sqltypes.Date):
        return pa.date32()
    if isinstance(t, sqltypes.Integer):
        return pa.int64()
    if isinstance(t, sqltypes.Float):
        return pa.float64()
    if isinstance(t, sqltypes.Numeric):  # PostgreSQL's SUM of integers is NUMERIC with no scale: see _number
        return pa.int64() if t.scale == 0 else (pa.float64() if t.scale else None)
    if isinstance(t, sqltypes.JSON | sqltypes.String):  # JSON columns leave as JSON text
        return pa.string()
    return None


def declared_types(engine: Engine, name: str) -> dict[str, Any]:
    """Parquet types of a table's or view's columns, where the warehouse declares them."""
    with engine.connect() as conn:
        return {c["name"]: t for c in inspect(conn).get_columns(name) if (t := _arrow_type(c["type"])) is not None}


def relation_records(engine: Engine, name: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Column names and all rows of one table or view, typed by the columns' declared types
    (timestamps, booleans) on both warehouses; JSON columns as JSON text."""
    names = relation_names(engine)
    if name not in names:
        raise ValueError(
            f"unknown export {name!r}; choose articles, syndications, a query (`synd views list`) or a table or "
            f"view: {', '.join(names)} (create the views with `synd views create`)"
        )
    with engine.connect() as conn:
        declared = inspect(conn).get_columns(name)
        rel = table(name, *(column(c["name"], c["type"]) for c in declared))
        result = conn.execute(select(*rel.c))
        cols = list(result.keys())
        rows = [tuple(r) for r in result]
        untyped = [isinstance(c["type"], NullType) for c in declared]
    return cols, _typed(cols, rows, untyped if engine.dialect.name == "sqlite" else None)


def _typed(cols: list[str], rows: list[tuple[Any, ...]], sniff: list[bool] | None = None) -> list[dict[str, Any]]:
    """Rows as dicts of plain values; with ``sniff`` (SQLite), text columns of ISO times or dates
    flagged there become timestamps or dates."""
    convert: dict[int, Any] = {}
    for i in range(len(cols)):
        if sniff is None or sniff[i]:
            fn = _sniff([r[i] for r in rows]) if sniff is not None else None
            if fn is not None:
                convert[i] = fn
    return [{c: _value(convert[i](v) if i in convert else v) for i, (c, v) in enumerate(zip(cols, row, strict=True))}
            for row in rows]


def query_records(engine: Engine, name_or_path: str, limit: int | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """The rows of an example query (sql/queries) or a .sql file, typed as table exports are."""
    from pipeline.warehouse.views import run_query

    cols, rows = run_query(engine, name_or_path, limit=limit)
    return cols, _typed(cols, rows, [True] * len(cols) if engine.dialect.name == "sqlite" else None)


def is_query(name: str) -> bool:
    from pipeline.warehouse.views import SQL_DIR

    return name.endswith(".sql") or (SQL_DIR / "queries" / f"{name}.sql").is_file()


def _cell(v: Any) -> Any:
    """A CSV or JSON value: timestamps and dates as ISO text."""
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def _flat(rec: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: a nested object becomes columns named ``parent.child`` (as pandas
    ``json_normalize`` names them); only lists (the passages of a syndication) stay JSON text."""
    out: dict[str, Any] = {}
    for k, v in rec.items():
        if isinstance(v, dict):
            for kk, vv in _flat(v).items():
                out[f"{k}.{kk}"] = vv
        elif isinstance(v, list):
            out[k] = json.dumps(v, ensure_ascii=False, default=_cell)
        else:
            out[k] = _cell(v)
    return out


def records_for(engine: Engine, what: str) -> tuple[list[str], list[dict[str, Any]], dict[str, Any]]:
    """``articles`` or ``syndications`` (the stable records), a query by name or .sql path, or any
    table or view: column names, rows, and the Parquet types known from the schema."""
    producers = {"articles": article_records, "syndications": syndication_records}
    if what in producers:
        with engine.connect() as conn:
            return [], list(producers[what](conn)), {}
    if what not in relation_names(engine) and is_query(what):
        return (*query_records(engine, what), {})
    return (*relation_records(engine, what), declared_types(engine, what))


def export(engine: Engine, what: str, fmt: str = "jsonl", out: str | Path | None = None) -> int:
    """Write ``articles`` or ``syndications`` (the stable records), a query's rows, or any table or
    view, as jsonl, csv or parquet to ``out`` (stdout if None)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose {', '.join(FORMATS)}")
    cols, records, types = records_for(engine, what)
    return write(cols, records, fmt, out, types)


FORMATS = ("jsonl", "csv", "parquet")


def write(cols: list[str], records: list[dict[str, Any]], fmt: str, out: str | Path | None = None,
          types: dict[str, Any] | None = None) -> int:
    """Rows to a file (or stdout) in one of FORMATS. Parquet keeps types (timestamps with zone
    UTC, booleans); JSON lines and CSV write timestamps as ISO 8601 text."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose {', '.join(FORMATS)}")
    if fmt == "parquet":
        if out is None:
            raise ValueError("parquet needs --out FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = None
        if types or not records:  # a table or view (typed by its declared columns), or nothing to infer from
            names = list(records[0]) if records else cols
            schema = pa.schema([(c, (types or {}).get(c) or pa.array([r[c] for r in records]).type) for c in names])
        pq.write_table(pa.Table.from_pylist(records, schema=schema), str(out))
        return len(records)
    fh = open(out, "w", encoding="utf-8", newline="") if out else None  # noqa: SIM115
    buf: Any = fh or sys.stdout
    try:
        if fmt == "jsonl":
            for rec in records:
                buf.write(json.dumps(rec, ensure_ascii=False, default=_cell) + "\n")
        else:
            rows = [_flat(r) for r in records]
            header = list(rows[0]) if rows else cols
            if header:  # an empty table or view still gets its header row
                writer = csv.DictWriter(buf, fieldnames=header)
                writer.writeheader()
                writer.writerows(rows)
    finally:
        if fh:
            fh.close()
    return len(records)
