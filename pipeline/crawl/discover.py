"""Article URLs from RSS/Atom feeds, news sitemaps (and sitemap indexes) and seed lists."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

# No entities, no network, no huge trees: feeds come from strangers.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)


@dataclass
class Found:
    url: str
    published: str | None = None
    title: str | None = None


class FeedError(ValueError):
    """A feed or sitemap that cannot be read; the message says what was expected."""


def _root(body: bytes) -> etree._Element:
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not XML: {exc}") from exc
    if root is None:
        raise FeedError("empty or not XML")
    return root


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname.lower() if isinstance(el.tag, str) else ""


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el:
        if _local(child) in names and child.text and child.text.strip():
            return str(child.text.strip())
    return None


def parse_feed(body: bytes) -> list[Found]:
    """RSS 2.0, RSS 1.0 (RDF) or Atom entries, in document order."""
    root = _root(body)
    out: list[Found] = []
    kind = _local(root)
    if kind == "feed":  # Atom
        for entry in root.iter("{*}entry"):
            href = None
            for link in entry.iter("{*}link"):
                if link.get("rel", "alternate") == "alternate" and link.get("href"):
                    href = link.get("href")
                    break
            if href:
                out.append(Found(href.strip(), _child_text(entry, "published", "updated"), _child_text(entry, "title")))
    elif kind in ("rss", "rdf"):
        for item in root.iter("{*}item"):
            link = _child_text(item, "link") or (_child_text(item, "guid") if _is_permalink(item) else None)
            if link:
                out.append(Found(link, _child_text(item, "pubdate", "date"), _child_text(item, "title")))
    else:
        raise FeedError(f"root element <{kind}> is neither an RSS <rss>/<rdf:RDF> nor an Atom <feed>")
    return out


def _is_permalink(item: etree._Element) -> bool:
    for child in item:
        if _local(child) == "guid":
            return str(child.get("isPermaLink", "true")).lower() == "true"
    return False


def parse_sitemap(body: bytes) -> tuple[list[Found], list[str]]:
    """(article URLs, child sitemap URLs). News sitemaps give the publication date."""
    root = _root(body)
    kind = _local(root)
    if kind == "sitemapindex":
        return [], [loc for sm in root.iter("{*}sitemap") if (loc := _child_text(sm, "loc"))]
    if kind != "urlset":
        raise FeedError(f"root element <{kind}> is neither <urlset> nor <sitemapindex>")
    found = []
    for url in root.iter("{*}url"):
        loc = _child_text(url, "loc")
        if not loc:
            continue
        published = None
        title = None
        for news in url.iter("{*}news"):
            published = _child_text(news, "publication_date")
            title = _child_text(news, "title")
        found.append(Found(loc, published or _child_text(url, "lastmod"), title))
    return found, []


def parse_seed_list(text: str) -> list[Found]:
    """One URL a line; blank lines and # comments ignored."""
    return [Found(line.strip()) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@dataclass
class Selected:
    """What one pass over an outlet's discovered entries keeps."""

    todo: list[str]  # canonical URLs to fetch, in discovery order, at most the cap
    discovered: int = 0  # distinct canonical URLs on the outlet's own domains
    offsite: int = 0  # entries pointing off the outlet's domains


def select_urls(
    found: Iterable[Found], *, canonical: Callable[[str], str], keep: Callable[[str], bool],
    claim: Callable[[str], bool], cap: int,
) -> Selected:
    """Canonicalise, drop off-site and repeated URLs, and take the first ``cap`` that ``claim``
    grants, in one pass with a set: listing order is kept, and each entry costs O(1), so a feed of
    100,000 entries is as cheap per entry as one of 100 (a list membership test made it quadratic).
    Only URLs that will be fetched are claimed, so those past the cap stay free for another outlet."""
    out = Selected([])
    seen: set[str] = set()
    for f in found:
        url = canonical(f.url)
        if not keep(url):
            out.offsite += 1
            continue
        if url in seen:
            continue
        seen.add(url)
        if len(out.todo) < cap and claim(url):
            out.todo.append(url)
    out.discovered = len(seen)
    return out
