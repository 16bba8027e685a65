"""HTML page → title, paragraphs and metadata, from one lxml parse.

The page is decoded (BOM, strict UTF-8, the declared charset, then a detector), parsed once
with lxml, and read twice over the same tree: our metadata pass (published time with its
offset, author, canonical URL, language, JSON-LD) and the body. For the body, reader-comment, author-box,
related-link, newsletter, cookie, share and caption blocks are pruned first (plus the outlet's
own ``css.drop`` selectors); an outlet ``css.body`` selector wins when it matches; otherwise
trafilatura finds the main text, a layout-table cell's glued menu runs and furniture tails are
split off, a layout cell holding the story is printed as the story's own lines, a pass drops
leftover lines (share prompts, ad labels, photo credits, teaser rows, runs of dated list lines),
a body that uses none of the headline's words gives way to the block that does (blocks.py), and
the page's own JSON-LD ``articleBody`` settles what the rules got wrong.
Combinations were measured on the tune split of ``make eval-extract``.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError
from trafilatura.core import _forum_thread_page, _prepare_tree, trafilatura_sequence
from trafilatura.external import compare_extraction
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH, REMOVE_COMMENTS_XPATH

from pipeline.normalise.blocks import (
    article_blocks,
    description_block,
    description_share,
    headline_block,
    headline_share,
    keep_story_article,
    may_hold_container,
    missed_container,
    off_headline,
    story_container,
)
from pipeline.normalise.charset import decode_page
from pipeline.normalise.furniture import (
    MAX_PROMPT_CHARS,
    comment_prompt_hints,
    cut_glued_tail,
    furniture_tail,
    is_byline,
    is_comment_prompt,
    is_comments_heading,
    is_credit_line,
    is_furniture_line,
    is_quote_row,
    is_story_list_heading,
    lead_byline_end,
    quote_box_runs,
    stamp_credit,
)
from pipeline.normalise.htmltrim import trim_body
from pipeline.normalise.language import guess_language, normalise_language
from pipeline.normalise.linedom import LineDom
from pipeline.normalise.matchtext import match_form
from pipeline.normalise.title import choose_title


@dataclass
class PageFields:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    locale: str | None = None  # og:locale / html lang as written (en_GB), for ambiguous dates
    site_name: str | None = None
    article_body: str | None = None  # JSON-LD articleBody, when the page has one
    # who the page credits in its metadata (author, rights holder, publisher, source
    # organisation): agency carriers often name the agency only there
    credits: list[str] = field(default_factory=list)
    # texts the page marks up as quotations (<blockquote>, <q>): the marks are lost in the text
    quotations: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- decoding and parsing

_MAGIC = {
    b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "gzip-compressed data", b"RIFF": "a RIFF media file",
}


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


def sniff_binary(data: bytes) -> str | None:
    """What the bytes are when they are clearly not a page, else None."""
    head = data[:8192]
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    # A byte-order mark says how to read the text: UTF-16/32 pages are full of NUL bytes, so judge
    # their characters, not their bytes (UTF-32 first: its LE mark begins with UTF-16's).
    for bom, codec, unit in ((b"\xff\xfe\x00\x00", "utf-32-le", 4), (b"\x00\x00\xfe\xff", "utf-32-be", 4),
                             (b"\xef\xbb\xbf", "utf-8", 1), (b"\xff\xfe", "utf-16-le", 2), (b"\xfe\xff", "utf-16-be", 2)):
        if head.startswith(bom):
            body = head[len(bom):]
            head = body[: len(body) // unit * unit].decode(codec, errors="replace").encode("utf-8")
            break
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls > 0.05 * len(head):
        return "binary data (control bytes)"
    return None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Bytes → str, with the one decoder the crawler uses too (`normalise.charset`): a byte-order
    mark, UTF-8 (also with a stray bad byte), the declared charset as browsers read it, a detector."""
    return decode_page(data, content_type)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTROL_AS_BYTES = bytes([*range(9), 11, 12, *range(14, 32)])  # the characters _CONTROL matches


def _has_control(html: str) -> bool:
    """``_CONTROL.search(html)``, a third of the time: in UTF-8 each of those characters is one
    byte that no other character's bytes hold, and deleting bytes is one C loop where the
    pattern is tried at every position."""
    data = html.encode("utf-8", "surrogatepass")
    return len(data.translate(None, _CONTROL_AS_BYTES)) != len(data)

_PARSERS = threading.local()  # an lxml parser must not be shared between threads


def _parser() -> etree.HTMLParser:
    """lxml.html's own parser picks each element's Python class through a Python callback, once
    per element proxy (millions over trafilatura's passes: ~15% of extraction time, measured on
    the tune split). Here every element is a plain HtmlElement, chosen in C: trafilatura and we
    use only HtmlElement's methods, and the extracted text is the same. No table of ``id``
    attributes either (as trafilatura parses): nothing looks an element up by it, and building it
    was ~8% of parsing."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.HTMLParser(collect_ids=False)
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity,
        ))
    return parser
_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.I)
_TITLE_CLOSE = re.compile(r"</title", re.I)
_HEAD_MARKUP = re.compile(r"<(?:!--|/?(?:script|meta|link|style|head|body)\b)", re.I)


def _close_title(html: str) -> str:
    """A ``<title>`` never closed makes the parser read the rest of the page as title text (the
    body is then empty): close it at the next tag, since a title holds no markup."""
    m = _TITLE_OPEN.search(html, 0, 200_000)
    if m is None:
        return html
    close = _TITLE_CLOSE.search(html, m.end())
    if close is not None:
        # a title holds no markup: a comment or a head tag inside it means a mangled head swallowed
        # into the title (the page's own text goes on at that tag)
        inner = _HEAD_MARKUP.search(html, m.end(), close.start())
        return html if inner is None else f"{html[:inner.start()]}</title>{html[inner.start():]}"
    if "</title" in html:
        return html
    end = html.find("<", m.end())
    return html if end < 0 else f"{html[:end]}</title>{html[end:]}"


# libxml2 (2.14) stops reading at a ``</html>`` and puts whatever follows a ``</body>`` outside
# the body; browsers ignore both. An ad or widget snippet pasted whole into a page carries its own
# ``</body></html>``, and the story after it was lost (checked with lxml directly).
_CLOSER = re.compile(r"</(?:body|html)\b[^>]*>", re.I)
_RAW = r"<!--.*?(?:-->|\Z)|<(script|style|textarea|title|iframe|xmp)\b.*?(?:</\1\s*>|\Z)"  # their text is no markup
_INVISIBLE = re.compile(_RAW + r"|<[^>]*>|&nbsp;|&#160;", re.S | re.I)
_RAW_OR_CLOSER = re.compile(_RAW + r"|</(?:body|html)\b[^>]*>", re.S | re.I)
STRAY_CLOSERS = True
STRAY_TAIL_WORDS = 3  # words of visible text after a closer that make it stray (not a tracker pixel)


def _visible_words(html: str, n: int) -> bool:
    """Whether the markup shows at least ``n`` words (outside tags, comments and scripts)."""
    return len(_INVISIBLE.sub(" ", html).split(None, n)) >= n


def _drop_stray_closers(html: str) -> str:
    """``html`` without the ``</body>``/``</html>`` tags that more visible text follows: the
    document's own closers at its end stay, as does a tail of scripts, pixels and comments.
    One search settles the common page (nothing visible after its first closer)."""
    first = _CLOSER.search(html)
    if first is None or not STRAY_CLOSERS or not _visible_words(html[first.end():], STRAY_TAIL_WORDS):
        return html
    # closers that are tags, not text of a script, a comment or a textarea
    closers = [m.span() for m in _RAW_OR_CLOSER.finditer(html) if m.group(0)[1] == "/"]
    stray = next((k for k in range(len(closers) - 1, -1, -1)
                  if _visible_words(html[closers[k][1]:], STRAY_TAIL_WORDS)), -1)
    if stray < 0:
        return html
    out, at = [], 0
    for start, end in closers[: stray + 1]:
        out.append(html[at:start])
        at = end
    return "".join(out) + html[at:]


_BROKEN_ROOT = re.compile(r"^(.{0,2000}?<html)\b[^<]*", re.S | re.I)
_XML_DECL = re.compile(r"^\s*<\?xml(?:[^>]*\?>|.{0,4000}?\?>|[^>]*>)", re.S)


def parse_html(html: str | bytes) -> Any:
    """Parse with lxml; raises ValueError when there is no document to read."""
    if isinstance(html, bytes):
        html = decode_html(html)
    if not html.strip():
        raise ValueError("empty page")
    if _has_control(html):  # lxml refuses text holding C0 controls (a stray BEL in a title)
        html = _CONTROL.sub("", html)
    if html.lstrip().startswith("<?xml"):
        # lxml refuses str input with an encoding declaration; a mangled one may hold ">" too
        html = _XML_DECL.sub("", html, count=1)
    html = _drop_stray_closers(_close_title(html))
    try:
        tree = lxml.html.document_fromstring(html, parser=_parser())
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"not parseable as HTML: {exc}") from exc
    if len(html) > 2000 and not any(t.strip() for t in tree.itertext()) and _BROKEN_ROOT.search(html):
        # a mangled root tag (an unclosed attribute quote) swallowed the page: keep the bare tag
        tree = lxml.html.document_fromstring(_BROKEN_ROOT.sub(r"\1>", html, count=1), parser=_parser())
    return tree


# ---------------------------------------------------------------- metadata

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "dc.date",
    "dc.date.issued", "dcterms.created", "pubdate", "publishdate", "publish-date", "sailthru.date",
    "parsely-pub-date", "article.published", "published_time", "original-publish-date",
)
_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "webpage", "liveblogposting", "scholarlyarticle", "report"}


_TAG = re.compile(r"<[^>]{0,500}>")


def _meta(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        content = el.get("content")
        if key and content and content.strip() and key not in out:
            out[key] = content.strip()
    return out


def _ld_items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for x in data:
            yield from _ld_items(x)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_items(data["@graph"])


_JSON = json.JSONDecoder(strict=False)


def _json_ld(tree: Any) -> dict[str, Any]:
    """The page's article object in JSON-LD (an Article type first, else anything with a headline)."""
    best: dict[str, Any] = {}
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json" or not el.text:
            continue
        try:  # the first JSON value: some sites follow it with junk (a stray "}," and a // comment)
            data, _ = _JSON.raw_decode(el.text.strip())
        except ValueError:
            continue
        for item in _ld_items(data):
            types = item.get("@type")
            types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
            if {str(t).lower() for t in types} & _ARTICLE_TYPES and ("headline" in item or "articleBody" in item):
                return item
            if not best and ("datePublished" in item or "headline" in item):
                best = item
    return best


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _clean_author(value: str | None) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    if value.startswith(("http://", "https://")):
        return None  # article:author is often a profile URL
    value = re.sub(r"^(by|von|par|por)\s+", "", value, flags=re.I).strip(" ,|")
    return value[:200] or None


# Metadata that names who wrote, owns or supplied the text (not the site's own furniture).
_CREDIT_META = (
    "author", "byl", "dc.creator", "dcterms.creator", "article:author", "sailthru.author", "parsely-author",
    "copyright", "rights", "dc.rights", "dcterms.rights", "dc.rightsholder", "dcterms.rightsholder",
    "dc.publisher", "dcterms.publisher", "dc.source", "dcterms.source", "source", "original-source", "syndication-source",
)
_CREDIT_LD = ("author", "creator", "publisher", "sourceOrganization", "copyrightHolder", "provider")
MAX_CREDITS = 12


def _credits(meta: dict[str, str], ld: dict[str, Any]) -> list[str]:
    """The names the page credits in its metadata, in order, each once (at most MAX_CREDITS of
    200 characters). Profile URLs are kept: a feed address (syndication-source) can name an agency."""
    out: list[str] = []
    values = [meta.get(k) for k in _CREDIT_META] + [n for k in _CREDIT_LD for n in _names(ld.get(k))]
    for value in values:
        if not isinstance(value, str):
            continue
        value = " ".join(html_lib.unescape(value).split())[:200]
        if value and value not in out:
            out.append(value)
    return out[:MAX_CREDITS]


