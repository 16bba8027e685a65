"""A crawled page the raw store fails to give back once is read again on the next run (not marked
done by its reject); a stray NUL character beyond the first 8 KB of a page is shown as U+FFFD
and the page lands; NULs dense enough to be binary are a reject that says so. Never dropped silently."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import insert, select

from pipeline import jobs
from pipeline.crawl.rawstore import LocalRawStore
from pipeline.warehouse import store
from pipeline.warehouse.schema import articles, fetches, rejects
from tests.reliability.helpers import page


def test_a_failed_raw_store_read_is_retried_next_run(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = settings_for(sqlite_url)
    raw = LocalRawStore(s.raw_store.path)
    url = "https://outlet.example/news/story"
    key = raw.put(page("Harbour story").encode(), {"x-synd-url": url})
    engine = jobs.warehouse(s)
    with engine.begin() as conn:
        conn.execute(insert(fetches).values(outlet="outlet.example", kind="page", url=url, status=200, raw_key=key,
                                            encoding="utf-8", fetched_at=store.now()))
    body = Path(s.raw_store.path) / f"{key}.body"
    away = body.with_suffix(".away")
    body.rename(away)  # the store cannot give the page back this time (an outage, a throttled bucket)
    first = jobs.ingest_crawled(s)
    assert first.rejected == 1 and first.new == 0
    away.rename(body)  # the outage is over
    second = jobs.ingest_crawled(s)
    assert second.new == 1, "the page whose read failed was marked done and never read again"
    with engine.connect() as conn:
        (reason,) = conn.execute(select(rejects.c.reason)).scalars()
    assert "read again on the next run" in reason
    with engine.connect() as conn:
        assert conn.execute(select(articles.c.raw_key)).scalar_one() == key
    assert jobs.ingest_crawled(s).seen == 0, "once stored, it is done"


def test_a_stray_nul_past_the_first_8kb_is_shown_and_many_are_a_reject(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    s = settings_for(sqlite_url)
    html = page("Story", n=6, extra_head="<script>var pad = '" + "x" * 9000 + "';</script>")
    at = html.index("paragraph 3.")
    rows = [{"url": "https://a.example/late-nul", "outlet": "a.example", "html": html[:at] + "\x00" + html[at:]},
            {"url": "https://a.example/nuls", "outlet": "a.example", "html": html[:at] + "\x00" * 100 + html[at:]},
            {"url": "https://a.example/clean", "outlet": "a.example", "html": html}]
    src = tmp_path / "pages.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    stats = jobs.ingest(s, [src])
    assert (stats.new, stats.rejected) == (2, 1)
    with jobs.warehouse(s).connect() as conn:
        (reason,) = conn.execute(select(rejects.c.reason)).scalars()
        body = conn.execute(select(articles.c.body).where(articles.c.url == "https://a.example/late-nul")).scalar_one()
    assert "NUL" in reason and str(at) in reason
    assert "\ufffdparagraph 3." in body, "the stray NUL is kept in sight, not dropped"
