"""One candidate pair → a verified relation with exact spans, or nothing.

The article as detection sees it (``Doc``) masks its outlet's boilerplate, so template text
can neither create a match nor count as added text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import pairwise

from pipeline.config import DetectSettings
from pipeline.detect import relation as rel
from pipeline.detect.align import align
from pipeline.detect.template import FurnitureForm, is_furniture_passage
from pipeline.normalise.boilerplate import _site
from pipeline.normalise.matchtext import Tokens, match_form, tokenize
from pipeline.normalise.segment import sentence_spans

MIN_UNIT_WORDS = DetectSettings.model_fields["min_unit_words"].default  # detect passes detect.min_unit_words
MIN_COPIED_WORDS = DetectSettings.model_fields["min_copied_words"].default  # detect passes detect.min_copied_words
# A block printed by this many sites is a publisher's template when it is all a pair shares, it is
# short (TEMPLATE_MAX_WORDS) and only a small part of either article (TEMPLATE_MAX_SHARE): sister
# sites, each seen a few times. A wire story several sites carry is longer than a footer, so it
# stays a pair even inside long, furniture-laden pages.
TEMPLATE_SITES = 3
TEMPLATE_MAX_WORDS = 60
TEMPLATE_MAX_SHARE = 0.2
# A sentence end inside a quotation: "... in the world. I am proud ..." (the segmenter keeps a quote whole).
# The end mark is matched, not looked behind at: a pattern opening with a character set is
# scanned for in C, one opening with a lookbehind is tried at every position (twice the time).
_INNER_END = re.compile(r"[.!?][\"”’]?\s+(?=[\"“‘]?[A-Z])")
_MASK = "\x00"  # a masked word never equals a real one


def _plain_sentences(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of one segmenter sentence split at every sentence end, quotes or not; empty when
    it has no inner sentence end."""
    # from start - 1: an end mark just before the sentence may open a cut inside it, as a lookbehind saw
    cuts = [m.end() for m in _INNER_END.finditer(body, max(start - 1, 0), end)]
    if not cuts:
        return []
    return [(a, b) for a, b in pairwise([start, *cuts, end]) if b > a]


@dataclass
class Doc:
    id: int
    outlet: str
    url: str
    title: str | None
    author: str | None
    published: datetime | None
    body: str
    links: list[str]
    paragraphs: list[tuple[int, int]]
    boilerplate: list[bool]
    credits: list[str] = field(default_factory=list)  # the page's metadata credits (rights holder, publisher...)
    quotes: list[tuple[int, int]] = field(default_factory=list)  # paragraphs the page marks up as quotations
    spread: list[int] = field(default_factory=list)  # per paragraph: how many sites print it (empty: unknown)
    # per paragraph: (boilerplate, widely printed) as stored, the judgement its pairs were made with
    judged: list[tuple[bool, bool]] = field(default_factory=list)
    tokens: Tokens = field(init=False)

    def __post_init__(self) -> None:
        toks = tokenize(self.body)
        words = list(toks.words)
        for (s, e), boiler in zip(self.paragraphs, self.boilerplate, strict=True):
            if boiler:
                for i in range(bisect_left(toks.starts, s), bisect_left(toks.starts, e)):
                    words[i] = f"{_MASK}{i}"
        self.tokens = Tokens(words, toks.starts, toks.ends)

    def units(self, min_words: int = MIN_UNIT_WORDS) -> list[list[str]]:
        """Paragraphs and, inside longer paragraphs, single sentences: a quote lifted into a
        longer paragraph still shares a whole unit with its source."""
        out: list[list[str]] = []
        starts = self.tokens.starts
        for (s, e), boiler in zip(self.paragraphs, self.boilerplate, strict=True):
            if boiler:
                continue
            i, j = bisect_left(starts, s), bisect_left(starts, e)
            if j - i >= min_words:
                out.append(self.tokens.words[i:j])
            sentences = sentence_spans(self.body, s, e)
            pieces = sentences if len(sentences) > 1 else []
            # sentences inside a quotation too: a copier often splits a long quote it lifts
            pieces += [q for ss, se in sentences for q in _plain_sentences(self.body, ss, se)]
            for ss, se in pieces:
                a, b = bisect_left(starts, ss), bisect_left(starts, se)
                if b - a >= min_words:
                    out.append(self.tokens.words[a:b])
        return out

    @property
    def content_words(self) -> int:
        """Words outside the outlet's boilerplate."""
        return sum(1 for w in self.tokens.words if not w.startswith(_MASK))

    @cached_property
    def form(self) -> FurnitureForm:
        """Its lines judged as furniture or not, once per article rather than once per pair."""
        return FurnitureForm(self.body)

    def widely_printed(self, start: int, end: int) -> bool:
        """Every paragraph ``body[start:end]`` touches is printed by TEMPLATE_SITES sites or more."""
        if not self.spread:
            return False
        touched = [n for (s, e), n in zip(self.paragraphs, self.spread, strict=True) if s < end and e > start]
        return bool(touched) and min(touched) >= TEMPLATE_SITES

    def boilerplate_spans(self) -> list[tuple[int, int]]:
        return [span for span, b in zip(self.paragraphs, self.boilerplate, strict=True) if b]


