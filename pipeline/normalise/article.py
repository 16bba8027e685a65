"""One raw record (from a dump, a file, a WARC or the crawler) → one clean article, or a reject."""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from typing import Any, TypeVar
from urllib.parse import urlsplit

from tld import get_fld

from pipeline.config import NormaliseSettings
from pipeline.normalise.charset import undo_mojibake
from pipeline.normalise.dates import parse_published
from pipeline.normalise.language import guess_language
from pipeline.normalise.matchtext import match_form, text_hash
from pipeline.normalise.segment import join_paragraphs, paragraph_spans, rejoin_wrapped

T = TypeVar("T")


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
    content_type: str | None = None  # the HTTP Content-Type of html bytes (its charset), when known


@dataclass(frozen=True)
class OutletProfile:
    """What normalisation needs from config/outlets.yaml: the name, how it writes dates, its CSS rules."""

    name: str
    locale: str | None = None
    timezone: str | None = None
    css: dict[str, str] = field(default_factory=dict)


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
    credits: list[str] = field(default_factory=list)  # metadata credits (author, rights, publisher): agency evidence
    quotes: list[tuple[int, int]] = field(default_factory=list)  # body paragraphs the page marks up as quotations

    @property
    def body_hash(self) -> str:
        return hashlib.sha256(self.body.encode()).hexdigest()

    @property
    def paragraph_spans(self) -> list[tuple[int, int]]:
        return paragraph_spans(self.body)

    @cached_property
    def paragraph_index(self) -> list[tuple[int, int, int]]:
        """(start, end, text_hash) of each paragraph, as the `paragraphs` table stores them. Cached
        and pickled with the article: ingest workers compute it, so the writer only writes."""
        return [(s, e, text_hash(self.body[s:e])) for s, e in paragraph_spans(self.body)]

    @cached_property
    def paragraph_furniture(self) -> list[bool]:
        """``is_furniture_line`` of each paragraph, stored with it for detect's boilerplate flags.
        Judged in the ingest worker right after text cleanup judged the same lines (its cache
        answers), so detect need not judge every paragraph again."""
        from pipeline.normalise.furniture import is_furniture_line

        return [is_furniture_line(self.body[s:e]) for s, e, _ in self.paragraph_index]


MAX_URL_CHARS = 2048  # longer "URLs" are junk, and PostgreSQL cannot index them
MAX_OUTLET_CHARS = 200  # articles.outlet is String(200)
MAX_NUL_SHARE = 1000  # one NUL per this many characters, or more: binary, not a stray byte


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


_URL_UNSAFE = re.compile(r"[\s\x00-\x1f]")  # whitespace (str.isspace) or control characters
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{4096,}>")  # only tags long enough to hold many attributes
_ATTRIBUTE = re.compile(r"""[\s"'][^\s"'=<>/]+\s*=""")


def _most_attributes(html: str) -> int:
    """The most attributes any one tag of the page has (roughly: names followed by '='), in one
    linear scan; short tags are skipped, they cannot hold many."""
    return max((len(_ATTRIBUTE.findall(m.group())) for m in _LONG_TAG.finditer(html)), default=0)


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


# A page kept by the Wayback Machine: the original address follows the stamp.
_WAYBACK = re.compile(r"^(?:https?:)?//web(?:-beta)?\.archive\.org/web/\d+[a-z_]*/", re.I)


def original_url(url: str) -> str:
    """The address a web archive copy was taken from, so an archived page keeps its publisher."""
    rest = _WAYBACK.sub("", url, count=1)
    if rest == url:
        return url
    return rest if "://" in rest else f"http://{rest}"


@lru_cache(maxsize=65536)
def site_of(host: str) -> str:
    """The registrable domain of a host: sport.example.co.uk and news.example.co.uk are one
    publisher's site. IP addresses, localhost and hosts under no public suffix stay as they are."""
    host = host.lower().strip(".")
    if not host or "." not in host:
        return host
    with contextlib.suppress(ValueError):
        ipaddress.ip_address(host.strip("[]"))
        return host
    return get_fld(host, fix_protocol=True, fail_silently=True) or host


def warm_up(html: bool, domains: bool) -> None:
    """Load what normalising records loads on first use (each ingest worker did it again, ~0.4 s
    of CPU apiece): with ``html``, the extractor and the justext stoplists of trafilatura's
    fallback; with ``domains``, the public-suffix list that names outlets by their domain."""
    if html:
        from pipeline.normalise.html import warm_up as warm_html

        warm_html()
    if domains:
        site_of("www.example.co.uk")


def by_host(table: Mapping[str, T] | None, host: str) -> T | None:
    """The entry for a host or the nearest parent domain listed (a configured outlet owns its
    subdomains); keys are hosts without www."""
    if not table or not host:
        return None
    labels = host.split(".")
    for i in range(len(labels) - 1):
        hit = table.get(".".join(labels[i:]))
        if hit is not None:
            return hit
    return None


