"""Ingest writes a batch in bulk, and a record the database refuses is still rejected alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from pipeline import jobs
from pipeline.warehouse.schema import articles, paragraphs, rejects

WORDS = ["harbour", "council", "budget", "ferry", "inspection", "report", "tender", "contract", "mayor", "island", "bridge", "road", "school", "hospital", "fishermen", "storm", "winter", "market", "vote", "plan"]


def _story(i: int, variant: int = 0) -> str:
    """Three paragraphs of plain text, different for every i (and variant)."""
    paras = []
    for p in range(3):
        words = [WORDS[(i * 7 + p * 3 + k * (variant + 1)) % len(WORDS)] for k in range(40)]
        paras.append(f"Story {i} part {p} version {variant}: " + " ".join(words) + ".")
    return "\n\n".join(paras)


def _write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def _row(i: int, variant: int = 0, url: str | None = None) -> dict[str, Any]:
    return {"url": url or f"https://outlet{i % 3}.example/story/{i}", "outlet": f"Outlet {i % 3}", "text": _story(i, variant)}


def test_a_batch_is_stored_in_a_few_statements_with_per_record_outcomes(sqlite_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url, ingest={"batch_size": 100, "workers": 1})
    engine = jobs.warehouse(settings)
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        statements.append(sql)

    event.listen(engine, "before_cursor_execute", count)
    try:
        short = [{"url": f"https://outlet0.example/brief/{k}", "text": "Too short."} for k in range(5)]
        first = jobs.ingest(settings, [_write(tmp_path / "a.jsonl", [_row(i) for i in range(40)] + short)])
        assert (first.new, first.rejected) == (40, 5)
        writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT INTO ARTICLES", "INSERT INTO PARAGRAPHS", "INSERT INTO REJECTS"))]
        assert len(writes) == 3, writes  # one statement per table per batch, not one per article
        assert len(statements) < 30, len(statements)  # 5 per article before: ~200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # the same batch again, one body changed, and a URL twice within the batch: the outcomes of a
    # record-by-record write, in order
    rows = [_row(i) for i in range(40)]
    rows[5] = _row(5, variant=1)
    rows.append(_row(99))
    rows.append(_row(99, variant=2, url=rows[-1]["url"]))  # second copy of a new URL: replaces the first
    rows.append(_row(7))  # again, same body
    second = jobs.ingest(settings, [_write(tmp_path / "b.jsonl", rows)])
    assert (second.new, second.updated, second.unchanged, second.rejected) == (1, 2, 40, 0)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == 41
        body = conn.execute(select(articles.c.body).where(articles.c.url == rows[-2]["url"])).scalar_one()
        assert "version 2" in body
        ids = conn.execute(select(articles.c.article_id).order_by(articles.c.article_id)).scalars().all()
        assert ids == list(range(1, 42))  # ids in input order, as a serial write gives them
        per_article = dict(conn.execute(select(paragraphs.c.article_id, func.count()).group_by(paragraphs.c.article_id)).all())
        assert set(per_article.values()) == {3} and len(per_article) == 41


def _refuse_urls_containing(conn: Any, word: str) -> None:
    """A rule of the database itself (not of our code) that refuses some rows."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE TRIGGER refuse_some BEFORE INSERT ON articles "
            f"WHEN instr(NEW.url, '{word}') > 0 BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"
        )
    else:
        conn.exec_driver_sql(f"ALTER TABLE articles ADD CONSTRAINT refuse_some CHECK (strpos(url, '{word}') = 0)")


