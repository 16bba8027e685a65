"""Feed discovery is linear: a feed of 100,000 entries (half of them repeats, some off-site) is
canonicalised, de-duplicated and capped in one pass. Measured by counting string comparisons,
not by the clock: a list membership test (the old way) makes n²/2 of them."""

from __future__ import annotations

from pipeline.crawl.discover import Found, parse_feed, select_urls
from pipeline.crawl.urls import canonical_url, host_of
from tests.reliability.figures import record_figures
from tests.reliability.helpers import scale


class Counted(str):
    """A URL that counts how often it is compared for equality."""

    eq_calls = 0

    def __eq__(self, other: object) -> bool:
        Counted.eq_calls += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def _feed(n: int) -> bytes:
    items = "".join(
        f"<item><title>t{i}</title><link>https://{'news' if i % 10 else 'elsewhere'}.example/a/{i % (n // 2)}"
        f"{'?utm_source=rss' if i % 3 == 0 else ''}</link></item>" for i in range(n))
    return f'<rss version="2.0"><channel><title>big</title>{items}</channel></rss>'.encode()


def _select(found: list[Found], cap: int, claimed: list[str]) -> tuple[int, int, list[str]]:
    def claim(url: str) -> bool:
        claimed.append(url)
        return True

    picked = select_urls(found, canonical=lambda u: Counted(canonical_url(u)), cap=cap, claim=claim,
                         keep=lambda u: host_of(u) == "news.example")
    return picked.discovered, picked.offsite, picked.todo


def test_discovery_is_linear_in_the_entries() -> None:
    comparisons = {}
    for n in (2_000, 20_000):
        found = [Found(f"https://news.example/a/{i % (n // 2)}") for i in range(n)]
        Counted.eq_calls = 0
        claimed: list[str] = []
        discovered, _, todo = _select(found, 50, claimed)
        assert discovered == n // 2 and len(todo) == 50
        assert claimed == todo, "only URLs that will be fetched are claimed"
        comparisons[n] = Counted.eq_calls
    # one comparison per repeat (a set hit), none per distinct URL: 10x the entries, ~10x the work
    assert comparisons[20_000] <= 10 * comparisons[2_000] + 10, comparisons
    assert comparisons[20_000] <= 20_000, comparisons


def test_a_feed_of_100k_entries_is_discovered_whole_and_capped() -> None:
    n = scale(100_000, 400_000)
    found = parse_feed(_feed(n))
    assert len(found) == n
    Counted.eq_calls = 0
    claimed: list[str] = []
    discovered, offsite, todo = _select(found, 500, claimed)
    ons = {i % (n // 2) for i in range(n) if i % 10}
    assert discovered == len(ons) and offsite == n // 10
    assert todo == [f"https://news.example/a/{i % (n // 2)}" for i in range(n) if i % 10][:500]
    assert len(claimed) == 500 and Counted.eq_calls <= n
    record_figures("discovery_scale", feed_entries_discovered=n)
