"""Synthetic syndication benchmark with exact ground truth per copied word.

Texts come from the real corpora in ``$SYND_EVAL_DATA/corpora`` (BBC News, Reuters-21578).
Every word of every generated article carries its origin: (base text, position). Two articles
share a word exactly when their words have the same origin, so the truth for any pair, any edit
and any chain is computed, never written by hand. Articles are rendered with the sample
corpus's six outlet templates (``samples/templates``), so extraction is part of the test.

Cases (``kind``): verbatim, truncation, house_style (quotes, dashes, spelling, typos, new
headline), insert_delete, split_merge, quote_reuse (a rewrite lifting two quotes and one
sentence, crediting "first published by X"), common_source (two outlets quote the same third
party), chain (A -> B -> C), wire (one agency story carried by several outlets), same_outlet
(an outlet repeating itself: never syndication), and background articles of the same topics
that share nothing (same_topic).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.config import ROOT

Origin = tuple[str, int]  # (base text id, word position); own words have their own base
Para = list[tuple[str, Origin]]

OUTLETS = (
    ("courier", "Harbour Courier", "www.harbourcourier.example", "en-GB"),
    ("star", "Portvale Evening Star", "www.portvalestar.example", "en-GB"),
    ("gazette", "Valley Gazette", "valleygazette.example", "en-US"),
    ("herald", "Northshore Herald", "www.northshoreherald.example", "en-GB"),
    ("rbs", "Republic Broadcasting Service", "rbs.example", "en"),
    ("dispatch", "The Civic Dispatch", "civicdispatch.example", "en-GB"),
)
AUTHORS = ("Mara Quill", "Tomas Reyne", "Ines Calder", "Owen Marsh", "Priya Doshi", "Lukas Feld", "Hana Ost")
SPELLING = {
    "colour": "color", "organisation": "organization", "organisations": "organizations", "centre": "center",
    "programme": "program", "programmes": "programs", "favour": "favor", "labour": "labor", "defence": "defense",
    "analysed": "analyzed", "recognised": "recognized", "realised": "realized", "behaviour": "behavior",
}
CASE_COUNTS = {
    "verbatim": 4, "truncation": 4, "house_style": 4, "insert_delete": 4, "split_merge": 4,
    "quote_reuse": 3, "common_source": 3, "chain": 2, "wire": 2, "same_outlet": 2,
}
BACKGROUND_PER_OUTLET = 6
_QUOTE = re.compile(r'"[^"]{30,}?"')
_SENT_END = re.compile(r"[.!?][\"”’)]?$")


@dataclass
class Base:
    id: str
    title: str
    paragraphs: list[str]
    topic: str
    dateline: str | None = None

    def words(self) -> list[Para]:
        out, pos = [], 0
        for p in self.paragraphs:
            para = []
            for w in p.split():
                para.append((w, (self.id, pos)))
                pos += 1
            out.append(para)
        return out


@dataclass
class SynthDoc:
    key: str
    case: str
    kind: str
    outlet: int
    title: str
    published: datetime
    paragraphs: list[Para]
    author: str = ""

    def text_paragraphs(self) -> list[str]:
        return [" ".join(w for w, _ in p) for p in self.paragraphs if p]

    def origins(self) -> set[Origin]:
        return {o for p in self.paragraphs for _, o in p}


@dataclass
class TruthPair:
    a: str
    b: str
    kind: str
    relation: str
    source: str | None  # None: direction not known


@dataclass
class Benchmark:
    docs: list[SynthDoc]
    pairs: list[TruthPair]
    forbidden: list[tuple[str, str, str]] = field(default_factory=list)  # (a, b, why) must not be reported


# --- reading the corpora ---------------------------------------------------------------------


def _ngrams(words: list[str], n: int = 8) -> set[int]:
    low = [w.lower().strip('.,"\'“”‘’()') for w in words]
    return {hash(tuple(low[i : i + n])) for i in range(len(low) - n + 1)}


def load_bases(root: Path, rng: random.Random, n_bbc: int, n_reuters: int) -> tuple[list[Base], list[Base]]:
    """Disjoint texts: no two share a word 8-gram, so the only shared text is what we plant."""
    with gzip.open(root / "corpora" / "bbc_news.jsonl.gz", "rt", encoding="utf-8") as fh:
        bbc = [json.loads(line) for line in fh]
    with gzip.open(root / "corpora" / "reuters21578.jsonl.gz", "rt", encoding="utf-8") as fh:
        reuters = [json.loads(line) for line in fh]
    rng.shuffle(bbc)
    rng.shuffle(reuters)
    seen: set[int] = set()

    def accept(paragraphs: list[str]) -> bool:
        grams = _ngrams(" ".join(paragraphs).split())
        if grams & seen:
            return False
        seen.update(grams)
        return True

    out_bbc: list[Base] = []
    for r in bbc:
        paras = [p.strip() for p in r["text"].split("\n") if len(p.split()) >= 8]
        words = sum(len(p.split()) for p in paras)
        if len(paras) >= 6 and 180 <= words <= 700 and accept(paras):
            out_bbc.append(Base(f"bbc:{r['id']}", r["title"].strip(), paras, r["category"]))
        if len(out_bbc) >= n_bbc:
            break
    out_reuters: list[Base] = []
    for r in reuters:
        paras = [p.strip() for p in r["text"].split("\n") if p.strip()]
        if paras and paras[-1].strip(" .").lower() == "reuter":
            paras = paras[:-1]
        paras = [p for p in paras if len(p.split()) >= 8 and sum(c.isdigit() for c in p) < len(p) * 0.15]
        words = sum(len(p.split()) for p in paras)
        if len(paras) >= 5 and 150 <= words <= 600 and r.get("dateline") and accept(paras):
            title = " ".join(r["title"].split()).capitalize()
            out_reuters.append(Base(f"reuters:{r['id']}", title, paras, "wire", r["dateline"].strip().rstrip("-").strip()))
        if len(out_reuters) >= n_reuters:
            break
    return out_bbc, out_reuters


# --- edits --------------------------------------------------------------------------------


def _sentences(para: Para) -> list[Para]:
    out, cur = [], []
    for w in para:
        cur.append(w)
        if _SENT_END.search(w[0]) and len(cur) >= 4:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def house_style(paras: list[Para], rng: random.Random) -> list[Para]:
    """Curly quotes, em dashes, US spelling, "percent", and a typo every ~70 words."""
    out: list[Para] = []
    since_typo = 0
    for para in paras:
        new: Para = []
        open_q = True
        i = 0
        while i < len(para):
            w, o = para[i]
            if w.lower() == "per" and i + 1 < len(para) and para[i + 1][0].lower().startswith("cent"):
                w = "percent" + para[i + 1][0][4:]
                i += 1
            elif w == "-":
                w = "—"
            core = w.strip('.,;:!?"\'()')
            if core.lower() in SPELLING:
                rep = SPELLING[core.lower()]
                rep = rep.capitalize() if core[0].isupper() else rep
                w = w.replace(core, rep)
            if '"' in w:
                chars = []
                for c in w:
                    if c == '"':
                        chars.append("“" if open_q else "”")
                        open_q = not open_q
                    else:
                        chars.append(c)
                w = "".join(chars)
            since_typo += 1
            if since_typo >= 70 and len(w) >= 6 and w.isalpha():
                k = rng.randrange(1, len(w) - 2)
                w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
                since_typo = 0
            new.append((w, o))
            i += 1
        out.append(new)
    return out


def insert_delete(paras: list[Para], own: list[Para], rng: random.Random) -> list[Para]:
    """Drop one sentence from two middle paragraphs; insert an own sentence and an own paragraph."""
    out = [list(p) for p in paras]
    middles = [i for i in range(1, len(out) - 1) if len(_sentences(out[i])) >= 2]
    for i in rng.sample(middles, min(2, len(middles))):
        sents = _sentences(out[i])
        drop = rng.randrange(len(sents))
        out[i] = [w for j, s in enumerate(sents) if j != drop for w in s]
    own_sents = [s for p in own for s in _sentences(p)]
    if own_sents:
        target = rng.randrange(1, len(out))
        sents = _sentences(out[target])
        at = rng.randrange(len(sents) + 1)
        out[target] = [w for s in sents[:at] for w in s] + own_sents[0] + [w for s in sents[at:] for w in s]
    if len(own) > 1:
        out.insert(rng.randrange(1, len(out)), own[1])
    return out


def split_merge(paras: list[Para], rng: random.Random) -> list[Para]:
    """Split the longest multi-sentence paragraph at a sentence boundary; merge the two shortest neighbours."""
    out = [list(p) for p in paras]
    cands = [i for i, p in enumerate(out) if len(_sentences(p)) >= 2]
    if cands:
        i = max(cands, key=lambda j: len(out[j]))
        sents = _sentences(out[i])
        cut = len(sents) // 2
        out[i : i + 1] = [[w for s in sents[:cut] for w in s], [w for s in sents[cut:] for w in s]]
    if len(out) >= 3:
        j = min(range(len(out) - 1), key=lambda k: len(out[k]) + len(out[k + 1]))
        out[j : j + 2] = [out[j] + out[j + 1]]
    return out


def own_words(text_id: str, sentences: list[str]) -> Para:
    return [(w, (text_id, i)) for i, w in enumerate(" ".join(sentences).split())]


def quotes_of(base: Base) -> list[Para]:
    """Quoted statements in a text, as word lists with their origins (the quotation marks kept)."""
    out = []
    words = [w for p in base.words() for w in p]
    text = " ".join(w for w, _ in words)
    starts = []
    pos = 0
    for w, _ in words:
        starts.append(pos)
        pos += len(w) + 1
    for m in _QUOTE.finditer(text):
        ws = [words[i] for i, s in enumerate(starts) if m.start() <= s < m.end()]
        if len(ws) >= 8:
            out.append(ws)
    return out


# --- building the benchmark ----------------------------------------------------------------


def build(root: Path, seed: int = 7) -> Benchmark:
    rng = random.Random(seed)
    need_bbc = sum(CASE_COUNTS.values()) * 3 + BACKGROUND_PER_OUTLET * len(OUTLETS) + 20
    bbc, reuters = load_bases(root, rng, need_bbc, 8)
    n_quotes = CASE_COUNTS["quote_reuse"] + CASE_COUNTS["common_source"]
    with_quotes = [b for b in bbc if len(quotes_of(b)) >= 2][:n_quotes]
    plain = [b for b in bbc if b not in with_quotes]
    docs: list[SynthDoc] = []
    pairs: list[TruthPair] = []
    forbidden: list[tuple[str, str, str]] = []
    t0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    n = 0

    def outlets(k: int) -> list[int]:
        return rng.sample(range(len(OUTLETS)), k)

    def when(day: int, hours: float = 0.0) -> datetime:
        return t0 + timedelta(days=day, hours=hours, minutes=rng.randrange(0, 50))

    def doc(case: str, kind: str, outlet: int, title: str, published: datetime, paras: list[Para]) -> SynthDoc:
        nonlocal n
        n += 1
        d = SynthDoc(f"{case}/{n}", case, kind, outlet, title, published, paras, rng.choice(AUTHORS))
        docs.append(d)
        return d

    def take(pool: list[Base]) -> Base:
        return pool.pop()

    def simple(kind: str, count: int) -> None:
        for i in range(count):
            base = take(plain)
            src_o, cp_o = outlets(2)
            day = i % 5
            case = f"{kind}{i}"
            src = doc(case, kind, src_o, base.title, when(day), base.words())
            paras = base.words()
            title = base.title
            if kind == "truncation":
                paras = paras[: max(2, len(paras) // 2)]
            elif kind == "house_style":
                paras = house_style(paras, rng)
                filler = take(plain)
                title = filler.title  # a rewritten headline
            elif kind == "insert_delete":
                filler = take(plain)
                paras = insert_delete(paras, filler.words()[:2], rng)
            elif kind == "split_merge":
                paras = split_merge(paras, rng)
            cp = doc(case, kind, cp_o, title, when(day, rng.uniform(2, 30)), paras)
            pairs.append(TruthPair(src.key, cp.key, kind, "republication", src.key))

    for kind in ("verbatim", "truncation", "house_style", "insert_delete", "split_merge"):
        simple(kind, CASE_COUNTS[kind])

    for i in range(CASE_COUNTS["quote_reuse"]):
        # The mission's example: a rewrite lifts two quotes and one sentence, credits the source.
        base = take(with_quotes)
        own = take(plain).words()
        src_o, cp_o = outlets(2)
        case = f"quote_reuse{i}"
        src = doc(case, "quote_reuse", src_o, base.title, when(i), base.words())
        q1, q2 = quotes_of(base)[:2]
        sentence = next((s for p in base.words()[1:] for s in _sentences(p) if '"' not in " ".join(w for w, _ in s) and len(s) >= 12), None)
        credit = own_words(f"credit:{case}", [f"The remarks were first published by {OUTLETS[src_o][1]}."])
        paras = [own[0], q1 + own_words(f"attr1:{case}", ["he said."]), own[1]]
        if sentence:
            paras.append(sentence)
        paras += [q2 + own_words(f"attr2:{case}", ["she added in the interview."]), own[2] + credit] + own[3:5]
        cp = doc(case, "quote_reuse", cp_o, f"{own[0][0][0]} {base.title.lower()}", when(i, rng.uniform(3, 20)), paras)
        pairs.append(TruthPair(src.key, cp.key, "quote_reuse", "republication", src.key))

    for i in range(CASE_COUNTS["common_source"]):
        # A third party's statement (not in the corpus) quoted by two outlets writing their own stories.
        third = take(with_quotes)
        q1, q2 = quotes_of(third)[:2]
        a_own, b_own = take(plain).words(), take(plain).words()
        a_o, b_o = outlets(2)
        case = f"common_source{i}"
        a = doc(case, "common_source", a_o, third.title, when(i), [a_own[0], q1 + own_words(f"ca:{case}", ["a spokesman said."]), *a_own[1:3], q2, *a_own[3:5]])
        b = doc(case, "common_source", b_o, f"{third.title} - reaction", when(i, rng.uniform(1, 8)), [b_own[0], b_own[1], q2 + own_words(f"cb:{case}", ["according to the statement."]), b_own[2], q1, *b_own[3:4]])
        pairs.append(TruthPair(a.key, b.key, "common_source", "common_source", None))

    for i in range(CASE_COUNTS["chain"]):
        base = take(plain)
        own_b, own_c = take(plain).words(), take(plain).words()
        o = outlets(3)
        case = f"chain{i}"
        a = doc(case, "chain", o[0], base.title, when(i), base.words())
        b_paras = [own_b[0], *base.words()[:-1], own_b[1]]
        b = doc(case, "chain", o[1], base.title, when(i, 5), b_paras)
        c_paras = [*b_paras[:2], *b_paras[3:], own_c[0]]
        c = doc(case, "chain", o[2], base.title, when(i, 11), c_paras)
        pairs.append(TruthPair(a.key, b.key, "chain", "republication", a.key))
        pairs.append(TruthPair(b.key, c.key, "chain", "republication", b.key))
        forbidden.append((a.key, c.key, "chain: C's nearest source is B"))

    agencies = ("Reuters", "AP")
    for i in range(CASE_COUNTS["wire"]):
        base = reuters.pop()
        agency = agencies[i % len(agencies)]
        city = (base.dateline or "LONDON").split(",")[0].upper()
        wire = base.words()
        head = own_words(f"dateline:{base.id}", [f"{city}, March {3 + i} ({agency}) -"])
        wire[0] = head + wire[0]
        case = f"wire{i}"
        carriers = outlets(4 if i == 0 else 3)
        carried = []
        for j, co in enumerate(carriers):
            paras = [list(p) for p in wire]
            if j == 1:
                paras = paras[: max(3, len(paras) - 2)]
            elif j == 2:
                paras = house_style(paras, rng)
            carried.append(doc(case, "wire", co, base.title, when(5 + i, j * 0.25), paras))
        for x in range(len(carried)):
            for y in range(x + 1, len(carried)):
                pairs.append(TruthPair(carried[x].key, carried[y].key, "wire", "same_wire", None))

    for i in range(CASE_COUNTS["same_outlet"]):
        base = take(plain)
        so = outlets(1)[0]
        case = f"same_outlet{i}"
        first = doc(case, "same_outlet", so, base.title, when(i), base.words())
        update = doc(case, "same_outlet", so, base.title + " (updated)", when(i, 4), base.words()[:-1])
        forbidden.append((first.key, update.key, "same outlet"))

    # Background: same topics, nothing shared; also what lets outlets' templates be learnt.
    topics: dict[str, list[Base]] = defaultdict(list)
    for left in plain:
        topics[left.topic].append(left)
    order = [t for group in topics.values() for t in group]
    for bo in range(len(OUTLETS)):
        for k in range(BACKGROUND_PER_OUTLET):
            if not order:
                break
            base = order.pop(0)
            doc(f"same_topic_{base.topic}", "same_topic", bo, base.title, when(k % 7, rng.uniform(0, 12)), base.words())
    return Benchmark(docs, pairs, forbidden)


# --- rendering ---------------------------------------------------------------------------------


def _sample_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synd_sample_build", ROOT / "samples" / "build.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"{ROOT / 'samples' / 'build.py'} is needed to render pages with the sample templates")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is made
    spec.loader.exec_module(mod)
    return mod


def url_of(d: SynthDoc) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", d.title.lower()).strip("-")[:60]
    # the number only: the case name must not leak into what detection sees
    return f"https://{OUTLETS[d.outlet][2]}/news/{d.published:%Y/%m/%d}/{slug}-{d.key.rsplit('/', 1)[-1]}"


def render(bench: Benchmark) -> Iterator[dict[str, Any]]:
    """One JSONL-ready record per doc: url, outlet, html (rendered in the outlet's template)."""
    build_mod = _sample_builder()
    env = build_mod.make_environment(ROOT / "samples" / "templates")
    outlets = {i: build_mod.Outlet(key, name, domain, key, locale) for i, (key, name, domain, locale) in enumerate(OUTLETS)}
    arts = []
    for d in bench.docs:
        arts.append(
            build_mod.Article(
                id=d.key.rsplit("/", 1)[-1],
                outlet=outlets[d.outlet],
                url=url_of(d),
                published=d.published.isoformat(),
                instant=d.published,
                title=d.title,
                author=d.author,
                section="News",
                paragraphs=tuple(d.text_paragraphs()),
                image_caption="A file picture.",
                image_credit=OUTLETS[d.outlet][1],
                comments=(),
            )
        )
    for d, art in zip(bench.docs, arts, strict=True):
        yield {"key": d.key, "url": art.url, "outlet": OUTLETS[d.outlet][1], "html": build_mod.render_page(env, art, arts)}


# --- scoring -------------------------------------------------------------------------------------


@dataclass
class KindScore:
    pairs: int = 0
    found: int = 0
    relation_right: int = 0
    direction_total: int = 0
    direction_right: int = 0
    word_tp: int = 0
    word_fp: int = 0
    word_fn: int = 0

    def add(self, other: KindScore) -> None:
        for k in self.__dict__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def word_p(self) -> float:
        return self.word_tp / max(1, self.word_tp + self.word_fp)

    @property
    def word_r(self) -> float:
        return self.word_tp / max(1, self.word_tp + self.word_fn)


@dataclass
class SynthScores:
    kinds: dict[str, KindScore]
    reported: int
    false_pairs: list[str]
    forbidden_reported: list[str]
    baseline: dict[str, Any]
    seconds_detect: float = 0.0
    seconds_baseline: float = 0.0

    def total(self) -> KindScore:
        t = KindScore()
        for k in self.kinds.values():
            t.add(k)
        return t

    @property
    def precision(self) -> float:
        found = self.total().found
        return found / max(1, self.reported)

    @property
    def recall(self) -> float:
        t = self.total()
        return t.found / max(1, t.pairs)


def word_truth(copy: SynthDoc, other: SynthDoc) -> tuple[list[str], list[bool]]:
    """The copy's words as generated, each True when the other article holds the same word."""
    theirs = other.origins()
    words, truth = [], []
    for p in copy.paragraphs:
        for w, o in p:
            words.append(w)
            truth.append(o in theirs)
    return words, truth


def word_scores(copy: SynthDoc, other: SynthDoc, body: str, copied: list[tuple[int, int]]) -> tuple[int, int, int]:
    """(tp, fp, fn) over the copy's match tokens: generated words are mapped onto the extracted
    body token by token, so extraction losses count as misses and template text as false hits."""
    from difflib import SequenceMatcher

    from pipeline.normalise.matchtext import tokenize

    words, truth = word_truth(copy, other)
    gen_tokens: list[str] = []
    gen_truth: list[bool] = []
    for w, t in zip(words, truth, strict=True):
        for tok in tokenize(w).words:
            gen_tokens.append(tok)
            gen_truth.append(t)
    body_toks = tokenize(body)
    covered = [any(s <= st and en <= e for s, e in copied) for st, en in zip(body_toks.starts, body_toks.ends, strict=True)]
    sm = SequenceMatcher(None, gen_tokens, body_toks.words, autojunk=False)
    mapped = [-1] * len(gen_tokens)
    body_used = [False] * len(body_toks.words)
    for blk in sm.get_matching_blocks():
        for k in range(blk.size):
            mapped[blk.a + k] = blk.b + k
            body_used[blk.b + k] = True
    tp = fp = fn = 0
    for i, t in enumerate(gen_truth):
        pred = mapped[i] >= 0 and covered[mapped[i]]
        tp += t and pred
        fp += pred and not t
        fn += t and not pred
    fp += sum(1 for j, c in enumerate(covered) if c and not body_used[j])  # template text claimed as copied
    return tp, fp, fn


def baseline_pairs(bodies: dict[str, tuple[str, str]], threshold: float = 0.5, num_perm: int = 128) -> set[tuple[str, str]]:
    """datasketch MinHashLSH over whole bodies (word 5-gram shingles), cross-outlet pairs only."""
    from datasketch import MinHash, MinHashLSH

    from pipeline.normalise.matchtext import tokenize

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sigs = {}
    for key, (_outlet, body) in bodies.items():
        w = tokenize(body).words
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch([" ".join(w[i : i + 5]).encode() for i in range(max(1, len(w) - 4))])
        sigs[key] = m
        lsh.insert(key, m)
    out = set()
    for key, m in sigs.items():
        for other in lsh.query(m):
            if other != key and bodies[other][0] != bodies[key][0]:
                out.add((min(key, other), max(key, other)))
    return out


def score(bench: Benchmark, reported: list[Any], bodies: dict[str, tuple[str, str]], seconds_baseline_out: list[float]) -> SynthScores:
    """``reported``: detect_eval.Reported with doc keys; ``bodies``: key -> (outlet, stored body)."""
    import time

    docs = {d.key: d for d in bench.docs}
    by_pair = {(min(r.source, r.copy), max(r.source, r.copy)): r for r in reported}
    truth = {(min(p.a, p.b), max(p.a, p.b)): p for p in bench.pairs}
    kinds: dict[str, KindScore] = defaultdict(KindScore)
    for k, p in truth.items():
        ks = kinds[p.kind]
        ks.pairs += 1
        r = by_pair.get(k)
        copy_key = (p.b if p.source == p.a else p.a) if p.source else (r.copy if r is not None else p.b)
        other_key = p.a if copy_key == p.b else p.b
        if r is None:
            _, t = word_truth(docs[copy_key], docs[other_key])
            ks.word_fn += sum(t)
            continue
        ks.found += 1
        ks.relation_right += r.relation == p.relation
        if p.source:
            ks.direction_total += 1
            ks.direction_right += r.source == p.source
        tp, fp, fn = word_scores(docs[copy_key], docs[other_key], bodies[copy_key][1], r.spans.get(copy_key, []))
        ks.word_tp += tp
        ks.word_fp += fp
        ks.word_fn += fn
    forbidden = {(min(a, b), max(a, b)): why for a, b, why in bench.forbidden}
    false_pairs: list[str] = []
    forbidden_hit: list[str] = []
    for k, r in by_pair.items():
        if k in truth:
            continue
        why = forbidden.get(k) or f"{docs[k[0]].kind} / {docs[k[1]].kind}"
        (forbidden_hit if k in forbidden else false_pairs).append(f"{k[0]} ~ {k[1]} ({why}, {r.relation}, shared {r.shared:.2f})")
    # The baseline, measured in the same run on the same extracted bodies.
    t0 = time.perf_counter()
    base = baseline_pairs(bodies)
    seconds_baseline_out.append(time.perf_counter() - t0)
    b_found = len(base & set(truth))
    b_tp = b_fp = b_fn = 0
    for k, p in truth.items():
        copy_key = (p.b if p.source == p.a else p.a) if p.source else p.b
        other_key = p.a if copy_key == p.b else p.b
        body = bodies[copy_key][1]
        claimed = [(0, len(body))] if k in base else []
        tp, fp, fn = word_scores(docs[copy_key], docs[other_key], body, claimed)
        b_tp, b_fp, b_fn = b_tp + tp, b_fp + fp, b_fn + fn
    baseline = {
        "name": "datasketch MinHashLSH, whole bodies, word 5-grams, threshold 0.5",
        "reported": len(base), "found": b_found,
        "precision": b_found / max(1, len(base)), "recall": b_found / max(1, len(truth)),
        "word_p": b_tp / max(1, b_tp + b_fp), "word_r": b_tp / max(1, b_tp + b_fn),
    }
    return SynthScores(dict(kinds), len(by_pair), false_pairs, forbidden_hit, baseline)


def run(settings: Any, work: Path, *, progress: Any = None, seed: int = 7) -> SynthScores:
    """Generate, ingest (full extraction from the rendered pages), detect and score."""
    import time

    from pipeline import jobs
    from pipeline.detect.detector import detect
    from pipeline.evaluate.corpus import data_dir
    from pipeline.evaluate.detect_eval import load_reported
    from pipeline.normalise.article import RawRecord
    from pipeline.warehouse import db

    bench = build(data_dir(), seed)
    records = list(render(bench))
    work.mkdir(parents=True, exist_ok=True)
    path = work / "synthetic.db"
    for f in work.glob("synthetic.db*"):
        f.unlink()
    s = settings.model_copy(deep=True)
    s.warehouse.url = f"sqlite:///{path}"
    engine = db.connect(s.warehouse.url)
    recs = (
        RawRecord(origin="synthetic", locator=r["key"], url=r["url"], outlet=r["outlet"], html=r["html"], raw_key=f"synthetic:{r['key']}")
        for r in records
    )
    stats = jobs.ingest_records(engine, recs, s, progress=progress)
    if stats.rejected:
        raise RuntimeError(f"synthetic pages rejected by ingest: {stats.reject_examples}")
    t0 = time.perf_counter()
    detect(engine, s.detect, progress=progress)
    seconds = time.perf_counter() - t0
    by_url = {r["url"]: r["key"] for r in records}
    reported, bodies = load_reported(s.warehouse.url, by_url)
    db.dispose_all()
    outlet_of = {r["key"]: r["outlet"] for r in records}
    timing: list[float] = []
    sc = score(bench, reported, {k: (outlet_of[k], b) for k, b in bodies.items()}, timing)
    sc.seconds_detect = round(seconds, 2)
    sc.seconds_baseline = round(timing[0], 2)
    return sc


def print_scores(sc: SynthScores, console: Any) -> None:
    from rich.table import Table

    t = Table(title="Synthetic benchmark (corpora/: BBC News + Reuters-21578, rendered in 6 outlet templates)")
    for col in ("edit type", "pairs", "found", "relation right", "direction right", "word P", "word R"):
        t.add_column(col, justify="right" if col != "edit type" else "left")
    for kind, k in sorted(sc.kinds.items()):
        t.add_row(
            kind, str(k.pairs), str(k.found), f"{k.relation_right}/{k.found}",
            f"{k.direction_right}/{k.direction_total}" if k.direction_total else "-", f"{k.word_p:.3f}", f"{k.word_r:.3f}",
        )
    tot = sc.total()
    t.add_row(
        "ALL", str(tot.pairs), str(tot.found), f"{tot.relation_right / max(1, tot.found):.3f}",
        f"{tot.direction_right}/{tot.direction_total}", f"{tot.word_p:.3f}", f"{tot.word_r:.3f}",
    )
    console.print(t)
    b = sc.baseline
    s = Table(title="Synthetic: synd vs baseline, same pages, same run")
    for col in ("system", "pairs reported", "pair P", "pair R", "word P", "word R", "seconds"):
        s.add_column(col)
    s.add_row("synd detect", str(sc.reported), f"{sc.precision:.3f}", f"{sc.recall:.3f}", f"{tot.word_p:.3f}", f"{tot.word_r:.3f}", f"{sc.seconds_detect}")
    s.add_row(b["name"], str(b["reported"]), f"{b['precision']:.3f}", f"{b['recall']:.3f}", f"{b['word_p']:.3f}", f"{b['word_r']:.3f}", f"{sc.seconds_baseline}")
    console.print(s)
    console.print("targets: pair P/R >= 0.98, relation >= 0.95 of found, word P/R >= 0.95, direction right wherever known")
    for line in sc.forbidden_reported:
        console.print(f"  [red]must not be reported[/red] {line}")
    for line in sc.false_pairs:
        console.print(f"  [yellow]false pair[/yellow] {line}")
