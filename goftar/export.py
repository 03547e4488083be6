"""Exports of statements (engine and analyst values) and of the per-speaker per-topic summary.

SQL does the work: two queries (engine statements with their reviews, newest article first; then statements
analysts added by hand or the engine no longer finds) return the export's columns ready to write, issues already
joined with «; »; Python only fixes the few reviewed rows (tags, times) and hands the frame to pandas `to_csv`, to
a streamed write-only workbook, or to JSONL with lists and objects whole.

CSV and XLSX cells holding text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return: a title or note `=HYPERLINK(…)` becomes a live link) get a leading apostrophe, as OWASP advises.
Only text cells are touched: numbers (negative ones included) stay numbers, and JSONL keeps every value as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC

import pandas as pd
from sqlalchemy import String, Text, and_, case, cast, false, func, literal, select
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
from goftar.store.reviews import Reviews

EXPORT_COLUMNS = ["article", "article_id", "statement_id", "text", "engine_speaker", "speaker", "engine_topics",
                  "topics", "stances", "tags", "note", "status", "analyst", "updated_at", "origin", "stale",
                  "previous_analyst", "previous_decision"]
SQL_COLUMNS = EXPORT_COLUMNS[:-2]  # the previous decision comes from the review history, in Python
UPDATED_AT = EXPORT_COLUMNS.index("updated_at")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_COLUMNS = ("engine_topics", "topics", "tags")
SEPARATOR = "; "
FORMATS = ("csv", "jsonl", "xlsx")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _joined(dialect: str, column):
    if dialect == "postgresql":
        return func.string_agg(column, aggregate_order_by(column, SEPARATOR))
    return func.group_concat(column, SEPARATOR)  # in index order: (statement, topic), so sorted


def aggregate_order_by(column, separator):
    """PostgreSQL's `string_agg(topic, '; ' ORDER BY topic)`."""
    from sqlalchemy.dialects.postgresql import aggregate_order_by as ordered

    return ordered(literal(separator), column)


def _text(value) -> object:
    return cast(value, String)


def _queries(store: Store):
    dialect = store.dialect
    engine_speaker, reviewed = aliased(PersonRow), aliased(PersonRow)
    engine_topics = (select(StatementTopicRow.statement_id, _joined(dialect, StatementTopicRow.topic).label("joined"))
                     .group_by(StatementTopicRow.statement_id).subquery("engine_topics"))
    review_topics = (select(ReviewTopicRow.review_id, _joined(dialect, ReviewTopicRow.topic).label("joined"))
                     .group_by(ReviewTopicRow.review_id).subquery("review_topics"))
    same = and_(ReviewRow.article_id == StatementRow.article_id, ReviewRow.start == StatementRow.start,
                ReviewRow.end == StatementRow.end, ReviewRow.statement_speaker_id == StatementRow.speaker_id)
    article = func.coalesce(ArticleRow.title, func.substr(ArticleRow.display_text, 1, 60, type_=String) + "…")

    def statement_id(article_id, start, end, speaker):
        return (_text(article_id) + ":" + _text(start) + "-" + _text(end) + "/"
                + func.coalesce(_text(speaker), "-"))

    def review_columns(engine_speaker_name, engine_joined):
        reviewed_row = ReviewRow.id.is_not(None)
        return (
            engine_speaker_name.label("engine_speaker"),
            func.coalesce(reviewed.name, engine_speaker_name).label("speaker"),
            func.coalesce(engine_joined, "").label("engine_topics"),
            case((reviewed_row, func.coalesce(review_topics.c.joined, "")),
                 else_=func.coalesce(engine_joined, "")).label("topics"),
            func.coalesce(cast(ReviewRow.stances, Text), "{}").label("stances"),
            cast(ReviewRow.tags, Text).label("tags"),
            func.coalesce(ReviewRow.note, "").label("note"),
            func.coalesce(ReviewRow.status, "unreviewed").label("status"),
            func.coalesce(ReviewRow.analyst, "").label("analyst"),
            ReviewRow.updated_at.label("updated_at"),
            func.coalesce(ReviewRow.origin, "engine").label("origin"),
            func.coalesce(ReviewRow.stale, false()).label("stale"),
            ReviewRow.id.label("review_id"),
        )

    found = (
        select(article.label("article"), StatementRow.article_id,
               statement_id(StatementRow.article_id, StatementRow.start, StatementRow.end,
                            StatementRow.speaker_id).label("statement_id"),
               StatementRow.text, *review_columns(engine_speaker.name, engine_topics.c.joined))
        .join(engine_speaker, engine_speaker.id == StatementRow.speaker_id)
        .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
        .outerjoin(engine_topics, engine_topics.c.statement_id == StatementRow.id)
        .outerjoin(ReviewRow, same)
        .outerjoin(reviewed, reviewed.id == ReviewRow.speaker_id)
        .outerjoin(review_topics, review_topics.c.review_id == ReviewRow.id)
        .order_by(StatementRow.article_id.desc(), StatementRow.position)
    )
    added = (
        select(article.label("article"), ReviewRow.article_id,
               statement_id(ReviewRow.article_id, ReviewRow.start, ReviewRow.end,
                            ReviewRow.statement_speaker_id).label("statement_id"),
               func.substr(ArticleRow.display_text, ReviewRow.start + 1, ReviewRow.end - ReviewRow.start,
                           type_=String).label("text"),
               *review_columns(ReviewRow.engine_speaker, literal(None, String)))
        .join(ArticleRow, ArticleRow.id == ReviewRow.article_id)
        .outerjoin(reviewed, reviewed.id == ReviewRow.speaker_id)
        .outerjoin(review_topics, review_topics.c.review_id == ReviewRow.id)
        .where(~select(StatementRow.id).where(same).exists())
        .order_by(ReviewRow.article_id.desc(), ReviewRow.start)
    )
    return found, added


