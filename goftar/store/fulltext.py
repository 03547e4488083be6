"""Persian full-text search: folding, the index, and the match expressions for SQLite FTS5 and PostgreSQL.

Text and queries are folded the same way before they meet: Arabic ي/ك/ى and ۀ/ة/أ/إ/آ/ؤ to their plain Persian
forms, Persian and Arabic-Indic digits to ASCII, diacritics, tatweel, direction marks and soft hyphens removed,
and the ZWNJ (نیم‌فاصله) removed so «می‌گوید», «میگوید» match alike. A query of several words also matches them
written as one («می گوید» finds «می‌گوید»), and each word matches as a prefix («برجا» finds «برجام»).

SQLite: an FTS5 table per kind (`statement_fts`, `article_fts`) whose rowid is the statement's or article's id,
with FTS5's `ascii` tokenizer: the indexed text has every character that is not part of a word («»،؛؟ and the
like) turned into a space already, so words split exactly where the queries' words do (`WORD_RE`), and the
tokenizer only has to cut at ASCII spaces and punctuation — half the cost of `unicode61`, the largest part of
storing an article.
PostgreSQL: tables with a generated `tsvector` ('simple' configuration: no stemming, the folding does the work)
and GIN indexes. Both are filled when an analysis is written and emptied when it is deleted.
"""

from __future__ import annotations

import re

from sqlalchemy import Float, Integer, bindparam, column, table, text

_FOLD = {
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و",
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
}
_DROP = {"\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\u0640", "\u061c", "\ufeff",
         *(chr(c) for c in range(0x064B, 0x0660)), "\u0670"}
WORD_RE = re.compile(r"\w+")
_NOT_WORDS = re.compile(r"[^\w\x00-\x7f]+")  # what the index turns into spaces (ASCII is the tokenizer's own)
SQLITE_TOKENIZER = "ascii"
ZWNJ_WORD_RE = re.compile(r"\w+(?:\u200c\w+)+")  # words joined by a ZWNJ
MAX_TERMS = 8


def fold_char(char: str) -> str:
    """The folded form of one character ("" when it is dropped)."""
    if char in _DROP:
        return ""
    return _FOLD.get(char, char).lower()


# `fold` over a whole text: the characters to change found by one regular expression (few in most texts), then
# lower-cased at once. Lower-casing a whole string differs from lower-casing its characters one by one only for
# the Greek capital sigma (final form in context), which the table lower-cases first: the same as `fold_char`.
_REPLACEMENTS = {**_FOLD, **dict.fromkeys(_DROP, ""), "\u03a3": "\u03c3"}
_TO_REPLACE = re.compile("[" + re.escape("".join(sorted(_REPLACEMENTS))) + "]")


def _replacement(match: re.Match) -> str:
    return _REPLACEMENTS[match.group()]


def fold(value: str) -> str:
    """Text as the search index sees it."""
    return _TO_REPLACE.sub(_replacement, value).lower()


