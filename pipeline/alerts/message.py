"""What an alert says: one syndication as a JSON-able dict, plus its plain-text rendering.

The payload is built once, when the alert is planned, and stored in the ledger, so every retry
and every redelivery after a crash carries exactly the same content and ``alert_id``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pipeline.warehouse import store

PASSAGE_CHARS = 600


def alert_id(rule: str, channel: str, source_url: str, copy_url: str) -> str:
    """Stable across reruns and warehouse rebuilds: it hangs on URLs, not on row ids."""
    key = "\x1f".join(("synd-alert/1", rule, channel, source_url, copy_url))
    return hashlib.sha256(key.encode()).hexdigest()


def digest_id(alert_ids: list[str]) -> str:
    return hashlib.sha256("\x1f".join(["synd-digest/1", *sorted(alert_ids)]).encode()).hexdigest()


def _clip(text: str, n: int = PASSAGE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def view_link(base_url: str, syndication_id: int) -> str:
    return f"{base_url.rstrip('/')}/syndication/{syndication_id}"


def build_payload(row: Any, first_passage: str, *, rule: str, channel: str, base_url: str) -> dict[str, Any]:
    """``row`` carries the syndication columns plus s_*/c_* columns of both articles."""
    aid = alert_id(rule, channel, row.s_url, row.c_url)

    def side(p: str) -> dict[str, Any]:
        published = store.aware(getattr(row, f"{p}_published"))
        return {
            "outlet": getattr(row, f"{p}_outlet"),
            "headline": getattr(row, f"{p}_title"),
            "url": getattr(row, f"{p}_url"),
            "published": published.isoformat() if published is not None else None,
        }

    return {
        "alert_id": aid,
        "idempotency_key": aid,
        "rule": rule,
        "channel": channel,
        "syndication_id": row.syndication_id,
        "relation": row.relation,
        "direction": row.direction,
        "attributed": bool(row.attributed),
        "wire_source": row.wire_source,
        "copied_fraction": round(float(row.copied_fraction), 4),
        "source": side("s"),
        "copy": side("c"),
        "first_copied_passage": _clip(first_passage),
        "view_url": view_link(base_url, row.syndication_id),
    }


def headline(p: dict[str, Any]) -> str:
    src, cp = p["source"]["outlet"], p["copy"]["outlet"]
    what = {
        "republication": f"{cp} copied {src}",
        "same_wire": f"{cp} and {src} carry the same wire copy",
        "common_source": f"{cp} and {src} quote the same source",
    }.get(p["relation"], f"{cp} / {src}: {p['relation']}")
    return f"{what} ({p['copied_fraction']:.0%} of the copy)"


def render_text(p: dict[str, Any]) -> str:
    credited = "credits its source" if p["attributed"] else "does not credit its source"
    return "\n".join(
        [
            headline(p),
            f"relation: {p['relation']} (direction {p['direction']}); the copy {credited}",
            f"source: {p['source']['outlet']}: {p['source']['headline'] or '(no headline)'}",
            f"        {p['source']['url']}",
            f"copy:   {p['copy']['outlet']}: {p['copy']['headline'] or '(no headline)'}",
            f"        {p['copy']['url']}",
            f"first copied passage: “{p['first_copied_passage']}”",
            f"side by side: {p['view_url']}",
            f"alert id: {p['alert_id']}",
        ]
    )


def render_digest(rule: str, items: list[dict[str, Any]]) -> str:
    head = f"synd digest for rule {rule}: {len(items)} new syndication(s)"
    return "\n\n".join([head, *(render_text(p) for p in items)])
