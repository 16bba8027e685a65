"""Plain-text inputs (JSONL dumps with ``text``): repair encoding and split into paragraphs."""

from __future__ import annotations

import re

import ftfy

_BLANK_LINE = re.compile(r"\n\s*\n")


def repair(text: str) -> str:
    """Fix mojibake and HTML entities left in dumps, without touching typography."""
    return ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=True, normalization="NFC")


def text_paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs when present; otherwise each line is a paragraph."""
    text = repair(text)
    parts = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [" ".join(p.split()) for p in parts if p.strip()]
