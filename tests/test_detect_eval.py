"""The scoring of `make eval-detect`: pair, relation, direction and paragraph metrics on small
hand-made inputs, so a scoring bug cannot hide behind the real data."""

from __future__ import annotations

from pipeline.evaluate.corpus import Page, guess_host, page_urls
from pipeline.evaluate.detect_eval import Reported, ngram_containment, paragraph_predictions, score_real

WORDS = ["the", "harbour", "authority", "said", "on", "monday", "it", "would", "close", "the", "north", "pier", "for", "repairs", "lasting", "six", "weeks"]


def test_ngram_containment_is_relative_to_the_smaller_text() -> None:
    assert ngram_containment(WORDS, WORDS + ["more", "words"] * 20) == 1.0
    assert ngram_containment(WORDS, list(reversed(WORDS))) == 0.0
    assert ngram_containment(WORDS[:5], WORDS) == 0.0  # shorter than one 8-gram


def test_paragraph_predictions_follow_copied_spans() -> None:
    paras = [
        "Ferry operator Islink said it would run a reduced timetable from the south quay.",
        "The harbour authority said on Monday it would close the north pier for repairs.",
        "Passengers were advised to check departure times online before travelling.",
    ]
    body = "\n\n".join(paras)
    start = body.index("The harbour")
    copied = [(start, start + len(paras[1]))]
    assert paragraph_predictions(paras, body, copied) == [False, True, False]
    # a paragraph the extraction lost is predicted "own", whatever was copied
    assert paragraph_predictions(["Something the page never said at all today."], body, copied) == [False]


def test_page_urls_guess_host_and_keep_repeats_apart() -> None:
    html = '<a href="https://www.site.example/a">x</a><a href="http://site.example/b">y</a><a href="https://other.example/">z</a>'
    assert guess_host(html) == "site.example"
    pages = [Page("c", "1", None, html, ""), Page("c", "2", "https://a.example/x", "", ""), Page("d", "2", "https://a.example/x", "", "")]
    urls = page_urls(pages)
    assert urls[("c", "1")].startswith("http://site.example/")
    assert urls[("c", "2")] != urls[("d", "2")]


def _gold(pair: int, split: str, a: str, b: str, relation: str | None = None, direction: str | None = None) -> dict:
    side = lambda k: {"corpus": "c", "id": k, "url": f"https://{k}.example/", "paragraphs": ["x " * 3], "labels": ["copied"]}  # noqa: E731
    g = {"pair": pair, "split": split, "a": side(a), "b": side(b)}
    if relation:
        g.update(relation=relation, direction=direction)
    return g


def test_score_real_counts_pairs_relations_and_directions() -> None:
    gold = [
        _gold(1, "dev", "p1", "p2", "same_wire", "unknown"),
        _gold(2, "dev", "p3", "p4", "republication", "a->b"),
        _gold(3, "dev", "p5", "p6", "unrelated", "unknown"),
        _gold(4, "holdout", "p7", "p8"),
    ]
    k = lambda x: ("c", x)  # noqa: E731
    rep = [
        Reported(k("p1"), k("p2"), "same_wire", "unknown", "", 0.9, {}),
        Reported(k("p4"), k("p3"), "republication", "known", "", 0.5, {}),  # wrong direction
        Reported(k("p5"), k("p9"), "common_source", "unknown", "", 0.05, {}),  # not listed, below the bar
    ]
    pages = {k(f"p{i}"): Page("c", f"p{i}", f"https://p{i}.example/", "", "some text here") for i in range(1, 10)}
    sc, unlisted = score_real(gold, rep, {}, pages, 0.2)
    assert sc.listed_total == {"dev": 2, "holdout": 1}
    assert sc.listed_found == {"dev": 2}
    assert sc.recall("holdout") == 0.0
    assert round(sc.precision, 3) == 0.667
    assert sc.at_bar_reported == 2 and sc.at_bar_precision == 1.0
    assert (sc.relation_right, sc.relation_total) == (2, 2)
    assert (sc.direction_right, sc.direction_total) == (0, 1)
    assert len(unlisted) == 1 and unlisted[0]["copy"] == "c/p9"
    assert sc.missed and "pair 4" in sc.missed[0]


def test_synthetic_truth_is_consistent() -> None:
    """Skipped without ../shared: the generator's truth follows from word origins."""
    import pytest

    from pipeline.evaluate.corpus import EvalDataMissing, data_dir
    from pipeline.evaluate.synthetic import build, render, word_truth

    try:
        root = data_dir()
    except EvalDataMissing:
        pytest.skip("evaluation data not present")
    bench = build(root, seed=3)
    docs = {d.key: d for d in bench.docs}
    assert len({(d.outlet, d.key) for d in bench.docs}) == len(bench.docs)
    for p in bench.pairs:
        a, b = docs[p.a], docs[p.b]
        assert a.outlet != b.outlet
        assert sum(word_truth(a, b)[1]) >= 12, p
    truth = {frozenset((p.a, p.b)) for p in bench.pairs}
    background = [d for d in bench.docs if d.kind == "same_topic"]
    for i, x in enumerate(background):
        for y in background[i + 1 :]:
            assert not (x.origins() & y.origins())
    for a, b, _why in bench.forbidden:
        assert frozenset((a, b)) not in truth
    pages = list(render(bench))
    assert len(pages) == len(bench.docs) and all("<html" in r["html"].lower() for r in pages)


