"""Publisher groups: a page known only by its URL belongs to its registrable domain, and
outlets of one owner (outlets.yaml groups:) share text without it counting as copying across
owners. Fixtures are written here; the sites are fictional names under real public suffixes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import aliased

from pipeline import jobs
from pipeline.config import ConfigError, NormaliseSettings
from pipeline.normalise.article import OutletProfile, RawRecord, normalise_record, outlet_for, site_of
from pipeline.sources.outlets import load_groups
from pipeline.warehouse.schema import articles, syndications

STORY = [
    "The county council approved a plan on Tuesday to reopen the old branch railway between Millbrook "
    "and Ashcombe, ending a campaign by residents that began when the line closed thirty years ago.",
    "Engineers said the track bed was mostly intact but that four bridges would need to be rebuilt, and "
    "the council set aside eleven million pounds for the work over the next three financial years.",
    "Passenger services should start in the spring of next year, with a train every hour on weekdays and "
    "every two hours at weekends, according to the timetable published alongside the decision.",
]
OWN = [
    "A new bakery opened on the high street at the weekend, and the queue for its sourdough loaves "
    "stretched past the post office before the doors had even opened on Saturday morning.",
    "The owners said they had moved from the coast to be nearer family, and that they planned to "
    "bake rye and spelt breads as well once the second oven arrives from the supplier next month.",
]


def _rec(url: str, day: int, paragraphs: list[str], outlet: str | None = None) -> dict[str, str]:
    published = (datetime(2026, 5, 4, 8, tzinfo=UTC) + timedelta(hours=day)).isoformat()
    r = {"url": url, "published": published, "title": url.rsplit("/", 1)[-1], "text": "\n\n".join(paragraphs)}
    if outlet:
        r["outlet"] = outlet
    return r


def _write(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_subdomains_of_one_registrable_domain_are_one_outlet() -> None:
    assert outlet_for("https://sport.millbrookpress.co.uk/a") == "millbrookpress.co.uk"
    assert outlet_for("https://www.millbrookpress.co.uk/b") == "millbrookpress.co.uk"
    assert outlet_for("http://news.ashcombe-gazette.com.au/c") == "ashcombe-gazette.com.au"
    assert outlet_for("https://alice.blogspot.com/p") != outlet_for("https://bob.blogspot.com/p")  # private suffixes too
    # no registrable domain: the host itself
    assert outlet_for("http://127.0.0.1:8080/x") == "127.0.0.1"
    assert outlet_for("http://localhost/x") == "localhost"
    assert outlet_for("https://news.courier.invalid/x") == "news.courier.invalid"
    assert site_of("[::1]") == "[::1]"
    # a Wayback Machine copy belongs to the site it archived
    assert outlet_for("https://web.archive.org/web/20080101000000/http://sport.millbrookpress.co.uk/a") == "millbrookpress.co.uk"
    # configured outlets keep their name, on their subdomains too; a name the record gives wins
    profile = OutletProfile(name="Millbrook Press")
    assert outlet_for("https://sport.millbrookpress.co.uk/a", profile=profile) == "Millbrook Press"
    assert outlet_for("https://sport.millbrookpress.co.uk/a", outlet_for_host={"millbrookpress.co.uk": "Millbrook Press"}) == "Millbrook Press"
    assert outlet_for("https://sport.millbrookpress.co.uk/a", "Given Name") == "Given Name"


def test_normalise_gives_the_registrable_domain_and_configured_names() -> None:
    text_ = "\n\n".join(STORY)
    art = normalise_record(RawRecord("t", "t:1", url="https://football.millbrookpress.co.uk/x", text=text_), NormaliseSettings())
    assert art.outlet == "millbrookpress.co.uk"
    profiles = {"millbrookpress.co.uk": OutletProfile(name="Millbrook Press", locale="en_GB")}
    art = normalise_record(RawRecord("t", "t:2", url="https://football.millbrookpress.co.uk/x", text=text_,
                                     published="04/05/2026"), NormaliseSettings(), profiles=profiles)
    assert art.outlet == "Millbrook Press"
    assert art.published is not None and art.published.month == 5  # the outlet's en_GB locale reached the subdomain


def test_hosting_platforms_keep_each_publisher_apart(tmp_path: Path, settings_for, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    from pipeline.sources.outlets import outlet_hosts

    p = _groups_file(tmp_path, """
platforms: [blogfarm.com]              # every subdomain a separate publisher
outlets:
  - {name: Alice Writes, domains: [alice.blogfarm.com]}
groups:
  Two Blogs: [Alice Writes, news.bob.blogfarm.com]
