"""Exports of statements (engine and analyst values) and of the per-speaker per-topic summary.

CSV and XLSX cells holding text that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return: a title or note `=HYPERLINK(…)` becomes a live link) get a leading apostrophe, as OWASP advises.
Only text cells are touched: numbers (negative ones included) stay numbers, and JSONL keeps every value as it is.
"""

from __future__ import annotations

import io
import json

import pandas as pd

from goftar.store import Store
from goftar.store.reviews import Reviews

EXPORT_COLUMNS = ["article", "article_id", "statement_id", "text", "engine_speaker", "speaker", "engine_topics",
                  "topics", "stances", "tags", "note", "status", "analyst", "updated_at", "origin", "stale",
                  "previous_analyst", "previous_decision"]
FORMATS = ("csv", "jsonl", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def statement_rows(store: Store) -> list[dict]:
    """One row per statement (engine-found and added by hand) with engine and reviewed values."""
    rows = []
    reviews = Reviews(store)
    previous = reviews.previous_decisions()  # the decision another analyst made before the current one
    for item in reviews.queue(limit=None):
        review = item.review
        before = previous.get(review.id, {}) if review else {}
        rows.append({
            "article": item.article_title, "article_id": item.article_id, "statement_id": item.key,
            "text": item.text, "engine_speaker": item.engine_speaker, "speaker": item.speaker,
            "engine_topics": list(item.engine_topics), "topics": list(item.topics),
            "stances": dict(review.stances) if review else {}, "tags": list(review.tags) if review else [],
            "note": review.note if review else "", "status": item.status,
            "analyst": review.analyst if review else "",
            "updated_at": review.updated_at.isoformat() if review else "",
            "origin": review.origin if review else "engine", "stale": bool(review and review.stale),
            "previous_analyst": before.get("analyst", ""),
            "previous_decision": {k: v for k, v in before.items() if k != "analyst"},
        })
    return rows


def summary_rows(store: Store) -> list[dict]:
    """Statements per speaker and topic (reviewed values first), as behind the charts."""
    return sorted(store.speaker_topic_counts(), key=lambda r: (r["speaker"], r["topic"] or ""))


def _flat(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, list)).any():
            frame[column] = frame[column].map(lambda v: "; ".join(v) if isinstance(v, list) else v)
        elif frame[column].map(lambda v: isinstance(v, dict)).any():
            frame[column] = frame[column].map(lambda v: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v)
    return frame


def to_bytes(rows: list[dict], fmt: str, columns: list[str] | None = None) -> bytes:
    """Encode rows as CSV (UTF-8 with BOM, for Excel), JSONL or XLSX; lists and objects stay whole in JSONL."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows).encode("utf-8")
    frame = neutralised(_flat(rows) if rows else pd.DataFrame(columns=columns or []))
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8-sig")
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="statements")
        sheet = writer.sheets["statements"]
        sheet.sheet_view.rightToLeft = True
    return buffer.getvalue()
