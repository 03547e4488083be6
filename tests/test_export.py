"""goftar.export: the CSV written row by row says what the pandas frame says, on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from conftest import BACKENDS

from goftar.export import EXPORT_COLUMNS, csv_bytes, export_bytes, flat_frame
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
