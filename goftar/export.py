"""Exports of statements (engine and analyst values) and of the per-speaker per-topic summary.

SQL does the work: two queries return the export's columns ready to write, issues already joined with «; » — every
engine statement, newest article first, with its engine values (read as the driver's plain tuples), and every
review with the analyst's values (those whose statement the engine no longer finds, or that analysts added, are
rows of their own). Python only finishes the few reviewed rows (tags, times, the previous decision). A statement
no analyst reviewed has the same value as every other one in its last ten columns, so the CSV and the workbook
(goftar.xlsx) are written a block of columns at a time (goftar.columns), those columns once per block; JSONL
comes from a frame with lists and objects whole.

CSV and XLSX cells holding text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return: a title or note `=HYPERLINK(…)` becomes a live link) get a leading apostrophe, as OWASP advises.
Only text cells are touched: numbers (negative ones included) stay numbers, and JSONL keeps every value as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC

import pandas as pd
from sqlalchemy import String, Text, case, cast, false, func, literal, select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import aliased

from goftar.columns import Same, block_lines
from goftar.store import Store
from goftar.store.models import (
    ArticleRow,
    PersonRow,
    ReviewRow,
    ReviewTopicRow,
    StatementRow,
    StatementTopicRow,
    review_of_statement,
)
from goftar.store.reviews import Reviews
from goftar.xlsx import CHUNK_ROWS, MIME, xlsx_bytes, xlsx_from_columns

EXPORT_COLUMNS = ["article", "article_id", "statement_id", "text", "engine_speaker", "speaker", "engine_topics",
                  "topics", "stances", "tags", "note", "status", "analyst", "updated_at", "origin", "stale",
                  "previous_analyst", "previous_decision"]
SQL_COLUMNS = EXPORT_COLUMNS[:-2]  # the previous decision comes from the review history, in Python
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_COLUMNS = ("engine_topics", "topics", "tags")
SEPARATOR = "; "
FORMATS = ("csv", "jsonl", "xlsx")
XLSX_MIME = MIME


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


def _inert(column):
    """SQL: `neutralise` of a text column (in the database, not once per cell in Python)."""
    return case((func.substr(column, 1, 1).in_(FORMULA_STARTS), literal("'", String) + column), else_=column)


def _queries(store: Store, inert: bool):
    """Two queries: every engine statement with its engine values, newest article first (most are never
    reviewed: their other columns are the same for all), and every review with its values, keyed by the same
    statement id (those whose statement the engine no longer finds, or that analysts added, give whole rows)."""
    dialect = store.dialect
    shown = _inert if inert else (lambda column: column)
    article = func.coalesce(ArticleRow.title, func.substr(ArticleRow.display_text, 1, 60, type_=String) + "…")

    def statement_id(article_id, start, end, speaker):
        return (_text(article_id) + ":" + _text(start) + "-" + _text(end) + "/"
                + func.coalesce(_text(speaker), "-"))

    # per statement, its issues joined: read from the (statement, topic) key, so in topic order on SQLite too
    # (each issue made inert, so the joined text is: the subquery is then evaluated once per statement)
    engine_topics = (select(_joined(dialect, shown(StatementTopicRow.topic)))
                     .where(StatementTopicRow.statement_id == StatementRow.id).scalar_subquery())
    engine_speaker = aliased(PersonRow)
    engine = (
        select(shown(article).label("article"), StatementRow.article_id,
               statement_id(StatementRow.article_id, StatementRow.start, StatementRow.end,
                            StatementRow.speaker_id).label("statement_id"),
               shown(StatementRow.text).label("text"), shown(engine_speaker.name).label("engine_speaker"),
               func.coalesce(engine_topics, "").label("engine_topics"))
        .join(engine_speaker, engine_speaker.id == StatementRow.speaker_id)
        .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
        .order_by(StatementRow.article_id.desc(), StatementRow.position)
    )
    review_topics = (select(_joined(dialect, ReviewTopicRow.topic))
                     .where(ReviewTopicRow.review_id == ReviewRow.id).scalar_subquery())
    same = review_of_statement()
    reviewed_speaker = aliased(PersonRow)
    engine_name = func.coalesce(engine_speaker.name, ReviewRow.engine_speaker)
    reviews = (
        select(article.label("article"), ReviewRow.article_id,
               statement_id(ReviewRow.article_id, ReviewRow.start, ReviewRow.end,
                            ReviewRow.statement_speaker_id).label("statement_id"),
               func.coalesce(StatementRow.text, func.substr(ArticleRow.display_text, ReviewRow.start + 1,
                                                           ReviewRow.end - ReviewRow.start, type_=String)).label("text"),
               engine_name.label("engine_speaker"),
               func.coalesce(reviewed_speaker.name, engine_name).label("speaker"),
               func.coalesce(engine_topics, "").label("engine_topics"),
               func.coalesce(review_topics, "").label("topics"),
               func.coalesce(cast(ReviewRow.stances, Text), "{}").label("stances"),
               cast(ReviewRow.tags, Text).label("tags"),
               func.coalesce(ReviewRow.note, "").label("note"),
               ReviewRow.status.label("status"),
               func.coalesce(ReviewRow.analyst, "").label("analyst"),
               ReviewRow.updated_at.label("updated_at"),
               func.coalesce(ReviewRow.origin, "engine").label("origin"),
               func.coalesce(ReviewRow.stale, false()).label("stale"),
               ReviewRow.id.label("review_id"), StatementRow.id.is_not(None).label("found"))
        .join(ArticleRow, ArticleRow.id == ReviewRow.article_id)
        .outerjoin(StatementRow, same)
        .outerjoin(engine_speaker, engine_speaker.id == StatementRow.speaker_id)
        .outerjoin(reviewed_speaker, reviewed_speaker.id == ReviewRow.speaker_id)
        .order_by(ReviewRow.article_id.desc(), ReviewRow.start)
    )
    return engine, reviews


# The columns after the engine's of a statement no analyst reviewed (most of them): the same for every one.
UNREVIEWED = ("{}", "", "", "unreviewed", "", "", "engine", False, "", "")


@dataclass(frozen=True)
class _Statements:
    """The export read from the database: `engine` rows (article, article_id, statement_id, text, engine_speaker,
    engine_topics), newest article first; the whole row of each reviewed one by statement id; then the whole rows
    of statements only analysts know."""

    engine: list[tuple]
    reviewed: dict[str, tuple]
    added: list[tuple]

    def whole(self, row: tuple) -> tuple:
        """An engine row in EXPORT_COLUMNS order."""
        reviewed = self.reviewed.get(row[2])
        if reviewed is not None:
            return reviewed
        article, number, sid, text, speaker, topics = row
        return article, number, sid, text, speaker, speaker, topics, topics, *UNREVIEWED

    def rows(self) -> list[tuple]:
        """Every row in EXPORT_COLUMNS order."""
        return [*map(self.whole, self.engine), *self.added]

    def blocks(self):
        """The rows as blocks of columns (goftar.columns): up to CHUNK_ROWS unreviewed engine rows a block (their
        speaker and issues twice, `Same` in every other column), a reviewed or added row a block of its own."""
        count = len(self.engine)
        reviewed = [number for number, row in enumerate(self.engine) if row[2] in self.reviewed] if self.reviewed else []
        start = 0
        for end in [*reviewed, count]:
            for first in range(start, end, CHUNK_ROWS):
                rows = self.engine[first:min(end, first + CHUNK_ROWS)]
                article, number, sid, text, speaker, topics = zip(*rows, strict=True)
                yield [article, number, sid, text, speaker, speaker, topics, topics, *map(Same, UNREVIEWED)]
            if end < count:
                yield [[value] for value in self.reviewed[self.engine[end][2]]]
            start = end + 1
        for row in self.added:
            yield [[value] for value in row]


def _statements(store: Store, *, inert: bool = False) -> _Statements:
    """The export's rows; reviewed ones finished in Python (tags as words, the time in ISO 8601, the decision
    another analyst made before the current one). `inert`: text neutralised for spreadsheets."""
    engine_query, review_query = _queries(store, inert)
    with store.engine.connect() as connection:
        if store.dialect == "postgresql":  # its plan's cost sets off JIT compiling: ~0.2 s more than running it
            connection.execute(sql_text("SET LOCAL jit = off"))
        reviewed = connection.execute(review_query).all()
        result = connection.execute(engine_query)
        engine_rows = result.cursor.fetchall()  # texts and integers: the driver's tuples, no row objects to build
        result.close()
    previous = Reviews(store).previous_decisions() if reviewed else {}

    def finished(review) -> tuple:
        before = previous.get(review.review_id)
        decision = json.dumps({k: v for k, v in before.items() if k != "analyst"}, ensure_ascii=False) if before else ""
        row = (*_finished(review[:16]), before["analyst"] if before else "", decision)
        return tuple(map(neutralise, row)) if inert else row

    return _Statements(engine=engine_rows,
                       reviewed={review.statement_id: finished(review) for review in reviewed if review.found},
                       added=[finished(review) for review in reviewed if not review.found])


def _rows(store: Store, *, inert: bool = False) -> list[tuple]:
    """The export's rows in EXPORT_COLUMNS order: engine statements newest article first (reviewed ones with the
    analyst's values), then statements only analysts know."""
    return _statements(store, inert=inert).rows()


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
    values = dict(zip(SQL_COLUMNS, row, strict=True))
    values["tags"] = _joined_tags(values["tags"])
    values["updated_at"] = _iso(values["updated_at"])
    values["stances"] = json.dumps(json.loads(values["stances"]), ensure_ascii=False)
    return tuple(values.values())