PLATFORM = "*"  # an outlet_for_host value: a hosting platform (outlets.yaml platforms:), each subdomain its own outlet


def outlet_for(url: str, given: str | None = None, profile: OutletProfile | None = None,
               outlet_for_host: Mapping[str, str] | None = None) -> str:
    """The outlet of a page, decided here only: the name the record gives, else the configured
    outlet owning its host (or a parent domain), else its registrable domain, or on a hosting
    platform the subdomain just below it. A web archive address counts as the page it archived."""
    if given:
        return given
    host = host_of(original_url(url))
    if profile is not None:
        return profile.name
    named = by_host(outlet_for_host, host)
    if named == PLATFORM:
        labels = host.split(".")
        for i in range(1, len(labels)):
            if (outlet_for_host or {}).get(".".join(labels[i:])) == PLATFORM:
                return ".".join(labels[i - 1 :])
        return host
    return named or site_of(host)


def title_of(outlet: str, url: str) -> str:
    """What a pair must differ in to be a candidate: the outlet, or, for an outlet known only by
    its registrable domain, the host. Regional titles of one network often share a domain
    (coventry.example.co.uk, harrow.example.co.uk) and copy each other: such a pair is kept and
    recorded as sharing within the domain's group, not dropped as one outlet repeating itself."""
    host = host_of(original_url(url))
    return host if host != outlet and site_of(host) == outlet else outlet


def normalise_record(
    rec: RawRecord,
    settings: NormaliseSettings,
    outlet_for_host: dict[str, str] | None = None,
    *,
    profiles: dict[str, OutletProfile] | None = None,
) -> Article:
    """Raise RejectError with a reason that names the fix when the record cannot be used.

    ``profiles`` maps host (without www.) to the outlet's profile: its name, its locale (which
    decides 08/12 dates), its time zone (for naive times) and its optional CSS rules.
    """
    if rec.error:
        raise RejectError(rec.error)
    if not rec.url or not isinstance(rec.url, str):
        raise RejectError("missing 'url': every article needs the URL it was published at")
    if len(rec.url) > MAX_URL_CHARS:
        raise RejectError(f"url is {len(rec.url)} chars, over {MAX_URL_CHARS}; give the article's real URL")
    if clean_text(rec.url) != rec.url or _URL_UNSAFE.search(rec.url):
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

    host = host_of(original_url(rec.url))
    given_outlet = rec.outlet.strip() if isinstance(rec.outlet, str) and rec.outlet.strip() else None
    profile = by_host(profiles, host)
    if profile is None and given_outlet:
        profile = next((p for p in (profiles or {}).values() if p.name == given_outlet), None)

    title = rec.title if isinstance(rec.title, str) else None
    published_raw: Any = rec.published
    author = canonical = language = None
    page_locale: str | None = None
    links: list[str] = []
    credits: list[str] = []
    quotations: list[str] = []
    if rec.html is not None:
        # the HTML path (lxml, trafilatura: 0.3-0.5 s to import) loads with the first page, so
        # text-only ingests and everything importing this module (detect) never pay for it
        from pipeline.normalise.html import decode_html, extract_page, sniff_binary

        html = rec.html
        if len(html) > settings.max_html_bytes:
            raise RejectError(
                f"page is {len(html)} bytes, over normalise.max_html_bytes={settings.max_html_bytes}"
                " (raise it in your config to accept such pages)"
            )
        if isinstance(html, bytes):
            what = sniff_binary(html)
            if what:
                raise RejectError(f"not an HTML page: the content is {what}")
            html = decode_html(html, rec.content_type if isinstance(rec.content_type, str) else None)
        elif sniff_binary(html[:8192].encode("utf-8", "surrogatepass")):
            raise RejectError("not an HTML page: the text holds binary control characters")
        if (crowded := _most_attributes(html)) > settings.max_tag_attributes:
            raise RejectError(f"a tag with {crowded} attributes, over normalise.max_tag_attributes="
                              f"{settings.max_tag_attributes} (parsing it takes quadratic time; raise the bound to accept it)")
        if (nul := html.find("\x00")) >= 0:  # the sniff saw the first 8 KB
            if html.count("\x00") * MAX_NUL_SHARE > len(html):
                raise RejectError(f"not an HTML page: NUL characters from offset {nul} (binary data, or a damaged "
                                  "copy); fetch it again, or remove the NULs if the page is text")
            # a stray NUL in a real page (seen in crawled archives): shown as U+FFFD, as an HTML
            # tokenizer does, never dropped unseen
            html = html.replace("\x00", "\ufffd")
        if not html.strip():
            raise RejectError("empty page: the record has no content")
        if not _LOOKS_HTML.search(html[:65536]):
            raise RejectError(f"not an HTML page: no markup in {html[:40]!r}...; give plain text as 'text' instead")
        html = undo_mojibake(html)  # UTF-8 shown as windows-1252 in the page itself: no decoder undoes it
        try:
            page = extract_page(html, rec.url, profile.css if profile else None)
        except ValueError as exc:
            raise RejectError(str(exc)) from exc
        paragraphs = page.paragraphs
        title = title or page.title
        published_raw = published_raw or page.published
        author, canonical, language, links = page.author, page.canonical_url, page.language, page.links
        credits = [c for c in (clean_text(x) for x in page.credits) if c]
        quotations = page.quotations
        page_locale = page.locale
    else:
        from pipeline.normalise.text import text_paragraphs  # ftfy: loaded by text records only

        if len(rec.text or "") > settings.max_text_chars:
            raise RejectError(f"'text' is {len(rec.text or '')} chars, over normalise.max_text_chars="
                              f"{settings.max_text_chars} (raise it in your config to accept such records)")

        paragraphs = text_paragraphs(rec.text or "", title=title)
        language = guess_language(" ".join(paragraphs[:20]))
        credits = text_credits(rec.text or "", paragraphs)
    paragraphs, credits = lift_lead_credit(paragraphs, credits)
    body = stored_body(paragraphs, title)
    if len(body) > settings.max_text_chars:
        raise RejectError(f"article text is {len(body)} chars, over normalise.max_text_chars={settings.max_text_chars}"
                          " (raise it in your config to accept such records)")
    if len(body) < settings.min_body_chars:
        raise RejectError(
            f"no article text found ({len(body)} chars, need normalise.min_body_chars={settings.min_body_chars})"
        )
    if settings.languages and language and language not in settings.languages:
        raise RejectError(
            f"article is in language {language!r}, not in normalise.languages={settings.languages}"
            " (add it there to accept such pages)"
        )
    locale = (profile.locale if profile else None) or page_locale or _locale_of_host(host)
    try:
        published = parse_published(published_raw, locale=locale, tz=profile.timezone if profile else None)
    except ValueError as exc:
        if rec.published is not None:
            raise RejectError(f"'published': {exc}") from exc
        published = None  # the page's own date markup is unreadable: unknown, never a reason to drop the page
    outlet = clean_text(outlet_for(rec.url, given_outlet, profile, outlet_for_host)) or host
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
        credits=credits,
        quotes=quotation_paragraphs(body, quotations),
    )


