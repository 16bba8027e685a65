"""`make eval-text`: the plain-text path on realistic scraper dumps, beside the HTML path.

Text records (JSONL ``text``, NELA-style imports) are what a scraper saved, not what a reader
saw: whole pages flattened to text, with menus, share prompts, related-story lists and reader
comments. No public set of such dumps has gold, so they are made here, at eval time and never
stored, from the annotated pages that mark their comments (L3S-GN1, Dragnet): each page's HTML
is rendered the way common tools do it, in three styles,

* ``blocks``: a DOM-to-text dump of the whole page, one block element per line;
* ``markdown``: ``html2text`` (links ``[text](url)``, ``* `` bullets, ``#`` headings, tables
  as ``|`` rows);
* ``paragraphs``: blocks separated by blank lines, ``<br>`` kept as a line break inside one;

and each dump goes through ``normalise_record`` as a ``text`` record, exactly as ingest does.
The HTML path scores the same pages in the same run. Measures, all per page and averaged:
word 4-gram P/R/F1 against the gold text (as ``extract_eval``); comment leakage (the share of
the gold comments' 4-grams, less those also in the gold text, that reach the body); junk lines
(a body line of 3+ words whose word 3-grams are under 30% in the page's gold text and title), pooled
over all lines (the issue's figure) and, beside it, averaged per body (``junk/page``), since a
few whole-page failures hold much of the pooled count.
The tune/report split is ``extract_eval.split_of``: tune on ``--split tune``, claim on report.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html
from rich.console import Console
from rich.table import Table

from pipeline.config import NormaliseSettings
from pipeline.evaluate.extract_eval import (
    Ours,
    Page,
    Score,
    data_files,
    junk_lines,
    leaked,
    merge,
    prf,
    scoreable,
    split_of,
    tp_fp_fn,
    write_outputs,
)
from pipeline.normalise.article import RawRecord, RejectError, normalise_record

CORPORA = ("l3s_gn1", "dragnet")  # the corpora whose gold marks the comments

# Block-level elements: each starts a new line in a DOM-to-text dump.
_BLOCK = frozenset(
    ["address", "article", "aside", "blockquote", "body", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "title", "option", "select"]
)
_SKIP = frozenset(["script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "head"])


# --- renderers: HTML page -> plain text as scrapers save it -----------------------------------


def _page_tree(html: str) -> etree._Element | None:
    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _title_of(tree: etree._Element | None) -> str | None:
    if tree is None:
        return None
    t = tree.findtext(".//title")
    return " ".join(t.split()) if t and t.strip() else None


def _blocks(tree: etree._Element) -> list[list[str]]:
    """Blocks of the page in document order, each a list of lines (a ``<br>`` splits a line)."""
    blocks: list[list[str]] = [[""]]

    def new_block() -> None:
        if blocks[-1] != [""]:
            blocks.append([""])

    def add_text(s: str | None) -> None:
        if s:
            blocks[-1][-1] += s

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in _SKIP or not tag:
            add_text(el.tail)
            return
        tag = tag.lower()
        if tag in _BLOCK:
            new_block()
        if tag == "br":
            blocks[-1].append("")
        if tag == "img" and el.get("alt"):
            add_text(" " + el.get("alt", "") + " ")
        add_text(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK:
            new_block()
        elif tag in ("td", "th", "a", "span", "li"):
            add_text(" ")
        add_text(el.tail)

    head_title = tree.findtext(".//title")
    if head_title:
        blocks = [[head_title], [""]]
    body = tree.find(".//body")
    walk(body if body is not None else tree)
    out = []
    for b in blocks:
        lines = [" ".join(x.split()) for x in b]
        lines = [x for x in lines if x]
        if lines:
            out.append(lines)
    return out


def render_blocks(tree: etree._Element, html: str) -> str:
    """One block per line (``<br>`` also breaks), no blank lines: a DOM-to-text dump."""
    return "\n".join(line for b in _blocks(tree) for line in b)


def render_paragraphs(tree: etree._Element, html: str) -> str:
    """Blocks separated by a blank line; a ``<br>`` is a line break inside the block."""
    return "\n\n".join("\n".join(b) for b in _blocks(tree))


def render_markdown(tree: etree._Element, html: str) -> str:
    """``html2text`` as scrapers call it (no wrapping): markdown links, bullets, headings, tables.

    It is fed the page as a browser parses it (the DOM serialised, as a headless-browser scraper
    saves it): on raw HTML with an unclosed tag in the head html2text prints nothing at all, and
    an empty dump measures the renderer, not the text path.
    """
    import html2text

    h = html2text.HTML2Text()
    h.body_width = 0
    return h.handle(etree.tostring(tree, encoding="unicode", method="html"))


STYLES: dict[str, Callable[[etree._Element, str], str]] = {
    "blocks": render_blocks,
    "markdown": render_markdown,
    "paragraphs": render_paragraphs,
}


def read_pages(files: list[Path], split: str, all_pages: bool, every_corpus: bool = False) -> list[Page]:
    """The split's pages of the comment-annotated corpora (only those with comments unless all_pages).

    ``every_corpus`` takes every page of every corpus: junk lines are measured on all of them (the
    comment-marked pages alone are too few, and too alike, to tune the text path on), leakage only
    where the gold marks comments."""
    pages = []
    for path in files:
        if not every_corpus and path.name.removesuffix(".jsonl.gz") not in CORPORA:
            continue
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if (split != "all" and split_of(r["corpus"], r["id"]) != split) or not (all_pages or every_corpus or r["gold_comments"]):
                    continue
                pages.append(Page(path.name.removesuffix(".jsonl.gz"), f"{r['corpus']}/{r['id']}", r.get("url"),
                                  r["html"], r["gold_text"] or "", r.get("gold_comments"), r.get("gold_title")))
    return pages


# --- scoring ----------------------------------------------------------------------------------


def path_row(s: Score) -> dict[str, float]:
    """One table row: word P/R/F1, comment leakage per page, junk lines pooled and per page."""
    p, r, f = prf(s.counts)
    n = len(s.counts)
    return {
        "pages": n, "precision": p, "recall": r, "f1": f,
        "comment_leak_per_page": sum(s.page_leaks) / len(s.page_leaks) if s.page_leaks else 0.0,
        "junk_lines": s.junk / s.lines if s.lines else 0.0,
        "junk_lines_per_page": sum(s.junk_pages) / len(s.junk_pages) if s.junk_pages else 0.0,
        "junk_words": s.junk_words / s.words if s.words else 0.0,
        "bodies_with_junk": s.junk_bodies / n if n else 0.0,
    }


def text_record_body(text: str, title: str | None, settings: NormaliseSettings) -> str:
    """The ingest path for a ``text`` record; a reject is an empty body."""
    rec = RawRecord(origin="eval", locator="eval", url="http://eval.invalid/page", title=title, text=text)
    try:
        return normalise_record(rec, settings).body
    except RejectError:
        return ""


def evaluate(
    pages: list[Page], styles: list[str], dump: dict[str, dict[str, str]] | None = None
) -> dict[str, dict[str, Score]]:
    """Scores by corpus and path (``html``, ``text:<style>``); ``dump`` collects dumps and bodies."""
    settings = NormaliseSettings(min_body_chars=0)
    html_path = Ours(settings)
    scores: dict[str, dict[str, Score]] = {}
    for page in pages:
        tree = _page_tree(page.html)
        title = _title_of(tree)
        by = scores.setdefault(page.corpus, {})
        body = html_path(page.html, page.url)
        by.setdefault("html", Score()).add(page, body)
        for style in styles:
            text = STYLES[style](tree, page.html) if tree is not None else ""
            body = text_record_body(text, title, settings)
            by.setdefault(f"text:{style}", Score()).add(page, body)
            if dump is not None:
                dump.setdefault(page.id, {})[f"{style}:dump"] = text
                dump[page.id][f"{style}:body"] = body
    return scores


def show_worst(pages: list[Page], dump: dict[str, dict[str, str]], styles: list[str], n: int, console: Console) -> None:
    """Per style, the N pages with the most junk lines and leaked comments: their figures and body,
    junk lines marked ">>". A few whole-page failures hold much of the pooled junk; this finds them."""
    for style in styles:
        rows = []
        for page in pages:
            body = dump.get(page.id, {}).get(f"{style}:body", "")
            j, lines, junk = junk_lines(f"{page.title or ''}\n{page.gold}", body)
            a, b = leaked(page.comments, page.gold, body) if page.comments else (0, 0)
            rows.append((j + (lines * a / b if b else 0.0), page, j, lines, a / b if b else 0.0, prf([tp_fp_fn(page.gold, body)])[2], body, junk))
        rows.sort(key=lambda r: -r[0])
        for _, page, j, lines, leak, f1, body, junk in rows[:n]:
            console.rule(f"{style} {page.id}: junk {j}/{lines}, comment leak {leak:.0%}, F1 {f1:.3f}")
            bad = set(junk)
            for ln in body.split("\n"):
                if ln.strip():
                    console.print((">> " if ln in bad else "   ") + ln[:200], markup=False, highlight=False)


def table(scores: dict[str, dict[str, Score]], title: str) -> tuple[Table, list[dict[str, object]]]:
    t = Table(title=title)
    for col in ("corpus", "path", "pages", "P", "R", "F1", "comment leak/page", "junk lines", "junk/page", "junk words", "bodies w/ junk"):
        t.add_column(col, justify="left" if col in ("corpus", "path") else "right")
    rows: list[dict[str, object]] = []
    names = sorted({name for by in scores.values() for name in by})
    total = {name: merge([by[name] for by in scores.values() if name in by]) for name in names}
    for corpus, by in [*sorted(scores.items()), ("all", total)]:
        for name, s in by.items():
            r = path_row(s)
            rows.append({"corpus": corpus, "path": name, **r})
            t.add_row(corpus, name, str(r["pages"]), f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
                      f"{r['comment_leak_per_page']:.1%}", f"{r['junk_lines']:.1%}", f"{r['junk_lines_per_page']:.1%}", f"{r['junk_words']:.1%}",
                      f"{r['bodies_with_junk']:.1%}")
    return t, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("SYND_EVAL_DATA", "../shared/data"),
                    help="folder holding extraction/*.jsonl.gz (default: $SYND_EVAL_DATA, then ../shared/data)")
    ap.add_argument("--split", choices=("report", "tune", "all"), default="report")
    ap.add_argument("--style", action="append", choices=sorted(STYLES), help="only this dump style; repeatable")
    ap.add_argument("--all-pages", action="store_true", help="also pages without comments (default: pages with some)")
    ap.add_argument("--every-corpus", action="store_true",
                    help="every page of every corpus (junk on all; leakage where comments are marked)")
    ap.add_argument("--limit", type=int, default=0, help="at most this many pages (quick checks)")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON here")
    ap.add_argument("--show-worst", type=int, default=0, metavar="N",
                    help="per style, print the N bodies with the most junk lines and leaked comments (error analysis)")
    ap.add_argument("--dump", type=Path, help="write every page's dumps and text-path bodies here (JSON, under data/)")
    args = ap.parse_args(argv)
    console = Console(width=120)
    files = data_files(args.data)
    if not files:
        console.print(f"[red]no *.jsonl.gz under {args.data!r}[/red]: set SYND_EVAL_DATA to the folder holding extraction/")
        return 2
    pages = read_pages(files, args.split, args.all_pages, args.every_corpus)
    if args.limit:
        pages = pages[: args.limit]
    pages = scoreable(pages, console)
    styles = args.style or list(STYLES)
    dump: dict[str, dict[str, str]] | None = {} if args.dump or args.show_worst else None
    scores = evaluate(pages, styles, dump)
    t, rows = table(scores, f"text path on scraper dumps vs the HTML path, {args.split} split "
                            "(word 4-gram P/R/F1, leakage and junk averaged per page)")
    console.print(t)
    if args.show_worst and dump is not None:
        show_worst(pages, dump, styles, args.show_worst, console)
    write_outputs(args, dump, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
