from datetime import timedelta

import pytest

from pipeline.normalise.dates import parse_published


def test_iso_keeps_its_offset() -> None:
    d = parse_published("2026-03-02T09:30:00+01:00")
    assert d is not None and d.utcoffset() == timedelta(hours=1)


def test_locale_decides_ambiguous_day_month() -> None:
    uk = parse_published("08/12/2017", locale="en_GB")
    us = parse_published("08/12/2017", locale="en_US")
    assert (uk.month, uk.day) == (12, 8)  # type: ignore[union-attr]
    assert (us.month, us.day) == (8, 12)  # type: ignore[union-attr]


def test_naive_times_take_the_outlet_zone() -> None:
    d = parse_published("March 3, 2026 10:00", tz="Europe/Berlin")
    assert d is not None and d.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("bad", ["yesterday-ish", "31/31/2020", 10**13, ["2020"]])
def test_unreadable_dates_raise_with_the_value(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_published(bad)
