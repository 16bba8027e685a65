"""docker/: the compose file validates (compose-spec schema, and Debian's docker-compose when
installed) and wires Airflow 3 the way it must be wired; the Dockerfile uses our constraints."""

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
    assert "CREATE DATABASE synd" in (DOCKER / "postgres-init.sql").read_text()
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
