"""The page's headline, judged on the page's form, never on which site it is.

The ``<title>`` is ``headline | section | site`` in some order, or the site's name alone; the
first ``<h1>`` is often the logo; og:title may be a reworded social title or the site's tagline.
So the headline is, in order:

1. the short text the page shows (not a logo, not a list item) that the og:title or ``<title>``
   holds, covering most of its story part (the part not naming the site: og:site_name, a domain
   name, or words of the host); the ``<title>``'s when it is a heading and the og:title's is not;
   but not a section's label (a few words the menu links to or set in capitals, or a heading
   with no story under it) when a longer heading has the story under it, or, with no heading
   over the story, a longer plain line over it;
2. the og:title less the parts naming the site, unless the page's own ``<h1>`` over the story
   shares half its words (a reworded social title);
3. the ranked heading (``<h1>``-``<h3>``, headline class or itemprop, a post's permalink) the most running text
   follows, or the higher-ranked one right above it (a headline over its subheading); a pull
   quote set as a heading inside the story is no candidate, its text counts as the one's above;
4. the longest ``<title>`` part not naming the site, unless the short plain line over the story
   shares more words with the story's opening (the ``<title>`` the page never shows is then the
   site's or the section's: "Football news, results and tips").

Measured on the gold titles of the extraction corpora (tune split), with the corpora without gold
titles as an unseen check (how often the title is a line of the gold text).
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from pipeline.normalise.furniture import is_byline, is_comments_heading, is_furniture_line

_WORD = re.compile(r"\w+")
# " | ", " - ", " – ", " — ", " » ", " :: ", " : ", " > ", " -- ", " · " between spaces; "_" glued (a CMS joining fields)
_SEPARATOR = re.compile(r"\s+(?:[|\-–—»«>:·•~/]|::|--|>>|<<|//)\s+|_(?=[A-Z])")
_COLON = re.compile(r"(?<=\w):\s+")  # "globeandmail.com: Blame game", "Bulls pursue talks: Sport: News24"
_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|biz|tv|[a-z]{2})$", re.I)
_TLD_LABELS = frozenset(("com", "co", "org", "net", "gov", "ac", "edu", "www", "news", "uk", "au", "nz", "ca", "in", "ie"))
_STOP = frozenset(("the", "and", "of", "a", "an", "on", "for", "in", "to", "at", "from"))
MAX_HEADLINE_CHARS = 300
MIN_COVER = 0.6  # share of the title's story segment a heading must cover to stand for it
MIN_STORY_WORDS = 30  # running words after a heading that make it the story's
SHARED_WORDS = 0.5  # share of a social title's words its page headline holds


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def site_hints(url: str | None, meta: dict[str, str]) -> tuple[str, set[str]]:
    """The host's name part ("belfasttelegraph" of www.belfasttelegraph.co.uk) and the page's own names for its site."""
    host = (urlsplit(url).hostname or "") if url and "//" in url else ""
    core = "".join(label for label in host.lower().split(".")[:-1] if label not in _TLD_LABELS)
    names = {" ".join(_words(meta[k])) for k in ("og:site_name", "application-name") if meta.get(k)}
    return core, names


def names_site(segment: str, core: str, names: set[str]) -> bool:
    """A segment is the site's name when it is one the page gives, a domain name ("TheStar.com"),
    or every word of it is in the host name."""
    words = _words(segment)
    if not words or " ".join(words) in names or _DOMAIN.match(segment.strip()):
        return True
    content = [w for w in words if w not in _STOP and w not in ("www", "com", "online")]
    return bool(core and content) and all(w in core for w in content) and any(len(w) >= 3 for w in content)


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the title's parts between separators."""
    out, at = [], 0
    for m in _SEPARATOR.finditer(text):
        out.append((at, m.start()))
        at = m.end()
    out.append((at, len(text)))
    return [(i, j) for i, j in out if text[i:j].strip()]


def segments(text: str, core: str, names: set[str]) -> list[tuple[int, int]]:
    """The title's parts as spans; a part's "Site: headline" or "headline: Section: Site" colons
    split it too, but only when its first or last colon piece names the site."""
    out: list[tuple[int, int]] = []
    for i, j in _spans(text):
        pieces, at = [], i
        for m in _COLON.finditer(text, i, j):
            pieces.append((at, m.start()))
            at = m.end()
        pieces.append((at, j))
        if len(pieces) > 1 and (names_site(text[slice(*pieces[0])], core, names)
                                or names_site(text[slice(*pieces[-1])], core, names)):
            out += pieces
        else:
            out.append((i, j))
    return out


