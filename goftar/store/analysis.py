"""The stored analysis: one source of truth for every page.

The engine's `Article` is stored once per article (compact JSON whose offsets index the display text) and loaded
back into the same `goftar.model.Article` objects, so Read, Review, Explore and the exports all show one analysis.
A change that can alter the analysis (an engine version, the lexicon files, what analysts taught) marks the
affected articles stale; `goftar.pipeline.reanalyze_stale_articles` (run in the background by the app, in a
child process: `goftar.background`) brings them up to date.

Every write to the corpus bumps a version number (database triggers, so no writer can forget it); pages cache
their views by it. No Streamlit import.
"""

from __future__ import annotations

import functools
import hashlib
import json
import operator
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from sqlalchemy import delete, func, insert, literal_column, or_, select, text, update
from sqlalchemy.orm import aliased

from goftar.model import Article, Entity, Mention, Sentence, Statement, TopicMention, Verb
from goftar.store.bulk import placeholders
from goftar.store.models import ArticleAnalysisRow, ArticleRow, CorpusMetaRow, LexiconAdditionRow
from goftar.store.repository import Store, StoredArticle, _stored
from goftar.store.roles import LOCAL_ADMIN, Actor

FORMAT = 2  # of the stored JSON; a reader of another format treats the analysis as missing (re-analysed)
VERSION_TABLES = ("articles", "article_analyses", "reviews", "review_topics", "lexicon_additions")
PG_SEQUENCE = "goftar_corpus_version"


# --- Article ⇄ JSON ------------------------------------------------------------------------------------------
# Per kind: the model class and the fields not stored (texts are sliced back from the display text; a statement's
# mention and verbs are stored beside its values). The JSON names the stored fields, so the model may gain,
# lose or reorder fields: values are matched by name, new fields take their defaults, and an analysis missing a
# field the model requires is treated as missing (the article is re-analysed).
KINDS = {
    "sentence": (Sentence, ("text",)),
    "mention": (Mention, ("text",)),
    "verb": (Verb, ("text",)),
    "topic": (TopicMention, ("text",)),
    "statement": (Statement, ("mention", "verbs", "text")),
}


@functools.cache
def _names(kind: str) -> list[str]:
    cls, skipped = KINDS[kind]
    return [f.name for f in fields(cls) if f.name not in skipped]


@functools.cache
def _getter(kind: str) -> Callable:
    names = _names(kind)
    return (lambda obj: (getattr(obj, names[0]),)) if len(names) == 1 else operator.attrgetter(*names)


def _values(kind: str, obj) -> tuple:
    """The stored fields of one model object, in `_names` order (JSON writes the tuple as a list)."""
    return _getter(kind)(obj)


def _tuples(values: dict) -> dict:
    """JSON gives lists back; the model holds tuples."""
    return {name: tuple(value) if isinstance(value, list) else value for name, value in values.items()}


class _Builder:
    """Rebuilds one kind of model object from stored values, by the stored field names."""

    def __init__(self, kind: str, stored_names: list[str], display: str) -> None:
        self.cls, _ = KINDS[kind]
        known = {f.name for f in fields(self.cls)}
        self.names = stored_names
        self.keep = [name in known for name in stored_names]
        self.display = display

    def __call__(self, values: list, **extra):
        data = _tuples({n: v for n, v, keep in zip(self.names, values, self.keep, strict=False) if keep})
        if "text" not in extra:
            extra["text"] = self.display[data["start"] : data["end"]]
        return self.cls(**data, **extra)


def article_to_json(article: Article) -> dict:
    """The analysis without the texts (they are sliced back from the display text): about a third of `to_dict`."""
    return {
        "format": FORMAT,
        "fields": {kind: _names(kind) for kind in KINDS},
        "title": article.title, "source": article.source, "date": article.date, "sources": list(article.sources),
        "paragraphs": [list(p) for p in article.paragraphs],
        "sentences": [_values("sentence", s) for s in article.sentences],
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "roles": list(e.roles),
             "mentions": [_values("mention", m) for m in e.mentions]}
            for e in article.entities
        ],
        "statements": [
            {"values": _values("statement", s), "mention": _values("mention", s.mention) if s.mention else None,
             "verbs": [_values("verb", v) for v in s.verbs]}
            for s in article.statements
        ],
        "topics": [_values("topic", t) for t in article.topic_mentions],
        "engine_version": article.engine_version,
    }


