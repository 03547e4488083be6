"""Exports of statements (engine and analyst values) and of the per-speaker per-topic summary.

The statement export is read with two SQL queries (engine statements with their reviews; statements analysts
added by hand or the engine no longer finds) into one pandas frame, then written in one pass: CSV by pandas,
XLSX streamed row by row (openpyxl write-only), JSONL line by line. Nothing is built per row in Python objects.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC

import pandas as pd
from sqlalchemy import and_, func, literal, select
from sqlalchemy.orm import aliased

from goftar.store import Store
from goftar.store.models import (
    ArticleRow,
    PersonRow,
    ReviewRow,
    ReviewTopicRow,
    StatementRow,
    StatementTopicRow,
)

EXPORT_COLUMNS = ["article", "article_id", "statement_id", "text", "engine_speaker", "speaker", "engine_topics",
                  "topics", "stances", "tags", "note", "status", "analyst", "updated_at", "origin", "stale"]
LIST_COLUMNS = ("engine_topics", "topics", "tags")
FORMATS = ("csv", "jsonl", "xlsx")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _joined(dialect: str, column):
    return func.string_agg(column, "|") if dialect == "postgresql" else func.group_concat(column, "|")


def _queries(store: Store):
    engine_speaker, reviewed = aliased(PersonRow), aliased(PersonRow)
    engine_topics = (select(_joined(store.dialect, StatementTopicRow.topic))
                     .where(StatementTopicRow.statement_id == StatementRow.id).scalar_subquery())
    review_topics = (select(_joined(store.dialect, ReviewTopicRow.topic))
                     .where(ReviewTopicRow.review_id == ReviewRow.id).scalar_subquery())
    same = and_(ReviewRow.article_id == StatementRow.article_id, ReviewRow.start == StatementRow.start,
                ReviewRow.end == StatementRow.end, ReviewRow.statement_speaker_id == StatementRow.speaker_id)
    review_columns = (ReviewRow.id.label("review_id"), reviewed.name.label("speaker"), ReviewRow.stances,
                      ReviewRow.tags, ReviewRow.note, ReviewRow.status, ReviewRow.analyst, ReviewRow.updated_at,
                      ReviewRow.origin, ReviewRow.stale, review_topics.label("topics"))
    article_columns = (ArticleRow.title, func.substr(ArticleRow.display_text, 1, 80).label("opening"))
    found = (
        select(StatementRow.article_id, StatementRow.start, StatementRow.end,
               StatementRow.speaker_id.label("key_speaker"), StatementRow.text,
               engine_speaker.name.label("engine_speaker"), engine_topics.label("engine_topics"),
               *review_columns, *article_columns)
        .join(engine_speaker, engine_speaker.id == StatementRow.speaker_id)
        .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
        .outerjoin(ReviewRow, same)
        .outerjoin(reviewed, reviewed.id == ReviewRow.speaker_id)
    )
    orphan = ~select(StatementRow.id).where(same).exists()
    added = (
        select(ReviewRow.article_id, ReviewRow.start, ReviewRow.end, ReviewRow.statement_speaker_id.label("key_speaker"),
               func.substr(ArticleRow.display_text, ReviewRow.start + 1, ReviewRow.end - ReviewRow.start).label("text"),
               ReviewRow.engine_speaker, literal(None).label("engine_topics"), *review_columns, *article_columns)
        .join(ArticleRow, ArticleRow.id == ReviewRow.article_id)
        .outerjoin(reviewed, reviewed.id == ReviewRow.speaker_id)
        .where(orphan)
    )
    return found, added


def _split(values: pd.Series) -> pd.Series:
    return values.map(lambda v: sorted(v.split("|")) if isinstance(v, str) and v else [])


def statement_frame(store: Store) -> pd.DataFrame:
    """One row per statement (engine-found and added by hand) with engine and reviewed values: two SQL queries."""
    with store.engine.connect() as connection:
        parts = [pd.DataFrame(connection.execute(query).mappings().all()) for query in _queries(store)]
    parts = [part for part in parts if not part.empty]
    if not parts:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    frame = pd.concat(parts, ignore_index=True).sort_values(["article_id", "start"], ascending=[False, True],
                                                            kind="stable")
    reviewed = frame["review_id"].notna()
    opening = frame["opening"].fillna("").map(lambda text: " ".join(text.split()[:7]) + "…")
    out = pd.DataFrame({
        "article": frame["title"].where(frame["title"].notna(), opening),
        "article_id": frame["article_id"].astype(int),
        "statement_id": (frame["article_id"].astype(int).astype(str) + ":" + frame["start"].astype(int).astype(str)
                         + "-" + frame["end"].astype(int).astype(str) + "/"
                         + frame["key_speaker"].map(lambda v: "-" if pd.isna(v) else str(int(v)))),
        "text": frame["text"].fillna(""),
        "engine_speaker": frame["engine_speaker"],
        "speaker": frame["speaker"].where(reviewed & frame["speaker"].notna(), frame["engine_speaker"]),
        "engine_topics": _split(frame["engine_topics"]),
        "topics": _split(frame["topics"].where(reviewed, frame["engine_topics"])),
        "stances": frame["stances"].map(lambda v: v if isinstance(v, dict) else {}),
        "tags": frame["tags"].map(lambda v: list(v) if isinstance(v, list) else []),
        "note": frame["note"].fillna(""),
        "status": frame["status"].fillna("unreviewed"),
        "analyst": frame["analyst"].fillna(""),
        "updated_at": frame["updated_at"].map(_iso),
        "origin": frame["origin"].fillna("engine"),
        "stale": frame["stale"].map(lambda v: bool(v) if not pd.isna(v) else False),
    })
    return out.reset_index(drop=True)


def _iso(moment) -> str:
    if moment is None or (not isinstance(moment, str) and pd.isna(moment)):
        return ""
    if getattr(moment, "tzinfo", 1) is None:  # SQLite hands back naive UTC times
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def statement_rows(store: Store) -> list[dict]:
    """One row per statement as plain dicts (lists and objects whole)."""
    return statement_frame(store).to_dict("records")


def summary_rows(store: Store) -> list[dict]:
    """Statements per speaker and topic (reviewed values first), as behind the charts."""
    return sorted(store.speaker_topic_counts(), key=lambda r: (r["speaker"], r["topic"] or ""))


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with «; », objects as JSON: one cell per value, for CSV and Excel."""
    frame = frame.copy()
    for column in frame.columns:
        sample = frame[column].dropna()
        if sample.empty:
            continue
        if sample.map(lambda v: isinstance(v, list)).any():
            frame[column] = frame[column].map(lambda v: "; ".join(v) if isinstance(v, list) else v)
        elif sample.map(lambda v: isinstance(v, dict)).any():
            frame[column] = frame[column].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v)
    return frame


