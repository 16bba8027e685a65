"""Channels deliver one outgoing message: webhook (JSON POST), Slack incoming webhook, email
over SMTP, Amazon SNS. Each raises DeliveryError on any failure and knows its own secrets so
that errors and logs can be redacted.
"""

from __future__ import annotations

import contextlib
import json
import logging
import smtplib
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as _default_policy
from typing import Any, Protocol, TypeVar

import httpx

from pipeline.alerts.secrets import Conn, ConnResolver, env_conn, expand, redact
from pipeline.config import AlertChannel, EmailChannel, SlackChannel, SnsChannel, WebhookChannel
from pipeline.crawl.guard import deadline_client, fetch_deadline

_MAIL_POLICY = _default_policy.clone(max_line_length=998)
_LIVE_SECRETS: set[str] = set()


class _RedactSecrets(logging.Filter):
    """httpx logs every request URL at INFO, and a Slack webhook URL is a credential."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _LIVE_SECRETS:
            text = record.getMessage()
            clean = redact(text, _LIVE_SECRETS)
            if clean != text:
                record.msg, record.args = clean, None
        return True


for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).addFilter(_RedactSecrets())


class DeliveryError(RuntimeError):
    """The receiver did not accept the message; the ledger retries it later."""


DEADLINE_PASSED = "the send ran past the channel's timeout_seconds (the receiver answers too slowly)"


class _DeadlineSMTPMixin:
    """Connects within what is left of the send's total deadline (smtplib's ``timeout`` is per
    socket operation, so a server that answers each command just in time holds a sender for ever)."""

    deadline: float = 0.0

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        left = max(0.001, min(timeout, self.deadline - time.monotonic()))
        return super()._get_socket(host, port, left)  # type: ignore[misc]


class _DeadlineSMTP(_DeadlineSMTPMixin, smtplib.SMTP):
    pass


class _DeadlineSMTPSSL(_DeadlineSMTPMixin, smtplib.SMTP_SSL):
    pass


def _cut(smtp: smtplib.SMTP) -> None:
    """At the deadline: shut the connection down, which wakes a read or write blocked on it."""
    sock = getattr(smtp, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the raw fd, also under TLS


_T = TypeVar("_T")


def _within(seconds: float, call: Callable[[], _T]) -> _T:
    """Run ``call`` in a daemon thread and give up on it after ``seconds``: for clients (boto3)
    whose timeouts are per read and that retry, with no total deadline of their own. A call that
    still succeeds after we gave up is a duplicate the receiver drops by its idempotency key."""
    done = threading.Event()
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="synd-alert-send", daemon=True).start()
    if not done.wait(seconds):
        raise DeliveryError(DEADLINE_PASSED)
    if "error" in box:
        raise box["error"]
    return box["value"]


@dataclass
class Outgoing:
    """One message. ``subject`` is the headline; ``sections`` the body under it (one per alert
    in a digest), never repeating the headline."""

    key: str  # idempotency key == alert_id (or digest id): for machines, never shown to people
    subject: str
    sections: list[str]
    body: dict[str, Any]

    @property
    def text(self) -> str:
        return "\n\n".join(self.sections)


SLACK_SECTION_CHARS = 2900  # Slack refuses a section text over 3000 characters
SLACK_MAX_SECTIONS = 48  # ... and a message over 50 blocks


class Sender(Protocol):
    secrets: list[str]

    def send(self, msg: Outgoing) -> None: ...

    def describe(self) -> str: ...


def _conn(cfg: AlertChannel, resolve: ConnResolver | None) -> Conn | None:
    if not cfg.connection:
        return None
    return (resolve or env_conn)(cfg.connection)


def _conn_url(conn: Conn) -> str:
    """A webhook URL from a connection: the URI itself, or JSON extra.webhook_url / host + token."""
    if conn.uri and conn.uri.split("://", 1)[0] in ("http", "https"):
        return conn.uri
    for key in ("webhook_url", "url"):
        if conn.extra.get(key):
            return str(conn.extra[key])
    host = conn.host if "://" in conn.host else f"https://{conn.host}"
    if conn.port:
        host = f"{host}:{conn.port}"
    parts = [host.rstrip("/"), conn.schema.strip("/"), (conn.password or "").strip("/")]
    return "/".join(p for p in parts if p)


def _post(url: str, body: dict[str, Any], key: str, headers: dict[str, str], timeout: float) -> None:
    """One POST that ends within ``timeout`` seconds in total (connect, send, the receiver's
    answer), however slowly the receiver dribbles its bytes: past it, the send failed and the
    ledger retries it later, with the same idempotency key."""
    hdrs = {"Content-Type": "application/json", "Idempotency-Key": key, "X-Synd-Alert-Id": key, **headers}
    try:
        with fetch_deadline(timeout), deadline_client(timeout) as client:
            resp = client.post(url, content=json.dumps(body, ensure_ascii=False).encode(), headers=hdrs)
    except httpx.HTTPError as exc:
        error = str(exc).replace("crawl.fetch_deadline_seconds", "the channel's timeout_seconds")
        raise DeliveryError(f"{type(exc).__name__}: {error}") from exc
    if not 200 <= resp.status_code < 300:
        raise DeliveryError(f"HTTP {resp.status_code}: {resp.text[:200]}")


@dataclass
class WebhookSender:
    url: str
    headers: dict[str, str]
    timeout: float
    secrets: list[str] = field(default_factory=list)

    def send(self, msg: Outgoing) -> None:
        _post(self.url, msg.body, msg.key, self.headers, self.timeout)

    def describe(self) -> str:
        return redact(self.url)


def _slack_escape(text: str) -> str:
    """Slack mrkdwn reads &, < and > as markup; a "> " line start stays a quote block."""
    lines = []
    for line in text.split("\n"):
        quote = line.startswith("> ")
        body = (line[2:] if quote else line).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines.append(("> " if quote else "") + body)
    return "\n".join(lines)


@dataclass
class SlackSender(WebhookSender):
    def send(self, msg: Outgoing) -> None:
        sections = msg.sections[:SLACK_MAX_SECTIONS]
        if len(msg.sections) > SLACK_MAX_SECTIONS:
            sections.append(f"… and {len(msg.sections) - SLACK_MAX_SECTIONS} more")
        body = {
            "text": f"{msg.subject}\n{msg.text}",  # the notification and non-block clients
            "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": f"*{_slack_escape(msg.subject)}*"}},
                *({"type": "section", "text": {"type": "mrkdwn", "text": _slack_escape(part)[:SLACK_SECTION_CHARS]}}
                  for part in sections),
            ],
            "alert_id": msg.key,
        }
        _post(self.url, body, msg.key, self.headers, self.timeout)


@dataclass
class EmailSender:
    host: str
    port: int
    user: str | None
    password: str | None
    security: str
    mail_from: str
    to: list[str]
    timeout: float
    secrets: list[str] = field(default_factory=list)

    def send(self, msg: Outgoing) -> None:
        mail = EmailMessage(policy=_MAIL_POLICY)  # long ids stay on one header line
        mail["Subject"] = f"[synd] {msg.subject}"
        mail["From"] = self.mail_from
        mail["To"] = ", ".join(self.to)
        mail["Message-ID"] = f"<{msg.key}@synd.alerts>"
        mail["X-Synd-Alert-Id"] = msg.key
        mail["Idempotency-Key"] = msg.key
        mail.set_content(msg.text)
        mail.add_attachment(
            json.dumps(msg.body, ensure_ascii=False, indent=1).encode(), maintype="application",
            subtype="json", filename="alert.json",
        )
        # The whole conversation (connect, greeting, each command, the data) ends within
        # ``timeout`` seconds: a watchdog shuts the connection down at the deadline.
        smtp = (_DeadlineSMTPSSL if self.security == "ssl" else _DeadlineSMTP)(timeout=self.timeout)
        smtp.deadline = time.monotonic() + self.timeout
        watchdog = threading.Timer(self.timeout, _cut, args=(smtp,))
        watchdog.daemon = True
        watchdog.start()
        try:
            with smtp:
                smtp.connect(self.host, self.port)
                if self.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if self.user and self.password:
                    smtp.login(self.user, self.password)
                smtp.send_message(mail)
        except (OSError, ValueError, smtplib.SMTPException) as exc:
            if time.monotonic() >= smtp.deadline:
                raise DeliveryError(f"{DEADLINE_PASSED} ({type(exc).__name__}: {exc})") from exc
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            watchdog.cancel()

    def describe(self) -> str:
        return f"smtp://{self.host}:{self.port} → {len(self.to)} recipient(s)"


@dataclass
class SnsSender:
    topic_arn: str
    client: Any
    secrets: list[str] = field(default_factory=list)
    timeout: float = 10.0

    def send(self, msg: Outgoing) -> None:
        # SNS subjects: ASCII, no line breaks, under 100 characters.
        subject = msg.subject.encode("ascii", "replace").decode().replace("\n", " ")[:99]
        args: dict[str, Any] = {
            "TopicArn": self.topic_arn,
            "Subject": subject,
            "Message": json.dumps(msg.body, ensure_ascii=False),
            "MessageAttributes": {"alert_id": {"DataType": "String", "StringValue": msg.key}},
        }
        if self.topic_arn.endswith(".fifo"):
            args |= {"MessageGroupId": "synd-alerts", "MessageDeduplicationId": msg.key[:128]}
        try:
            _within(self.timeout, lambda: self.client.publish(**args))
        except DeliveryError:
            raise
        except Exception as exc:  # botocore raises many unrelated types; any of them is a failed delivery
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc

    def describe(self) -> str:
        return f"sns:{self.topic_arn}"


def open_sender(cfg: AlertChannel, resolve: ConnResolver | None = None) -> Sender:
    """Resolve secrets (``${ENV}``, connections) and build the channel's sender."""
    sender = _open(cfg, resolve)
    _LIVE_SECRETS.update(s for s in sender.secrets if s and len(s) >= 4)
    return sender


