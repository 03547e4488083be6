"""goftar.export: the CSV written row by row says what the pandas frame says, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest
from conftest import BACKENDS

from goftar.export import EXPORT_COLUMNS, csv_bytes, export_bytes, flat_frame, statement_rows
from goftar.store import ArticleMeta
from goftar.store.reviews import Actor, Decision, Reviews

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
TEXT = "در این نشست، کامران نیک‌فر و بهرام سپهری گفتند: همکاری در قالب ۳+۳ ادامه دارد."


@pytest.fixture
def corpus(store, engine):
    article_id = store.add(engine.analyze(TEXT)).article_id
    reviews = Reviews(store)
    item = reviews.queue()[0]
    reviews.save(Actor("ana"), article_id, item.start, item.end,
                 Decision(topics=["3+3", "SCO"], stances={"SCO": "supports"}, tags=["مهم", "پیگیری"], note="یادداشت"),
                 None, speaker_id=item.engine_speaker_id)
    return store


def test_csv_matches_the_frame(corpus):
    written = pd.read_csv(io.BytesIO(csv_bytes(corpus)), encoding="utf-8-sig", keep_default_na=False)
    frame = flat_frame(corpus).astype(str)
    assert list(written.columns) == EXPORT_COLUMNS and len(written) == 2
    assert written.astype(str).to_dict("records") == frame.to_dict("records")


def test_reviewed_row_reads_as_written(corpus):
    rows = pd.read_csv(io.BytesIO(export_bytes(corpus, "csv")), encoding="utf-8-sig", keep_default_na=False)
    reviewed = rows[rows["status"] != "unreviewed"].iloc[0]
    assert (reviewed["topics"], reviewed["tags"], reviewed["stances"]) == ("3+3; SCO", "مهم; پیگیری", '{"SCO": "supports"}')
    assert reviewed["updated_at"].endswith("+00:00") and reviewed["engine_topics"] == "3+3"
    assert len(set(rows["statement_id"])) == 2  # two speakers in one sentence: two ids
    xlsx = pd.read_excel(io.BytesIO(export_bytes(corpus, "xlsx")))
    assert len(xlsx) == 2 and "\u200c" in "".join(xlsx["text"])  # ZWNJ kept


HOSTILE = '=HYPERLINK("http://attacker.invalid/","click")'


def test_spreadsheets_get_inert_text_from_sql_and_jsonl_the_values(store, engine):
    text = "-کامران نیک‌فر سخنگوی ستاد گفت: رشد اقتصادی ثبت شد."
    article_id = store.add(engine.analyze(text), ArticleMeta(title=HOSTILE)).article_id
    # every text field an analyst or a file can set: title, speaker, note, tag and the analyst's own name
    Reviews(store).add_missed(Actor("=ana"), article_id, 0, 13,
                              Decision(speaker="+نسرین افشار", note="@یادداشت", tags=["=1+1", "مرز"]))
    rows = pd.read_csv(io.BytesIO(export_bytes(store, "csv")), encoding="utf-8-sig", keep_default_na=False)
    engine_row, added = rows.iloc[0], rows.iloc[1]
    assert set(rows["article"]) == {"'" + HOSTILE} and engine_row["text"].startswith("'-")
    assert (added["origin"], added["speaker"], added["note"]) == ("analyst", "'+نسرین افشار", "'@یادداشت")
    assert (added["analyst"], added["tags"]) == ("'=ana", "'=1+1; مرز")
    sheet = openpyxl.load_workbook(io.BytesIO(export_bytes(store, "xlsx"))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"] and sheet.sheet_view.rightToLeft
    assert [tuple(c.value for c in row) for row in sheet.iter_rows()] == [
        tuple(None if v == "" else v for v in row) for row in csv_rows(export_bytes(store, "csv"))]
    whole = statement_rows(store)
    assert whole[0]["article"] == HOSTILE and whole[0]["text"].startswith("-") and whole[1]["note"] == "@یادداشت"
    assert whole[1]["analyst"] == "=ana"  # JSONL keeps the values as they are


def csv_rows(data: bytes) -> list[tuple]:
    """CSV rows with numbers and booleans as the workbook holds them."""
    def value(text: str):
        return {"True": True, "False": False}.get(text, int(text) if text.isdigit() else text)

    return [tuple(value(v) for v in row) for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))]


def test_blocks_of_columns_write_what_the_csv_module_writes(database_url):  # (no database needed)
    from goftar.export import UNREVIEWED, _csv_from_columns, _Statements
    from goftar.xlsx import CHUNK_ROWS

    texts = ["گفت: «همکاری ادامه دارد»", 'a "quoted", word', "two\nlines", "plain", "'=cmd"]
    engine = [(f"خبر {n // 7}", n // 7, f"{n}:0-9/1", texts[n % len(texts)], "کامران نیک‌فر", "3+3; SCO" if n % 3 else "")
              for n in range(CHUNK_ROWS * 2 + 50)]
    reviewed_row = ("خبر ۱", 1, engine[9][2], "متن", "کامران نیک‌فر", "بهرام سپهری", "", "SCO", '{"SCO": "supports"}',
                    "مهم", "یادداشت, با ویرگول", "corrected", "ana", "2026-12-01T10:00:00+00:00", "engine", True, "", "")
    added_row = ("خبر ۲", 2, "2:5-9/-", "افزوده", None, "طرفین", "", "", "{}", "", "", "added", "ana", "", "analyst",
                 False, "babak", '{"status": "accepted"}')
    statements = _Statements(engine=engine, reviewed={engine[9][2]: reviewed_row}, added=[added_row])
    rows = statements.rows()
    assert rows[9] == reviewed_row and rows[-1] == added_row and rows[0][8:] == UNREVIEWED
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([EXPORT_COLUMNS, *rows])
    assert _csv_from_columns(EXPORT_COLUMNS, statements.blocks()) == out.getvalue()
