"""SQLAlchemy 2 models of the corpus. Works unchanged on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    or_,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from goftar.text import name_key


class Base(DeclarativeBase):
    """Declarative base of every table."""


class ArticleRow(Base):
    """An ingested article: original text, display text and metadata."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str | None] = mapped_column(String(200))
    source_chain: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    url: Mapped[str | None] = mapped_column(String(2000))
    language: Mapped[str] = mapped_column(String(8), default="fa")
    original_text: Mapped[str] = mapped_column(Text)
    display_text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str | None] = mapped_column(String(500))  # file or record it came from
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    engine_version: Mapped[str] = mapped_column(String(32))
    # set for every article when a re-analysis starts, cleared as each is re-analysed: a killed run resumes
    reanalysis_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


def _name_key_of_row(context) -> str:
    return name_key(context.get_current_parameters()["name"])


class PersonRow(Base):
    """A speaker across the corpus (person, organisation, state, document), by canonical name and type.

    One row per spelling-folded name (`name_key`): «حمید رضا آصفی», «حمیدرضا آصفی» and «حميدرضا آصفي» in three
    articles are one speaker, shown as the spelling stored first."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("name", "type", name="uq_people_name_type"),
                      Index("uq_people_key_type", "name_key", "type", unique=True))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str | None] = mapped_column(String(300), default=_name_key_of_row)
    type: Mapped[str] = mapped_column(String(32))
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    roles: Mapped[list] = mapped_column(JSON, default=list)


class StatementRow(Base):
    """A statement found by the engine in an article."""

    __tablename__ = "statements"
    __table_args__ = (Index("ix_statements_article_position", "article_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    sentence_index: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote_start: Mapped[int] = mapped_column(Integer)
    quote_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    mention: Mapped[str] = mapped_column(String(500), default="")
    verbs: Mapped[list] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(32))
    engine_version: Mapped[str] = mapped_column(String(32))


class StatementTopicRow(Base):
    """One issue a statement is about (a row per statement and topic, for GROUP BY)."""

    __tablename__ = "statement_topics"

    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class TopicMentionRow(Base):
    """A surface form of an issue in an article."""

    __tablename__ = "topic_mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(64), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence_index: Mapped[int] = mapped_column(Integer)


class ReviewRow(Base):
    """An analyst's decision on a statement span (engine-found or added by hand); versioned for safe edits.

    Keyed by the span and the engine's speaker (article, start, end, statement_speaker_id), not by the engine's
    statement row, so re-analysis keeps it and two statements in one sentence (coordinated subjects) are reviewed
    apart. Effective values (speaker, topics) are snapshotted, with the engine's values at review time beside them.
    """

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("article_id", "start", "end", "statement_speaker_id", name="uq_reviews_statement"),
        Index("ix_reviews_statement", "article_id", "start", "end"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    # the engine's speaker of the statement (for a statement added by hand: the analyst's speaker); part of the key
    statement_speaker_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", name="fk_reviews_statement_speaker"))
    sentence_hash: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(16))  # engine | analyst
    engine_speaker: Mapped[str | None] = mapped_column(String(300))
    engine_topics: Mapped[list] = mapped_column(JSON, default=list)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    stances: Mapped[dict] = mapped_column(JSON, default=dict)
    tags: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))  # accepted | corrected | rejected
    analyst: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=1)
    stale: Mapped[bool] = mapped_column(default=False)


class ReviewTopicRow(Base):
    """An issue of a reviewed statement (a row per topic, for GROUP BY)."""

    __tablename__ = "review_topics"

    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class ReviewEventRow(Base):
    """One change to a review: who, when, what it was before and after."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"), index=True)
    analyst: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)


class LexiconAdditionRow(Base):
    """What analysts taught the engine: a person's alias, a topic's surface form, a new topic."""

    __tablename__ = "lexicon_additions"
    __table_args__ = (UniqueConstraint("kind", "value", "target", name="uq_lexicon_addition"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # person_alias | topic_form | topic
    value: Mapped[str] = mapped_column(String(300))
    target: Mapped[str] = mapped_column(String(300))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    added_by: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | revoked


class ArticleAnalysisRow(Base):
    """The engine's whole analysis of an article (sentences, entities with mentions, statements, issue spans), as
    compact JSON whose offsets index the article's display text: what the pages render, so every page shows the
    same analysis. `stale` marks an article whose analysis a lexicon or engine change may alter; the background
    re-analysis clears it."""

    __tablename__ = "article_analyses"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    engine_version: Mapped[str] = mapped_column(String(32))
    analysis: Mapped[dict] = mapped_column(JSON)
    stale: Mapped[bool] = mapped_column(default=False, index=True)
    analyzed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CorpusMetaRow(Base):
    """Named values about the whole corpus: `version` (bumped by database triggers on every write, so cached views
    know when to refresh) and `analysis_key` (which engine, lexicon files and analysts' additions the stored
    analyses were made with)."""

    __tablename__ = "corpus_meta"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str | None] = mapped_column(Text)


class SpeakerTopicTotalRow(Base):
    """How many engine statements each speaker makes per issue ('' = no listed issue), over the whole corpus.

    Kept by the Store's analysis writes (added when an article's analysis is written, taken away when it is
    deleted), so Explore's counts read ~one row per speaker and issue instead of grouping every statement."""

    __tablename__ = "speaker_topic_totals"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(64), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


def review_of_statement():
    """Join condition of a review and the engine statement it decides on: the same span, the same engine speaker."""
    return and_(ReviewRow.article_id == StatementRow.article_id, ReviewRow.start == StatementRow.start,
                ReviewRow.end == StatementRow.end, ReviewRow.statement_speaker_id == StatementRow.speaker_id)


def has_effective_topic(topics):
    """A statement (outer-joined to its review) whose effective issues include one of `topics`: the review's when
    an analyst decided, else the engine's."""
    engine_has = StatementRow.id.in_(select(StatementTopicRow.statement_id).where(StatementTopicRow.topic.in_(topics)))
    review_has = ReviewRow.id.in_(select(ReviewTopicRow.review_id).where(ReviewTopicRow.topic.in_(topics)))
    return or_(and_(ReviewRow.id.is_(None), engine_has), review_has)

