"""The corpus store: articles, speakers, statements and issues, one transaction per article.

SQLite (a WAL-mode file under `data/`) by default; `GOFTAR_DATABASE_URL` switches to PostgreSQL with no other change.
Aggregates for the charts are computed with SQL GROUP BY, never by loading every row.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import and_, create_engine, delete, event, func, insert, literal, or_, select, union_all, update
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from goftar.model import Article
from goftar.store.models import (
    ArticleRow,
    PersonRow,
    ReviewRow,
    ReviewTopicRow,
    SpeakerTopicTotalRow,
    StatementRow,
    StatementTopicRow,
    TopicMentionRow,
)
from goftar.store.roles import LOCAL_ADMIN, Actor

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DATABASE_PATH = ROOT / "data" / "goftar.db"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def database_url() -> str:
    """`GOFTAR_DATABASE_URL`, or the embedded SQLite file."""
    return os.environ.get("GOFTAR_DATABASE_URL") or f"sqlite:///{DEFAULT_DATABASE_PATH}"


# Column widths of the article metadata (models.ArticleRow): longer values are cut here, identically on SQLite
# (which would store them whole) and PostgreSQL (which would refuse the row).
META_LIMITS = {"title": 500, "source": 200, "url": 2000, "origin": 500}


def _fit(value: str | None, limit: int) -> str | None:
    """A metadata value both databases store alike: NUL removed (PostgreSQL refuses it), cut to the column."""
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return value or None


def store_failure_reason(error: Exception) -> str:
    """A short reason for an article that could not be stored (a driver's message can run to thousands of chars)."""
    first_line = (str(getattr(error, "orig", None) or error).strip().splitlines() or [""])[0]
    if len(first_line) > 160:
        first_line = first_line[:159] + "…"
    return f"ذخیره نشد — could not be stored ({type(error).__name__}: {first_line})"


def content_hash(display_text: str) -> str:
    """Identity of an article: the hash of its normalised display text (whitespace-insensitive)."""
    return hashlib.sha256(" ".join(display_text.split()).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ArticleMeta:
    """What is known about an article besides its text."""

    title: str | None = None
    source: str | None = None
    published: date | None = None
    url: str | None = None
    origin: str | None = None


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored: metadata and texts."""

    id: int
    title: str | None
    source: str | None
    source_chain: str | None
    published: date | None
    url: str | None
    original_text: str
    display_text: str
    origin: str | None
    ingested_at: datetime
    engine_version: str
    statements: int = 0


@dataclass(frozen=True)
class AddResult:
    """Outcome of storing one article."""

    status: str  # imported | duplicate
    article_id: int


class Store:
    """Repository over one database URL."""

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or database_url()
        if self.url.startswith("sqlite:///") and not self.url.startswith("sqlite:///:memory:"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: SqlEngine = create_engine(self.url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if migrate:
            self.migrate()

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()

    # --- writing -------------------------------------------------------------------------------------------
    def add(self, article: Article, meta: ArticleMeta | None = None, *, actor: Actor = LOCAL_ADMIN) -> AddResult:
        """Store an analysed article in one transaction; an article with the same text is a duplicate.

        Needs the analyst role: the app passes the signed-in actor, so a viewer's add is refused here."""
        actor.require("analyst")
        meta = meta or ArticleMeta()
        meta = ArticleMeta(title=_fit(meta.title or article.title, META_LIMITS["title"]),
                           source=_fit(meta.source or article.source, META_LIMITS["source"]),
                           published=meta.published, url=_fit(meta.url, META_LIMITS["url"]),
                           origin=_fit(meta.origin, META_LIMITS["origin"]))
        digest = content_hash(article.text)
        with self.engine.begin() as connection:
            existing = connection.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest))
            if existing is not None:
                return AddResult("duplicate", existing)
            try:
                with connection.begin_nested():
                    article_id = connection.scalar(
                        insert(ArticleRow).returning(ArticleRow.id).values(
                            title=meta.title, source=meta.source,
                            source_chain=_fit(" ← ".join(article.sources), 500), published=meta.published,
                            url=meta.url, language="fa", original_text=article.original, display_text=article.text,
                            content_hash=digest, origin=meta.origin, ingested_at=datetime.now(UTC),
                            engine_version=article.engine_version,
                        )
                    )
                    self._write_analysis(connection, article_id, article)
            except IntegrityError:  # another writer stored the same text meanwhile
                existing = connection.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest))
                if existing is None:
                    raise
                return AddResult("duplicate", existing)
        return AddResult("imported", article_id)

    def _write_analysis(self, connection, article_id: int, article: Article) -> None:
        speaker_ids = {}
        for entity in article.speakers:
            speaker_ids[entity.id] = self._person_id(connection, entity)
        if article.statements:
            statement_ids = connection.scalars(
                insert(StatementRow).returning(StatementRow.id, sort_by_parameter_order=True),
                [
                    {
                        "article_id": article_id, "position": st.index, "sentence_index": st.sentence,
                        "start": st.start, "end": st.end, "quote_start": st.quote_start, "quote_end": st.quote_end,
                        "text": st.text, "speaker_id": speaker_ids[st.speaker_id],
                        "mention": st.mention.text if st.mention else "", "verbs": [v.text for v in st.verbs],
                        "kind": st.kind, "engine_version": article.engine_version,
                    }
                    for st in article.statements
                ],
            ).all()
            topic_rows = [
                {"statement_id": statement_id, "topic": topic}
                for statement_id, st in zip(statement_ids, article.statements, strict=True)
                for topic in st.topics
            ]
            if topic_rows:
                connection.execute(insert(StatementTopicRow), topic_rows)
        if article.topic_mentions:
            connection.execute(
                insert(TopicMentionRow),
                [
                    {"article_id": article_id, "topic": t.topic, "start": t.start, "end": t.end,
                     "sentence_index": t.sentence}
                    for t in article.topic_mentions
                ],
            )
        from goftar.store.analysis import write_analysis  # the pages render this, never a fresh analysis

        write_analysis(connection, article_id, article)

    def _person_id(self, connection, entity) -> int:
        row = connection.execute(
            select(PersonRow.id, PersonRow.aliases, PersonRow.roles).where(
                PersonRow.name == entity.name, PersonRow.type == entity.type
            )
        ).first()
        if row is None:
            try:
                with connection.begin_nested():
                    return connection.scalar(
                        insert(PersonRow).returning(PersonRow.id).values(
                            name=entity.name, type=entity.type, aliases=list(entity.aliases), roles=list(entity.roles)
                        )
                    )
            except IntegrityError:  # created by a concurrent writer
                return self._person_id(connection, entity)
        aliases = list(row.aliases or []) + [a for a in entity.aliases if a not in (row.aliases or [])]
        roles = list(row.roles or []) + [r for r in entity.roles if r not in (row.roles or [])]
        if aliases != list(row.aliases or []) or roles != list(row.roles or []):
            connection.execute(update(PersonRow).where(PersonRow.id == row.id).values(aliases=aliases, roles=roles))
        return row.id

    def delete_article(self, article_id: int, *, actor: Actor = LOCAL_ADMIN) -> None:
        """Remove an article and everything found in it (admin only)."""
        actor.require("admin")
        with self.engine.begin() as connection:
            self._delete_analysis(connection, article_id)
            connection.execute(delete(ArticleRow).where(ArticleRow.id == article_id))

    def _delete_analysis(self, connection, article_id: int) -> None:
        from goftar.store.analysis import delete_analysis  # first: the search index finds statements by article

        delete_analysis(connection, article_id)
        statement_ids = select(StatementRow.id).where(StatementRow.article_id == article_id)
        connection.execute(delete(StatementTopicRow).where(StatementTopicRow.statement_id.in_(statement_ids)))
        connection.execute(delete(StatementRow).where(StatementRow.article_id == article_id))
        connection.execute(delete(TopicMentionRow).where(TopicMentionRow.article_id == article_id))

    def reanalyze(self, analyze: Callable[..., Article], progress: Callable[[int, int], None] | None = None,
                  article_ids: Iterable[int] | None = None, *, actor: Actor = LOCAL_ADMIN) -> int:
        """Re-run the engine over every stored article, or only `article_ids` (after the engine or lexicons
        changed); admin only."""
        actor.require("admin")
        ids = self.article_ids() if article_ids is None else list(article_ids)
        for done, article_id in enumerate(ids, start=1):
            stored = self.article(article_id)
            article = analyze(stored.original_text, title=None)
            with self.engine.begin() as connection:
                self._delete_analysis(connection, article_id)
                self._write_analysis(connection, article_id, article)
                connection.execute(
                    update(ArticleRow).where(ArticleRow.id == article_id).values(
                        engine_version=article.engine_version, display_text=article.text,
                        source_chain=_fit(" ← ".join(article.sources), 500),
                    )
                )
            if progress:
                progress(done, len(ids))
        from goftar.store.reviews import Reviews  # reviews are kept (matched by span); flag changed sentences

        Reviews(self).flag_changed_sentences()
        return len(ids)

    # --- reading -------------------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Articles, statements and speakers in the corpus."""
        with self.engine.connect() as connection:
            return {
                "articles": connection.scalar(select(func.count()).select_from(ArticleRow)) or 0,
                "statements": connection.scalar(select(func.count()).select_from(StatementRow)) or 0,
                "people": connection.scalar(select(func.count()).select_from(PersonRow)) or 0,
            }

    def article_ids(self) -> list[int]:
        """Every article id, oldest first."""
        with self.engine.connect() as connection:
            return list(connection.scalars(select(ArticleRow.id).order_by(ArticleRow.id)))

    def has_text(self, display_text: str) -> int | None:
        """Id of the stored article with this display text, if any."""
        with self.engine.connect() as connection:
            return connection.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == content_hash(display_text)))

    def articles(self) -> list[StoredArticle]:
        """Every article with its statement count, newest first; texts are cut to their first 200 characters."""
        counts = (
            select(StatementRow.article_id, func.count().label("n")).group_by(StatementRow.article_id).subquery()
        )
        columns = [c for c in ArticleRow.__table__.c if c.name not in ("original_text", "display_text")]
        query = (
            select(*columns, func.substr(ArticleRow.display_text, 1, 200).label("display_text"),
                   func.substr(ArticleRow.original_text, 1, 200).label("original_text"),
                   func.coalesce(counts.c.n, 0).label("statement_count"))
            .outerjoin(counts, counts.c.article_id == ArticleRow.id)
            .order_by(ArticleRow.id.desc())
        )
        with self.engine.connect() as connection:
            return [_stored(row._mapping) for row in connection.execute(query)]

    def article(self, article_id: int) -> StoredArticle:
        """One article by id (KeyError if absent)."""
        with self.engine.connect() as connection:
            row = connection.execute(select(*ArticleRow.__table__.c).where(ArticleRow.id == article_id)).first()
        if row is None:
            raise KeyError(article_id)
        return _stored(row._mapping)

    def speaker_topic_counts(self, article_ids: Iterable[int] | None = None) -> list[dict]:
        """Statement counts per (speaker, speaker type, topic), reviewed values first; topic None = no listed issue.

        Unreviewed statements count with the engine's speaker and topics; reviewed ones with the analyst's, and
        rejected ones not at all; statements analysts added by hand count too. One SQL statement.
        """
        same_statement = and_(ReviewRow.article_id == StatementRow.article_id, ReviewRow.start == StatementRow.start,
                              ReviewRow.end == StatementRow.end,
                              ReviewRow.statement_speaker_id == StatementRow.speaker_id)
        # every engine statement, minus the reviewed ones, plus the reviews: grouped by person id, one statement
        # (cheaper than excluding reviewed statements row by row, and than grouping by names)
        ids = None if article_ids is None else list(article_ids)
        if ids is None:  # the totals the analysis writes keep
            every = select(SpeakerTopicTotalRow.person_id.label("person"),
                           func.nullif(SpeakerTopicTotalRow.topic, "").label("topic"),
                           SpeakerTopicTotalRow.n.label("n")).where(SpeakerTopicTotalRow.n != 0)
        else:
            every = (select(StatementRow.speaker_id.label("person"), StatementTopicRow.topic.label("topic"),
                            literal(1).label("n"))
                     .outerjoin(StatementTopicRow, StatementTopicRow.statement_id == StatementRow.id)
                     .where(StatementRow.article_id.in_(ids)))
        reviewed = (select(StatementRow.speaker_id, StatementTopicRow.topic, literal(-1))
                    .join(ReviewRow, same_statement)
                    .outerjoin(StatementTopicRow, StatementTopicRow.statement_id == StatementRow.id))
        decided = (select(ReviewRow.speaker_id, ReviewTopicRow.topic, literal(1))
                   .outerjoin(ReviewTopicRow, ReviewTopicRow.review_id == ReviewRow.id)
                   .where(ReviewRow.status != "rejected", ReviewRow.speaker_id.is_not(None)))
        if ids is not None:
            reviewed = reviewed.where(StatementRow.article_id.in_(ids))
            decided = decided.where(ReviewRow.article_id.in_(ids))
        parts = union_all(every, reviewed, decided).subquery("parts")
        grouped = (select(parts.c.person, parts.c.topic, func.sum(parts.c.n).label("n"))
                   .group_by(parts.c.person, parts.c.topic).subquery("grouped"))
        query = (select(PersonRow.name, PersonRow.type, grouped.c.topic, grouped.c.n)
                 .join(PersonRow, PersonRow.id == grouped.c.person).where(grouped.c.n > 0))
        with self.engine.connect() as connection:
            return [
                {"speaker": name, "speaker_type": kind, "topic": topic, "statements": int(count)}
                for name, kind, topic, count in connection.execute(query)
            ]

    def topic_timeline(self) -> list[dict]:
        """Statements per (publication date, topic), for articles that have a date."""
        query = (
            select(ArticleRow.published, StatementTopicRow.topic, func.count(StatementRow.id))
            .select_from(StatementRow)
            .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
            .join(StatementTopicRow, StatementTopicRow.statement_id == StatementRow.id)
            .where(ArticleRow.published.is_not(None))
            .group_by(ArticleRow.published, StatementTopicRow.topic)
        )
        with self.engine.connect() as connection:
            return [{"date": d, "topic": t, "statements": n} for d, t, n in connection.execute(query)]

    def statements(self, *, speakers: list[str] | None = None, topics: list[str] | None = None,
                   limit: int = 500) -> list[dict]:
        """Engine statements with their effective (reviewed, else engine) speaker and topics, filtered in SQL."""
        reviewed = aliased(PersonRow)
        speaker = func.coalesce(reviewed.name, PersonRow.name)
        query = (
            select(StatementRow.id, StatementRow.article_id, ArticleRow.title,
                   func.substr(ArticleRow.display_text, 1, 60).label("opening"), ArticleRow.published,
                   speaker.label("speaker"), func.coalesce(reviewed.type, PersonRow.type).label("speaker_type"),
                   StatementRow.verbs, StatementRow.text, StatementRow.position, ReviewRow.id.label("review_id"),
                   ReviewRow.status)
            .join(PersonRow, PersonRow.id == StatementRow.speaker_id)
            .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
            .outerjoin(ReviewRow, and_(ReviewRow.article_id == StatementRow.article_id,
                                       ReviewRow.start == StatementRow.start, ReviewRow.end == StatementRow.end,
                                       ReviewRow.statement_speaker_id == StatementRow.speaker_id))
            .outerjoin(reviewed, reviewed.id == ReviewRow.speaker_id)
            .where(or_(ReviewRow.id.is_(None), ReviewRow.status != "rejected"))
            .order_by(StatementRow.article_id.desc(), StatementRow.position)
            .limit(limit)
        )
        if speakers:
            query = query.where(speaker.in_(speakers))
        if topics:
            engine_has = StatementRow.id.in_(select(StatementTopicRow.statement_id).where(StatementTopicRow.topic.in_(topics)))
            review_has = ReviewRow.id.in_(select(ReviewTopicRow.review_id).where(ReviewTopicRow.topic.in_(topics)))
            query = query.where(or_(and_(ReviewRow.id.is_(None), engine_has), review_has))
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
            engine_topics = _group(connection, StatementTopicRow.statement_id, StatementTopicRow.topic,
                                   [r.id for r in rows if r.review_id is None])
            review_topics = _group(connection, ReviewTopicRow.review_id, ReviewTopicRow.topic,
                                   [r.review_id for r in rows if r.review_id is not None])
        return [
            {"statement_id": r.id, "article_id": r.article_id,
             "article": r.title or " ".join(r.opening.split()[:7]) + "…",
             "date": r.published, "speaker": r.speaker, "speaker_type": r.speaker_type,
             "verbs": "، ".join(r.verbs or []),
             "topics": sorted(review_topics.get(r.review_id, []) if r.review_id else engine_topics.get(r.id, [])),
             "text": r.text, "position": r.position, "status": r.status or "unreviewed"}
            for r in rows
        ]


def _group(connection, key_column, value_column, keys: list[int]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for start in range(0, len(keys), 900):
        for key, value in connection.execute(select(key_column, value_column).where(key_column.in_(keys[start : start + 900]))):
            grouped.setdefault(key, []).append(value)
    return grouped


def _stored(values) -> StoredArticle:
    return StoredArticle(
        id=values["id"], title=values["title"], source=values["source"], source_chain=values["source_chain"],
        published=values["published"], url=values["url"], original_text=values["original_text"],
        display_text=values["display_text"], origin=values["origin"], ingested_at=values["ingested_at"],
        engine_version=values["engine_version"], statements=values.get("statement_count", 0),
    )


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
