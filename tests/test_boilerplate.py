"""Learned boilerplate: per-outlet template within a time window, global banalities, universal fragments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from pipeline import jobs
from pipeline.detect.detector import load_docs
from pipeline.normalise.article import RawRecord

# an outlet's own line that no furniture phrase names (a mail prompt, "Get ... delivered to your
# inbox", is furniture at ingest): only the template rule can learn it
PITCH = "The Harbour Courier morning briefing goes out at six every weekday, and it costs nothing."
BANAL = "The company did not respond to a request for comment."
START = datetime(2026, 3, 1, 8, tzinfo=UTC)


def story(i: int) -> str:
    words = ["harbour", "ferry", "council", "budget", "school", "bridge", "market", "storm", "mayor", "river"]
    return " ".join(f"{words[(i + k) % 10]}{i}x{k}" for k in range(40)) + "."


def rec(outlet: str, i: int, extra: list[str], when: datetime) -> RawRecord:
    paras = [story(i), *extra, story(i + 100)]
    return RawRecord("test", f"{outlet}:{i}", url=f"https://{outlet}.example/{i}", outlet=outlet,
                     published=when.isoformat(), text="\n\n".join(paras))


def flags_by_text(settings, url_sub: str) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        from sqlalchemy import select

        from pipeline.warehouse.schema import articles

        ids = [r.article_id for r in conn.execute(select(articles.c.article_id).where(articles.c.url.contains(url_sub)))]
        docs = load_docs(conn, ids, settings.detect)
    doc = docs[ids[0]]
    return {doc.body[s:e]: b for (s, e), b in zip(doc.paragraphs, doc.boilerplate, strict=True)}


def test_outlet_template_within_the_window(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url)
    recs = [rec("courier", i, [PITCH], START + timedelta(days=i)) for i in range(3)]
    recs.append(rec("courier", 50, [PITCH], START + timedelta(days=400)))  # a year later: outside the window
    recs.append(rec("courier", 60, ["This material may not be published, broadcast, rewritten or redistributed."], START))
    jobs.ingest_records(jobs.warehouse(settings), recs, settings)
    flags = flags_by_text(settings, "courier.example/1")
    assert flags[PITCH] is True
    assert flags[story(1)] is False
    assert flags_by_text(settings, "courier.example/50")[PITCH] is False  # alone in its window
    # a rights notice is furniture on any site: ingest already keeps it out of the body
    assert "This material may not be published, broadcast, rewritten or redistributed." not in flags_by_text(settings, "courier.example/60")


def test_global_banality_needs_many_outlets(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url)
    outlets = ["alpha", "bravo", "charlie", "delta", "echo"]
    recs = [rec(o, 200 + n, [BANAL], START) for n, o in enumerate(outlets)]
    jobs.ingest_records(jobs.warehouse(settings), recs, settings)
    assert flags_by_text(settings, "alpha.example")[BANAL] is True
    fewer = settings.model_copy(update={"detect": settings.detect.model_copy(update={"boilerplate_global_min_outlets": 6})})
    assert flags_by_text(fewer, "alpha.example")[BANAL] is False


def test_template_shared_by_the_hosts_of_one_site_family(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(sqlite_url)
    footer = "Regional News Network papers: read the latest from your local paper, sport, weather and what's on."
    hosts = ["coventry.regionalnews.co.uk", "harrow.regionalnews.co.uk", "staines.regionalnews.co.uk"]
    recs = [RawRecord("test", f"{h}:{n}", url=f"https://{h}/{300 + n}", outlet=h, published=START.isoformat(),
                      text="\n\n".join([story(300 + n), footer])) for n, h in enumerate(hosts)]
    # the same paragraph on two unrelated sites is not their template
    recs += [RawRecord("test", f"other:{n}", url=f"https://paper{n}.example/{n}", outlet=f"paper{n}.example",
                       published=START.isoformat(), text="\n\n".join([story(400 + n), BANAL + " " + story(500)]))
             for n in range(2)]
    jobs.ingest_records(jobs.warehouse(settings), recs, settings)
    flags = flags_by_text(settings, "harrow.regionalnews")
    assert flags[footer] is True  # each host printed it once; the family printed it three times
    assert flags[story(301)] is False
    assert flags_by_text(settings, "paper0.example")[BANAL + " " + story(500)] is False


def _passages(settings) -> set[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    q = text("SELECT s.url, c.url, p.kind, p.text FROM passages p JOIN syndications y ON y.syndication_id = p.syndication_id "
             "JOIN articles s ON s.article_id = y.source_id JOIN articles c ON c.article_id = y.copy_id")
    with jobs.warehouse(settings).connect() as conn:
        return {tuple(r) for r in conn.execute(q)}  # type: ignore[misc]


def test_a_later_arrival_that_makes_a_line_template_remakes_the_earlier_pairs(tmp_path, settings_for) -> None:  # type: ignore[no-untyped-def]
    """Two copies of a wire story print their outlet's pitch line; a third article printing it
    arrives after they were detected and makes it template. Their pairs then call the line
    boilerplate, not text the copier added, as one run over all four articles does."""
    wire = "\n\n".join([story(1), story(2), story(3)])

    def courier(i: int, body: str, hours: int) -> RawRecord:
        return RawRecord("test", f"courier:{i}", url=f"https://courier.example/{i}", outlet="courier",
                         published=(START + timedelta(hours=hours)).isoformat(), text=body + "\n\n" + PITCH)

    first = [RawRecord("test", "wire:1", url="https://wire.example/1", outlet="wire", published=START.isoformat(), text=wire),
             courier(1, wire, 1), courier(2, wire, 2)]
    later = [courier(3, story(9), 3)]
    one, split = settings_for(f"sqlite:///{tmp_path / 'one.db'}"), settings_for(f"sqlite:///{tmp_path / 'split.db'}")
    jobs.ingest_records(jobs.warehouse(one), first + later, one)
    jobs.detect(one)
    for part in (first, later):
        jobs.ingest_records(jobs.warehouse(split), part, split)
        jobs.detect(split)
    want = _passages(one)
    assert {(c, kind) for _, c, kind, t in want if t == PITCH} == {
        ("https://courier.example/1", "boilerplate"), ("https://courier.example/2", "boilerplate")}
    assert _passages(split) == want


def test_furniture_judged_at_ingest_is_what_detect_flags(sqlite_url: str, settings_for) -> None:  # type: ignore[no-untyped-def]
    """Ingest stores each paragraph's furniture judgement (`paragraphs.furniture`); detect's flags
    read it, and judge the text where it is NULL (rows from before migration 0009), alike."""
    from sqlalchemy import update

    from pipeline.normalise.article import Article
    from pipeline.warehouse import store
    from pipeline.warehouse.schema import paragraphs

    settings = settings_for(sqlite_url)
    notice = "Copyright 2026 Harbour News Ltd. All rights reserved."
    body = "\n\n".join([story(700), notice, story(701)])
    art = Article(url="https://courier.example/700", outlet="courier", body=body, origin="test", published=START)
    engine = jobs.warehouse(settings)
    with engine.begin() as conn:
        assert store.upsert_articles(conn, [art], None) == ["new"]
        stored = [r.furniture for r in conn.execute(select(paragraphs.c.furniture).order_by(paragraphs.c.seq))]
    assert stored == [False, True, False]
    judged = flags_by_text(settings, "courier.example/700")
    assert judged == {story(700): False, notice: True, story(701): False}
    with engine.begin() as conn:  # as a warehouse from before migration 0009 holds them
        conn.execute(update(paragraphs).values(furniture=None))
    assert flags_by_text(settings, "courier.example/700") == judged
    with engine.begin() as conn:  # the stored judgement is the one read, not a second look at the text
        conn.execute(update(paragraphs).where(paragraphs.c.seq == 0).values(furniture=True))
    assert flags_by_text(settings, "courier.example/700")[story(700)] is True