@dataclass
class CopiedSpan:
    copy_start: int
    copy_end: int
    source_start: int
    source_end: int
    similarity: float
    in_quotes: bool
    words: int
    copy_words: tuple[int, int]  # token range in the copy, for coverage arithmetic


@dataclass
class PairResult:
    source: Doc
    copy: Doc
    spans: list[CopiedSpan]
    relation: str
    direction: str
    direction_evidence: str
    confidence: float
    attributed: bool
    attribution_evidence: str | None
    wire_source: str | None

    @property
    def copied_words(self) -> int:
        return sum(s.words for s in self.spans)

    @property
    def headline_changed(self) -> bool | None:
        if not self.source.title or not self.copy.title:
            return None
        return match_form(self.source.title) != match_form(self.copy.title)


_OPENERS = "“‘«\"'(["
_CLOSERS = "”’»\"')].,;:!?…"


def _char_span(body: str, toks: Tokens, i: int, j: int) -> tuple[int, int]:
    """Token range → body offsets, widened over adjacent quotes and punctuation."""
    start, end = toks.span(i, j)
    while start > 0 and body[start - 1] in _OPENERS:
        start -= 1
    while end < len(body) and body[end] in _CLOSERS:
        end += 1
    return start, end


def _order(a: Doc, b: Doc, cfg: DetectSettings) -> tuple[Doc, Doc, str, str, float, bool, str | None]:
    """(source, copy, direction, evidence, confidence, attributed, attribution evidence)."""
    a_credits = rel.find_credit(a.body, a.title, a.links, b.outlet, b.url)
    b_credits = rel.find_credit(b.body, b.title, b.links, a.outlet, a.url)
    for copy, source, (credited, evidence, explicit) in ((a, b, a_credits), (b, a, b_credits)):
        if credited and explicit:
            return source, copy, "known", f"credit: {evidence}", 0.95, True, evidence
    if a.published and b.published and a.published != b.published:
        source, copy = (a, b) if a.published < b.published else (b, a)
        gap = abs((a.published - b.published).total_seconds())
        credited, evidence, _ = a_credits if copy is a else b_credits
        conf = 0.9 if gap >= 3600 else 0.75
        return source, copy, "known", f"published {source.published.isoformat()} before {copy.published.isoformat()}", conf, credited, evidence  # type: ignore[union-attr]
    for copy, source, (credited, evidence, _) in ((a, b, a_credits), (b, a, b_credits)):
        if credited:
            return source, copy, "unknown", f"mentions the other outlet: {evidence}", 0.7, True, evidence
    wire_a = rel.wire_credit(a.body, a.author, a.url, credits=a.credits, strict=True)
    wire_b = rel.wire_credit(b.body, b.author, b.url, credits=b.credits, strict=True)
    if bool(wire_a) != bool(wire_b):  # agency copy is an original; the uncredited side took from it
        source, copy = (a, b) if wire_a else (b, a)
        return source, copy, "unknown", f"no dates; {source.outlet} carries {wire_a or wire_b} copy", 0.6, False, None
    source, copy = (a, b) if a.id < b.id else (b, a)
    return source, copy, "unknown", "no dates or credits; earlier-ingested article taken as source", 0.5, False, None


