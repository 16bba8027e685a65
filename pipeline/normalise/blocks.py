"""Page-level checks that a body comes from the story's own block, not from a neighbour of it.

trafilatura picks one container; on a page that stacks whole ``<article>`` elements (the story,
then a sponsored story or a "you may also like" box built of post elements) that container can
be their common parent, so the body runs on into the next article. The story's article is the
one whose headline is the page's title; the lines the body took from the other articles go.

A story also repeats its headline's words. A body that holds none of them was taken from another
region of the page (a site's terms, a blog's contributor list, a list of other posts): the block
whose running text holds most of them is the story (``off_headline``, ``headline_block``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.normalise.language import FUNCTION_WORDS

_WORD = re.compile(r"\w+")
ARTICLE_MIN_CHARS = 400  # <p> text an <article> must hold to be a story (not a teaser card)
ARTICLE_SPAN_SHARE = 0.15  # the body holds this share of its word 4-grams from each of two articles
HEADLINE_IN_TITLE = 0.8  # share of a headline's words that the page title holds when it is that title
HEADLINE_MIN_WORDS = 2


@dataclass
class ArticleBlock:
    """One outermost ``<article>`` of a page: its headline's words and its text's word 4-grams."""

    headline: tuple[str, ...]
    shingles: frozenset[tuple[str, ...]]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + 4]) for i in range(max(0, len(words) - 3))}


def article_blocks(tree: Any) -> list[ArticleBlock]:
    """The page's outermost story-sized ``<article>`` elements, read before any pruning; empty
    unless there are two or more (one article is the ordinary page)."""
    big = [a for a in tree.iter("article") if sum(len(p.text_content()) for p in a.iter("p")) >= ARTICLE_MIN_CHARS]
    if len(big) < 2:
        return []
    chosen = set(big)
    outer = [a for a in big if not any(b in chosen for b in a.iterancestors("article"))]
    if len(outer) < 2:
        return []
    out = []
    for a in outer:
        head = next(a.iter("h1", "h2", "h3"), None)
        words = tuple(_words(head.text_content())) if head is not None else ()
        out.append(ArticleBlock(words, frozenset(shingles(a.text_content()))))
    return out


def _is_title(headline: tuple[str, ...], title: str) -> bool:
    if len(headline) < HEADLINE_MIN_WORDS:
        return False
    in_title = set(_words(title))
    return sum(w in in_title for w in headline) >= HEADLINE_IN_TITLE * len(headline)


def keep_story_article(lines: list[str], blocks: list[ArticleBlock], title: str | None) -> list[str]:
    """``lines`` without those taken from an article other than the story's, when the body spans
    the story's article (headline = page title, and only one such) and another one. A line too
    short to hold a 4-gram goes with the line after it (a heading goes with its section)."""
    if not blocks or not title or not lines:
        return lines
    story = [b for b in blocks if _is_title(b.headline, title)]
    if len(story) != 1:
        return lines
    body = shingles(" ".join(lines))
    if not body:
        return lines
    others = [b for b in blocks if b is not story[0]]
    if len(body & story[0].shingles) < ARTICLE_SPAN_SHARE * len(body) or not any(
        len(body & b.shingles) >= ARTICLE_SPAN_SHARE * len(body) for b in others
    ):
        return lines
    verdicts: list[bool | None] = []  # per line: taken from another article; None when too short to tell
    for line in lines:
        grams = shingles(line)
        verdicts.append(
            None if not grams else len(grams & story[0].shingles) < 0.5 * len(grams)
            and any(len(grams & b.shingles) >= 0.5 * len(grams) for b in others)
        )
    out: list[str] = []
    for i, line in enumerate(lines):
        verdict = verdicts[i]
        if verdict is None:  # a heading goes with the section it heads; a last short line with the one before
            verdict = next((v for v in verdicts[i + 1 :] if v is not None), None)
            if verdict is None:
                verdict = next((v for v in reversed(verdicts[:i]) if v is not None), False)
        if not verdict:
            out.append(line)
    return out


# The post's own text container, by a token of its class, id or itemprop ("hentry" and
# "type-post" are left out: they wrap the whole post, its comments and related posts included).
_STORY_BODY = re.compile(r"article-?body|story-?body|entry-content|post-content|post-body")
CONTAINER_MIN_SHINGLES = 20  # a container holding fewer word 4-grams is a caption, not a post
CONTAINER_MISSED_SHARE = 0.3  # the body holds less than this share of the container's text ...
BODY_OUTSIDE_SHARE = 0.5  # ... and less than this share of the body lies in it: another block was chosen


def may_hold_container(html: str) -> bool:
    """Whether a post-text container's class can be on the page at all: a search of the raw page
    spares the second parse ``story_container`` needs on the many pages without one."""
    return _STORY_BODY.search(html.lower()) is not None


def story_container(tree: Any) -> Any:
    """The page's one outermost post-text container with a post's worth of text, else None (a
    page of several is a list of posts)."""
    found = [
        el for el in tree.iter()
        if isinstance(el.tag, str) and _STORY_BODY.search(f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')}".lower())
    ]
    chosen = set(found)
    outer = [el for el in found if not any(a in chosen for a in el.iterancestors())]
    if len(outer) != 1 or len(shingles(outer[0].text_content())) < CONTAINER_MIN_SHINGLES:
        return None
    return outer[0]


def missed_container(lines: list[str], container: Any) -> bool:
    """The body was taken from another block than the post's container (a sidebar's "about this
    blog", a disclaimer): it holds little of the container's text and lies mostly outside it."""
    inside = shingles(container.text_content())
    body = shingles(" ".join(lines))
    both = len(inside & body)
    return both < CONTAINER_MISSED_SHARE * len(inside) and (not body or both < BODY_OUTSIDE_SHARE * len(body))


