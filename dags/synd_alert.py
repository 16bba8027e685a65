"""
### synd_alert: announce new syndication

Scheduled on the asset `synd_new_syndications` (updated by **synd_process**). **send** calls
`pipeline.alerts.send.send_pending` — the function `synd alerts send` calls — with Airflow
connections resolved through `Connection.get`, so channel secrets can live in Airflow's secrets
backend. Nothing is sent until the config has `alerts:` rules.

Idempotent: the alert ledger keys every alert by (rule, channel, source URL, copy URL) and claims
it before sending, so reruns, backfills and concurrent runs never announce a syndication twice;
failed deliveries stay queued and are retried by later runs.
"""

from __future__ import annotations

from airflow.sdk import Connection, dag, task
from synd_common import DEFAULT_ARGS, NEW_SYNDICATIONS, NOTIFY, START, TAGS, settings

from pipeline.alerts.secrets import conn_from_fields
from pipeline.alerts.send import send_pending


@dag(
    dag_id="synd_alert",
    schedule=[NEW_SYNDICATIONS],
    start_date=START,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    on_failure_callback=NOTIFY,
    tags=[*TAGS, "alerts"],
    doc_md=__doc__,
)
def synd_alert() -> None:
    @task(multiple_outputs=False)
    def send() -> dict[str, int]:
        counts = send_pending(settings(), resolve_conn=lambda cid: conn_from_fields(Connection.get(cid)))
        return dict(counts)

    send()


synd_alert_dag = synd_alert()
