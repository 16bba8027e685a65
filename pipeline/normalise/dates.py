"""Published-time parsing: always timezone-aware, with the outlet's locale deciding d/m order."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateparser

# Locales that write the day first in numeric dates (08/12/2017 = 8 December).
_MONTH_FIRST = {"en_US", "en-US", "us", "en_PH", "en-PH"}


def _tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


# Zone abbreviations news sites print, read as the zone they mean in English-language news.
# Ambiguous ones (IST: India, Ireland or Israel) are refused rather than guessed.
TZ_ABBREVIATIONS: dict[str, tzinfo] = {
    "UTC": UTC, "UT": UTC, "GMT": UTC, "Z": UTC, "WET": UTC,
    "EST": _tz(-5), "EDT": _tz(-4), "CST": _tz(-6), "CDT": _tz(-5), "MST": _tz(-7), "MDT": _tz(-6),
    "PST": _tz(-8), "PDT": _tz(-7), "AKST": _tz(-9), "AKDT": _tz(-8), "HST": _tz(-10), "AST": _tz(-4),
    "ADT": _tz(-3), "NST": _tz(-3.5), "NDT": _tz(-2.5),
    "BST": _tz(1), "WEST": _tz(1), "CET": _tz(1), "CEST": _tz(2), "MET": _tz(1), "MEST": _tz(2),
    "EET": _tz(2), "EEST": _tz(3), "MSK": _tz(3), "SAST": _tz(2), "CAT": _tz(2), "EAT": _tz(3), "WAT": _tz(1),
    "PKT": _tz(5), "JST": _tz(9), "KST": _tz(9), "HKT": _tz(8), "SGT": _tz(8), "AWST": _tz(8),
    "ACST": _tz(9.5), "ACDT": _tz(10.5), "AEST": _tz(10), "AEDT": _tz(11), "NZST": _tz(12), "NZDT": _tz(13),
    "WIB": _tz(7), "BRT": _tz(-3), "ART": _tz(-3),
    # generic names follow daylight saving through their IANA zone
    "ET": ZoneInfo("America/New_York"), "CT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"), "PT": ZoneInfo("America/Los_Angeles"),
}
TZINFOS = TZ_ABBREVIATIONS
AMBIGUOUS_TZ = {"IST"}
_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_WORDS = re.compile(r"\b[A-Za-z]{2,5}\b")
# Two different defaults: a field the text does not give comes out different in the two parses.
_DEFAULTS = (datetime(1901, 1, 1), datetime(1902, 2, 2))


def _parse_human(text: str, dayfirst: bool) -> datetime:
    """dateutil, but refusing to guess: a missing year, month or day, an unknown or ambiguous zone
    name is an error rather than today's date or UTC."""
    for word in _WORDS.findall(text):
        if word.upper() in AMBIGUOUS_TZ:
            raise ValueError(f"time zone {word!r} in {text[:60]!r} is ambiguous; give a UTC offset")
    parsed: list[datetime] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", dateparser.UnknownTimezoneWarning)
        for default in _DEFAULTS:
            try:
                parsed.append(dateparser.parse(text, dayfirst=dayfirst, fuzzy=False, default=default,
                                               tzinfos=TZ_ABBREVIATIONS))
            except dateparser.UnknownTimezoneWarning as exc:
                raise ValueError(f"unknown time zone in {text[:60]!r}; give a UTC offset") from exc
            except (ValueError, OverflowError) as exc:
                raise ValueError(f"unreadable date {text[:60]!r} ({exc})") from exc
    a, b = parsed
    missing = [name for name in ("year", "month", "day") if getattr(a, name) != getattr(b, name)]
    if missing:
        raise ValueError(f"incomplete date {text[:60]!r}: no {', '.join(missing)}; give a full date")
    return a


def day_first(locale: str | None) -> bool:
    """Most of the world writes the day first; the US and a few others do not."""
    if not locale:
        return False
    return locale.replace("-", "_") not in {m.replace("-", "_") for m in _MONTH_FIRST}


def parse_published(value: object, *, locale: str | None = None, tz: str | None = None) -> datetime | None:
    """Parse an ISO 8601 or common human date; naive times take the outlet's zone, else UTC.

    Returns None for empty values; raises ValueError naming the value when it cannot be read, is
    incomplete (no year, month or day: never guessed), impossible (31 February), or names an
    unknown or ambiguous zone. Zone abbreviations (EST, PDT, CET, ...) are ``TZ_ABBREVIATIONS``.
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
            # 12.03.2024 is day-first wherever dots are written
            parsed = _parse_human(text, day_first(locale) or bool(_DOTTED.match(text)))
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
