"""A learned line classifier that trims the ends of the story found in a whole-page text dump.

The rules of ``text.py`` judge one line at a time, and the run past a story's end (teasers of
other stories, a gallery's counters and captions, tag lines, "more from" lists) passes them:
each line is a sentence, or short and harmless. Read together such lines share little with the
story, sit far from its start, and are short, capitalised or linked, which shallow text features
catch (as boilerpipe and dragnet do): a logistic regression over a few dozen of them gives each
kept line p(content). A two-state decoder (``decode``) then keeps the lines that maximise the sum
of ``p - threshold`` less a cost per gap inside the story, always holding the story's first line
of running text: head and tail runs go free, and a run inside the story (a sidebar's teasers, a
promotion box) goes when its deficit outweighs the gap's cost, while a lone short line of the
story (a subhead, a one-line quote) costs less than a gap and stays. Some features read a line's
neighbours (their sentence ends, topic words and links) and the page (a line printed twice).

The weights are numbers derived by ``python -m pipeline.evaluate.train_lines`` from the tune
split (``linemodel.json`` next to this module); without that file nothing is trimmed.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.normalise.furniture import is_furniture_line
from pipeline.normalise.text import (
    _SENTENCE_END,
    _TEASER_TAIL,
    _WORD,
    _headline_case,
    _link_share,
    _truncated,
    _word_count,
    is_credited_caption,
    strip_markdown,
)

WEIGHTS = Path(__file__).with_name("linemodel.json")
SHALLOW_FEATURES = (
    "log_words", "sentence_end", "caps_share", "digit_share", "link_share", "position", "words_before",
    "log_lines_after", "log_prev_words", "log_next_words", "title_cohesion", "body_cohesion", "prior_cohesion",
    "furniture", "headline_case", "truncated", "log_gap_before", "log_gap_after", "short",
    "next_cohesion", "tail_cohesion", "head_cohesion", "near_non_sentences",
)
# context: what a line's neighbours are, and what the page does with its text (a sidebar's block
# inside the story is a run of linked, off-topic, unfinished lines); the HTML trim, which reads
# the page's markup instead, uses only the shallow features
CONTEXT_FEATURES = (
    "bracketed", "repeated", "log_links", "prev_sentence_end", "next_sentence_end", "near_body_cohesion",
    "near_link_share",
)
FEATURES = (*SHALLOW_FEATURES, *CONTEXT_FEATURES)
CORE_MIN_WORDS = 10  # the story's first line of running text has this many words: it is never cut
_LEAD_LINES = 3  # the region's first lines of running text that, with the title, state its topic
_NEAR = 3  # lines each side that make a line's neighbourhood
_BRACKETED = re.compile(r"^(?:\(.*\)|\[.*\])$")  # "(MORE: other story)", "[Photo: agency]"
_MD_LINKS = re.compile(r"\]\([^)\s]+\)")
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
_STOP = frozenset((
    "that", "this", "with", "from", "have", "were", "they", "their", "been", "said", "will", "would", "which", "about",
    "there", "what", "when", "more", "than", "also", "into", "some", "other", "after", "over", "your", "them", "then",
    "these", "those", "just", "like", "only", "very", "could", "should", "being", "where", "while", "because",
))


def _content_words(line: str) -> list[str]:
    """A line's words that carry its topic: lower case, four letters or more, no function word."""
    return [w for w in (m.lower() for m in _CONTENT_WORD.findall(line)) if w not in _STOP]


def _share_in(words: list[str], known: set[str] | Counter[str]) -> float:
    """Share of ``words`` found in ``known``; a line without content words counts as half known."""
    return sum(map(known.__contains__, words)) / len(words) if words else 0.5


def _ratio(part: float, whole: float) -> float:
    """part / whole, a half when there is nothing to count (no content word: no evidence either way)."""
    return part / whole if whole else 0.5


