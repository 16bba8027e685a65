"""The outlets file (config/outlets.yaml): who we crawl, and the names their credits use."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.config import ROOT, ConfigError, Settings
from pipeline.normalise.article import OutletProfile


class Outlet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    domains: list[str] = Field(default_factory=list)
    feeds: list[str] = Field(default_factory=list)  # RSS or Atom
    sitemaps: list[str] = Field(default_factory=list)  # news sitemaps or sitemap indexes
    seeds: list[str] = Field(default_factory=list)  # article URLs, or text files of them (one a line)
    css: dict[str, str] = Field(default_factory=dict)  # optional per-outlet extraction rules
    rate: float = Field(default=1.0, gt=0, le=100)  # requests per second per host
    locale: str = "en_US"
    timezone: str = "UTC"

    @field_validator("domains")
    @classmethod
    def _domains(cls, v: list[str]) -> list[str]:
        for d in v:
            if not d or "/" in d or ":" in d or " " in d:
                raise ValueError(f"{d!r} is not a bare host name like www.example.org")
        return [d.lower() for d in v]

    @field_validator("feeds", "sitemaps", "seeds")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        from urllib.parse import urlsplit

        for u in v:
            parts = urlsplit(u)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"{u!r} is not an absolute http(s) URL")
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"{v!r} is not an IANA time zone like Europe/London") from exc
        return v

    def owns(self, host: str | None) -> bool:
        """True when host is one of this outlet's domains (www. or not)."""
        if not host:
            return False
        h = host.lower().removeprefix("www.")
        return any(h == d.removeprefix("www.") for d in self.domains)


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
    outlets: list[Outlet] = []
    for i, entry in enumerate(entries):
        label = entry.get("name", f"#{i + 1}") if isinstance(entry, dict) else f"#{i + 1}"
        try:
            outlets.append(Outlet.model_validate(entry))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(x) for x in err["loc"])
            raise ConfigError(f"{p}: outlet {label!r}, field {field!r}: {err['msg']}") from exc
        if any(o.name == outlets[-1].name for o in outlets[:-1]):
            raise ConfigError(f"{p}: outlet {label!r}, field 'name': used twice; outlet names must be unique")
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