MAX_QUOTATIONS = 50
MAX_QUOTATION_CHARS = 5000  # a <blockquote> longer than this indents a page; it quotes no one


def _quotations(tree: Any) -> list[str]:
    """Texts of the page's quotation elements, whitespace-normalised, three words or more."""
    out: list[str] = []
    for el in tree.iter("blockquote", "q"):
        text = " ".join(el.text_content().split())
        if len(text.split()) >= 3 and len(text) <= MAX_QUOTATION_CHARS and text not in out:
            out.append(text)
            if len(out) >= MAX_QUOTATIONS:
                break
    return out


def _title_text(tree: Any, meta: dict[str, str], ld: dict[str, Any], url: str | None = None) -> str | None:
    """The headline: see `normalise.title` (the first <h1> is often the logo, <title> the site's name)."""
    return choose_title(tree, meta, ld, url)


def _metadata(tree: Any, url: str | None) -> PageFields:
    meta = _meta(tree)
    ld = _json_ld(tree)
    fields = PageFields()
    fields.published = next((meta[k] for k in _PUBLISHED_META if k in meta), None)
    if not fields.published and isinstance(ld.get("datePublished"), str):
        fields.published = ld["datePublished"]
    if not fields.published:
        for el in tree.iter("time"):
            if el.get("datetime") and (el.get("itemprop") == "datePublished" or "pub" in (el.get("class") or "")):
                fields.published = el.get("datetime")
                break
        else:
            first = next((el for el in tree.iter("time") if el.get("datetime")), None)
            fields.published = first.get("datetime") if first is not None else None
    canonical = next(
        (el.get("href") for el in tree.iter("link") if "canonical" in (el.get("rel") or "").lower().split() and el.get("href")),
        None,
    ) or meta.get("og:url")
    fields.canonical_url = urljoin(url or "", canonical.strip()) if canonical else None
    fields.title = _title_text(tree, meta, ld, url)
    authors = _names(ld.get("author"))
    fields.author = _clean_author(
        meta.get("author") or (", ".join(authors) if authors else None) or meta.get("article:author")
        or meta.get("dc.creator") or meta.get("parsely-author") or meta.get("sailthru.author")
    )
    fields.site_name = meta.get("og:site_name")
    fields.credits = _credits(meta, ld)
    fields.quotations = _quotations(tree)
    body = ld.get("articleBody")
    if isinstance(body, str) and body.strip():
        body = html_lib.unescape(_TAG.sub(" ", body)) if "<" in body or "&" in body else body
        fields.article_body = body.strip()
    fields.locale = tree.get("lang") or meta.get("og:locale") or meta.get("content-language")
    fields.language = normalise_language(fields.locale)
    hrefs = {a.get("href") for p in tree.iter("p") for a in p.iter("a")}
    fields.links = sorted(
        {urljoin(url or "", h) for h in hrefs if h and not h.startswith(("#", "javascript:", "mailto:"))}
    )
    return fields


# ---------------------------------------------------------------- body

# Blocks that are never article text, by a token in their class or id. The tokens were chosen
# on the tune split; each is specific enough that article containers do not carry it.
_PRUNE_TAGS = ("div", "section", "aside", "ul", "ol", "form", "footer", "figure", "p", "span", "li", "table")
_PRUNE_ATTR = re.compile(
    # a token is the same whether its words are joined by "-", "_" or nothing ("photo_credit", "relatedLinks")
    r"comment|disqus|respond|newsletter|sign[-_]?up|cookie|consent|gdpr|share[-_]?bar|sharing|"
    r"social[-_]?share|share[-_]?tools|related[-_]?(?:link|stor|art)|more[-_]?stories|"
    # promotion, sponsor and podcast modules ("marketplacepromotions", "sponsorbox", "tabpodcasts") and the
    # site's own app offers ("mobileapp", "app-banner", "rr-app-links"): a post about an app or a podcast is
    # named so only by its topic classes ("category-podcasts"), which _prune sets aside (_TOPIC_CLASS), or by a
    # state flag of the post itself (Drupal's "node-promoted" to the front page, a "sponsored" post)
    r"outbrain|taboola|recirc|promo(?!ted)|sponsor(?!ed)|podcast|mobile-?apps?(?:[\s_-]|$)|download-?(?:the-?)?app|get-?the-?app|"
    r"(?:^|[\s_-])apps?-?(?:download|promo|banner|badge|links?|store)(?:[\s_-]|$)|"
    r"classifieds?(?:[\s_-]|$)|caption|photo[-_]?credit|image[-_]?credit|(?:^|\s)credits?(?:\s|$)|author[-_]?bio|"
    # the writer's or blog's profile box: "bio", "mini-bio", "author-info", "about-the-author", "widget Profile"
    r"(?:^|[\s_-])(?:bio|mini-bio|author-?info|about-?(?:the-?)?author|author-?box|profile)(?:[\s_-]|$)"
)
# Containers of the article itself whose names contain a furniture token ("tone-comment" opinion
# pages, "commentary" sections, "subscriber-only" bodies).
_KEEP_CLASS = re.compile(
    r"article-?body|story-?body|entry-content|post-content|main-content|tone-comment|commentary|commentisfree|"
    r"(?:^|\s)(?:hentry|type-post|status-publish)(?:\s|$)"  # a blog post's own container
)
# Topic labels a CMS prints as classes of the post container ("category-worth-sharing",
# "tag-comments-policy"): they name what the post is about, not what the block is.
_TOPIC_CLASS = re.compile(r"(?:^|\s)(?:category|tag|topic|cat)[-_]\S*")

HEADER_CELL_MAX_WORDS = 8
_MD_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")


def _heads_data_rows(paragraphs: list[str], i: int) -> bool:
    """A table row ("| Region | Votes | Turnout |") followed by rows of as many cells holding
    figures is a data table's header, however much it looks like a menu; over a quote box's rows
    ("| AMD | 11.61 | - 0.04 |", furniture) it is the box's header and goes with them."""
    row = paragraphs[i]
    if not row.startswith("|") or any(len(_WORD.findall(c)) > HEADER_CELL_MAX_WORDS for c in _cells(row)):
        return False  # a header names its columns in a few words; a cell of sentences is a promo or a story
    rows = [p for p in paragraphs[i + 1 : i + 3] if not _MD_RULE.match(p)]  # "|---|---|" under a header
    return (bool(rows) and rows[0].startswith("|") and rows[0].count("|") == row.count("|") and any(c.isdigit() for c in rows[0])
            and not is_quote_row(rows[0]))


def data_table_rows(paragraphs: list[str]) -> list[bool]:
    """Each line that is a data table's header (``_heads_data_rows``) or one of the rows of as many
    cells under it: the story's own table, which the learned trim must not cut."""
    out = [False] * len(paragraphs)
    for i, row in enumerate(paragraphs):
        if out[i] or not _heads_data_rows(paragraphs, i):
            continue
        width, j = row.count("|"), i
        while j < len(paragraphs) and (_MD_RULE.match(paragraphs[j]) or (paragraphs[j].startswith("|") and paragraphs[j].count("|") == width)):
            out[j] = True
            j += 1
    return out


# A teaser cut short: "... has launched a network targeting students,...", "... Full Story", "Read more ›".
_TEASER_END = re.compile(r"(?:\.\.\.|…|\bfull story|\bread more\W{0,3}|\bmore\s*[>›»]|(?:\.\.\.|…)\s*more)$", re.I)
_CELL_SPLIT = re.compile(r"(?<!\\)\|")  # trafilatura writes a "|" inside a cell as "\|"
TEASER_CELL_MAX_WORDS = 6  # the date or label cell beside a teaser


def is_teaser_row(line: str) -> bool:
    """A table row of cut-short teasers ("| Headline Jan 16, 7:00 AM First words of the story... |"),
    with at most short date or label cells beside them: a list of other stories. A story cell
    ends its sentences."""
    if not line.startswith("|"):
        return False
    cells = [c.strip() for c in _CELL_SPLIT.split(line.strip("| ")) if c.strip()]
    return any(_TEASER_END.search(c) for c in cells) and all(
        _TEASER_END.search(c) or len(_WORD.findall(c)) <= TEASER_CELL_MAX_WORDS for c in cells)


# A date or time stamp inside a line: "Jan. 7, 2008", "4 January 2008", "7:00 AM", "4 days ago", "03-23-2012".
_STAMP = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
    r"\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}|"
    r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m|gmt|[a-z]{1,2}t\b)|\b\d+\s+(?:days?|hrs?|hours?|mins?|minutes?|weeks?)\s+ago\b|"
    r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b",
    re.I,
)
DATED_RUN_LINES = 3  # this many short dated lines in a row are an archive, teaser or fixture list
DATED_LINE_MAX_WORDS = 25
# ... with the date at the end ("Ike Diogu (Jr.), Feb. 7, 2005") or in a cell of its own: a list
# that starts each line with a date ("June 24 -- Jiffy Lube Live, Bristow") is a schedule, article text
DATED_TAIL_CHARS = 25


def _dated_runs(paragraphs: list[str], words: list[int]) -> set[int]:
    """Indexes of runs of short lines that each carry a date ("Ike Diogu (Jr.), Feb. 7, 2005",
    "| 3 days ago | | Park realizes win |"): lists of other stories or records around the story,
    which writes its dates inside sentences (measured on the tune split)."""
    dated = [n <= DATED_LINE_MAX_WORDS and bool(_STAMP.search(p if p.startswith("|") else p[-DATED_TAIL_CHARS:]))
             for p, n in zip(paragraphs, words, strict=True)]
    out: set[int] = set()
    i = 0
    while i < len(paragraphs):
        j = i
        while j < len(paragraphs) and dated[j]:
            j += 1
        if j - i >= DATED_RUN_LINES:
            out.update(range(i, j))
        i = max(j, i + 1)
    return out


STORY_LINE_WORDS = 20  # a line this long is story text; the story spans the first to the last of them
LABEL_CELL_MAX_WORDS = 4
_BYLINE = re.compile(r"\b(?:by|BY|By)\s+[A-Z]")


def _cells(row: str) -> list[str]:
    return [c.strip() for c in _CELL_SPLIT.split(row.strip("| ")) if c.strip()]


def _row_width(row: str) -> int:
    return len(_CELL_SPLIT.findall(row))


def _lone_rows(paragraphs: list[str], beside_story: bool = False) -> set[int]:
    """Table rows with no row of as many cells beside them: a layout table's cells, one per row
    (a data table prints rows of one width in a run). With ``beside_story``, a row of the story's
    width counts as no company: a row whose cell holds the story is the layout's, however many empty
    cells it has."""
    out = set()
    for i, p in enumerate(paragraphs):
        if not p.startswith("|"):
            continue
        width = _row_width(p)
        if not any(0 <= j < len(paragraphs) and paragraphs[j].startswith("|") and _row_width(paragraphs[j]) == width
                   and not (beside_story and _holds_story(paragraphs[j])) for j in (i - 1, i + 1)):
            out.add(i)
    return out


def _holds_story(row: str) -> bool:
    return any(len(_WORD.findall(c)) >= STORY_LINE_WORDS for c in _cells(row))


def _furniture_cell(cell: str) -> bool:
    return is_furniture_line(cell.replace("\\|", "|")) or is_comments_heading(cell)