def article_from_json(data: dict, display: str, original: str) -> Article | None:
    """The `Article` the engine produced, rebuilt over the stored display text; None if not stored in this format
    (or the model now needs a field the stored analysis lacks)."""
    if not data or data.get("format") != FORMAT:
        return None
    try:
        build = {kind: _Builder(kind, names, display) for kind, names in data["fields"].items()}
        entities = tuple(
            Entity(e["id"], e["name"], e["type"], tuple(e["aliases"]), tuple(e["roles"]),
                   tuple(build["mention"](m) for m in e["mentions"]))
            for e in data["entities"]
        )
        statements = tuple(
            build["statement"](stored["values"],
                               mention=build["mention"](stored["mention"]) if stored["mention"] else None,
                               verbs=tuple(build["verb"](v) for v in stored["verbs"]))
            for stored in data["statements"]
        )
        return Article(
            original=original, text=display, title=data["title"], source=data["source"], date=data["date"],
            sources=tuple(data["sources"]), paragraphs=tuple(tuple(p) for p in data["paragraphs"]),
            sentences=tuple(build["sentence"](s) for s in data["sentences"]), entities=entities,
            statements=statements, topic_mentions=tuple(build["topic"](t) for t in data["topics"]),
            engine_version=data["engine_version"],
        )
    except (KeyError, TypeError, ValueError):  # stored by another model: the article is analysed again
        return None


# --- writing (called inside the Store's transactions) ---------------------------------------------------------
ADD_TOTALS = ("INSERT INTO speaker_topic_totals (person_id, topic, n) {rows} "
              "ON CONFLICT (person_id, topic) DO UPDATE SET n = speaker_topic_totals.n + excluded.n")
# PostgreSQL: the whole batch in one statement and one round trip (three arrays, no per-row work in the driver)
TOTALS_ARRAYS_PG = "SELECT * FROM unnest(%s::integer[], %s::text[], %s::integer[])"


def stored_totals(connection, article_ids: Sequence[int]) -> Counter:
    """The engine statements of these articles per (speaker id, issue; '' for none), as stored: one query."""
    from goftar.store.models import StatementRow, StatementTopicRow

    if not article_ids:
        return Counter()
    topic = func.coalesce(StatementTopicRow.topic, literal_column("''"))  # one text: PostgreSQL groups by it
    rows = connection.execute(
        select(StatementRow.speaker_id, topic, func.count())
        .outerjoin(StatementTopicRow, StatementTopicRow.statement_id == StatementRow.id)
        .where(StatementRow.article_id.in_(list(article_ids)))
        .group_by(StatementRow.speaker_id, topic)
    ).all()
    return Counter({(person, topic): n for person, topic, n in rows})


def add_totals(connection, counts: Counter, sign: int = 1) -> None:
    """Add (or with sign -1 take away) statement counts per (speaker id, issue) to the speaker × issue totals, in
    key order (a fixed lock order on PostgreSQL)."""
    changes = [(person, topic, sign * n) for (person, topic), n in sorted(counts.items()) if n]
    if not changes:
        return
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        connection.exec_driver_sql(ADD_TOTALS.format(rows=TOTALS_ARRAYS_PG), tuple(map(list, zip(*changes, strict=True))))
    else:  # one driver-level executemany
        connection.exec_driver_sql(ADD_TOTALS.format(rows=f"VALUES ({placeholders(connection, 3)})"), changes)


def rebuild_totals(connection) -> None:
    """Count every engine statement again (after writes that bypassed the Store; used by the migration)."""
    connection.execute(text("DELETE FROM speaker_topic_totals"))
    connection.execute(text(
        "INSERT INTO speaker_topic_totals (person_id, topic, n) "
        "SELECT s.speaker_id, COALESCE(st.topic, ''), COUNT(*) FROM statements s "
        "LEFT JOIN statement_topics st ON st.statement_id = s.id GROUP BY s.speaker_id, COALESCE(st.topic, '')"
    ))


def delete_analyses(connection, article_ids: Sequence[int]) -> None:
    """Forget these articles' stored analyses, their totals and their search index, before the Store deletes their
    statements: one statement per table (a re-analysis deletes only what changed: `goftar.store.unchanged`)."""
    from goftar.store.fulltext import unindex

    if not article_ids:
        return
    add_totals(connection, stored_totals(connection, article_ids), -1)
    connection.execute(delete(ArticleAnalysisRow).where(ArticleAnalysisRow.article_id.in_(list(article_ids))))
    unindex(connection, list(article_ids))


# --- reading ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CorpusStatus:
    """What every page needs each rerun, in one query: the corpus version and how many articles await analysis."""

    version: int
    stale: int


def version_expression(dialect: str):
    """SQL for the current corpus version."""
    if dialect == "postgresql":
        return select(literal_column("last_value")).select_from(text(PG_SEQUENCE)).scalar_subquery()
    return select(CorpusMetaRow.number).where(CorpusMetaRow.name == "version").scalar_subquery()