def fold_with_offsets(value: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came from."""
    folded, origin = [], []
    for index, char in enumerate(value):
        for piece in fold_char(char):
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def _joined_parts(value: str) -> str:
    """The value, plus the parts of every word joined by a ZWNJ (so «گوید» finds «می‌گوید» too)."""
    parts = [part for token in value.split() if "\u200c" in token  # (a word never spans a space: faster per token)
             for word in ZWNJ_WORD_RE.findall(token) for part in word.split("\u200c")]
    return f"{value} {' '.join(parts)}" if parts else value


def index_text(value: str) -> str:
    """What is indexed for a text: the folded text, plus the parts of every word joined by a ZWNJ, with every
    character that belongs to no word a space."""
    return _NOT_WORDS.sub(" ", fold(_joined_parts(value)))


_APART = "\x1f"  # between the texts of one `index_texts` call: ASCII (kept by the folding), never in a word


def index_texts(values: list[str]) -> list[str]:
    """`index_text` of each value, folded in one pass (an article's statements: one call instead of dozens)."""
    if any(_APART in value for value in values):
        return [index_text(value) for value in values]
    return _NOT_WORDS.sub(" ", fold(_APART.join(map(_joined_parts, values)))).split(_APART) if values else []


def terms(query: str) -> list[str]:
    """The words of a query, folded (at most MAX_TERMS)."""
    return WORD_RE.findall(fold(query))[:MAX_TERMS]


def fts5_expression(query: str) -> str | None:
    """An FTS5 MATCH expression: every word as a prefix; several words also as one joined word."""
    words = terms(query)
    if not words:
        return None
    every = " AND ".join(f'"{w}"*' for w in words)
    return f'({every}) OR "{"".join(words)}"*' if len(words) > 1 else every


def tsquery_expression(query: str) -> str | None:
    """The same for PostgreSQL's to_tsquery('simple', …)."""
    words = terms(query)
    if not words:
        return None
    every = " & ".join(f"'{w}':*" for w in words)
    return f"({every}) | '{''.join(words)}':*" if len(words) > 1 else every


def highlight_spans(value: str, query: str) -> list[tuple[int, int]]:
    """Spans of `value` (original offsets) where a query word, or the words joined, begins a word."""
    words = terms(query)
    if not words:
        return []
    candidates = sorted({*words, "".join(words)}, key=len, reverse=True)
    folded, origin = fold_with_offsets(value)
    spans: list[tuple[int, int]] = []
    for match in WORD_RE.finditer(folded):
        word = match.group()
        for candidate in candidates:
            if word.startswith(candidate):
                start = origin[match.start()]
                end = origin[match.start() + len(candidate) - 1] + 1
                spans.append((start, end))
                break
    return spans


# --- the index (called inside the Store's transactions) -----------------------------------------------------------
def article_search_text(title: str | None, display: str) -> str:
    """What is indexed for an article: its title and text."""
    return index_text(f"{title or ''}\n{display}")


STATEMENT_SEARCH = table("statement_search", column("statement_id"), column("article_id"), column("folded"))
ARTICLE_SEARCH = table("article_search", column("article_id"), column("folded"))


def index_rows(connection, statements: list[tuple[int, int, str]], articles: list[tuple[int, str]]) -> None:
    """Index (statement id, article id, `index_text`) and (article id, `article_search_text`) rows, already folded
    (in the analysis workers). The statements are new to the index (fresh ids; on SQLite a row left behind by
    statements deleted outside the Store gives way); an article already indexed with the same text is left as it is
    (a re-analysis seldom changes an article's title or text), with another text it is indexed again."""
    from goftar.store.bulk import insert_rows

    postgres = connection.dialect.name == "postgresql"
    if articles:
        table, key = ("article_search", "article_id") if postgres else ("article_fts", "rowid")
        ids = bindparam("ids", expanding=True)
        indexed = dict(connection.execute(text(f"SELECT {key}, folded FROM {table} WHERE {key} IN :ids").bindparams(ids),
                                          {"ids": [article_id for article_id, _ in articles]}).all())
        articles = [(article_id, folded) for article_id, folded in articles if indexed.get(article_id) != folded]
        changed = [article_id for article_id, _ in articles if article_id in indexed]
        if changed and postgres:
            connection.execute(text("DELETE FROM article_search WHERE article_id IN :ids").bindparams(ids),
                               {"ids": changed})
    if postgres:
        insert_rows(connection, STATEMENT_SEARCH, ("statement_id", "article_id", "folded"), statements)
        insert_rows(connection, ARTICLE_SEARCH, ("article_id", "folded"), articles)
        return
    if statements:
        connection.exec_driver_sql("INSERT OR REPLACE INTO statement_fts (rowid, folded) VALUES (?, ?)",
                                   [(statement_id, folded) for statement_id, _, folded in statements])
    if articles:
        connection.exec_driver_sql("INSERT OR REPLACE INTO article_fts (rowid, folded) VALUES (?, ?)", articles)


def unindex(connection, article_ids: list[int]) -> None:
    """Remove articles and their statements from the index, before their statement rows are deleted."""
    if not article_ids:
        return
    ids = bindparam("ids", expanding=True)
    if connection.dialect.name == "postgresql":
        for table in ("statement_search", "article_search"):
            connection.execute(text(f"DELETE FROM {table} WHERE article_id IN :ids").bindparams(ids),
                               {"ids": article_ids})
        return
    connection.execute(text("DELETE FROM statement_fts WHERE rowid IN (SELECT id FROM statements WHERE article_id IN "
                            ":ids)").bindparams(ids), {"ids": article_ids})
    connection.execute(text("DELETE FROM article_fts WHERE rowid IN :ids").bindparams(ids), {"ids": article_ids})


def unindex_statements(connection, statement_ids: list[int]) -> None:
    """Remove these statements from the index, before their rows are deleted."""
    if not statement_ids:
        return
    ids = bindparam("ids", expanding=True)
    sql = ("DELETE FROM statement_search WHERE statement_id IN :ids" if connection.dialect.name == "postgresql"
           else "DELETE FROM statement_fts WHERE rowid IN :ids")
    connection.execute(text(sql).bindparams(ids), {"ids": statement_ids})


def _columns(key: str):
    return column(key, Integer), column("rank", Float)


def matching_statements(dialect: str, query: str):
    """A subquery (statement_id, rank) of the statements matching `query`, lower rank first; None if the query
    has no words."""
    return _matching(dialect, query, "statement_search", "statement_fts", "statement_id", "matches")


def matching_articles(dialect: str, query: str):
    """A subquery (article_id, rank) of the articles whose title or text matches `query`."""
    return _matching(dialect, query, "article_search", "article_fts", "article_id", "article_matches")


def _matching(dialect: str, query: str, pg_table: str, fts_table: str, key: str, name: str):
    """(key, rank) of the rows of a search table matching `query`: PostgreSQL's text search or SQLite's FTS5."""
    if dialect == "postgresql":
        expression = tsquery_expression(query)
        if expression is None:
            return None
        sql = (f"SELECT {key}, -ts_rank(tsv, to_tsquery('simple', :q)) AS rank FROM {pg_table} "
               "WHERE tsv @@ to_tsquery('simple', :q)")
    else:
        expression = fts5_expression(query)
        if expression is None:
            return None
        sql = f"SELECT rowid AS {key}, rank FROM {fts_table} WHERE {fts_table} MATCH :q"
    return text(sql).bindparams(q=expression).columns(*_columns(key)).subquery(name)


def create_index(connection, tokenizer: str = SQLITE_TOKENIZER) -> None:
    """The search tables and indexes, filled from the stored statements and articles (used by the migrations;
    `tokenizer`: SQLite's, as the index of that revision had it)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(
            "CREATE TABLE statement_search (statement_id INTEGER PRIMARY KEY REFERENCES statements(id) "
            "ON DELETE CASCADE, article_id INTEGER NOT NULL, folded TEXT NOT NULL, "
            "tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED)"))
        connection.execute(text("CREATE INDEX ix_statement_search_tsv ON statement_search USING gin (tsv)"))
        connection.execute(text("CREATE INDEX ix_statement_search_article ON statement_search (article_id)"))
        connection.execute(text(
            "CREATE TABLE article_search (article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, "
            "folded TEXT NOT NULL, tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED)"))
        connection.execute(text("CREATE INDEX ix_article_search_tsv ON article_search USING gin (tsv)"))
    else:
        for name in ("statement_fts", "article_fts"):
            connection.execute(text(f"CREATE VIRTUAL TABLE {name} USING fts5(folded, tokenize='{tokenizer}')"))
    statements = connection.execute(text("SELECT id, article_id, text FROM statements")).all()
    for start in range(0, len(statements), 10_000):
        part = statements[start : start + 10_000]
        index_rows(connection, [(statement_id, article_id, folded) for (statement_id, article_id, _), folded
                                in zip(part, index_texts([row.text for row in part]), strict=True)], [])
    articles = connection.execute(text("SELECT id, title, display_text FROM articles")).all()
    index_rows(connection, [], [(article_id, article_search_text(title, display)) for article_id, title, display in articles])


def drop_index(connection) -> None:
    """Undo `create_index`."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("DROP TABLE IF EXISTS statement_search"))
        connection.execute(text("DROP TABLE IF EXISTS article_search"))
    else:
        connection.execute(text("DROP TABLE IF EXISTS statement_fts"))
        connection.execute(text("DROP TABLE IF EXISTS article_fts"))
