"""The web view: syndication list with filters, side by side, outlet network, confirm/reject.

Read-only except for one insert into ``verdicts``. Every page is rendered with autoescape, and
a Content-Security-Policy forbids all scripts, so a hostile article renders as inert text.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from sqlalchemy import Connection, Engine, case, func, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import aliased

from pipeline.report.cases import VERDICTS, Filters, list_cases, load_case, outlets, relation_counts
from pipeline.report.network import RELATIONS, draw_graph, outlet_graph
from pipeline.report.templating import environment
from pipeline.warehouse import db
from pipeline.warehouse.schema import articles, outlet_groups, passages, syndications, verdicts

CSP = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
MAX_FORM_BYTES = 10_000
MAX_PAGE = 1_000_000  # a page number beyond any real list; larger ones would overflow the OFFSET
MAX_ID = 2**63 - 1  # the largest id an integer column holds (SQLite INTEGER, PostgreSQL BIGINT)
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def host_name(host: str) -> str:
    """The name in a Host header or an allowed-host entry, without port or IPv6 brackets."""
    h = host.strip().lower().rstrip(".")
    if h.startswith("["):
        return h[1:h.find("]")] if "]" in h else h[1:]
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise HTTPException(400, f"{name}={value!r} is not a date; use YYYY-MM-DD") from exc


def _known_id(syndication_id: int) -> int:
    """An id no integer column can hold names no syndication: 404, before the database driver
    fails to convert it (a 500)."""
    if not 0 < syndication_id <= MAX_ID:
        raise HTTPException(404, f"no syndication {syndication_id}")
    return syndication_id


def change_key(conn: Connection) -> tuple[Any, ...]:
    """What changes whenever the outlet network can: articles and syndications written or removed
    (counts, newest ids and times) and the publisher groups. A few aggregate reads, against the
    seconds a drawing costs."""
    arts = conn.execute(select(func.count(), func.max(articles.c.article_id), func.max(articles.c.ingested_at))).one()
    syns = conn.execute(select(func.count(), func.max(syndications.c.syndication_id),
                               func.max(syndications.c.detected_at),
                               func.sum(case((syndications.c.same_group.is_(True), 1), else_=0)))).one()
    groups = tuple(conn.execute(select(outlet_groups.c.outlet, outlet_groups.c.group_name)
                                .order_by(outlet_groups.c.outlet)).tuples())
    return (*(str(v) for v in (*arts, *syns)), groups)


def _filters(request: Request) -> Filters:
    q = request.query_params
    relation = q.get("relation") or None
    if relation and relation not in RELATIONS:
        raise HTTPException(400, f"relation={relation!r}; choose one of {', '.join(RELATIONS)}")
    attributed = {"yes": True, "no": False, "": None}.get(q.get("attributed", ""))
    verdict = q.get("verdict") or None
    if verdict and verdict not in (*VERDICTS, "none"):
        raise HTTPException(400, f"verdict={verdict!r}; choose confirm, reject or none")
    return Filters(
        outlet=q.get("outlet") or None,
        date_from=_date(q.get("from"), "from"),
        date_to=_date(q.get("to"), "to"),
        relation=relation,
        attributed=attributed,
        verdict=verdict,
    )


def verdict_subject(conn: Connection, syndication_id: int) -> dict[str, Any] | None:
    """What a verdict on this row judges: the article pair by URL (which re-detection keeps), the
    bodies' hashes and the algorithm version and copied spans shown, so a later change of either
    text marks the verdict stale instead of silently carrying it over."""
    src, cp = aliased(articles), aliased(articles)
    row = conn.execute(
        select(src.c.url.label("source_url"), cp.c.url.label("copy_url"), src.c.body_hash.label("source_hash"),
               cp.c.body_hash.label("copy_hash"), syndications.c.algo_version)
        .join(src, src.c.article_id == syndications.c.source_id)
        .join(cp, cp.c.article_id == syndications.c.copy_id)
        .where(syndications.c.syndication_id == syndication_id)
    ).first()
    if row is None:
        return None
    spans = [list(p) for p in conn.execute(
        select(passages.c.copy_start, passages.c.copy_end, passages.c.source_start, passages.c.source_end)
        .where(passages.c.syndication_id == syndication_id, passages.c.kind == "copied").order_by(passages.c.seq))]
    return {**row._asdict(), "spans": spans}


def create_app(engine: Engine, *, page_size: int = 100, allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The app on ``engine``'s warehouse. Pages read through a read-only engine (`db.read_only`),
    so no route but the verdict form can change the warehouse, whatever a bug in it tries.
    Requests must name an allowed Host (localhost and ``allowed_hosts``; "*" allows any): a
    DNS-rebinding page on another name, resolving to this server, gets nothing."""
    app = FastAPI(title="synd", docs_url=None, redoc_url=None, openapi_url=None)
    writer, engine = engine, db.read_only(engine.url.render_as_string(hide_password=False))
    app.state.reader = engine
    env = environment()

    def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    allowed = {host_name(h) for h in (*LOCAL_HOSTS, *allowed_hosts)}

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        host = request.headers.get("host", "")
        response: Response
        if "*" not in allowed and host_name(host) not in allowed:
            response = PlainTextResponse(
                f"Host {host[:200]!r} is not served here; start `synd serve --allowed-host NAME` to allow a name",
                status_code=400,
            )
        else:
            response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with the
        # app's own form posts, which could then not be told from a forged one; other sites still
        # get no referrer
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    @app.exception_handler(OperationalError)
    async def cannot_write(request: Request, exc: OperationalError) -> Response:
        """A verdict on a warehouse this server may not write (a read-only folder, file or
        database user): say so, instead of a bare 500."""
        text = str(exc.orig)
        if not any(s in text for s in ("readonly database", "read-only", "unable to open database file")):
            raise exc
        return PlainTextResponse("the warehouse is read-only here, so verdicts cannot be recorded; run `synd serve` "
                                 f"where it is writable ({text.splitlines()[0][:200]})", status_code=503)

    @app.get("/", response_class=HTMLResponse)
    def index(request: Request, page: Annotated[int, Query(ge=0, le=MAX_PAGE)] = 0) -> HTMLResponse:
        f = _filters(request)
        with engine.connect() as conn:
            rows = list_cases(conn, f, limit=page_size + 1, offset=page * page_size)
            names, counts = outlets(conn), relation_counts(conn)
        params = {k: v for k, v in request.query_params.items() if k != "page" and v}
        return render(
            "list.html", rows=rows[:page_size], outlets=names, counts=counts, f=f, relations=RELATIONS,
            q=dict(request.query_params), page=page,
            next_url=f"/?{urlencode({**params, 'page': page + 1})}" if len(rows) > page_size else None,
            prev_url=f"/?{urlencode({**params, 'page': page - 1})}" if page > 0 else None,
        )

    @app.get("/syndications/{syndication_id}", response_class=HTMLResponse)
    def case_page(syndication_id: int) -> HTMLResponse:
        with engine.connect() as conn:
            found = load_case(conn, _known_id(syndication_id))
        if found is None:
            raise HTTPException(404, f"no syndication {syndication_id}")
        return render("case.html", case=found)

    @app.get("/syndication/{syndication_id}")
    def old_alert_link(syndication_id: int) -> RedirectResponse:
        """Alerts planned before the link was fixed point here; they stay valid."""
        return RedirectResponse(f"/syndications/{_known_id(syndication_id)}", status_code=308)

    @app.post("/syndications/{syndication_id}/verdict")
    async def verdict(syndication_id: int, request: Request) -> RedirectResponse:
        # Another site's page must not post verdicts through a researcher's browser: browsers send
        # Origin with every form POST, so one that is missing, "null" (a sandboxed frame, a data:
        # URL) or another site's is refused.
        origin = request.headers.get("origin") or ""
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != request.headers.get("host", "").lower():
            raise HTTPException(403, f"verdict posted from origin {origin[:200]!r}; post from this app's own pages "
                                     "(a script must send Origin: the app's own http://host:port)")
        # The form is parsed by hand (no python-multipart): two short fields, bounded in size.
        raw = await request.body()
        if len(raw) > MAX_FORM_BYTES:
            raise HTTPException(413, "form too large")
        form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
        choice = form.get("verdict", "")
        if choice not in VERDICTS:
            raise HTTPException(400, f"verdict={choice!r}; choose confirm or reject")
        _known_id(syndication_id)
        with writer.begin() as conn:  # the one write: a verdict
            judged = verdict_subject(conn, syndication_id)
            if judged is None:
                raise HTTPException(404, f"no syndication {syndication_id}")
            conn.execute(insert(verdicts).values(
                syndication_id=syndication_id, verdict=choice,
                reviewer=(form.get("reviewer") or "").strip()[:200] or None,
                note=(form.get("note") or "").strip()[:2000] or None,
                at=datetime.now(UTC), **judged,
            ))
        return RedirectResponse(f"/syndications/{syndication_id}", status_code=303)

    @app.get("/network", response_class=HTMLResponse)
    def network() -> HTMLResponse:
        with engine.connect() as conn:
            g = outlet_graph(conn)
        edges = sorted(
            ({"source": u, "copier": v, **d} for u, v, d in g.edges(data=True)),
            key=lambda e: (-e["count"], e["source"], e["copier"]),
        )
        return render("network.html", edges=edges)

    svg_cache: dict[str, Any] = {}  # the one drawing kept: its change key, ETag and bytes
    svg_lock = threading.Lock()

    @app.get("/network.svg")
    def network_svg(request: Request) -> Response:
        """Drawn once per change of the warehouse (`change_key`), not per request: a drawing
        costs seconds of CPU. One request draws while the others wait for it."""
        with svg_lock:
            with engine.connect() as conn:
                key = change_key(conn)
                if svg_cache.get("key") != key:
                    g = outlet_graph(conn)
                    with tempfile.TemporaryDirectory() as tmp:
                        data = draw_graph(g, Path(tmp) / "network.svg").read_bytes()
                    etag = '"' + hashlib.sha256(repr(key).encode()).hexdigest()[:32] + '"'
                    svg_cache.update(key=key, etag=etag, data=data)
            etag, data = svg_cache["etag"], svg_cache["data"]
        headers = {"ETag": etag, "Cache-Control": "no-cache"}  # a browser asks again, and gets a 304
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(data, media_type="image/svg+xml", headers=headers)

    return app
