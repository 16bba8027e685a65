"""Exact alignment of the text two articles share, at word granularity.

Seeds are shared word k-grams; seeds on one diagonal become maximal runs; the longest
consistent runs are kept (each word of either text used once); runs close in both texts
are chained into passages, so a typo, a changed word or a house-style edit stays inside
one passage while an inserted or dropped sentence splits it. Paragraph breaks are
invisible to tokens, so split and merged paragraphs align like any other text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pipeline.config import DetectSettings

# defaults for callers without settings; detect passes detect.seed_words / detect.max_seed_freq
SEED_WORDS = DetectSettings.model_fields["seed_words"].default
MAX_SEED_FREQ = DetectSettings.model_fields["max_seed_freq"].default


@dataclass(frozen=True, slots=True)
class Run:
    a0: int  # copy tokens [a0, a1)
    a1: int
    b0: int  # source tokens [b0, b1)
    b1: int

    @property
    def length(self) -> int:
        return self.a1 - self.a0


@dataclass(frozen=True, slots=True)
class AlignedPassage:
    a0: int
    a1: int
    b0: int
    b1: int
    matched: int  # words inside identical runs

    @property
    def similarity(self) -> float:
        return self.matched / max(self.a1 - self.a0, self.b1 - self.b0)


def _runs(a: list[str], b: list[str], k: int, max_seed_freq: int = MAX_SEED_FREQ) -> list[Run]:
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in range(len(b) - k + 1):
        index[tuple(b[j : j + k])].append(j)
    runs: list[Run] = []
    open_runs: dict[int, int] = {}  # diagonal (j - i) -> start i of the run being extended
    for i in range(len(a) - k + 1):
        hits = index.get(tuple(a[i : i + k]), ())
        current: dict[int, int] = {}
        if 0 < len(hits) <= max_seed_freq:
            for j in hits:
                d = j - i
                current[d] = open_runs.get(d, i)
        for d, start in open_runs.items():
            if d not in current:
                runs.append(Run(start, i - 1 + k, start + d, i - 1 + k + d))
        open_runs = current
    end = len(a) - k + 1
    for d, start in open_runs.items():
        runs.append(Run(start, end - 1 + k, start + d, end - 1 + k + d))
    return runs


def _overlaps(taken: list[tuple[int, int]], lo: int, hi: int) -> bool:
    return any(lo < t1 and t0 < hi for t0, t1 in taken)


def _select(runs: list[Run], k: int = SEED_WORDS) -> list[Run]:
    """Longest runs first; a run that reuses words already aligned on either side is trimmed or dropped."""
    chosen: list[Run] = []
    taken_a: list[tuple[int, int]] = []
    taken_b: list[tuple[int, int]] = []
    for r in sorted(runs, key=lambda r: (-r.length, r.a0)):
        if _overlaps(taken_a, r.a0, r.a1) or _overlaps(taken_b, r.b0, r.b1):
            trimmed = _trim(r, taken_a, taken_b, k)
            if trimmed is None:
                continue
            r = trimmed
        chosen.append(r)
        taken_a.append((r.a0, r.a1))
        taken_b.append((r.b0, r.b1))
    return sorted(chosen, key=lambda r: r.a0)


def _trim(r: Run, taken_a: list[tuple[int, int]], taken_b: list[tuple[int, int]], k: int = SEED_WORDS) -> Run | None:
    """The longest free stretch of a run, if it is still a seed's length."""
    best: tuple[int, int] | None = None
    start = None
    for i in range(r.a0, r.a1 + 1):
        free = i < r.a1 and not _overlaps(taken_a, i, i + 1) and not _overlaps(taken_b, i - r.a0 + r.b0, i - r.a0 + r.b0 + 1)
        if free and start is None:
            start = i
        elif not free and start is not None:
            if best is None or i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best is None or best[1] - best[0] < k:
        return None
    shift = r.b0 - r.a0
    return Run(best[0], best[1], best[0] + shift, best[1] + shift)


def _extend(a: list[str], b: list[str], i: int, j: int, step: int, bound: int) -> tuple[int, int, int]:
    """Grow a passage edge over words shorter than a seed: a last word after a typo, say.

    Walks outwards in step through equal words and single substitutions; stops at the last
    equal word, so the edge never ends on an edit, and never crosses ``bound`` in the copy (the
    neighbouring passage's edge), so passages never overlap.
    """
    matched = 0
    best = (i, j, 0)
    misses = 0
    # forward: look at a[i], b[j]; backward: look at a[i-1], b[j-1]
    off = 0 if step > 0 else -1
    while 0 <= i + off < len(a) and 0 <= j + off < len(b) and (i + off < bound if step > 0 else i + off >= bound):
        if a[i + off] == b[j + off]:
            matched += 1
            misses = 0
            i, j = i + step, j + step
            best = (i, j, matched)
        else:
            misses += 1
            if misses > 1:
                break
            i, j = i + step, j + step
    return best


def align(
    a: list[str], b: list[str], *, max_gap: int, min_words: int, k: int = SEED_WORDS, max_seed_freq: int = MAX_SEED_FREQ
) -> list[AlignedPassage]:
    """Passages of copy ``a`` found in source ``b``, in copy order, each at least ``min_words`` matched."""
    runs = _select(_runs(a, b, k, max_seed_freq), k)
    passages: list[AlignedPassage] = []
    cur: list[Run] = []

    def flush(next_a0: int) -> None:
        if cur:
            matched = sum(r.length for r in cur)
            if matched >= min_words:
                prev_a1 = passages[-1].a1 if passages else 0
                a0, b0, extra0 = _extend(a, b, cur[0].a0, cur[0].b0, -1, prev_a1)
                a1, b1, extra1 = _extend(a, b, cur[-1].a1, cur[-1].b1, 1, next_a0)
                passages.append(AlignedPassage(a0, a1, b0, b1, matched + extra0 + extra1))
            cur.clear()

    for r in runs:
        if cur:
            last = cur[-1]
            gap_a = r.a0 - last.a1
            gap_b = r.b0 - last.b1
            # Equal gaps are substitutions (a typo, a changed word): same passage. Unequal
            # gaps are insertions or deletions: a new passage, so dropped text is not "copied".
            if not (0 <= gap_a <= max_gap and 0 <= gap_b <= max_gap and abs(gap_a - gap_b) <= 1):
                flush(r.a0)
        cur.append(r)
    flush(len(a))
    return passages
