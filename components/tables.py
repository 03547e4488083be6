"""Statement tables as right-to-left HTML: the statement's text first (rightmost), wrapped from its first word.

Streamlit's data grid draws left to right on a canvas, cannot wrap a cell and scrolls the statement out of sight on
a narrow screen; these tables read like the article. Headers are Persian with the English name in their tooltip;
dates are Jalali with the Gregorian date in theirs; an empty value is an empty cell. Every cell is escaped
(`components.safe.html_text`). On a phone (`assets/goftar.css`, under 640 px) each row becomes a card whose first
line is the statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from components.frames import HEADERS
from components.labels import PERSIAN_LETTER
from components.safe import html_text
from goftar.dates import jalali_text

MAX_ROWS = 300  # rows drawn in the page; the download holds all of them


@dataclass(frozen=True)
class Column:
    """A column to show: the frame's column, and how its values read."""

    key: str
    kind: str = "text"  # text | statement (the wrapped quote) | list | number | date


def _empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:  # NaN
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, list | tuple) else not value
    except (TypeError, ValueError):
        return False


def _cell(value, kind: str) -> tuple[str, str]:
    """(text, tooltip) of one value."""
    if _empty(value) or value == "":
        return "", ""
    if kind == "list":
        return "، ".join(str(v) for v in value if not _empty(v)), ""
    if kind == "date":
        if isinstance(value, datetime | date):
            return jalali_text(value), value.isoformat()[:16].replace("T", " ")
        return jalali_text(str(value)), str(value)
    if kind == "number":
        return f"{int(value):,}" if isinstance(value, int | float) else str(value), ""
    return str(value), ""


def _text_html(text: str) -> str:
    """A cell's text, escaped; in «فارسی — English» the English is isolated left to right: a Persian word quoted
    inside it («relative date «دیروز» not stored») otherwise reorders the English words around it."""
    persian, separator, english = text.partition(" — ")
    letters = [ch for ch in english if ch.isalpha()]
    if separator and PERSIAN_LETTER.search(persian) and letters and letters[0].isascii():
        return f'{html_text(persian)}{separator}<bdi dir="ltr">{html_text(english)}</bdi>'
    return html_text(text)


def header_html(key: str) -> str:
    """A header cell: Persian, with the English name in its tooltip."""
    persian, english = HEADERS.get(key, (key, key))
    return f'<th scope="col" title="{html_text(english)}">{html_text(persian)}</th>'


def table_html(frame: pd.DataFrame, columns: list[Column], *, key: str = "statements",
               max_rows: int = MAX_ROWS) -> str:
    """The frame's `columns` as an RTL table (the first column is the rightmost); at most `max_rows` rows."""
    head = "".join(header_html(c.key) for c in columns)
    rows = []
    for record in frame.head(max_rows).to_dict("records"):
        cells = []
        for column in columns:
            text, tip = _cell(record.get(column.key), column.kind)
            persian = HEADERS.get(column.key, (column.key, ""))[0]
            attributes = f' class="g-col-{column.kind}" data-label="{html_text(persian)}"'
            if tip:
                attributes += f' title="{html_text(tip)}"'
            if column.kind == "statement":
                attributes += ' dir="auto"'
            cells.append(f"<td{attributes}>{_text_html(text)}</td>")
        speaker = html_text(record.get("speaker", "") or "")
        rows.append(f'<tr data-speaker="{speaker}">{"".join(cells)}</tr>')
    body = "".join(rows) or f'<tr><td class="g-col-empty" colspan="{len(columns)}">بیانیه‌ای نیست · none</td></tr>'
    return (f'<div class="goftar-table-wrap" dir="rtl" lang="fa"><table class="goftar-table" data-table="'
            f'{html_text(key)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')