def csv_bytes(store: Store) -> bytes:
    """The statement export as CSV (UTF-8 with BOM, for Excel)."""
    return _csv_from_columns(EXPORT_COLUMNS, _statements(store, inert=True).blocks()).encode("utf-8-sig")


CSV_SPECIAL = (",", '"', "\r", "\n")  # a field holding one of these is quoted, as the csv module does


def _csv_field(value) -> str:
    text = "" if value is None else str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in CSV_SPECIAL) else text


def _csv_fields(values: Sequence) -> Sequence[str]:
    """A column's CSV fields: one scan of the joined texts says whether any needs quotes (the csv module looks
    at every character of every field: most of the export's time, on long statements)."""
    kinds = set(map(type, values))
    if kinds == {str}:
        joined = "".join(values)
        if not any(c in joined for c in CSV_SPECIAL):
            return values
    elif kinds == {int}:
        return list(map(str, values))
    return list(map(_csv_field, values))


def _csv_from_columns(header: list[str], blocks) -> str:
    """CSV text of a header and blocks of columns (goftar.columns): one line per row."""
    lines = [",".join(map(_csv_field, header))]
    for columns in blocks:
        lines.extend(block_lines(columns, _csv_field, _csv_fields, ","))
    return "\n".join(lines) + "\n"


def flat_frame(store: Store) -> pd.DataFrame:
    """One row per statement, one value per cell (issues and tags joined with «; », stances as JSON), values as
    they are (not neutralised). Two SQL queries (three with reviews)."""
    frame = pd.DataFrame.from_records(_rows(store), columns=EXPORT_COLUMNS)
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
    return xlsx_bytes(list(flat.columns), flat.itertuples(index=False, name=None), sheet="statements",
                      right_to_left=True, total=len(flat), progress=progress)


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
    statements = _statements(store, inert=True)
    return xlsx_from_columns(EXPORT_COLUMNS, statements.blocks(), sheet="statements", right_to_left=True,
                             total=len(statements.engine) + len(statements.added), progress=progress)