MAX_QUOTED_SHARE = 0.6  # a page that wraps its whole story in <blockquote> uses it for layout


def quotation_paragraphs(body: str, quotations: list[str]) -> list[tuple[int, int]]:
    """Spans of the body paragraphs that lie inside one of the page's quotation elements: a
    quote set as <blockquote> loses its marks in the text, and detection must still see that
    the words are a third party's."""
    if not quotations:
        return []
    forms = "\x00".join(match_form(q) for q in quotations)  # one search per paragraph
    spans = []
    for s, e in paragraph_spans(body):
        form = match_form(body[s:e])
        if len(form.split()) >= 3 and form in forms:
            spans.append((s, e))
    if sum(e - s for s, e in spans) > MAX_QUOTED_SHARE * len(body):
        return []
    return spans


# A line that credits someone: a byline, a closing tag, a source or rights line, "(AP)".
_CREDIT_LINE = re.compile(r"^(?:(?:By|BY|From|FROM|Source|SOURCE)\b:?|Copyright\b|©|[-–—]{1,2}\s*\S|\([^()]{2,40}\)$)")
CREDIT_LINE_WORDS = 10


# An agency's credit set as a line of its own over the story: "(AP)", "(Reuters)", "( AFP )".
_LONE_CREDIT = re.compile(r"^\(\s*[A-Z][A-Za-z&.]*(?:[ -][A-Z][A-Za-z&.]*){0,2}\s*\)$")


def lift_lead_credit(paragraphs: list[str], credits: list[str]) -> tuple[list[str], list[str]]:
    """A lone agency credit as the body's first line belongs to the dateline, not the story: it
    leaves the body and joins the credits, where relation detection still reads it."""
    if len(paragraphs) < 2 or not _LONE_CREDIT.match(" ".join(paragraphs[0].split())):
        return paragraphs, credits
    credit = " ".join(paragraphs[0].split())
    return paragraphs[1:], credits if credit in credits else [*credits, credit]


