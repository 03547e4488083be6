"""An analysed article flattened into the rows the store writes.

Built next to the engine (in an analysis worker, local or on a cluster), so the one process that writes to the
database only inserts: the content hash, the JSON of the verb lists and of the stored analysis, the folded texts of
the search index and every tuple are ready, and what travels back from the worker is a few plain tuples and strings
instead of the whole `Article` object tree.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from json.encoder import encode_basestring

import orjson

from goftar.model import Article


def content_hash(display_text: str) -> str:
    """Identity of an article: the hash of its normalised display text (whitespace-insensitive)."""
    return hashlib.sha256(" ".join(display_text.split()).encode("utf-8")).hexdigest()


# Column widths of the article metadata (models.ArticleRow): longer values are cut here, identically on SQLite
# (which would store them whole) and PostgreSQL (which would refuse the row).
META_LIMITS = {"title": 500, "source": 200, "url": 2000, "origin": 500}


def fit_value(value: str | None, limit: int) -> str | None:
    """A metadata value both databases store alike: NUL removed (PostgreSQL refuses it), cut to the column."""
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return value or None


@dataclass(frozen=True)
class ArticleMeta:
    """What is known about an article besides its text."""

    title: str | None = None
    source: str | None = None
    published: date | None = None
    url: str | None = None
    origin: str | None = None


# Column order of the tuples below; the store inserts them as they are.
ARTICLE_COLUMNS = ("title", "source", "source_chain", "published", "url", "language", "original_text", "display_text",
                   "content_hash", "origin", "engine_version")
STATEMENT_COLUMNS = ("position", "sentence_index", "start", "end", "quote_start", "quote_end", "text", "mention",
                     "verbs", "kind", "engine_version")
TOPIC_MENTION_COLUMNS = ("topic", "start", "end", "sentence_index")


@dataclass(frozen=True)
class ArticleRows:
    """One article's rows: the `articles` columns, its speakers, statements (with topics) and topic mentions."""

    origin: str | None
    content_hash: str
    title: str | None
    source: str | None
    source_chain: str | None
    published: date | None
    url: str | None
    original_text: str
    display_text: str
    engine_version: str
    people: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]  # name, type, aliases, roles
    statements: tuple[tuple, ...]  # STATEMENT_COLUMNS values
    speakers: tuple[int, ...]  # per statement: its speaker's index in `people`
    statement_topics: tuple[tuple[str, ...], ...]  # per statement: its topics
    topic_mentions: tuple[tuple[str, int, int, int], ...]  # TOPIC_MENTION_COLUMNS values
    analysis_json: str | None = None  # the analysis the pages render (`goftar.store.analysis.article_to_json`), as JSON
    statement_search: tuple[str, ...] = ()  # per statement: its text as the search index holds it
    search_title: str | None = None  # the article's title as stored, with which `search_text` was built
    search_text: str = ""  # the title and text as the search index holds them

    def article_values(self) -> dict:
        """The `articles` columns that come from the analysis and the import (not id, time or bookkeeping)."""
        return dict(zip(ARTICLE_COLUMNS, (
            self.title, self.source, self.source_chain, self.published, self.url, "fa", self.original_text,
            self.display_text, self.content_hash, self.origin, self.engine_version), strict=True))


def _string_list(values) -> str:
    """A JSON list of strings, as `json.dumps(..., ensure_ascii=False)` writes it but without its per-call cost
    (a dozen statements an article, each with its verbs)."""
    return f"[{', '.join(map(encode_basestring, values))}]"


def analysis_json(article: Article) -> str:
    """The stored analysis of an article (`goftar.store.analysis.article_to_json`) as JSON: the same text as
    `json.dumps(…, ensure_ascii=False, separators=(",", ":"))`, which a re-analysis compares with what is stored."""
    from goftar.store.analysis import article_to_json  # (that module reads the store: imported when first used)

    return orjson.dumps(article_to_json(article)).decode()


