"""The corpus store: articles, speakers, statements and issues; each article is stored whole or not at all.

SQLite (a WAL-mode file under `data/`) by default; `GOFTAR_DATABASE_URL` switches to PostgreSQL with no other change.
Aggregates for the charts are computed with SQL GROUP BY, never by loading every row.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

from sqlalchemy import (
    Integer,
    Text,
    and_,
    bindparam,
    cast,
    create_engine,
    delete,
    event,
    false,
    func,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from goftar.model import Article
from goftar.store import unchanged
from goftar.store.bulk import bind_ready, insert_rows
from goftar.store.models import (
    ArticleAnalysisRow,
    ArticleRow,
    PersonRow,
    ReviewRow,
    ReviewTopicRow,
    SpeakerTopicTotalRow,
    StatementRow,
    StatementTopicRow,
    TopicMentionRow,
    has_effective_topic,
    review_of_statement,
)
from goftar.store.roles import LOCAL_ADMIN, Actor
from goftar.store.rows import (
    ARTICLE_COLUMNS,
    META_LIMITS,
    STATEMENT_COLUMNS,
    TOPIC_MENTION_COLUMNS,
    ArticleMeta,
    ArticleRows,
    StoredAnalysis,
    Unchanged,
    article_rows,
    content_hash,
)
from goftar.store.rows import fit_value as _fit
from goftar.store.unchanged import Kept
from goftar.text import name_key

STATEMENT_TEXT = STATEMENT_COLUMNS.index("text")
ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DATABASE_PATH = ROOT / "data" / "goftar.db"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def database_url() -> str:
    """`GOFTAR_DATABASE_URL`, or the embedded SQLite file."""
    return os.environ.get("GOFTAR_DATABASE_URL") or f"sqlite:///{DEFAULT_DATABASE_PATH}"


def store_failure_reason(error: Exception) -> str:
    """A short reason for an article that could not be stored (a driver's message can run to thousands of chars)."""
    first_line = (str(getattr(error, "orig", None) or error).strip().splitlines() or [""])[0]
    if len(first_line) > 160:
        first_line = first_line[:159] + "…"
    return f"ذخیره نشد — could not be stored ({type(error).__name__}: {first_line})"


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
class SpeakerSummary:
    """The speakers with most statements (`ranked`, most first) with their counts per issue (`counts`: speaker,
    speaker_type, topic — None for no listed issue — and statements), and every issue with a statement."""

    counts: tuple[dict, ...]
    ranked: tuple[str, ...]
    topics: tuple[str | None, ...]


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
        # (name, type) → (id, aliases, roles) of speakers this Store wrote or read in a committed batch
        self._people_known: dict[tuple[str, str], tuple[int, frozenset, frozenset]] = {}
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
    # Articles are written in batches, one transaction per batch: the statements, their issues and the topic
    # mentions of the whole batch go in with one driver-level executemany each (COPY on PostgreSQL), under ids
    # allocated up front, and speakers are resolved once per batch against ids kept in memory. If anything in a
    # batch fails, the batch is rolled back and every article is written again in its own transaction, so an
    # article is always stored whole or not at all.

    def add(self, article: Article, meta: ArticleMeta | None = None, *, actor: Actor = LOCAL_ADMIN) -> AddResult:
        """Store an analysed article in one transaction; an article with the same text is a duplicate.

        Needs the analyst role: the app passes the signed-in actor, so a viewer's add is refused here."""
        actor.require("analyst")
        return self._add_alone(article_rows(article, meta))

    def add_many(self, batch: Sequence[ArticleRows], *, actor: Actor = LOCAL_ADMIN) -> list[AddResult | Exception]:
        """Store analysed articles (see `goftar.store.rows`); one outcome per article, the exception if it failed.

        Needs the analyst role, like `add`."""
        actor.require("analyst")
        if not batch:
            return []
        people = _People(self._people_known)
        try:
            with self.engine.begin() as connection:
                outcomes = self._insert_articles(connection, batch, people)
        except Exception:  # one bad article (or a concurrent writer) must not cost the others: each alone
            self._people_known.clear()  # read the speakers again, in case what was remembered caused it
            outcomes = []
            for rows in batch:
                try:
                    outcomes.append(self._add_alone(rows))
                except Exception as failure:
                    outcomes.append(failure)
            return outcomes
        people.commit()
        return outcomes

    def _add_alone(self, rows: ArticleRows) -> AddResult:
        people = _People(self._people_known)
        try:
            with self.engine.begin() as connection:
                outcome = self._insert_articles(connection, [rows], people)[0]
        except (IntegrityError, self.engine.dialect.loaded_dbapi.IntegrityError):  # the same text stored meanwhile
            # (the driver's own error when it came from COPY, which SQLAlchemy does not wrap)
            with self.engine.connect() as connection:
                existing = connection.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == rows.content_hash))
            if existing is None:
                raise
            return AddResult("duplicate", existing)
        people.commit()
        return outcome

    def _insert_articles(self, connection, batch: Sequence[ArticleRows], people: _People) -> list[AddResult]:
        self._begin_writing(connection)
        hashes = list(dict.fromkeys(rows.content_hash for rows in batch))
        stored: dict[str, int] = {}
        for part in _chunks(hashes, 500):
            stored.update(connection.execute(
                select(ArticleRow.content_hash, ArticleRow.id).where(ArticleRow.content_hash.in_(part))).all())
        fresh = list({rows.content_hash: rows for rows in reversed(batch) if rows.content_hash not in stored}.values())
        fresh.reverse()  # the first of several equal texts in the batch is the one imported
        now = datetime.now(UTC)
        new_ids = allocate_ids(connection, ArticleRow.__table__, len(fresh))
        written = list(zip(new_ids, fresh, strict=True))
        insert_rows(connection, ArticleRow.__table__, ("id", *ARTICLE_COLUMNS, "ingested_at"),
                    [(article_id, *_fitted(rows.article_values()).values(), now) for article_id, rows in written],
                    python_values=True)
        self._write_analysis(connection, written, people)
        imported = {rows.content_hash: article_id for article_id, rows in written}
        outcomes = []
        for rows in batch:
            if rows.content_hash in imported:
                outcomes.append(AddResult("imported", imported.pop(rows.content_hash)))
                stored[rows.content_hash] = outcomes[-1].article_id
            else:
                outcomes.append(AddResult("duplicate", stored[rows.content_hash]))
        return outcomes

    def _write_analysis(self, connection, written: Sequence[tuple[int, ArticleRows]], people: _People | None = None,
                        titles: dict[int, str | None] | None = None, *,
                        person_ids: dict[tuple[str, str], int] | None = None, kept: Kept | None = None) -> None:
        """Speakers, statements (with their issues), topic mentions, the stored analysis, the speaker × issue totals
        and the search index of already inserted articles: one statement per table for the whole batch. `titles`:
        the articles' stored titles (default: those of the rows, as `_insert_articles` stores them). A re-analysis
        passes the speakers' ids it resolved and what it `kept` (`goftar.store.unchanged`): those are not written."""
        if not written:
            return
        from goftar.store.analysis import add_totals  # the pages render the stored analysis, never a fresh one
        from goftar.store.fulltext import article_search_text, index_rows

        if person_ids is None:
            person_ids = (people or _People({})).resolve(connection, [p for _, rows in written for p in rows.people])
        kept = kept or Kept.nothing()
        new = {article_id: kept.new_statements(article_id, rows) for article_id, rows in written}
        statement_ids = iter(allocate_ids(connection, StatementRow.__table__, sum(map(len, new.values()))))
        statements, topics, mentions, searched, totals = [], [], [], [], Counter()
        analyses, searched_articles = [], []
        analyzed_at = bind_ready(connection.dialect, ArticleAnalysisRow.__table__, ("analyzed_at",),
                                  [(datetime.now(UTC),)])[0][0]
        for article_id, rows in written:
            folded_texts = _statement_index_texts(rows, new[article_id])
            for index in new[article_id]:
                values, statement_topics = rows.statements[index], rows.statement_topics[index]
                statement_id = next(statement_ids)
                name, kind = rows.people[rows.speakers[index]][:2]
                person_id = person_ids[(name, kind)]
                statements.append((statement_id, article_id, person_id, *values))
                topics += [(statement_id, topic) for topic in statement_topics]
                for topic in statement_topics or ("",):
                    totals[(person_id, topic)] += 1
                searched.append((statement_id, article_id, folded_texts[index]))
            if article_id not in kept.mentions:
                mentions += [(article_id, *values) for values in rows.topic_mentions]
            if article_id not in kept.analyses:
                analyses.append((article_id, rows.engine_version, rows.analysis_json or "{}",
                                 rows.analysis_json is None, analyzed_at))
            if article_id in kept.same_text:  # indexed from the same title and text
                continue
            title = _fit(rows.title, META_LIMITS["title"]) if titles is None else titles.get(article_id)
            searched_articles.append((article_id, rows.search_text if rows.search_text and title == rows.search_title
                                      else article_search_text(title, rows.display_text)))
        insert_rows(connection, StatementRow.__table__, ("id", "article_id", "speaker_id", *STATEMENT_COLUMNS),
                    statements)
        insert_rows(connection, StatementTopicRow.__table__, ("statement_id", "topic"), topics)
        insert_rows(connection, TopicMentionRow.__table__, ("article_id", *TOPIC_MENTION_COLUMNS), mentions)
        insert_rows(connection, ArticleAnalysisRow.__table__,
                    ("article_id", "engine_version", "analysis", "stale", "analyzed_at"), analyses)
        add_totals(connection, totals)
        index_rows(connection, searched, searched_articles)

    def _begin_writing(self, connection) -> None:
        """SQLite: take the database's write lock now, before reading what the writing depends on (which texts
        are stored, the highest ids): no other writer can change those until this transaction ends."""
        if self.dialect == "sqlite":
            connection.execute(update(ArticleRow).where(false()).values(id=ArticleRow.id))

    def delete_article(self, article_id: int, *, actor: Actor = LOCAL_ADMIN) -> None:
        """Remove an article and everything found in it (admin only)."""
        actor.require("admin")
        with self.engine.begin() as connection:
            self._delete_analysis(connection, [article_id])
            connection.execute(delete(ArticleRow).where(ArticleRow.id == article_id))

    def _delete_analysis(self, connection, article_ids: Sequence[int]) -> None:
        from goftar.store.analysis import delete_analyses  # first: the totals and the search index read statements

        delete_analyses(connection, article_ids)
        statement_ids = select(StatementRow.id).where(StatementRow.article_id.in_(article_ids))
        connection.execute(delete(StatementTopicRow).where(StatementTopicRow.statement_id.in_(statement_ids)))
        connection.execute(delete(StatementRow).where(StatementRow.article_id.in_(article_ids)))
        connection.execute(delete(TopicMentionRow).where(TopicMentionRow.article_id.in_(article_ids)))

    # --- re-analysis ---------------------------------------------------------------------------------------
    def start_reanalysis(self, *, restart: bool = False) -> tuple[list[int], bool]:
        """Ids a re-analysis run has to do, oldest first, and whether they resume a run that was stopped.

        A new run marks every article pending; each is cleared in the transaction that replaces its analysis.
        """
        with self.engine.begin() as connection:
            pending = list(connection.scalars(
                select(ArticleRow.id).where(ArticleRow.reanalysis_pending).order_by(ArticleRow.id)))
            if pending and not restart:
                return pending, True
            connection.execute(update(ArticleRow).values(reanalysis_pending=True))
            return list(connection.scalars(select(ArticleRow.id).order_by(ArticleRow.id))), False

    def reanalysis_jobs(self, article_ids: Sequence[int]) -> list[tuple[int, str, StoredAnalysis | None]]:
        """(id, original text, stored analysis) of these articles, in id order: what a re-analysis worker needs to
        analyse each again and tell whether anything changed (None for an article without a stored analysis: its
        new one is written whatever it is)."""
        table, analyses = ArticleRow.__table__, ArticleAnalysisRow.__table__
        statements = (select(func.count()).where(StatementRow.article_id == table.c.id)
                      .correlate(table).scalar_subquery())
        query = (select(table.c.id, table.c.original_text, table.c.display_text, cast(analyses.c.analysis, Text),
                        analyses.c.engine_version, analyses.c.stale, statements)
                 .outerjoin(analyses, analyses.c.article_id == table.c.id)
                 .where(table.c.id.in_(article_ids)).order_by(table.c.id))
        with self.engine.connect() as connection:
            return [(article_id, original, None if analysis is None else
                     StoredAnalysis(display, analysis, version, count, bool(stale)))
                    for article_id, original, display, analysis, version, stale, count in connection.execute(query)]

    def replace_analysis(self, batch: Sequence[tuple[int, ArticleRows | Unchanged | None]]) -> list[Exception | None]:
        """New analyses of stored articles (None: keep the old one; `Unchanged`: the new one is the stored one),
        each article whole; one outcome per article."""
        if not batch:
            return []
        people = _People(self._people_known)
        try:
            with self.engine.begin() as connection:
                self._replace(connection, batch, people)
        except Exception:
            self._people_known.clear()
            outcomes: list[Exception | None] = []
            for item in batch:
                people = _People(self._people_known)
                try:
                    with self.engine.begin() as connection:
                        self._replace(connection, [item], people)
                except Exception as failure:
                    outcomes.append(failure)
                else:
                    people.commit()
                    outcomes.append(None)
            return outcomes
        people.commit()
        return [None] * len(batch)

    def _replace(self, connection, batch: Sequence[tuple[int, ArticleRows | Unchanged | None]], people: _People) -> None:
        self._begin_writing(connection)
        unchanged.write_unchanged(connection, [(article_id, same) for article_id, same in batch
                                               if isinstance(same, Unchanged)])
        analysed = [(article_id, rows) for article_id, rows in batch if isinstance(rows, ArticleRows)]
        ids = [article_id for article_id, _ in analysed]
        kept = unchanged.compare(connection, analysed, partial(people.resolve, connection))
        unchanged.remove_changed(connection, analysed, kept)  # (the article index is redone if its text changed)
        table = ArticleRow.__table__
        titles: dict[int, str | None] = {}
        for part in _chunks(ids, 500):
            titles.update(connection.execute(select(table.c.id, table.c.title).where(table.c.id.in_(part))).all())
        self._write_analysis(connection, analysed, people, titles, person_ids=kept.speaker_ids, kept=kept)
        if analysed:
            connection.execute(
                update(table).where(table.c.id == bindparam("row_id")).values(
                    engine_version=bindparam("new_engine_version"), display_text=bindparam("new_display_text"),
                    source_chain=bindparam("new_source_chain"), reanalysis_pending=False),
                [{"row_id": article_id, "new_engine_version": rows.engine_version,
                  "new_display_text": rows.display_text, "new_source_chain": _fit(rows.source_chain, 500)}
                 for article_id, rows in analysed],
            )
        kept = [article_id for article_id, rows in batch if not isinstance(rows, ArticleRows)]
        if kept:
            connection.execute(update(table).where(table.c.id.in_(kept)).values(reanalysis_pending=False))

    def reanalyze(self, analyze: Callable[..., Article], progress: Callable[[int, int], None] | None = None,
                  article_ids: Iterable[int] | None = None, *, actor: Actor = LOCAL_ADMIN) -> int:
        """Re-run `analyze` over every stored article, or only `article_ids` (after the engine or lexicons changed),
        in this process (the CLI uses every core: `goftar.pipeline`); admin only."""
        from goftar.pipeline import reanalyze_corpus

        actor.require("admin")

        return reanalyze_corpus(self, analyze=analyze, progress=progress, restart=True, article_ids=article_ids,
                                actor=actor).articles

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

    def speaker_topic_counts(self, article_ids: Iterable[int] | None = None, *,
                             speakers: Iterable[str] | None = None) -> list[dict]:
        """Statement counts per (speaker, speaker type, topic), reviewed values first; topic None = no listed issue.

        Unreviewed statements count with the engine's speaker and topics; reviewed ones with the analyst's, and
        rejected ones not at all; statements analysts added by hand count too. `speakers` (names) keeps only those
        speakers. One SQL statement.
        """
        ids = None if article_ids is None else list(article_ids)
        if ids is None:  # the totals the analysis writes keep
            every = select(SpeakerTopicTotalRow.person_id, SpeakerTopicTotalRow.topic, SpeakerTopicTotalRow.n)
        else:
            every = (select(StatementRow.speaker_id, func.coalesce(StatementTopicRow.topic, ""), literal(1))
                     .outerjoin(StatementTopicRow, StatementTopicRow.statement_id == StatementRow.id)
                     .where(StatementRow.article_id.in_(ids)))
        parts = [every, *_review_adjustments(ids)]
        if speakers is not None:
            named = select(PersonRow.id).where(PersonRow.name.in_(sorted(set(speakers))))
            parts = [part.where(part.selected_columns[0].in_(named)) for part in parts]
        # every engine statement, minus the reviewed ones, plus the reviews: grouped by person id, one statement
        # (cheaper than excluding reviewed statements row by row, and than grouping by names)
        parts = union_all(*parts).subquery("parts")
        person, topic, n = parts.c
        grouped = (select(person.label("person"), func.nullif(topic, "").label("topic"), func.sum(n).label("n"))
                   .group_by(person, topic).subquery("grouped"))
        query = (select(PersonRow.name, PersonRow.type, grouped.c.topic, grouped.c.n)
                 .join(PersonRow, PersonRow.id == grouped.c.person).where(grouped.c.n > 0))
        with self.engine.connect() as connection:
            return [
                {"speaker": name, "speaker_type": kind, "topic": topic, "statements": int(count)}
                for name, kind, topic, count in connection.execute(query)
            ]

    def speaker_summary(self, limit: int) -> SpeakerSummary:
        """What Explore and the review filters show of the corpus: the `limit` speakers with most statement ×
        issue pairs (reviewed values first, as `speaker_topic_counts`) with their counts per issue, and every issue
        that has a statement. One SQL statement; its rows are those few speakers' only.

        No cell (person, issue) is ever negative (a reviewed statement is taken from the cell that counts it), so a
        speaker's or an issue's sum is positive exactly when one of its cells is: each is summed without grouping
        the ~one row per speaker and issue first, and the totals table is read in its key order."""
        adjust = union_all(*_review_adjustments(None)).cte("adjust")
        person, topic, n = adjust.c
        totals = SpeakerTopicTotalRow
        per_person = union_all(
            select(totals.person_id, func.sum(totals.n)).group_by(totals.person_id),
            select(person, n),
        ).subquery("per_person")
        total = func.sum(per_person.c[1]).label("total")
        ranked = (select(PersonRow.name, total).join(PersonRow, PersonRow.id == per_person.c[0])
                  .group_by(PersonRow.name).having(total > 0).order_by(total.desc(), PersonRow.name)
                  .limit(limit).cte("ranked"))
        chosen = select(PersonRow.id).join(ranked, ranked.c.name == PersonRow.name)
        cells = union_all(
            select(totals.person_id, totals.topic, totals.n).where(totals.person_id.in_(chosen)),
            select(person, topic, n).where(person.in_(chosen)),
        ).subquery("cells")
        cell = func.sum(cells.c[2])
        speaker_rows = (select(PersonRow.name, PersonRow.type, func.nullif(cells.c[1], ""), cell)
                        .join(PersonRow, PersonRow.id == cells.c[0])
                        .group_by(PersonRow.id, PersonRow.name, PersonRow.type, cells.c[1]).having(cell > 0))
        issues = union_all(select(totals.topic, totals.n), select(topic, n)).subquery("issues")
        issue_rows = (select(literal(None, PersonRow.name.type), literal(None, PersonRow.type.type),
                             func.nullif(issues.c[0], ""), literal(None, Integer))
                      .group_by(issues.c[0]).having(func.sum(issues.c[1]) > 0))
        with self.engine.connect() as connection:
            found = connection.execute(union_all(speaker_rows, issue_rows)).all()
        counts = tuple({"speaker": name, "speaker_type": kind, "topic": topic, "statements": int(n)}
                       for name, kind, topic, n in found if name is not None)
        volume: dict[str, int] = {}
        for row in counts:
            volume[row["speaker"]] = volume.get(row["speaker"], 0) + row["statements"]
        topics = {topic for name, _kind, topic, _n in found if name is None}
        return SpeakerSummary(counts=counts, ranked=tuple(sorted(volume, key=lambda name: (-volume[name], name))),
                              topics=tuple(sorted(topics, key=lambda t: (t is None, t or ""))))

    def first_speaker_names(self, count: int) -> list[str]:
        """The first `count` speaker names of the corpus in code-point order (Python's `sorted`)."""
        name = PersonRow.name.collate("C") if self.dialect == "postgresql" else PersonRow.name
        with self.engine.connect() as connection:
            return list(connection.scalars(select(name).distinct().order_by(name).limit(count)))

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
            .outerjoin(ReviewRow, review_of_statement())
            .outerjoin(reviewed, reviewed.id == ReviewRow.speaker_id)
            .where(or_(ReviewRow.id.is_(None), ReviewRow.status != "rejected"))
            .order_by(StatementRow.article_id.desc(), StatementRow.position)
            .limit(limit)
        )
        if speakers:
            query = query.where(speaker.in_(speakers))
        if topics:
            query = query.where(has_effective_topic(topics))
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