def _near_share(flags: list[float], k: int) -> float:
    """Share of line ``k``'s neighbours (``_NEAR`` each side) flagged: teaser lists alternate
    headline and summary, so half their lines are no sentence; a story's are."""
    return _near_mean(flags, k)


def _filled_before(lines: list[str]) -> list[int]:
    """Filled lines before each line (and the total last): gaps between kept lines are counted in them."""
    out = [0]
    for line in lines:
        out.append(out[-1] + bool(line))
    return out


def line_features(lines: list[str], idx: list[int], title: str | None, *, context: bool = True) -> np.ndarray:
    """One row of ``FEATURES`` per kept line ``idx`` of the dump ``lines`` (raw, markdown and all);
    of ``SHALLOW_FEATURES`` only when not ``context`` (the HTML trim reads no more: the page-wide
    and neighbour columns are a third of the time)."""
    plain = [strip_markdown(lines[i]) for i in idx]
    words = [_word_count(p) for p in plain]
    n, total = len(idx), max(1, sum(words))
    content = [_content_words(p) for p in plain]
    lead = [k for k in range(n) if words[k] >= CORE_MIN_WORDS][:_LEAD_LINES]
    topic = set(_content_words(title or "")).union(*(content[k] for k in lead))
    body = Counter(w for ws in content for w in ws)
    filled = _filled_before(lines)
    # topic words per line: a story drifts line by line, but the run after its end stays off topic;
    # summed over a line's window, its head and its tail (prefix sums: a page has hundreds of lines)
    hits = _prefix_sums([len(ws) if k in lead else sum(w in topic for w in ws) for k, ws in enumerate(content)])
    sizes = _prefix_sums([len(ws) for ws in content])
    non_sentence = [float(not p.endswith(_SENTENCE_END)) for p in plain]
    rows: list[tuple[float, ...]] = []
    seen = Counter(strip_markdown(x) for x in lines if x) if context else Counter()
    before, prior = 0, set(topic)
    for k, (i, p) in enumerate(zip(idx, plain, strict=True)):
        toks = _WORD.findall(p)
        alpha = [t[0] for t in toks if t[0].isalpha()]  # the initials of words, not of numbers
        own = Counter(content[k])
        # words the rest of the page prints too (the body vocabulary less this line's own uses)
        elsewhere = sum(body[w] > own[w] for w in content[k])
        gap_before = filled[i] - filled[idx[k - 1] + 1] if k else 0
        gap_after = filled[idx[k + 1]] - filled[i + 1] if k + 1 < n else 0
        rows.append((
            math.log1p(words[k]),
            p.endswith(_SENTENCE_END),
            sum(map(str.isupper, alpha)) / len(alpha) if alpha else 0.0,
            sum(map(str.isdigit, toks)) / len(toks) if toks else 0.0,
            _link_share(lines[i], p),
            k / max(1, n - 1),
            before / total,
            math.log1p(n - 1 - k),
            math.log1p(words[k - 1]) if k else 0.0,
            math.log1p(words[k + 1]) if k + 1 < n else 0.0,
            _share_in(content[k], topic) if k not in lead else 1.0,
            elsewhere / len(content[k]) if content[k] else 0.5,  # _share_in over the words printed elsewhere
            _share_in(content[k], prior),
            is_furniture_line(p),
            _headline_case(p),
            _truncated(p) or bool(_TEASER_TAIL.search(p)),
            math.log1p(gap_before),
            math.log1p(gap_after),
            words[k] < CORE_MIN_WORDS,
            _ratio(hits[min(n, k + _NEAR + 1)] - hits[k], sizes[min(n, k + _NEAR + 1)] - sizes[k]),
            _ratio(hits[n] - hits[k], sizes[n] - sizes[k]),
            _ratio(hits[k + 1], sizes[k + 1]),
            _near_share(non_sentence, k),
        ))
        if context:
            rows[-1] += (
                bool(_BRACKETED.match(p)),
                seen[p] > 1,
                math.log1p(len(_MD_LINKS.findall(lines[i]))),
                not non_sentence[k - 1] if k else 1.0,
                not non_sentence[k + 1] if k + 1 < n else 1.0,
                0.0,  # the neighbours' columns, filled below
                0.0,
            )
        before += words[k]
        prior.update(content[k])
    if not context:
        return np.array(rows, dtype=float).reshape(n, len(SHALLOW_FEATURES))
    out = np.array(rows, dtype=float).reshape(n, len(FEATURES))
    col = FEATURES.index
    for name, of in (("near_body_cohesion", "body_cohesion"), ("near_link_share", "link_share")):
        values = out[:, col(of)].tolist()
        out[:, col(name)] = [_near_mean(values, k) for k in range(n)]
    return out