def _around_story(paragraphs: list[str], words: list[int]) -> set[int]:
    """Credit lines above or below the story's long lines (a writer's own byline goes wherever it
    stands, in ``drop_junk_lines``: CleanPortalEval's, L3S's and Utomo's gold drop it, Dragnet's keeps
    it), and lone layout-table rows that are not the story: those above or below it (mastheads, date bars, footers, "pick up a copy" notes),
    and those whose cells are furniture but for one short label ("| Premier League | Friday,
    Jan 11, 2008 |", "| 0 Comments | | Share | Blog |")."""
    story = [i for i, n in enumerate(words) if n >= STORY_LINE_WORDS]
    out = {i for i, p in enumerate(paragraphs) if story and not story[0] <= i <= story[-1] and is_credit_line(p)}
    strict = _lone_rows(paragraphs)
    for i in _lone_rows(paragraphs, beside_story=True):
        if _BYLINE.search(paragraphs[i]):
            continue  # "| 1/7/2008 By JO QUAY The Associated Press |": detection reads who supplied the text there
        if story and not story[0] <= i <= story[-1] and i in strict:  # beside the story's row, only a label row goes
            out.add(i)
            continue
        cells = _cells(paragraphs[i])
        rest = [c for c in cells if not _furniture_cell(c)]
        if len(rest) < len(cells) and len(rest) <= 1 and all(len(_WORD.findall(c)) <= LABEL_CELL_MAX_WORDS for c in rest):
            out.add(i)
    return out


# A layout table's row of teasers side by side ("| Will gold hit new highs? | | Our pick of the best
# ski hotels. | | Win a DVD in our competition. |"): two or more cells, each a headline or blurb. The
# story fills a cell with paragraphs; a data table's cells are figures and labels, in rows of one width.
GRID_CELL_WORDS = (4, 40)


def _teaser_grids(paragraphs: list[str]) -> set[int]:
    """Indexes of lone table rows whose every filled cell (two or more) is a headline or a blurb."""
    out = set()
    for i in _lone_rows(paragraphs):
        cells = _cells(paragraphs[i])
        if len(cells) >= 2 and all(GRID_CELL_WORDS[0] <= len(_WORD.findall(c)) <= GRID_CELL_WORDS[1] for c in cells):
            out.add(i)
    return out


# Headlines with their dates run into one line ("Jan 4, 2008 - At the movies • Dec 21, 2007 - Film
# review • ..."): an archive or teaser list a template printed as one block.
_LIST_SEP = re.compile(r"\s[•·|]\s|\s[-–—]\s")
DATED_LIST_ITEMS = 3


def is_dated_list_line(line: str) -> bool:
    """Three or more short items on one line, each carrying a date: a list of other stories, not a
    sentence (a story paragraph naming dates runs longer between its separators)."""
    items = [i for i in _LIST_SEP.split(line) if i.strip()]
    return (len(items) >= DATED_LIST_ITEMS and sum(bool(_STAMP.search(i)) for i in items) >= DATED_LIST_ITEMS
            and all(len(_WORD.findall(i)) <= DATED_LINE_MAX_WORDS for i in items))


# A list of other stories under its heading (``is_story_list_heading``), one headline a line: "Top
# Canadian Weather Stories for 2007:", then "1. Vanishing ice at the top of the world", "2. ...".
# A list in the story has its own heading ("Rankings:") or sentences for items.
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[-•·*])\s+\S")
STORY_LIST_ITEMS = 3
STORY_LIST_ITEM_MAX_WORDS = 12


UNMARKED_LIST_ITEMS = True  # see _story_list_item


def _story_list_item(line: str, words: int) -> bool:
    """A headline of a list under a story-list heading: short and no sentence, numbered or bulleted,
    or with ``UNMARKED_LIST_ITEMS`` neither, once the heading has said what the list is ("More from
    Harbour News" over plain headline lines; the marks between them, "*", go too). Tune split: one
    such list, all junk."""
    if words > STORY_LIST_ITEM_MAX_WORDS or line.rstrip().endswith("."):
        return False
    return bool(_LIST_ITEM.match(line)) or UNMARKED_LIST_ITEMS


def _story_lists(paragraphs: list[str], words: list[int]) -> set[int]:
    """Indexes of each headed list of other stories, heading and items."""
    out: set[int] = set()
    for i, p in enumerate(paragraphs):
        if not is_story_list_heading(p):
            continue
        j = i + 1
        while j < len(paragraphs) and _story_list_item(paragraphs[j], words[j]):
            j += 1
        if j - i - 1 >= STORY_LIST_ITEMS:
            out.update(range(i, j))
    return out


# A story's list of references under it: "(1) The Two Harbours, Harbour News, 4 January 2008", numbered
# 1, 2, 3 in order, each a citation's length, whose numbers the story cites inline ("... a 'harbour
# revolution' (1)."). A numbered list in the story ("(1) Space. You need room to ...") is not cited so.
_NOTE_NUMBER = re.compile(r"^[(\[](\d{1,2})[)\]]\s+\S")
ENDNOTES_MIN = 3
ENDNOTE_MAX_WORDS = 40


def _endnotes(paragraphs: list[str], words: list[int]) -> set[int]:
    """Indexes of a run of numbered references whose numbers the text above cites."""
    out: set[int] = set()
    i = 0
    while i < len(paragraphs):
        m = _NOTE_NUMBER.match(paragraphs[i])
        if not m or m.group(1) != "1":
            i += 1
            continue
        j, n = i, 1
        while (j < len(paragraphs) and words[j] <= ENDNOTE_MAX_WORDS
               and (m := _NOTE_NUMBER.match(paragraphs[j])) and int(m.group(1)) == n):
            j, n = j + 1, n + 1
        above = " ".join(paragraphs[:i])
        if j - i >= ENDNOTES_MIN and all(re.search(rf"\S\s?[(\[]{k}[)\]]", above) for k in range(1, min(n, 4))):
            out.update(range(i, j))
        i = max(j, i + 1)
    return out


def drop_junk_lines(paragraphs: list[str]) -> list[str]:
    """Furniture lines, teaser rows, runs of dated list lines, layout-table rows around the story,
    a comments heading left alone ("3 comments" under the headline), an invitation to comment, and
    a byline standing alone (its name goes to the page's credits: who wrote it is metadata; measured
    on the tune split: junk lines of CleanPortalEval 2.8% -> 1.0%, L3S 3.4% -> 3.1%, Dragnet F1 -0.0001)."""
    words = [len(_WORD.findall(p)) for p in paragraphs]  # counted once for the rules below
    dated = (_dated_runs(paragraphs, words) | _around_story(paragraphs, words) | _teaser_grids(paragraphs)
             | _story_lists(paragraphs, words) | quote_box_runs(paragraphs) | _endnotes(paragraphs, words))
    return [p for i, p in enumerate(paragraphs)
            if not ((is_furniture_line(p) and not _heads_data_rows(paragraphs, i)) or is_comments_heading(p)
                    or is_comment_prompt(p) or i in dated or is_teaser_row(p) or is_dated_list_line(p)
                    or (BYLINES_OUT and is_byline(p)))]


# Anchors that mark where the thread starts: "comments", "commentSection", "user-comments", "respond".
_COMMENTS_ANCHOR = re.compile(
    r"^(?:(?:user|reader)[-_]?)?comments?(?:[-_]?(?:section|area|list|thread))?$|^respond$|^reply$|^your[-_]?say$", re.I
)
_HEADING_TAGS = ("h2", "h3", "h4", "h5", "div", "span", "p", "strong", "b")
_CELL_TAGS = ("td", "th", "tr", "font", "b", "strong", "span")


def _comment_thread_starts(tree: Any) -> list[Any]:
    """Where a flat comment thread begins: an ``<a name="comments">`` anchor or a short
    "Comments" / "Leave a reply" heading. Everything after it in the same parent is the thread."""
    found = []
    for el in tree.iter("a"):
        if _COMMENTS_ANCHOR.match(el.get("name") or el.get("id") or ""):
            found.append(el)
    for el in tree.iter(_HEADING_TAGS):
        head = el.text or ""  # read once: lxml decodes a new string at every access
        if len(head) >= 100 or len(el) > 2:
            continue
        text = head + "".join((c.text or "") + (c.tail or "") for c in el if isinstance(c.tag, str)) if len(el) else head
        if len(text) < 100 and text.strip() and is_comments_heading(text):
            found.append(el)
    return found


THREAD_MIN_PROSE_BEFORE = 400  # characters of story text before a thread heading that cuts
PROSE_RUN_CHARS = 40  # a text run this long outside links is a sentence, not a menu item or label


def _prose_before(tree: Any, wanted: set[Any]) -> dict[Any, int]:
    """Characters of story text before each wanted element, in document order: the ``<p>`` text,
    or the running text (runs of PROSE_RUN_CHARS or more, outside links) where that is more.
    Counting ``<p>`` text alone missed stories that a layout table writes as ``<td>`` text split
    by ``<br>`` (the thread after them was kept whole)."""
    before: dict[Any, int] = {}
    seen = in_p = links = 0
    for event, node in etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            if node in wanted:
                before[node] = max(seen, in_p)
            if node.tag == "p":
                in_p += len(node.text or "") + sum(len(c.tail or "") + len(c.text or "") for c in node)
            if node.tag == "a":
                links += 1
            elif not links and node.text and len(node.text.strip()) >= PROSE_RUN_CHARS:
                seen += len(node.text.strip())
        else:
            if node.tag == "a":
                links -= 1
            if not links and node.tail and len(node.tail.strip()) >= PROSE_RUN_CHARS:
                seen += len(node.tail.strip())
    return before


def _cut_comment_threads(tree: Any) -> None:
    """Remove each thread with the siblings that follow its start, but only where a story (some
    paragraph text) comes before it: a "3 comments" link under the headline starts nothing."""
    starts = _comment_thread_starts(tree)
    if not starts:
        return
    before = _prose_before(tree, set(starts))
    for start in starts:
        parent = start.getparent()
        if parent is None or before.get(start, 0) < THREAD_MIN_PROSE_BEFORE or any(a.tag == "p" for a in start.iterancestors()):
            continue
        # a heading alone in its table cell or row: the thread is the rows that follow
        while parent.tag in _CELL_TAGS and len(parent.text_content()) < 100 and parent.getparent() is not None:
            start, parent = parent, parent.getparent()
        if any(next(sib.iter("h1"), None) is not None for sib in start.itersiblings() if isinstance(sib.tag, str)):
            continue
        for el in [start, *start.itersiblings()]:
            if el.getparent() is parent:
                parent.remove(el)


def _comment_prompts(tree: Any, read: _TreeText | None = None) -> list[Any]:
    """The outermost elements whose whole text is an invitation to comment or a note on the
    thread ("<i>Your views on this story? <a>Email ...</a></i>", "<p><b>Thanks for your comments -
    this feedback is now closed</b></p>"): never article text, wherever they stand, and often
    outside any comment container or heading (so nothing else removes them)."""
    read = read or _TreeText(tree)
    text, elements, spans = read.text, read.elements, read.spans
    hints = comment_prompt_hints(text)
    out: list[Any] = []
    skip_end = -1  # the last element taken: its descendants (up to this element index) go with it
    for i, (node, (start, end, last)) in enumerate(zip(elements, spans, strict=True)):
        if end - start >= 2 * MAX_PROMPT_CHARS or i <= skip_end:
            continue
        h = bisect_left(hints, start)
        if h == len(hints) or hints[h] >= end:  # no hint word starts inside: no prompt
            continue
        if is_comment_prompt(text[start:end]):
            out.append(node)
            skip_end = last
    return out


# A box about the writer after the story: "About the author" over a short bio ("Jo Quay is a senior
# writer who ..."). Tune split: under such a heading on 24 pages of three corpora, no gold text held the bio.
_ABOUT_AUTHOR = re.compile(r"^about (?:the |this )?(?:authors?|writers?|blogger|contributor|columnist|me)\W{0,3}$", re.I)
AUTHOR_BOXES = True
BIO_MAX_WORDS = 150  # a bio is a few sentences; a longer block under the heading is no box
BIO_MAX_BLOCKS = 2  # blocks after a heading standing alone that are its bio: a name line, then the bio
BIO_NAME_WORDS = 12