OFF_HEADLINE_MIN_WORDS = 4  # a headline this long that the body shares one word of is not the body's
HEADLINE_BLOCK_MIN_CHARS = 200  # running text a block must hold to stand for the story
HEADLINE_BLOCK_SHARE = 0.5  # ... and this share of the headline's words (two at least)
_INLINE = frozenset(("span", "font", "b", "strong", "em", "i", "a", "u", "small", "big"))
_NOT_TEXT = frozenset(("script", "style", "noscript", "title", "head", "select", "option", "textarea", "button"))
UNIT_MIN_CHARS = 40  # a text run shorter than this is a label or a link, not running text


def content_words(text: str) -> set[str]:
    """The words that carry a headline's topic (three letters or more, not a number, not a function
    word), without a plural "s" and cut to five letters, so that "job" and "jobs", "robot" and
    "robots", "approve" and "approval" are one."""
    return {
        (w[:-1] if len(w) > 3 and w.endswith("s") else w)[:5]
        for w in _words(text) if len(w) >= 3 and not w.isdigit() and w not in FUNCTION_WORDS
    }


def _text_units(tree: Any) -> Iterator[tuple[Any, str]]:
    """(block, text) for each run of running text: a ``<p>``'s text, or the text an element holds
    itself (a layout cell's lines between ``<br>``); runs in inline elements count for their block."""
    in_p = {d for p in tree.iter("p") for d in p.iterdescendants()}  # read with their paragraph
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in _NOT_TEXT or el in in_p:
            continue
        if el.tag == "p":
            text = el.text_content()
        else:
            text = " ".join(t for t in [el.text or "", *(c.tail or "" for c in el)] if t.strip())
        text = " ".join(text.split())
        if len(text) < UNIT_MIN_CHARS:
            continue
        block = el
        while block.getparent() is not None and (block.tag == "p" or block.tag in _INLINE):
            block = block.getparent()
        yield block, text


def headline_share(lines: list[str], title: str) -> int:
    """How many of the headline's words the lines' running text uses: the headline quoted is left
    out (a list of recent posts names the story's headline among others; a trackback quotes it),
    and so are lines too short to be running text (a heading over the wrong block)."""
    quoted = " ".join(title.split()).lower()
    runs = (" ".join(ln.split()).lower().replace(quoted, " ") for ln in lines)
    return len(content_words(" ".join(r for r in runs if len(r.strip()) >= UNIT_MIN_CHARS)) & content_words(title))


