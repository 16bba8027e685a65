"""Sister sites of one publisher share their template (nav rows, rights lines, reader-service
pitches) and nothing else: detection must not report them, on a warehouse that has seen only one
article of each, and a real copy between them is reported without its furniture counted as copied.
Texts are written for these tests (fictional publisher, outlets and people)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from pipeline import jobs
from pipeline.config import DetectSettings
from pipeline.detect.compare import compare
from pipeline.detect.passages import passage_rows
from pipeline.detect.template import line_is_furniture
from pipeline.normalise.article import RawRecord
from pipeline.warehouse.schema import passages, syndications
from tests.test_detect_cases import OWN, STORY, copied_text, doc

CFG = DetectSettings()
NAV = "Home | News | Sport | Weather | What's on | Jobs | Property | Motors | Contact us | Advertise with us"
RIGHTS = (
    "2026 owned by or licensed to Lowland Media Group Ltd. {site}\u2122 is a trade mark of Lowland Media Group Ltd. "
    "Please read our Terms and Conditions and Privacy Statement before using this site."
)
PITCH = "Want to submit a story? If you have any news tips you would like our reporters to follow up, e-mail newsdesk@lowland.example"
OTHER = [
    "A new bakery opened on Mill Street on Saturday, the first business on the street since the floods two winters ago.",
    "Its owner, Tomas Verde, said he had saved for nine years and borrowed the rest from his brother and two neighbours.",
    "Queues stretched past the bus stop by eight in the morning and the shop had sold out of rye loaves before noon.",
]


def template(site: str) -> tuple[list[str], list[str]]:
    return [NAV], [PITCH, RIGHTS.format(site=site)]


def page(site: str, paragraphs: list[str], hours: float = 0.0):  # type: ignore[no-untyped-def]
    head, tail = template(site)
    return doc([*head, *paragraphs, *tail], outlet=site, hours=hours)


def test_furniture_lines_by_form() -> None:
    for line in (NAV, "| Most read | Comments |", "NEWS \\| SPORT \\| LETTERS", "SEE ALSO OUR OTHER SITES",
                 RIGHTS.format(site="Dale Gazette"), PITCH, "Print this article | E-mail to a friend", "https://www.example.org/feed/123"):
        assert line_is_furniture(line), line
    for line in STORY + OWN + OTHER:
        assert not line_is_furniture(line), line


def test_sister_sites_sharing_only_their_template_are_not_a_pair() -> None:
    a = page("Dale Gazette", STORY[:3])
    b = page("Fell Courier", OTHER, hours=2)
    assert compare(a, b, CFG) is None


def test_a_copy_between_sister_sites_is_reported_without_its_furniture() -> None:
    a = page("Dale Gazette", STORY)
    b = page("Fell Courier", [OWN[0], *STORY[:3]], hours=2)
    r = compare(a, b, CFG)
    assert r is not None and r.relation == "republication"
    text = copied_text(r)
    assert STORY[0][:60] in text
    for furniture in ("Weather", "trade mark", "news tips"):
        assert furniture not in text
    rows = passage_rows(r)
    boiler = " ".join(row["text"] for row in rows if row["kind"] == "boilerplate")
    added = " ".join(row["text"] for row in rows if row["kind"] == "added")
    assert "trade mark" in boiler and "Contact us" in boiler and "news tips" in boiler
    assert OWN[0] in added and "trade mark" not in added


def _rec(site: str, i: int, paragraphs: list[str], when: datetime) -> RawRecord:
    head, tail = template(site.split(".")[0].title())
    return RawRecord("test", f"{site}:{i}", url=f"https://www.{site}/news/{i}", published=when.isoformat(),
                     title=f"Story {i}", text="\n\n".join([*head, *paragraphs, *tail]))


def test_detect_on_a_warehouse_that_has_seen_one_article_per_sister_site(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url)
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    engine = jobs.warehouse(settings)
    jobs.ingest_records(engine, [_rec("dalegazette.example", 1, STORY, t0), _rec("fellcourier.example", 2, OTHER, t0 + timedelta(hours=1))], settings)
    jobs.detect(settings)
    with engine.connect() as conn:
        assert conn.execute(select(syndications)).all() == []
    jobs.ingest_records(engine, [_rec("moorpost.example", 3, [OWN[1], *STORY[:3]], t0 + timedelta(hours=2))], settings)
    jobs.detect(settings)
    with engine.connect() as conn:
        rows = conn.execute(select(syndications)).all()
        assert len(rows) == 1
        copied = " ".join(p.text for p in conn.execute(select(passages).where(passages.c.kind == "copied")))
    assert STORY[1][:40] in copied and "trade mark" not in copied and "Sport" not in copied


PROMO = (
    "Our reporters sit through every parish council meeting in the valley, and our photographers turn up "
    "at every school fete and county show, because local news matters to the people who live here."
)


def own_story(i: int) -> list[str]:
    """An article's own text: words no other article holds."""
    words = ["harbour", "ferry", "council", "budget", "school", "bridge", "market", "storm", "mayor", "river"]
    return [" ".join(f"{words[(i + k) % 10]}{i}x{p}y{k}" for k in range(60)) + "." for p in range(3)]


def test_a_prose_block_several_sites_print_is_template_not_syndication(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    """The block reads like prose (no furniture form), but three sites print it beside stories
    that share nothing else: co-occurrence calls it template. A real copy still counts."""
    settings = settings_for(sqlite_url)
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    engine = jobs.warehouse(settings)

    def rec(site: str, i: int, paragraphs: list[str], hours: float) -> RawRecord:
        return RawRecord("test", f"{site}:{i}", url=f"https://www.{site}/news/{i}", published=(t0 + timedelta(hours=hours)).isoformat(),
                         title=f"Story {i}", text="\n\n".join([*paragraphs, PROMO]))

    jobs.ingest_records(engine, [rec("dalegazette.example", 1, STORY + own_story(1), 0), rec("fellcourier.example", 2, own_story(2), 1),
                                 rec("moorpost.example", 3, own_story(3), 2)], settings)
    jobs.detect(settings)
    with engine.connect() as conn:
        assert conn.execute(select(syndications)).all() == []
    jobs.ingest_records(engine, [rec("becknews.example", 4, [OWN[2], *STORY], 3)], settings)
    jobs.detect(settings)
    with engine.connect() as conn:
        assert len(conn.execute(select(syndications)).all()) == 1


def test_a_wire_story_three_sites_carry_inside_long_pages_stays_a_pair(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    """Co-occurrence must not eat wire copy: every paragraph of a story three sites carry is
    'printed by three sites', and inside long pages it is under a fifth of each; it is longer
    than any footer, so the carriers stay pairs."""
    settings = settings_for(sqlite_url)
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    engine = jobs.warehouse(settings)

    def rec(site: str, i: int) -> RawRecord:
        own = [p for k in range(5) for p in own_story(10 * i + k)]
        return RawRecord("test", f"{site}:{i}", url=f"https://www.{site}/news/{i}", published=(t0 + timedelta(hours=i)).isoformat(),
                         title=f"Story {i}", text="\n\n".join([*own[:6], *STORY, *own[6:]]))

    jobs.ingest_records(engine, [rec("dalegazette.example", 1), rec("fellcourier.example", 2), rec("moorpost.example", 3)], settings)
    jobs.detect(settings)
    with engine.connect() as conn:
        assert len(conn.execute(select(syndications)).all()) >= 2
