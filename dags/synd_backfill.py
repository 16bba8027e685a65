"""
### synd_backfill: import a corpus, then detect (manual runs only)

Trigger it with parameters (the **Trigger** form, or `airflow dags trigger synd_backfill --conf '{...}'`):

| param | meaning |
|---|---|
| `paths` | files or folders the workers can read: JSONL, HTML (a folder with `manifest.csv`), WARC — as `synd ingest` |
| `raw_prefix` | corpus files under this prefix of the raw store: a folder under `raw_store.path`, or keys in the S3 bucket (e.g. `imports/2026-01/`) |
| `since`, `until` | keep articles published in [since, until) (YYYY-MM-DD, UTC); undated articles are kept; the others are counted as `out_of_range` |
| `engine` | `local`: the incremental detector (`synd detect`); `spark`: `pipeline/detect/spark.py`, same rows, for big backfills |
| `spark_master` | with `engine: spark`, where Spark runs: `local[*]` (in the worker) or a cluster URL such as `spark://host:7077` |

**ingest** calls `pipeline.jobs.ingest_backfill` (the readers and `ingest_records` of `synd ingest`),
**detect** calls `pipeline.jobs.detect_backfill` (`synd detect`, or `spark_detect`). Rerunning is
safe: known URLs with the same body are left alone and only undetected articles are detected.
New syndications are announced by the next **synd_alert** run; set `since:` on alert rules to keep
history out of the alerts. With `engine: spark`, pause **synd_process** meanwhile: Spark reads the
pending articles once and does not take the incremental detector's batch locks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from airflow.sdk import Param, dag, get_current_context, task
from synd_common import DEFAULT_ARGS, NOTIFY, START, TAGS, settings

from pipeline import jobs

_DATE = {"type": ["null", "string"], "format": "date"}


def _date(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dag(
    dag_id="synd_backfill",
    schedule=None,
    start_date=START,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    on_failure_callback=NOTIFY,
    tags=[*TAGS, "backfill"],
    doc_md=__doc__,
    params={
        "paths": Param([], type="array", items={"type": "string"}, description="files or folders the workers can read"),
        "raw_prefix": Param(None, type=["null", "string"], description="corpus files under this raw store prefix"),
        "since": Param(None, **_DATE, description="first publication day kept (UTC)"),
        "until": Param(None, **_DATE, description="day after the last one kept (UTC)"),
        "engine": Param("local", enum=["local", "spark"], description="local detector or Spark"),
        "spark_master": Param("local[*]", type="string", description="Spark master for engine=spark"),
    },
)
def synd_backfill() -> None:
    @task(multiple_outputs=False, execution_timeout=None)
    def ingest() -> dict[str, Any]:
        p = get_current_context()["params"]
        stats = jobs.ingest_backfill(settings(), p["paths"], p["raw_prefix"], _date(p["since"]), _date(p["until"]))
        return {**stats.as_dict(), "run_id": stats.run_id, "reject_examples": stats.reject_examples}

    @task(multiple_outputs=False, execution_timeout=None)
    def detect(ingested: dict[str, Any]) -> dict[str, int]:
        p = get_current_context()["params"]
        return jobs.detect_backfill(settings(), spark_master=p["spark_master"] if p["engine"] == "spark" else None)

    detect(ingest())


synd_backfill_dag = synd_backfill()
