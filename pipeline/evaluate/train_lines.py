"""`make train-lines`: fit the text path's line model (``normalise/linemodel.py``) on the tune split.

Every tune page of every corpus is rendered as a scraper dump in each style (``text_eval``'s
renderers), the text path finds its story (``text.region_lines``, the rules without the model),
and each kept line of a whole-page dump is labelled as ``extract_eval.junk_lines`` judges it:
content when at least 30% of its word 3-grams are in the gold text and title. A logistic
regression (L2, Newton steps, numpy only) is fitted on lines of 3+ words; the decoder's settings
(threshold, line weight, the cost of a gap inside the story and the bar for a line in one) are
those that leave the fewest junk lines among the settings under which no training corpus loses
word F1 in any dump style (measured on the kept lines, before ``normalise_record``'s joining).
``--ceiling`` prints what perfect line labels would reach with each decoder.

``--except C`` leaves corpus C out (repeatable); ``--loco`` fits once per corpus without it and
prints, for the left-out corpus, junk lines and F1 before and after the trim: the check that the
model generalises to sites it never saw. Only the tune split is ever read.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

from pipeline.evaluate.extract_eval import (
    JUNK_MAX_GOLD_SHARE,
    JUNK_MIN_WORDS,
    _trigrams,
    data_files,
    prf,
    scoreable,
    tp_fp_fn,
)
from pipeline.evaluate.text_eval import STYLES, _page_tree, _title_of, read_pages
from pipeline.normalise.linemodel import (
    FEATURES,
    WEIGHTS,
    WEIGHTS_BY,
    content_probability,
    decode,
    gap_gains,
    line_features,
    story_core,
)
from pipeline.normalise.text import dump_lines, is_credited_caption, region_lines, strip_markdown

L2 = 1.0  # ridge penalty on the standardised coefficients
# p(content) is calibrated on the training lines, so the bar stays near even odds: bars far from
# it (0.2, 0.3) were chosen in-sample when a corpus was left out and cost it F1 or junk held out
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(8, 13))
SWITCHES: tuple[float | None, ...] = (None, 2.0, 1.0, 0.5)  # cost of a gap inside the story; None: no gap
INNER = (0.0, 0.1, 0.2, 0.3)  # how much lower p(content) must be to go in mid-story than at the ends
F1_SLACK = 0.0005  # a fall of word F1 this small on a corpus is rounding, not harm


@dataclass
class Dump:
    """One page in one style: the region's kept lines, their features and labels."""

    corpus: str
    style: str
    gold: str
    lines: list[str]  # the dump's lines
    idx: list[int]  # the region's kept lines
    title: str | None
    plain: list[str]  # the kept lines, markdown stripped
    label: np.ndarray  # 1 content, 0 junk
    scored: np.ndarray  # lines of 3+ words: the ones the junk measure judges
    # features, computed after loading: a cache of the regions outlives feature changes
    rows: np.ndarray = field(default_factory=lambda: np.zeros((0, len(FEATURES))))
    cuts: dict[tuple[int, ...], tuple[float, float, float]] = field(default_factory=dict)  # 4-gram counts by kept lines
    p: np.ndarray = field(default_factory=lambda: np.zeros(0))  # p(content) under the model being tuned
    p_of: int = 0  # id of that model


def label_lines(plain: list[str], gold: str) -> tuple[np.ndarray, np.ndarray]:
    """(content label, judged) per line, as ``extract_eval.junk_lines`` judges a body's lines."""
    known = set(_trigrams(gold))
    label, scored = [], []
    for line in plain:
        grams = _trigrams(line)
        label.append(sum(g in known for g in grams) >= JUNK_MAX_GOLD_SHARE * len(grams))
        scored.append(len(grams) >= JUNK_MIN_WORDS - 2)
    return np.array(label, dtype=float), np.array(scored, dtype=bool)


