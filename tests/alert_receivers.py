"""Real local receivers for alert tests: an HTTP server on loopback, and warehouse seeding."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import insert

from pipeline.warehouse import db
from pipeline.warehouse.schema import articles, passages, syndications


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    body: Any
    status: int


@dataclass
class Receiver:
    """Answers POSTs with ``fail_status`` for the first ``fail_first`` requests, then 200."""

    port: int = 0
    fail_first: int = 0
    fail_status: int = 500
    on_request: Callable[[Hit], None] | None = None
    hits: list[Hit] = field(default_factory=list)

    def __post_init__(self) -> None:
        recv = self
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                data = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with lock:
                    status = recv.fail_status if len(recv.hits) < recv.fail_first else 200
                    hit = Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(data), status)
                    recv.hits.append(hit)
                if recv.on_request:
                    recv.on_request(hit)
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"try later")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def accepted(self) -> list[Hit]:
        return [h for h in self.hits if h.status == 200]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as http.server binds
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def seed(url: str, pairs: list[dict[str, Any]]) -> list[int]:
    """Insert article pairs and their syndications; each dict may set source/copy outlet, relation,
    attributed, fraction. Returns the syndication ids."""
    engine = db.connect(url)
    ids = []
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for p in pairs:
            art = {}
            for side in ("source", "copy"):
                outlet = p.get(side, side)
                tag = uuid.uuid4().hex[:8]
                body = f"{side} body {tag} " + "words " * 50
                art[side] = conn.execute(
                    insert(articles).values(
                        url=f"https://{outlet}.example/{tag}", outlet=outlet, title=f"{outlet} headline {tag}",
                        body=body, body_hash=tag, origin="test", ingested_at=now, published=now,
                    )
                ).inserted_primary_key[0]
            sid = conn.execute(
                insert(syndications).values(
                    source_id=art["source"], copy_id=art["copy"], relation=p.get("relation", "republication"),
                    direction="known", confidence=1.0, attributed=p.get("attributed", False),
                    copied_chars=100, copied_fraction=p.get("fraction", 0.5), source_coverage=0.5,
                    added_chars=10, removed_chars=0, algo_version="test", detected_at=now,
                )
            ).inserted_primary_key[0]
            conn.execute(insert(passages).values(
                syndication_id=sid, kind="copied", seq=0, copy_start=0, copy_end=20, source_start=0, source_end=20,
                text=f"the copied passage of {sid}",
            ))
            ids.append(int(sid))
    return ids
