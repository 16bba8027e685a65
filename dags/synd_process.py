"""
### synd_process: normalise crawled pages and detect syndication

Scheduled on the asset `synd_raw_pages` (updated by **synd_crawl**). **ingest** normalises every
crawled page that is not yet in the warehouse, reading it back from the raw store by its content
key (`pipeline.jobs.ingest_crawled`); **detect** runs the incremental detector
(`pipeline.jobs.detect`, the same function as `synd detect`) and updates the asset
`synd_new_syndications`, which schedules **synd_alert**.

Idempotent and backfill-safe: ingest picks pages by what the warehouse lacks (not by time), an
unchanged page is left alone, and detect only processes articles not yet detected, so a rerun or a
backfilled run changes nothing that is already done.
"""

from __future__ import annotations

from typing import Any

from airflow.sdk import dag, get_current_context, task
from synd_common import DEFAULT_ARGS, NEW_SYNDICATIONS, NOTIFY, RAW_PAGES, START, TAGS, settings

from pipeline import jobs


@dag(
    dag_id="synd_process",
    schedule=[RAW_PAGES],
    start_date=START,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    on_failure_callback=NOTIFY,
    tags=[*TAGS, "process"],
    doc_md=__doc__,
)
def synd_process() -> None:
    @task(multiple_outputs=False)
    def ingest() -> dict[str, Any]:
        ctx = get_current_context()
        events = (ctx.get("triggering_asset_events") or {}).get(RAW_PAGES, [])
        crawl_runs = sorted({e.extra.get("crawl_run_id") for e in events if e.extra.get("crawl_run_id")})
        stats = jobs.ingest_crawled(settings())
        return {**stats.as_dict(), "crawl_runs": crawl_runs}

    @task(multiple_outputs=False, outlets=[NEW_SYNDICATIONS])
    def detect(ingested: dict[str, Any]) -> dict[str, int]:
        stats = jobs.detect(settings())
        counts = {"articles": stats.articles, "candidates": stats.candidates, "syndications": stats.syndications}
        get_current_context()["outlet_events"][NEW_SYNDICATIONS].extra = counts
        return counts

    detect(ingest())


synd_process_dag = synd_process()