def corpus_status(store: Store) -> CorpusStatus:
    """The corpus version (bumped by every write) and the number of stale articles: one SQL statement."""
    stale = select(func.count()).select_from(ArticleAnalysisRow).where(ArticleAnalysisRow.stale.is_(True))
    with store.engine.connect() as connection:
        row = connection.execute(select(version_expression(store.dialect), stale.scalar_subquery())).one()
    return CorpusStatus(int(row[0] or 0), int(row[1] or 0))


def load_article(store: Store, article_id: int) -> tuple[StoredArticle, Article | None]:
    """An article and its stored analysis in one query (KeyError if absent; None while it awaits analysis)."""
    with store.engine.connect() as connection:
        row = connection.execute(
            select(*ArticleRow.__table__.c, ArticleAnalysisRow.analysis)
            .outerjoin(ArticleAnalysisRow, ArticleAnalysisRow.article_id == ArticleRow.id)
            .where(ArticleRow.id == article_id)
        ).first()
    if row is None:
        raise KeyError(article_id)
    stored = _stored(row._mapping)
    analysis = row.analysis
    if isinstance(analysis, str):  # some drivers hand JSON back as text
        analysis = json.loads(analysis)
    article = article_from_json(analysis or {}, stored.display_text, stored.original_text)
    if article is None and analysis:  # stored by another model or format: have it analysed again
        mark_stale(store, [article_id])
    return stored, article


@dataclass(frozen=True)
class StoredReview:
    """What `apply_reviews` needs of an analyst's decision."""

    start: int
    end: int
    status: str
    speaker: str | None
    speaker_type: str | None
    topics: tuple[str, ...]
    origin: str
    statement_speaker: str | None


def _joined(dialect: str, column):
    return func.string_agg(column, "|") if dialect == "postgresql" else func.group_concat(column, "|")


def load_reviewed_article(store: Store, article_id: int) -> tuple[StoredArticle, Article | None]:
    """An article with its stored analysis and the analysts' decisions applied: two queries."""
    from goftar.reviewed import apply_reviews
    from goftar.store.models import PersonRow, ReviewRow, ReviewTopicRow

    stored, article = load_article(store, article_id)
    if article is None:
        return stored, None
    speaker, keyed = aliased(PersonRow), aliased(PersonRow)
    topics = (select(_joined(store.dialect, ReviewTopicRow.topic)).where(ReviewTopicRow.review_id == ReviewRow.id)
              .scalar_subquery())
    query = (
        select(ReviewRow.start, ReviewRow.end, ReviewRow.status, speaker.name, speaker.type, topics.label("topics"),
               ReviewRow.origin, keyed.name)
        .outerjoin(speaker, speaker.id == ReviewRow.speaker_id)
        .outerjoin(keyed, keyed.id == ReviewRow.statement_speaker_id)
        .where(ReviewRow.article_id == article_id)
    )
    with store.engine.connect() as connection:
        reviews = [StoredReview(r[0], r[1], r[2], r[3], r[4], tuple(sorted(filter(None, (r[5] or "").split("|")))),
                                r[6], r[7]) for r in connection.execute(query)]
    return stored, apply_reviews(article, reviews)