def collect(data: str, styles: list[str], console: Console) -> list[Dump]:
    """The whole-page dumps of every tune page in every style, their regions labelled."""
    pages = scoreable(read_pages(data_files(data), "tune", all_pages=False, every_corpus=True), console)
    dumps: list[Dump] = []
    for page in pages:
        tree = _page_tree(page.html)
        if tree is None:
            continue
        title = _title_of(tree)
        gold = f"{page.title or ''}\n{page.gold}"
        for style in styles:
            lines, of = dump_lines(STYLES[style](tree, page.html))
            idx, page_like = region_lines(lines, title, of)
            if not page_like or len(idx) < 2:
                continue
            plain = [strip_markdown(lines[i]) for i in idx]
            label, scored = label_lines(plain, gold)
            dumps.append(Dump(page.corpus, style, page.gold, lines, idx, title, plain, label, scored))
    return dumps


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 25) -> dict[str, Any]:
    """Logistic regression on standardised features by Newton's method, ridge ``l2``."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    ridge = np.diag([0.0] + [l2] * (z.shape[1] - 1))
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (p - y) + ridge @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z + ridge
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {"features": list(FEATURES), "mean": mean.tolist(), "scale": scale.tolist(),
            "intercept": float(w[0]), "coef": w[1:].tolist()}


def _gains(d: Dump, p: np.ndarray, threshold: float, weight: str) -> list[float]:
    """``linemodel.line_gains`` from probabilities already computed."""
    by = WEIGHTS_BY[weight]
    words = np.expm1(d.rows[:, 0])
    return [(float(pk) - threshold) * by(float(wk)) if wk >= 2.5 else 0.0 for pk, wk in zip(p, words, strict=True)]


def _probability(d: Dump, model: dict[str, Any]) -> np.ndarray:
    """p(content) of the dump's lines under ``model``, computed once per model."""
    if d.p_of != id(model) or len(d.p) != len(d.plain):
        d.p, d.p_of = content_probability(d.rows, model), id(model)
    return d.p


def kept(d: Dump, model: dict[str, Any] | None, threshold: float = 0.0, weight: str = "lines",
         switch: float | None = None, inner: float | None = None) -> tuple[int, ...]:
    """Positions of the region ``linemodel.trim_region`` keeps (all of them without a model)."""
    if model is None:
        return tuple(range(len(d.plain)))
    gain = _gains(d, _probability(d, model), threshold, weight)
    # as at run time: anchored at the first long line the model believes, not past a credited caption
    core = story_core(d.rows, gain, [is_credited_caption(p) for p in d.plain])
    if core is None:
        return tuple(range(len(d.plain)))
    gap = gap_gains(d.rows, threshold, inner, weight) if switch is not None and inner is not None else None
    return tuple(decode(gain, core, switch, gap))


def oracle(d: Dump, switch: float | None) -> tuple[int, ...]:
    """What the decoder keeps when told each line's label (+1 content, -1 junk; short lines 0):
    the ceiling of a perfect line model under that decoder. A negative ``switch`` drops every
    junk line and nothing else."""
    if switch is not None and switch < 0:
        return tuple(k for k in range(len(d.plain)) if d.label[k] or not d.scored[k])
    core = story_core(d.rows)
    if core is None:
        return tuple(range(len(d.plain)))
    gain = [0.0 if not sc else 1.0 if lab else -1.0 for lab, sc in zip(d.label, d.scored, strict=True)]
    return tuple(decode(gain, core, switch))


def _counts(d: Dump, keep: tuple[int, ...]) -> tuple[float, float, float]:
    """Word 4-gram overlap of the kept lines with the gold, computed once per set of lines."""
    if keep not in d.cuts:
        d.cuts[keep] = tp_fp_fn(d.gold, "\n".join(d.plain[k] for k in keep))
    return d.cuts[keep]


