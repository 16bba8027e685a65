"""Shared pieces of the synd DAGs: assets, default args and the failure notifier.

Not a DAG file. DAG files stay thin: every task calls a function in pipeline/ that the `synd`
CLI calls too. Settings come from SYND_CONFIG / SYND__* env vars, as for the CLI, except the
warehouse and the raw store, which Airflow connections `synd_warehouse` and `synd_raw_store`
override when they exist (pipeline/ never imports Airflow: this module resolves them).
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from typing import Any

from airflow.sdk import Asset, BaseNotifier, Connection
from airflow.sdk.exceptions import AirflowNotFoundException
from sqlalchemy.engine import URL

from pipeline.config import ConfigError, Settings, load_settings

log = logging.getLogger(__name__)

# Data-aware scheduling: synd_crawl updates RAW_PAGES -> synd_process updates NEW_SYNDICATIONS -> synd_alert.
RAW_PAGES = Asset(name="synd_raw_pages", uri="synd://raw-store/pages", group="synd")
NEW_SYNDICATIONS = Asset(name="synd_new_syndications", uri="synd://warehouse/syndications", group="synd")
CRAWL_POOL = "synd_crawl"  # politeness across concurrent crawl tasks; created by `make airflow`
START = datetime(2026, 1, 1)
TAGS = ["synd"]


WAREHOUSE_CONN = "synd_warehouse"
RAW_STORE_CONN = "synd_raw_store"
# libpq parameters an Airflow postgres connection may carry in its extra
_PG_PARAMS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name",
              "options", "target_session_attrs")


def settings() -> Settings:
    """The CLI's settings, with the warehouse and raw store from Airflow connections when defined
    (connections first, then SYND_WAREHOUSE_URL / SYND__RAW_STORE__* env vars, then SYND_CONFIG)."""
    overrides: dict[str, Any] = {}
    if (conn := _connection(WAREHOUSE_CONN)) is not None:
        overrides["warehouse"] = {"url": warehouse_url(conn)}
    if (conn := _connection(RAW_STORE_CONN)) is not None:
        overrides["raw_store"] = raw_store_config(conn)
    return load_settings(overrides=overrides)


def _connection(conn_id: str) -> Any:
    try:
        return Connection.get(conn_id)
    except AirflowNotFoundException:
        return None


def warehouse_url(conn: Any) -> str:
    """A SQLAlchemy URL from connection fields. Not ``conn.get_uri()``: its ``postgres://`` scheme is
    refused by SQLAlchemy, and it would drop the driver."""
    kind = (conn.conn_type or "").lower()
    if kind in ("postgres", "postgresql"):
        extra = conn.extra_dejson or {}
        return URL.create(
            "postgresql+psycopg2", username=conn.login or None, password=conn.password or None,
            host=conn.host or None, port=int(conn.port) if conn.port else None, database=conn.schema or None,
            query={k: str(extra[k]) for k in _PG_PARAMS if k in extra},
        ).render_as_string(hide_password=False)
    if kind == "sqlite" and conn.host:
        return f"sqlite:///{conn.host}"  # Airflow's sqlite connection keeps the file path in host
    raise ConfigError(f"Airflow connection {WAREHOUSE_CONN!r} has type {conn.conn_type!r}: use type postgres "
                      "(host, port, login, password, schema = database) or sqlite (host = file path)")


def raw_store_config(conn: Any) -> dict[str, Any]:
    """raw_store settings from a connection: type aws (an S3-compatible store; login/password are the
    key pair, extra holds bucket, prefix, endpoint_url, region_name) or fs (a local folder, extra path)."""
    kind = (conn.conn_type or "").lower()
    extra = conn.extra_dejson or {}
    if kind in ("aws", "s3"):
        if not extra.get("bucket"):
            raise ConfigError(f'Airflow connection {RAW_STORE_CONN!r} needs the bucket in its extra: {{"bucket": "synd-raw"}}')
        return {"kind": "s3", "bucket": extra["bucket"], "prefix": extra.get("prefix", "raw/"),
                "endpoint_url": extra.get("endpoint_url") or None, "region": extra.get("region_name") or None,
                "access_key_id": conn.login or None, "secret_access_key": conn.password or None}
    if kind == "fs" and extra.get("path"):
        return {"kind": "local", "path": extra["path"]}
    raise ConfigError(f"Airflow connection {RAW_STORE_CONN!r} has type {conn.conn_type!r}: use type aws "
                      '(extra {"bucket": ..., "prefix": ..., "endpoint_url": ...}) or fs (extra {"path": ...})')


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
