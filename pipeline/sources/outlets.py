"""The outlets file (config/outlets.yaml): who we crawl, the names their credits use, and which
outlets share one owner (groups)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.config import ROOT, ConfigError, Settings
from pipeline.normalise.article import PLATFORM, OutletProfile, outlet_for


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


_TOP_KEYS = ("outlets", "groups", "platforms")
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+")
MAX_GROUP_CHARS = 200  # syndications.group_name and outlet_groups.group_name are String(200)


def _read(path: str | Path) -> tuple[Path, dict[str, Any]]:
    p = Path(path)
    if not p.is_absolute() and not p.exists():
        p = ROOT / p
    if not p.exists():
        return p, {}
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{p} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{p} must hold a mapping with the keys {', '.join(_TOP_KEYS)}")
    unknown = sorted(str(k) for k in data if k not in _TOP_KEYS)
    if unknown:
        raise ConfigError(f"{p}: unknown top-level key(s) {unknown}; the file holds only {', '.join(_TOP_KEYS)}")
    return p, data


def load_outlets(path: str | Path) -> list[Outlet]:
    """Validate the outlets file; an error names the outlet and the field."""
    p, data = _read(path)
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


def load_groups(path: str | Path) -> dict[str, str]:
    """Outlet name → its group (one owner), from the file's ``groups:`` mapping of group name →
    outlets. A member is an outlet name under ``outlets:`` or a domain; a domain stands for the
    outlet its pages get (the configured outlet owning it, else its registrable domain), so
    ``sport.example.co.uk`` groups ``example.co.uk``."""
    p, data = _read(path)
    groups = data.get("groups") or {}
    if not isinstance(groups, dict):
        raise ConfigError(f"{p}: 'groups' must map a group name to a list of outlets, e.g. 'Northgate Media: [Harbour Courier, valleyledger.co.uk]'")
    outlets = load_outlets(p)
    names = {o.name for o in outlets}
    hosts = _host_table(p, data, outlets)
    out: dict[str, str] = {}
    for group, members in groups.items():
        if not isinstance(group, str) or not group.strip() or len(group.strip()) > MAX_GROUP_CHARS:
            raise ConfigError(f"{p}: group name {group!r} must be text of 1 to {MAX_GROUP_CHARS} characters")
        group = group.strip()
        if not isinstance(members, list) or not all(isinstance(m, str) and m.strip() for m in members):
            raise ConfigError(f"{p}: group {group!r} must be a list of outlet names or domains, e.g. [Harbour Courier, valleyledger.co.uk]")
        for member in members:
            outlet = _member_outlet(p, group, member.strip(), names, hosts)
            if out.get(outlet, group) != group:
                raise ConfigError(
                    f"{p}: outlet {outlet!r} is in groups {out[outlet]!r} and {group!r}; an outlet has one owner, list it in one group"
                )
            out[outlet] = group
    return out


def _member_outlet(p: Path, group: str, member: str, names: set[str], hosts: dict[str, str]) -> str:
    """The outlet name one group member stands for."""
    if member in names:
        return member
    host = member.lower().removeprefix("www.")
    if not _DOMAIN.fullmatch(host):
        raise ConfigError(
            f"{p}: group {group!r} lists {member!r}, which is neither an outlet name under 'outlets:' nor a bare domain"
            " like example.co.uk; fix the spelling, give its domain, or add it under 'outlets:' (e.g. '- name: "
            f"{member}') if your records name it so"
        )
    return outlet_for(f"http://{host}/", outlet_for_host=hosts)


def _host_table(p: Path, data: dict[str, Any], outlets: list[Outlet]) -> dict[str, str]:
    """Host (without www.) → outlet name, or PLATFORM for a hosting platform listed under
    ``platforms:`` (blog and newsletter hosts whose subdomains are separate publishers)."""
    platforms = data.get("platforms") or []
    if not isinstance(platforms, list) or not all(isinstance(d, str) and _DOMAIN.fullmatch(d.lower().removeprefix("www.")) for d in platforms):
        raise ConfigError(f"{p}: 'platforms' must be a list of bare domains, e.g. [wordpress.com, substack.com]")
    out = {d.lower().removeprefix("www."): PLATFORM for d in platforms}
    out.update({d.removeprefix("www."): o.name for o in outlets for d in o.domains})  # a listed outlet wins
    return out


def outlet_hosts(settings: Settings) -> dict[str, str]:
    """Host (without www.) → outlet name (or PLATFORM), for records that do not name their outlet."""
    p, data = _read(settings.outlets_file)
    return _host_table(p, data, load_outlets(p))


def outlet_profiles(settings: Settings) -> dict[str, OutletProfile]:
    """Host (without www.) → the outlet's name, locale, time zone and CSS rules, for normalisation."""
    out = {}
    for o in load_outlets(settings.outlets_file):
        profile = OutletProfile(name=o.name, locale=o.locale, timezone=o.timezone, css=dict(o.css))
        for d in o.domains:
            d = d.lower()
            out[d[4:] if d.startswith("www.") else d] = profile
    return out


def outlet_groups(settings: Settings) -> dict[str, str]:
    """Outlet name → group name, from ``groups:`` in the outlets file."""
    return load_groups(settings.outlets_file)
