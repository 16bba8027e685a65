"""The learned trims' feature extraction, kept fast, reads the same figures as its plain forms."""

from __future__ import annotations

from collections import Counter

import lxml.html
import numpy as np

from pipeline.normalise import linedom, linemodel


def test_positions_index_only_the_keys_asked_for_in_page_order() -> None:
    page = lxml.html.document_fromstring(
        "<html><body><p>Ferry service halted today.</p><ul><li>Ferry service halted again</li></ul>"
        "<p>Harbour pier <b>was</b> closed.</p></body></html>")
    dom = linedom.LineDom(page)
    at = dom.positions({("ferry", "service", "halted"), ("pier", "was", "closed"), ("not", "on", "page")})
    assert at == {("ferry", "service", "halted"): [0, 4], ("pier", "was", "closed"): [9]}
    assert dom.tags[dom.owner[10]] == "b"  # a word keeps the element that holds it


def test_name_groups_read_every_word_of_a_class_name() -> None:
    kinds = list(linedom.GROUPS)
    bits = linedom.name_groups("mainNav share-tools")
    assert bits == (1 << kinds.index("nav")) | (1 << kinds.index("share")) | (1 << kinds.index("story"))
    assert linedom.name_groups("") == 0


def test_near_mean_is_numpy_mean_of_the_neighbours() -> None:
    values = [0.1, 0.7, 0.3, 0.9, 0.2, 0.6, 0.45, 0.05]
    for k in range(len(values)):
        near = np.array(values[max(0, k - 3) : k] + values[k + 1 : k + 4])
        assert linemodel._near_mean(values, k) == float(near.mean())
    assert linemodel._near_mean([0.4], 0) == 0.5


def test_body_cohesion_counts_words_the_rest_of_the_page_prints() -> None:
    lines = [
        "Harbour officials said engineers found cracks in the pier and closed the harbour.",
        "The harbour pier will stay closed while engineers repair the cracks this winter.",
        "Celebrity chef opens bakery downtown with sourdough loaves.",
    ]
    rows = linemodel.line_features(lines, list(range(len(lines))), None)
    col = linemodel.FEATURES.index("body_cohesion")
    content = [linemodel._content_words(line) for line in lines]
    body = Counter(w for ws in content for w in ws)
    for k, ws in enumerate(content):  # the plain form: the share of the line's words in the body less its own uses
        own = Counter(ws)
        assert rows[k, col] == linemodel._share_in(ws, {w for w, c in body.items() if c > own[w]})


def test_shallow_features_alone_are_the_full_rows_first_columns() -> None:
    lines = [
        "Home | News | Sport | Weather",
        "Harbour officials said engineers found cracks in the pier and closed the harbour on Monday.",
        "[Photo: Portvale Courier]",
        "The harbour pier will stay closed while engineers repair the cracks this winter, officials said.",
        "Home | News | Sport | Weather",
        "Most read: Celebrity chef opens bakery downtown",
    ]
    idx = list(range(len(lines)))
    full = linemodel.line_features(lines, idx, "Pier closed after cracks found")
    shallow = linemodel.line_features(lines, idx, "Pier closed after cracks found", context=False)
    assert shallow.shape == (len(lines), len(linemodel.SHALLOW_FEATURES))
    assert np.array_equal(shallow, full[:, : len(linemodel.SHALLOW_FEATURES)])


def test_link_texts_read_a_childless_link_as_text_content_does() -> None:
    from pipeline.normalise.html import _link_texts

    page = lxml.html.document_fromstring(
        "<html><body><a href='/a'>Ferry News</a><a href='/b'>Ferry <b>timetable</b> today</a>"
        "<a href='/c'><!-- x -->Harbour</a><a href='/d'></a><a href='/e'>  </a></body></html>")
    assert _link_texts(page) == {"ferry": [("ferry", "timetable", "today"), ("ferry", "news")], "harbour": [("harbour",)]}
