"""The cheap tests that spare a line the costly furniture and text rules (issue 22): each must
only ever skip a rule that could not match, so text cleanup keeps its output exactly."""

from __future__ import annotations

import re
import re._parser as sre
from typing import Any

import pytest

from pipeline.normalise import furniture, text
from pipeline.normalise.matchtext import _match_form, match_form


def _spells(seq: Any, hints: tuple[str, ...]) -> bool:
    """Whether every string ``seq`` (a parsed pattern) matches spells one of ``hints`` (lower case)."""
    run = ""
    for op, av in seq:
        if op is sre.LITERAL:
            run += chr(av)
            continue
        if any(h in run.lower() for h in hints):
            return True
        run = ""
        if op is sre.SUBPATTERN and _spells(av[-1], hints):
            return True
        if op is sre.BRANCH and all(_spells(b, hints) for b in av[1]):
            return True
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1 and _spells(av[2], hints):
            return True
    return any(h in run.lower() for h in hints)


@pytest.mark.parametrize(("pattern", "hints"), [
    (furniture._SCANNED_FURNITURE_LINE, furniture._SCANNED_HINTS),
    (furniture._READER_PROMPT, furniture._READER_PROMPT_HINTS),
])
def test_every_alternative_spells_a_hint(pattern: re.Pattern[str], hints: tuple[str, ...]) -> None:
    """A phrase added to the rule without a word in its hints would never be looked for."""
    top = [*sre.parse(pattern.pattern, pattern.flags)]
    top += [item for op, av in top if op is sre.SUBPATTERN for item in av[-1]]  # ^(?:a|b)$
    branches = next(av[1] for op, av in top if op is sre.BRANCH)
    assert len(branches) >= 5
    for branch in branches:
        assert _spells(branch, hints), branch


_LINES = [
    "Copyright 2024 Harbour News. All rights reserved.", "All Rights Reserved", "Harbour News all rights reſerved",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Get the latest headlines delivered to your RSS reader", "The site is not responsible for the content of external sites",
    "The views expressed here are the author's own.", "Jo Quay can be reached at jo@harbour.example",
    "This story may not be REPUBLISHED, copied or redistributed in any form.", "Ferry Times is owned by or licensed to Harbour Media",
    "Widget is a registered trademark of Harbour Ltd", "The ferry sails at dawn and returns at dusk.",
    "Ferry fares rise again as the terminal opens", "Advertisement", "Share this article", "Read more",
    "Join our newsletter for daily updates", "We will keep the fares low, he said.", "Never miss a story!",
    "Bookmark the permalink.", "This site is best viewed in Firefox", "Photo: Reuters", "Flood waters rise (Getty Images)",
    "Most read 1. Ferry fares rise 2. Storm closes road 3. Pier reopens", "Send this article:",
    "Submit Your Video: Upload your videos here", "Copyright \u212aelvin Ltd", "Pub\u0130shed daily",
]


@pytest.mark.parametrize("line", _LINES)
def test_furniture_phrase_is_the_whole_rule(line: str) -> None:
    for x in (line, line.upper(), line.lower()):
        assert furniture._is_furniture_phrase(x) == bool(furniture._FURNITURE_LINE.match(x)), x


def test_scanned_phrases_are_still_found() -> None:
    found = [x for x in _LINES[:11] if furniture.is_furniture_line(x)]
    assert len(found) == 11, set(_LINES[:11]) - set(found)
    assert not furniture.is_furniture_line("The ferry sails at dawn and returns at dusk.")


@pytest.mark.parametrize("end", ["...", "…", " [...]", "[…]", ". More", ". Read more »", "! Full Story...", ". continue reading\n",
                                 ". READ FULL ARTICLE ->", " more", ". \u017ftory", ".\tmore\n", "...\n", ". More >>>>", ".", "?"])
def test_truncated_cue_agrees_with_the_rule(end: str) -> None:
    line = "The ferry sails at dawn and returns at dusk" + end
    assert text._truncated(line) == bool(text._TRUNCATED.search(line))


@pytest.mark.parametrize(("line", "credit"), [
    ("Harbour at night photo: Flickr user Ann Lee", True), ("STAFF PHOTO BY ANN LEE Ferries at dawn", True),
    ("\u017ftaff photo by Ann Lee", True), ("Ann Lee/Reuters", True), ("the photo by Lee won", False),
    ("Staff were told to leave", False),
])
def test_caption_credit(line: str, credit: bool) -> None:
    text._is_caption_credit.cache_clear()
    assert text._is_caption_credit(line) is credit
    assert bool(text._CAPTION_CREDIT.search(line)) is credit


@pytest.mark.parametrize(("line", "listed"), [
    ("May 2011 (16) April 2011 (9) March 2011 (12) February 2011 (3)", True),
    ("Pick (1) a ferry, (2) a bus, (3) a train or (4) a plane", False), ("Fares (12) rose (3)", False),
])
def test_count_list(line: str, listed: bool) -> None:
    assert text._is_count_list(line) is listed