def _author_boxes(tree: Any, read: _TreeText) -> list[Any]:
    """The author boxes after the story: the largest block that opens with an "About the author"
    heading and holds at most ``BIO_MAX_WORDS`` words, and, when that is the heading alone, the
    blocks after it up to that many words (``<p><b>About the author:</b></p><p>bio</p>``). Only
    after ``THREAD_MIN_PROSE_BEFORE`` characters of story text: a blog's "About me" sidebar above
    the post is left to the other rules."""
    heads = []  # never a menu's "About me" link
    for el in tree.iter(_HEADING_TAGS + ("h6", "dt", "em", "i")):
        if read.chars(el) < 40 and _ABOUT_AUTHOR.match(read.spaced(el)) and next(el.iterancestors("a"), None) is None:
            heads.append(el)
    if not heads:
        return []
    before = _prose_before(tree, set(heads))
    out: list[Any] = []
    for head in heads:
        if before.get(head, 0) < THREAD_MIN_PROSE_BEFORE:
            continue
        label, unit = read.spaced(head), head
        while (up := unit.getparent()) is not None and up.tag not in ("body", "html") \
                and read.opens_with(up, label) and read.words(up) <= BIO_MAX_WORDS:
            unit = up
        out.append(unit)
        if read.spaced(unit) != label:
            continue
        words, blocks = 0, 0
        for sib in unit.itersiblings():
            if not isinstance(sib.tag, str):
                continue
            words += read.words(sib)
            blocks += 1
            if words > BIO_MAX_WORDS or blocks > BIO_MAX_BLOCKS or next(sib.iter("h1", "h2", "h3"), None) is not None:
                break
            out.append(sib)
            if read.words(sib) > BIO_NAME_WORDS:  # the bio itself: what follows it is no longer the box
                break
    return out


# A list of other stories: three or more sibling blocks that each open with a headline link on a
# line of its own (the whole text of its block, or followed by a line break) and add at most a
# short blurb, or that end in a "Read more" link. The headline links are dropped as link rows;
# without this their blurbs stay behind as lines of teaser text.
TEASER_MIN_ITEMS = 3
TEASER_HEADLINE_WORDS = (2, 25)
TEASER_BLURB_MAX_WORDS = 60
_READ_MORE = re.compile(r"^(?:read (?:more|on|the full story)|more|full story|continue reading)\W{0,4}$", re.I)


# Where a headline block's blurb is its next sibling; a story's own paragraph after a linked
# paragraph ("<p><a>Related story</a></p><p>Story text ...</p>") is not a blurb.
_HEADLINE_TAGS = frozenset(("dt", "h2", "h3", "h4", "h5", "h6"))


_INLINE_WRAPPERS = frozenset(("b", "strong", "em", "i", "u", "span", "font", "small", "big"))


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _headline_link(block: Any, read: _TreeText) -> Any:
    """The link that opens ``block`` on a line of its own, else None."""
    for a in block.iter("a"):
        label = read.spaced(a)
        if not label:
            continue
        href = (a.get("href") or "").strip()
        lo, hi = TEASER_HEADLINE_WORDS
        if not (href and not href.startswith(("#", "javascript:")) and lo <= read.words(a) <= hi and read.opens_with(block, label)):
            return None
        nxt, holder = a.getnext(), a.getparent()
        while holder is not None and holder.tag in _INLINE_WRAPPERS:  # <b><a>..</a></b>: the block around it
            holder = holder.getparent()
        alone = holder is not None and read.spaced(holder) == label
        broken = nxt is not None and nxt.tag == "br" and not (a.tail or "").strip()
        return a if alone or broken or _ends_line(a) or read.spaced(block) == label else None
    return None


# What sets a teaser's blurb off from its headline link on one line: "<a>Headline</a> - Blurb", "<a>..</a> | ..".
# Not a colon: an interview prints "<a>Speaker</a>: answer ..." paragraph after paragraph.
_BLURB_SEPARATOR = re.compile(r"^\s*(?:[-–—|•·]|\.\.\.|…)\s")


def _dashed_headline_link(block: Any, read: _TreeText) -> Any:
    """The link that opens ``block`` when a dash or bar sets the rest of its line off as
    a blurb (``<li><a>Headline</a> - The council voted ...</li>``), else None. A link that opens a
    sentence ("<a>The mayor</a> said ...") runs on into it with no separator."""
    a = next((a for a in block.iter("a") if read.spaced(a)), None)
    if a is None or not _BLURB_SEPARATOR.match(_link_unit(a).tail or ""):
        return None
    href, label = (a.get("href") or "").strip(), read.spaced(a)
    lo, hi = TEASER_HEADLINE_WORDS
    ok = href and not href.startswith(("#", "javascript:")) and lo <= read.words(a) <= hi and read.opens_with(block, label)
    return a if ok else None


def _link_unit(a: Any) -> Any:
    """The link with the inline wrappers that hold nothing else (``<b><a>..</a></b>``): the
    text that follows it is the tail of the outermost one."""
    el = a
    while not (el.tail or "").strip() and el.getnext() is None and el.getprevious() is None \
            and (up := el.getparent()) is not None and up.tag in _INLINE_WRAPPERS and not (up.text or "").strip():
        el = up
    return el


# Elements that start a line of their own: a link right before one ends its line.
_LINE_STARTERS = frozenset(("p", "div", "ul", "ol", "dl", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "section"))


def _ends_line(a: Any) -> bool:
    """The link is followed, with no text between, by a block that starts a line of its own
    (``<div><a>Headline</a><p>blurb</p></div>``): the headline stands on its own line, as with a
    ``<br>``. Inline wrappers around the link (``<b><a>..</a></b>``) count as the link."""
    el = _link_unit(a)
    nxt = el.getnext()
    return not (el.tail or "").strip() and nxt is not None and nxt.tag in _LINE_STARTERS


def _blurb_words(block: Any, read: _TreeText) -> int:
    """Words of ``block`` outside its links: a teaser's blurb (a menu cell of links has none)."""
    return read.words(block) - sum(read.words(a) for a in block.iter("a"))


def _teaser_link(block: Any, read: _TreeText) -> Any:
    """The headline link of a teaser block, or its closing "Read more" link, else None."""
    if not isinstance(block.tag, str) or block.tag in ("a", "br", "img") or next(block.iter("h1"), None) is not None:
        return None
    head = _headline_link(block, read)
    if head is None:
        head = _dashed_headline_link(block, read)
    if head is not None:
        return head if _blurb_words(block, read) <= TEASER_BLURB_MAX_WORDS else None
    links = [a for a in block.iter("a") if (a.get("href") or "").strip()]
    if links and _READ_MORE.match(read.spaced(links[-1])) and read.words(block) <= TEASER_BLURB_MAX_WORDS + 20:
        return links[-1]
    return None


# The story's own container (a page-wide "main-content" holds the lists of other stories too).
_STORY_CONTAINER = re.compile(r"article-?body|story-?body|entry-content|post-content|post-body")
_POST_WRAPPER = re.compile(r"(?:^|\s)(?:hentry|type-post)(?:\s|$)")
TEASER_CARDS = True  # a list of cards (picture + headline link in a heading) in a post wrapper is other stories


def _story_scope(el: Any, known: dict[Any, int]) -> int:
    """2 inside the post's own text container ("entry-content", "article-body"): a list of links
    with notes there is the post's content (a round-up, a list of grantees), not other stories;
    1 inside a whole-post wrapper only ("hentry", "type-post"), which may also hold the blog's
    "recently posted" cards after the text; else 0. ``known`` keeps each element's answer on the
    way up, so sibling lists share their ancestors' answers instead of reading every class again."""
    path = []
    while el is not None and el not in known:
        path.append(el)
        el = el.getparent()
    scope = 0 if el is None else known[el]
    for a in reversed(path):
        if scope < 2:
            attrs = f"{a.get('class', '')} {a.get('id', '')}".lower()
            scope = 2 if _STORY_CONTAINER.search(attrs) else max(scope, 1 if _POST_WRAPPER.search(attrs) else 0)
        known[a] = scope
    return scope


def _is_card(block: Any, link: Any) -> bool:
    """A teaser card: a block with a picture whose headline link sits in a heading of its own
    (``<li><a><img></a><h3><a>Other story</a></h3><p>blurb</p></li>``). A post's own list
    of links with notes has no heading inside each item."""
    if block.tag in _HEADLINE_TAGS or next(block.iter("img"), None) is None:
        return False
    holder = link.getparent()
    while holder is not None and holder is not block:
        if holder.tag in _HEADLINE_TAGS:
            return True
        holder = holder.getparent()
    return False


def _holding_links(tree: Any) -> set[Any]:
    """The links with an address and every element holding one, in one pass: a block without
    one is never a teaser (reading each candidate block's text to find that out was a fifth of
    extraction time, measured on the extraction corpora)."""
    out: set[Any] = set()
    for a in tree.iter("a"):
        if not (a.get("href") or "").strip():
            continue
        el = a
        while el is not None and el not in out:
            out.add(el)
            el = el.getparent()
    return out


def _teaser_items(tree: Any, read: _TreeText | None = None) -> list[Any]:
    """The blocks of each list of other stories (see TEASER_MIN_ITEMS), with the plain blurb that
    follows a link-only headline (``<dt><a>..</a></dt><dd>blurb</dd>``, ``<h3><a>..</a></h3><p>..``). A list of bare
    links (a menu) is left to the link-row rule: three items must carry a blurb."""
    out: list[Any] = []
    read = read or _TreeText(tree)
    linked = _holding_links(tree)
    # only a block holding an addressed link can be a teaser (_teaser_link): the candidate lists
    # are the elements of the tree with that many such children, in page order
    held: dict[Any, int] = {}
    for el in linked:
        if (up := el.getparent()) is not None:
            held[up] = held.get(up, 0) + 1
    at = read._at
    known: dict[Any, int] = {}
    for parent in sorted((p for p, n in held.items() if n >= TEASER_MIN_ITEMS and p in at), key=at.__getitem__):
        scope = _story_scope(parent, known)
        heading = _list_heading(parent, read) if scope and HEADED_TEASERS else None
        if scope == 2 and heading is None:
            continue
        found = [(c, a) for c in parent if c in linked and (a := _teaser_link(c, read)) is not None]
        if len(found) < TEASER_MIN_ITEMS or len({a.get("href") for _, a in found}) < TEASER_MIN_ITEMS:
            continue
        if scope == 1 and heading is None and not (TEASER_CARDS and all(_is_card(c, a) for c, a in found)):
            continue
        items, blurbs = [], 0
        own_box = _only_teasers(parent, {c for c, _ in found}, read)
        for block, _link in found:
            items.append(block)
            extra = _blurb_words(block, read)
            nxt = block.getnext()
            if (extra == 0 and (block.tag in _HEADLINE_TAGS or own_box) and nxt is not None and isinstance(nxt.tag, str)
                    and nxt.tag not in _HEADLINE_TAGS and next(nxt.iter("a"), None) is None
                    and 0 < read.words(nxt) <= TEASER_BLURB_MAX_WORDS):
                items.append(nxt)
                extra = 1
            blurbs += extra > 0
        if blurbs >= TEASER_MIN_ITEMS:
            out.extend(items if heading is None else [heading, *items])
    return out


def _only_teasers(parent: Any, heads: set[Any], read: _TreeText) -> bool:
    """``parent`` holds nothing but the headline blocks ``heads`` and, after each, at most one
    block without a link: a box of its own, whose plain blocks are the headlines' blurbs
    (``<tr><td><a>Headline</a></td></tr><tr><td>blurb</td></tr>``), where a story's paragraphs
    between linked lines share their parent with the rest of the story."""
    if (parent.text or "").strip():
        return False
    after_head = False
    for child in parent:
        if not isinstance(child.tag, str) or (child.tail or "").strip():
            return False
        if child in heads:
            after_head = True
        elif read.words(child):
            if not after_head or next(child.iter("a"), None) is not None:
                return False
            after_head = False
    return True


HEADED_TEASERS = True  # a teaser list under a "Related posts" heading is other stories, even inside the post's container
LIST_HEADING_MAX_CHARS = 100


