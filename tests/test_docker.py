"""docker/: the compose file validates (compose-spec schema, and Debian's docker-compose when
installed) and wires Airflow 3 the way it must be wired; the Dockerfile uses our constraints.

No Docker daemon runs here and Docker Hub is unreachable, so the stack is checked statically, plus
what can run for real: the warehouse init script against the local PostgreSQL, and the build
context the .dockerignore leaves."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT

DOCKER = ROOT / "docker"
AIRFLOW_SERVICES = ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer")


def _env() -> dict[str, str]:
    env = {}
    for line in (DOCKER / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            k, v = line.split("=", 1)
            env[k] = v
    return env


def _interpolate(text: str, env: dict[str, str]) -> str:
    """Compose variable syntax: $$, ${VAR}, ${VAR:-default}, ${VAR:?error}."""
    import re

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name, op, arg = m.group(1), m.group(2), m.group(3)
        if name in env and env[name] != "":
            return env[name]
        if op == ":?":
            raise ValueError(f"{name}: {arg}")
        return arg or ""

    return re.sub(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}", sub, text)


def _compose(env: dict[str, str]) -> dict[str, Any]:
    return dict(yaml.safe_load(_interpolate((DOCKER / "docker-compose.yaml").read_text(), env)))


def test_compose_file_matches_the_compose_spec_schema() -> None:
    schema = json.loads((DOCKER / "compose-spec.json").read_text())
    doc = _compose(_env())
    jsonschema.Draft7Validator(schema).validate(doc)
    broken = {**doc, "services": {**doc["services"], "postgres": {**doc["services"]["postgres"], "healthcheck": "yes"}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(broken)


def test_compose_refuses_to_start_without_secrets() -> None:
    with pytest.raises(ValueError, match="AIRFLOW_JWT_SECRET"):
        _compose({k: v for k, v in _env().items() if k != "AIRFLOW_JWT_SECRET"})


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="Debian's docker-compose is not installed")
def test_docker_compose_config_accepts_the_file(tmp_path: Path) -> None:
    env_file = tmp_path / "env"
    env_file.write_text((DOCKER / ".env.example").read_text())
    res = subprocess.run(["docker-compose", "--env-file", str(env_file), "-f", str(DOCKER / "docker-compose.yaml"),
                          "config", "-q"], capture_output=True, text=True, timeout=120,
                         env={k: v for k, v in os.environ.items() if not k.startswith("DOCKER")})
    assert res.returncode == 0, res.stderr


def test_airflow_services_share_auth_and_execution_api() -> None:
    doc = _compose(_env())
    services = doc["services"]
    assert set(AIRFLOW_SERVICES) <= set(services)
    assert {"postgres", "minio", "minio-init", "airflow-init"} <= set(services)
    commands = {name: services[name]["command"] for name in AIRFLOW_SERVICES}
    assert commands == {"airflow-apiserver": "api-server", "airflow-scheduler": "scheduler",
                        "airflow-dag-processor": "dag-processor", "airflow-triggerer": "triggerer"}
    envs = [services[name]["environment"] for name in (*AIRFLOW_SERVICES, "airflow-init")]
    assert len({e["AIRFLOW__API_AUTH__JWT_SECRET"] for e in envs}) == 1
    assert {e["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] for e in envs} == {"http://airflow-apiserver:8080/execution/"}
    assert all(e["SYND__RAW_STORE__KIND"] == "s3" and "@postgres:5432/synd" in e["SYND_WAREHOUSE_URL"] for e in envs)
    assert "mc mb --ignore-existing local/synd-raw" in " ".join(services["minio-init"]["command"])
    assert "pools set synd_crawl" in " ".join(services["airflow-init"]["command"])
    for name in AIRFLOW_SERVICES:
        mounts = " ".join(services[name]["volumes"])
        assert ":/opt/airflow/config" not in mounts  # Airflow puts that folder on sys.path


def test_dockerfile_uses_the_airflow_image_and_our_constraints() -> None:
    text = (DOCKER / "Dockerfile").read_text()
    assert "FROM apache/airflow:3.3.2-python3.11" in text
    assert "-c constraints.txt" in text and '"apache-airflow==3.3.2"' in text
    assert "apache-airflow==3.3.2" in (ROOT / "constraints.txt").read_text()


def test_warehouse_password_comes_from_the_environment_not_a_file() -> None:
    env = _env()
    doc = _compose(env)
    services = doc["services"]
    assert "synd:synd@" not in (DOCKER / "docker-compose.yaml").read_text()
    assert not (DOCKER / "postgres-init.sql").exists()
    init = (DOCKER / "postgres-init.sh").read_text()
    assert "PASSWORD :'pw'" in init and env["SYND_DB_PASSWORD"] not in init
    assert services["postgres"]["environment"]["SYND_DB_PASSWORD"] == env["SYND_DB_PASSWORD"]
    for name in (*AIRFLOW_SERVICES, "synd-web"):
        assert f"synd:{env['SYND_DB_PASSWORD']}@postgres:5432/synd" in services[name]["environment"]["SYND_WAREHOUSE_URL"]
    with pytest.raises(ValueError, match="SYND_DB_PASSWORD"):
        _compose({k: v for k, v in env.items() if k != "SYND_DB_PASSWORD"})


@pytest.mark.postgres
def test_postgres_init_script_creates_the_warehouse_with_the_given_password(pg_server_url: str) -> None:
    """Runs docker/postgres-init.sh for real (as the postgres image would) against the local server,
    with a password that needs quoting, then logs in with it."""
    import uuid

    import psycopg2
    from sqlalchemy.engine import make_url

    admin = make_url(pg_server_url)
    name = f"synd_init_{uuid.uuid4().hex[:8]}"
    password = "it's a \"hard\" one; DROP TABLE x; --"
    env = {**os.environ, "SYND_DB_PASSWORD": password, "SYND_DB_USER": name, "SYND_DB_NAME": name,
           "POSTGRES_USER": admin.username or "postgres", "POSTGRES_DB": "postgres",
           "PGHOST": admin.host or "127.0.0.1", "PGPORT": str(admin.port or 5432)}
    try:
        res = subprocess.run(["sh", str(DOCKER / "postgres-init.sh")], env=env, capture_output=True, text=True, timeout=60)
        assert res.returncode == 0, res.stderr
        conn = psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], user=name, password=password, dbname=name)
        conn.close()
    finally:
        drop = psycopg2.connect(host=env["PGHOST"], port=env["PGPORT"], user=env["POSTGRES_USER"], dbname="postgres")
        drop.autocommit = True
        drop.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        drop.cursor().execute(f'DROP ROLE IF EXISTS "{name}"')
        drop.close()
    res = subprocess.run(["sh", str(DOCKER / "postgres-init.sh")], env={k: v for k, v in env.items() if k != "SYND_DB_PASSWORD"},
                         capture_output=True, text=True, timeout=60)
    assert res.returncode != 0 and "SYND_DB_PASSWORD" in res.stderr


def test_auth_volume_is_writable_by_the_airflow_user() -> None:
    """airflow-init runs as the image's airflow user and writes /opt/airflow/auth/passwords.json onto a
    named volume; an empty named volume takes the owner of the image folder it is mounted on, so the
    image must create that folder as airflow (else it is root's and the write fails)."""
    doc = _compose(_env())
    init = doc["services"]["airflow-init"]
    assert "airflow-auth:/opt/airflow/auth" in init["volumes"] and "user" not in init
    text = (DOCKER / "Dockerfile").read_text()
    user_line = text.index("USER airflow")
    mkdir = next(i for i, ln in enumerate(text.splitlines()) if ln.startswith("RUN mkdir") and "/opt/airflow/auth" in ln)
    assert len(text[:user_line].splitlines()) <= mkdir  # created after USER airflow, so airflow owns it
    assert "json.dump" in " ".join(init["command"])  # the password file is JSON whatever the password holds


def _dockerignore_excludes(rel: str, patterns: list[str]) -> bool:
    """Docker's rule: the last matching pattern wins; ``!`` re-includes; a folder pattern covers its contents."""
    import fnmatch

    excluded = False
    for pat in patterns:
        neg = pat.startswith("!")
        pat = pat[1:] if neg else pat
        pat = pat.rstrip("/")
        parts = rel.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if pat.startswith("**/"):
            hit = any(fnmatch.fnmatch(p, pat[3:]) for p in parts)
        else:
            hit = any(fnmatch.fnmatch(p, pat) for p in prefixes)
        if hit:
            excluded = not neg
    return excluded


def test_dockerignore_keeps_the_build_context_to_what_the_image_copies() -> None:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
    copied = []
    for ln in (DOCKER / "Dockerfile").read_text().splitlines():
        if ln.startswith("COPY "):
            copied += [w for w in ln.split()[1:-1] if not w.startswith("--")]
    assert copied and all(not _dockerignore_excludes(src, patterns) for src in copied), copied
    assert not _dockerignore_excludes("pipeline/jobs.py", patterns)
    for heavy in (".venv/bin/python", "data/synd.db", ".git/HEAD", "tests/test_docker.py", "pipeline/__pycache__/x.pyc"):
        assert _dockerignore_excludes(heavy, patterns), heavy
    size = 0
    for path in ROOT.rglob("*"):
        rel = path.relative_to(ROOT).as_posix()
        if path.is_file() and not path.is_symlink() and not _dockerignore_excludes(rel, patterns):
            size += path.stat().st_size
    print(f"docker build context: {size / 1e6:.1f} MB")
    assert size < 20_000_000, f"build context {size / 1e6:.0f} MB"


def test_synd_web_serves_the_case_view_alert_links_point_at() -> None:
    doc = _compose(_env())
    web = doc["services"]["synd-web"]
    assert web["entrypoint"][:2] == ["synd", "serve"] and "0.0.0.0" in web["entrypoint"]
    assert web["ports"] == ["8008:8008"]
    assert web["environment"]["SYND__ALERTS__REPORT_BASE_URL"] == _env()["SYND_PUBLIC_URL"]
    for name in AIRFLOW_SERVICES:  # the alert DAG builds its links from the same setting
        assert doc["services"][name]["environment"]["SYND__ALERTS__REPORT_BASE_URL"] == _env()["SYND_PUBLIC_URL"]


def test_postgres_is_published_for_sql_clients_on_localhost_by_default() -> None:
    env = _env()
    assert _compose(env)["services"]["postgres"]["ports"] == [f"{env['SYND_DB_PUBLISH']}:5432"]
    assert _compose({k: v for k, v in env.items() if k != "SYND_DB_PUBLISH"})["services"]["postgres"]["ports"] == [
        "127.0.0.1:5432:5432"]


def test_synd_config_is_the_deployment_file_not_the_packaged_defaults() -> None:
    from pipeline.config import load_settings

    doc = _compose(_env())
    assert "SYND_CONFIG=" not in (DOCKER / "Dockerfile").read_text()
    for name in (*AIRFLOW_SERVICES, "synd-web"):
        svc = doc["services"][name]
        assert svc["environment"]["SYND_CONFIG"] == "/opt/synd/deploy/synd.yaml"
        assert "./synd.yaml:/opt/synd/deploy/synd.yaml:ro" in svc["volumes"]
    deploy = yaml.safe_load((DOCKER / "synd.yaml").read_text())
    assert deploy["outlets_file"] == "/opt/synd/config/outlets.yaml"  # absolute: the workers' cwd is /opt/airflow
    assert load_settings(DOCKER / "synd.yaml", environ={}).outlets_file == "/opt/synd/config/outlets.yaml"