def _rows(store: Store) -> list[tuple]:
    """The export's rows in EXPORT_COLUMNS order: SQL's columns, then the decision another analyst made before the
    current one (from the review history; read only when there are reviews)."""
    with store.engine.connect() as connection:
        found = [row for query in _queries(store) for row in connection.execute(query).all()]
    previous = Reviews(store).previous_decisions() if any(row.review_id for row in found) else {}
    rows = []
    for row in found:
        before = previous.get(row.review_id)
        decision = json.dumps({k: v for k, v in before.items() if k != "analyst"}, ensure_ascii=False) if before else ""
        rows.append((*row[:-1], before["analyst"] if before else "", decision))
    return rows


def neutralise(value):
    """A text cell made inert for spreadsheets (a leading `'`); any other value unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` with every text cell neutralised (numeric columns are left alone)."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(neutralise)
    return frame


def frame_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table the app offers for download, as CSV for Excel (UTF-8 with BOM), formulas neutralised."""
    return neutralised(frame).to_csv(index=False).encode("utf-8-sig")


def _finished(row) -> tuple:
    """A reviewed row with tags as words, the time in ISO 8601 with its zone, stances without escapes."""
    values = dict(zip(EXPORT_COLUMNS, row, strict=True))
    values["tags"] = _joined_tags(values["tags"])
    values["updated_at"] = _iso(values["updated_at"])
    values["stances"] = json.dumps(json.loads(values["stances"]), ensure_ascii=False)
    return tuple(values.values())


def csv_bytes(store: Store) -> bytes:
    """The statement export as CSV (UTF-8 with BOM, for Excel), written row by row by the csv module: the rows
    come from SQL ready to write, only reviewed ones are touched in Python."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows([neutralise(v) for v in (row if row[UPDATED_AT] is None else _finished(row))]
                     for row in _rows(store))
    return out.getvalue().encode("utf-8-sig")


def flat_frame(store: Store) -> pd.DataFrame:
    """One row per statement, one value per cell (issues and tags joined with «; », stances as JSON): the CSV
    and Excel export. Two SQL queries."""
    frame = pd.DataFrame.from_records(_rows(store), columns=EXPORT_COLUMNS)
    reviewed = frame["updated_at"].notna()
    times = pd.Series("", index=frame.index, dtype=object)
    tags = pd.Series("", index=frame.index, dtype=object)
    if reviewed.any():  # the few reviewed rows: tags as words, times as ISO 8601 with the zone
        times[reviewed] = [_iso(t) for t in frame.loc[reviewed, "updated_at"]]
        tags[reviewed] = [_joined_tags(t) for t in frame.loc[reviewed, "tags"]]
        frame.loc[reviewed, "stances"] = [json.dumps(json.loads(v), ensure_ascii=False)
                                          for v in frame.loc[reviewed, "stances"]]
    frame["updated_at"] = times
    frame["tags"] = tags
    frame["stale"] = frame["stale"].astype(bool)
    return frame


def _joined_tags(raw: str | None) -> str:
    return SEPARATOR.join(json.loads(raw)) if raw else ""


def _iso(moment) -> str:
    stamp = pd.Timestamp(moment)
    return (stamp.tz_localize(UTC) if stamp.tzinfo is None else stamp).isoformat()  # SQLite keeps UTC without zone


def statement_frame(store: Store) -> pd.DataFrame:
    """The same rows with lists and objects whole (for JSONL and `statement_rows`)."""
    frame = flat_frame(store)
    for column in LIST_COLUMNS:
        frame[column] = frame[column].map(lambda v: v.split(SEPARATOR) if v else [])
    frame["stances"] = frame["stances"].map(json.loads)
    frame["previous_decision"] = frame["previous_decision"].map(lambda v: json.loads(v) if v else {})
    return frame


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
        values = frame[column].tolist()
        if any(isinstance(v, list) for v in values):
            frame[column] = [SEPARATOR.join(v) if isinstance(v, list) else v for v in values]
        elif any(isinstance(v, dict) for v in values):
            frame[column] = [json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v for v in values]
    return frame


def frame_bytes(frame: pd.DataFrame, fmt: str, progress: Callable[[int, int], None] | None = None) -> bytes:
    """Encode a frame as CSV (UTF-8 with BOM, for Excel), JSONL or XLSX (streamed, right to left)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt == "jsonl":
        return frame.to_json(orient="records", lines=True, force_ascii=False, date_format="iso").encode("utf-8")
    flat = neutralised(_flat(frame))
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
    if fmt == "csv":
        return csv_bytes(store)
    return _xlsx(neutralised(flat_frame(store)), progress)