def off_headline(lines: list[str], title: str | None) -> bool:
    """The body holds none of the headline's words, or one of four or more: a story repeats its
    headline's topic, a site's terms, a contributor list or a list of other posts does not."""
    headline = content_words(title or "")
    if len(headline) < HEADLINE_MIN_WORDS:
        return False
    shared = headline_share(lines, title or "")
    return shared == 0 or (shared <= 1 and len(headline) >= OFF_HEADLINE_MIN_WORDS)


def _running_blocks(tree: Any) -> tuple[dict[Any, list[str]], dict[Any, float]]:
    """Each block's runs of running text and its weight (their length)."""
    texts: dict[Any, list[str]] = {}
    for block, text in _text_units(tree):
        texts.setdefault(block, []).append(text)
    weight = {el: float(sum(map(len, runs))) for el, runs in texts.items()}
    lone = [(el.getparent(), runs[0]) for el, runs in texts.items() if len(runs) == 1 and el.getparent() is not None]
    for parent, run in lone:
        # a story whose paragraphs each sit in a div of their own: the parent of one-run blocks
        # gathers them (at half weight, so that a block of its own runs wins over its wrapper)
        texts.setdefault(parent, []).append(run)
        weight[parent] = weight.get(parent, 0.0) + 0.5 * len(run)
    return texts, weight


def _best_block(tree: Any, score: Callable[[list[str]], int], need: float, min_chars: int, whole: bool = False) -> Any:
    """The block of running text (``min_chars`` at least) with the highest ``score``, then the
    most text, when that score reaches ``need``; else None. ``whole``: a wrapper counts all the
    runs it gathers, so that it wins over the one paragraph of it that scores as well."""
    texts, weight = _running_blocks(tree)
    best, best_key = None, (0, 0.0)
    for el, runs in texts.items():
        if weight[el] < min_chars:
            continue
        key = (score(runs), float(sum(map(len, runs))) if whole else weight[el])
        if key[0] >= need and key > best_key:
            best, best_key = el, key
    return best


def headline_block(tree: Any, title: str) -> Any:
    """The block of running text that holds most of the headline's words (the most of them, then
    the most text), for a body that holds none (``off_headline``); None when no block clearly does.
    ``tree`` is pruned of furniture first (a reader's comment echoes the headline too)."""
    need = max(HEADLINE_MIN_WORDS, HEADLINE_BLOCK_SHARE * len(content_words(title)))
    return _best_block(tree, lambda runs: headline_share(runs, title), need, HEADLINE_BLOCK_MIN_CHARS)


DESCRIPTION_MIN_SHINGLES = 5  # a description shorter than this (word 4-grams) is a label, not a lede
DESCRIPTION_IN_BLOCK = 0.5  # the story's block prints this share of the description's word 4-grams
DESCRIPTION_BLOCK_MIN_CHARS = 100  # ... and may be as short as a blog's one-line post (the description is the post)


def description_share(lines: list[str], description: str) -> int:
    """How many of the description's word 4-grams the lines print."""
    return len(shingles(description) & shingles(" ".join(lines)))


def description_block(tree: Any, description: str) -> Any:
    """The block that prints the page's own description (``og:description``, the meta
    description), for a body that holds neither the headline's words nor the description: a
    page-specific description is the story's lede or its summary, so the block printing it
    is the story's (a site-wide description printed in a header or an about box is caught by
    the callers' checks: a body that is the story holds the headline's words). None when the
    description is too short to tell or no block prints half of it. The description is often
    the lede alone: the wrapper gathering the lede's paragraph with its siblings wins over it."""
    grams = shingles(description)
    if len(grams) < DESCRIPTION_MIN_SHINGLES:
        return None
    return _best_block(tree, lambda runs: description_share(runs, description), DESCRIPTION_IN_BLOCK * len(grams),
                       DESCRIPTION_BLOCK_MIN_CHARS, whole=True)