def strip_site(text: str, core: str, names: set[str]) -> str:
    """The title less the leading and trailing parts that name the site."""
    parts = segments(text, core, names)
    while len(parts) > 1 and names_site(text[slice(*parts[-1])], core, names):
        parts.pop()
    while len(parts) > 1 and names_site(text[slice(*parts[0])], core, names):
        parts.pop(0)
    return text[parts[0][0]:parts[-1][1]].strip() if parts else text


def _story_segment(text: str, core: str, names: set[str]) -> str:
    """The ``<title>`` part most likely the headline: the longest one that does not name the site."""
    parts = [text[i:j].strip() for i, j in segments(text, core, names)]
    parts = [p for p in parts if not names_site(p, core, names)]
    return max(parts, key=lambda p: len(_words(p))) if parts else ""


def _is_logo(el: Any, core: str) -> bool:
    """A heading that is only a link to the site's front page."""
    links = list(el.iter("a"))
    if len(links) != 1:
        return False
    href = (links[0].get("href") or "").strip().lower()
    parts = urlsplit(href)
    if "//" in href:
        return parts.path in ("", "/") and bool(core) and core in (parts.hostname or "").replace(".", "")
    return parts.path in ("/", "/index.html", "/index.htm", "/index.php", "/default.aspx")


@dataclass
class Shown:
    """A short text the page shows, in page order."""

    text: str
    rank: int  # 3: <h1> or marked a headline (class, itemprop, <headline>); 2: <h2>; 1: <h3>; 0: plain text
    start: int = 0  # running words before it
    after: int = 0  # words of running text after it, before the next ranked element
    end: int = 0  # running words before its end
    tag: str = ""


_TEXT_TAGS = frozenset(("h1", "h2", "h3", "h4", "headline", "span", "font", "b", "strong", "td", "div", "p", "em",
                        "i", "header", "section", "article", "center", "big", "dt", "dd", "th", "u"))
_HEADING_RANK = {"h1": 3, "headline": 3, "h2": 2, "h3": 1}
_STRONG_ATTR = re.compile(r"head(?:line|ing)|story-?head|article-?(?:head|title)|story-?title|post-?title|entry-?title",
                          re.I)
_WEAK_ATTR = re.compile(r"sub-?head|dek\b|summary|teaser|byline|intro|standfirst|descr", re.I)  # what follows a headline
_SILENT = frozenset(("script", "style", "noscript", "title", "head", "select", "option", "textarea", "button"))
_HIDDEN = _SILENT | {"a"}  # link text is shown but is not the story's running text


_BR = re.compile(r"<br\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")


def _first_line(el: Any, text: str) -> str:
    """A heading's line before a ``<br>`` when what follows is a byline or a date (digits)."""
    parts = _BR.split(lxml.html.tostring(el, encoding=str, with_tail=False), maxsplit=1)
    if len(parts) < 2:
        return text
    head, rest = (_clean(html_lib.unescape(_TAG.sub(" ", part))) for part in parts)
    if head and rest and (is_byline(rest) or any(c.isdigit() for c in rest)):
        return head
    return text


# A blog's byline with its date, set as a heading: "by Meghann on November 13, 2012", "By Jo Quay on
# 3/11/2012". Names alone are ``is_byline``'s; the date after "on" makes this one.
_DATED_BYLINE = re.compile(
    r"^by\s+\S.{0,60}?\s+on\s+(?:[A-Za-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+[A-Za-z]+\.?,?\s+\d{4}|"
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})\b", re.I)


PERMALINK_RULE = True
_PERMALINK_TAGS = frozenset(("h4", "h5", "h6", "div", "span", "p", "td", "strong", "b"))


def _is_permalink(el: Any) -> bool:
    """A heading that is only the link to its own post (``rel="bookmark"``, HTML's name for an
    article's permalink): a blog prints its post's title so, at whatever heading level."""
    links = list(el.iter("a"))
    return (len(links) == 1 and "bookmark" in (links[0].get("rel") or "").lower().split()
            and _clean(links[0].text_content()) == _clean(el.text_content()))


