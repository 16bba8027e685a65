"""The Airflow DAGs: they parse without errors, and dag.test() runs crawl -> process -> alert end to
end against the fixture news web, with PostgreSQL as the warehouse and an S3 server (moto) as the
raw store. The run finds the planted syndications; running it again changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml
from sqlalchemy import func, select

from pipeline.warehouse import db
from pipeline.warehouse.schema import alert_ledger, articles, fetches, passages, runs, syndications
from tests.alert_receivers import Receiver
from tests.conftest import ROOT
from tests.newsweb import FAULT_HOST, NewsWeb, down_outlets, failing_site

TRUTH = yaml.safe_load((ROOT / "samples" / "truth.yaml").read_text())
BUCKET = "synd-raw-test"


@pytest.fixture(scope="module")
def airflow_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("airflow_home")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "SYND"))}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "dags")]),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
    })
    return env


def _run(env: dict[str, str], *args: str, timeout: int = 300, logs: list[str] | None = None) -> dict[str, Any]:
    res = subprocess.run([sys.executable, str(ROOT / "tests" / "airflow_runner.py"), *args], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=timeout)
    line = next((ln for ln in res.stdout.splitlines() if ln.startswith("RESULT ")), None)
    assert res.returncode == 0 and line, f"exit {res.returncode}\n{res.stdout[-3000:]}\n{res.stderr[-5000:]}"
    if logs is not None:
        logs.append(res.stdout + res.stderr)
    return dict(json.loads(line[len("RESULT "):]))


@pytest.fixture(scope="module")
def migrated_env(airflow_env: dict[str, str]) -> dict[str, str]:
    """airflow_env with its metadata database created (dag.test needs one); retries off, so a failure shows at once."""
    env = {**airflow_env, "SYND_DAG_RETRIES": "0"}
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=env, check=True, capture_output=True,
                   timeout=300)
    return env


def test_dagbag_imports_without_errors(airflow_env: dict[str, str]) -> None:
    bag = _run(airflow_env, "dagbag", str(ROOT / "dags"))
    assert bag["import_errors"] == {}
    dags = bag["dags"]
    assert set(dags) == {"synd_crawl", "synd_process", "synd_alert", "synd_backfill"}
    for dag in dags.values():
        assert "synd" in dag["tags"] and dag["doc_md"] and dag["on_failure_callback"]
        assert all(t["retries"] >= 1 and t["on_failure_callback"] for t in dag["tasks"].values())
    crawl = dags["synd_crawl"]["tasks"]
    assert crawl["crawl_outlet"]["mapped"] and crawl["crawl_outlet"]["pool"] == "synd_crawl"
    assert crawl["finish"]["outlets"] == ["synd_raw_pages"] and crawl["finish"]["trigger_rule"] == "all_done"
    assert dags["synd_process"]["asset_schedule"] == "AssetTriggeredTimetable"
    assert dags["synd_process"]["tasks"]["detect"]["outlets"] == ["synd_new_syndications"]
    assert dags["synd_alert"]["asset_schedule"] == "AssetTriggeredTimetable"
    assert dags["synd_backfill"]["asset_schedule"] == "NullTimetable"  # manual runs only


def test_failure_notifier_posts_to_the_ops_connection(airflow_env: dict[str, str]) -> None:
    hook = Receiver()
    try:
        env = {**airflow_env, "AIRFLOW_CONN_SYND_OPS": json.dumps({"conn_type": "http", "extra": {"webhook_url": hook.url}})}
        _run(env, "notify")
    finally:
        hook.close()
    assert len(hook.hits) == 1
    body = hook.hits[0].body
    assert body["dag_id"] == "synd_crawl" and body["task_id"] == "crawl_outlet" and "RuntimeError: boom" in body["text"]


def test_warehouse_and_raw_store_come_from_airflow_connections_first(airflow_env: dict[str, str]) -> None:
    """Connections synd_warehouse / synd_raw_store win over SYND_* env vars, which still apply without
    them; the URL is built for SQLAlchemy (not get_uri()'s postgres://), special characters quoted."""
    from sqlalchemy.engine import make_url

    env = {**airflow_env, "SYND_WAREHOUSE_URL": "sqlite:////tmp/from-env.db", "SYND__RAW_STORE__PATH": "/tmp/env-raw"}
    plain = _run(env, "settings")
    assert plain["warehouse"] == "sqlite:////tmp/from-env.db" and plain["raw_store"]["path"] == "/tmp/env-raw"
    conns = {
        "AIRFLOW_CONN_SYND_WAREHOUSE": json.dumps({"conn_type": "postgres", "host": "db.internal", "port": 5433,
                                                   "login": "synd@corp", "password": "p/w:d@#%", "schema": "synd",
                                                   "extra": {"sslmode": "require", "cursor": "dictcursor"}}),
        "AIRFLOW_CONN_SYND_RAW_STORE": json.dumps({"conn_type": "aws", "login": "AKIDEXAMPLE", "password": "s3cr3t",
                                                   "extra": {"bucket": "synd-raw", "prefix": "pages/",
                                                             "endpoint_url": "http://minio:9000",
                                                             "region_name": "eu-west-1"}}),
    }
    got = _run({**env, **conns}, "settings")
    url = make_url(got["warehouse"])
    assert url.drivername == "postgresql+psycopg2" and (url.username, url.password) == ("synd@corp", "p/w:d@#%")
    assert (url.host, url.port, url.database, dict(url.query)) == ("db.internal", 5433, "synd", {"sslmode": "require"})
    assert got["raw_store"] == {"kind": "s3", "path": "/tmp/env-raw", "bucket": "synd-raw", "prefix": "pages/",
                                "endpoint_url": "http://minio:9000", "region": "eu-west-1",
                                "access_key_id": "AKIDEXAMPLE", "secret_access_key": "s3cr3t"}
    assert "s3cr3t" not in got["repr"]
    local = _run({**env, "AIRFLOW_CONN_SYND_WAREHOUSE": json.dumps({"conn_type": "sqlite", "host": "/srv/synd.db"}),
                  "AIRFLOW_CONN_SYND_RAW_STORE": json.dumps({"conn_type": "fs", "extra": {"path": "/srv/raw"}})},
                 "settings")
    assert local["warehouse"] == "sqlite:////srv/synd.db" and local["raw_store"]["path"] == "/srv/raw"
    bad = _run({**env, "AIRFLOW_CONN_SYND_WAREHOUSE": "mysql://u:p@h/db"}, "settings")
    assert "synd_warehouse" in bad["error"] and "use type postgres" in bad["error"]


def test_a_down_outlet_fails_its_task_and_the_run_and_notifies(migrated_env: dict[str, str], tmp_path: Path) -> None:
    """A real crawl with dag.test(): one outlet answers (with some failing pages), one answers 503 to
    everything (robots.txt unreachable), one refuses connections. The two down outlets' tasks fail
    with the reason in the log, the notifier posts it, the run fails; the pages of the outlet that
    answered are still published (finish runs)."""
    hook = Receiver()
    with NewsWeb().serving() as web, failing_site() as failing:
        courier = next(o for o in web.outlets() if o["domains"] == [FAULT_HOST])
        (tmp_path / "outlets.yaml").write_text(yaml.safe_dump({"outlets": [courier, *down_outlets(failing)]}))
        cfg = {"warehouse": {"url": f"sqlite:///{tmp_path / 'w.db'}"},
               "raw_store": {"kind": "local", "path": str(tmp_path / "raw")},
               "outlets_file": str(tmp_path / "outlets.yaml"), "crawl": web.crawl_settings()}
        (tmp_path / "synd.yaml").write_text(yaml.safe_dump(cfg))
        env = {**migrated_env, "SYND_CONFIG": str(tmp_path / "synd.yaml"),
               "AIRFLOW_CONN_SYND_OPS": json.dumps({"conn_type": "http", "extra": {"webhook_url": hook.url}})}
        logs: list[str] = []
        run = _run(env, "run", "synd_crawl", logs=logs)
    hook.close()
    tasks = run["tasks"]
    assert run["state"] == "failed", run
    assert sorted(v for k, v in tasks.items() if k.startswith("crawl_outlet[")) == ["failed", "failed", "success"], tasks
    assert tasks["finish"] == "success" and tasks["all_outlets_answered"] == "upstream_failed", tasks
    assert "outlet 'Failing Times' is down" in logs[0] and "robots.txt" in logs[0] and "unreachable" in logs[0]
    assert "outlet 'Gone Gazette' is down" in logs[0]
    notices = [h.body["text"] for h in hook.hits]
    assert any("Failing Times" in t and "robots.txt" in t for t in notices), notices
    assert any("Gone Gazette" in t for t in notices), notices
    with db.connect(cfg["warehouse"]["url"]).connect() as conn:
        fetched = conn.execute(select(func.count()).select_from(fetches).where(
            fetches.c.kind == "page", fetches.c.raw_key.is_not(None))).scalar()
    assert fetched and fetched > 0


def _backfill_corpus(path: Path) -> Path:
    """Four articles written for this test: a wire story, an uncredited copy of most of it by another
    outlet, an unrelated story (all March 2026), and one from 2025 that the date range leaves out."""
    from tests.research_corpus import COMMENT, SCHOOL, WIRE

    rows = [
        {"url": "https://coastpost.example/rail", "outlet": "Coast Post", "published": "2026-03-03T08:00:00Z",
         "title": "Nordline cuts evening trains", "text": "\n\n".join(WIRE)},
        {"url": "https://saltmere-echo.example/rail-cuts", "outlet": "Saltmere Echo", "published": "2026-03-03T12:00:00Z",
         "title": "Evening trains to go", "text": "\n\n".join(WIRE[:3] + COMMENT)},
        {"url": "https://brightwater.example/lunch", "outlet": "Brightwater Times", "published": "2026-03-04T09:00:00Z",
         "title": "Longer lunch break", "text": "\n\n".join(SCHOOL)},
        {"url": "https://brightwater.example/old-lunch", "outlet": "Brightwater Times",
         "published": "2025-06-01T09:00:00Z", "title": "Lunch break debate", "text": "\n\n".join(SCHOOL[::-1])},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


BACKFILL_RANGE = {"since": "2026-03-01", "until": "2026-04-01"}


def _warehouse_pairs(url: str) -> tuple[set[str], set[tuple[str, str]]]:
    with db.connect(url).connect() as conn:
        urls = {r[0] for r in conn.execute(select(articles.c.url))}
        a, b = articles.alias("a"), articles.alias("b")
        pairs = {(r[0], r[1]) for r in conn.execute(
            select(a.c.url, b.c.url).select_from(syndications).join(a, a.c.article_id == syndications.c.source_id)
            .join(b, b.c.article_id == syndications.c.copy_id))}
    return urls, pairs


def test_backfill_dag_imports_paths_within_the_date_range(migrated_env: dict[str, str], tmp_path: Path) -> None:
    corpus = _backfill_corpus(tmp_path / "corpus.jsonl")
    url = f"sqlite:///{tmp_path / 'w.db'}"
    env = {**migrated_env, "SYND_WAREHOUSE_URL": url, "SYND__RAW_STORE__PATH": str(tmp_path / "raw"),
           "SYND__INGEST__WORKERS": "1"}
    run = _run(env, "run", "synd_backfill", json.dumps({"paths": [str(corpus)], **BACKFILL_RANGE}))
    assert run["state"] == "success" and run["tasks"] == {"ingest": "success", "detect": "success"}, run
    urls, pairs = _warehouse_pairs(url)
    assert urls == {"https://coastpost.example/rail", "https://saltmere-echo.example/rail-cuts",
                    "https://brightwater.example/lunch"}  # the 2025 article is out of range
    assert pairs == {("https://coastpost.example/rail", "https://saltmere-echo.example/rail-cuts")}
    with db.connect(url).connect() as conn:
        counts = conn.execute(select(runs.c.counts).where(runs.c.kind == "ingest")).scalar_one()
    assert counts["out_of_range"] == 1 and counts["new"] == 3 and counts["rejected"] == 0


@pytest.mark.postgres
def test_backfill_dag_on_spark_from_a_raw_store_prefix_via_connections(
    migrated_env: dict[str, str], pg_url: str, s3_endpoint: str, tmp_path: Path
) -> None:
    """engine=spark, the corpus under a prefix of the S3 raw store, and the warehouse and raw store
    given only as Airflow connections (the env vars point elsewhere and must stay unused)."""
    from sqlalchemy.engine import make_url

    aws = {"AWS_ACCESS_KEY_ID": "env-key", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_DEFAULT_REGION": "us-east-1"}
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", aws_access_key_id="testing",
                      aws_secret_access_key="testing")
    s3.create_bucket(Bucket=BUCKET)
    s3.upload_file(str(_backfill_corpus(tmp_path / "corpus.jsonl")), BUCKET, "imports/2026-03/corpus.jsonl")
    pg = make_url(pg_url)
    conns = {
        "AIRFLOW_CONN_SYND_WAREHOUSE": json.dumps({"conn_type": "postgres", "host": pg.host, "port": pg.port,
                                                   "login": pg.username, "password": pg.password, "schema": pg.database}),
        "AIRFLOW_CONN_SYND_RAW_STORE": json.dumps({"conn_type": "aws", "login": "testing", "password": "testing",
                                                   "extra": {"bucket": BUCKET, "endpoint_url": s3_endpoint,
                                                             "region_name": "us-east-1"}}),
    }
    unused = tmp_path / "env-warehouse.db"
    env = {**migrated_env, **aws, **conns, "SYND_WAREHOUSE_URL": f"sqlite:///{unused}", "SYND__INGEST__WORKERS": "1"}
    conf = {"raw_prefix": "imports/2026-03/", "engine": "spark", "spark_master": "local[1]", **BACKFILL_RANGE}
    run = _run(env, "run", "synd_backfill", json.dumps(conf), timeout=600)
    assert run["state"] == "success", run
    urls, pairs = _warehouse_pairs(pg_url)
    assert len(urls) == 3 and "https://brightwater.example/old-lunch" not in urls
    assert pairs == {("https://coastpost.example/rail", "https://saltmere-echo.example/rail-cuts")}
    assert not unused.exists()
    with db.connect(pg_url).connect() as conn:
        params = conn.execute(select(runs.c.params).where(runs.c.kind == "detect")).scalar_one()
    assert params["engine"] == "spark"


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    try:
        yield url
    finally:
        server.stop()


def _snapshot(url: str, s3: Any) -> dict[str, int]:
    engine = db.connect(url)
    with engine.connect() as conn:
        counts = {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
                  for t in (articles, syndications, passages, alert_ledger)}
        counts["raw_pages"] = int(conn.execute(
            select(func.count(fetches.c.raw_key.distinct())).where(fetches.c.kind == "page")
        ).scalar() or 0)
    counts["s3_objects"] = s3.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0)
    return counts


@pytest.mark.postgres
def test_dag_test_end_to_end(airflow_env: dict[str, str], pg_url: str, s3_endpoint: str, tmp_path: Path) -> None:
    aws = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
    os.environ.update(aws)  # for the boto3 client below
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    hook = Receiver()
    with NewsWeb().serving() as web:
        cfg = {
            "warehouse": {"url": pg_url},
            "raw_store": {"kind": "s3", "bucket": BUCKET, "prefix": "raw/", "endpoint_url": s3_endpoint},
            "outlets_file": str(web.write_outlets(tmp_path / "outlets.yaml")),
            "crawl": web.crawl_settings(),
            "alerts": {"channels": [{"name": "hook", "type": "webhook", "url": hook.url}],
                       "rules": [{"name": "all", "channels": ["hook"]}]},
        }
        (tmp_path / "synd.yaml").write_text(yaml.safe_dump(cfg))
        env = {**airflow_env, **aws, "SYND_CONFIG": str(tmp_path / "synd.yaml"), "SYND_DAG_RETRIES": "0"}
        subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=env, check=True, capture_output=True,
                       timeout=300)
        log = tmp_path / "runner.log"
        with log.open("w") as err:
            proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "airflow_runner.py"), "e2e", "2"], env=env,
                                    cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True)
            assert proc.stdin is not None and proc.stdout is not None
            lines = []
            for line in proc.stdout:  # the first run; the runner pauses before the second
                lines.append(line)
                if line.startswith("PAUSE"):
                    break
            after_first = _snapshot(pg_url, s3)
            hits_first = len(hook.hits)
            out, _ = proc.communicate("go\n", timeout=600)
        result = next((ln for ln in [*lines, *out.splitlines()] if ln.startswith("RESULT ")), None)
        assert proc.returncode == 0 and result, f"exit {proc.returncode}\n{''.join(lines)[-3000:]}\n{log.read_text()[-5000:]}"
        first, second = json.loads(result[len("RESULT "):])["runs"]
        after_second = _snapshot(pg_url, s3)
    hook.close()
    for label, run in (("first", first), ("second", second)):
        print(f"dag.test seconds, {label} run:", {k: v for k, v in run.items() if k.endswith("_seconds")})
    for run in (first, second):
        assert run["crawl"] == run["process"] == run["alert"] == "success", run
    assert len([t for t in first["crawl_tasks"] if t.startswith("crawl_outlet[")]) == 6  # one per outlet
    # the planted syndication is found
    engine = db.connect(pg_url)
    with engine.connect() as conn:
        a, b = articles.alias("a"), articles.alias("b")
        found = {(r[0], r[1]): r[2] for r in conn.execute(
            select(a.c.url, b.c.url, syndications.c.relation)
            .join(a, a.c.article_id == syndications.c.source_id).join(b, b.c.article_id == syndications.c.copy_id))}
    for want in TRUTH["pairs"]:
        key = (want["source"], want["copy"])
        assert (found.get(key) or found.get(key[::-1])) == want["relation"], want["note"][:80]
    allowed = {frozenset((p["source"], p["copy"])) for p in TRUTH["pairs"] + TRUTH.get("optional_pairs", [])}
    assert {frozenset(k) for k in found} <= allowed
    # every sample page is an article; raw pages live in S3; each syndication was announced once
    assert after_first["articles"] == len(web.pages) + 1  # + the wrong-charset page
    assert after_first["s3_objects"] >= after_first["articles"]
    assert hits_first == after_first["alert_ledger"] == after_first["syndications"] > 0
    # the second run changes nothing: no new articles, syndications, raw objects or alerts
    assert after_second == after_first
    assert len(hook.hits) == hits_first