def test_a_record_the_database_refuses_is_rejected_and_the_rest_of_its_batch_lands(warehouse_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(warehouse_url, ingest={"batch_size": 50, "workers": 1})
    engine = jobs.warehouse(settings)
    rows = [_row(i) for i in range(6)]
    rows[3]["url"] = "https://outlet0.example/story/refused"
    with engine.begin() as conn:
        _refuse_urls_containing(conn, "refused")
    try:
        stats = jobs.ingest(settings, [_write(tmp_path / "c.jsonl", rows)])
        assert (stats.new, stats.rejected) == (5, 1)
        with engine.connect() as conn:
            urls = set(conn.execute(select(articles.c.url)).scalars())
            assert urls == {r["url"] for r in rows} - {rows[3]["url"]}
            assert conn.execute(select(func.count()).select_from(paragraphs)).scalar_one() == 5 * 3
            (reason,) = conn.execute(select(rejects.c.reason).where(rejects.c.run_id == stats.run_id)).scalars()
            assert reason.startswith("could not store") and "refuse" in reason
    finally:
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("DROP TRIGGER refuse_some")
            else:
                conn.exec_driver_sql("ALTER TABLE articles DROP CONSTRAINT refuse_some")


def test_a_failing_source_still_ends_its_run_as_failed(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    """The first record is read before the workers fork (to load the extractor once): a source
    failing there is recorded like one failing later."""
    from pipeline.warehouse.schema import runs

    settings = settings_for(sqlite_url, ingest={"workers": 1})
    engine = jobs.warehouse(settings)

    def broken() -> Any:
        raise OSError("disk gone")
        yield  # a generator

    try:
        jobs.ingest_records(engine, broken(), settings)
    except OSError:
        pass
    else:
        raise AssertionError("the source's error must reach the caller")
    with engine.connect() as conn:
        assert conn.execute(select(runs.c.status).where(runs.c.kind == "ingest")).scalar_one() == "failed"


def test_html_records_are_all_ingested_in_order_after_the_warm_up(sqlite_url: str, tmp_path: Path, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url, ingest={"workers": 2, "batch_size": 2})
    page = "<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1><p>{text}</p></article></body></html>"
    rows = [{"url": f"https://paper{i}.example/story/{i}", "html": page.format(i=i, text=_story(i).replace("\n\n", "</p><p>"))}
            for i in range(5)]
    stats = jobs.ingest(settings, [_write(tmp_path / "pages.jsonl", rows)])
    assert (stats.seen, stats.new) == (5, 5)
    with jobs.warehouse(settings).connect() as conn:
        got = conn.execute(select(articles.c.url).order_by(articles.c.article_id)).scalars().all()
    assert got == [r["url"] for r in rows]


def test_text_records_go_to_the_workers_in_bigger_chunks_than_pages_and_all_land(
    sqlite_url: str, tmp_path: Path, settings_for, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    from pipeline import parallel

    sizes: list[int] = []
    real = parallel.OrderedPool.__init__

    def noted(self: Any, *args: Any, **kwargs: Any) -> None:
        sizes.append(kwargs["chunksize"])
        real(self, *args, **kwargs)

    monkeypatch.setattr(parallel.OrderedPool, "__init__", noted)
    settings = settings_for(sqlite_url, ingest={"workers": 2, "batch_size": 7})
    short = {"url": "https://outlet0.example/brief/x", "text": "Too short."}
    rows = [_row(i) for i in range(30)] + [short] + [_row(i) for i in range(30, 45)]
    stats = jobs.ingest(settings, [_write(tmp_path / "texts.jsonl", rows)])
    assert (stats.seen, stats.new, stats.rejected) == (46, 45, 1)  # the short record alone is rejected
    page = "<html><head><title>P</title></head><body><article><p>{text}</p></article></body></html>"
    jobs.ingest(settings, [_write(tmp_path / "pages.jsonl", [{"url": "https://paper.example/1", "html": page.format(text=_story(99))}])])
    assert sizes == [jobs.TEXT_CHUNK, jobs.PAGE_CHUNK] and jobs.TEXT_CHUNK > jobs.PAGE_CHUNK
    with jobs.warehouse(settings).connect() as conn:
        got = set(conn.execute(select(articles.c.url)).scalars())
    assert got == {r["url"] for r in rows if r is not short} | {"https://paper.example/1"}