def _prefix_sums(counts: list[int]) -> list[int]:
    """[0, c0, c0 + c1, ...]: the sum over lines [a, b) is ``sums[b] - sums[a]``."""
    sums = [0]
    for c in counts:
        sums.append(sums[-1] + c)
    return sums


def _near_mean(values: list[float], k: int) -> float:
    """Mean of ``values`` over line ``k``'s neighbours (``_NEAR`` each side, itself left out);
    summed left to right, as numpy sums so few values, so the figures do not depend on the route."""
    near = values[max(0, k - _NEAR) : k] + values[k + 1 : k + 1 + _NEAR]
    if not near:
        return 0.5
    total = 0.0
    for v in near:
        total += v
    return total / len(near)


def load_weights(path: Path, features: tuple[str, ...]) -> dict[str, Any] | None:
    """A line model's weights file; None when absent or fitted on other features (then no trim)."""
    try:
        model: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return model if tuple(model.get("features", ())) == features else None


@lru_cache(maxsize=1)
def load_model(path: str = str(WEIGHTS)) -> dict[str, Any] | None:
    """The packaged weights, read once."""
    return load_weights(Path(path), FEATURES)


def content_probability(rows: np.ndarray, model: dict[str, Any]) -> np.ndarray:
    """p(content) of each row under the model (features standardised as in training)."""
    z = (rows - np.asarray(model["mean"])) / np.asarray(model["scale"])
    logit = z @ np.asarray(model["coef"]) + float(model["intercept"])
    return 1.0 / (1.0 + np.exp(-np.clip(logit, -30, 30)))


def best_stretch(gain: list[float], core: int) -> tuple[int, int]:
    """[s, e) holding ``core`` that maximises the sum of ``gain`` (Kadane with both ends free,
    one each side of the core); ties keep more lines."""
    s, best, run = core, 0.0, 0.0
    for k in range(core - 1, -1, -1):
        run += gain[k]
        if run >= best:
            s, best = k, run
    e, best, run = core + 1, 0.0, 0.0
    for k in range(core + 1, len(gain)):
        run += gain[k]
        if run >= best:
            e, best = k + 1, run
    return s, e


_TIE = 1e-9  # what keeping a line earns besides its gain: of two equal decodings, the longer wins


def decode(gain: list[float], core: int, switch: float | None, gap: list[float] | None = None) -> list[int]:
    """Positions kept: a head run dropped, the story kept, inner gaps dropped, a tail run dropped.

    A two-state (story / not story) Viterbi over the lines: a story line earns its gain, a line
    out of the story nothing, and each gap inside the story costs ``switch`` (the head and tail
    runs are free, as in ``best_stretch``). A short dip inside the story (a subhead, a one-line
    quote) costs less than the switch and stays; a run of teasers, a share row and a caption
    block in mid-story sum to more and go, as CETR- and dragnet-style smoothing cut them.
    ``switch`` None allows no gap: the stretch of ``best_stretch``. ``core`` is always kept.
    ``gap`` is what each line earns inside a gap (nothing by default): a line's gain less its
    ``gap`` is what keeping it in mid-story is worth, so a stricter bar can apply there than at the ends.
    """
    if switch is None:
        s, e = best_stretch(gain, core)
        return list(range(s, e))
    neg = -math.inf
    # states: 0 head (out), 1 story, 2 gap (out, inside the story), 3 tail (out)
    score = [0.0, gain[0] + _TIE, neg, neg] if core != 0 else [neg, gain[0] + _TIE, neg, neg]
    back: list[tuple[int, int, int, int]] = []
    for k in range(1, len(gain)):
        h, s_, g, t = score
        into = max((h, 0), (s_, 1), (g, 2))  # head, story or gap -> story
        out = max((s_ - switch, 1), (g, 2))  # story -> gap (the switch) or stay in the gap
        tail = max((s_, 1), (t, 3))
        back.append((0, into[1], out[1], tail[1]))
        score = [h, into[0] + gain[k] + _TIE, out[0] + (gap[k] if gap else 0.0), tail[0]]
        if k == core:
            score = [neg, score[1], neg, neg]
    state = 1 if score[1] >= score[3] else 3
    kept = []
    for k in range(len(gain) - 1, -1, -1):
        if state == 1:
            kept.append(k)
        if k:
            state = back[k - 1][state]
    return kept[::-1]


