"""pandas views of analysed articles and of corpus aggregates (pure functions, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from components.palette import NO_TOPIC
from goftar.model import Article

STATEMENT_COLUMNS = ["statement", "speaker", "speaker_type", "role", "verbs", "topics", "quote", "sentence", "kind",
                     "status"]
COUNT_COLUMNS = ["speaker", "speaker_type", "topic", "statements"]


def statements_frame(article: Article, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per statement: speaker, verbs, topics (labels), the quote text, its sentence position."""
    labels = labels or {}
    entities = {e.id: e for e in article.entities}
    rows = []
    for statement in article.statements:
        entity = entities[statement.speaker_id]
        rows.append({
            "statement": statement.index,
            "speaker": statement.speaker,
            "speaker_type": statement.speaker_type,
            "role": entity.roles[0] if entity.roles else "",
            "verbs": "، ".join(v.text for v in statement.verbs),
            "topics": [labels.get(t, t) for t in statement.topics],
            "topic_ids": list(statement.topics),
            "quote": article.text[statement.quote_start : statement.quote_end],
            "sentence": statement.sentence + 1,
            "kind": statement.kind,
            "status": statement.status,
        })
    return pd.DataFrame(rows, columns=[*STATEMENT_COLUMNS, "topic_ids"])


def speaker_topic_counts(article: Article) -> pd.DataFrame:
    """Statement counts per (speaker, topic) for one article; statements on no listed issue count under «—»."""
    rows = []
    for statement in article.statements:
        for topic in statement.topics or (NO_TOPIC,):
            rows.append({"speaker": statement.speaker, "speaker_type": statement.speaker_type, "topic": topic})
    if not rows:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    frame = pd.DataFrame(rows)
    return frame.groupby(["speaker", "speaker_type", "topic"], as_index=False).size().rename(
        columns={"size": "statements"}
    )


def counts_from_rows(rows: list[dict]) -> pd.DataFrame:
    """Corpus aggregate rows from the store (topic None → «—») as the same frame the charts take."""
    frame = pd.DataFrame(rows, columns=COUNT_COLUMNS)
    frame["topic"] = frame["topic"].fillna(NO_TOPIC)
    return frame


def filter_statements(frame: pd.DataFrame, speakers: list[str] | None = None, topics: list[str] | None = None) -> pd.DataFrame:
    """Rows whose speaker is among `speakers` and that mention any of `topics` (ids); empty lists filter nothing."""
    mask = pd.Series(True, index=frame.index)
    if speakers:
        mask &= frame["speaker"].isin(speakers)
    if topics:
        wanted = set(topics)
        mask &= frame["topic_ids"].apply(
            lambda ids: bool(wanted & set(ids)) or (NO_TOPIC in wanted and not ids)
        )
    return frame[mask]
