"""Finding articles and statements: the reader's article picker and Persian full-text search. No Streamlit import."""

from __future__ import annotations

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import aliased

from goftar.dates import jalali_text
from goftar.ingest import parse_date
from goftar.store.models import (
    ArticleRow,
    PersonRow,
    ReviewRow,
    ReviewTopicRow,
    StatementRow,
    StatementTopicRow,
    has_effective_topic,
    review_of_statement,
)
from goftar.store.repository import Store


def find_articles(store: Store, query: str = "", *, offset: int = 0, limit: int = 20) -> list[dict]:
    """Articles whose title, source, date or a speaker's name contains `query`, newest first, one page. A query that
    is a date, Jalali as the picker shows it («۱۴۰۲/۰۸/۱۰») or Gregorian, finds the articles of that day."""
    title = func.coalesce(ArticleRow.title, func.substr(ArticleRow.display_text, 1, 80))
    select_rows = (select(ArticleRow.id, title.label("title"), ArticleRow.source, ArticleRow.published)
                   .order_by(ArticleRow.id.desc()).offset(offset).limit(limit))
    query = " ".join(query.split())
    if query:
        speakers = (select(StatementRow.article_id).join(PersonRow, PersonRow.id == StatementRow.speaker_id)
                    .where(PersonRow.name.contains(query, autoescape=True)))
        select_rows = select_rows.where(or_(
            ArticleRow.title.contains(query, autoescape=True), ArticleRow.source.contains(query, autoescape=True),
            cast(ArticleRow.published, String).contains(query, autoescape=True), ArticleRow.id.in_(speakers),
            *([ArticleRow.published == day] if (day := parse_date(query)) else []),
        ))
    with store.engine.connect() as connection:
        return [{"id": r.id, "title": " ".join((r.title or "").split()), "source": r.source, "published": r.published}
                for r in connection.execute(select_rows)]


def _joined(dialect: str, column):
    return func.string_agg(column, "|") if dialect == "postgresql" else func.group_concat(column, "|")


def corpus_totals(store: Store) -> dict[str, int]:
    """Articles, statements and speakers in the corpus: one SQL statement."""
    counts = [select(func.count()).select_from(table).scalar_subquery()
              for table in (ArticleRow, StatementRow, PersonRow)]
    with store.engine.connect() as connection:
        articles, statements, people = connection.execute(select(*counts)).one()
    return {"articles": articles or 0, "statements": statements or 0, "people": people or 0}


def statement_page(store: Store, *, speakers: list[str] | None = None, topics: list[str] | None = None,
                   sources: list[str] | None = None, date_from=None, date_to=None, query: str = "",
                   offset: int = 0, limit: int = 50) -> list[dict]:
    """One page of statements with their effective (reviewed, else engine) speaker and topics, filtered in SQL;
    rejected statements left out. With `query`, only statements matching it (Persian full-text search), best
    first. One SQL statement."""
    reviewed = aliased(PersonRow)
    speaker = func.coalesce(reviewed.name, PersonRow.name)
    engine_topics = (select(_joined(store.dialect, StatementTopicRow.topic))
                     .where(StatementTopicRow.statement_id == StatementRow.id).scalar_subquery())
    review_topics = (select(_joined(store.dialect, ReviewTopicRow.topic))
                     .where(ReviewTopicRow.review_id == ReviewRow.id).scalar_subquery())
    rows = (
        select(StatementRow.id, StatementRow.article_id, ArticleRow.title,
               func.substr(ArticleRow.display_text, 1, 60).label("opening"), ArticleRow.published,
               ArticleRow.source, speaker.label("speaker"),
               func.coalesce(reviewed.type, PersonRow.type).label("speaker_type"), StatementRow.verbs,
               StatementRow.text, StatementRow.start, StatementRow.end, StatementRow.position,
               ReviewRow.id.label("review_id"), ReviewRow.status, engine_topics.label("engine_topics"),
               review_topics.label("review_topics"))
        .join(PersonRow, PersonRow.id == StatementRow.speaker_id)
        .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
        .outerjoin(ReviewRow, review_of_statement())
        .outerjoin(reviewed, reviewed.id == ReviewRow.speaker_id)
        .where(or_(ReviewRow.id.is_(None), ReviewRow.status != "rejected"))
        .offset(offset).limit(limit)
    )
    if speakers:
        rows = rows.where(speaker.in_(speakers))
    if topics:
        rows = rows.where(has_effective_topic(topics))
    if sources:
        rows = rows.where(ArticleRow.source.in_(sources))
    if date_from is not None:
        rows = rows.where(ArticleRow.published >= date_from)
    if date_to is not None:
        rows = rows.where(ArticleRow.published <= date_to)
    if query.strip():
        from goftar.store.fulltext import matching_statements

        matches = matching_statements(store.dialect, query)
        if matches is None:  # nothing searchable in the query (punctuation only)
            return []
        rows = rows.join(matches, matches.c.statement_id == StatementRow.id).order_by(matches.c.rank,
                                                                                    StatementRow.id.desc())
    else:
        rows = rows.order_by(StatementRow.article_id.desc(), StatementRow.position)
    with store.engine.connect() as connection:
        found = connection.execute(rows).all()
    return [
        {"statement_id": r.id, "article_id": r.article_id,
         "article": " ".join((r.title or " ".join(r.opening.split()[:7]) + "…").split()),
         "date": r.published, "source": r.source, "speaker": r.speaker, "speaker_type": r.speaker_type,
         "verbs": "، ".join(r.verbs or []),
         "topics": sorted(filter(None, ((r.review_topics if r.review_id else r.engine_topics) or "").split("|"))),
         "text": r.text, "start": r.start, "end": r.end, "position": r.position, "status": r.status or "unreviewed"}
        for r in found
    ]


def sources(store: Store) -> list[str]:
    """Every news source named in the corpus."""
    with store.engine.connect() as connection:
        return sorted(connection.scalars(select(ArticleRow.source).where(ArticleRow.source.is_not(None)).distinct()))


def article_label(store: Store, article_id: int) -> str:
    """«title · source · date» of one article, the date Jalali (the picker shows it while the article is off the
    result page)."""
    title = func.coalesce(ArticleRow.title, func.substr(ArticleRow.display_text, 1, 80))
    with store.engine.connect() as connection:
        row = connection.execute(select(title, ArticleRow.source, ArticleRow.published)
                                 .where(ArticleRow.id == article_id)).first()
    if row is None:
        return f"#{article_id}"
    return " · ".join(str(part) for part in (" ".join((row[0] or "").split()), row[1], jalali_text(row[2])) if part)


def search_articles(store: Store, query: str, *, offset: int = 0, limit: int = 20) -> list[dict]:
    """Articles whose title or text matches `query` (Persian full-text search), best first. One SQL statement."""
    from goftar.store.fulltext import matching_articles

    matches = matching_articles(store.dialect, query)
    if matches is None:
        return []
    title = func.coalesce(ArticleRow.title, func.substr(ArticleRow.display_text, 1, 80))
    rows = (select(ArticleRow.id, title.label("title"), ArticleRow.source, ArticleRow.published)
            .join(matches, matches.c.article_id == ArticleRow.id)
            .order_by(matches.c.rank, ArticleRow.id.desc()).offset(offset).limit(limit))
    with store.engine.connect() as connection:
        return [{"id": r.id, "title": " ".join((r.title or "").split()), "source": r.source, "published": r.published}
                for r in connection.execute(rows)]