""")
    hosts = outlet_hosts(settings_for(sqlite_url, outlets_file=str(p)))
    assert outlet_for("https://www.bob.blogfarm.com/post", outlet_for_host=hosts) == "bob.blogfarm.com"
    assert outlet_for("https://news.bob.blogfarm.com/post", outlet_for_host=hosts) == "bob.blogfarm.com"
    assert outlet_for("https://alice.blogfarm.com/post", outlet_for_host=hosts) == "Alice Writes"
    assert outlet_for("https://blogfarm.com/about", outlet_for_host=hosts) == "blogfarm.com"
    assert outlet_for("https://bob.otherfarm.com/post", outlet_for_host=hosts) == "otherfarm.com"
    assert load_groups(p) == {"Alice Writes": "Two Blogs", "bob.blogfarm.com": "Two Blogs"}
    with pytest.raises(ConfigError, match="'platforms' must be a list of bare domains"):
        load_groups(_groups_file(tmp_path, "platforms: blogfarm.com\n"))


def _groups_file(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "outlets.yaml"
    p.write_text(body, encoding="utf-8")
    return p


def test_groups_from_yaml(tmp_path: Path) -> None:
    p = _groups_file(tmp_path, """
outlets:
  - name: Millbrook Press
    domains: [www.millbrookpress.co.uk]
  - name: Valley Wire Service
groups:
  Northgate Media:
    - Millbrook Press
    - sport.ashcombe-gazette.co.uk     # a domain stands for the outlet its pages get
    - news.millbrookpress.co.uk        # ... here the configured outlet owning it
  Dale Holdings: [Valley Wire Service, dalepost.com]
""")
    assert load_groups(p) == {
        "Millbrook Press": "Northgate Media",
        "ashcombe-gazette.co.uk": "Northgate Media",
        "Valley Wire Service": "Dale Holdings",
        "dalepost.com": "Dale Holdings",
    }
    assert load_groups(tmp_path / "missing.yaml") == {}


@pytest.mark.parametrize(("body", "message"), [
    ("groups:\n  Northgate Media: [Millbrok Press]\n", r"'Millbrok Press'.*neither an outlet name.*add it under 'outlets:'"),
    ("groups:\n  A: [dalepost.com]\n  B: [www.dalepost.com]\n", r"'dalepost.com' is in groups 'A' and 'B'.*one group"),
    ("groups:\n  A: dalepost.com\n", r"group 'A' must be a list"),
    ("groups: [dalepost.com]\n", r"'groups' must map a group name"),
    ("grups:\n  A: [dalepost.com]\n", r"unknown top-level key.*grups"),
    ("groups:\n  A: [https://dalepost.com/]\n", r"bare domain"),
])
def test_group_errors_name_the_fix(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_groups(_groups_file(tmp_path, body))


def _pairs(settings) -> list[tuple[str, str, bool, str | None]]:  # type: ignore[no-untyped-def]
    src, cp = aliased(articles), aliased(articles)
    with jobs.warehouse(settings).connect() as conn:
        return sorted(
            (r.so, r.co, bool(r.same_group), r.group_name) for r in conn.execute(
                select(src.c.outlet.label("so"), cp.c.outlet.label("co"), syndications.c.same_group, syndications.c.group_name)
                .join(src, src.c.article_id == syndications.c.source_id)
                .join(cp, cp.c.article_id == syndications.c.copy_id))
        )


def test_cross_subdomain_copy_is_one_outlet_and_a_group_pair_is_recorded(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outlets = _groups_file(tmp_path, "groups:\n  Northgate Media: [millbrookpress.co.uk, ashcombe-gazette.co.uk]\n")
    settings = settings_for(warehouse_url, outlets_file=str(outlets))
    recs = [
        _rec("https://news.millbrookpress.co.uk/rail", 0, STORY),
        _rec("https://sport.millbrookpress.co.uk/rail-again", 1, [*STORY, OWN[0]]),  # another title on the same domain
        _rec("https://www.ashcombe-gazette.co.uk/rail", 2, [OWN[1], *STORY]),  # a sister title of the same owner
        _rec("https://dalepost.com/rail", 3, [*STORY[:2], OWN[0]]),  # another owner
    ]
    jobs.ingest(settings, [_write(tmp_path / "r.jsonl", recs)])
    stats = jobs.detect(settings)
    with jobs.warehouse(settings).connect() as conn:
        outlets_seen = sorted({r[0] for r in conn.execute(select(articles.c.outlet))})
    assert outlets_seen == ["ashcombe-gazette.co.uk", "dalepost.com", "millbrookpress.co.uk"]
    pairs = _pairs(settings)
    assert stats.syndications == len(pairs)
    # news. and sport. are one outlet; their copy is kept as sharing within it, like a sister title's
    internal = [(so, co, g) for so, co, same, g in pairs if same]
    assert set(internal) == {
        ("millbrookpress.co.uk", "millbrookpress.co.uk", "Northgate Media"),
        ("millbrookpress.co.uk", "ashcombe-gazette.co.uk", "Northgate Media"),
    }
    across = [(so, co) for so, co, same, g in pairs if not same and g is None]
    assert ("millbrookpress.co.uk", "dalepost.com") in across
    assert len(internal) + len(across) == len(pairs)

    # the network and the JSON export: cross-owner edges by default, the flag carried through
    from pipeline.report.network import outlet_graph
    from pipeline.warehouse.export import syndication_records

    with jobs.warehouse(settings).connect() as conn:
        default, everything = outlet_graph(conn), outlet_graph(conn, group_internal=True)
        exported = list(syndication_records(conn))
    assert not default.has_edge("millbrookpress.co.uk", "ashcombe-gazette.co.uk")
    assert everything.edges["millbrookpress.co.uk", "ashcombe-gazette.co.uk"]["same_group"] is True
    assert default.has_edge("millbrookpress.co.uk", "dalepost.com")
    assert default.nodes["ashcombe-gazette.co.uk"]["group"] == "Northgate Media" and default.nodes["dalepost.com"]["group"] == ""
    assert sorted((e["same_group"], e["group_name"]) for e in exported) == sorted((same, g) for _, _, same, g in pairs)


def test_titles_of_one_domain_share_within_it_without_groups(warehouse_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Regional titles on one domain copying each other are recorded as sharing within the domain
    (not dropped as one outlet, not counted as copying across owners)."""
    settings = settings_for(warehouse_url)
    recs = [
        _rec("https://harrow.regionalpapers.co.uk/rail", 0, STORY),
        _rec("https://staines.regionalpapers.co.uk/rail", 1, [*STORY, OWN[0]]),
    ]
    jobs.ingest(settings, [_write(tmp_path / "r.jsonl", recs)])
    jobs.detect(settings)
    pairs = _pairs(settings)
    assert pairs == [("regionalpapers.co.uk", "regionalpapers.co.uk", True, "regionalpapers.co.uk")]

    # alerts skip sharing within a group unless a rule asks for it
    from pipeline.alerts.rules import unannounced
    from pipeline.config import AlertRule

    with jobs.warehouse(settings).connect() as conn:
        assert unannounced(conn, AlertRule(name="any", channels=["log"]), "log") == []
        assert len(unannounced(conn, AlertRule(name="any", channels=["log"], group_internal=True), "log")) == 1


