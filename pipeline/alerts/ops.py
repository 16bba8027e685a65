"""Operational failure notices (a DAG task failed), as opposed to syndication alerts.

The Airflow notifier in dags/ calls these, so the message format and delivery are tested without
Airflow. The target is a webhook connection (JSON ``{"conn_type": "http", "extra":
{"webhook_url": ...}}`` or an http(s) URI); Slack incoming webhooks accept the same ``text``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pipeline.alerts.channels import DeliveryError, _conn_url, _post
from pipeline.alerts.secrets import Conn, redact


def failure_payload(
    dag_id: str, task_id: str | None, run_id: str | None, try_number: int | None, error: str | None, log_url: str | None
) -> dict[str, Any]:
    """A short JSON notice; ``text`` reads well in Slack, the other fields are for machines."""
    where = f"{dag_id}.{task_id}" if task_id else dag_id
    text = f"synd: {where} failed (run {run_id}, try {try_number}): {redact(error or 'no error message')[:500]}"
    if log_url:
        text += f"\nlog: {log_url}"
    key = hashlib.sha256(f"{dag_id}|{task_id}|{run_id}|{try_number}".encode()).hexdigest()
    return {"text": text, "dag_id": dag_id, "task_id": task_id, "run_id": run_id, "try_number": try_number,
            "error": redact(error or "")[:2000], "log_url": log_url, "notice_id": key}


def send_failure(conn: Conn, payload: dict[str, Any], timeout: float = 10.0) -> None:
    """POST the notice to the connection's webhook; raises DeliveryError naming the HTTP problem."""
    url = _conn_url(conn)
    if not url.startswith(("http://", "https://")):
        raise DeliveryError(f"ops connection gives no http(s) webhook URL ({redact(url)}); set extra.webhook_url")
    _post(url, payload, payload["notice_id"], {}, timeout)