def _review_adjustments(article_ids: list[int] | None) -> tuple:
    """Two SELECTs of (person, topic ('' for none), n): what reviews change in the engine's counts: -1 for each reviewed
    engine statement under its engine speaker and issues, +1 for each review not rejected under its speaker and
    issues (statements analysts added included)."""
    # Joined from the few reviews to their statements: the `+ 0`s keep SQLite (which has no statistics) from
    # scanning every statement to look reviews up by their unique index.
    same_statement = and_(StatementRow.article_id == ReviewRow.article_id + 0, ReviewRow.start == StatementRow.start,
                          ReviewRow.end == StatementRow.end,
                          ReviewRow.statement_speaker_id == StatementRow.speaker_id + 0)
    reviewed = (select(StatementRow.speaker_id.label("person"),
                       func.coalesce(StatementTopicRow.topic, "").label("topic"), literal(-1).label("n"))
                .select_from(ReviewRow).join(StatementRow, same_statement)
                .outerjoin(StatementTopicRow, StatementTopicRow.statement_id == StatementRow.id))
    decided = (select(ReviewRow.speaker_id, func.coalesce(ReviewTopicRow.topic, ""), literal(1))
               .outerjoin(ReviewTopicRow, ReviewTopicRow.review_id == ReviewRow.id)
               .where(ReviewRow.status != "rejected", ReviewRow.speaker_id.is_not(None)))
    if article_ids is not None:
        reviewed = reviewed.where(ReviewRow.article_id.in_(article_ids))
        decided = decided.where(ReviewRow.article_id.in_(article_ids))
    return reviewed, decided