def _rank(el: Any, tag: str, core: str) -> int:
    """How much the element looks like the headline: -1 for a logo, never the headline."""
    if _is_logo(el, core):
        return -1
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
    strong = tag == "headline" or (el.get("itemprop") or "").lower() == "headline" or bool(_STRONG_ATTR.search(attrs))
    strong = strong or (PERMALINK_RULE and tag in _PERMALINK_TAGS and _is_permalink(el))
    rank = 3 if strong else _HEADING_RANK.get(tag, 0)
    if rank:
        text = el.text_content()
        if (_WEAK_ATTR.search(attrs) or is_byline(text) or _DATED_BYLINE.match(" ".join(text.split()))
                or is_comments_heading(text) or is_furniture_line(text)):
            return 0  # a subheading, a byline, the comments' heading, a share label: not the headline
    return rank


def shown_texts(tree: Any, core: str, running: list[str] | None = None) -> list[Shown]:
    """Short texts in page order, each ranked heading with how many words of running (not link)
    text follow it before the next ranked one: a headline is followed by its story, a label is not.
    ``running`` (if given) gets the running words themselves, in order (``Shown.start`` and ``end`` index them).

    One walk of the tree (``iterwalk``: end events close elements without a parent lookup per
    element, and each text is read once, as lxml decodes a new string at every access). Every
    shown text piece goes into one list; an open element's text is the pieces since it opened,
    unless they ran over twice the longest headline (it is then no headline, whatever follows)."""
    found: list[tuple[int, Shown]] = []
    stack: list[tuple[Any, int, int, int, int]] = []  # open candidates: element, seq, words before, first piece, chars before
    pieces: list[str] = []
    chars = words = seq = 0
    hidden = silent = listed = 0  # depths inside links and the like, inside scripts and the like, inside list items
    limit = 2 * MAX_HEADLINE_CHARS

    # comment and pi events too: a plain iterwalk skips them, and with them the text after them
    for event, el in etree.iterwalk(tree, events=("start", "end", "comment", "pi")):
        if event == "start":
            tag = el.tag
            seq += 1
            if tag in _HIDDEN:  # _SILENT is a part of _HIDDEN
                hidden += 1
                silent += tag in _SILENT
            elif tag == "li":
                listed += 1
            if tag in _TEXT_TAGS and not hidden and not listed:
                stack.append((el, seq, words, len(pieces), chars))
            if text := el.text:
                if not silent:
                    pieces.append(text)
                    chars += len(text)
                if not hidden:
                    split = text.split()
                    words += len(split)
                    if running is not None:
                        running += split
            continue
        if event == "end":
            tag = el.tag
            if stack and stack[-1][0] is el:
                _, at, start, first, before = stack.pop()
                text = _clean(" ".join(pieces[first:])) if chars - before <= limit else None
                rank = _rank(el, tag, core) if text and len(text) <= MAX_HEADLINE_CHARS else -1
                if text and rank >= 0:
                    found.append((at, Shown(_first_line(el, text) if rank and el.find(".//br") is not None else text,
                                            rank, start, end=words, tag=tag)))
            if tag in _HIDDEN:
                hidden -= 1
                silent -= tag in _SILENT
            elif tag == "li":
                listed -= 1
        # after an element's end, a comment or a processing instruction: the text that follows it
        if tail := el.tail:
            if not silent:
                pieces.append(tail)
                chars += len(tail)
            if not hidden:
                split = tail.split()
                words += len(split)
                if running is not None:
                    running += split
    out = [entry for _, entry in sorted(found, key=lambda f: f[0])]
    ranked = [e for e in out if e.rank]
    for k, e in enumerate(ranked):
        e.after = (ranked[k + 1].start if k + 1 < len(ranked) else words) - e.start - len(e.text.split())
    return out


def is_list_label(text: str) -> bool:
    """A heading ending in a colon labels a list or a box ("Share this:"), not a story."""
    return text.rstrip().endswith(":")


_OPEN_QUOTES = "\"'“”„‘’«»‹›"
_CLOSE_QUOTES = "\"'“”‘’«»‹›"
PULL_QUOTE_MIN_RUN = 10  # running words before a quote line that put it inside the story


