"""One raw record (from a dump, a file, a WARC or the crawler) → one clean article, or a reject."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from pipeline.config import NormaliseSettings
from pipeline.normalise.dates import parse_published
from pipeline.normalise.html import extract_page
from pipeline.normalise.matchtext import match_form
from pipeline.normalise.segment import join_paragraphs, paragraph_spans
from pipeline.normalise.text import text_paragraphs


class RejectError(ValueError):
    """A record that cannot become an article; the message is the reason stored in ``rejects``."""


@dataclass
class RawRecord:
    """What a source yields: either html or text, plus whatever metadata the source knew."""

    origin: str
    locator: str  # where the record came from, for error messages: file:line, WARC offset, URL
    url: str | None = None
    outlet: str | None = None
    published: Any = None
    title: str | None = None
    html: str | bytes | None = None
    text: str | None = None
    raw_key: str | None = None
    error: str | None = None  # set by the source when the record itself is unreadable


@dataclass
class Article:
    url: str
    outlet: str
    body: str
    origin: str
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    published_raw: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    links: list[str] = field(default_factory=list)
    raw_key: str | None = None

    @property
    def body_hash(self) -> str:
        return hashlib.sha256(self.body.encode()).hexdigest()

    @property
    def paragraph_spans(self) -> list[tuple[int, int]]:
        return paragraph_spans(self.body)


MAX_URL_CHARS = 2048  # longer "URLs" are junk, and PostgreSQL cannot index them
MAX_OUTLET_CHARS = 200  # articles.outlet is String(200)


def clean_text(value: str | None) -> str | None:
    """Text every backend can store: no NUL (PostgreSQL refuses it), no lone surrogates (legal in
    JSON strings, unencodable in UTF-8)."""
    if value is None:
        return None
    value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def normalise_record(
    rec: RawRecord,
    settings: NormaliseSettings,
    outlet_for_host: dict[str, str] | None = None,
) -> Article:
    """Raise RejectError with a reason that names the fix when the record cannot be used."""
    if rec.error:
        raise RejectError(rec.error)
    if not rec.url or not isinstance(rec.url, str):
        raise RejectError("missing 'url': every article needs the URL it was published at")
    if len(rec.url) > MAX_URL_CHARS:
        raise RejectError(f"url is {len(rec.url)} chars, over {MAX_URL_CHARS}; give the article's real URL")
    if clean_text(rec.url) != rec.url or any(c.isspace() or ord(c) < 32 for c in rec.url):
        raise RejectError(f"url {rec.url[:200]!r} holds whitespace, control or unencodable characters")
    parts = urlsplit(rec.url)
    if parts.scheme not in ("http", "https", "file") or not (parts.hostname or parts.scheme == "file"):
        raise RejectError(f"url {rec.url[:200]!r} is not an absolute http(s) URL")
    if rec.html is None and rec.text is None:
        raise RejectError("neither 'html' nor 'text' given")
    if rec.html is not None and not isinstance(rec.html, str | bytes):
        raise RejectError(f"'html' must be a string, got {type(rec.html).__name__}")
    if rec.text is not None and not isinstance(rec.text, str):
        raise RejectError(f"'text' must be a string, got {type(rec.text).__name__}")

    title = rec.title if isinstance(rec.title, str) else None
    published_raw: Any = rec.published
    author = canonical = language = None
    links: list[str] = []
    if rec.html is not None:
        if len(rec.html) > settings.max_html_bytes:
            raise RejectError(
                f"page is {len(rec.html)} bytes, over normalise.max_html_bytes={settings.max_html_bytes}"
            )
        if isinstance(rec.html, bytes) and b"\x00" in rec.html[:4096]:
            raise RejectError("page is binary, not HTML")
        try:
            page = extract_page(rec.html, rec.url)
        except ValueError as exc:
            raise RejectError(str(exc)) from exc
        paragraphs = page.paragraphs
        title = title or page.title
        published_raw = published_raw or page.published
        author, canonical, language, links = page.author, page.canonical_url, page.language, page.links
    else:
        paragraphs = text_paragraphs(rec.text or "")
    if paragraphs and title and match_form(paragraphs[0]) == match_form(title):
        paragraphs = paragraphs[1:]  # the headline repeated as the first line

    body = join_paragraphs(paragraphs)
    if len(body) < settings.min_body_chars:
        raise RejectError(
            f"no article text found ({len(body)} chars, need normalise.min_body_chars={settings.min_body_chars})"
        )
    try:
        published = parse_published(published_raw)
    except ValueError as exc:
        raise RejectError(f"'published': {exc}") from exc
    host = host_of(rec.url)
    outlet = rec.outlet if isinstance(rec.outlet, str) and rec.outlet.strip() else None
    outlet = clean_text(outlet or (outlet_for_host or {}).get(host) or host) or host
    if len(outlet.strip()) > MAX_OUTLET_CHARS:
        raise RejectError(f"outlet name is {len(outlet.strip())} chars, over {MAX_OUTLET_CHARS}")
    return Article(
        url=rec.url,
        outlet=outlet.strip(),
        body=clean_text(body) or "",
        origin=rec.origin,
        title=clean_text(" ".join(title.split())) if title else None,
        author=clean_text(author),
        published=published,
        published_raw=clean_text(str(published_raw)[:100]) if published_raw is not None else None,
        canonical_url=clean_text(canonical)[:MAX_URL_CHARS] if canonical else None,  # type: ignore[index]
        language=clean_text(language)[:16] if language else None,  # type: ignore[index]
        links=links,
        raw_key=rec.raw_key,
    )