def _list_heading(parent: Any, read: _TreeText) -> Any:
    """The element heading the list ``parent`` holds when its text names other stories ("Related
    posts", "More from Harbour News", ``is_story_list_heading``), else None: the nearest element
    before the list's first item, inside ``parent`` or before it. Inside the post's own container
    (``_story_scope``) a list of links with notes is the post's content (a round-up), unless a
    heading says it is the site's other stories: WordPress and its kind print their "related
    posts" boxes inside the post's container, after its text."""
    first = next((c for c in parent if isinstance(c.tag, str)), None)
    for el in (first, parent.getprevious()):
        while el is not None and isinstance(el.tag, str) and el is not parent and not read.spaced(el):
            el = el.getprevious()
        if el is not None and isinstance(el.tag, str) and 0 < read.chars(el) <= LIST_HEADING_MAX_CHARS \
                and is_story_list_heading(read.spaced(el)):
            return el
    return None


def _text_spans(tree: Any) -> tuple[str, list[Any], list[tuple[int, int, int]]]:
    """The tree's text in one string, its elements in document order, and for each element where
    its text lies in that string and the index of its last descendant: ``text[start:end]`` is the
    element's ``text_content()`` (comment text is not text), read in one walk instead of one per element."""
    pieces: list[str] = []
    elements: list[Any] = []
    starts: list[int] = []
    ends: list[int] = []
    lasts: list[int] = []
    open_: list[int] = []
    pos = 0
    for event, node in etree.iterwalk(tree, events=("start", "end", "comment", "pi")):
        if event == "start":
            open_.append(len(elements))
            elements.append(node)
            starts.append(pos)
            ends.append(pos)
            lasts.append(0)
            if text := node.text:  # read once: lxml decodes a new string at every access
                pieces.append(text)
                pos += len(text)
            continue
        if event == "end":
            i = open_.pop()
            ends[i], lasts[i] = pos, len(elements) - 1
            if node is tree:
                continue  # the root's tail is outside it
        if tail := node.tail:
            pieces.append(tail)
            pos += len(tail)
    return "".join(pieces), elements, list(zip(starts, ends, lasts, strict=True))


class _TreeText:
    """The tree's text read once (`_text_spans`), for the passes that read many elements' texts
    before the tree changes: each element's ``text_content()`` is a slice of it, and its
    whitespace-normalised form and word count are kept once asked (re-reading nested blocks'
    texts was most of the teaser pass's time)."""

    def __init__(self, tree: Any) -> None:
        self.text, self.elements, self.spans = _text_spans(tree)
        self._at = {el: i for i, el in enumerate(self.elements)}
        self._spaced: dict[int, str] = {}
        self._words: dict[int, int] = {}

    def spaced(self, el: Any) -> str:
        """The element's text with its whitespace runs as single spaces."""
        i = self._at[el]
        if (out := self._spaced.get(i)) is None:
            start, end, _ = self.spans[i]
            out = self._spaced[i] = " ".join(self.text[start:end].split())
        return out

    def opens_with(self, el: Any, prefix: str) -> bool:
        """``self.spaced(el).startswith(prefix)``, reading only the start of a long text: the
        spaced form of any leading slice of a text is a leading slice of the text's spaced form."""
        i = self._at[el]
        if (done := self._spaced.get(i)) is None:
            start, end, _ = self.spans[i]
            reach = 2 * len(prefix) + 64
            if end - start > reach and len(head := " ".join(self.text[start : start + reach].split())) >= len(prefix):
                return head.startswith(prefix)
            done = self.spaced(el)
        return done.startswith(prefix)

    def chars(self, el: Any) -> int:
        """``len(el.text_content())``."""
        start, end, _ = self.spans[self._at[el]]
        return end - start

    def words(self, el: Any) -> int:
        i = self._at[el]
        if (out := self._words.get(i)) is None:
            start, end, _ = self.spans[i]
            out = self._words[i] = len(_WORD.findall(self.text, start, end))
        return out


@lru_cache(maxsize=1 << 14)  # pages repeat their class names (a list's items, a site's template)
def _furniture_attrs(class_id: str) -> bool:
    """A block's class and id name it furniture (``_PRUNE_ATTR``, not a story container)."""
    attrs = class_id.lower()
    if "-" in attrs or "_" in attrs:
        attrs = _TOPIC_CLASS.sub(" ", attrs)
    return bool(attrs.strip() and _PRUNE_ATTR.search(attrs) and not _KEEP_CLASS.search(attrs))


# A caption is the picture's description printed again under it: a block beside an image whose text
# is the image's alt text (or opens the same way). Pages with no caption markup (a "cap" or "cutline"
# class, an <h4> in an "imageBox") still repeat the alt text.
ALT_CAPTION_MIN_WORDS = 5  # an alt this short ("iPod Nano", "Photo") says too little to match on
ALT_CAPTION_LEAD_WORDS = 6  # a caption and its alt text open with the same words ...
ALT_CAPTION_SCOPE_CHARS = 300  # ... in a block around the image holding little more than the caption
_CAPTION_TAGS = ("p", "div", "span", "h2", "h3", "h4", "h5", "h6", "td", "font", "i", "em", "small", "dd")


def _lead(text: str, n: int = ALT_CAPTION_LEAD_WORDS) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower())[:n])


def _alt_captions(tree: Any, read: _TreeText | None = None) -> list[Any]:
    """The outermost blocks beside an image that repeat its alt text: a caption, not the story."""
    read = read or _TreeText(tree)
    out: list[Any] = []
    for img in tree.iter("img"):
        alt = " ".join((img.get("alt") or img.get("title") or "").split())
        if len(_WORD.findall(alt)) < ALT_CAPTION_MIN_WORDS:
            continue
        lead = _lead(alt)
        scope = img.getparent()
        while scope is not None and scope.getparent() is not None and read.chars(scope.getparent()) < len(alt) + ALT_CAPTION_SCOPE_CHARS:
            scope = scope.getparent()
        if scope is None or next(scope.iter("h1"), None) is not None:
            continue
        for el in scope.iter(_CAPTION_TAGS):
            text = read.spaced(el)
            words = _WORD.findall(text)
            if len(words) >= 4 and len(text) <= len(alt) + ALT_CAPTION_SCOPE_CHARS / 3 and (
                    _lead(text) == lead or (len(words) < ALT_CAPTION_LEAD_WORDS and lead[: len(words)] == _lead(text))):
                out.append(el)
                break
    return out


# A toggle that reveals more text in place ("Show full PR text", "Read full release"): a button or a
# bare label, not a link to another page ("Read full review" is a teaser's link, handled elsewhere).
_TOGGLE = re.compile(r"^[^\w]*(?:show|read|view|see|expand)\s+(?:the\s+)?(?:full|entire|complete)\b[\w\s.]{0,30}$", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
HIDDEN_BLOCKS = True  # see _hidden_blocks
HIDDEN_STORY_MIN_WORDS = 150  # paragraph words before a hidden block that make the story "already long"
HIDDEN_MIN_WORDS = 20  # a hidden block shorter than this is a caption or a label: left to the other rules


_TOGGLE_MARK = "data-synd-toggle"


def _mark_toggle_buttons(tree: Any) -> None:
    """A ``<button>`` is never text and goes with ``_NEVER_TEXT``; one that reveals more text
    ("Show full release") leaves an empty marker in its place, for ``_hidden_blocks`` to read."""
    if not HIDDEN_BLOCKS:
        return
    for button in list(tree.iter("button")):
        if (parent := button.getparent()) is not None and _TOGGLE.match(" ".join(button.text_content().split())):
            mark = etree.Element("span", {_TOGGLE_MARK: ""})
            mark.tail = button.tail
            parent.replace(button, mark)


def _is_hidden(el: Any) -> bool:
    """The element is hidden by its own markup: inline style, the ``hidden`` attribute, ``aria-hidden``."""
    return (_HIDDEN_STYLE.search(el.get("style") or "") is not None or el.get("hidden") is not None
            or (el.get("aria-hidden") or "").strip().lower() == "true")


def _addressed(a: Any) -> bool:
    """A link to another page (not ``#`` or a script call, which toggle in place)."""
    href = (a.get("href") or "").strip()
    return bool(href.strip("#")) and not href.lower().startswith("javascript:")


def _toggled(el: Any, read: _TreeText) -> list[Any]:
    """The blocks a "Show full ..." toggle reveals: its following siblings, or its wrapper's when
    the toggle sits alone in one (``<div><button>Show full text</button></div><div>..</div>``).
    A toggle closing the text it reveals (a "Show Full Article" button after a story's opening
    paragraphs, with the rest in the same block) has nothing after it, and reveals nothing here."""
    while True:
        after = [s for s in el.itersiblings() if isinstance(s.tag, str)]
        if after:
            return after
        up = el.getparent()
        if up is None or read.spaced(up) != read.spaced(el):
            return []
        el = up


def _hidden_blocks(tree: Any, read: _TreeText) -> list[Any]:
    """Text a reader does not see without asking, kept out of a body whose story is already long
    (``HIDDEN_STORY_MIN_WORDS`` words of paragraphs before it): a block hidden by its own markup,
    and what a "Show full ..." toggle reveals (a press release appended after a blog's report of
    it). A page whose story is short, or whose whole story sits behind the toggle, keeps it."""
    out: list[Any] = []
    seen = 0  # paragraph words read so far, in page order
    skip_until = -1
    at = read._at
    for el in read.elements:
        i = at[el]
        if i <= skip_until or not isinstance(el.tag, str):
            continue
        if el.tag == "p":
            seen += read.words(el)
            continue
        hidden: list[Any] = []
        if _is_hidden(el):
            hidden = [el]
        elif el.get(_TOGGLE_MARK) is not None or (read.words(el) <= 8 and _TOGGLE.match(read.spaced(el))
                                                  and not any(_addressed(a) for a in el.iter("a"))):
            hidden = [el, *_toggled(el, read)]
        if not hidden:
            continue
        if seen >= HIDDEN_STORY_MIN_WORDS and sum(read.words(h) for h in hidden) >= HIDDEN_MIN_WORDS:
            out.extend(hidden)
            skip_until = max(read.spans[at[h]][2] for h in hidden)
        else:
            skip_until = read.spans[i][2]
    return out


def _prune(tree: Any, drop: list[str]) -> None:
    """Remove furniture blocks in place. A block holding the headline is never furniture."""
    victims = []
    for el in tree.iter(_PRUNE_TAGS):
        if _furniture_attrs(f"{el.get('class', '')} {el.get('id', '')}"):
            if el.tag in ("div", "section") and next(el.iter("h1"), None) is not None:
                continue
            victims.append(el)
    victims.extend(tree.iter("figcaption"))
    read = _TreeText(tree)  # read before anything below changes the tree
    if ALT_CAPTIONS:
        victims.extend(_alt_captions(tree, read))
    victims.extend(_comment_prompts(tree, read))
    if AUTHOR_BOXES:
        victims.extend(_author_boxes(tree, read))
    if HIDDEN_BLOCKS:
        victims.extend(_hidden_blocks(tree, read))
    if TEASER_LISTS:
        victims.extend(_teaser_items(tree, read))
    _cut_comment_threads(tree)
    for sel in drop:
        victims.extend(_css(sel)(tree))
    for el in victims:
        parent = el.getparent()
        if parent is None or not any(t.strip() for t in el.itertext()):
            # already removed with an ancestor; or an empty slot ("<div id='sponsorbox'></div>"): it holds no
            # words, and removing it only moves trafilatura's reading of its neighbours (on L3S it let an
            # "Email to a friend | Printer friendly" row of links out as a line)
            continue
        if el.tail and el.tail.strip():  # keep text that followed the removed block
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _css(selector: str) -> CSSSelector:
    try:
        return CSSSelector(selector)
    except SelectorError as exc:
        raise ValueError(f"bad CSS selector {selector!r} in config/outlets.yaml: {exc}") from exc


_BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "dd", "dt", "section", "article"}


def _css_body(tree: Any, selector: str) -> list[str]:
    """Paragraphs under an outlet's body selector: the text of each innermost block element."""
    out: list[str] = []
    for root in _css(selector)(tree):
        for el in root.iter(*_BLOCK):
            if any(isinstance(d.tag, str) and d.tag in _BLOCK for d in el.iterdescendants()):
                continue
            text = " ".join(el.text_content().split())
            if text:
                out.append(text)
    return out