def is_pull_quote(e: Shown, before: int, titles: str) -> bool:
    """A line wholly in quote marks, not an ``<h1>``, that the page's titles (og:title,
    ``<title>``) do not hold, with ``before`` running words of the story above it: a quotation
    the story sets in a box as a teaser of itself ("“We cannot risk another winter”"), which a
    headline never is. A headline that quotes someone is the ``<h1>`` or what the titles say."""
    if not _wholly_quoted(e.text):
        return False
    held = set(_words(titles))
    return e.tag != "h1" and before >= PULL_QUOTE_MIN_RUN and not (held and all(w in held for w in _words(e.text)))


def _wholly_quoted(text: str) -> bool:
    """The line opens and closes with quote marks: a quotation, not a headline of its own."""
    text = text.strip()
    return len(text) >= 3 and text[0] in _OPEN_QUOTES and text.rstrip(".!?,;:… ")[-1:] in _CLOSE_QUOTES


def _without_pull_quotes(ranked: list[Shown], titles: str) -> list[Shown]:
    """``ranked`` less its pull quotes (``is_pull_quote``), the running text after each counted
    as following the heading before it: the story under a pull quote is the headline's."""
    out: list[Shown] = []
    for e in ranked:
        if out and is_pull_quote(e, out[-1].after, titles):
            prev = out[-1]
            out[-1] = replace(prev, after=prev.after + len(e.text.split()) + e.after)
        else:
            out.append(e)
    return out


def story_heading(shown: list[Shown], titles: str = "") -> Shown | None:
    """The ranked text the most running text follows (the story), or a higher-ranked one just
    before it (a headline over its subheading, unless the page's titles hold the lower one: a
    blog's name over its post's title); None when no story of MIN_STORY_WORDS follows any. A
    heading ending in a colon ("Bookmark with:", "Related:") labels the list under it: never the headline."""
    ranked = _without_pull_quotes([e for e in shown if e.rank and not is_list_label(e.text)], titles)
    if not ranked:
        return None
    i = max(range(len(ranked)), key=lambda k: ranked[k].after)
    if ranked[i].after < MIN_STORY_WORDS:
        return None
    held = set(_words(titles))
    if held and all(w in held for w in _words(ranked[i].text)):
        return ranked[i]
    while i > 0 and ranked[i - 1].after <= 2 and ranked[i - 1].rank > ranked[i].rank:
        i -= 1
    return ranked[i]


def _shown_in(ref: str, shown: list[Shown], core: str, names: set[str],
              shown_words: list[list[str]] | None = None) -> Shown | None:
    """The shown text the reference title holds, covering most of the title's story part
    (``shown_words``: each shown text's words, when the caller has them already)."""
    story = set(_words(_story_segment(ref, core, names)))
    ref_words = set(_words(ref))
    best, best_key = None, (0, 0, 0, 0)
    for entry, hw in zip(shown, shown_words or [_words(e.text) for e in shown], strict=True):
        extra = len(hw) - sum(map(ref_words.__contains__, hw))  # words the title lacks
        if not hw or extra > 0.2 * len(hw):
            continue
        key = (len(set(hw) & story), -extra, -len(hw), entry.rank)
        if key > best_key:
            best, best_key = entry, key
    if best is not None and story and best_key[0] >= MIN_COVER * len(story):
        return best
    return None


ABOVE_GAP = 3  # running words allowed between a headline and the caption or standfirst under it
ABOVE_MAX_WORDS = 20
ABOVE_MIN_RUN = 10  # running words after a short line that make it part of the story, not a list
_STAMP = re.compile(r"\d:\d\d|:\s.*\d")  # "Last Updated: Thursday, 15 November 2007, 13:36 GMT"
_LINE_STOP = re.compile(r"[.:;,!?|…][\"'”’)\]]*$")
_DEBRIS = re.compile(r"-->|<!--|<\s*/?\s*(?:script|meta|link|style|head|body|div|table)\b", re.I)


def _plain_head(e: Shown) -> bool:
    """A short line of running text (not a link) that is no sentence, label, byline, furniture,
    quotation or fragment of markup printed as text."""
    n = len(e.text.split())
    return (3 <= n <= ABOVE_MAX_WORDS and e.end - e.start >= n and not _LINE_STOP.search(e.text)
            and not e.text[:1].isdigit() and not _STAMP.search(e.text) and not is_byline(e.text) and not is_furniture_line(e.text)
            and not is_comments_heading(e.text) and not _wholly_quoted(e.text) and not _DEBRIS.search(e.text))