def _group(connection, key_column, value_column, keys: list[int]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = {}
    for start in range(0, len(keys), 900):
        for key, value in connection.execute(select(key_column, value_column).where(key_column.in_(keys[start : start + 900]))):
            grouped.setdefault(key, []).append(value)
    return grouped


def _fitted(values: dict) -> dict:
    """The `articles` values with the metadata cut to its columns (`_fit`), whoever built the rows."""
    fitted = dict(values)
    for column, limit in (*META_LIMITS.items(), ("source_chain", 500)):
        fitted[column] = _fit(fitted[column], limit)
    return fitted


def _chunks(values: Sequence, size: int):
    for index in range(0, len(values), size):
        yield values[index : index + size]


# PostgreSQL: every new speaker of a batch in one statement with four arrays (no statement text as long as the
# batch for the driver to parse, as a many-VALUES insert would be)
INSERT_PEOPLE_PG = (
    "INSERT INTO people (name, name_key, type, aliases, roles) SELECT name, name_key, type, aliases::json, "
    "roles::json FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[]) "
    "AS new (name, name_key, type, aliases, roles) ON CONFLICT DO NOTHING RETURNING id, name, type"
)


def allocate_ids(connection, table, count: int) -> list[int]:
    """`count` fresh primary keys of `table`, so child rows can be written in the same executemany."""
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        return list(connection.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence(%(table)s, 'id')) FROM generate_series(1, %(count)s)",
            {"table": table.name, "count": count}).scalars())
    # SQLite: the transaction holds the write lock (`Store._begin_writing`): no other writer takes these ids
    highest = connection.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
    return list(range(highest + 1, highest + 1 + count))


