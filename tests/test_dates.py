"""Jalali dates both ways, and the forms analysts read them in."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from goftar.dates import (
    date_with_gregorian,
    gregorian_to_jalali,
    jalali_long,
    jalali_text,
    jalali_to_gregorian,
)


@pytest.mark.parametrize(
    ("gregorian", "jalali"),
    [
        (date(2023, 11, 1), (1402, 8, 10)),  # an ordinary autumn day
        (date(2024, 3, 20), (1403, 1, 1)),  # Nowruz
        (date(2021, 3, 20), (1399, 12, 30)),  # the leap day of a leap year
        (date(2026, 12, 1), (1405, 9, 10)),  # the date in the history example
        (date(622, 3, 21), (1, 1, 1)),  # the epoch
    ],
)
def test_gregorian_to_jalali(gregorian, jalali):
    assert gregorian_to_jalali(gregorian) == jalali


def test_round_trip_over_forty_years():
    day = date(1990, 1, 1)
    while day < date(2030, 1, 1):
        assert jalali_to_gregorian(*gregorian_to_jalali(day)) == day
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2023, 11, 1), "۱۴۰۲/۰۸/۱۰"),  # a date
        (datetime(2026, 12, 1, 14, 22, 5), "۱۴۰۵/۰۹/۱۰ ۱۴:۲۲"),  # a datetime, to the minute
        ("2023-11-01", "۱۴۰۲/۰۸/۱۰"),  # an ISO date as text
        ("2026-12-01 14:22:00", "۱۴۰۵/۰۹/۱۰ ۱۴:۲۲"),  # an ISO datetime as text
        (None, ""),  # missing: empty, never «None»
        ("", ""),  # empty stays empty
        ("not a date", "not a date"),  # unreadable text is shown as it is, not lost
    ],
)
def test_jalali_text(value, expected):
    assert jalali_text(value) == expected


def test_long_and_hover_forms():
    assert jalali_long(date(2023, 11, 1)) == "۱۰ آبان ۱۴۰۲"
    assert date_with_gregorian(date(2023, 11, 1)) == "۱۴۰۲/۰۸/۱۰ (2023-11-01)"
    assert date_with_gregorian(None) == ""
