"""SQLAlchemy 2 models of the corpus. Works unchanged on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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


class PersonRow(Base):
    """A speaker across the corpus (person, organisation, state, document), by canonical name and type."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("name", "type", name="uq_people_name_type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
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