def above_story(shown: list[Shown], running: list[str] | None = None) -> Shown | None:
    """The short plain line over the story, when no heading is the headline (a styled ``<div>``).
    The short plain lines cut the running text into runs; the story is the longest stretch of
    runs of ``ABOVE_MIN_RUN`` words or more (a caption or subheading inside it does not end it),
    of MIN_STORY_WORDS at least; its headline is the first of the lines just above it, each
    within ``ABOVE_GAP`` words of the next (a headline over a caption or a standfirst), but for
    a line sharing no word with the story's opening (given its ``running`` words): a section's
    label or a logo's lettering over the headline. None when there is none."""
    heads: list[Shown] = []
    for e in shown:
        if _plain_head(e) and not (heads and heads[-1].start == e.start and heads[-1].text == e.text):
            heads.append(e)  # nested elements showing one text count once
    if not heads:
        return None
    last = max(e.end for e in shown)
    runs = [(heads[k + 1].start if k + 1 < len(heads) else last) - e.end for k, e in enumerate(heads)]
    best, best_words, k = -1, 0, 0
    while k < len(heads):
        if runs[k] < ABOVE_MIN_RUN:
            k += 1
            continue
        first, words = k, 0
        while k < len(heads) and runs[k] >= ABOVE_MIN_RUN:
            words += runs[k]
            k += 1
        if words > best_words:
            best, best_words = first, words
    if best < 0 or best_words < MIN_STORY_WORDS:
        return None
    opening = _opening(running, heads[best]) if running else set()
    while (best > 0 and heads[best].start - heads[best - 1].end <= ABOVE_GAP
           and (not LABEL_ABOVE_LINE or not opening or _shares(heads[best - 1].text, opening))):
        best -= 1
    return heads[best]


NAV_LABEL_RULE = True  # switches for the A/B measure
NAV_HEAD_RULE = True
PREFER_SHOWN = True
LABEL_OVER_LINE = True
HEADING_ABOVE = True
LABEL_ABOVE_LINE = True
CAPITALS_RULE = True
NAV_LABEL_WORDS = 4  # a section's label is a few words; a headline is longer
OPENING_WORDS = 60  # the story's first running words, where a headline's words come back


def _link_texts(tree: Any) -> set[str]:
    """The words of each link's text, lower-cased: the site's navigation labels among them."""
    return {" ".join(_words(a.text_content())) for a in tree.iter("a")}


def _over_label(found: Shown, tree: Any, shown: list[Shown], page_title: str, running: list[str]) -> str | None:
    """The headline over the story when the text the titles hold is the section's label instead:
    a few words that a link on the page shows too ("Lifestyle & Entertainment" in the menu), or a
    heading with no story under it ("Local Sports Wire" over the wire's story); None otherwise.
    With no heading over the story, a label the menu links to or set in capitals ("WORLD NEWS")
    gives way to the short plain line over the story (``above_story``), when that is longer."""
    if len(_words(found.text)) > NAV_LABEL_WORDS:
        return None
    links = _link_texts(tree)
    linked = NAV_LABEL_RULE and " ".join(_words(found.text)) in links
    capitals = CAPITALS_RULE and found.text.isupper()
    best = story_heading(shown, page_title)
    if best is None:
        line = above_story(shown, running) if LABEL_OVER_LINE and (linked or capitals) else None
        if line is None or len(_words(line.text)) <= NAV_LABEL_WORDS:
            return None
        # a short headline linked from a list elsewhere on the page says more of its story than the line does
        opening = _opening(running, line)
        return line.text if _shares(line.text, opening) > _shares(found.text, opening) else None
    held = set(_words(page_title))
    if best is not found and len(_words(best.text)) <= NAV_LABEL_WORDS and not (held and set(_words(best.text)) <= held):
        best = _heading_above(shown, best) or best
    if (best is found or best.rank < 2 or len(_words(best.text)) <= NAV_LABEL_WORDS
            or best.text.endswith(":")):  # "Jason recommends these posts:" heads a list, not a story
        return None
    if " ".join(_words(best.text)) in links:
        return None  # the story's heading is a link too: a list of stories, not a story under a label
    bare = NAV_HEAD_RULE and found.rank > 0 and found.after < MIN_STORY_WORDS
    return best.text if linked or capitals or bare else None


