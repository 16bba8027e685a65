"""Published-time parsing: always timezone-aware, with the outlet's locale deciding d/m order."""

from __future__ import annotations

from datetime import UTC, datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateparser

# Locales that write the day first in numeric dates (08/12/2017 = 8 December).
_MONTH_FIRST = {"en_US", "en-US", "us", "en_PH", "en-PH"}


_H = 3600
# Zone abbreviations news pages print; dateutil knows none of them without help. Generic names
# (ET, PT) follow daylight saving through their IANA zone.
TZINFOS: dict[str, int | ZoneInfo] = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": _H, "CET": _H, "CEST": 2 * _H, "EET": 2 * _H, "EEST": 3 * _H,
    "EST": -5 * _H, "EDT": -4 * _H, "CST": -6 * _H, "CDT": -5 * _H, "MST": -7 * _H, "MDT": -6 * _H,
    "PST": -8 * _H, "PDT": -7 * _H, "AKST": -9 * _H, "AKDT": -8 * _H, "HST": -10 * _H,
    "AEST": 10 * _H, "AEDT": 11 * _H, "ACST": 9 * _H + 1800, "AWST": 8 * _H, "NZST": 12 * _H, "NZDT": 13 * _H,
    "JST": 9 * _H, "KST": 9 * _H, "SGT": 8 * _H, "HKT": 8 * _H,
    "ET": ZoneInfo("America/New_York"), "CT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"), "PT": ZoneInfo("America/Los_Angeles"),
}


def day_first(locale: str | None) -> bool:
    """Most of the world writes the day first; the US and a few others do not."""
    if not locale:
        return False
    return locale.replace("-", "_") not in {m.replace("-", "_") for m in _MONTH_FIRST}


def parse_published(value: object, *, locale: str | None = None, tz: str | None = None) -> datetime | None:
    """Parse an ISO 8601 or common human date; naive times take the outlet's zone, else UTC.

    Returns None for empty values; raises ValueError naming the value when it cannot be read.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not 0 <= value < 1e11:
            raise ValueError(f"timestamp {value!r} is out of range")
        return datetime.fromtimestamp(float(value), tz=UTC)
    elif isinstance(value, str):
        text = value.strip()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                parsed = dateparser.parse(text, dayfirst=day_first(locale), fuzzy=False, tzinfos=TZINFOS)
            except (ValueError, OverflowError) as exc:
                raise ValueError(f"unreadable date {text[:60]!r}") from exc
    else:
        raise ValueError(f"date must be a string or number, got {type(value).__name__}")
    if parsed.tzinfo is None:
        zone: timezone | ZoneInfo = UTC
        if tz:
            try:
                zone = ZoneInfo(tz)
            except ZoneInfoNotFoundError:
                zone = UTC
        parsed = parsed.replace(tzinfo=zone)
    if not 1900 <= parsed.year <= 2200:
        raise ValueError(f"date {value!r} is outside 1900-2200")
    return parsed
