"""Alerts: rules, the four channels against real local receivers, and the exactly-once ledger."""

from __future__ import annotations

import email.policy
import json
import logging
import re
import time
from datetime import UTC, datetime, timedelta, timezone
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select, update
from typer.testing import CliRunner

from pipeline.alerts.message import alert_id
from pipeline.alerts.send import send_pending
from pipeline.cli import app
from pipeline.config import ConfigError, load_settings
from pipeline.warehouse import db
from pipeline.warehouse.schema import alert_ledger, articles, passages, syndications, verdicts
from pipeline.web.app import verdict_subject
from tests.alert_receivers import Receiver, free_port, seed

MINIMAL = """\
alerts:
  channels:
    - name: hook
      type: webhook
      url: http://127.0.0.1:8765/hook
  rules:
    - name: any-copy
      channels: [hook]
      min_copied_fraction: 0.05
"""


@pytest.fixture
def receiver() -> Any:
    r = Receiver()
    yield r
    r.close()


def hook_alerts(url: str, rules: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "report_base_url": "https://synd.example/view",
        "channels": [{"name": "hook", "type": "webhook", "url": f"{url}/hook"}],
        "rules": rules or [{"name": "any", "channels": ["hook"]}],
        **extra,
    }


def ledger_rows(url: str) -> list[Any]:
    with db.connect(url).connect() as conn:
        return list(conn.execute(select(alert_ledger).order_by(alert_ledger.c.created_at, alert_ledger.c.alert_id)))


def test_minimal_config_loads_as_written(tmp_path: Path) -> None:
    f = tmp_path / "synd.yaml"
    f.write_text(MINIMAL)
    s = load_settings(f, environ={})
    assert s.alerts.rules[0].min_copied_fraction == 0.05
    assert s.alerts.channel("hook").type == "webhook"
    assert load_settings(None, environ={"SYND_CONFIG": str(f)}).alerts.rules[0].name == "any-copy"


def test_rule_naming_unknown_channel_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(MINIMAL.replace("channels: [hook]", "channels: [hoook]"))
    with pytest.raises(ConfigError, match="unknown channel.*hoook"):
        load_settings(f, environ={})


def test_webhook_once_per_syndication_and_reruns_send_nothing(warehouse_url: str, settings_for: Any, receiver: Receiver) -> None:
    ids = seed(warehouse_url, [{"source": "courier", "copy": "star"}, {"source": "gazette", "copy": "herald"}])
    settings = settings_for(warehouse_url, alerts=hook_alerts(receiver.url))
    counts = send_pending(settings)
    assert counts["sent"] == 2 and counts["failed"] == 0
    bodies = [h.body for h in receiver.hits]
    assert sorted(b["syndication_id"] for b in bodies) == sorted(ids)
    for h in receiver.hits:
        b = h.body
        assert h.headers["idempotency-key"] == b["alert_id"] == alert_id("any", "hook", b["source"]["url"], b["copy"]["url"])
        assert b["source"]["outlet"] in ("courier", "gazette") and b["copy"]["headline"].startswith(b["copy"]["outlet"])
        assert b["relation"] == "republication" and b["copied_fraction"] == 0.5
        assert b["first_copied_passage"] == f"the copied passage of {b['syndication_id']}"
        assert b["view_url"] == f"https://synd.example/view/syndications/{b['syndication_id']}"
    assert send_pending(settings)["sent"] == 0
    assert send_pending(settings)["planned"] == 0
    assert len(receiver.hits) == 2
    # a newly detected syndication is announced, alone
    (new,) = seed(warehouse_url, [{"source": "rbs", "copy": "dispatch"}])
    assert send_pending(settings)["sent"] == 1
    assert [h.body["syndication_id"] for h in receiver.hits[2:]] == [new]
    assert {r.status for r in ledger_rows(warehouse_url)} == {"sent"}