def _insert_people(connection, people: list[tuple[str, str, list, list]]) -> list[tuple[int, str, str]]:
    """Insert (name, type, aliases, roles) speakers that another writer has not inserted meanwhile: (id, name, type)
    of those inserted."""
    def as_json(values: list) -> str:
        return json.dumps(values, ensure_ascii=False)

    if connection.dialect.name == "sqlite":  # under the write lock no other writer inserts them: one executemany
        ids = allocate_ids(connection, PersonRow.__table__, len(people))
        insert_rows(connection, PersonRow.__table__, ("id", "name", "name_key", "type", "aliases", "roles"),
                    [(person_id, name, name_key(name), kind, as_json(aliases), as_json(roles))
                     for person_id, (name, kind, aliases, roles) in zip(ids, people, strict=True)])
        return [(person_id, name, kind) for person_id, (name, kind, *_) in zip(ids, people, strict=True)]
    if connection.dialect.driver == "psycopg":
        columns = ([name for name, *_ in people], [name_key(name) for name, *_ in people],
                   [kind for _, kind, *_ in people], [as_json(aliases) for *_, aliases, _ in people],
                   [as_json(roles) for *_, roles in people])
        return connection.exec_driver_sql(INSERT_PEOPLE_PG, columns).all()
    return connection.execute(
        postgresql.insert(PersonRow).on_conflict_do_nothing().returning(PersonRow.id, PersonRow.name, PersonRow.type),
        [{"name": name, "name_key": name_key(name), "type": kind, "aliases": aliases, "roles": roles}
         for name, kind, aliases, roles in people]).all()