# Never article text; removed before anything else looks at the tree (trafilatura drops them too,
# later and more slowly).
_NEVER_TEXT = ("script", "style", "noscript", "svg", "iframe", "select", "button", "input", "textarea", "nav", "link",
               "meta", "head", "embed", "object", "video", "audio", "canvas", "map", "picture", "template", "aside", "footer")
PRUNE = True
TEASER_LISTS = True
BYLINES_OUT = True
ALT_CAPTIONS = True
JUNK_LINES = True
STORY_ARTICLE = True  # a body spanning the story's <article> and another keeps the story's lines (blocks.py)
LINK_CELLS = True  # cells of a layout-table row made of link texts are blanked (blank_link_cells)
STORY_CONTAINER = True  # a short body from outside the page's one post container gives way to it (blocks.py)
HEADLINE_BLOCK = True  # a body holding none of the headline's words gives way to the block holding most (blocks.py)
DESCRIPTION_BLOCK = True  # ... and if none does, to the block printing the page's description (blocks.py)
GLUED_TAILS = True  # a heading's glued furniture tail goes ("Global shift? Continue reading the main story")
LEARNED_TRIM = True  # the body's head and tail runs that the learned line model reads as no story go (htmltrim.py)
TRAFILATURA_OPTIONS: dict[str, Any] = {"precision": True}


def warm_up() -> None:
    """Build what trafilatura's justext fallback builds on first use, its stoplists of every
    language (and justext's set of them), so that processes forked afterwards share them."""
    from justext.core import define_stoplist
    from trafilatura import external

    define_stoplist(external.JT_STOPLIST or external.jt_stoplist_init())


def _precision_sequence(tree: Any, options: Extractor, url: str | None) -> tuple[Any, str]:
    """``trafilatura_sequence`` as it runs with precision focus and without comments (every
    page's first pass), stage for stage, less one copy of the page: the tree is ours and unread
    after this, so readability reads it in place instead of in a copy (~2% of extraction time).
    Precision skips the baseline rescue and the recall escalation; without comments there are no
    forum posts to route."""
    is_forum = _forum_thread_page(tree)
    tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    tree = prune_unwanted_nodes(tree, REMOVE_COMMENTS_AND_LISTS_XPATH)
    cleaned, backup = _prepare_tree(tree, options, url)
    if not is_forum:
        cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
    postbody, text = extract_content(cleaned, options)
    return compare_extraction(backup, tree, postbody, text, options)


STORY_CELLS = True  # see mark_story_cells
STORY_CELL_WORDS = 40  # a layout cell holding this many words in two or more blocks ...
STORY_CELL_PARAGRAPH_WORDS = 20  # ... one of them a paragraph this long, holds the story
BLOCK_MARK = "\u241e"  # where a story cell's blocks meet; trafilatura's text output keeps it, news text never holds it
_CELL_BLOCKS = ("p", "head", "list", "quote")


def _set_marks(cell: Any, on: bool) -> None:
    for el in cell.iter():
        if el is cell:
            continue
        if el.tag in _CELL_BLOCKS:
            el.text = (BLOCK_MARK + (el.text or "")) if on else (el.text or "").replace(BLOCK_MARK, "")
        if el.tag in _CELL_BLOCKS or el.tag == "lb":
            el.tail = (BLOCK_MARK + (el.tail or "")) if on else (el.tail or "").replace(BLOCK_MARK, "")


def mark_story_cells(body: Any) -> None:
    """Marks where the blocks of a layout cell holding the story meet (its headline, dateline,
    paragraphs, the notes below), in trafilatura's output tree: trafilatura prints a cell on one
    line ("| Headline Posted: Thu, 10 Jan 2008 First paragraph ... Copyright ... |"), which ran
    the headline into the story and glued furniture to its ends where no line rule could reach
    it. ``open_story_cells`` makes the marked blocks lines once the row rules have read the row
    whole. A data table's cells are figures and labels, never paragraphs; a sidebar's cell of
    short lines (an address list) holds no paragraph."""
    for cell in body.iter("cell"):
        if len(" ".join(cell.itertext()).split()) < STORY_CELL_WORDS:
            continue
        _set_marks(cell, True)
        blocks = [b.split() for b in "".join(cell.itertext()).split(BLOCK_MARK)]
        blocks = [b for b in blocks if b]
        if len(blocks) < 2 or max(map(len, blocks)) < STORY_CELL_PARAGRAPH_WORDS:
            _set_marks(cell, False)


def open_story_cells(line: str) -> list[str]:
    """A row holding a marked story cell (``mark_story_cells``) as lines: the cells before it a
    row, each of its blocks a line, the cells after it a row. Inside a cell trafilatura keeps the
    page source's indentation between blocks; a line of its own does not need it."""
    if BLOCK_MARK not in line:
        return [line]
    if not line.startswith("|"):
        return [" ".join(b.split()) for b in line.split(BLOCK_MARK) if b.strip()]
    out: list[str] = []
    row: list[str] = []
    for cell in _CELL_SPLIT.split(line.strip().strip("|")):
        if BLOCK_MARK not in cell:
            row.append(" ".join(cell.split()))
            continue
        if any(row):
            out.append("| " + " | ".join(row) + " |")
        row = []
        out.extend(" ".join(b.split()).replace("\\|", "|") for b in cell.split(BLOCK_MARK) if b.strip())
    if any(row):
        out.append("| " + " | ".join(row) + " |")
    return out


def _trafilatura_lines(tree: Any, url: str | None, options_: dict[str, Any] | None = None) -> list[str]:
    """trafilatura's main-text cascade on our tree. ``bare_extraction`` would deep-copy the tree
    we already own and pruned; calling its sequence directly saves that copy (trafilatura is
    pinned in pyproject.toml, so this internal entry point cannot move under us)."""
    options = Extractor(output_format="txt", comments=False, url=url, **(TRAFILATURA_OPTIONS if options_ is None else options_))
    if options.focus == "precision" and not options.comments and not options.fast:
        postbody, text = _precision_sequence(tree, options, url)
    else:
        postbody, text, _, _ = trafilatura_sequence(tree, options, url)
    if not text:
        return []
    if STORY_CELLS:
        mark_story_cells(postbody)
    out = xmltotxt(postbody, False)
    return [line.strip() for line in out.split("\n") if line.strip()]


_WORD = re.compile(r"\w+")
JSON_LD_FILL_MIN_WORDS = 6  # a dropped paragraph this long that the page's articleBody holds goes back in


def _dom_paragraphs(tree: Any) -> list[tuple[str, bool]]:
    """Each ``<p>``'s text, and whether it is prose with a link in it (links under half its text):
    the kind trafilatura's link-density rule drops, and the only kind we put back."""
    out = []
    for p in tree.iter("p"):
        text = " ".join(p.text_content().split())
        linked = sum(len(a.text_content()) for a in p.iter("a"))
        out.append((text, 0 < linked < 0.5 * len(text)))
    return out


def _fill_from_json_ld(lines: list[str], dom_paragraphs: list[tuple[str, bool]], article_body: str) -> list[str]:
    """Put back, in page order, the ``<p>`` paragraphs that the page's own JSON-LD
    ``articleBody`` holds but trafilatura's precision rules dropped (a short paragraph that is
    partly a link: "... published in the <a>journal Nature Astronomy</a>."). Furniture stays out:
    an articleBody holds the signature line of each tweet the story embeds."""
    body = f" {match_form(article_body)} "
    line_keys = [f" {match_form(line)} " for line in lines]
    inserts: dict[int, list[str]] = {}
    after = -1  # index of the line holding the last DOM paragraph we kept
    for text, linked in dom_paragraphs:
        key = f" {match_form(text)} "
        held = next((i for i, lk in enumerate(line_keys) if key in lk), None) if key.strip() else None
        if held is not None:
            after = held
        elif linked and key.count(" ") > JSON_LD_FILL_MIN_WORDS and key in body and not (JUNK_LINES and is_furniture_line(text)):
            inserts.setdefault(after, []).append(text)
    if not inserts:
        return lines
    out = inserts.get(-1, [])
    for i, line in enumerate(lines):
        out.append(line)
        out.extend(inserts.get(i, []))
    return out


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + 4]) for i in range(max(0, len(words) - 3))}


def _reconcile_json_ld(lines: list[str], dom_paragraphs: list[tuple[str, bool]], article_body: str | None) -> list[str]:
    """The page's own JSON-LD ``articleBody`` replaces our text when we found little of it: the
    DOM heuristics then picked the wrong block (measured on the tune split: it helps only then).
    When we found most of it, the ``<p>`` paragraphs it holds that we dropped go back in."""
    if not article_body or len(article_body) < 300:
        return lines
    ld = _shingles(article_body)
    if not ld or len(ld & _shingles(" ".join(lines))) >= 0.6 * len(ld):
        return _fill_from_json_ld(lines, dom_paragraphs, article_body)
    parts = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\r?\n", article_body)]
    return [p for p in parts if p]


# Structural tags that are furniture when well formed; an unclosed one swallows the rest of the page.
_WRAPPER_TAGS = ("nav", "aside", "footer", "header")
SHORT_RESULT_CHARS = 400  # a precision-focused result shorter than this gets trafilatura's full cascade
FALLBACK_MIN_CHARS = 800  # ... whose result must be a story: this long, with paragraphs this long on average
FALLBACK_MIN_LINE_CHARS = 120
FALLBACK_SHORT_SHINGLES = 20  # a precision result this long (word 4-grams) is a brief the fuller one must keep


WRAPPED_STORY_CHARS = 500  # paragraph text a wrapper without the headline must hold to be the story
_HEAD_TAGS = frozenset(("title", "meta", "link", "script", "style", "base", "noscript", "object", "template"))
HEAD_STRAY_CHARS = 200


def _unhead_stray_body(tree: Any) -> None:
    """An unknown tag in a ``<head>`` never closed ("<mbox>") makes lxml keep the whole page in
    the head, which is never text: the stray elements go to the body, where the page meant them."""
    head, body = tree.find("head"), tree.find("body")
    if head is None:
        return
    stray = [el for el in head if isinstance(el.tag, str) and el.tag not in _HEAD_TAGS]
    if sum(len(el.text_content().strip()) for el in stray) < HEAD_STRAY_CHARS:
        return
    if body is None:
        body = etree.SubElement(tree, "body")
    for i, el in enumerate(stray):
        body.insert(i, el)  # moving an element keeps its tail text with it


def _unwrap_swallowing_furniture(tree: Any) -> None:
    """A nav/aside/footer that holds the headline with a story's worth of paragraph text (or
    most of the page's) is an unclosed tag that swallowed the article (lxml nests everything
    after it) or a template that puts the post in an ``<aside>``: keep its content by making it
    a plain div, so neither we nor trafilatura drop the story with it. Without the headline it
    is a sidebar, however much text it holds (a blog's "About me")."""
    _unhead_stray_body(tree)
    # only a wrapper holding the headline is weighed: the page's text is read for those alone
    suspects = [el for el in tree.iter(*_WRAPPER_TAGS) if next(el.iter("h1", "article"), None) is not None]
    if not suspects:
        return
    total = sum(len(p.text_content()) for p in tree.iter("p"))
    for el in suspects:
        inner = sum(len(p.text_content()) for p in el.iter("p"))
        if inner >= WRAPPED_STORY_CHARS or inner >= 0.5 * total > 0:
            el.tag = "div"


def fuller_is_story(short: list[str], fuller: list[str]) -> bool:
    """Take the full cascade's result only when it reads as a story (long paragraphs, much more
    text), not a list of teasers, links or comments (measured on the extraction corpora)."""
    size = sum(map(len, fuller))
    if not (size >= FALLBACK_MIN_CHARS and size >= 2 * sum(map(len, short)) and size >= FALLBACK_MIN_LINE_CHARS * len(fuller)):
        return False
    # a short story that the fuller result leaves out is the story; the rest is a page of teasers
    kept = _shingles(" ".join(short))
    return len(kept) < FALLBACK_SHORT_SHINGLES or len(kept & _shingles(" ".join(fuller))) >= 0.5 * len(kept)


