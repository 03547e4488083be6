"""Exports: text a spreadsheet would run as a formula is neutralised in CSV and XLSX; numbers and Persian are not."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pandas as pd
import pytest

from goftar.export import frame_csv_bytes, neutralise, to_bytes

HOSTILE = '=HYPERLINK("http://attacker.invalid/","click")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HOSTILE, "'" + HOSTILE),  # a formula
        ("+98 21 5555", "'+98 21 5555"),  # plus opens a formula too
        ("-2+3", "'-2+3"),  # as does minus
        ("@SUM(A1)", "'@SUM(A1)"),  # and at (Lotus-style functions)
        ("\tcmd", "'\tcmd"),  # a leading tab
        ("\rcmd", "'\rcmd"),  # a leading carriage return
        ("سخنگوی وزارت خارجه گفت: =", "سخنگوی وزارت خارجه گفت: ="),  # Persian text, a sign inside: kept
        ("نیم‌فاصله", "نیم‌فاصله"),  # ZWNJ kept
        (-3, -3),  # a negative number is a number, not text
        (-2.5, -2.5),  # likewise a float
        (None, None),  # empty cells stay empty
        ("", ""),  # empty text too
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def rows() -> list[dict]:
    return [
        {"article": HOSTILE, "note": "@cmd", "tags": ["=1+1", "مرز"], "speaker": "کیوان رستگار", "count": -4,
         "stances": {"jcpoa": "supports"}},
        {"article": "خبر دوم", "note": "-", "tags": [], "speaker": "+نسرین", "count": 7, "stances": {}},
    ]


def test_csv_cells_are_neutralised_and_numbers_kept():
    data = to_bytes(rows(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0]["article"] == "'" + HOSTILE and table[0]["note"] == "'@cmd"
    assert table[0]["tags"] == "'=1+1; مرز"  # a list joined into one cell is one text cell
    assert table[0]["speaker"] == "کیوان رستگار" and table[1]["speaker"] == "'+نسرین"
    assert [r["count"] for r in table] == ["-4", "7"]


def test_xlsx_holds_no_formula():
    book = openpyxl.load_workbook(io.BytesIO(to_bytes(rows(), "xlsx")))
    sheet = book["statements"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # openpyxl types "=…" strings as formulas
    values = {cell.value for cell in cells}
    assert "'" + HOSTILE in values and -4 in values and "کیوان رستگار" in values


def test_jsonl_keeps_values_as_they_are():
    first = json.loads(to_bytes(rows(), "jsonl").decode().splitlines()[0])
    assert first["article"] == HOSTILE and first["count"] == -4


def test_page_tables_are_neutralised():
    frame = pd.DataFrame({"speaker": ["=cmd|' /C calc'!A0", "کیوان"], "statement": [-1, 2]})
    table = list(csv.reader(io.StringIO(frame_csv_bytes(frame).decode("utf-8-sig"))))
    assert table[1:] == [["'=cmd|' /C calc'!A0", "-1"], ["کیوان", "2"]]
