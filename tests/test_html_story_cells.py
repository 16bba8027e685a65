"""A layout table's cell holding the story is printed as the story's own lines (html.mark_story_cells,
html.open_story_cells): its headline is no longer run into the first paragraph, and notes glued to
its ends become lines the line rules can judge."""

from __future__ import annotations

from lxml import etree

from pipeline.normalise.html import BLOCK_MARK, extract_page, mark_story_cells, open_story_cells
from tests.ferry_story import HEADLINE, STORY, TITLE


def _table_page(cell: str, side: str = "<a href='/'>Home</a> <a href='/news'>News</a>") -> str:
    return (f"<html><head><title>{TITLE}</title></head><body><table><tr><td>{side}</td>"
            f"<td>{cell}</td><td>Weather: sunny, 14C</td></tr></table></body></html>")


def _lines(page: str) -> list[str]:
    return extract_page(page, "https://news.example/ferry").paragraphs


def test_story_cell_of_paragraphs_becomes_lines() -> None:
    cell = f"<b>{HEADLINE}</b><br>" + "".join(f"<p>{p}</p>" for p in STORY)
    lines = _lines(_table_page(cell))
    assert all(p in lines for p in STORY)  # each paragraph its own line, no "| " before it
    assert not any(ln.startswith(HEADLINE) and len(ln) > len(HEADLINE) for ln in lines)  # headline not run in
    assert not any(BLOCK_MARK in ln or ln.startswith("|") for ln in lines)


def test_story_cell_of_line_breaks_becomes_lines() -> None:
    cell = f"{HEADLINE}<br><br>" + "<br><br>".join(STORY)
    lines = _lines(_table_page(cell))
    assert all(p in lines for p in STORY)


def _marked(cell: str) -> bool:
    body = etree.fromstring(f"<body><table><row><cell>{cell}</cell><cell>Weather</cell></row></table></body>")
    mark_story_cells(body)
    return BLOCK_MARK in "".join(body.itertext())


def test_only_a_cell_with_a_paragraph_is_marked() -> None:
    """A sidebar's cell of short lines (shops and their addresses) holds no paragraph: it stays one cell;
    a cell with a paragraph among its blocks holds the story."""
    shops = "".join(f"Corner Shop {i}<lb/>{i} Harbour Street<lb/>Open daily till late<lb/>" for i in range(8))
    assert not _marked(shops)
    assert _marked(f"{HEADLINE}<lb/>{STORY[0]}<lb/>{STORY[1]}")
    assert not _marked(f"{STORY[0]} {STORY[1]}")  # one block: nothing to open
    assert not _marked(f"{HEADLINE}<lb/>A short note")  # too short to hold a story


def test_open_story_cells_keeps_the_other_cells_as_rows() -> None:
    row = f"| Home \\| News | {HEADLINE}{BLOCK_MARK}{STORY[0]}{BLOCK_MARK} {STORY[1]} | Weather |"
    assert open_story_cells(row) == ["| Home \\| News |", HEADLINE, STORY[0], STORY[1], "| Weather |"]
    assert open_story_cells(f"{STORY[0]}{BLOCK_MARK}{STORY[1]}") == [STORY[0], STORY[1]]
    assert open_story_cells(STORY[0]) == [STORY[0]]
    # the page source's indentation between a cell's blocks goes: the line rules read its words
    assert open_story_cells(f"| {STORY[0]}{BLOCK_MARK}  SEE ALSO:      RELATED LINKS  |") == [STORY[0], "SEE ALSO: RELATED LINKS"]


def test_data_table_is_not_opened() -> None:
    rows = "".join(f"<tr><td>Route {i}</td><td>{i * 3}</td><td>{i * 40} pence</td></tr>" for i in range(1, 5))
    page = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"{''.join(f'<p>{p}</p>' for p in STORY)}<table>{rows}</table></article></body></html>")
    lines = _lines(page)
    assert any(ln.startswith("| Route 2") for ln in lines)