def measure(dumps: list[Dump], model: dict[str, Any] | None, threshold: float = 0.0, weight: str = "lines",
            by_style: bool = False, switch: float | None = None, inner: float | None = None,
            oracle_switch: float | None | str = "") -> dict[str, tuple[float, float, int]]:
    """Per corpus (and style): (junk lines share, word F1, lines) of the kept lines, trimmed when a
    model is given (or, with ``oracle_switch``, as ``oracle`` trims them)."""
    by: dict[str, list[Any]] = {}
    for d in dumps:
        keep = kept(d, model, threshold, weight, switch, inner) if oracle_switch == "" else oracle(d, oracle_switch)  # type: ignore[arg-type]
        sel = np.array(keep, dtype=int)
        junk, scored = (d.label[sel] == 0) & d.scored[sel], d.scored[sel]
        acc = by.setdefault(d.corpus if not by_style else f"{d.corpus} {d.style}", [0, 0, []])
        acc[0] += int(junk.sum())
        acc[1] += int(scored.sum())
        acc[2].append(_counts(d, keep))
    return {c: (j / n if n else 0.0, prf(counts)[2], n) for c, (j, n, counts) in by.items()}


def choose_threshold(dumps: list[Dump], model: dict[str, Any]) -> tuple[float, str, float | None, float]:
    """The threshold, line weight, gap cost and mid-story threshold that leave the fewest junk
    lines among those under which no corpus and dump style in ``dumps`` loses word F1 (a new
    site is most like the corpus that suffers most); when every choice lowers F1 somewhere, the
    one whose worst loss is least, and (0, "lines", None, 0) when that loss is more than
    ``F1_SLACK``: the model is then disabled."""
    base = measure(dumps, None, by_style=True)
    best: tuple[float, str, float | None, float] = (0.0, "lines", None, 0.0)
    best_key = (-F1_SLACK, 0.0)
    for weight in WEIGHTS_BY:
        for t in THRESHOLDS:
            for switch in SWITCHES:
                for lower in INNER if switch is not None else (0.0,):
                    inner = round(t - lower, 2)
                    after = measure(dumps, model, t, weight, by_style=True, switch=switch, inner=inner)
                    worst = min(after[c][1] - base[c][1] for c in base)
                    key = (min(0.0, round(worst, 4)), -sum(j * n for j, _, n in after.values()))
                    if key > best_key:
                        best, best_key = (t, weight, switch, inner), key
    return best


def train(dumps: list[Dump], leave_out: set[str]) -> dict[str, Any]:
    """The model fitted on every corpus but ``leave_out``, with its threshold chosen on them."""
    use = [d for d in dumps if d.corpus not in leave_out]
    x = np.vstack([d.rows[d.scored] for d in use])
    y = np.concatenate([d.label[d.scored] for d in use])
    model = fit(x, y)
    model["threshold"], model["weight"], model["switch"], model["inner"] = choose_threshold(use, model)
    model["enabled"] = model["threshold"] > 0
    model["trained_on"] = sorted({d.corpus for d in use})
    model["lines"] = int(len(y))
    return model


def loco(dumps: list[Dump], console: Console) -> bool:
    """Fit without each corpus, score it in each style: True when none loses F1 or gains junk."""
    t = Table(title="line model, leave-one-corpus-out (tune split, kept lines before joining)")
    for col in ("left out", "threshold", "junk before", "junk after", "F1 before", "F1 after", "lines"):
        t.add_column(col, justify="right")
    ok = True
    for corpus in sorted({d.corpus for d in dumps}):
        model = train(dumps, {corpus})
        held = [d for d in dumps if d.corpus == corpus]
        before = measure(held, None, by_style=True)
        after = measure(held, model, model["threshold"], model["weight"], by_style=True, switch=model["switch"],
                        inner=model["inner"])
        for key in sorted(before):
            (jb, fb, n), (ja, fa, _) = before[key], after[key]
            ok = ok and ja <= jb and fa >= fb - F1_SLACK
            t.add_row(key, f"{model['threshold']:.2f}/{model['inner']:.2f} {model['weight']} {model['switch']}", f"{jb:.1%}", f"{ja:.1%}", f"{fb:.4f}", f"{fa:.4f}", str(n))
    console.print(t)
    return ok