def _open(cfg: AlertChannel, resolve: ConnResolver | None) -> Sender:
    conn = _conn(cfg, resolve)
    secrets = conn.secrets() if conn else []
    if isinstance(cfg, WebhookChannel | SlackChannel):
        if cfg.url:
            url = expand(cfg.url)
        elif conn:
            url = _conn_url(conn)
        else:
            raise ValueError(f"channel {cfg.name!r} needs `url` or `connection`")
        headers = {k: expand(v) for k, v in getattr(cfg, "headers", {}).items()}
        secrets += [url, *headers.values()]
        cls = SlackSender if isinstance(cfg, SlackChannel) else WebhookSender
        return cls(url=url, headers=headers, timeout=cfg.timeout_seconds, secrets=secrets)
    if isinstance(cfg, EmailChannel):
        host = expand(cfg.host) if cfg.host else (conn.host if conn else "")
        if not host:
            raise ValueError(f"channel {cfg.name!r} needs `host` or `connection`")
        user = expand(cfg.user) if cfg.user else (conn.login if conn else None)
        password = expand(cfg.password) if cfg.password else (conn.password if conn else None)
        port = cfg.port or (conn.port if conn else None) or (465 if cfg.security == "ssl" else 25)
        secrets += [p for p in (password,) if p]
        return EmailSender(host, port, user, password, cfg.security, expand(cfg.mail_from),
                           [expand(t) for t in cfg.to], cfg.timeout_seconds, secrets)
    if isinstance(cfg, SnsChannel):
        import boto3

        kwargs: dict[str, Any] = {
            "region_name": (expand(cfg.region) if cfg.region else None)
            or (conn.extra.get("region_name") if conn else None) or "us-east-1",
        }
        endpoint = expand(cfg.endpoint_url) if cfg.endpoint_url else (conn.extra.get("endpoint_url") if conn else None)
        if endpoint:
            kwargs["endpoint_url"] = endpoint
        if conn and conn.login and conn.password:
            kwargs |= {"aws_access_key_id": conn.login, "aws_secret_access_key": conn.password}
        from botocore.config import Config

        # botocore's timeouts are per read and it retries; _within bounds the whole publish
        kwargs["config"] = Config(connect_timeout=cfg.timeout_seconds, read_timeout=cfg.timeout_seconds,
                                  retries={"total_max_attempts": 2, "mode": "standard"})
        client = boto3.client("sns", **kwargs)
        return SnsSender(expand(cfg.topic_arn), client, secrets, cfg.timeout_seconds)
    raise ValueError(f"unknown channel type for {cfg.name!r}")
