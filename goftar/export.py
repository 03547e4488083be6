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


def _fetch(store: Store) -> list:
    """Every statement row (engine-found, then added by hand), newest article first, in text order."""
    with store.engine.connect() as connection:
        rows = [row for query in _queries(store) for row in connection.execute(query).all()]
    rows.sort(key=lambda r: (-r.article_id, r.start))
    return rows


def _topics(joined: str | None) -> list[str]:
    return sorted(joined.split("|")) if joined else []


def _title(row) -> str:
    return row.title or " ".join((row.opening or "").split()[:7]) + "…"


def _columns(rows: list) -> dict[str, list]:
    """The export's columns with lists and objects whole."""
    reviewed = [r.review_id is not None for r in rows]
    return {
        "article": [_title(r) for r in rows],
        "article_id": [r.article_id for r in rows],
        "statement_id": [f"{r.article_id}:{r.start}-{r.end}/{'-' if r.key_speaker is None else r.key_speaker}"
                         for r in rows],
        "text": [r.text or "" for r in rows],
        "engine_speaker": [r.engine_speaker for r in rows],
        "speaker": [r.speaker if done and r.speaker else r.engine_speaker for r, done in zip(rows, reviewed, strict=True)],
        "engine_topics": [_topics(r.engine_topics) for r in rows],
        "topics": [_topics(r.topics if done else r.engine_topics) for r, done in zip(rows, reviewed, strict=True)],
        "stances": [dict(r.stances or {}) for r in rows],
        "tags": [list(r.tags or []) for r in rows],
        "note": [r.note or "" for r in rows],
        "status": [r.status or "unreviewed" for r in rows],
        "analyst": [r.analyst or "" for r in rows],
        "updated_at": [_iso(r.updated_at) for r in rows],
        "origin": [r.origin or "engine" for r in rows],
        "stale": [bool(r.stale) for r in rows],
    }


def statement_frame(store: Store) -> pd.DataFrame:
    """One row per statement (engine-found and added by hand) with engine and reviewed values (lists and objects
    whole): two SQL queries."""
    return pd.DataFrame(_columns(_fetch(store)), columns=EXPORT_COLUMNS)


def flat_frame(store: Store) -> pd.DataFrame:
    """The same with one value per cell, for CSV and Excel: lists joined with «; », objects as JSON."""
    columns = _columns(_fetch(store))
    for name in LIST_COLUMNS:
        columns[name] = ["; ".join(values) for values in columns[name]]
    columns["stances"] = [json.dumps(v, ensure_ascii=False) if v else "{}" for v in columns["stances"]]
    return pd.DataFrame(columns, columns=EXPORT_COLUMNS)


def _iso(moment) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is None:  # SQLite hands back naive UTC times
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
    return _xlsx(flat.astype(object).where(flat.notna(), None), progress)


def _xlsx(frame: pd.DataFrame, progress: Callable[[int, int], None] | None) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("statements")
    sheet.sheet_view.rightToLeft = True
    sheet.append(list(frame.columns))
    total = len(frame)
    for number, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        sheet.append(row)
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
    if fmt == "jsonl":
        return frame_bytes(statement_frame(store), fmt)
    flat = flat_frame(store)
    return flat.to_csv(index=False).encode("utf-8-sig") if fmt == "csv" else _xlsx(flat, progress)
