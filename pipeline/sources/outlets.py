"""The outlets file (config/outlets.yaml): who we crawl, and the names their credits use."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.config import ROOT, ConfigError, Settings
from pipeline.normalise.article import OutletProfile


class Outlet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    domains: list[str] = Field(default_factory=list)
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    seeds: list[str] = Field(default_factory=list)
    css: dict[str, str] = Field(default_factory=dict)  # optional per-outlet extraction rules
    rate: float = 1.0  # requests per second per host
    locale: str = "en_US"
    timezone: str = "UTC"


def load_outlets(path: str | Path) -> list[Outlet]:
    """Validate the outlets file; an error names the outlet and the field."""
    p = Path(path)
    if not p.is_absolute() and not p.exists():
        p = ROOT / p
    if not p.exists():
        return []
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    entries = data.get("outlets") or []
    if not isinstance(entries, list):
        raise ConfigError(f"{p}: 'outlets' must be a list of outlet entries")
    outlets = []
    for i, entry in enumerate(entries):
        label = entry.get("name", f"#{i + 1}") if isinstance(entry, dict) else f"#{i + 1}"
        try:
            outlets.append(Outlet.model_validate(entry))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(x) for x in err["loc"])
            raise ConfigError(f"{p}: outlet {label!r}, field {field!r}: {err['msg']}") from exc
    return outlets


def outlet_hosts(settings: Settings) -> dict[str, str]:
    """Host (without www.) → outlet name, for records that do not name their outlet."""
    out = {}
    for o in load_outlets(settings.outlets_file):
        for d in o.domains:
            d = d.lower()
            out[d[4:] if d.startswith("www.") else d] = o.name
    return out


def outlet_profiles(settings: Settings) -> dict[str, OutletProfile]:
    """Host (without www.) → the outlet's name, locale, time zone and CSS rules, for normalisation."""
    out = {}
    for o in load_outlets(settings.outlets_file):
        profile = OutletProfile(name=o.name, locale=o.locale, timezone=o.timezone, css=dict(o.css))
        for d in o.domains:
            d = d.lower()
            out[d[4:] if d.startswith("www.") else d] = profile
    return out
