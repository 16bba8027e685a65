"""Learned boilerplate: per-outlet template within a time window, global banalities, universal fragments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
