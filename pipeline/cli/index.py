"""`synd index stats|compact|evict|delete|rebuild`: look after the persistent LSH index."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.markup import escape

from pipeline.cli.common import (
    Bar,
    ConfigOpt,
    ExitCode,
    WarehouseOpt,
    console,
    existing_warehouse,
    out,
    reader,
)
from pipeline.cli.common import settings_from as _settings

# Every `synd` call loads this module; the index (SQLAlchemy, numpy, numba) loads in the commands.

app = typer.Typer(help="The persistent LSH index (band keys in `lsh_bands` and its write tier `lsh_bands_recent`).", no_args_is_help=True, add_completion=False)


def parse_when(value: str) -> datetime:
    """An ISO date or time; naive values are UTC."""
    try:
        ts = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not an ISO date such as 2026-03-01 or 2026-03-01T12:00:00+00:00") from exc
    return ts if ts.tzinfo else ts.replace(tzinfo=UTC)


def _day(ts: datetime | None) -> str:
    return ts.date().isoformat() if ts else "None"


@app.command()
def stats(config: ConfigOpt = None, warehouse: WarehouseOpt = None) -> None:
    """Rows, indexed articles and the publication range they cover (a read: never writes or
    migrates, so it works on a read-only warehouse)."""
    from sqlalchemy import func, select

    from pipeline.detect import index as lsh_index
    from pipeline.warehouse.schema import articles, lsh_article_keys

    engine = reader(_settings(config, warehouse))
    with engine.connect() as conn:
        for key, value in lsh_index.stats(conn).items():
            out.print(f"{key:18} {value}")
        # most crawled pages carry no date: evict judges those by when they were ingested
        undated, lo, hi = conn.execute(
            select(func.count(), func.min(articles.c.ingested_at), func.max(articles.c.ingested_at))
            .where(articles.c.published.is_(None), articles.c.article_id.in_(select(lsh_article_keys.c.article_id)))
        ).one()
        out.print(f"{'undated_indexed':18} {undated}")
        out.print(f"{'undated_ingested':18} {_day(lo)} .. {_day(hi)}" if undated else f"{'undated_ingested':18} None")


@app.command()
def compact(
    min_rows: Annotated[int, typer.Option("--min-rows", help="Only when the write tier holds at least this many rows.")] = 1,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Fold the write tier into the main index table (detect does it past detect.index_recent_rows)."""
    from pipeline.detect import index as lsh_index
    from pipeline.warehouse import db

    engine = db.connect(_settings(config, warehouse).warehouse.url)
    with db.write_transaction(engine, "detect") as conn:  # a detect run's inserts wait: none is lost
        n = lsh_index.compact(conn, min_rows)
    console.print(f"compacted {n} index rows into lsh_bands")


@app.command()
def evict(
    before: Annotated[str, typer.Option("--before", help="Drop articles published before this date (ISO) from the index.")],
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Evict old articles: those published before DATE, and those with no publication date (most
    crawled pages) ingested before it. They stay in the warehouse but new articles are no longer
    compared to them."""
    from sqlalchemy import func, select

    from pipeline.detect import index as lsh_index
    from pipeline.warehouse.schema import articles, lsh_article_keys

    when = parse_when(before)
    engine = existing_warehouse(_settings(config, warehouse))
    indexed = articles.c.article_id.in_(select(lsh_article_keys.c.article_id))
    with engine.begin() as conn:
        dated, undated = (int(conn.execute(select(func.count()).where(indexed, cond)).scalar_one()) for cond in (
            articles.c.published < when, articles.c.published.is_(None) & (articles.c.ingested_at < when)))
        n = lsh_index.evict(conn, when)
    console.print(f"evicted {n} index rows of {dated + undated} articles: {dated} published before "
                  f"{when.isoformat()}, {undated} with no publication date ingested before it")


@app.command()
def delete(
    urls: Annotated[list[str], typer.Argument(help="URLs (as stored in articles.url) or numeric article ids.")],
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Take articles out of the index (e.g. retracted pages); their rows in `articles` stay."""
    from sqlalchemy import select

    from pipeline.detect import index as lsh_index
    from pipeline.warehouse import db
    from pipeline.warehouse.schema import articles

    engine = db.connect(_settings(config, warehouse).warehouse.url)
    ids = {int(u) for u in urls if u.isdigit()}
    names = [u for u in urls if not u.isdigit()]
    with engine.begin() as conn:
        if names:
            found = dict(conn.execute(select(articles.c.url, articles.c.article_id).where(articles.c.url.in_(names))).all())
            missing = [u for u in names if u not in found]
            if missing:
                console.print(f"[red]error:[/red] not in the warehouse: {escape(', '.join(missing))} "
                              "(see `synd export articles`)", highlight=False)
                raise typer.Exit(ExitCode.USAGE)
            ids.update(found.values())
        n = lsh_index.remove(conn, sorted(ids))
    console.print(f"deleted {n} index rows of {len(ids)} articles")


@app.command()
def rebuild(
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles fingerprinted at a time.")] = 500,
    config: ConfigOpt = None,
    warehouse: WarehouseOpt = None,
) -> None:
    """Re-fingerprint every indexed article with the configured detect.num_perm, bands,
    shingle_words and seed, replacing both index tiers, and record those parameters (detect
    refuses to run on an index built with others). Evicted or deleted articles stay out.
    One transaction: interrupted, the old index is kept."""
    from pipeline.detect import index as lsh_index
    from pipeline.warehouse import db

    settings = _settings(config, warehouse)
    engine = existing_warehouse(settings)
    with engine.connect() as conn:
        before = lsh_index.recorded_params(conn)
    with Bar() as bar, db.write_transaction(engine, "detect") as conn:  # detect runs wait their turn
        n, rows = lsh_index.rebuild(conn, settings.detect, batch_size=batch_size, progress=bar)
    was = f" (was {before})" if before and before != settings.detect.index_params() else ""
    console.print(f"rebuilt the index: {n} articles, {rows} band rows, parameters {settings.detect.index_params()}{was}")