_INLINE_TAGS = frozenset(("p", "span", "a", "em", "strong", "b", "i", "u", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"))


def _strip_inline_comments(tree: Any) -> None:
    """A comment in the middle of a paragraph's text ("no one <!-- -->ran on<!-- --> the issue")
    cuts the paragraph there in trafilatura's pass; dropping it keeps its tail in place. Other
    comments stay: trafilatura's choice of container leans on them (measured on the tune split)."""
    for comment in list(tree.iter(etree.Comment)):
        parent = comment.getparent()
        if parent is None or parent.tag not in _INLINE_TAGS or not (comment.tail or "").strip():
            continue
        before = comment.getprevious()
        text_before = parent.text if before is None else before.tail
        if (text_before or "").strip() or (before is not None and before.tag in _INLINE_TAGS):
            comment.drop_tree()  # lxml.html keeps the tail text


# An output line made mostly of the page's link texts is a menu, a "most read" list or a row of
# teasers, whatever separates the links (pipes, bullets, table cells, dashes).
LINK_ROW_SHARE = 0.8
COMMENTS = "blank"  # what to do with HTML comments: "keep", "blank" (their text) or "drop"


LinkTexts = dict[str, list[tuple[str, ...]]]  # a page's link texts as words, by first word (``_link_texts``)


def _link_texts(tree: Any) -> LinkTexts:
    """The words of each link text on the page, indexed by first word (longest first)."""
    by: dict[str, set[tuple[str, ...]]] = {}
    for a in tree.iter("a"):
        # a link without child nodes (most are) holds its text alone: read it without text_content's XPath
        words = tuple(_WORD.findall((a.text_content() if len(a) else a.text or "").lower()))
        if words:
            by.setdefault(words[0], set()).add(words)
    return {k: sorted(v, key=len, reverse=True) for k, v in by.items()}


def link_share(line: str, links: dict[str, list[tuple[str, ...]]]) -> float:
    """Share of a line's words that are link texts of the page (greedy, left to right)."""
    words = _WORD.findall(line.lower())
    i = covered = 0
    while i < len(words):
        for cand in links.get(words[i], ()):
            if tuple(words[i : i + len(cand)]) == cand:
                covered += len(cand)
                i += len(cand)
                break
        else:
            i += 1
    return covered / len(words) if words else 0.0


TABLE_ROW_MAX_WORDS = 12  # a layout-table row (trafilatura prints cells as "| a | b |") holding one short cell


def is_layout_row(line: str) -> bool:
    """A table row of one short filled cell among empty ones ("| | Places of Worship |"): a
    layout table's menu, date or label cell. Data rows fill several cells; the story fills a
    cell with sentences."""
    if not line.startswith("|"):
        return False
    cells = [c for c in line.strip("| ").split("|") if c.strip()]
    return len(cells) <= 1 and all(len(_WORD.findall(c)) < TABLE_ROW_MAX_WORDS for c in cells)


_ESC_PIPE = re.compile(r"\s*\\\|\s*")
MENU_RUN_ITEMS = 3  # this many short items in a row between a cell's own "|" marks are a menu


def _menu_item(part: str) -> bool:
    part = part.strip("| ")  # the row's own cell marks at either end
    words = part.split()
    return 0 < len(words) <= _MENU_ITEM_WORDS and not any(c.isdigit() for c in part) and "|" not in part


_MENU_ITEM_WORDS = 4


def split_menu_runs(line: str) -> list[str]:
    """A layout-table cell holds the menu, the story and the footer in one line ("| News: ePaper \\|
    Front Page \\| National \\| ... \\|Business BSNL offers ..."): each run of short pipe-separated
    items becomes its own line ("Front Page | National | ..."), which the menu-row rule then drops,
    and the story around it stays."""
    if "\\|" not in line:
        return [line]
    parts = _ESC_PIPE.split(line)
    out: list[str] = []
    start = i = 0  # parts[start:] not yet written out
    while i < len(parts):
        if not _menu_item(parts[i]):
            i += 1
            continue
        j = i
        while j < len(parts) and _menu_item(parts[j]):
            j += 1
        if j - i >= MENU_RUN_ITEMS:
            if start < i:
                out.append(" \\| ".join(parts[start:i]))
            out.append(" | ".join(p.strip("| ") for p in parts[i:j]))
            start = j
        i = j
    if start == 0:
        return [line]
    if start < len(parts):
        out.append(" \\| ".join(parts[start:]))
    return [ln for ln in (o.strip() for o in out) if ln.strip("| ")]


TAIL_MIN_CHARS = 200  # a shorter line is judged whole


def trim_furniture_tails(line: str) -> str:
    """Each long cell of a layout-table row without the furniture glued to its end. Only table
    rows: a page's own paragraph ending in its commenting rules is kept as the page wrote it
    (Dragnet's gold keeps those; measured on the tune split)."""
    if len(line) < TAIL_MIN_CHARS or not line.startswith("|"):
        return line
    cells = _CELL_SPLIT.split(line)
    trimmed = [c if len(c) < TAIL_MIN_CHARS else c[: furniture_tail(c.rstrip())].rstrip() + " " for c in cells]
    return "|".join(trimmed).strip() if trimmed != cells else line


def unwrap_lone_cell(line: str) -> str:
    """The text of a layout-table row whose one filled cell holds the story ("| | | | Ashley
    returns ..."): the empty cells' marks are the table's layout, not the story's words. Short
    lone cells are dropped before this (``is_layout_row``); rows of several cells stay rows."""
    if not line.startswith("|"):
        return line
    cells = _cells(line)
    return cells[0].replace("\\|", "|") if len(cells) == 1 else line


LINK_CELL_SHARE = 0.3  # a cell beside others this much made of link texts is a column of teasers or a menu
LINK_CELL_MIN_WORDS = 8  # (a shorter cell is a label, judged with its row)


def blank_link_cells(line: str, links: dict[str, list[tuple[str, ...]]]) -> str:
    """A layout-table row printed as one line ("| story ... | Maureen Coleman meets ... From farm
    to fork ... |") without the cells that are mostly the page's link texts: the story's cell and
    a column of teasers or a menu side by side. The cell marks stay, so the row keeps its width.
    Measured on the tune split: no cell of 8+ words with a third of link text was story text."""
    if not links or not line.startswith("|") or len(_cells(line)) < 2:
        return line
    parts = _CELL_SPLIT.split(line)
    out = [
        " " if len(_WORD.findall(part)) >= LINK_CELL_MIN_WORDS and link_share(part, links) >= LINK_CELL_SHARE else part
        for part in parts
    ]
    return "|".join(out) if out != parts else line


# Items set apart by bars or bullets ("All About Storms • Floods • Coast", "Tech News | Home") are a row
# of links at a lower share: the separators and a label or two are all that is not link text
# (tune split: every such line at 0.6+ was junk, on L3S, Dragnet and Utomo alike; none was gold).
SEPARATED_ROW_SHARE = 0.6
_ITEM_SEP = re.compile(r"\s[|•·]\s|\s[|•·]$")


def is_link_row(line: str, links: dict[str, list[tuple[str, ...]]]) -> bool:
    """A line made mostly of the page's link texts: a menu, a topics row, a list of other stories."""
    if not links:
        return False
    share = link_share(line, links)
    return share >= LINK_ROW_SHARE or (share >= SEPARATED_ROW_SHARE and not line.startswith("|") and bool(_ITEM_SEP.search(line)))


def _drop_link_rows(lines: list[str], links: dict[str, list[tuple[str, ...]]]) -> list[str]:
    if LINK_CELLS:
        lines = [blank_link_cells(ln, links) for ln in lines]
    return [ln for ln in lines if ln.strip("| ") and not (is_layout_row(ln) or is_link_row(ln, links))]


def _quiet_comments(tree: Any) -> None:
    """trafilatura parses with comments removed and reads any node's ``.text``, so an HTML
    comment left in our tree ("google_ad_section_start(name=story_headline)") comes out as a
    line and weighs in its choice of container."""
    if COMMENTS == "keep":
        return
    for comment in list(tree.iter(etree.Comment)):
        if COMMENTS == "blank":
            comment.text = ""
        else:
            comment.drop_tree()


def _body_lines(tree: Any, url: str | None, drop: list[str], css_body: str | None, options: dict[str, Any]) -> list[str]:
    _unwrap_swallowing_furniture(tree)
    _mark_toggle_buttons(tree)
    etree.strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    _strip_inline_comments(tree)
    _quiet_comments(tree)
    if PRUNE:
        _prune(tree, drop)
    links = _link_texts(tree) if LINK_ROW_SHARE <= 1 else {}
    lines = _css_body(tree, css_body) if css_body else []
    lines = [part for ln in (lines or _trafilatura_lines(tree, url, options)) for part in split_menu_runs(trim_furniture_tails(ln))]
    lines = _drop_link_rows(lines, links)
    if STORY_CELLS:  # the story cell's blocks become lines once the rules above have read its row whole
        lines = _drop_link_rows([part for ln in lines for part in open_story_cells(ln)], links)
    return lines


def split_lead_byline(line: str) -> list[str]:
    """A dated byline run into the story's first sentence becomes a line of its own, which the
    stamp rule then drops (its name joins the credits); the sentence stays."""
    cut = lead_byline_end(line)
    return [" ".join(line[:cut].split()), line[cut:]] if cut else [line]


LEAD_LABEL_OUT = True  # see drop_lead_label
LEAD_HEADLINE_LINES = 3  # the body's first lines, where a template prints the headline over the story


def split_lead_headline(lines: list[str], title: str | None) -> list[str]:
    """A line among the first few that is the headline run into a byline or a stamp ("Tiger's wall
    was low By Jo Quay Last Updated: 2:56am GMT 29/12/2007", "Nasri plays 20 August, 2011": a
    template printing the header block as one line) becomes the headline and the rest, each a line:
    the headline repeat is then dropped (``stored_body``), the byline or stamp with the furniture
    (its name joins the credits). A headline run into prose is left alone. (Tune split: 6 pages,
    L3S junk lines 2.17% -> 2.14%, F1 0.9823 -> 0.9824; no corpus lower.)"""
    head = " ".join((title or "").split())
    if not head:
        return lines
    out = list(lines)
    for i, line in enumerate(lines[:LEAD_HEADLINE_LINES]):
        flat = " ".join(line.strip("| ").split())  # a layout table's empty cells around it: "|  | Headline By ..."
        rest = flat[len(head):].strip()
        if rest and flat[: len(head) + 1].lower() == head.lower() + " " and (is_furniture_line(rest) or is_byline(rest)):
            out[i : i + 1] = [flat[: len(head)], rest]
            break
    return out


def _keep_dropped_credits(fields: PageFields, dropped: list[str]) -> None:
    """A credit line or a supplier's stamp dropped as furniture still names who supplied the text (an
    agency, often): detection reads it from the credits, as it reads the page's metadata."""
    for line in dropped:
        name = stamp_credit(line.strip("| ")) or (" ".join(line.strip("| ").split())[:200] if is_credit_line(line) else None)
        if name is None and is_byline(line):
            name = re.sub(r"^by\s+", "", " ".join(line.strip("| ").split()), flags=re.I).rstrip(",")[:200] or None
        if name and name not in fields.credits and len(fields.credits) < MAX_CREDITS + 2:
            fields.credits.append(name)


CONTAINER_CHECK_MAX_CHARS = 800  # a body this short may be a sidebar blurb chosen over a short post
# A longer body (a sidebar's list of events, a blog's profile box) gives way only to a container holding
# this share of its length: a container holding a story's first paragraphs alone (a template that
# splits the story over several blocks) is a part of the body, not another block.
CONTAINER_LONG_BODY_SHARE = 0.5
CONTAINER_MIN_CHARS = 100
HEADLINE_BLOCK_BODY_SHARE = 0.5  # a headline's block this much shorter than the body is a teaser or a site's box, not the story


def _container_lines(html: str, url: str | None, drop: list[str], lines: list[str]) -> list[str]:
    """A body taken from another block than the page's one post container (blocks.py) is replaced
    by that container's text, cleaned as a page of its own, when that reads as prose (lines of
    sentence length on average) and, for a body longer than a blurb, holds half its length at
    least; else ``lines`` as they are. (Tune split: a blog's list of events chosen over its post,
    Dragnet junk lines 2.5% -> 2.3%; no other page changed.)"""
    if not may_hold_container(html):
        return lines
    tree = parse_html(html)
    container = story_container(tree)
    if container is None or not missed_container(lines, container):
        return lines
    size = sum(map(len, lines))
    if size > CONTAINER_CHECK_MAX_CHARS and len(" ".join(container.text_content().split())) < CONTAINER_LONG_BODY_SHARE * size:
        return lines
    page = lxml.html.fromstring("<html><body></body></html>")
    page.find("body").append(container)
    inside = _body_lines(page, url, drop, None, TRAFILATURA_OPTIONS)
    size = sum(map(len, inside))
    # the container's text must read as prose: a gallery's "Img ID#… Title:" notes are no story
    return inside if size >= CONTAINER_MIN_CHARS and size >= PROSE_RUN_CHARS * len(inside) else lines


def _evidence_lines(html: str, url: str | None, drop: list[str], lines: list[str],
                    find: Callable[[Any], Any], holds: Callable[[list[str]], int]) -> list[str]:
    """``lines`` replaced by the text of the block ``find`` picks on the pruned page (blocks.py),
    cleaned as a page of its own, when that reads as prose, is not a sliver of the body's length
    and ``holds`` more of the page's evidence (the headline's words, the description) than the
    body; else ``lines`` as they are."""
    tree = parse_html(html)
    _unwrap_swallowing_furniture(tree)
    _mark_toggle_buttons(tree)
    etree.strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    if PRUNE:
        _prune(tree, drop)
    block = find(tree)
    if block is None:
        return lines
    page = lxml.html.fromstring("<html><body></body></html>")
    page.find("body").append(block)
    inside = _body_lines(page, url, drop, None, TRAFILATURA_OPTIONS)
    size = sum(map(len, inside))
    if size < max(CONTAINER_MIN_CHARS, HEADLINE_BLOCK_BODY_SHARE * sum(map(len, lines))) or size < PROSE_RUN_CHARS * len(inside):
        return lines
    return inside if holds(inside) > holds(lines) else lines


def _off_region_lines(html: str, url: str | None, drop: list[str], lines: list[str], title: str, description: str | None) -> list[str]:
    """A body holding none of the headline's words (``off_headline``) gives way to the block
    holding most of them; one that still holds none, and little of the page's own description,
    to the block printing that description (the story's lede: a blog whose title is its name)."""
    lines = _evidence_lines(html, url, drop, lines, lambda tree: headline_block(tree, title),
                            lambda ls: headline_share(ls, title))
    if not DESCRIPTION_BLOCK or not description or not off_headline(lines, title):
        return lines
    return _evidence_lines(html, url, drop, lines, lambda tree: description_block(tree, description),
                           lambda ls: description_share(ls, description))


BALANCED_FILL = True  # see fill_from_balanced
FILL_MIN_WORDS = 12  # a line this long that ends a sentence is prose, not a label, a link or a teaser headline
# How far above the body's first line a balanced line may sit and still go back in (its lead or
# standfirst). Tune split at 2: Dragnet F1 +0.002 and Utomo +0.000, ScrapingHub -0.003 (its gold
# leaves a standfirst out, Dragnet's keeps it) and a blog's welcome box: so none.
FILL_HEAD_LINES = 0
FILL_MAX_LINK_SHARE = 0.5
_CUT_SHORT = re.compile(r"(?:\.\s*){3}$|…$")  # a teaser's blurb, cut short
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")


def _is_prose(line: str, links: LinkTexts) -> bool:
    """A sentence-length line ending a sentence, mostly not link text, not a teaser cut short
    ("..."), a table row, furniture or a byline."""
    return (len(_WORD.findall(line)) >= FILL_MIN_WORDS and bool(_SENTENCE_END.search(line)) and not line.startswith("|")
            and not _CUT_SHORT.search(line)
            and link_share(line, links) < FILL_MAX_LINK_SHARE and not is_furniture_line(line) and not is_byline(line))


def fill_from_balanced(lines: list[str], balanced: list[str], links: LinkTexts) -> list[str]:
    """``lines`` with the prose paragraphs that trafilatura's balanced cascade found among them, or
    right above the first of them, put back in place. The precision cascade (our first pass) drops
    some story paragraphs with the furniture: a standfirst printed in the header over the body's
    own block, a lead set as loose text beside a picture, a paragraph with a link in it. The
    balanced cascade keeps them, and more furniture, which sits around the story rather than
    inside it: so only a sentence-length line (``_is_prose``) between two body lines, or at most
    ``FILL_HEAD_LINES`` above the first, goes back in; nothing below the last line does. (Tune
    split: Dragnet F1 0.930 -> 0.931, Utomo 0.975 -> 0.976, no corpus lower, junk lines equal.
    The second trafilatura pass runs only on a page printing a paragraph's worth of words between
    two body lines (``LineDom.running_gap``): 42 -> 52 ms a page, against 62 on every page.)"""
    if not lines or not balanced:
        return lines
    keys = [f" {match_form(ln)} " for ln in lines]
    found: list[int | None] = []  # per balanced line: the body line holding it
    at = 0
    for line in balanced:
        key = f" {match_form(line)} "
        hit = next((i for i in range(at, len(keys)) if key in keys[i] or keys[i] in key), None) if key.strip() else None
        found.append(hit)
        if hit is not None:
            at = hit
    held = [k for k, hit in enumerate(found) if hit is not None]
    if not held:
        return lines
    first, last = held[0], held[-1]
    inserts: dict[int, list[str]] = {}  # body index -> lines to put before it
    body = " ".join(keys)
    for k in range(max(0, first - FILL_HEAD_LINES), last):
        key = f" {match_form(balanced[k])} "
        if found[k] is not None or key in body or not _is_prose(balanced[k], links):
            continue  # a paragraph printed twice (a summary box over the story) goes in once at most
        body += key
        after = next(hit for hit in found[k + 1 : last + 1] if hit is not None)
        inserts.setdefault(after, []).append(balanced[k])
    if not inserts:
        return lines
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, []))
        out.append(line)
    return out