def compare(a: Doc, b: Doc, cfg: DetectSettings) -> PairResult | None:
    source, copy, direction, evidence, confidence, attributed, attr_evidence = _order(a, b, cfg)
    passages = align(
        copy.tokens.words, source.tokens.words, max_gap=cfg.max_gap_words, min_words=cfg.min_passage_words,
        k=cfg.seed_words, max_seed_freq=cfg.max_seed_freq,
    )
    copy_quotes = rel.quote_spans(copy.body, copy.quotes)
    source_quotes = rel.quote_spans(source.body, source.quotes)
    spans: list[CopiedSpan] = []
    quoted_words = 0.0
    quoted_both = 0.0
    template_words = 0
    for p in passages:
        cs, ce = _char_span(copy.body, copy.tokens, p.a0, p.a1)
        ss, se = _char_span(source.body, source.tokens, p.b0, p.b1)
        if rel.stock_share(copy.body[cs:ce]) >= 0.5:
            continue  # a rights notice or feed furniture rides along with many outlets' copy: no one's content
        if is_furniture_passage(copy.form, cs, ce, source.form, ss, se):
            continue  # nav rows, rights and service lines of sister sites' templates: no one's content
        if copy.widely_printed(cs, ce) and source.widely_printed(ss, se):
            template_words += p.matched
        # A quotation on either side is a third party's words, whether or not the other kept the marks.
        in_copy, in_source = rel.share_inside(copy_quotes, cs, ce), rel.share_inside(source_quotes, ss, se)
        quoted = max(in_copy, in_source)
        # a quote with its attribution tag ("..., said X") is a quotation as a whole
        quoted_words += p.matched if quoted >= 0.8 else quoted * p.matched
        # common_source needs the quotation on both sides: one side's stray mark proves nothing.
        # Where both sides mark at least half of a passage, it is the third party's words as a
        # whole (one side quotes part and reports the rest as indirect speech).
        both = min(in_copy, in_source)
        share = quoted if both >= 0.5 else both
        quoted_both += p.matched if share >= 0.8 else share * p.matched
        spans.append(CopiedSpan(cs, ce, ss, se, round(p.similarity, 4), quoted >= 0.8, p.matched, (p.a0, p.a1)))
    copied_words = sum(s.words for s in spans)
    if copied_words < cfg.min_copied_words:
        return None
    if template_words == copied_words <= min(TEMPLATE_MAX_WORDS, TEMPLATE_MAX_SHARE * min(copy.content_words, source.content_words)):
        return None  # all they share is a block many sites print, a small part of both: template
    if cfg.min_shared_fraction and copied_words < cfg.min_shared_fraction * min(copy.content_words, source.content_words):
        return None

    quotes_only = quoted_both >= cfg.quote_share_common_source * copied_words
    wire_copy = rel.wire_credit(copy.body, copy.author, copy.url, credits=copy.credits)
    wire_source = rel.wire_credit(source.body, source.author, source.url, credits=source.credits)
    wire = None
    strict_either = wire_copy and wire_source and (
        rel.wire_credit(copy.body, copy.author, copy.url, credits=copy.credits, strict=True)
        or rel.wire_credit(source.body, source.author, source.url, credits=source.credits, strict=True)
    )
    if strict_either and not evidence.startswith("credit"):
        # both carry agency copy (the generic "Wire" yields to a named agency); a closing line
        # naming no known agency on both sides ("- More about Australia") proves no wire
        wire = wire_source if wire_copy == "Wire" else wire_copy
    elif wire_source and not evidence.startswith("credit") and quoted_words < cfg.quote_share_common_source * copied_words:
        # the source credits an agency and the copy no one: a fellow carrier holds much of the
        # agency copy (agencies' clients often drop the credit); a lift of a few lines is a copy,
        # and a shared quotation alone says nothing of a wire
        agency = rel.wire_credit(source.body, source.author, source.url, credits=source.credits, strict=True)
        if agency and copied_words >= cfg.wire_carrier_share * source.content_words and _runs_from_its_lead(copy, spans):
            wire = agency
    if wire and any(n.lower() == wire.lower() for n in rel.outlet_names(source.outlet, source.url)):
        wire = None  # the agency's own site is the original, not a fellow carrier
    if wire:
        relation = "same_wire"
        if direction == "known":
            evidence = f"both carry {wire} copy; {evidence}"
    elif quotes_only:
        relation = "common_source"
        if evidence.startswith("credit"):
            evidence = f"only quotations are shared; {evidence}"
        else:
            direction, confidence, evidence = "unknown", 0.6, "only quotations are shared"
    else:
        relation = "republication"
    return PairResult(source, copy, spans, relation, direction, evidence, confidence, attributed, attr_evidence, wire)


