"""pandas views of analysed articles and of corpus aggregates (pure functions, no Streamlit)."""

from __future__ import annotations

import pandas as pd

from components.palette import NO_TOPIC
from components.reader import role_beside
from goftar.model import Article

# Right to left: the statement's text comes first (the rightmost column), then who said it and about what.
STATEMENT_COLUMNS = ["quote", "speaker", "role", "verbs", "topics", "statement", "sentence", "kind", "status",
                     "speaker_type"]
COUNT_COLUMNS = ["speaker", "speaker_type", "topic", "statements"]
# How a statement was found, in the analyst's words (the engine's `kind` is an internal name).
KIND_LABELS = {
    "colon": "نقل با دونقطه · colon", "verb": "فعل گزارشی · reporting verb", "quote": "نقل در گیومه · quotation",
    "according_to": "به گفتهٔ · according to", "headline": "تیتر · headline", "continuation": "ادامهٔ نقل · continued",
    "document": "سند · document", "analyst": "افزودهٔ تحلیلگر · added by an analyst",
    "answer": "پاسخ مصاحبه · interview answer",
}
STATUS_LABELS = {"unreviewed": "", "accepted": "پذیرفته · accepted", "corrected": "اصلاح‌شده · corrected",
                 "rejected": "ردشده · rejected", "added": "افزوده · added"}
# Column headers: Persian shown, English beside it in the header's tooltip and in exports.
HEADERS = {
    "quote": ("گفته", "statement"), "text": ("گفته", "statement"), "speaker": ("گوینده", "speaker"),
    "role": ("سمت", "role"), "verbs": ("فعل", "verb"), "topics": ("موضوع‌ها", "issues"),
    "statement": ("#", "statement number"), "sentence": ("جمله", "sentence number"), "kind": ("نوع", "kind"),
    "status": ("بازبینی", "review"), "article": ("مقاله", "article"), "date": ("تاریخ", "date"),
    "source": ("منبع", "source"), "speaker_type": ("گونهٔ گوینده", "speaker type"),
    "input": ("ورودی", "input (file, file:line or archive/member)"), "reason": ("دلیل", "reason"),
    # the Quality page's tables
    "measure": ("سنجه", "measure"), "precision": ("دقت", "precision"), "recall": ("بازیابی", "recall"),
    "f1": ("امتیاز F1", "F1 score"), "tp": ("درست", "true positives (TP)"), "fp": ("نادرست", "false positives (FP)"),
    "fn": ("جاافتاده", "false negatives (FN)"), "field": ("زمینه", "field"), "kappa": ("کاپا", "Cohen's kappa"),
    "items": ("موارد مشترک", "shared items"), "caution": ("هشدار", "caution"),
}


def verb_texts(statement) -> str:
    """The reporting verbs as they read in the sentence («گفت»), never the lemma («گفت#گو»); a headline's colon
    or a dash is punctuation, not a verb, and shows as nothing."""
    return "، ".join(v.text for v in statement.verbs if any(ch.isalpha() for ch in v.text))


def statements_frame(article: Article, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per statement, text first: the quote, speaker, role, verbs, issues (labels), then its number and
    sentence counted from 1, how it was found and its review status in Persian; empty where there is nothing (a
    role that only repeats the speaker's name is left out, as the reader does)."""
    labels = labels or {}
    entities = {e.id: e for e in article.entities}
    rows = []
    for statement in article.statements:
        entity = entities.get(statement.speaker_id)
        rows.append({
            "quote": article.text[statement.quote_start : statement.quote_end],
            "speaker": statement.speaker,
            "role": role_beside(statement.speaker, entity.roles) if entity else "",  # never the name again
            "verbs": verb_texts(statement),
            "topics": [labels.get(t, t) for t in statement.topics],
            "statement": statement.index + 1,
            "sentence": statement.sentence + 1,
            "kind": KIND_LABELS.get(statement.kind, statement.kind),
            "status": STATUS_LABELS.get(statement.status, statement.status),
            "speaker_type": statement.speaker_type,
            "topic_ids": list(statement.topics),
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