def _description(tree: Any) -> str | None:
    """The page's own summary as its metadata gives it."""
    meta = _meta(tree)
    return meta.get("og:description") or meta.get("description") or meta.get("twitter:description")


_LABEL_WORD = re.compile(r"^[\w'’&/-]+:?$")  # one word, no sentence: "Title", "By", "Golf", "ENVIRONMENT"


def drop_lead_label(lines: list[str], title: str | None) -> list[str]:
    """The body without a lone word over it (under the headline repeated, if it is): a field's label
    ("Title"), a section's ("Golf"), a byline's "By" whose name went elsewhere. A story opens with a
    sentence, not one bare word; a word the next line goes on from (lower case: "Photos" / "which
    were released ...") stays. (Tune split: 12 pages, 11 labels the gold leaves out, 1 it keeps;
    Utomo F1 0.9777 -> 0.9778, no corpus lower, junk equal: the scores count lines of 3+ words.)"""
    i = 1 if lines and title and match_form(lines[0]) == match_form(title) else 0
    if len(lines) > i + 1 and _LABEL_WORD.match(lines[i].strip("| ")) and not lines[i + 1].lstrip("| ")[:1].islower():
        return lines[:i] + lines[i + 1 :]
    return lines


def extract_page(html: str | bytes, url: str | None = None, css: dict[str, str] | None = None) -> PageFields:
    """Main text and metadata of one page. Paragraphs may be empty: the caller decides.

    ``css`` is the outlet's optional rules from config/outlets.yaml: ``body`` (selector of the
    article text) and ``drop`` (comma-separated selectors of blocks to remove first).
    """
    fields, links, dom = untrimmed_page(html, url, css)
    if LEARNED_TRIM and fields.paragraphs and dom is not None:
        fields.paragraphs = trim_body(fields.paragraphs, fields.title, [link_share(p, links) for p in fields.paragraphs],
                                      data_table_rows(fields.paragraphs), dom=dom.features(fields.paragraphs))
    if LEAD_LABEL_OUT:
        fields.paragraphs = drop_lead_label(fields.paragraphs, fields.title)
    return fields


def untrimmed_page(html: str | bytes, url: str | None = None,
                   css: dict[str, str] | None = None) -> tuple[PageFields, LinkTexts, LineDom | None]:
    """``extract_page`` before the learned trim (``htmltrim``): the page's fields, the words of
    its link texts and its words with the elements holding them (``linedom``; both read before
    any pruning: a menu pruned away still names its links and its class). The trim's trainer
    reads the lines here."""
    if isinstance(html, bytes):
        html = decode_html(html)
    tree = parse_html(html)
    links = _link_texts(tree) if LEARNED_TRIM else {}
    dom = LineDom(tree) if LEARNED_TRIM else None
    fields = _metadata(tree, url)
    description = _description(tree)  # read now: the body pass strips the head
    dom_paragraphs = _dom_paragraphs(tree) if fields.article_body else []
    articles = article_blocks(tree) if STORY_ARTICLE else []
    css = css or {}
    drop = [s.strip() for s in (css.get("drop") or "").split(",") if s.strip()]
    lines = _body_lines(tree, url, drop, css.get("body"), TRAFILATURA_OPTIONS)
    fuller: list[str] | None = None
    if TRAFILATURA_OPTIONS.get("precision") and sum(map(len, lines)) < SHORT_RESULT_CHARS:
        # precision focus skips trafilatura's rescue stages; a near-empty result is the page
        # layout defeating the rules (a paywall-styled body, a teaser-heavy page), not an empty story
        fuller = _body_lines(parse_html(html), url, drop, css.get("body"), {})
        if fuller_is_story(lines, fuller):
            lines = fuller
    if STORY_CONTAINER:
        lines = _container_lines(html, url, drop, lines)
    if HEADLINE_BLOCK and fields.title and off_headline(lines, fields.title):
        lines = _off_region_lines(html, url, drop, lines, fields.title, description)
    if (BALANCED_FILL and TRAFILATURA_OPTIONS.get("precision") and not css.get("body")
            and (dom is None or FILL_HEAD_LINES or dom.running_gap(lines) >= FILL_MIN_WORDS)):
        # the second pass only where the page prints a paragraph's worth of words between two body lines
        balanced = fuller if fuller is not None else _body_lines(parse_html(html), url, drop, None, {})
        lines = fill_from_balanced(lines, balanced, links if LEARNED_TRIM else _link_texts(parse_html(html)))
    lines = [part for ln in split_lead_headline(lines, fields.title) for part in split_lead_byline(ln)]
    if GLUED_TAILS:
        lines = [cut_glued_tail(ln) for ln in lines]
    if JUNK_LINES:
        kept = drop_junk_lines(lines)
        kept_set = set(kept)  # once: built per line, it made a page of 10,000 short lines take seconds
        _keep_dropped_credits(fields, [ln for ln in lines if ln not in kept_set])
        lines = kept
    lines = [unwrap_lone_cell(ln) for ln in lines]
    lines = keep_story_article(lines, articles, fields.title)
    fields.paragraphs = _reconcile_json_ld(lines, dom_paragraphs, fields.article_body)
    if not fields.language and fields.paragraphs:
        fields.language = guess_language(" ".join(fields.paragraphs[:20]))
    return fields, links, dom


def canonical_from_html(html: str | bytes) -> str | None:
    """The page's own canonical URL, for files that arrive without one."""
    try:
        return _metadata(parse_html(html), None).canonical_url or None
    except ValueError:
        return None
