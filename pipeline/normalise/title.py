"""The page's headline, judged on the page's form, never on which site it is.

The declared titles (og:title, JSON-LD headline, twitter:title) are trusted, less a segment that
names the site. Without them the ``<title>`` tag is ``headline | section | site`` in some order,
or the site's name alone, and the first ``<h1>`` is often the logo. So the headline is, in order:
the on-page text (a heading, or a headline-classed element) that the declared or ``<title>`` text
contains, covering most of its story part; the declared title less its site segments; the
longest ``<title>`` segment that does not name the site. Measured on the gold titles of the
extraction corpora (tune split).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

_WORD = re.compile(r"\w+")
# " | ", " - ", " – ", " — ", " » ", " :: ", " : ", " > ", " -- ", " · " between spaces; "_" glued (a CMS joining fields)
_SEPARATOR = re.compile(r"\s+(?:[|\-–—»>:·•~]|::|--|>>)\s+|_(?=[A-Z])")
_PREFIX = re.compile(r"^([^:]{2,40}):\s+(?=\S)")  # "globeandmail.com: Blame game ..." (a site prefix only if it names the host)
_HEADLINE_ATTR = re.compile(r"headline|heading|title|storyhead|story-head", re.I)
_NOT_TEXT = frozenset(("title", "meta", "link", "script", "style", "input", "img", "option", "select", "textarea",
                       "html", "body", "head", "noscript", "iframe", "form", "ul", "ol", "table", "tbody", "tr"))
_TLD_LABELS = frozenset(("com", "co", "org", "net", "gov", "ac", "edu", "www", "news", "uk", "au", "nz", "ca", "in", "ie"))
_STOP = frozenset(("the", "and", "of", "a", "an", "on", "for", "in", "to", "at", "from"))
MAX_HEADLINE_CHARS = 300
MIN_COVER = 0.6  # share of the title's story segment a heading must cover to stand for it


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def site_hints(url: str | None, meta: dict[str, str]) -> tuple[str, set[str]]:
    """The host's name part ("belfasttelegraph" of www.belfasttelegraph.co.uk) and the page's own names for its site."""
    host = (urlsplit(url).hostname or "") if url and "//" in url else ""
    core = "".join(label for label in host.lower().split(".") if label not in _TLD_LABELS)
    names = {" ".join(_words(meta[k])) for k in ("og:site_name", "application-name") if meta.get(k)}
    return core, names


def names_site(segment: str, core: str, names: set[str]) -> bool:
    """A segment is the site's name when it is one the page gives, or every word of it is in the host name."""
    words = _words(segment)
    if not words:
        return True
    if " ".join(words) in names:
        return True
    if not core:
        return False
    content = [w for w in words if w not in _STOP and w not in ("www", "com", "online")]
    if not content:
        return False
    return all(w in core for w in content) and any(len(w) >= 3 for w in content)


def segments(text: str, core: str) -> list[str]:
    """The title's parts; a "Site: headline" prefix is split off only when it names the host."""
    parts = [p.strip() for p in _SEPARATOR.split(text) if p and p.strip()]
    out: list[str] = []
    for part in parts:
        m = _PREFIX.match(part)
        if m and core and names_site(m.group(1), core, set()):
            out += [m.group(1), part[m.end():]]
        else:
            out.append(part)
    return out


def strip_site(text: str, core: str, names: set[str]) -> str:
    """The title less leading and trailing segments that name the site."""
    parts = segments(text, core)
    while len(parts) > 1 and names_site(parts[-1], core, names):
        parts.pop()
    while len(parts) > 1 and names_site(parts[0], core, names):
        parts.pop(0)
    if len(parts) == len(segments(text, core)):
        return text
    return " - ".join(parts)


def _story_segment(text: str, core: str, names: set[str]) -> str:
    """The ``<title>`` part most likely the headline: the longest one that does not name the site."""
    parts = [p for p in segments(text, core) if not names_site(p, core, names)]
    return max(parts, key=lambda p: len(_words(p))) if parts else ""


def _is_logo(el: Any, core: str) -> bool:
    """A heading that is only a link to the site's front page."""
    links = list(el.iter("a"))
    if len(links) != 1:
        return False
    href = (links[0].get("href") or "").strip().lower()
    path = urlsplit(href).path if "//" in href else href
    return path in ("", "/", "/index.html", "/index.htm", "/index.php", "/default.aspx") or bool(
        core and "//" in href and urlsplit(href).path in ("", "/") and core in (urlsplit(href).hostname or ""))


def headings(tree: Any, core: str) -> list[str]:
    """Texts the page shows as a heading or marks as a headline, in page order, without logos."""
    out: list[str] = []
    for el in tree.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _NOT_TEXT:
            continue
        marked = tag in ("h1", "h2", "h3", "headline") or (el.get("itemprop") or "").lower() == "headline" or bool(
            _HEADLINE_ATTR.search(f"{el.get('class') or ''} {el.get('id') or ''}"))
        if not marked or _is_logo(el, core):
            continue
        text = _clean(el.text_content())
        if text and len(text) <= MAX_HEADLINE_CHARS and text not in out:
            out.append(text)
    return out


def _heading_in(ref: str, heads: list[str], core: str, names: set[str]) -> str | None:
    """The heading the reference title holds, covering most of the title's story part."""
    story = _words(_story_segment(ref, core, names)) or _words(ref)
    ref_words = set(_words(ref))
    best, best_cover = None, 0
    for head in heads:
        hw = _words(head)
        if not hw or sum(w in ref_words for w in hw) < 0.8 * len(hw):
            continue
        cover = len(set(hw) & set(story))
        if cover > best_cover:
            best, best_cover = head, cover
    if best is not None and best_cover >= MIN_COVER * len(set(story)):
        return best
    return None


def choose_title(tree: Any, meta: dict[str, str], ld: dict[str, Any], url: str | None) -> str | None:
    """The headline of the page (see the module docstring for the order)."""
    core, names = site_hints(url, meta)
    declared = next((_clean(c) for c in (meta.get("og:title"), ld.get("headline"), meta.get("twitter:title"))
                     if isinstance(c, str) and c.strip()), "")
    el = tree.find(".//title")
    page_title = _clean(el.text_content()) if el is not None else ""
    heads = headings(tree, core)
    for ref in (declared, page_title):
        if ref:
            found = _heading_in(ref, heads, core, names)
            if found:
                return found
    if declared:
        return strip_site(declared, core, names)
    if page_title:
        story = _story_segment(page_title, core, names)
        if story:
            return story
    return heads[0] if heads else None
