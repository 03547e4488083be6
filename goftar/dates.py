"""Jalali (Solar Hijri) dates both ways, and how dates and times are shown to analysts (pure, no Streamlit).

The calendar is the 33-year arithmetic one (leap years where `(8·y + 29) mod 33 < 8`), which agrees with the
astronomical calendar for every year news archives hold (1178–1633 AP).
"""

from __future__ import annotations

from datetime import date, datetime

JALALI_MONTH_NAMES = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن",
                      "اسفند")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_EPOCH = date(622, 3, 21).toordinal()  # 1 Farvardin 1 AP in the proleptic Gregorian calendar Python uses


def _days_before_year(year: int) -> int:
    years = year - 1
    return years * 365 + (8 * years + 29) // 33  # leap years before `year` in the 33-year cycle


def _days_before_month(month: int) -> int:
    return (month - 1) * 31 if month <= 7 else 6 * 31 + (month - 7) * 30


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """Gregorian date of a Jalali date; ValueError for a day the month does not have."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        raise ValueError(f"no Jalali date {year}/{month}/{day}")
    return date.fromordinal(_EPOCH + _days_before_year(year) + _days_before_month(month) + day - 1)


def gregorian_to_jalali(value: date) -> tuple[int, int, int]:
    """(year, month, day) in the Jalali calendar of a Gregorian date on or after 622-03-21."""
    days = value.toordinal() - _EPOCH
    if days < 0:
        raise ValueError(f"{value} is before the Jalali epoch")
    year = days * 33 // 12053 + 1  # 12,053 days in 33 years: an estimate within a year, corrected below
    while _days_before_year(year) > days:
        year -= 1
    while _days_before_year(year + 1) <= days:
        year += 1
    day_of_year = days - _days_before_year(year)
    month = day_of_year // 31 + 1 if day_of_year < 6 * 31 else (day_of_year - 6 * 31) // 30 + 7
    return year, month, day_of_year - _days_before_month(month) + 1


def persian_digits(text: str) -> str:
    """Latin digits as Persian ones («2023» → «۲۰۲۳»)."""
    return text.translate(PERSIAN_DIGITS)


def jalali_text(value: date | datetime | str | None) -> str:
    """A date as analysts read it, «۱۴۰۲/۰۸/۱۰»; a datetime with its time («۱۴۰۵/۰۹/۱۰ ۱۴:۲۲»); "" for none.

    An ISO string is read first (dates come back from some databases and frames as text); text that is not a date
    is returned unchanged rather than lost."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value or " " in value.strip() else date.fromisoformat(value)
        except ValueError:
            return value
    try:
        year, month, day = gregorian_to_jalali(value if not isinstance(value, datetime) else value.date())
    except ValueError:
        return str(value)
    shown = f"{year:04d}/{month:02d}/{day:02d}"
    if isinstance(value, datetime):
        shown += f" {value.hour:02d}:{value.minute:02d}"
    return persian_digits(shown)


def jalali_long(value: date | None) -> str:
    """A date spelled the way Persian news does, «۱۰ آبان ۱۴۰۲»; "" for none."""
    if value is None:
        return ""
    year, month, day = gregorian_to_jalali(value)
    return persian_digits(f"{day} {JALALI_MONTH_NAMES[month - 1]} {year}")


def date_with_gregorian(value: date | datetime | None) -> str:
    """«۱۴۰۲/۰۸/۱۰ (2023-11-01)»: Jalali for reading, the Gregorian ISO date beside it for hover texts and exports."""
    if value is None:
        return ""
    iso = value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()
    return f"{jalali_text(value)} ({iso})"