@pytest.mark.parametrize("line", ["Ferry fares rise", "Caf\u00e9 &amp; bar reopen", "x" * 1200, "Don`t \u2019stop\u2019"])
def test_memoised_form_is_the_form(line: str) -> None:
    assert match_form(line) == _match_form(line) == match_form(line)


_STAMPS = ["Posted on July 19th, 2012", "Wed, Jan 16 2008, 07:20 GMT", "5 April 2013 Last updated at 00:19 GMT",
           "2009-04-06T16:21:58-07:00", "4:19p.m.", "", " ", "The ferry sails on May 3, 2011", "May 3, 2011 x",
           "Jan 1 2000 \u212aelvin", "on at of", "12 \u017fept 2011"]


@pytest.mark.parametrize("line", _STAMPS)
def test_only_date_tokens_is_the_substitution(line: str) -> None:
    for x in (line, line.upper(), line.lower()):
        assert furniture._only_date_tokens(x) == (not furniture._DATE_TOKENS.sub("", x)), x


@pytest.mark.parametrize("line", [
    "(570) 829-7101 or (800) 427-8649", "Tel: 020 7404", "TELEPHONE 5551234", "Fax 12-34-56", "+44 (0)20 7404 0470",
    "Call 555 123 4567 now", "It rose 1.5 pct to 12.3 mln dlrs in 1987", "Ph\u00f6ne 1234567", "phone: 12", "fares rose 12 pct",
])
def test_phone_prefilter_only_skips_lines_without_a_phone(line: str) -> None:
    for x in (line, line.upper(), line.lower()):
        assert furniture._may_hold_phone(x) or not furniture._PHONE.search(x), x


def test_phone_prefilter_spares_prose() -> None:
    assert not furniture._may_hold_phone("It rose 1.5 pct to 12.3 mln dlrs in 1987")


@pytest.mark.parametrize("line", [
    "Ferry fares rise May 3, 2011", "May 3, 2011 Ferry fares rise", "3 May 2011 Ferry fares rise", "2011-05-03 Ferry fares",
    "Ferry fares rise 05/03/2011 4:33 pm EST", "Ferry fares 05.03.11 12:01", "\u017fept 3, 2011 Ferry fares rise",
    "SEPT 3, 2011 FERRY", "The ferry sailed on May 3, 2011 at dawn", "It rose 1.5 pct in 1987 to 12 dlrs", "Ferry 3 May 2011\n",
])
def test_dated_prefilter_only_skips_lines_without_a_date_entry(line: str) -> None:
    for x in (line, line.upper(), line.lower()):
        assert text._may_be_dated(x) or not text._DATED_ENTRY.match(x), x
    assert not text._may_be_dated("The ferry sailed on May 3, 2011 at dawn")


@pytest.mark.parametrize("line", ["IMF Says Spain Is Done, \"Debt Will Never Stabilize\"", "Ferry fares rise again",
                                  "Ferry Fares 2011 Rise_Again On Åland", "A B C D E", "x" * 9 + " Yyyy Zzzz1 1234"])
def test_long_words_are_the_words_of_four_characters(line: str) -> None:
    assert text._LONG_WORD.findall(line) == [w for w in text._WORD.findall(line) if len(w) >= 4]


def test_comment_mark_anchors_all_but_the_time() -> None:
    """Only the time may match past a line's start, so a match at the start or a time anywhere is the search."""
    branches = next(av[1] for op, av in sre.parse(text._COMMENT_MARK.pattern, text._COMMENT_MARK.flags) if op is sre.BRANCH)
    assert [b[0] == (sre.AT, sre.AT_BEGINNING) for b in branches] == [True] * (len(branches) - 1) + [False]
    assert text._COMMENT_MARK.pattern.endswith(text._COMMENT_TIME)


@pytest.mark.parametrize("line", ["Posted at 9:12 am", "Jo 3 days ago", "3 DAYS AGO", "Reply", "jdoe wrote:", "12:30 PM\u017f",
                                  "Fares rose 3 days ago, he said", "Ferry fares rise", "A\u0130GO 2 hours ago", "at 9:12am."])
def test_comment_time_prefilter_is_the_search(line: str) -> None:
    for x in (line, line.upper(), line.lower()):
        assert bool(text._COMMENT_MARK.match(x) or text._has_comment_time(x)) == bool(text._COMMENT_MARK.search(x)), x


@pytest.mark.parametrize("line", ["Ferry fares rise", "Fares rose 12 pct", "x\u00b2", "\u0663 ferries", "", "1"])
def test_has_digit_is_any_digit(line: str) -> None:
    assert furniture._has_digit(line) is any(map(str.isdigit, line))
