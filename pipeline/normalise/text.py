"""Plain-text inputs (JSONL and NELA-style dumps with ``text``): repair, strip page leftovers, split.

Dumps made by scrapers keep what the page showed around the article: lone separators and
advertiser lines at the top, image alt text, the headline again as the first line, share
prompts, "Read more [link](#)" lines, markdown emphasis and links, and, at the end, whole
reader-comment threads (names on their own lines, "Reply", timestamps, spam). Each is removed
here so detection never sees it as "added" text.
"""

from __future__ import annotations

import re

import ftfy

from pipeline.normalise.furniture import is_comments_heading, is_furniture_line
from pipeline.normalise.matchtext import match_form

_BLANK_LINE = re.compile(r"\n\s*\n")

# --- inline markdown -------------------------------------------------------------------------
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*\)")
_MD_EMPTY_LINK = re.compile(r"\[\s*\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|\*)(?=\S)(.+?)(?<=\S)\1|(?<!\w)(__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪●]\s+|\d{1,2}[.)]\s+)")

# --- a line that marks a reader comment ----------------------------------------------------
_COMMENT_MARK = re.compile(
    r"^(?:reply|report|flag|like|share|↓|▲|▼|\d+ (?:likes?|points?|replies|upvotes?))(?:\s*[↓↑])?$|"
    r"(?:\b\d{1,2}:\d{2}\s*(?:am|pm)\b|\b\d+ (?:minutes?|hours?|days?|weeks?|months?) ago$)",
    re.I,
)


def repair(text: str) -> str:
    """Fix mojibake and HTML entities left in dumps, without touching typography."""
    return ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=True, normalization="NFC")


def strip_markdown(line: str) -> str:
    line = _MD_IMAGE.sub("", line)
    line = _MD_EMPTY_LINK.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_HEADING.sub("", line)
    line = _BULLET.sub("", line)
    prev = None
    while prev != line:
        prev, line = line, _MD_EMPH.sub(lambda m: m.group(2) or m.group(4), line)
    return " ".join(line.split())


def _looks_like_name(line: str) -> bool:
    """A commenter's handle on its own line: short, no sentence punctuation at the end."""
    words = line.split()
    return 0 < len(words) <= 4 and len(line) <= 40 and not line.rstrip().endswith((".", "!", "?", '"', "”", ":"))


def comment_thread_start(lines: list[str]) -> int | None:
    """Index of the first line of a trailing reader-comment thread, or None.

    An explicit header ("12 Comments", "Leave a Reply") in the second half cuts there. Without
    one, a tail where commenter-name lines and "Reply"/timestamp lines make up much of the text
    is a thread, cut from its first name line.
    """
    n = len(lines)
    for i in range(max(1, n // 3), n):
        if is_comments_heading(lines[i]):
            return i
    marks = [i for i, line in enumerate(lines) if len(line) < 60 and _COMMENT_MARK.search(line.strip())]
    if len(marks) >= 2 and marks[0] >= n // 3:
        # the thread opens with the first commenter's name, a line or few before the first "Reply"
        names = [j for j in range(max(n // 3, marks[0] - 4), marks[0]) if _looks_like_name(lines[j])]
        return names[0] if names else marks[0]
    return None


def clean_text_lines(lines: list[str], title: str | None = None) -> list[str]:
    """Article lines only: furniture, markdown, the repeated headline and comment threads removed."""
    out = [strip_markdown(line) for line in lines]
    out = [line for line in out if line and not is_furniture_line(line)]
    if title:
        t = match_form(title)
        # the headline again near the top, maybe after a site name or section label: drop it and those
        for i, line in enumerate(out[:4]):
            if match_form(line) == t:
                if all(len(x) < 60 for x in out[:i]):
                    out = out[i + 1 :]
                break
    cut = comment_thread_start(out)
    if cut is not None:
        out = out[:cut]
    # leftovers at the very top: a short line before the story that is not a sentence (advertiser, section)
    while len(out) > 2 and len(out[0]) < 40 and _looks_like_name(out[0]) and len(out[1]) > 80:
        out = out[1:]
    return out


def text_paragraphs(text: str, title: str | None = None) -> list[str]:
    """Blank lines separate paragraphs when present; otherwise each line is a paragraph."""
    text = repair(text)
    lines = text.split("\n")
    cleaned = clean_text_lines([" ".join(x.split()) for x in lines], title)
    if not _BLANK_LINE.search(text):
        return cleaned
    keep = set(cleaned)
    paragraphs = []
    for part in _BLANK_LINE.split(text):
        kept = [c for c in (strip_markdown(" ".join(x.split())) for x in part.split("\n")) if c in keep]
        if kept:
            paragraphs.append(" ".join(kept))
    return _cut_after(paragraphs, cleaned)


def _cut_after(paragraphs: list[str], cleaned: list[str]) -> list[str]:
    """Drop paragraphs made only of lines the line pass cut (comment thread, top junk)."""
    if not cleaned:
        return []
    last = cleaned[-1]
    for i, p in enumerate(paragraphs):
        if p.endswith(last):
            return paragraphs[: i + 1]
    return paragraphs
