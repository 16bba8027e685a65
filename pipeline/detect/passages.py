"""Copied, added, removed and boilerplate passages of one syndication, as warehouse rows.

On the copy side, copied + added + boilerplate passages tile every word of the body, with
no overlap, so "what the copier added" is exactly the complement of what it copied.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.detect.compare import PairResult
from pipeline.detect.relation import stock_share
from pipeline.detect.template import FURNITURE_SHARE

_WORD = re.compile(r"\w")


def _complement(
    length: int, taken: list[tuple[int, int]], paragraphs: list[tuple[int, int]], boiler: list[bool], body: str
) -> list[tuple[int, int, bool]]:
    """Stretches of each paragraph not covered by ``taken``, trimmed; (start, end, is_boilerplate)."""
    taken = sorted(taken)
    out = []
    for (ps, pe), is_boiler in zip(paragraphs, boiler, strict=True):
        cur = ps
        for s, e in taken + [(length, length)]:
            if e <= cur:
                continue
            if s >= pe:
                break
            if s > cur:
                out.append((cur, min(s, pe), is_boiler))
            cur = max(cur, e)
        if cur < pe:
            out.append((cur, pe, is_boiler))
    trimmed = []
    for s, e, b in out:
        seg = body[s:e]
        if not _WORD.search(seg):
            continue
        lead = len(seg) - len(seg.lstrip())
        trimmed.append((s + lead, s + len(seg.rstrip()), b))
    return trimmed


def passage_rows(r: PairResult) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    copy, source = r.copy, r.source
    for span in sorted(r.spans, key=lambda s: s.copy_start):
        rows.append(
            dict(
                kind="copied",
                copy_start=span.copy_start,
                copy_end=span.copy_end,
                source_start=span.source_start,
                source_end=span.source_end,
                similarity=span.similarity,
                in_quotes=span.in_quotes,
                text=copy.body[span.copy_start : span.copy_end],
            )
        )
    added = _complement(
        len(copy.body), [(s.copy_start, s.copy_end) for s in r.spans], copy.paragraphs, copy.boilerplate, copy.body
    )
    form = copy.form
    for s, e, boiler in added:
        # a rights notice, feed furniture or a nav row is template text too, never what the copier added
        stock = boiler or stock_share(copy.body[s:e]) >= 0.5 or form.share(s, e) >= FURNITURE_SHARE
        rows.append(dict(kind="boilerplate" if stock else "added", copy_start=s, copy_end=e, text=copy.body[s:e]))
    removed = _complement(
        len(source.body), [(s.source_start, s.source_end) for s in r.spans], source.paragraphs, source.boilerplate, source.body
    )
    for s, e, boiler in removed:
        if not boiler:
            rows.append(dict(kind="removed", source_start=s, source_end=e, text=source.body[s:e]))
    defaults = dict(copy_start=None, copy_end=None, source_start=None, source_end=None, similarity=None, in_quotes=None)
    return [{**defaults, **row, "seq": i} for i, row in enumerate(rows)]