def frame_bytes(frame: pd.DataFrame, fmt: str, progress: Callable[[int, int], None] | None = None) -> bytes:
    """Encode a frame as CSV (UTF-8 with BOM, for Excel), JSONL or XLSX (streamed, right to left)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt == "jsonl":
        return frame.to_json(orient="records", lines=True, force_ascii=False, date_format="iso").encode("utf-8")
    flat = _flat(frame)
    if fmt == "csv":
        return flat.to_csv(index=False).encode("utf-8-sig")
    return _xlsx(flat, progress)


def _xlsx(frame: pd.DataFrame, progress: Callable[[int, int], None] | None) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("statements")
    sheet.sheet_view.rightToLeft = True
    sheet.append(list(frame.columns))
    total = len(frame)
    for number, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        sheet.append([None if (not isinstance(v, (list, dict, str)) and pd.isna(v)) else v for v in row])
        if progress and number % 2000 == 0:
            progress(number, total)
    buffer = io.BytesIO()
    book.save(buffer)
    if progress:
        progress(total, total)
    return buffer.getvalue()


def to_bytes(rows: list[dict], fmt: str, columns: list[str] | None = None) -> bytes:
    """Encode rows (dicts) as CSV, JSONL or XLSX; lists and objects stay whole in JSONL."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows).encode("utf-8")
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=columns or [])
    return frame_bytes(frame, fmt)


def export_bytes(store: Store, fmt: str, *, summary: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> bytes:
    """The statements (or the summary) of the whole corpus in one format."""
    if summary:
        return to_bytes(summary_rows(store), fmt)
    return frame_bytes(statement_frame(store), fmt, progress)