LEAD_PARAGRAPHS = 2  # a carrier's copy starts within its first two paragraphs of story
LEAD_MIN_WORDS = 12  # shorter lines above the story (bylines, times, teasers) are not its lead
_SENTENCE_END = re.compile(r"[.!?…][\"”’')]*$")  # headlines and most captions above a story do not end so


def _runs_from_its_lead(copy: Doc, spans: list[CopiedSpan]) -> bool:
    """Does the copy run the shared text from its lead? Agency clients run the story from the
    top and trim from the bottom; an outlet that lifts a few wire lines into its own story puts
    them under a lead of its own (that is a republication of those lines, not a carrier)."""
    first = min((s.copy_start for s in spans), default=None)
    if first is None:
        return False
    seen = 0
    for (s, e), boiler in zip(copy.paragraphs, copy.boilerplate, strict=True):
        text = copy.body[s:e].strip()
        if boiler or len(text.split()) < LEAD_MIN_WORDS or not _SENTENCE_END.search(text):
            if first < e:
                return seen < LEAD_PARAGRAPHS  # the copy starts in a line above or between story paragraphs
            continue
        if first < e:
            return True
        seen += 1
        if seen >= LEAD_PARAGRAPHS:
            return False
    return False


CLIQUE_HOLD = 0.5  # a page prints a passage when it holds this share of the passage's word 8-grams
# "Those pages share nothing else": their headlines are about different things. A block pages on
# different stories all print is their template, even when it is longer than a footer (a
# directory of local ads), up to this share of either article; pages on one story that share a
# short passage (a quote many outlets carry, a wire brief) are not a template clique.
CLIQUE_MAX_SHARE = 0.5
TITLE_WORD_CHARS = 4  # headline words this long or longer are what a headline is about
TITLE_MAX_OVERLAP = 0.2  # Jaccard of those words at most this: unrelated headlines (a shared section name aside)
_GRAM = 8


def _title_words(doc: Doc) -> set[str]:
    """A headline's long words, without the words of its outlet's name and host ("edmontonsun.com - ...")."""
    own = set(tokenize(f"{doc.outlet} {doc.url.split('/')[2] if doc.url.count('/') >= 2 else ''}".replace(".", " ")).words)
    return {w for w in tokenize((doc.title or "").replace(".", " ")).words if len(w) >= TITLE_WORD_CHARS and w not in own}


def _unrelated_titles(a: Doc, b: Doc) -> bool:
    """Both pages have a headline and the two have (almost) no long word in common."""
    wa, wb = _title_words(a), _title_words(b)
    return bool(wa) and bool(wb) and len(wa & wb) <= TITLE_MAX_OVERLAP * len(wa | wb)


def _grams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + _GRAM]) for i in range(len(words) - _GRAM + 1)}