def test_rule_filters(sqlite_url: str, settings_for: Any, receiver: Receiver) -> None:
    pairs = [
        {"source": "courier", "copy": "star", "relation": "republication", "fraction": 0.9, "attributed": False},
        {"source": "star", "copy": "courier", "relation": "republication", "fraction": 0.3, "attributed": True},
        {"source": "gazette", "copy": "herald", "relation": "same_wire", "fraction": 0.04},
        {"source": "rbs", "copy": "dispatch", "relation": "common_source", "fraction": 0.2},
    ]
    ids = seed(sqlite_url, pairs)
    rules = [
        {"name": "courier-either", "channels": ["hook"], "outlets": ["Courier"]},
        {"name": "courier-copied", "channels": ["hook"], "source_outlets": ["courier"]},
        {"name": "courier-copies", "channels": ["hook"], "copier_outlets": ["courier"]},
        {"name": "wire-or-common", "channels": ["hook"], "relations": ["same_wire", "common_source"]},
        {"name": "big", "channels": ["hook"], "min_copied_fraction": 0.25},
        {"name": "uncredited", "channels": ["hook"], "unattributed_only": True, "min_copied_fraction": 0.05},
    ]
    send_pending(settings_for(sqlite_url, alerts=hook_alerts(receiver.url, rules)))
    got: dict[str, set[int]] = {}
    for h in receiver.hits:
        got.setdefault(h.body["rule"], set()).add(h.body["syndication_id"])

    def expect(pred: Any) -> set[int]:
        return {i for i, p in zip(ids, pairs, strict=True) if pred(p)}

    assert got.get("courier-either", set()) == expect(lambda p: "courier" in (p["source"], p["copy"]))
    assert got.get("courier-copied", set()) == expect(lambda p: p["source"] == "courier")
    assert got.get("courier-copies", set()) == expect(lambda p: p["copy"] == "courier")
    assert got.get("wire-or-common", set()) == expect(lambda p: p["relation"] != "republication")
    assert got.get("big", set()) == expect(lambda p: p["fraction"] >= 0.25)
    assert got.get("uncredited", set()) == expect(lambda p: not p.get("attributed") and p["fraction"] >= 0.05)
    assert len(receiver.hits) == sum(len(v) for v in got.values())


def test_receiver_failing_twice_then_succeeding_gets_exactly_one_delivery(
    warehouse_url: str, settings_for: Any
) -> None:
    recv = Receiver(fail_first=2, fail_status=503)
    try:
        seed(warehouse_url, [{}])
        settings = settings_for(warehouse_url, alerts=hook_alerts(recv.url, backoff_initial_seconds=60))
        t0 = datetime(2030, 1, 1, 12, tzinfo=UTC)
        assert send_pending(settings, now=t0)["failed"] == 1
        (row,) = ledger_rows(warehouse_url)
        assert row.status == "failed" and row.attempts == 1 and "503" in row.last_error
        assert db_time(row.next_attempt_at) == t0 + timedelta(seconds=60)
        assert send_pending(settings, now=t0 + timedelta(seconds=30))["sent"] == 0  # backing off: not due
        assert len(recv.hits) == 1
        assert send_pending(settings, now=t0 + timedelta(seconds=60))["failed"] == 1
        (row,) = ledger_rows(warehouse_url)
        assert db_time(row.next_attempt_at) == t0 + timedelta(seconds=60 + 120)  # doubled
        assert send_pending(settings, now=t0 + timedelta(seconds=180))["sent"] == 1
        assert send_pending(settings, now=t0 + timedelta(days=1))["sent"] == 0
        assert len(recv.hits) == 3 and len(recv.accepted) == 1
        assert len({h.headers["idempotency-key"] for h in recv.hits}) == 1
        (row,) = ledger_rows(warehouse_url)
        assert row.status == "sent" and row.attempts == 3 and row.last_error is None
    finally:
        recv.close()


def db_time(ts: datetime) -> datetime:
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts


def test_channel_down_keeps_everything_queued(sqlite_url: str, settings_for: Any, tmp_path: Path) -> None:
    recv = Receiver(fail_first=10**6)
    try:
        seed(sqlite_url, [{}, {}, {}])
        settings = settings_for(sqlite_url, alerts=hook_alerts(recv.url))
        counts = send_pending(settings)
        # one try per run while the channel is down; the rest wait, nothing is dropped
        assert counts["failed"] == 1 and counts["deferred"] == 2 and len(recv.hits) == 1
        assert sorted(r.status for r in ledger_rows(sqlite_url)) == ["failed", "pending", "pending"]
        recv.fail_first = 0
        later = datetime.now(UTC) + timedelta(hours=1)
        assert send_pending(settings, now=later)["sent"] == 3
        assert len({h.headers["idempotency-key"] for h in recv.accepted}) == 3
    finally:
        recv.close()