def trim_region(lines: list[str], idx: list[int], title: str | None, model: dict[str, Any] | None = None) -> list[int]:
    """The kept lines ``idx`` without the runs the model reads as no story (``decode``)."""
    model = model if model is not None else load_model()
    if model is None or not model.get("enabled", True) or len(idx) < 2:
        return idx
    rows = line_features(lines, idx, title)
    weight = model.get("weight", "lines")
    gain = line_gains(rows, model, model["threshold"], weight)
    # the story's start is never moved below a credited caption, which the gold may count as the story's
    credited = [is_credited_caption(strip_markdown(lines[i])) for i in idx]
    core = story_core(rows, gain, credited)
    if core is None:
        return idx
    gap = gap_gains(rows, model["threshold"], model.get("inner", model["threshold"]), weight)
    return [idx[k] for k in decode(gain, core, model.get("switch"), gap)]


# What a line weighs in the stretch's sum: one line each (the junk measure counts lines), or more
# for a long one (a listicle's many short subheads must not outweigh its paragraphs).
WEIGHTS_BY = {
    "lines": lambda words: 1.0,
    "sqrt": math.sqrt,
    "log": math.log1p,
}


def line_gains(rows: np.ndarray, model: dict[str, Any], threshold: float, weight: str) -> list[float]:
    """Each line's (p(content) - threshold), weighted; a line of under three words weighs nothing
    (it neither keeps nor cuts a run: it goes with its neighbours)."""
    by = WEIGHTS_BY[weight]
    words = np.expm1(rows[:, 0])
    p = content_probability(rows, model)
    return [(float(pk) - threshold) * by(float(wk)) if wk >= 2.5 else 0.0 for pk, wk in zip(p, words, strict=True)]


def gap_gains(rows: np.ndarray, threshold: float, inner: float, weight: str) -> list[float]:
    """What each line earns in a gap inside the story: (inner - threshold), weighted as in
    ``line_gains``, so that in mid-story a line goes only when p(content) is under ``inner``."""
    by = WEIGHTS_BY[weight]
    return [(inner - threshold) * by(float(wk)) if wk >= 2.5 else 0.0 for wk in np.expm1(rows[:, 0])]


def story_core(rows: np.ndarray, gain: list[float] | None = None, fixed: list[bool] | None = None) -> int | None:
    """The region's first line of running text that the model reads as the story's (``gain``
    above nothing), which the trim always keeps; else its first line of running text. The first
    long line alone is often a lead picture's caption, a teaser's summary or the writer's bio
    above the story: made the core, it and all between it and the story could never go. Not past
    a line ``fixed`` (one the story may start at whatever the model reads)."""
    long = [k for k in range(len(rows)) if math.expm1(rows[k, 0]) >= CORE_MIN_WORDS - 0.5]
    if gain is not None:
        for k in long:
            if gain[k] > 0 or (fixed is not None and fixed[k]):
                return k
    return long[0] if long else None
