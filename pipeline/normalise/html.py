"""HTML page → title, paragraphs and metadata.

trafilatura finds the main text; our own pass over the parsed tree reads the metadata that
trafilatura reduces to a date (published time with timezone, canonical URL, language) and
the links inside body paragraphs, which credit detection needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import lxml.html
import trafilatura
from lxml import etree


@dataclass
class PageFields:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    site_name: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datePublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "pubdate",
    "publishdate",
    "sailthru.date",
)


def _meta(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in out:
            out[key] = content.strip()
    return out


def _json_ld(tree: Any) -> dict[str, Any]:
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:
            data = json.loads(el.text)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict) and ("datePublished" in item or "headline" in item):
                return item
    return {}


def _metadata(tree: Any, url: str | None) -> PageFields:
    meta = _meta(tree)
    ld = _json_ld(tree)
    fields = PageFields()
    fields.published = next((meta[k.lower()] for k in _PUBLISHED_META if k.lower() in meta), None)
    if not fields.published and isinstance(ld.get("datePublished"), str):
        fields.published = ld["datePublished"]
    if not fields.published:
        for el in tree.iter("time"):
            if el.get("datetime"):
                fields.published = el.get("datetime")
                break
    canonical = next(
        (el.get("href") for el in tree.iter("link") if "canonical" in (el.get("rel") or "").lower().split()),
        None,
    ) or meta.get("og:url")
    fields.canonical_url = urljoin(url or "", canonical) if canonical else None
    fields.title = meta.get("og:title") or (ld.get("headline") if isinstance(ld.get("headline"), str) else None)
    fields.author = meta.get("author") or meta.get("article:author")
    fields.site_name = meta.get("og:site_name")
    lang = tree.get("lang") or meta.get("content-language") or meta.get("og:locale")
    fields.language = lang.split("-")[0].split("_")[0].lower() if lang else None
    fields.links = sorted(
        {urljoin(url or "", a.get("href")) for p in tree.iter("p") for a in p.iter("a") if a.get("href")}
    )
    return fields


def parse_html(html: str | bytes) -> Any:
    """Parse with lxml; raises ValueError when there is no document to read."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"not parseable as HTML: {exc}") from exc
    return tree


def extract_page(html: str | bytes, url: str | None = None) -> PageFields:
    """Main text and metadata of one page. Paragraphs may be empty: the caller decides."""
    tree = parse_html(html)
    fields = _metadata(tree, url)
    doc = trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
    )
    if doc is not None:
        text = getattr(doc, "text", None) or ""
        fields.paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
        fields.title = fields.title or getattr(doc, "title", None)
        fields.author = fields.author or getattr(doc, "author", None)
        fields.published = fields.published or getattr(doc, "date", None)
        fields.site_name = fields.site_name or getattr(doc, "sitename", None)
        fields.language = fields.language or getattr(doc, "language", None)
    if not fields.title:
        title = tree.find(".//title")
        fields.title = title.text_content().strip() if title is not None else None
    return fields


def canonical_from_html(html: str | bytes) -> str | None:
    """The page's own canonical URL, for files that arrive without one."""
    try:
        return _metadata(parse_html(html), None).canonical_url or None
    except ValueError:
        return None
