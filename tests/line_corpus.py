"""Shared by the line models' tests: an invented tune corpus on disk, and a hand-set HTML-trim model."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.evaluate.extract_eval import split_of
from pipeline.normalise import htmltrim


def write_tune_corpus(folder: Path, corpus: str, pages: int, page_html: Callable[[int], tuple[str, str]], title: str) -> None:
    """``pages`` pages of ``corpus`` that the tune split takes, as the evaluation data stores them
    (``page_html(k)`` gives page k's HTML and gold text)."""
    rows, i = [], 0
    while len(rows) < pages:
        i += 1
        if split_of(corpus, str(i)) != "tune":
            continue
        html, gold = page_html(i)
        rows.append({"corpus": corpus, "id": str(i), "url": f"http://example.invalid/{i}", "html": html,
                     "gold_text": gold, "gold_comments": None, "gold_title": title})
    with gzip.open(folder / f"{corpus}.jsonl.gz", "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)


def hand_model(**coef: float) -> dict[str, Any]:
    """An HTML-trim model scoring lines by the given features only (unit scale, keep by default)."""
    n = len(htmltrim.FEATURES)
    weights = [0.0] * n
    for name, value in coef.items():
        weights[htmltrim.FEATURES.index(name)] = value
    return {"features": list(htmltrim.FEATURES), "mean": [0.0] * n, "scale": [1.0] * n, "coef": weights,
            "intercept": 3.0, "threshold": 0.5, "weight": "lines", "enabled": True}