def test_migration_0006_adds_the_group_columns_to_existing_syndications(warehouse_url: str) -> None:
    """A warehouse at 0005 with a syndication upgrades to same_group false, and downgrades back
    without touching its passages."""
    from alembic import command

    from pipeline.warehouse import db
    from pipeline.warehouse.views import create_views

    engine = db.engine_for(warehouse_url)
    db.migrate(engine)
    create_views(engine)  # the views read same_group: the downgrade must not trip over them
    with engine.begin() as conn:
        cfg = db.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
    with engine.begin() as conn:
        for a in (1, 2):
            conn.execute(text("INSERT INTO articles (article_id, url, outlet, body, body_hash, origin, ingested_at) "
                              "VALUES (:a, :u, :o, 'b', 'h', 't', CURRENT_TIMESTAMP)"), {"a": a, "u": f"https://o{a}.example/", "o": f"o{a}"})
        conn.execute(text("INSERT INTO syndications (syndication_id, source_id, copy_id, relation, direction, confidence, attributed,"
                          " copied_chars, copied_fraction, source_coverage, added_chars, removed_chars, algo_version, detected_at)"
                          " VALUES (1, 1, 2, 'republication', 'known', 1.0, false, 1, 1.0, 1.0, 0, 0, 'x', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO passages (syndication_id, kind, seq, copy_start, copy_end, text) VALUES (1, 'copied', 0, 0, 1, 'b')"))
    db.migrate(engine)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT same_group, group_name FROM syndications")).one() == (False, None)
        cfg = db.alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
        assert conn.execute(text("SELECT COUNT(*) FROM passages")).scalar_one() == 1
    db.migrate(engine)


def test_cli_names_the_fix_and_draws_group_sharing_on_request(sqlite_url: str, settings_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from pipeline.cli import app

    outlets = _groups_file(tmp_path, "groups:\n  Northgate Media: [millbrookpress.co.uk, ashcombe-gazette.co.uk]\n")
    env = {"SYND__RAW_STORE__PATH": str(tmp_path / "raw"), "SYND__OUTLETS_FILE": str(outlets)}
    data = _write(tmp_path / "r.jsonl", [_rec("https://news.millbrookpress.co.uk/rail", 0, STORY),
                                         _rec("https://www.ashcombe-gazette.co.uk/rail", 2, [OWN[1], *STORY])])
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(data), "--warehouse", sqlite_url], env=env).exit_code == 0
    outlets.write_text("groups:\n  Northgate Media: [Millbrook Pres]\n", encoding="utf-8")
    res = runner.invoke(app, ["detect", "--warehouse", sqlite_url], env=env)
    assert res.exit_code == 3 and "Millbrook Pres" in res.output and "outlets:" in res.output, res.output
    outlets.write_text("groups:\n  Northgate Media: [millbrookpress.co.uk, ashcombe-gazette.co.uk]\n", encoding="utf-8")
    assert runner.invoke(app, ["detect", "--warehouse", sqlite_url], env=env).exit_code == 0
    for flags, edges in (([], 0), (["--group-internal"], 1)):
        res = runner.invoke(app, ["network", "--out", str(tmp_path / "n.gexf"), "--warehouse", sqlite_url, *flags], env=env)
        assert res.exit_code == 0 and f"{edges} copy edges" in res.output, res.output
