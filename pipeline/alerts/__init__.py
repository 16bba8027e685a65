"""Alerts on newly detected syndication: rules select, channels deliver, the ledger makes it once.

Entry point: :func:`pipeline.alerts.send.send_pending` (CLI `synd alerts send`, `synd run`, the
Airflow alert DAG).
"""