def ceiling(dumps: list[Dump], console: Console) -> None:
    """Junk and F1 of the kept lines with perfect line labels: what trimming the ends only, a
    decoder with gaps at a few gap costs, and dropping every junk line could reach at best."""
    t = Table(title="ceiling: perfect line labels (tune split, kept lines before joining); junk / F1")
    ways: list[tuple[str, float | None | str]] = [("rules", ""), ("head+tail", None), ("gaps 2", 2.0), ("gaps 1", 1.0),
                                                  ("gaps 0.5", 0.5), ("every line", -1.0)]
    t.add_column("corpus style")
    for name, _ in ways:
        t.add_column(name, justify="right")
    rows = {name: measure(dumps, None, by_style=True, oracle_switch=way) for name, way in ways}
    alls = {name: measure([replace(d, corpus="all") for d in dumps], None, by_style=True, oracle_switch=way)
            for name, way in ways}
    for key in [*sorted(rows["rules"]), *sorted(alls["rules"])]:
        t.add_row(key, *(f"{r[key][0]:.1%} {r[key][1]:.3f}" for r in (*rows.values(),) if key in r),
                  *(f"{r[key][0]:.1%} {r[key][1]:.3f}" for r in alls.values() if key in r))
    console.print(t)


def main(argv: list[str] | None = None) -> int:
    ap = trainer_parser(__doc__, WEIGHTS, "print what perfect line labels would reach, then stop")
    ap.add_argument("--style", action="append", choices=sorted(STYLES), help="only this dump style; repeatable")
    args = ap.parse_args(argv)
    console = Console(width=120)
    dumps = cached(args.cache, lambda: collect(args.data, args.style or list(STYLES), console))
    for d in dumps:
        d.rows, d.cuts, d.p, d.p_of = line_features(d.lines, d.idx, d.title), {}, np.zeros(0), 0
    if not dumps:
        console.print(f"[red]no whole-page dumps from tune pages under {args.data!r}[/red]")
        return 2
    if args.ceiling:
        ceiling(dumps, console)
        return 0
    if args.loco:
        console.print("LOCO: " + ("no corpus worse" if loco(dumps, console) else "[red]a corpus got worse[/red]"))
    write_model(train(dumps, set(args.leave_out)), FEATURES, args.out, console, args.dry_run)
    return 0


def trainer_parser(doc: str | None, weights: Path, ceiling_help: str) -> argparse.ArgumentParser:
    """The options both line-model trainers take."""
    ap = argparse.ArgumentParser(description=(doc or "").split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("SYND_EVAL_DATA", "../shared/data"))
    ap.add_argument("--except", dest="leave_out", action="append", default=[], metavar="CORPUS",
                    help="train without this corpus (repeatable)")
    ap.add_argument("--loco", action="store_true", help="print the leave-one-corpus-out check")
    ap.add_argument("--ceiling", action="store_true", help=ceiling_help)
    ap.add_argument("--out", type=Path, default=weights, help=f"weights file (default {weights})")
    ap.add_argument("--cache", type=Path, help="keep the labelled lines here between runs (outside the repo)")
    ap.add_argument("--dry-run", action="store_true", help="fit and print, but leave the weights file as it is (a check only)")
    return ap


def cached(path: Path | None, build: Any) -> Any:
    """``build()``, kept at ``path`` between runs: labelling every tune page takes minutes, a refit seconds."""
    if path and path.exists():
        return pickle.loads(path.read_bytes())
    value = build()
    if path:
        path.write_bytes(pickle.dumps(value))
    return value


def write_model(model: dict[str, Any], features: Any, out: Path, console: Console, dry_run: bool = False) -> None:
    """Writes the weights (numbers only) and prints what a reviewer checks: the fit, its threshold and its coefficients."""
    coefs = ", ".join(f"{f} {c:+.2f}" for f, c in zip(features, model["coef"], strict=True))
    enabled = f", enabled {model['enabled']}" if "enabled" in model else ""
    console.print(f"{model['lines']} lines from {', '.join(model['trained_on'])}; threshold {model['threshold']:.2f}, "
                  f"weight {model['weight']}{enabled}; {coefs}")
    if dry_run:
        console.print(f"--dry-run: {out} left as it is")
        return
    out.write_text(json.dumps(model, indent=1) + "\n")
    console.print(f"wrote {out}")


if __name__ == "__main__":
    sys.exit(main())
