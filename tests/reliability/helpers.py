"""Shared by the reliability suite: how long to run (short in `make test`, long in `make stress`
with SYND_STRESS=1), sample articles, the `synd` executable, and warehouse snapshots that compare
a crashed-and-rerun warehouse with a clean one by natural keys (URLs), not by generated ids."""

from __future__ import annotations

import os
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, select, text

from pipeline.detect import index as lsh_index
from pipeline.warehouse.schema import (
    articles,
    boilerplate,
    paragraphs,
    passages,
    syndications,
)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
SYND = str(Path(sys.executable).parent / "synd")
STRESS = os.environ.get("SYND_STRESS", "") not in ("", "0")


class QuietHandler(BaseHTTPRequestHandler):
    """A stub server's handler that keeps the test output free of its request log."""

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def http_stub(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """A real HTTP server on a free loopback port (yielded) for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def scale(short: int, stress: int) -> int:
    """The short figure in `make test`, the long one in `make stress`."""
    return stress if STRESS else short


FUZZ = settings(
    max_examples=scale(40, 500),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

PARA = ("The harbour board met on Tuesday evening to discuss the dredging contract, and members asked "
        "detailed questions about the cost, the schedule and the effect on the fishing fleet. ")


def body_text(seed: str, n: int = 4) -> str:
    """A valid article body, distinct per seed."""
    return "\n\n".join(f"{seed} paragraph {i}. " + PARA * 2 for i in range(n))


def page(title: str, n: int = 4, extra_head: str = "") -> str:
    ps = "".join(f"<p>{title} paragraph {i}. {PARA * 2}</p>" for i in range(n))
    return (f"<html><head><title>{title}</title>{extra_head}</head>"
            f"<body><article><h1>{title}</h1>{ps}</article></body></html>")


def env(**extra: str) -> dict[str, str]:
    """The environment for a `synd` subprocess: no SYND settings leak in from the caller."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("SYND")}
    base["PYTHONPATH"] = str(ROOT)
    return {**base, **extra}


def _utc(ts: datetime | None) -> str | None:
    return None if ts is None else (ts if ts.tzinfo else ts.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def snapshot(engine: Engine) -> dict[str, Any]:
    """Everything detection and ingest produce, keyed by URL, as comparable multisets."""
    with engine.connect() as conn:
        url = {r.article_id: r.url for r in conn.execute(select(articles.c.article_id, articles.c.url))}
        arts = Counter(
            (r.url, r.outlet, r.title, _utc(r.published), r.body_hash, r.detected_at is None)
            for r in conn.execute(select(articles))
        )
        paras = Counter(
            (url[r.article_id], r.seq, r.start_char, r.end_char, r.text_hash) for r in conn.execute(select(paragraphs))
        )
        bands = Counter((url[r.article_id], r.band_key) for r in conn.execute(lsh_index.all_rows()))
        sid = {}
        syn = Counter()
        for r in conn.execute(select(syndications)):
            key = (url[r.source_id], url[r.copy_id])
            sid[r.syndication_id] = key
            syn[(*key, r.relation, r.direction, r.attributed, r.copied_chars, r.copied_fraction, r.algo_version)] += 1
        pas = Counter(
            (sid[r.syndication_id], r.kind, r.seq, r.copy_start, r.copy_end, r.source_start, r.source_end)
            for r in conn.execute(select(passages))
        )
        boiler = Counter((r.outlet, r.text_hash, r.articles) for r in conn.execute(select(boilerplate)))
    return {"articles": arts, "paragraphs": paras, "lsh_bands": bands, "syndications": syn, "passages": pas,
            "boilerplate": boiler}


ORPHANS = {
    "paragraphs": "SELECT count(*) FROM paragraphs p LEFT JOIN articles a ON a.article_id = p.article_id WHERE a.article_id IS NULL",
    "lsh_bands": "SELECT count(*) FROM (SELECT article_id FROM lsh_bands UNION ALL SELECT article_id FROM lsh_bands_recent) b "
                 "LEFT JOIN articles a ON a.article_id = b.article_id WHERE a.article_id IS NULL",
    "syndications": "SELECT count(*) FROM syndications s LEFT JOIN articles a ON a.article_id = s.source_id "
                    "LEFT JOIN articles c ON c.article_id = s.copy_id WHERE a.article_id IS NULL OR c.article_id IS NULL",
    "passages": "SELECT count(*) FROM passages p LEFT JOIN syndications s ON s.syndication_id = p.syndication_id "
                "WHERE s.syndication_id IS NULL",
    "syndications_without_passages": "SELECT count(*) FROM syndications s WHERE NOT EXISTS "
                                     "(SELECT 1 FROM passages p WHERE p.syndication_id = s.syndication_id)",
    "articles_without_paragraphs": "SELECT count(*) FROM articles a WHERE NOT EXISTS "
                                   "(SELECT 1 FROM paragraphs p WHERE p.article_id = a.article_id)",
}


def orphans(engine: Engine) -> dict[str, int]:
    """Rows that point at nothing, or work half done: all must be zero."""
    with engine.connect() as conn:
        return {name: int(conn.execute(text(sql)).scalar_one()) for name, sql in ORPHANS.items()}


def duplicates(snap: dict[str, Any]) -> int:
    """Rows present more than once where the natural key must be unique."""
    n = sum(c - 1 for c in snap["syndications"].values() if c > 1)
    n += sum(c - 1 for c in Counter(k[0] for k in snap["articles"].elements()).values() if c > 1)
    n += sum(c - 1 for c in snap["paragraphs"].values() if c > 1)
    n += sum(c - 1 for c in snap["passages"].values() if c > 1)
    return n


def difference(a: dict[str, Any], b: dict[str, Any]) -> dict[str, int]:
    """Rows in one snapshot but not the other, per table (0 everywhere = identical)."""
    return {k: sum(((a[k] - b[k]) + (b[k] - a[k])).values()) for k in a}
