"""Secrets for channels: ``${ENV}`` references and Airflow-style connections, and redaction.

Secrets are resolved only at send time and never stored: the config file, the ledger and the
logs hold references or redacted forms. Connections follow Airflow's env convention
(``AIRFLOW_CONN_<ID>`` holding a URI or JSON) so one definition serves the CLI and the DAGs
without ``pipeline/`` importing Airflow.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


class SecretError(ValueError):
    """A referenced secret is missing; the message names the variable to set."""


_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def expand(value: str, environ: Mapping[str, str] | None = None) -> str:
    """Replace each ``${NAME}`` with the environment variable NAME; a missing one is an error."""
    env = os.environ if environ is None else environ

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in env:
            raise SecretError(f"environment variable {name} is not set; export it (referenced as ${{{name}}})")
        return env[name]

    return _REF.sub(sub, value)


@dataclass
class Conn:
    """The parts of an Airflow connection a channel needs."""

    conn_type: str = ""
    host: str = ""
    login: str | None = None
    password: str | None = None
    port: int | None = None
    schema: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    uri: str = ""  # the URI as given, when the connection was a URI

    def secrets(self) -> list[str]:
        return [s for s in (self.password, self.login if self.password else None, self.uri) if s]


ConnResolver = Callable[[str], Conn]


def parse_conn(raw: str) -> Conn:
    """Parse an ``AIRFLOW_CONN_*`` value: JSON (``{"conn_type": ...}``) or a URI."""
    raw = raw.strip()
    if raw.startswith("{"):
        data = json.loads(raw)
        extra = data.get("extra") or {}
        if isinstance(extra, str):
            extra = json.loads(extra) if extra.strip() else {}
        return Conn(
            conn_type=str(data.get("conn_type", "")),
            host=str(data.get("host") or ""),
            login=data.get("login"),
            password=data.get("password"),
            port=int(data["port"]) if data.get("port") else None,
            schema=str(data.get("schema") or ""),
            extra=dict(extra),
        )
    parts = urlsplit(raw)
    query: dict[str, Any] = dict(parse_qsl(parts.query))
    return Conn(
        conn_type=parts.scheme.replace("-", "_"),
        host=unquote(parts.hostname or ""),
        login=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        port=parts.port,
        schema=unquote(parts.path.lstrip("/")),
        extra=query,
        uri=raw,
    )


def conn_from_fields(obj: Any) -> Conn:
    """A Conn from anything shaped like ``airflow.sdk.Connection`` (duck-typed: no Airflow import).

    The alert DAG passes ``resolve_conn=lambda cid: conn_from_fields(Connection.get(cid))`` so
    connections kept in Airflow's secrets backend work, not only ``AIRFLOW_CONN_*`` env vars.
    """
    extra = getattr(obj, "extra_dejson", None) or {}
    return Conn(
        conn_type=str(getattr(obj, "conn_type", "") or ""),
        host=str(getattr(obj, "host", "") or ""),
        login=getattr(obj, "login", None),
        password=getattr(obj, "password", None),
        port=int(obj.port) if getattr(obj, "port", None) else None,
        schema=str(getattr(obj, "schema", "") or ""),
        extra=dict(extra),
    )


def env_conn(conn_id: str, environ: Mapping[str, str] | None = None) -> Conn:
    """The connection ``conn_id`` from env ``AIRFLOW_CONN_<CONN_ID>``, as Airflow itself reads it."""
    env = os.environ if environ is None else environ
    var = f"AIRFLOW_CONN_{conn_id.upper()}"
    if var not in env:
        raise SecretError(f"connection {conn_id!r} not found: set env {var} to its URI or JSON")
    return parse_conn(env[var])


_URL = re.compile(r"\b([a-zA-Z][a-zA-Z0-9+.-]*://)([^\s/?#\"'<>]+)([^\s\"'<>]*)")


_WORD = re.compile(r"[a-z]{1,12}|[a-z]{1,12}[-_.][a-z]{1,12}")  # "hooks", "services", "api", "web-hook"


def secret_parts(secret: str) -> set[str]:
    """A secret and, when it is a URL, each part of it that may carry the credential: userinfo,
    path, path+query, path segments that are not plain words, query strings and values, each
    also percent-decoded. A receiver echoing "Cannot POST /hook/<token>?key=<value>" in its error
    body then leaks none of them, though the whole URL never appears."""
    parts = {secret}
    try:
        u = urlsplit(secret.strip())
    except ValueError:
        return parts
    if not (u.scheme and u.netloc):
        return parts
    userinfo = u.netloc.rsplit("@", 1)[0] if "@" in u.netloc else ""
    parts |= {userinfo, *userinfo.split(":", 1)}
    if userinfo:  # sent as "Authorization: Basic <base64>", which a receiver may echo too
        parts.add(base64.b64encode(unquote(userinfo).encode()).decode())
    if u.path.strip("/") or u.query:
        parts |= {u.path, u.path + ("?" + u.query if u.query else ""), u.query}
    parts |= {seg for seg in u.path.split("/") if seg and not _WORD.fullmatch(seg)}
    for key, value in parse_qsl(u.query, keep_blank_values=True):
        parts |= {value, f"{key}={value}"}
    for piece in u.query.split("&"):
        parts |= {piece.partition("=")[2]}
    parts |= {unquote(p) for p in parts}
    return {p for p in parts if p and p.strip("/?&=")}


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Hide every URL's credentials, path and query (Slack keeps its token there), then every known
    secret and every part of a secret URL (``secret_parts``)."""

    def sub(m: re.Match[str]) -> str:
        scheme, netloc, rest = m.groups()
        host = netloc.rsplit("@", 1)[-1]
        userinfo = "***@" if "@" in netloc else ""
        return f"{scheme}{userinfo}{host}" + ("/***" if rest.strip("/") else rest)

    text = _URL.sub(sub, text)
    every = {p for s in secrets if s for p in secret_parts(s)}
    for secret in sorted({s for s in every if len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
