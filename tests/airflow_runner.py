"""Runs Airflow in a child process for tests/test_dags.py (Airflow reads its config at import time,
so each test gets a clean AIRFLOW_HOME and the pytest process never imports Airflow).

    python tests/airflow_runner.py dagbag      -> JSON: import errors and the DAGs' properties
    python tests/airflow_runner.py e2e N       -> runs crawl, process, alert N times with dag.test(),
                                                  printing PAUSE and reading a line between runs
    python tests/airflow_runner.py notify      -> calls the failure notifier with a fake context
    python tests/airflow_runner.py run DAG_ID  -> one dag.test() of that DAG (run conf as JSON in argv[3])
    python tests/airflow_runner.py settings    -> the warehouse and raw store the DAG tasks would use
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from typing import Any


def dagbag() -> dict[str, Any]:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=sys.argv[2] if len(sys.argv) > 2 else None)
    dags = {}
    for dag_id, dag in bag.dags.items():
        dags[dag_id] = {
            "tags": sorted(dag.tags),
            "doc_md": bool(dag.doc_md and len(dag.doc_md) > 100),
            "on_failure_callback": bool(dag.on_failure_callback),
            "asset_schedule": type(dag.timetable).__name__,
            "tasks": {
                t.task_id: {"retries": t.retries, "pool": t.pool, "mapped": "Mapped" in type(t).__name__,
                            "outlets": [getattr(o, "name", str(o)) for o in (t.outlets or [])],
                            "on_failure_callback": bool(t.on_failure_callback), "trigger_rule": str(getattr(t.trigger_rule, "value", t.trigger_rule))}
                for t in dag.tasks
            },
        }
    return {"import_errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": dags}


def e2e(times: int) -> dict[str, Any]:
    import synd_alert
    import synd_crawl
    import synd_process

    out: list[dict[str, Any]] = []
    for i in range(times):
        if i:  # let the test look at the warehouse between runs (one Airflow start-up for all runs)
            print("PAUSE", flush=True)
            sys.stdin.readline()
        runs: dict[str, Any] = {}
        for name, dag in (("crawl", synd_crawl.synd_crawl_dag), ("process", synd_process.synd_process_dag),
                          ("alert", synd_alert.synd_alert_dag)):
            when = datetime.now(UTC)  # distinct run ids across invocations
            kwargs: dict[str, Any] = {"logical_date": when} if name == "crawl" else {"run_after": when}
            t0 = time.monotonic()
            dr = dag.test(**kwargs)
            runs[f"{name}_seconds"] = round(time.monotonic() - t0, 1)
            runs[name] = str(dr.state)
            runs[f"{name}_tasks"] = {ti.task_id + (f"[{ti.map_index}]" if ti.map_index >= 0 else ""): str(ti.state)
                                     for ti in dr.get_task_instances()}
        out.append(runs)
    return {"runs": out}


def run_one(dag_id: str, conf: dict[str, Any] | None = None) -> dict[str, Any]:
    import importlib

    dag = getattr(importlib.import_module(dag_id), f"{dag_id}_dag")
    dr = dag.test(logical_date=datetime.now(UTC), run_conf=conf)
    return {"state": str(dr.state),
            "tasks": {ti.task_id + (f"[{ti.map_index}]" if ti.map_index >= 0 else ""): str(ti.state)
                      for ti in dr.get_task_instances()}}


def resolved_settings() -> dict[str, Any]:
    from synd_common import settings

    try:
        s = settings()
    except Exception as exc:  # noqa: BLE001 - the test reads the message
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {"warehouse": s.warehouse.url, "raw_store": s.raw_store.model_dump(), "repr": repr(s.raw_store)}


def notify() -> dict[str, Any]:
    from synd_common import SyndFailureNotifier

    class TI:
        dag_id, task_id, try_number, log_url = "synd_crawl", "crawl_outlet", 2, "http://airflow/log"

    SyndFailureNotifier().notify({"ti": TI(), "run_id": "manual__1", "exception": RuntimeError("boom")})
    return {"ok": True}


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "settings":
        result = resolved_settings()
    elif cmd == "run":
        result = run_one(sys.argv[2], json.loads(sys.argv[3]) if len(sys.argv) > 3 else None)
    else:
        result = dagbag() if cmd == "dagbag" else e2e(int(sys.argv[2])) if cmd == "e2e" else notify()
    print("RESULT " + json.dumps(result, default=str))
