"""A learned trim of the HTML path's body: the head and tail runs of lines that read as no story go.

The HTML rules judge blocks and lines one by one, tuned on pages someone looked at; on pages
nobody tuned on, furniture still sits around the story (a section menu and a dateline row above
it, a "most read" list, a rights line, a newsletter prompt below it). Read together such runs
share little with the story, sit at its ends, are short and made of link texts, which the text
path's line model (``linemodel``) already reads from shallow features. This module scores each
body line with those features plus what the page's DOM tells (the share of the line made of the
page's link texts, a layout-table row), under its own weights, and keeps the stretch of lines
that maximises the sum of ``p(content) - threshold`` (Kadane, ``linemodel.best_stretch``),
always holding the story's first line of running text: only head and tail runs go, never a
line in the middle of the story.

The weights (``htmltrim.json``, numbers only) are fitted by
``python -m pipeline.evaluate.train_html_lines`` on the HTML path's own output for the tune
split; without that file, or with weights for other features, nothing is trimmed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.normalise import linedom, linemodel

WEIGHTS = Path(__file__).with_name("htmltrim.json")
DOM_FEATURES = ("dom_link_share", "table_row", "stamp_share", *linedom.FEATURES)
FEATURES = (*linemodel.SHALLOW_FEATURES, *DOM_FEATURES)
# Month and weekday names, as a stamp spells them ("Jan", "Sept.", "Thurs", "Wednesday").
_NAMES = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
          r"nov(?:ember)?|dec(?:ember)?|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?")
# The words of a date or time stamp: figures, month and weekday names, clock and zone marks. A
# dateline or "Posted: Monday, 7 Jan 2008 10:46 GMT" is made of them; a sentence naming a date is not.
_STAMP_WORD = re.compile(rf"(?:\d+(?:st|nd|rd|th)?|{_NAMES}|[ap]\.?m\.?|gmt|utc|bst|cet|[ecmp][sd]?t|noon|midnight)\.?", re.I)
_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?")
# What makes figures a stamp: a month or weekday name, or a clock time. Without one, a row of
# figures ("2008 12 4.5") or a score line is no date, and its share says nothing of a dateline.
_STAMP_ANCHOR = re.compile(rf"\b(?:{_NAMES})\b|\b\d{{1,2}}[:.]\d{{2}}\b|\b\d{{1,2}}\s?[ap]\.?m\b", re.I)


def stamp_share(line: str) -> float:
    """Share of the line's words that belong to a date or time stamp ("Sunday January 13, 2008, 5:00 AM": all);
    0 for a line naming no month or weekday and no clock time."""
    toks = _TOKEN.findall(line)
    if not toks or not _STAMP_ANCHOR.search(line):
        return 0.0
    return sum(bool(_STAMP_WORD.fullmatch(t)) for t in toks) / len(toks)


def line_features(lines: list[str], title: str | None, link_shares: list[float],
                  dom: np.ndarray | None = None) -> np.ndarray:
    """One row of ``FEATURES`` per body line: the line model's shallow text features, the share of the
    line made of the page's link texts, whether it is a layout-table row ("| a | b |"), then where
    it sat in the page (``dom``: rows of ``linedom.FEATURES``, ``LineDom.features``; all zero,
    "not found", when not given)."""
    text = linemodel.line_features(lines, list(range(len(lines))), title, context=False)
    shallow = np.array([[share, line.startswith("|"), stamp_share(line)]
                        for line, share in zip(lines, link_shares, strict=True)], dtype=float).reshape(len(lines), 3)
    where = dom if dom is not None else np.zeros((len(lines), len(linedom.FEATURES)))
    return np.hstack([text, shallow, where])


@lru_cache(maxsize=1)
def load_model(path: str = str(WEIGHTS)) -> dict[str, Any] | None:
    """The packaged weights, read once; None when absent or fitted on other features (then no trim)."""
    return linemodel.load_weights(Path(path), FEATURES)


# A data table is the story's when it sits in the story's container or in an element beside it
# (a table after the story's <div>, under their common parent); one further out, under a sidebar
# or a page-wide layout cell, is a market or score box (tune split: the one data table more than a
# level out, a currency box ten levels out, was all junk lines; the one a level out was the story's).
TABLE_LEVELS_OUT = 1
_FOUND, _OUTSIDE, _LEVELS_OUT = (FEATURES.index(f) for f in ("dom_found", "dom_outside", "dom_levels_out"))


def near_story(rows: np.ndarray) -> np.ndarray:
    """Per line: whether it lies in the story's container or at most ``TABLE_LEVELS_OUT`` levels out
    of it; True for a line not found in the page (nothing says it is far)."""
    return (rows[:, _FOUND] == 0) | (rows[:, _OUTSIDE] == 0) | (rows[:, _LEVELS_OUT] <= np.log1p(TABLE_LEVELS_OUT) + 1e-9)


def kept_stretch(rows: np.ndarray, model: dict[str, Any], threshold: float, weight: str,
                 keep: list[bool] | None = None) -> tuple[int, int]:
    """The stretch [s, e) of the body's lines that the trim keeps at ``threshold``: all of them
    when the body has no line of running text to anchor the story on. It reaches out to every
    line marked in ``keep`` that lies near the story's container (``near_story``): a data table
    the story prints, whose rows of figures look like a ticker box or a menu to shallow features."""
    core = linemodel.story_core(rows)
    if core is None:
        return 0, len(rows)
    s, e = linemodel.best_stretch(linemodel.line_gains(rows, model, threshold, weight), core)
    marked = [int(k) for k in np.flatnonzero(near_story(rows)) if keep[k]] if keep else []
    return (min(s, marked[0]), max(e, marked[-1] + 1)) if marked else (s, e)


def trim_body(lines: list[str], title: str | None, link_shares: list[float],
              keep: list[bool] | None = None, model: dict[str, Any] | None = None,
              dom: np.ndarray | None = None) -> list[str]:
    """``lines`` without the head and tail runs the model reads as no story; lines marked in
    ``keep`` stay, with all between them and the story. ``dom``: where each line sat in the page
    (``line_features``)."""
    model = model if model is not None else load_model()
    if model is None or not model.get("enabled", False) or len(lines) < 2:
        return lines
    rows = line_features(lines, title, link_shares, dom)
    s, e = kept_stretch(rows, model, float(model["threshold"]), str(model.get("weight", "lines")), keep)
    return lines[s:e]
