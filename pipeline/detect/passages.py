"""Copied, added, edited, removed and boilerplate passages of one syndication, as warehouse rows.

On the copy side, copied + added + edited + boilerplate passages tile every word of the body,
with no overlap, so what the copier added or changed is exactly the complement of what it copied.

Alignment splits a copied stretch wherever the copier inserted or rewrote a few words (a quote
split by "he said,", an honorific added, "Oct. 1" spelled "on October 1"); the leftover words
are no passage a researcher can read ("said.", "Mr", "US"). So, per side:

- a stretch under ``MIN_ADDED_WORDS`` words joins the added (removed) stretch next to it when
  nothing copied lies between them (only a paragraph break): one passage, not a fragment;
- what is still under ``MIN_ADDED_WORDS`` words between copied texts (or between copied text and
  the body's start or end; template text aside) is ``edited``: the copier's words inside copied
  text, "US" before a copied "President ...", a dateline run into the copied lead (on the source
  side, the words they replaced). A short paragraph of its own (a subhead) stays added.

Copied passages are left exactly as aligned (merging an insertion into them would claim words
the source does not have), so ``copied_fraction`` does not change; ``added_chars`` and
``removed_chars`` count added and removed passages only, and the views built on ``kind =
'added'`` list what the copier wrote, not its edits.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.detect.compare import PairResult
from pipeline.detect.relation import stock_share
from pipeline.detect.template import FURNITURE_SHARE

_WORD = re.compile(r"\w")
# Fewer words than this, between copied text, are an edit of it rather than text of the copier's own:
# an attribution tag splitting a quote ("he said,") or a house-style change is one to three words,
# while the shortest additions a researcher reads as such ("said the Spurs boss.", "an independent
# watchdog said Wednesday.", a dateline "NEW YORK (AP) -" at the top) have four or more.
MIN_ADDED_WORDS = 4


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


def _words(text: str) -> int:
    """Words as a reader counts them: "al-Maliki." or "wasn't" is one."""
    return sum(1 for w in text.split() if _WORD.search(w))


def _gather(
    stretches: list[tuple[int, int, bool]], copied: list[tuple[int, int]], paragraphs: list[tuple[int, int]], body: str
) -> list[tuple[int, int, str]]:
    """Uncopied stretches in body order, as (start, end, kind): kind "boilerplate" for a stretch
    flagged True, else "added" or "edited" by the rules in the module docstring (fragments joined to
    a neighbouring uncopied stretch, a fragment left inside copied text is an edit)."""
    marks = sorted([(s, e, "copied") for s, e in copied] + [(s, e, "boilerplate" if b else "added") for s, e, b in stretches])
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(marks):
        s, e, kind = marks[i]
        if kind != "added":
            if kind != "copied":
                out.append((s, e, kind))
            i += 1
            continue
        j = i  # marks[i..j]: a run of added stretches with nothing copied or boilerplate between them
        while j + 1 < len(marks) and marks[j + 1][2] == "added":
            j += 1
        group = [(a, b, _words(body[a:b])) for a, b, _ in marks[i : j + 1]]
        merged: list[list[int]] = []
        for a, b, n in group:
            if merged and (n < MIN_ADDED_WORDS or merged[-1][2] < MIN_ADDED_WORDS):
                merged[-1][1:] = [b, merged[-1][2] + n]  # a fragment joins its neighbour (or it joins the fragment)
            else:
                merged.append([a, b, n])
        # the stretches either side, template text aside: copied text or the body's edge on both sides
        before = next((m[2] for m in reversed(marks[:i]) if m[2] != "boilerplate"), None)
        after = next((m[2] for m in marks[j + 1 :] if m[2] != "boilerplate"), None)
        inside = before != "added" and after != "added" and "copied" in (before, after)
        for a, b, n in merged:
            # a paragraph of its own (a subhead the copier put between copied paragraphs) is its own text
            whole = any(ps <= a and b <= pe and not body[ps:a].strip() and not body[b:pe].strip() for ps, pe in paragraphs)
            out.append((a, b, "edited" if inside and len(merged) == 1 and n < MIN_ADDED_WORDS and not whole else "added"))
        i = j + 1
    return out


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
    copied = [(s.copy_start, s.copy_end) for s in r.spans]
    added = _complement(len(copy.body), copied, copy.paragraphs, copy.boilerplate, copy.body)
    form = copy.form
    # a rights notice, feed furniture or a nav row is template text too, never what the copier added
    added = [
        (s, e, boiler or stock_share(copy.body[s:e]) >= 0.5 or form.share(s, e) >= FURNITURE_SHARE) for s, e, boiler in added
    ]
    for s, e, kind in _gather(added, copied, copy.paragraphs, copy.body):
        rows.append(dict(kind=kind, copy_start=s, copy_end=e, text=copy.body[s:e]))
    taken = [(s.source_start, s.source_end) for s in r.spans]
    removed = _complement(len(source.body), taken, source.paragraphs, source.boilerplate, source.body)
    for s, e, kind in _gather(removed, taken, source.paragraphs, source.body):
        if kind != "boilerplate":
            rows.append(dict(kind="removed" if kind == "added" else kind, source_start=s, source_end=e, text=source.body[s:e]))
    defaults = dict(copy_start=None, copy_end=None, source_start=None, source_end=None, similarity=None, in_quotes=None)
    return [{**defaults, **row, "seq": i} for i, row in enumerate(rows)]
