"""Shared pieces of the synd DAGs: assets, default args and the failure notifier.

Not a DAG file. DAG files stay thin: every task calls a function in pipeline/ that the `synd`
CLI calls too. Settings come from SYND_CONFIG / SYND__* env vars, as for the CLI.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from typing import Any

from airflow.sdk import Asset, BaseNotifier, Connection

from pipeline.config import Settings, load_settings

log = logging.getLogger(__name__)

# Data-aware scheduling: synd_crawl updates RAW_PAGES -> synd_process updates NEW_SYNDICATIONS -> synd_alert.
RAW_PAGES = Asset(name="synd_raw_pages", uri="synd://raw-store/pages", group="synd")
NEW_SYNDICATIONS = Asset(name="synd_new_syndications", uri="synd://warehouse/syndications", group="synd")
CRAWL_POOL = "synd_crawl"  # politeness across concurrent crawl tasks; created by `make airflow`
START = datetime(2026, 1, 1)
TAGS = ["synd"]


def settings() -> Settings:
    return load_settings()


class SyndFailureNotifier(BaseNotifier):
    """Posts a failed task's DAG, task, run, try and error to the ops webhook connection.

    The connection (default ``synd_ops``, e.g. env ``AIRFLOW_CONN_SYND_OPS='{"conn_type": "http",
    "extra": {"webhook_url": "https://hooks.slack.com/..."}}'``) is optional: without it the notice
    is only logged, so a missing connection never hides the original failure.
    """

    template_fields = ("conn_id",)

    def __init__(self, conn_id: str = "synd_ops") -> None:
        super().__init__()
        self.conn_id = conn_id

    def notify(self, context: Any) -> None:
        from pipeline.alerts.ops import failure_payload, send_failure
        from pipeline.alerts.secrets import conn_from_fields

        ti = context.get("ti") or context.get("task_instance")
        dag = context.get("dag")
        exc = context.get("exception")
        payload = failure_payload(
            dag_id=getattr(dag, "dag_id", None) or getattr(ti, "dag_id", "?"),
            task_id=getattr(ti, "task_id", None),
            run_id=context.get("run_id"),
            try_number=getattr(ti, "try_number", None),
            error=f"{type(exc).__name__}: {exc}" if exc else None,
            log_url=getattr(ti, "log_url", None),
        )
        log.error("%s", payload["text"])
        try:
            conn = Connection.get(self.conn_id)
        except Exception:  # noqa: BLE001 - no connection configured: the log line above is the notice
            log.warning("no Airflow connection %r: failure notice only logged", self.conn_id)
            return
        send_failure(conn_from_fields(conn), payload)


NOTIFY = SyndFailureNotifier()
DEFAULT_ARGS: dict[str, Any] = {
    "owner": "synd",
    "retries": int(os.environ.get("SYND_DAG_RETRIES", "2")),  # tests set 0 so a failure shows at once
    "retry_delay": timedelta(minutes=1),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=15),
    "on_failure_callback": NOTIFY,
}
