"""The crawl job on the fixture news web: every sample article once, every fault logged with its
reason, a second run answered by 304s, and the `synd crawl` command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import func, select

from pipeline import jobs
from pipeline.config import ConfigError, Settings, load_settings
from pipeline.sources.outlets import load_outlets
from pipeline.warehouse.schema import articles, fetches
from tests.conftest import ROOT
from tests.newsweb import FAULT_HOST, NewsWeb

TRUTH_URLS = {p["source"] for p in yaml.safe_load((ROOT / "samples" / "truth.yaml").read_text())["pairs"]}


@pytest.fixture(scope="module")
def web() -> Iterator[NewsWeb]:
    with NewsWeb().serving() as w:
        yield w


def crawl_config(web: NewsWeb, work: Path, warehouse_url: str) -> dict[str, Any]:
    return {
        "warehouse": {"url": warehouse_url},
        "raw_store": {"kind": "local", "path": str(work / "raw")},
        "outlets_file": str(web.write_outlets(work / "outlets.yaml")),
        "crawl": web.crawl_settings(),
    }


@pytest.fixture(scope="module")
def crawled(web: NewsWeb, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("crawl")
    settings = load_settings(None, overrides=crawl_config(web, work, f"sqlite:///{work / 'w.db'}"), environ={})
    first = jobs.crawl(settings)
    hits_after_first = dict(web.hits)
    raw_files = sorted((work / "raw").rglob("*.body"))
    ingest1 = jobs.ingest_crawled(settings)
    second = jobs.crawl(settings)
    ingest2 = jobs.ingest_crawled(settings)
    return {"settings": settings, "first": first, "second": second, "hits": hits_after_first, "raw_files": raw_files,
            "raw_after": sorted((work / "raw").rglob("*.body")), "ingest1": ingest1, "ingest2": ingest2}


def _rows(settings: Settings, run_id: int) -> list[Any]:
    engine = jobs.warehouse(settings)
    with engine.connect() as conn:
        return list(conn.execute(select(fetches).where(fetches.c.run_id == run_id)).all())


def test_every_sample_article_fetched_once_under_its_canonical_url(crawled: dict[str, Any], web: NewsWeb) -> None:
    rows = _rows(crawled["settings"], crawled["first"]["run_id"])
    pages = [r for r in rows if r.kind == "page" and r.raw_key]
    sample_urls = {f"https://{h}{p}" for h, p in web.pages}
    assert {r.canonical_url for r in pages} >= sample_urls >= TRUTH_URLS
    assert len(pages) == len(sample_urls) + 1  # + the wrong-charset page, which has no canonical link
    for host, path in web.pages:  # the utm_/#fragment duplicates in the feeds were never requested
        assert crawled["hits"][(host, path)] == 1, path
    assert crawled["first"]["fetched"] == len(pages)
    assert all(r.status == 200 and r.bytes and r.elapsed_ms is not None for r in pages)
    assert all(r.etag and r.last_modified for r in pages if r.canonical_url in sample_urls)


def test_every_fault_is_logged_with_its_reason(crawled: dict[str, Any]) -> None:
    rows = {r.url.split(":", 2)[2].split("/", 1)[1]: r for r in _rows(crawled["settings"], crawled["first"]["run_id"])
            if r.kind == "page" and r.url.startswith(f"http://{FAULT_HOST}")}
    assert "robots.txt" in rows["private/leaked-draft/"].error
    assert crawled["hits"].get((FAULT_HOST, "/private/leaked-draft/"), 0) == 0
    assert rows["slow/"].error.startswith("read timeout") and rows["slow/"].attempts == 2
    assert rows["broken/"].error.startswith("HTTP 500") and rows["broken/"].status == 500
    assert rows["loop/a/"].error.startswith("redirect loop")
    assert "max_body_bytes" in rows["huge/"].error and rows["huge/"].raw_key is None
    assert rows["charset/"].error is None and rows["charset/"].encoding not in (None, "utf-8")
    assert crawled["first"]["failed"] == 5
    # every failed row says why; every successful row has no error
    for r in _rows(crawled["settings"], crawled["first"]["run_id"]):
        assert r.error is not None or r.status in (200, 304), r
        assert r.status in (200, 304) or r.error, r


def test_second_run_is_conditional_and_changes_nothing(crawled: dict[str, Any]) -> None:
    second = crawled["second"]
    assert second["fetched"] == 0 and second["not_modified"] == crawled["first"]["fetched"]
    assert crawled["raw_after"] == crawled["raw_files"]
    assert crawled["ingest1"].new == crawled["first"]["fetched"] and crawled["ingest1"].rejected == 0
    assert crawled["ingest2"].seen == 0, crawled["ingest2"]
    with jobs.warehouse(crawled["settings"]).connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == crawled["first"]["fetched"]
        body = conn.execute(select(articles.c.body).where(articles.c.url.like("%/charset/"))).scalar()
    assert "Crème Brûlée" in body


def test_outlets_file_errors_name_outlet_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "o.yaml"
    bad.write_text(yaml.safe_dump({"outlets": [{"name": "Good", "domains": ["a.example"]},
                                               {"name": "Broken Post", "feeds": ["ftp://x/feed"]}]}))
    with pytest.raises(ConfigError, match=r"outlet 'Broken Post', field 'feeds'.*not an absolute http"):
        load_outlets(bad)
    bad.write_text(yaml.safe_dump({"outlets": [{"name": "Slow", "rate": 0}]}))
    with pytest.raises(ConfigError, match=r"outlet 'Slow', field 'rate'"):
        load_outlets(bad)
    bad.write_text(yaml.safe_dump({"outlets": [{"name": "Tz", "timezone": "Mars/Olympus"}]}))
    with pytest.raises(ConfigError, match=r"outlet 'Tz', field 'timezone'.*IANA"):
        load_outlets(bad)
    bad.write_text(yaml.safe_dump({"outlets": [{"name": "X", "rss": ["https://x/"]}]}))
    with pytest.raises(ConfigError, match=r"outlet 'X', field 'rss'"):
        load_outlets(bad)
    assert len(load_outlets(ROOT / "config" / "outlets.yaml")) >= 0  # the packaged file validates


def test_synd_crawl_command(web: NewsWeb, tmp_path: Path) -> None:
    cfg = tmp_path / "synd.yaml"
    cfg.write_text(yaml.safe_dump(crawl_config(web, tmp_path, f"sqlite:///{tmp_path / 'w.db'}")))
    env = {**os.environ, "SYND_CONFIG": str(cfg), "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    res = subprocess.run([sys.executable, "-m", "pipeline.cli", "crawl", "--outlet", "Portvale Evening Star"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "Portvale Evening Star" in res.stdout and "ingest:" in res.stderr
    n = len(web.article_paths("www.portvalestar.example"))
    assert f"{n} new" in res.stderr
    bad = subprocess.run([sys.executable, "-m", "pipeline.cli", "crawl", "--outlet", "Nobody"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "unknown outlet" in bad.stderr and "Portvale Evening Star" in bad.stderr


def test_a_down_outlet_is_reported_as_down_not_as_an_empty_success(web: NewsWeb, tmp_path: Path) -> None:
    """robots.txt unreachable (5xx) or the host refusing connections: nothing of the outlet can be
    fetched. jobs.crawl says so per outlet (the DAG fails that task on it) and counts the failed
    listings, so `synd crawl` exits 2 (the one table: some fetches failed); an outlet that answered stays up though some fetches failed."""
    from tests.newsweb import down_outlets, failing_site

    with failing_site() as failing:
        cfg = crawl_config(web, tmp_path, f"sqlite:///{tmp_path / 'w.db'}")
        outlets = yaml.safe_load(Path(cfg["outlets_file"]).read_text())["outlets"]
        courier = next(o for o in outlets if o["domains"] == [FAULT_HOST])  # has failing pages, but answers
        Path(cfg["outlets_file"]).write_text(yaml.safe_dump({"outlets": [courier, *down_outlets(failing)]}))
        settings = load_settings(None, overrides=cfg, environ={})
        result = jobs.crawl(settings)
        assert set(result["down"]) == {"Failing Times", "Gone Gazette"}
        assert "robots.txt" in result["down"]["Failing Times"] and "unreachable" in result["down"]["Failing Times"]
        assert "feed http://127.0.0.1:" in result["down"]["Gone Gazette"]
        assert result["outlets"]["Failing Times"]["failed"] >= 1 and result["outlets"]["Gone Gazette"]["failed"] >= 1
        assert result["outlets"][courier["name"]]["down"] is None and result["outlets"][courier["name"]]["failed"] == 5

        cfg_file = tmp_path / "synd.yaml"
        cfg_file.write_text(yaml.safe_dump(cfg))
        env = {**os.environ, "SYND_CONFIG": str(cfg_file), "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
        res = subprocess.run([sys.executable, "-m", "pipeline.cli", "crawl", "--outlet", "Failing Times", "--no-ingest"],
                             env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 2, (res.stdout, res.stderr)  # fetches failed: the one table's 2
