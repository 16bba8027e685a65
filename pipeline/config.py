"""Typed settings: packaged defaults, then a YAML file, then environment variables.

One object carries every knob so that the CLI, the DAGs and the tests all see the same
configuration, and so that detection parameters can be recorded with each result.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS_FILE = ROOT / "config" / "settings.yaml"
ENV_PREFIX = "SYND__"


class ConfigError(ValueError):
    """The configuration cannot be used; the message says which field and how to fix it."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WarehouseSettings(_Section):
    url: str = "sqlite:///data/synd.db"


class RawStoreSettings(_Section):
    kind: Literal["local", "s3"] = "local"
    path: str = "data/raw"
    bucket: str | None = None
    prefix: str = "raw/"
    endpoint_url: str | None = None


class NormaliseSettings(_Section):
    min_body_chars: int = 200
    max_html_bytes: int = 20_000_000


class DetectSettings(_Section):
    num_perm: int = 128
    bands: int = 32
    shingle_words: int = 4
    seed: int = 1
    window_days: int = 30
    min_passage_words: int = 8
    max_gap_words: int = 6
    min_copied_words: int = 12
    boilerplate_min_articles: int = 3
    quote_share_common_source: float = 0.85

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


class Settings(_Section):
    model_config = ConfigDict(extra="allow")

    warehouse: WarehouseSettings = Field(default_factory=WarehouseSettings)
    raw_store: RawStoreSettings = Field(default_factory=RawStoreSettings)
    outlets_file: str = "config/outlets.yaml"
    normalise: NormaliseSettings = Field(default_factory=NormaliseSettings)
    detect: DetectSettings = Field(default_factory=DetectSettings)


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} does not exist: pass an existing file to --config") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping at the top level")
    return data


def _env_overrides(environ: dict[str, str]) -> dict[str, Any]:
    """SYND__SECTION__KEY=value becomes {"section": {"key": value}}; YAML typing applies."""
    out: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        path = [p.lower() for p in name[len(ENV_PREFIX) :].split("__") if p]
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = yaml.safe_load(raw) if raw else raw
    if "SYND_WAREHOUSE_URL" in environ:
        out.setdefault("warehouse", {})["url"] = environ["SYND_WAREHOUSE_URL"]
    return out


def load_settings(
    path: str | Path | None = None,
    *,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Build settings: packaged defaults < file (arg or SYND_CONFIG) < env < explicit overrides."""
    env = dict(os.environ if environ is None else environ)
    data = _read_yaml(DEFAULTS_FILE) if DEFAULTS_FILE.exists() else {}
    file = path or env.get("SYND_CONFIG")
    if file:
        data = _deep_merge(data, _read_yaml(Path(file)))
    data = _deep_merge(data, _env_overrides(env))
    if overrides:
        data = _deep_merge(data, overrides)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration ({problems}); fix the file or env var named") from exc