def article_rows(article: Article, meta: ArticleMeta | None = None, *, search: bool = True,
                 analysis: str | None = None) -> ArticleRows:
    """Flatten an analysed article (and what the import knew about it) into rows. Without `search`, the texts of
    the search index are left for the store to fold (a re-analysis, where most of them are kept as they are).
    `analysis`: its `analysis_json`, when already made."""
    from goftar.store.fulltext import article_search_text, index_texts

    meta = meta or ArticleMeta()
    title = meta.title or article.title
    search_title = fit_value(title, META_LIMITS["title"])
    people_index = {entity.id: position for position, entity in enumerate(article.speakers)}
    return ArticleRows(
        origin=meta.origin,
        content_hash=content_hash(article.text),
        title=title,
        source=meta.source or article.source,
        source_chain=" ← ".join(article.sources) or None,
        published=meta.published,
        url=meta.url,
        original_text=article.original,
        display_text=article.text,
        engine_version=article.engine_version,
        people=tuple((e.name, e.type, tuple(e.aliases), tuple(e.roles)) for e in article.speakers),
        statements=tuple(
            (st.index, st.sentence, st.start, st.end, st.quote_start, st.quote_end, st.text,
             st.mention.text if st.mention else "", _string_list(v.text for v in st.verbs),
             st.kind, article.engine_version)
            for st in article.statements
        ),
        speakers=tuple(people_index[st.speaker_id] for st in article.statements),
        statement_topics=tuple(tuple(st.topics) for st in article.statements),
        topic_mentions=tuple((t.topic, t.start, t.end, t.sentence) for t in article.topic_mentions),
        analysis_json=analysis_json(article) if analysis is None else analysis,
        statement_search=tuple(index_texts([st.text for st in article.statements])) if search else (),
        search_title=search_title,
        search_text=article_search_text(search_title, article.text) if search else "",
    )


# --- re-analysis: what a worker sends back for an article whose analysis did not change -------------------------
@dataclass(frozen=True)
class StoredAnalysis:
    """An article's stored analysis as a re-analysis job carries it to the worker (read with the article's text), so
    the worker can tell without the database whether the new analysis is the same (most are: a lexicon change
    touches few articles) and send back a marker instead of the article's rows."""

    display_text: str
    analysis_json: str
    engine_version: str
    statements: int  # statement rows stored for the article (fewer when some were deleted outside the Store)
    stale: bool = False  # marked for re-analysis (a lexicon change that may alter it)


@dataclass(frozen=True)
class Unchanged:
    """The new analysis of a stored article equals the stored one: nothing of it is written again, but for its
    stale mark, cleared when `was_stale`. When the two differ only in the engine version (an upgrade that changed
    nothing found in this article), `analysis_json` is the stored analysis with the new `engine_version`, and
    `stored_version` the version it replaces."""

    engine_version: str | None = None
    analysis_json: str | None = None
    stored_version: str | None = None
    was_stale: bool = False


def with_version(analysis: str, old: str | None, new: str) -> str:
    """A stored analysis JSON with its engine version replaced. The key, its colon and the quoted value occur
    once, and only there: a quote inside any JSON string is escaped."""
    return analysis.replace(f'"engine_version":{json.dumps(old)}', f'"engine_version":{json.dumps(new)}', 1)


def unchanged(article: Article, analysis: str, stored: StoredAnalysis | None) -> Unchanged | None:
    """`Unchanged` if the new analysis of an article (`analysis`: its `analysis_json`) is the stored one, but for
    the engine version at most; None if anything else differs or nothing is stored (`stored` None)."""
    if stored is None or stored.display_text != article.text or stored.statements != len(article.statements):
        return None
    if analysis == stored.analysis_json:
        return Unchanged(was_stale=stored.stale)
    if (stored.engine_version != article.engine_version
            and with_version(stored.analysis_json, stored.engine_version, article.engine_version) == analysis):
        return Unchanged(article.engine_version, analysis, stored.engine_version, stored.stale)
    return None