# --- staleness -------------------------------------------------------------------------------------------------
def lexicon_fingerprint(directory: str | None = None) -> str:
    """A digest of the lexicon files the engine reads (a change there can change every analysis)."""
    from goftar.lexicon import DEFAULT_LEXICON_DIR

    root = Path(directory or os.environ.get("GOFTAR_LEXICON_DIR") or DEFAULT_LEXICON_DIR)
    digest = hashlib.sha256()
    for path in sorted(root.glob("*")):
        if path.is_file():
            digest.update(path.name.encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()


def base_key() -> str:
    """What every analysis depends on besides analysts' additions: the engine version and the lexicon files."""
    from goftar.engine import ENGINE_VERSION

    return f"{ENGINE_VERSION}:{lexicon_fingerprint()}"


def _active_additions(connection) -> list[dict]:
    rows = connection.execute(
        select(LexiconAdditionRow.kind, LexiconAdditionRow.value, LexiconAdditionRow.target,
               LexiconAdditionRow.details).where(LexiconAdditionRow.status == "active").order_by(LexiconAdditionRow.id)
    ).all()
    return [{"kind": k, "value": v, "target": t, "details": d or {}} for k, v, t, d in rows]


def _phrases(addition: dict) -> list[str]:
    """The words whose presence makes an article's analysis depend on this addition."""
    if addition["kind"] == "topic":
        return list((addition.get("details") or {}).get("forms") or [addition["value"]])
    return [addition["value"]]


def sync_staleness(store: Store, key: str | None = None, *, record_only: bool = False) -> int:
    """Mark stale the articles a change since the last sync can affect; returns how many were marked.

    A new engine version or changed lexicon files affect every article; an alias or issue form taught or revoked
    affects the articles whose text contains it. Cheap when nothing changed (one read of the additions).
    `record_only` (after re-analysing the whole corpus) records the current state without marking anything."""
    key = key or base_key()
    with store.engine.begin() as connection:
        meta = dict(connection.execute(
            select(CorpusMetaRow.name, CorpusMetaRow.text).where(CorpusMetaRow.name.in_(("analysis_key", "additions")))
        ).all())
        additions = _active_additions(connection)
        snapshot = json.dumps(additions, ensure_ascii=False, sort_keys=True)
        if meta.get("analysis_key") == key and meta.get("additions") == snapshot:
            return 0
        current = ArticleAnalysisRow.stale.is_(False)
        if record_only or "analysis_key" not in meta:  # the stored analyses were made with what is there now
            marked = 0
        elif meta.get("analysis_key") != key:
            marked = connection.execute(update(ArticleAnalysisRow).where(current).values(stale=True)).rowcount
        else:
            before = json.loads(meta.get("additions") or "[]")
            seen = {json.dumps(a, sort_keys=True, ensure_ascii=False) for a in before}
            now = {json.dumps(a, sort_keys=True, ensure_ascii=False) for a in additions}
            changed = [json.loads(a) for a in seen ^ now]
            phrases = sorted({p for a in changed for p in _phrases(a) if p.strip()})
            marked = 0
            if phrases:
                affected = select(ArticleRow.id).where(
                    or_(*(ArticleRow.display_text.contains(p, autoescape=True) for p in phrases)))
                marked = connection.execute(update(ArticleAnalysisRow).where(
                    current, ArticleAnalysisRow.article_id.in_(affected)).values(stale=True)).rowcount
        for name, value in (("analysis_key", key), ("additions", snapshot)):
            if connection.execute(update(CorpusMetaRow).where(CorpusMetaRow.name == name).values(text=value)).rowcount == 0:
                connection.execute(insert(CorpusMetaRow).values(name=name, number=0, text=value))
    return marked


def mark_stale(store: Store, article_ids: Iterable[int] | None = None, *, actor: Actor = LOCAL_ADMIN) -> int:
    """Mark these articles (default: all) for re-analysis; asking for it is an admin's call (the background
    re-analysis then runs them). The store marks an article itself when its stored analysis cannot be read."""
    actor.require("admin")
    query = update(ArticleAnalysisRow).values(stale=True)
    if article_ids is not None:
        query = query.where(ArticleAnalysisRow.article_id.in_(list(article_ids)))
    with store.engine.begin() as connection:
        return connection.execute(query).rowcount


def stale_ids(store: Store, limit: int | None = None) -> list[int]:
    """Articles awaiting analysis, oldest first."""
    query = select(ArticleAnalysisRow.article_id).where(ArticleAnalysisRow.stale.is_(True)).order_by(
        ArticleAnalysisRow.article_id)
    if limit:
        query = query.limit(limit)
    with store.engine.connect() as connection:
        return list(connection.scalars(query))


def additions(store: Store) -> list[dict]:
    """The active lexicon additions (what an engine for re-analysis must know)."""
    with store.engine.connect() as connection:
        return _active_additions(connection)


# --- schema helpers (used by the migrations) ----------------------------------------------------------------------
def install_version_triggers(connection) -> None:
    """Triggers that bump the corpus version on every insert, update or delete of the listed tables (idempotent).

    SQLite rebuilds a table on a batch ALTER and loses its triggers: a migration that batch-alters one of
    VERSION_TABLES must call this again."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"CREATE SEQUENCE IF NOT EXISTS {PG_SEQUENCE}"))
        connection.execute(text(
            "CREATE OR REPLACE FUNCTION goftar_bump_version() RETURNS trigger AS $$ "
            f"BEGIN PERFORM nextval('{PG_SEQUENCE}'); RETURN NULL; END $$ LANGUAGE plpgsql"
        ))
        for table in VERSION_TABLES:
            connection.execute(text(
                f"CREATE OR REPLACE TRIGGER goftar_version_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION goftar_bump_version()"
            ))
        return
    for table in VERSION_TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            connection.execute(text(
                f"CREATE TRIGGER IF NOT EXISTS goftar_version_{table}_{event.lower()} AFTER {event} ON {table} "
                "BEGIN UPDATE corpus_meta SET number = number + 1 WHERE name = 'version'; END"
            ))
