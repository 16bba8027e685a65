"""
### synd_crawl: crawl the configured outlets into the raw store

Reads `config/outlets.yaml` (or the file `outlets_file` names), maps one **crawl_outlet** task per
outlet (dynamic task mapping, pool `synd_crawl` for politeness across runs), stores raw pages in the
raw store (local folder or S3) and logs every fetch in the warehouse `fetches` table. **finish**
updates the asset `synd_raw_pages`, which schedules **synd_process**.

**A down outlet fails its task.** When nothing of an outlet could be fetched (robots.txt
unreachable, every feed, sitemap and page failing), its `crawl_outlet` task fails with the reason
in its log and the failure notifier fires (after the retries), as `synd crawl` exits 2 (some fetches
failed, in its one exit-code table). Failed fetches among successful ones are the open web: the task
stays green and logs a warning with the count and the query that lists them. **finish** runs whatever happened (`all_done`), so the pages
of the outlets that answered still reach **synd_process**; the leaf **all_outlets_answered** is then
`upstream_failed`, which marks the DAG run failed.

Reruns are idempotent: the DAG run id keys one warehouse crawl run, so a retried or cleared task
skips the URLs that run already fetched, and pages unchanged since the last crawl come back as
304 (conditional GET) and are not stored again. Backfills are safe for the same reason: the web
has no past, so a backfilled run crawls what is published now and records its interval.

Calls `pipeline.jobs.start_crawl_run`, `pipeline.jobs.crawl`, `pipeline.jobs.finish_crawl_run`
(the same functions as `synd crawl`).
"""

from __future__ import annotations

import logging
from typing import Any

from airflow.sdk import dag, get_current_context, task
from synd_common import CRAWL_POOL, DEFAULT_ARGS, NOTIFY, RAW_PAGES, START, TAGS, settings

from pipeline import jobs

log = logging.getLogger(__name__)


@dag(
    dag_id="synd_crawl",
    schedule="@hourly",
    start_date=START,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    on_failure_callback=NOTIFY,
    tags=[*TAGS, "crawl"],
    doc_md=__doc__,
)
def synd_crawl() -> None:
    @task(multiple_outputs=False)
    def start() -> int:
        """One warehouse crawl run per DAG run (the same row again on a rerun)."""
        ctx = get_current_context()
        start_, end = ctx.get("data_interval_start"), ctx.get("data_interval_end")
        params = {"dag_run_id": ctx["run_id"], "interval": [str(start_), str(end)]}
        return jobs.start_crawl_run(settings(), params, key=f"synd_crawl/{ctx['run_id']}")

    @task(multiple_outputs=False)
    def outlet_names() -> list[str]:
        return [o.name for o in jobs.outlets(settings())]

    @task(multiple_outputs=False, pool=CRAWL_POOL, max_active_tis_per_dagrun=4, execution_timeout=None)
    def crawl_outlet(outlet: str, crawl_run: int) -> dict[str, Any]:
        stats = dict(jobs.crawl(settings(), [outlet], run_id=crawl_run)["outlets"][outlet])
        quoted = outlet.replace("'", "''")
        query = f"SELECT kind, url, status, error FROM fetches WHERE run_id = {crawl_run} AND outlet = '{quoted}' AND error IS NOT NULL"
        if stats["down"]:
            raise RuntimeError(f"outlet {outlet!r} is down, nothing could be fetched: {stats['down']} "
                               f"({stats['failed']} failed fetches; all of them: {query})")
        if stats["failed"]:
            log.warning("outlet %r: %d of its fetches failed (the others succeeded); why: %s",
                        outlet, stats["failed"], query)
        return stats

    @task(multiple_outputs=False, outlets=[RAW_PAGES], trigger_rule="all_done")
    def finish(crawl_run: int, counts: list[dict[str, Any]]) -> dict[str, Any]:
        """Close the crawl run and publish what the outlets that answered fetched (a down one has no counts)."""
        totals = {k: sum(int(c.get(k, 0)) for c in counts) for k in ("discovered", "fetched", "not_modified", "failed")}
        jobs.finish_crawl_run(settings(), crawl_run, totals)
        get_current_context()["outlet_events"][RAW_PAGES].extra = {"crawl_run_id": crawl_run, **totals}
        return {"crawl_run_id": crawl_run, **totals}

    @task(multiple_outputs=False)
    def all_outlets_answered() -> None:
        """The run's verdict: upstream_failed (so the DAG run fails) when a crawl_outlet task failed."""

    crawl_run = start()
    counts = crawl_outlet.partial(crawl_run=crawl_run).expand(outlet=outlet_names())
    verdict = all_outlets_answered()
    finish(crawl_run, counts) >> verdict
    counts >> verdict


synd_crawl_dag = synd_crawl()
