"""Figures the reliability tests measure (records fuzzed, faults injected, kills survived,
duplicates, lost), appended as JSON lines under data/reliability/ by whichever xdist worker ran
the test, and summed at the end of the session (hooks in tests/conftest.py)."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES_DIR = Path(os.environ.get("SYND_FIGURES_DIR", ROOT / "data" / "reliability"))


def record_figures(test: str, **figures: int) -> None:
    """Add measured figures for one test."""
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    with (FIGURES_DIR / f"figures-{os.getpid()}.jsonl").open("a") as fh:
        fh.write(json.dumps({"test": test, **figures}) + "\n")


def clear() -> None:
    if FIGURES_DIR.is_dir():
        for f in FIGURES_DIR.glob("figures-*.jsonl"):
            f.unlink()


def totals() -> Counter[str]:
    out: Counter[str] = Counter()
    if FIGURES_DIR.is_dir():
        for f in FIGURES_DIR.glob("figures-*.jsonl"):
            for line in f.read_text().splitlines():
                row = json.loads(line)
                row.pop("test", None)
                out.update({k: int(v) for k, v in row.items()})
    return out