def template_pairs(
    results: list[PairResult], found: Mapping[int, set[int]], docs: Mapping[int, Doc], min_copied_words: int = MIN_COPIED_WORDS
) -> list[PairResult]:
    """The pairs to drop as template by co-occurrence of passages, not of exact paragraphs: the
    two pages are on unrelated stories, what they share is a minor part of both and unquoted, and
    TEMPLATE_SITES pages or more print each of its passages, one site among them on two pages or
    more (a publisher repeating its block; a wire brief runs once per outlet), counting the pair
    and its neighbours (the pages either side was a candidate of, earlier batches included).
    Compared by word 8-grams, so a rights line or nav row naming each sister site
    ("getreading\u2122 is ...", "football.editor@...") is still one passage. A pair is dropped when
    what it shares outside such passages is under ``min_copied_words``, compare's own bar."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, others in found.items():
        for b in others:
            neighbours[a].add(b)
            neighbours[b].add(a)
    gram_sets: dict[int, set[tuple[str, ...]]] = {}

    def grams_of(doc_id: int) -> set[tuple[str, ...]]:
        if doc_id not in gram_sets:
            gram_sets[doc_id] = _grams(docs[doc_id].tokens.words)
        return gram_sets[doc_id]

    dropped = []
    for r in results:
        content = min(r.copy.content_words, r.source.content_words)
        if r.copied_words > CLIQUE_MAX_SHARE * content or not _unrelated_titles(r.copy, r.source):
            continue  # pages on one story share it (a quote many outlets carry, a wire brief): not template
        near = (neighbours[r.copy.id] | neighbours[r.source.id]) - {r.copy.id, r.source.id}
        near = {n for n in near if n in docs}
        rest = r.copied_words  # words outside template passages, as compare counts copied words
        for span in r.spans:
            if span.in_quotes:
                continue  # a third party's words several outlets quote
            # the 8-grams both sides print: a per-site variant (a phone number, a site name) is left out
            passage = _grams(r.copy.tokens.words[span.copy_words[0] : span.copy_words[1]]) & grams_of(r.source.id)
            holders = [r.copy, r.source, *(docs[n] for n in near if passage and len(passage & grams_of(n)) >= CLIQUE_HOLD * len(passage))]
            per_site = Counter(_site(d.outlet) or d.outlet for d in holders)
            if len(holders) >= TEMPLATE_SITES and max(per_site.values()) >= 2:
                rest -= span.words
        if rest < r.copied_words and rest < min_copied_words:
            dropped.append(r)  # without its template passages the pair is below compare's bar
    return dropped


def _when(doc: Doc) -> float:
    return doc.published.timestamp() if doc.published else float("inf")


def nearest_sources(results: list[PairResult], cfg: DetectSettings,
                    republished: Callable[[int, int], bool] | None = None) -> list[PairResult]:
    """Attribute each republished copy to its nearest source.

    In a chain A→B→C (B a republication of A), C also shares text with A, but B explains all of
    it and more (C carries B's own additions), so (A, C) is dropped. When two sources explain a copy equally, both
    stay: text carried by many outlets keeps every pair, ordered earliest first. same_wire and
    common_source pairs are symmetric relations and are never pruned.

    ``republished(a, b)`` says whether (a, b) is a republication pair; by default, whether it is
    among ``results``. Incremental detection passes one that also knows pairs of other batches, so
    that the pruning is that of one run whatever the batching.
    """
    by_copy: dict[int, list[PairResult]] = {}
    kept: list[PairResult] = []
    for r in results:
        if r.relation == "republication":
            by_copy.setdefault(r.copy.id, []).append(r)
        else:
            kept.append(r)
    if republished is None:
        among = {(r.source.id, r.copy.id) for r in results if r.relation == "republication"}
        republished = lambda a, b: (a, b) in among  # noqa: E731 - the default oracle
    for group in by_copy.values():
        group.sort(key=lambda r: (-r.copied_words, _when(r.source), r.source.id))
        accepted: list[tuple[set[int], int, int]] = []
        for r in group:
            words = {i for s in r.spans for i in range(*s.copy_words)}
            # (A, C) goes only when C's nearer source B is itself a copy of A: siblings carrying
            # the same text (wire carriers) are each a source in their own right.
            explained = any(
                len(words - other) <= 0.1 * len(words)
                and n - r.copied_words >= cfg.min_copied_words
                and republished(r.source.id, via)
                for other, n, via in accepted
            )
            if not explained:
                kept.append(r)
                accepted.append((words, r.copied_words, r.source.id))
    return kept
