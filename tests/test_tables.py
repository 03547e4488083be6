"""RTL statement tables: statement first, Persian headers with English tooltips, Jalali dates, escaped, no «None»."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from components.tables import Column, table_html

COLUMNS = [Column("text", "statement"), Column("speaker"), Column("topics", "list"), Column("date", "date"),
           Column("statement", "number")]


def frame(**overrides) -> pd.DataFrame:
    row = {"text": "همکاری‌ها ادامه می‌یابد", "speaker": "کیوان رستگار", "topics": ["برجام"],
           "date": date(2023, 11, 1), "statement": 1}
    row.update(overrides)
    return pd.DataFrame([row])


def cells(markup: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", markup)


def test_statement_is_the_first_cell_and_the_table_is_rtl():
    markup = table_html(frame(), COLUMNS)
    assert 'dir="rtl"' in markup and 'lang="fa"' in markup
    assert cells(markup)[0] == "همکاری‌ها ادامه می‌یابد"
    assert re.search(r'<td class="g-col-statement"[^>]*dir="auto"', markup)


def test_headers_are_persian_with_english_tooltips():
    markup = table_html(frame(), COLUMNS)
    assert '<th scope="col" title="statement">گفته</th>' in markup
    assert '<th scope="col" title="speaker">گوینده</th>' in markup


@pytest.mark.parametrize(
    ("value", "shown", "tip"),
    [
        (date(2023, 11, 1), "۱۴۰۲/۰۸/۱۰", "2023-11-01"),  # a date: Jalali, Gregorian on hover
        ("2023-11-01", "۱۴۰۲/۰۸/۱۰", "2023-11-01"),  # an ISO string from SQL
        (None, "", None),  # missing: an empty cell, never «None»
    ],
)
def test_dates_are_jalali_with_gregorian_on_hover(value, shown, tip):
    markup = table_html(frame(date=value), COLUMNS)
    date_cell = re.search(r'<td class="g-col-date"([^>]*)>(.*?)</td>', markup)
    assert date_cell.group(2) == shown
    assert (f'title="{tip}"' in date_cell.group(1)) if tip else "title" not in date_cell.group(1)
    assert "None" not in markup and "nan" not in markup


def test_empty_list_and_missing_values_are_empty_cells():
    markup = table_html(frame(topics=[], speaker=None), COLUMNS)
    assert cells(markup)[1:3] == ["", ""]


def test_untrusted_text_is_escaped():
    markup = table_html(frame(text='<img src=x onerror="alert(1)">', speaker="<b>x</b>"), COLUMNS)
    assert "<img" not in markup and "<b>" not in markup and "&lt;img" in markup


def test_no_rows_says_so_and_rows_are_capped():
    assert "بیانیه‌ای نیست" in table_html(frame().iloc[0:0], COLUMNS)
    many = pd.concat([frame()] * 5, ignore_index=True)
    assert table_html(many, COLUMNS, max_rows=3).count("<tr data-speaker") == 3


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("تاریخ نسبی «دیروز» ذخیره نشد — relative date «دیروز» not stored",
         'تاریخ نسبی «دیروز» ذخیره نشد — <bdi dir="ltr">relative date «دیروز» not stored</bdi>'),  # the English
        # isolated: its quoted Persian word no longer reorders the words around it
        ("پرونده خالی است — file is <empty>", 'پرونده خالی است — <bdi dir="ltr">file is &lt;empty&gt;</bdi>'),  # escaped
        ("برجام — توافق هسته‌ای", "برجام — توافق هسته‌ای"),  # Persian on both sides: nothing to isolate
        ("unsupported — not Persian first", "unsupported — not Persian first"),  # English only: as it is
    ],
)
def test_the_english_of_a_bilingual_cell_is_isolated(text, shown):
    reasons = pd.DataFrame([{"input": "feed.csv:2", "reason": text}])
    assert cells(table_html(reasons, [Column("input"), Column("reason", "statement")]))[1] == shown