class _People:
    """Speaker ids for one transaction: known ones from memory, the rest read or created in one query each.

    Speakers are one by (`name_key`, type): a spelling of a name already stored is that speaker. What this
    transaction learns is added to the Store's memory only when it commits (`commit`).
    """

    def __init__(self, known: dict) -> None:
        self.known = known  # (name key, type) → (id, aliases, roles)
        self.learned: dict[tuple[str, str], tuple[int, frozenset, frozenset]] = {}

    def resolve(self, connection, people: Iterable[tuple[str, str, tuple, tuple]]) -> dict[tuple[str, str], int]:
        """(name, type) → people.id for every speaker; aliases and roles merged into the stored ones."""
        wanted: dict[tuple[str, str], tuple[dict, dict]] = {}  # per (name key, type): ordered sets of aliases, roles
        spelled: dict[tuple[str, str], str] = {}  # per (name key, type): the first spelling, for a new row
        keys: dict[tuple[str, str], tuple[str, str]] = {}  # (name, type) → (name key, type)
        for name, kind, aliases, roles in people:
            key = keys.get((name, kind)) or keys.setdefault((name, kind), (name_key(name), kind))
            spelled.setdefault(key, name)
            seen_aliases, seen_roles = wanted.setdefault(key, ({}, {}))
            seen_aliases.update(dict.fromkeys(aliases))
            seen_roles.update(dict.fromkeys(roles))
        missing = [key for key in wanted if key not in self.learned and key not in self.known]
        if missing:
            self._read(connection, missing)
            absent = [key for key in missing if key not in self.learned]
            if absent:
                created = _insert_people(connection, [(spelled[key], key[1], list(wanted[key][0]),
                                                       list(wanted[key][1])) for key in absent])
                for person_id, name, kind in created:
                    key = (name_key(name), kind)
                    aliases, roles = wanted[key]
                    self.learned[key] = (person_id, frozenset(aliases), frozenset(roles))
                raced = [key for key in absent if key not in self.learned]  # created by another writer meanwhile
                if raced:
                    self._read(connection, raced)
        growing = []
        for key, (aliases, roles) in wanted.items():
            _, known_aliases, known_roles = self.learned.get(key) or self.known[key]
            if not (known_aliases.issuperset(aliases) and known_roles.issuperset(roles)):
                growing.append(key)
        if growing:
            self._grow(connection, growing, wanted)
        return {spelling: (self.learned.get(key) or self.known[key])[0] for spelling, key in keys.items()}

    def _read(self, connection, keys: list[tuple[str, str]]) -> None:
        wanted = set(keys)
        table = PersonRow.__table__
        for part in _chunks(sorted({key for key, _ in keys}), 500):
            # without SQLAlchemy's JSON processing: only the speakers asked for are decoded
            query = select(table.c.id, table.c.name_key, table.c.type, cast(table.c.aliases, Text),
                           cast(table.c.roles, Text)).where(table.c.name_key.in_(part))
            for person_id, key, kind, aliases, roles in connection.execute(query):
                if (key, kind) in wanted:
                    self.learned[(key, kind)] = (person_id, frozenset(json.loads(aliases or "[]")),
                                                 frozenset(json.loads(roles or "[]")))

    def _grow(self, connection, keys: list[tuple[str, str]], wanted: dict) -> None:
        # read the stored lists again (another writer may have extended them), then append what is new, in order
        ids = {(self.learned.get(key) or self.known[key])[0]: key for key in keys}
        changes = []
        for row in connection.execute(select(PersonRow.id, PersonRow.aliases, PersonRow.roles)
                                      .where(PersonRow.id.in_(list(ids)))):
            aliases, roles = list(row.aliases or []), list(row.roles or [])
            new_aliases, new_roles = wanted[ids[row.id]]
            aliases += [a for a in new_aliases if a not in aliases]
            roles += [r for r in new_roles if r not in roles]
            changes.append({"person_id": row.id, "new_aliases": aliases, "new_roles": roles})
            self.learned[ids[row.id]] = (row.id, frozenset(aliases), frozenset(roles))
        table = PersonRow.__table__
        connection.execute(update(table).where(table.c.id == bindparam("person_id"))
                           .values(aliases=bindparam("new_aliases"), roles=bindparam("new_roles")), changes)

    def commit(self) -> None:
        """The transaction committed: remember what it learned."""
        self.known.update(self.learned)


