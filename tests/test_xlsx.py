"""goftar.xlsx: the workbook reads back (openpyxl) with every value as written, Persian and hostile text included."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import numpy as np
import openpyxl
import pytest

from goftar.columns import Same
from goftar.xlsx import CHUNK_ROWS, xlsx_bytes, xlsx_from_columns

HEADER = ["text", "count", "share", "flag", "day", "moment", "note"]
ZWNJ_TEXT = "همکاری‌ها در قالب ۳+۳ ادامه می‌یابد"


def read(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_values_read_back_as_written():
    rows = [
        (ZWNJ_TEXT, 3, 0.25, True, date(2023, 11, 2), datetime(2023, 11, 2, 14, 30, 5), "یادداشت"),
        ("کامران نیک‌فر گفت: «نه»", -4, 1e-05, False, None, None, ""),
        ("", 0, 12.5, None, date(1999, 1, 1), datetime(2024, 2, 29, 0, 0), None),
    ]
    back = read(xlsx_bytes(HEADER, rows))
    assert back[0] == tuple(HEADER)
    # a date reads back as a datetime at midnight (openpyxl reads every date-formatted cell so)
    assert back[1] == (*rows[0][:4], datetime(2023, 11, 2), *rows[0][5:]) and "\u200c" in back[1][0]  # ZWNJ kept
    assert back[2] == ("کامران نیک‌فر گفت: «نه»", -4, 1e-05, False, None, None, None)  # "" reads as an empty cell
    assert back[3] == (None, 0, 12.5, None, datetime(1999, 1, 1), datetime(2024, 2, 29), None)


def test_hostile_text_is_plain_text():
    hostile = [
        '=HYPERLINK("http://attacker.invalid/","click")',  # stays a string cell, never a formula
        "a < b && c > d </t></is></c><c>",  # markup is escaped, not interpreted
        "bell\x07 nul\x00 escape\x1b vt\x0b ff\x0c",  # characters XML 1.0 forbids are removed
        "tab\tline\nreturn\r end",  # allowed ones are kept, the carriage return too
        "\ufffe\uffffعادی ",  # noncharacters removed, a trailing space kept
    ]
    back = read(xlsx_bytes(["text"], [(text,) for text in hostile]))
    assert [row[0] for row in back[1:]] == [
        hostile[0], hostile[1], "bell nul escape vt ff", "tab\tline\nreturn\r end", "عادی ",
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(["text"], [(hostile[0],)]))).active
    assert sheet["A2"].data_type == "s"


def test_a_zoned_time_keeps_its_zone_and_numpy_values_are_numbers():
    moment = datetime(2023, 11, 2, 14, 30, tzinfo=UTC)
    back = read(xlsx_bytes(["moment", "n", "x", "flag"], [(moment, np.int64(7), np.float64(2.5), np.bool_(True)),
                                                         (None, np.int64(8), float("nan"), np.bool_(False))]))
    assert back[1:] == [("2023-11-02T14:30:00+00:00", 7, 2.5, True), (None, 8, None, False)]


def test_many_rows_stream_in_chunks_with_progress():
    count = CHUNK_ROWS * 2 + 17
    rows = [(f"بیانیهٔ {number}", number, "ثابت", "") for number in range(count)]  # a constant and an empty column
    seen = []
    data = xlsx_bytes(["text", "n", "same", "empty"], iter(rows), total=count,
                      progress=lambda done, total: seen.append((done, total)))
    back = read(data)
    assert len(back) == count + 1 and back[-1] == (f"بیانیهٔ {count - 1}", count - 1, "ثابت", None)
    assert seen == [(CHUNK_ROWS, count), (CHUNK_ROWS * 2, count), (count, count)]


def test_right_to_left_sheet_named_safely():
    data = xlsx_bytes(["a"], [("ب",)], sheet='بیانیه‌ها: "all" [1]', right_to_left=True)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.active.sheet_view.rightToLeft and book.sheetnames == ['بیانیه‌ها  "all"  1 ']
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def test_an_empty_sheet_and_rows_of_the_wrong_length():
    assert read(xlsx_bytes(["a", "b"], [])) == [("a", "b")]
    with pytest.raises(ValueError):
        xlsx_bytes(["a", "b"], [("only one",)])


def test_blocks_of_columns_with_repeated_and_fixed_values():
    blocks = [
        [["کامران نیک‌فر", "کامران نیک‌فر", "بهرام سپهری"], [1, 2, 3], Same("unreviewed"), Same(False), Same("")],
        [["<b>&</b>"], [4], Same("accepted"), Same(True), Same(None)],
    ]
    data = xlsx_from_columns(["speaker", "n", "status", "stale", "note"], blocks)
    assert read(data)[1:] == [("کامران نیک‌فر", 1, "unreviewed", False, None), ("کامران نیک‌فر", 2, "unreviewed", False, None),
                              ("بهرام سپهری", 3, "unreviewed", False, None), ("<b>&</b>", 4, "accepted", True, None)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # a repeated name is stored once, in the shared strings
        assert archive.read("xl/sharedStrings.xml").decode().count("کامران نیک‌فر") == 1
    with pytest.raises(ValueError):
        xlsx_from_columns(["a", "b"], [[["x"], ["y", "z"]]])
