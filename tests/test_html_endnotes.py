"""Junk after the story that the HTML path drops by its form (issue 19, part 1): a blog's sign-off and
its pitch for more, a box of the site's earlier pieces under its name, a list of references whose
numbers the story cites. Each beside a look-alike that is article text."""

from __future__ import annotations

import pytest

from pipeline.normalise.furniture import is_furniture_line
from pipeline.normalise.html import drop_junk_lines, extract_page

_CITED = [
    "The vote at the harbour council was called an earthquake by the local papers (1).",
    "Turnout nearly doubled (2), and the old ferry lobby was left without a seat (3).",
    "The new council meets for the first time on Monday to decide the terminal's future.",
]
_NOTES = [
    "(1) The Two Harbours, Harbour News, 4 January 2008",
    "(2) View the speech",
    "(3) The Closing of the Quay, Harbour Weekly, 22 December 2007",
]
_STEPS = [
    "The harbour master named three things a skipper needs before the winter season starts on the coast.",
    "Nobody should sail alone, she said, and every crew should file a plan with the harbour office first.",
    "(1) Space. A skipper needs room on deck to work, so stow the gear below before leaving port.",
    "(2) Time. Give the engine an hour of running in the harbour before taking it out past the point.",
    "(3) Charts. Carry paper charts as well as the screen, since the screen fails when it is needed most.",
]


def _page(tail: str, story: list[str]) -> str:
    paras = "".join(f"<p>{p}</p>" for p in story)
    return (f"<html><head><title>Harbour council changes hands</title></head><body><div class='story'>"
            f"<h1>Harbour council changes hands</h1>{paras}{tail}</div></body></html>")


def _body(page: str) -> list[str]:
    return list(extract_page(page, "https://news.example/harbour").paragraphs)


def test_references_the_story_cites_are_dropped() -> None:
    assert drop_junk_lines(_CITED + _NOTES) == _CITED
    body = _body(_page("".join(f"<p>{n}</p>" for n in _NOTES), _CITED * 3))
    assert not any(line.startswith("(") for line in body)
    assert _CITED[0] in body


def test_a_numbered_list_the_story_does_not_cite_stays() -> None:
    assert drop_junk_lines(_STEPS) == _STEPS
    # numbered out of order, or too few, is no reference list either
    shuffled = _CITED + [_NOTES[1], _NOTES[0], _NOTES[2]]
    assert drop_junk_lines(shuffled) == shuffled
    assert drop_junk_lines(_CITED + _NOTES[:2]) == _CITED + _NOTES[:2]


@pytest.mark.parametrize("line", [
    "Until Next Time! ~",
    "Until next time ^.^",
    "Have a great week!",
    "Have a nice weekend! :)",
    "Want to learn more?",
    "Want more? Check out our live show on Thursdays!",
    "Previously on Harbour Online",
    "Previously on spiked",
    "Published on January 12, 2008 by Harbour WireViewed 124 times",
    "Posted on 3 March 2009 by Jo Quay | Viewed 1,204 times",
    "Reading time: 3 minutes",
    "5 min read",
    "Tempo de leitura: 1 minuto",
])
def test_sign_offs_pitches_and_earlier_pieces_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize("line", [
    "have a great week,",
    "Have a great week at the fair, the mayor told visitors on Saturday.",
    "Until next time, the terminal stays shut, the harbour master said.",
    "Want more money? Ferry workers rallied outside the harbour office on Monday.",
    "Previously on the show, the two skippers argued about the harbour fees.",
    "The clip of the rescue has been viewed 20,000 times since Friday.",
    "Posted online by the coastguard on Friday, the clip was viewed 20,000 times. Officials praised the crew.",
    "Reading time: 3 minutes a day with a child doubles the words they know by five, the study found.",
    "The crossing takes about 5 minutes, read the notice at the quay.",
])
def test_prose_that_opens_alike_stays(line: str) -> None:
    assert not is_furniture_line(line)