def test_shared_8grams_counts_only_copied_ngrams_of_the_smaller_body() -> None:
    from pipeline.evaluate.detect_eval import shared_8grams

    text = " ".join(WORDS)
    copy = text + " and then the copier wrote a great many words of its own about other matters entirely"
    assert shared_8grams(copy, text, [(0, len(text))]) == 1.0
    assert shared_8grams(copy, text, []) == 0.0
    assert 0.0 < shared_8grams(copy, text, [(0, len(text) // 2)]) < 1.0


def test_shared_8grams_does_not_count_ngrams_bridging_an_edit() -> None:
    """A copied passage bridges small edits; the 8-grams spanning the edit are inside it but not shared."""
    from pipeline.evaluate.detect_eval import shared_8grams

    text = " ".join(WORDS)
    words = list(WORDS)
    words[len(words) // 2] = "EDITED"
    copy = " ".join(words)
    whole = [(0, len(copy))]
    assert shared_8grams(copy, copy, whole) == 1.0
    assert shared_8grams(copy, text, whole) < 1.0 - 7 / max(1, len(words) - 7)  # the 8 grams holding the edit


def test_furniture_pairs_flags_pairs_sharing_no_article_text() -> None:
    """A pair whose copied passage is a nav row both templates print, absent from the human texts,
    is furniture; a pair whose copied passage holds article text both humans kept is not."""
    from pipeline.evaluate.detect_eval import furniture_pairs
    from pipeline.normalise.matchtext import tokenize

    nav = "Front page | Weather | Traffic and travel | Letters to the editor | Puzzles | Contact us"
    story = " ".join(WORDS)
    k = lambda x: ("c", x)  # noqa: E731
    bodies = {
        k("a"): f"{nav}\n\nA council meeting on Tuesday approved new cycle lanes for the town centre.",
        k("b"): f"{nav}\n\nThe bakery on Mill Street reopened after a fire last spring, its owner said.",
        k("c"): f"{nav}\n\n{story}",
        k("d"): f"{nav}\n\n{story} and more to come",
    }
    gold = {
        k("a"): "A council meeting on Tuesday approved new cycle lanes for the town centre.",
        k("b"): "The bakery on Mill Street reopened after a fire last spring, its owner said.",
        k("c"): story,
        k("d"): story + " and more to come",
    }
    nav_span = lambda key: [(0, len(nav))]  # noqa: E731
    story_at = lambda key: [(bodies[key].index(story), bodies[key].index(story) + len(story))]  # noqa: E731
    rep = [
        Reported(k("a"), k("b"), "republication", "unknown", "", 0.1, {k("a"): nav_span(k("a")), k("b"): nav_span(k("b"))}),
        Reported(k("c"), k("d"), "republication", "unknown", "", 0.9, {k("c"): story_at(k("c")), k("d"): story_at(k("d"))}),
        # the nav row and the story copied together: some article text is shared, so not furniture
        Reported(k("c"), k("d"), "republication", "unknown", "", 0.5, {k("c"): nav_span(k("c")) + story_at(k("c")), k("d"): nav_span(k("d")) + story_at(k("d"))}),
    ]
    out = furniture_pairs(rep, bodies, lambda key: tokenize(gold[key]).words, {key: f"https://{key[1]}.example/" for key in bodies})
    assert [(f["source"], f["copy"]) for f in out] == [(k("a"), k("b"))]
    assert out[0]["copy_url"] == "https://b.example/" and out[0]["excerpt"].startswith("Front page | Weather")


def test_gold_in_page_tells_a_mislabelled_page() -> None:
    """A page whose gold text belongs to another article cannot judge what was copied from it."""
    from pipeline.evaluate.detect_eval import gold_in_page
    from pipeline.normalise.matchtext import tokenize

    story = " ".join(WORDS)
    grams = lambda t: {tuple(w[i : i + 8]) for w in [tokenize(t).words] for i in range(len(w) - 7)}  # noqa: E731
    page = f"<html><body><div class='nav'>Home | News</div><p>{story}</p></body></html>"
    assert gold_in_page(grams(story), page)
    other = "a fire destroyed the old mill on the river bank late on saturday night and nobody was hurt"
    assert not gold_in_page(grams(other), page)
    assert gold_in_page(set(), page)  # no gold text: nothing to say


def test_publisher_halves_keep_sister_sites_on_one_side() -> None:
    """Domains whose pages print the same non-article text are one publisher: whatever the hash
    of each domain, they fall in one half; a block many domains print joins nothing."""
    from pipeline.evaluate.detect_eval import FAMILY_MAX_DOMAINS, publisher_halves
    from pipeline.normalise.matchtext import tokenize

    footer = "this newspaper is printed at the valley press hall and delivered to newsagents before dawn"
    stories = {i: f"story number {i} about the harbour ferry council budget school bridge market storm {i}" for i in range(40)}
    urls = {i: f"https://www.site{i}.example/news/{i}" for i in stories}
    gold = lambda k: tokenize(stories[k]).words  # noqa: E731
    alone = publisher_halves(urls, dict(stories), gold)
    assert set(alone.values()) == {"tune", "heldout"}  # 40 domains on their own land on both sides
    sisters = {0, 1, 2, 3, 4, 5}
    assert len({alone[k] for k in sisters}) == 2  # by their own domains they would be split
    bodies = {k: f"{v}\n{footer}" if k in sisters else v for k, v in stories.items()}
    halves = publisher_halves(urls, bodies, gold)
    assert len({halves[k] for k in sisters}) == 1
    assert all(halves[k] == alone[k] for k in stories if k not in sisters)
    widely = {k: f"{v}\n{footer}" if k < FAMILY_MAX_DOMAINS + 1 else v for k, v in stories.items()}
    assert publisher_halves(urls, widely, gold) == alone