def text_credits(text: str, paragraphs: list[str]) -> list[str]:
    """Credit lines at the top or the end of a plain-text record that its body left out: a text
    dump has no metadata, so a byline ("By Agencies") or a closing tag ("- Sapa") the line
    cleaning dropped is the only record of who supplied the text."""
    lines = [" ".join(x.split()) for x in text.split("\n")]
    lines = [x for x in lines if x]
    kept = " ".join(paragraphs)
    out: list[str] = []
    for line in [*lines[:5], *lines[-3:]]:
        if len(line.split()) <= CREDIT_LINE_WORDS and _CREDIT_LINE.match(line) and line not in kept and line not in out:
            out.append(clean_text(line[:200]) or "")
    return [x for x in out if x]


def stored_body(paragraphs: list[str], title: str | None) -> str:
    """The body as stored from the paragraphs either path found: the headline repeated as a body
    line dropped (under a dateline lead or not), hard-wrapped printed lines rejoined (a page's
    <pre>/<br> lines and a text dump's lines may be one printed line each), one blank line apart.
    The HTML trim's trainer scores its cuts on this very text."""
    if paragraphs and title:
        headline = match_form(title)
        paragraphs = [p for i, p in enumerate(paragraphs) if i >= HEADLINE_REPEAT_LINES or not _is_headline(p, title, headline)]
    return join_paragraphs(_drop_dangling_heading(_drop_repeated_lead(rejoin_wrapped([q for q in (" ".join(p.split()) for p in paragraphs) if q]))))


DANGLING_MAX_WORDS = 4  # a heading is a few words; "Twitter seemed a bit confused by the campaign:" introduces an embed the story quotes


def _drop_dangling_heading(paragraphs: list[str]) -> list[str]:
    """Drop a short last paragraph ending on a colon ("More from Harbour News:", "Related
    stories:"): the heading of a list the extraction left out. A story never ends on a colon, and
    the heading alone says nothing of it."""
    if len(paragraphs) > 1 and paragraphs[-1].rstrip().endswith(":") and len(paragraphs[-1].split()) <= DANGLING_MAX_WORDS:
        return paragraphs[:-1]
    return paragraphs


REPEAT_LEAD_LINES = 4  # the standfirst printed again as the lead sits among the first few paragraphs
REPEAT_NEAR = 2  # ... with its repeat one or two paragraphs on (a byline or time line may stand between)
REPEAT_MIN_WORDS = 8  # shorter lines ("Advertisement", a kicker) repeat by chance
REPEAT_PREFIX_WORDS = 8  # a dateline before the repeat: "KABUL, Afghanistan (AP) —"


def _drop_repeated_lead(paragraphs: list[str]) -> list[str]:
    """Drop a paragraph among the first few that a nearby later one prints again after at most a
    dateline's few words: a summary (standfirst) repeated as the lead, "Bombers struck ..." then
    "KABUL, Afghanistan — Bombers struck ...". Both would be stored and the same text counted twice
    (as copied, or as added); the fuller one, the lead with its dateline, is kept. A pull quote
    over the story that the story then prints after "X said," is the same repeat and goes too. A
    line repeated with no words before it (a caption printed again with its credit) is left alone."""
    head = paragraphs[: REPEAT_LEAD_LINES + REPEAT_NEAR]
    forms = [match_form(p) for p in head]
    drop: set[int] = set()
    for i, form in enumerate(forms[:REPEAT_LEAD_LINES]):
        words = form.split()
        if head[i].endswith(("…", "...")):
            words = words[:-1]  # a summary cut short may end inside a word
        if len(words) < REPEAT_MIN_WORDS:
            continue
        needle = f" {' '.join(words)} "
        for j in range(i + 1, min(i + 1 + REPEAT_NEAR, len(forms))):
            at = f" {forms[j]} ".find(needle)
            if at >= 0 and 1 <= len(forms[j][:at].split()) <= REPEAT_PREFIX_WORDS:
                drop.add(i)
                break
    return [p for i, p in enumerate(paragraphs) if i not in drop] if drop else paragraphs


def _is_headline(line: str, title: str, headline: str) -> bool:
    return abs(len(line) - len(title)) < 0.2 * len(title) + 10 and match_form(line) == headline  # lengths first: cheap


HEADLINE_REPEAT_LINES = 3  # a line equal to the headline among the first three (above or under a dateline lead) repeats it
_LOOKS_HTML = re.compile(r"<\s*(?:!doctype|html|head|body|p|div|article|meta|title|br|span|a|h[1-6]|table|section)\b", re.I)
# Country-code domains whose outlets write the day first when the page does not say its locale.
_DAY_FIRST_TLDS = {"uk", "au", "nz", "ie", "in", "za", "de", "fr", "es", "it", "nl", "be", "at", "ch", "br",
                   "pt", "pl", "se", "no", "dk", "fi", "ru", "mx", "ar", "sg", "my", "id", "ng", "ke", "gr", "tr"}


def _locale_of_host(host: str) -> str | None:
    tld = host.rsplit(".", 1)[-1]
    return f"xx_{tld.upper()}" if tld in _DAY_FIRST_TLDS else None