def test_secrets_never_reach_logs_ledger_or_status(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    recv = Receiver(fail_first=1, fail_status=401)
    token = "T0KEN-abc123-do-not-leak"
    monkeypatch.setenv("HOOK_TOKEN", token)
    monkeypatch.setenv("AIRFLOW_CONN_SYND_SLACK", f"{recv.url}/services/{token}x")
    try:
        seed(sqlite_url, [{}])
        cfg = tmp_path / "synd.yaml"
        cfg.write_text(f"""\
warehouse: {{url: "{sqlite_url}"}}
alerts:
  channels:
    - {{name: hook, type: webhook, url: "{recv.url}/hook/${{HOOK_TOKEN}}",
       headers: {{Authorization: "Bearer ${{HOOK_TOKEN}}"}}}}
    - {{name: team, type: slack, connection: synd_slack}}
  rules:
    - {{name: all, channels: [hook, team]}}
""")
        assert token not in cfg.read_text()
        settings = load_settings(cfg)
        with caplog.at_level(logging.DEBUG):  # every logger, httpx's request lines included
            counts = send_pending(settings)
        assert counts["failed"] == 1 and counts["sent"] == 1
        paths = sorted(h.path for h in recv.hits)
        assert paths == sorted([f"/hook/{token}", f"/services/{token}x"])  # the secrets were used
        assert recv.hits[0].headers.get("authorization", "") in ("", f"Bearer {token}")
        assert token not in caplog.text
        assert all(token not in (r.last_error or "") for r in ledger_rows(sqlite_url))
        result = CliRunner().invoke(app, ["alerts", "status", "--config", str(cfg)], env={"COLUMNS": "250"})
        assert result.exit_code == 0, result.output
        assert "failed" in result.output and "401" in result.output
        assert token not in result.output
        assert f"http://127.0.0.1:{recv.port}/***" in result.output  # the destination, redacted
    finally:
        recv.close()


def test_slack_message_format(sqlite_url: str, settings_for: Any, receiver: Receiver) -> None:
    seed(sqlite_url, [{"source": "courier", "copy": "star"}])
    alerts = {
        "channels": [{"name": "team", "type": "slack", "url": f"{receiver.url}/services/T/B/X"}],
        "rules": [{"name": "r", "channels": ["team"]}],
    }
    assert send_pending(settings_for(sqlite_url, alerts=alerts))["sent"] == 1
    (hit,) = receiver.hits
    assert "star" in hit.body["text"] and "courier" in hit.body["text"]
    assert hit.body["blocks"][0]["type"] == "section"
    assert hit.body["alert_id"] == hit.headers["idempotency-key"]
    assert "the copied passage of" in hit.body["text"] and "/syndications/" in hit.body["text"]


def test_slack_message_reads_once_and_quotes_the_passage_as_it_stands(sqlite_url: str, settings_for: Any,
                                                                      receiver: Receiver) -> None:
    """The headline once, the passage shown as a quote block ("…" where it starts mid-sentence,
    its own quotation marks not doubled), and a case number people can read instead of the hash."""
    (sid,) = seed(sqlite_url, [{"source": "courier", "copy": "star"}])
    lead = "The minister spoke from the wheelhouse: "
    passage = "“We have asked the fishing families on this coast to carry a heavy burden,” she said."
    with db.connect(sqlite_url).begin() as conn:
        copy_id = conn.execute(select(syndications.c.copy_id).where(syndications.c.syndication_id == sid)).scalar_one()
        conn.execute(update(articles).where(articles.c.article_id == copy_id).values(body=lead + passage))
        start = len("The minister spoke from the ")  # the copy matches from mid-sentence on
        conn.execute(update(passages).where(passages.c.syndication_id == sid).values(
            text=(lead + passage)[start:], copy_start=start, copy_end=len(lead + passage)))
    alerts = {
        "report_base_url": "https://synd.example",
        "channels": [{"name": "team", "type": "slack", "url": f"{receiver.url}/services/T/B/X"}],
        "rules": [{"name": "r", "channels": ["team"]}],
    }
    assert send_pending(settings_for(sqlite_url, alerts=alerts))["sent"] == 1
    (hit,) = receiver.hits
    head = "star copied courier (50% of the copy)"
    shown = [hit.body["text"], "\n".join(b["text"]["text"] for b in hit.body["blocks"] if "text" in b)]
    for text in shown:
        assert text.count(head) == 1, text
        assert not re.search(r"[0-9a-f]{32}", text), text  # no hash for people to read
        assert f"syndication #{sid}" in text
        assert "““" not in text and "“”" not in text
        assert "> …wheelhouse: “We have asked the fishing families" in text
    assert hit.body["alert_id"] == hit.headers["idempotency-key"]  # machines still get the key


def test_email_over_smtp(sqlite_url: str, settings_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            received.append(envelope)
            return "250 OK"

    port = free_port()
    ctl = Controller(Handler(), hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        (sid,) = seed(sqlite_url, [{"source": "courier", "copy": "star"}])
        monkeypatch.setenv("AIRFLOW_CONN_SMTP_DESK", f"smtp://127.0.0.1:{port}")
        alerts = {
            "channels": [{"name": "mail", "type": "email", "host": "127.0.0.1", "port": port,
                          "mail_from": "synd@example.org", "to": ["desk@example.org"]},
                         {"name": "mail2", "type": "email", "connection": "smtp_desk", "to": ["${DESK2}"]}],
            "rules": [{"name": "r", "channels": ["mail", "mail2"]}],
        }
        monkeypatch.setenv("DESK2", "night@example.org")
        settings = settings_for(sqlite_url, alerts=alerts)
        assert send_pending(settings)["sent"] == 2
        assert send_pending(settings)["sent"] == 0
        env, env2 = sorted(received, key=lambda e: e.rcpt_tos)
        assert env2.rcpt_tos == ["night@example.org"]
        assert env.rcpt_tos == ["desk@example.org"]
        msg = message_from_bytes(env.content, policy=email.policy.default)
        key = msg["X-Synd-Alert-Id"]
        assert msg["Message-ID"] == f"<{key}@synd.alerts>"
        assert "star" in msg["Subject"] and "courier" in msg["Subject"]
        text = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert f"the copied passage of {sid}" in text and "courier headline" in text and "star headline" in text
    finally:
        ctl.stop()


def test_sns_on_moto_server(sqlite_url: str, settings_for: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import boto3
    from moto.server import ThreadedMotoServer

    for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                 "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(k, v)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port())
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        sns = boto3.client("sns", endpoint_url=endpoint, region_name="us-east-1")
        sqs = boto3.client("sqs", endpoint_url=endpoint, region_name="us-east-1")
        topic = sns.create_topic(Name="synd-alerts")["TopicArn"]
        queue = sqs.create_queue(QueueName="inbox")["QueueUrl"]
        qarn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn, Attributes={"RawMessageDelivery": "true"})
        ids = seed(sqlite_url, [{}, {}])
        alerts = {
            "channels": [{"name": "sns", "type": "sns", "topic_arn": topic, "endpoint_url": endpoint}],
            "rules": [{"name": "r", "channels": ["sns"]}],
        }
        settings = settings_for(sqlite_url, alerts=alerts)
        assert send_pending(settings)["sent"] == 2
        assert send_pending(settings)["sent"] == 0
        got = []
        for _ in range(5):
            msgs = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
            got += [json.loads(m["Body"]) for m in msgs]
            if len(got) >= 2:
                break
        assert sorted(b["syndication_id"] for b in got) == sorted(ids)
        assert all(b["alert_id"] == b["idempotency_key"] for b in got)
    finally:
        server.stop()


def test_daily_digest(warehouse_url: str, settings_for: Any, receiver: Receiver) -> None:
    ids = seed(warehouse_url, [{}, {}, {}])
    rules = [{"name": "daily", "channels": ["hook"], "delivery": "digest", "digest_hour_utc": 7}]
    settings = settings_for(warehouse_url, alerts=hook_alerts(receiver.url, rules))
    t0 = datetime(2030, 3, 5, 10, 30, tzinfo=UTC)
    assert send_pending(settings, now=t0) == {**send_pending(settings, now=t0), "planned": 3}
    assert receiver.hits == []  # not before the digest hour
    assert send_pending(settings, now=datetime(2030, 3, 6, 7, 0, tzinfo=UTC))["alerts_sent"] == 3
    (hit,) = receiver.hits
    assert hit.body["digest"] is True and sorted(a["syndication_id"] for a in hit.body["alerts"]) == sorted(ids)
    assert hit.headers["idempotency-key"] == hit.body["alert_id"]
    assert send_pending(settings, now=datetime(2030, 3, 7, 7, 0, tzinfo=UTC))["sent"] == 0
    assert len(receiver.hits) == 1


def test_redetected_pair_is_not_announced_again(sqlite_url: str, settings_for: Any, receiver: Receiver) -> None:
    """Detection may replace a syndication row; the ledger hangs on URLs, so no second alert."""
    from sqlalchemy import delete, insert

    from pipeline.warehouse.schema import syndications

    (sid,) = seed(sqlite_url, [{}])
    settings = settings_for(sqlite_url, alerts=hook_alerts(receiver.url))
    assert send_pending(settings)["sent"] == 1
    engine = db.connect(sqlite_url)
    with engine.begin() as conn:
        row = conn.execute(select(syndications).where(syndications.c.syndication_id == sid)).one()._asdict()
        conn.execute(delete(syndications).where(syndications.c.syndication_id == sid))
        row.pop("syndication_id")
        conn.execute(insert(syndications).values(**row))
    counts = send_pending(settings)
    assert counts["sent"] == 0 and counts["planned"] == 0
    assert len(receiver.hits) == 1


def test_secret_helpers() -> None:
    from pipeline.alerts.secrets import SecretError, expand, parse_conn, redact

    assert redact("POST https://hooks.slack.com/services/T1/B2/xyz failed") == "POST https://hooks.slack.com/*** failed"
    assert redact("smtp://user:pw@mail.example:25") == "smtp://***@mail.example:25"
    assert redact("auth Bearer abcd1234 refused", ["abcd1234"]) == "auth Bearer *** refused"
    assert expand("x-${A}-y", {"A": "1"}) == "x-1-y"
    with pytest.raises(SecretError, match="HOOK_TOKEN"):
        expand("${HOOK_TOKEN}", {})
    c = parse_conn("smtp://me%40x.org:p%2Fw@mail.example:587?security=starttls")
    assert (c.host, c.port, c.login, c.password, c.extra["security"]) == ("mail.example", 587, "me@x.org", "p/w", "starttls")
    j = parse_conn('{"conn_type": "slackwebhook", "host": "https://hooks.slack.com/services", "password": "T/B/X"}')
    assert (j.host, j.password) == ("https://hooks.slack.com/services", "T/B/X")


def test_concurrent_senders_on_postgres_deliver_each_alert_once(pg_url: str, receiver: Receiver, tmp_path: Path) -> None:
    """Three `synd alerts send` processes at once (say the DAG and two people): each alert goes out once."""
    import os
    import subprocess
    import sys

    seed(pg_url, [{} for _ in range(12)])
    cfg = tmp_path / "alerts.yaml"
    cfg.write_text(json.dumps({"alerts": hook_alerts(receiver.url)}))
    synd = str(Path(sys.executable).parent / "synd")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYND")}
    procs = [subprocess.Popen([synd, "alerts", "send", "--config", str(cfg), "--warehouse", pg_url], env=env,
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()[-2000:]
    keys = [h.headers["idempotency-key"] for h in receiver.hits]
    assert len(keys) == 12 and len(set(keys)) == 12
    assert {r.status for r in ledger_rows(pg_url)} == {"sent"}


def test_concurrent_senders_on_sqlite_wait_instead_of_aborting(sqlite_url: str, tmp_path: Path) -> None:
    """Three `synd alerts send` processes at once on one SQLite warehouse: every write transaction
    begins IMMEDIATE and waits its turn, so none ends with "database is locked"; every alert is
    delivered (at least once: the ledger claims make it once unless a send outlives its lease)."""
    import os
    import subprocess
    import sys

    rounds, per_round = 2, 12
    synd = str(Path(sys.executable).parent / "synd")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYND")}
    # the receiver takes a moment per POST, so the senders' claims and marks interleave
    slow = Receiver(on_request=lambda hit: time.sleep(0.02))
    aborts = []
    try:
        cfg = tmp_path / "alerts.yaml"
        cfg.write_text(json.dumps({"alerts": hook_alerts(slow.url)}))
        ids: list[int] = []
        for _ in range(rounds):
            ids += seed(sqlite_url, [{} for _ in range(per_round)])
            procs = [subprocess.Popen([synd, "alerts", "send", "--config", str(cfg), "--warehouse", sqlite_url],
                                      env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                     for _ in range(3)]
            for p in procs:
                _, err = p.communicate(timeout=180)
                if p.returncode != 0 or "locked" in err.decode():
                    aborts.append(err.decode()[-2000:])
    finally:
        slow.close()
    assert aborts == []
    assert sorted({h.body["syndication_id"] for h in slow.accepted}) == sorted(ids)
    assert {r.status for r in ledger_rows(sqlite_url)} == {"sent"}


def test_large_digest_is_split_and_flush_sends_now(sqlite_url: str, settings_for: Any, receiver: Receiver) -> None:
    from pipeline.alerts.send import DIGEST_MAX_ALERTS

    ids = seed(sqlite_url, [{} for _ in range(DIGEST_MAX_ALERTS + 5)])
    rules = [{"name": "daily", "channels": ["hook"], "delivery": "digest"}]
    settings = settings_for(sqlite_url, alerts=hook_alerts(receiver.url, rules))
    assert send_pending(settings)["sent"] == 0
    counts = send_pending(settings, flush_digests=True)
    assert counts["sent"] == 2 and counts["alerts_sent"] == len(ids)
    sizes = sorted(len(h.body["alerts"]) for h in receiver.hits)
    assert sizes == [5, DIGEST_MAX_ALERTS]
    assert sorted(a["syndication_id"] for h in receiver.hits for a in h.body["alerts"]) == sorted(ids)
    assert send_pending(settings, flush_digests=True)["sent"] == 0


def test_airflow_connection_objects_resolve_channels(sqlite_url: str, settings_for: Any, receiver: Receiver,
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the alert DAG passes: a resolver over real `airflow.sdk.Connection` objects."""
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "airflow"))
    from airflow.sdk import Connection

    from pipeline.alerts.secrets import conn_from_fields

    conns = {"team_slack": Connection(conn_id="team_slack", conn_type="slackwebhook", host=receiver.url,
                                      schema="services", password="T9/B9/tokentoken")}
    seed(sqlite_url, [{}])
    alerts = {"channels": [{"name": "team", "type": "slack", "connection": "team_slack"}],
              "rules": [{"name": "r", "channels": ["team"]}]}
    counts = send_pending(settings_for(sqlite_url, alerts=alerts), resolve_conn=lambda cid: conn_from_fields(conns[cid]))
    assert counts["sent"] == 1
    assert [h.path for h in receiver.hits] == ["/services/T9/B9/tokentoken"]


def test_since_skips_older_syndications(sqlite_url: str, settings_for: Any, receiver: Receiver) -> None:
    seed(sqlite_url, [{}])
    cutoff = datetime.now(UTC) + timedelta(seconds=1)
    rules = [{"name": "late", "channels": ["hook"], "since": cutoff.astimezone(timezone(timedelta(hours=2))).isoformat()}]
    settings = settings_for(sqlite_url, alerts=hook_alerts(receiver.url, rules))
    assert send_pending(settings)["sent"] == 0
    time.sleep(1.1)
    (new,) = seed(sqlite_url, [{}])
    assert send_pending(settings)["sent"] == 1 and receiver.hits[0].body["syndication_id"] == new


def test_send_says_digests_wait_and_status_shows_a_backing_off_channel(sqlite_url: str, tmp_path: Path) -> None:
    """A digest run no longer reads as "7 new, 0 sent" with no reason, and a channel that is failing
    is named as backing off, in an 80-column terminal."""
    seed(sqlite_url, [{}, {}, {}])
    recv = Receiver(fail_first=100, fail_status=503)
    try:
        cfg = tmp_path / "alerts.yaml"
        cfg.write_text(f"""\
alerts:
  channels: [{{name: hook, type: webhook, url: "{recv.url}/hook"}}]
  rules:
    - {{name: now, channels: [hook]}}
    - {{name: daily, channels: [hook], delivery: digest, digest_hour_utc: 7}}
""")
        env = {"COLUMNS": "80", "SYND_WAREHOUSE_URL": sqlite_url}
        sent = CliRunner().invoke(app, ["alerts", "send", "--config", str(cfg)], env=env)
        assert sent.exit_code == 2  # some deliveries failed (they retry), the rest went
        said = " ".join(sent.output.split())
        assert "6 new" in said and "1 failed" in said
        assert "3 waiting for the daily digest at 07:00 UTC" in said and "--flush-digests" in said
        status = CliRunner().invoke(app, ["alerts", "status", "--config", str(cfg)], env=env)
        assert status.exit_code == 0, status.output
        shown = " ".join(status.output.split())
        assert "channel hook is backing off: 1 failed attempt(s), next try" in shown and "HTTP 503" in shown
        assert "queued behind its failing channel" in shown
        assert "waiting for the daily digest at 07:00 UTC" in shown
        assert not re.search(r"[0-9a-f]{12}", status.output)
    finally:
        recv.close()


def test_muted_outlets_and_pairs_are_not_announced(warehouse_url: str, settings_for: Any, receiver: Receiver) -> None:
    """A receiver mutes an outlet (either side) or a source → copier pair, in the config or by
    rejecting the pair in `synd serve`: new matches are skipped and alerts already waiting close unsent."""
    courier, gazette, echo = seed(warehouse_url, [{"source": "courier", "copy": "star"},
                                                  {"source": "gazette", "copy": "herald"},
                                                  {"source": "star", "copy": "echo"}])
    rules = [{"name": "daily", "channels": ["hook"], "delivery": "digest"}]
    settings = settings_for(warehouse_url, alerts=hook_alerts(receiver.url, rules))
    assert send_pending(settings)["planned"] == 3 and receiver.hits == []  # waiting for the digest hour

    rules[0]["mute"] = [{"source": "Gazette", "copier": "herald"}]  # names match whatever their case
    muted = settings_for(warehouse_url, alerts=hook_alerts(receiver.url, rules, mute=[{"outlet": "echo"}]))
    counts = send_pending(muted, flush_digests=True)
    assert counts["muted"] == 2 and counts["alerts_sent"] == 1
    (hit,) = receiver.hits
    assert [a["syndication_id"] for a in hit.body["alerts"]] == [courier]
    assert sorted(r.status for r in ledger_rows(warehouse_url)) == ["muted", "muted", "sent"]
    assert {r.syndication_id for r in ledger_rows(warehouse_url) if r.status == "muted"} == {gazette, echo}

    # a reviewer rejects courier → star in the web view; with mute_rejected its next copy is skipped
    with db.connect(warehouse_url).begin() as conn:
        conn.execute(insert(verdicts).values(syndication_id=courier, verdict="reject", at=datetime.now(UTC),
                                             **(verdict_subject(conn, courier) or {})))
    fresh = seed(warehouse_url, [{"source": "courier", "copy": "star"}, {"source": "courier", "copy": "mail"},
                                 {"source": "echo", "copy": "mail"}])
    now = [{"name": "now", "channels": ["hook"], "mute_rejected": True}]
    counts = send_pending(settings_for(warehouse_url, alerts=hook_alerts(receiver.url, now, mute=[{"outlet": "ECHO"}])))
    announced = sorted(h.body["syndication_id"] for h in receiver.hits[1:])
    assert announced == sorted([gazette, fresh[1]]) and counts["sent"] == 2  # not star→echo, echo→mail, courier→star


def test_a_mute_entry_says_what_it_needs(tmp_path: Path) -> None:
    f = tmp_path / "m.yaml"
    f.write_text(MINIMAL.replace("alerts:\n", "alerts:\n  mute: [{outlet: a, copier: b}]\n"))
    with pytest.raises(ConfigError, match="either"):
        load_settings(f, environ={})
    f.write_text(MINIMAL.replace("alerts:\n", "alerts:\n  mute: [{}]\n"))
    with pytest.raises(ConfigError, match="needs `outlet`"):
        load_settings(f, environ={})


@pytest.mark.parametrize(("before", "passage", "shown"), [
    ("", "Ferries will raise fares.", "Ferries will raise fares."),  # the body starts here
    ("Intro.\n\n", "Ferries will raise fares.", "Ferries will raise fares."),  # a paragraph starts here
    ("The operator said. ", "Ferries will raise fares.", "Ferries will raise fares."),
    ("The operator said on Monday that ", "ferries will raise fares.", "…ferries will raise fares."),
    ("In a statement: ", "“We have no choice,” she said.", "“We have no choice,” she said."),
])
def test_passage_excerpt_marks_a_start_inside_a_sentence(before: str, passage: str, shown: str) -> None:
    from pipeline.alerts.message import excerpt, starts_mid_sentence

    assert excerpt(passage, starts_mid_sentence(before, passage)) == shown


def test_long_passage_is_cut_at_a_word() -> None:
    from pipeline.alerts.message import excerpt

    cut = excerpt("word " * 200, n=50)
    assert cut.endswith("word…") and len(cut) <= 50