def _heading_above(shown: list[Shown], best: Shown) -> Shown | None:
    """The ranked heading right over a short story heading, with nothing under it but that one,
    when it is longer: the headline over a byline or a dateline set in a heading-classed box,
    whatever its rank (the story's heading's rank, at least)."""
    ranked = [e for e in shown if e.rank]
    k = next((k for k, e in enumerate(ranked) if e is best), 0)
    above = ranked[k - 1] if HEADING_ABOVE and k > 0 else None
    if above is None or above.after > 2 or len(_words(above.text)) <= NAV_LABEL_WORDS or is_list_label(above.text):
        return None
    return replace(above, rank=max(above.rank, best.rank))


def choose_title(tree: Any, meta: dict[str, str], ld: dict[str, Any], url: str | None) -> str | None:
    """The headline of the page (see the module docstring for the order)."""
    core, names = site_hints(url, meta)
    declared = next((_clean(c) for c in (meta.get("og:title"), ld.get("headline"), meta.get("twitter:title"))
                     if isinstance(c, str) and c.strip()), "")
    el = tree.find(".//title")
    page_title = _clean(el.text_content()) if el is not None else ""
    if _DEBRIS.search(page_title):
        page_title = ""  # a comment's or a tag's fragment: the <title> was broken, its text is no headline
    running: list[str] = []
    shown = shown_texts(tree, core, running)
    shown_words = [_words(e.text) for e in shown] if declared and page_title else None  # read once for both
    said = _shown_in(declared, shown, core, names, shown_words) if declared else None
    titled = _shown_in(page_title, shown, core, names, shown_words) if page_title else None
    if said is not None and titled is not None and titled.rank > said.rank and len(_words(titled.text)) >= 3:
        # the og:title is a tagline the page shows too; <title> holds the headline
        return _without_label(titled.text, _story_segment(page_title, core, names))
    found = said or titled
    if found is not None:
        return _over_label(found, tree, shown, page_title, running) or found.text
    if declared:
        declared = strip_site(declared, core, names)
        # a social title reworded from the headline: the page's own headline over the story wins
        # when it shares most of the social title's words
        best = story_heading(shown, f"{declared} {page_title}")
        words = set(_words(declared))
        if best is not None and best.rank == 3 and len(words & set(_words(best.text))) >= SHARED_WORDS * len(words):
            return best.text
        return declared
    story = _story_segment(page_title, core, names) if page_title else ""
    best = story_heading(shown, page_title)  # the <title> names only the site: the heading over the story
    if best is not None:
        return best.text
    line = above_story(shown, running)
    if line is not None:
        opening = _opening(running, line)
        if not story or PREFER_SHOWN and _shares(line.text, opening) > _shares(story, opening):
            return line.text  # the <title> the page never shows says less of the story: the site's or section's
    return story or next((e.text for e in shown if e.rank and not is_list_label(e.text)), None)


LABEL_MAX_WORDS = 3
_LABEL_PREFIX = re.compile(rf"^(?:[\w&'’-]+ ){{1,{LABEL_MAX_WORDS}}}$")


def _without_label(text: str, segment: str) -> str:
    """A heading's text less a section's label in front of the ``<title>``'s story segment: a
    heading holding its category link and then the headline ("Sport Ferry crews strike", the
    ``<title>`` "Ferry crews strike - Courier") reads as one text. A label is a few plain words,
    no punctuation ("Analysis: Ferry crews strike" is the headline as the page writes it). (Tune
    split: 5 Dragnet titles lose a category's words; no gold title changes.)"""
    if segment and len(segment) < len(text) and text.lower().endswith(segment.lower()):
        head = text[: len(text) - len(segment)]
        if _LABEL_PREFIX.match(head):
            return text[len(head):]
    return text


def _opening(running: list[str], line: Shown) -> set[str]:
    """The words of the story's opening under the line."""
    return set(_words(" ".join(running[line.end:line.end + OPENING_WORDS])))


def _shares(text: str, opening: set[str]) -> int:
    """How many of the text's content words the story's opening holds: a headline's come back there."""
    return len({w for w in _words(text) if len(w) > 1 and w not in _STOP} & opening)
