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


SENTENCE_ENDS = ".!?…\"”’»)]"


OPEN_QUOTES = ("“", '"', "‘", "«", "„")


def starts_mid_sentence(before: str, passage: str = "") -> bool:
    """Whether a passage preceded by ``before`` (the body up to it) begins inside a sentence:
    copied spans start where the copy starts to match, which is often mid-sentence, and a reader
    should see that something came before. A quotation opening the passage reads whole."""
    if passage.lstrip().startswith(OPEN_QUOTES):
        return False
    tail = before.rstrip(" \t")
    if not tail or tail.endswith("\n"):
        return False  # the body or a paragraph starts here
    return tail[-1] not in SENTENCE_ENDS


def excerpt(text: str, mid_sentence: bool = False, n: int = PASSAGE_CHARS) -> str:
    """The passage on one line, cut at a word boundary; "…" marks text left out at either end."""
    text = " ".join(text.split())
    if mid_sentence:
        text = "…" + text.lstrip(",;:—- ")
    if len(text) <= n:
        return text
    cut = text.rfind(" ", 0, n - 1)
    return text[: cut if cut > n // 2 else n - 1].rstrip(",;:—- ") + "…"


def view_link(base_url: str, syndication_id: int) -> str:
    """The case in `synd serve` (route ``/syndications/<id>``)."""
    return f"{base_url.rstrip('/')}/syndications/{syndication_id}"


def build_payload(row: Any, first_passage: str, *, rule: str, channel: str, base_url: str) -> dict[str, Any]:
    """``row`` carries the syndication columns plus s_*/c_* columns of both articles;
    ``first_passage`` is already an excerpt (see ``rules.first_passages``)."""
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
        "first_copied_passage": first_passage,
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


def ref(p: dict[str, Any]) -> str:
    """What people quote back to us: the case number and the rule (the 64-hex ``alert_id`` is
    for machines, in the JSON body and headers)."""
    return f"syndication #{p['syndication_id']} · rule {p['rule']}"


def render_details(p: dict[str, Any]) -> str:
    """The message body under its headline (the subject line of mail, the bold line in Slack).
    The passage is a quoted block, not wrapped in quotation marks: it often holds its own."""
    credited = "credits its source" if p["attributed"] else "does not credit its source"
    lines = [
        f"relation: {p['relation']} (direction {p['direction']}); the copy {credited}",
        f"source: {p['source']['outlet']}: {p['source']['headline'] or '(no headline)'}",
        f"        {p['source']['url']}",
        f"copy:   {p['copy']['outlet']}: {p['copy']['headline'] or '(no headline)'}",
        f"        {p['copy']['url']}",
    ]
    if p["first_copied_passage"]:
        lines += ["first copied passage:", f"> {p['first_copied_passage']}"]
    lines += [f"side by side: {p['view_url']}", ref(p)]
    return "\n".join(lines)


def render_text(p: dict[str, Any]) -> str:
    """One alert as plain text, headline first (a digest's entries)."""
    return f"{headline(p)}\n{render_details(p)}"


def digest_subject(rule: str, n: int) -> str:
    return f"digest for rule {rule}: {n} new syndication(s)"