def _statement_index_texts(rows: ArticleRows, indexes: Sequence[int]) -> dict[int, str]:
    """The search-index texts of these statements of an article: as folded in the worker, else folded here (a
    re-analysis, which needs them only for the statements it did not keep)."""
    if rows.statement_search:
        return {index: rows.statement_search[index] for index in indexes}
    from goftar.store.fulltext import index_texts

    return dict(zip(indexes, index_texts([rows.statements[index][STATEMENT_TEXT] for index in indexes]), strict=True))


def _stored(values) -> StoredArticle:
    return StoredArticle(
        id=values["id"], title=values["title"], source=values["source"], source_chain=values["source_chain"],
        published=values["published"], url=values["url"], original_text=values["original_text"],
        display_text=values["display_text"], origin=values["origin"], ingested_at=values["ingested_at"],
        engine_version=values["engine_version"], statements=values.get("statement_count", 0),
    )


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # 16 KiB pages for a new file (an existing one keeps its own): an article's texts, analysis and index entries
    # take a quarter of the pages, and the writer a tenth less CPU; 32 MiB of page cache per connection, so a
    # batch of articles is written once at commit instead of spilling pages to the log as it grows
    cursor.execute("PRAGMA page_size=16384")
    cursor.execute("PRAGMA cache_size=-32768")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
