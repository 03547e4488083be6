"""What a re-analysis leaves as it is: stored statements, topic mentions and analyses equal to the new ones.

A re-analysis runs because the engine or its lexicons changed, and most of what it finds again is what was
stored: rewriting it would delete and re-insert every statement, its issues, its speaker × issue totals and its
search-index entry (the index is the largest cost of storing an article). So `Store.replace_analysis` compares
the new rows of a batch with the stored ones and touches only what differs:

- an article whose stored analysis (JSON) and display text equal the new ones is kept whole: its rows are a
  function of those two, so nothing else is read or written for it (the common case: a lexicon change touches
  few articles) but its stale mark, cleared. The worker that analysed it tells so, from the stored analysis its
  job carried (`goftar.store.rows.unchanged`), and sends back a marker instead of the rows (`write_unchanged`);
  `compare` tells it again, for an article not marked stale, of rows that reach the store;
- an article whose analysis differs only in the engine version (an upgrade that changed nothing it found in it)
  is kept whole too, but for that version, written on its analysis, statements and row (`write_unchanged` when
  the worker told it; else one UPDATE for the batch);
- otherwise a statement is kept when its sentence, offsets, text, speaker mention, verbs, kind, speaker and
  issues are all equal (its id, issues, total and index entry stay; only a new position in the article or engine
  version is written); the stored statements left over are deleted, the new ones without an equal are inserted;
- an article's topic mentions are kept when the whole list is equal;
- an article's stored analysis is kept when its JSON is equal and it is not marked stale.

Reviews are tied to a statement by article, offsets and speaker, never by id, so keeping ids changes nothing
for them. Not compared: the article's own row (its display text and source chain are written by the caller).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, text

from goftar.store.bulk import placeholders
from goftar.store.rows import STATEMENT_COLUMNS, ArticleRows, Unchanged, with_version

# the statement values compared (all but the position, which shifts when a statement is added before it, and the
# engine version, which every re-analysis after an upgrade changes)
_POSITION = STATEMENT_COLUMNS.index("position")
_VERSION = STATEMENT_COLUMNS.index("engine_version")
_COMPARED = tuple(index for index in range(len(STATEMENT_COLUMNS)) if index not in (_POSITION, _VERSION))
_COMPARED_COLUMNS = ", ".join(f'CAST(s."{STATEMENT_COLUMNS[index]}" AS TEXT)' if STATEMENT_COLUMNS[index] == "verbs"
                              else f's."{STATEMENT_COLUMNS[index]}"' for index in _COMPARED)
_CHUNK = 500  # articles per query
_IDS = bindparam("ids", expanding=True)


@dataclass(frozen=True)
class Kept:
    """The outcome of comparing one batch's new rows with what is stored."""

    whole: frozenset[int]  # articles whose stored analysis and display text equal the new ones: nothing to write
    reversioned: dict[int, str]  # articles equal but for the engine version → the new version, to write
    speaker_ids: dict[tuple[str, str], int]  # (name, type) → people.id of the speakers of the other articles
    statements: dict[int, dict[int, int]]  # article id → {index of a new statement: id of the equal stored one}
    refreshed: tuple[tuple[int, str, int], ...]  # (new position, new engine version, id) of kept statements
    gone: tuple[int, ...]  # stored statements no new one equals
    gone_totals: Counter  # their counts per (speaker id, issue; '' for none), to take from the totals
    mentions: frozenset[int]  # articles whose stored topic mentions equal the new ones
    analyses: frozenset[int]  # articles whose stored analysis equals the new one and is not stale
    same_text: frozenset[int]  # articles whose display text is unchanged (their search-index entry stays)

    @classmethod
    def nothing(cls) -> Kept:
        """Nothing stored to keep: a fresh import writes every row."""
        return cls(frozenset(), {}, {}, {}, (), (), Counter(), frozenset(), frozenset(), frozenset())

    def new_statements(self, article_id: int, rows: ArticleRows) -> list[int]:
        """Indexes of the article's new statements that have no equal stored one (to insert)."""
        if article_id in self.whole or article_id in self.reversioned:
            return []
        kept = self.statements.get(article_id, {})
        return [index for index in range(len(rows.statements)) if index not in kept]


def _key(values: Sequence, speaker_id: int, topics) -> tuple:
    return (*(values[index] for index in _COMPARED), speaker_id, frozenset(topics))


@dataclass
class _Stored:
    """What is stored for the articles of a batch that are not kept whole."""

    statements: dict[int, dict[tuple, list[tuple[int, int, str]]]]  # article → key → [(id, position, version)]
    speaker_of: dict[int, int]  # statement id → speaker id
    topics_of: dict[int, list[str]]  # statement id → issues
    mentions_of: dict[int, list[tuple]]  # article id → topic mentions


def _read_analyses(connection, analysed: Sequence[tuple[int, ArticleRows]]) -> tuple[dict, set[int], set[int]]:
    """(article id → (stored analysis JSON, stale, engine version)), the articles whose display text is unchanged, and those whose
    stored statements are as many as the new ones (not so when they were deleted outside the Store: then the
    article is compared statement by statement, which writes them again)."""
    analysis_of: dict[int, tuple[str | None, bool, str | None]] = {}
    same_text: set[int] = set()
    same_count: set[int] = set()
    new_rows = dict(analysed)
    for start in range(0, len(analysed), _CHUNK):
        part = [article_id for article_id, _ in analysed[start : start + _CHUNK]]
        for article_id, display, analysis, stale, version, statements in connection.execute(text(
                "SELECT a.id, a.display_text, CAST(aa.analysis AS TEXT), aa.stale, aa.engine_version, "
                "(SELECT count(*) FROM statements s WHERE s.article_id = a.id) FROM articles a "
                "LEFT JOIN article_analyses aa ON aa.article_id = a.id WHERE a.id IN :ids").bindparams(_IDS),
                {"ids": part}):
            analysis_of[article_id] = (analysis, bool(stale), version)
            if display == new_rows[article_id].display_text:
                same_text.add(article_id)
            if statements == len(new_rows[article_id].statements):
                same_count.add(article_id)
    return analysis_of, same_text, same_count


def _read_statements(connection, ids: list[int]) -> _Stored:
    stored = _Stored(defaultdict(lambda: defaultdict(list)), {}, defaultdict(list), defaultdict(list))
    for start in range(0, len(ids), _CHUNK):
        part = {"ids": ids[start : start + _CHUNK]}
        statements = connection.execute(text(
            f"SELECT s.id, s.article_id, s.position, s.engine_version, s.speaker_id, {_COMPARED_COLUMNS} "
            "FROM statements s WHERE s.article_id IN :ids").bindparams(_IDS), part).all()
        for statement_id, topic in connection.execute(text(
                "SELECT t.statement_id, t.topic FROM statement_topics t JOIN statements s ON s.id = t.statement_id "
                "WHERE s.article_id IN :ids").bindparams(_IDS), part):
            stored.topics_of[statement_id].append(topic)
        for statement_id, article_id, position, version, speaker_id, *values in statements:
            stored.speaker_of[statement_id] = speaker_id
            key = (*values, speaker_id, frozenset(stored.topics_of[statement_id]))
            stored.statements[article_id][key].append((statement_id, position, version))
        for article_id, *values in connection.execute(text(
                'SELECT article_id, topic, start, "end", sentence_index FROM topic_mentions '
                "WHERE article_id IN :ids").bindparams(_IDS), part):
            stored.mentions_of[article_id].append(tuple(values))
    return stored


def compare(connection, analysed: Sequence[tuple[int, ArticleRows]],
            resolve: Callable[[list[tuple]], dict[tuple[str, str], int]]) -> Kept:
    """Compare the new rows of these stored articles with what is stored for them. `resolve(people)` gives the
    speakers' ids (`_People.resolve`); it is asked only for the articles not kept whole (whose speakers, aliases
    and roles are those already stored)."""
    analysis_of, same_text, same_count = _read_analyses(connection, analysed)
    whole: set[int] = set()
    reversioned: dict[int, str] = {}
    for article_id, rows in analysed:
        analysis, stale, version = analysis_of.get(article_id, (None, True, None))
        if stale or article_id not in same_text or article_id not in same_count or analysis is None:
            continue
        if analysis == rows.analysis_json:
            whole.add(article_id)
        elif version != rows.engine_version and with_version(analysis, version, rows.engine_version) == rows.analysis_json:
            reversioned[article_id] = rows.engine_version
    analysed = [(article_id, rows) for article_id, rows in analysed
                if article_id not in whole and article_id not in reversioned]
    person_ids = resolve([person for _, rows in analysed for person in rows.people])
    stored = _read_statements(connection, [article_id for article_id, _ in analysed])
    kept: dict[int, dict[int, int]] = {}
    refreshed: list[tuple[int, str, int]] = []
    for article_id, rows in analysed:
        candidates = stored.statements.get(article_id, {})
        here: dict[int, int] = {}
        for index, (values, speaker, topics) in enumerate(zip(rows.statements, rows.speakers, rows.statement_topics,
                                                              strict=True)):
            name, kind = rows.people[speaker][:2]
            equal = candidates.get(_key(values, person_ids[(name, kind)], topics))
            if equal:
                statement_id, position, version = equal.pop()
                here[index] = statement_id
                if (position, version) != (values[_POSITION], values[_VERSION]):
                    refreshed.append((values[_POSITION], values[_VERSION], statement_id))
        if here:
            kept[article_id] = here
    gone = [statement_id for candidates in stored.statements.values() for left in candidates.values()
            for statement_id, _, _ in left]
    return Kept(
        whole=frozenset(whole), reversioned=reversioned, speaker_ids=person_ids, statements=kept, refreshed=tuple(refreshed), gone=tuple(gone),
        gone_totals=Counter((stored.speaker_of[statement_id], topic) for statement_id in gone
                            for topic in stored.topics_of.get(statement_id) or ("",)),
        mentions=frozenset(whole | set(reversioned) | {article_id for article_id, rows in analysed
                                    if sorted(stored.mentions_of.get(article_id, [])) == sorted(rows.topic_mentions)}),
        analyses=frozenset(whole | {article_id for article_id, rows in analysed
                                    if analysis_of.get(article_id, ())[:2] == (rows.analysis_json, False)}),
        same_text=frozenset(same_text),
    )


def remove_changed(connection, analysed: Sequence[tuple[int, ArticleRows]], kept: Kept) -> None:
    """Delete what the new rows replace (statements no new one equals, with their issues, totals and index
    entries; changed topic mentions and analyses) and write kept statements' new position and version."""
    from goftar.store.analysis import add_totals
    from goftar.store.fulltext import unindex_statements

    add_totals(connection, kept.gone_totals, -1)
    gone = list(kept.gone)
    for start in range(0, len(gone), 5 * _CHUNK):
        part = {"ids": gone[start : start + 5 * _CHUNK]}
        unindex_statements(connection, part["ids"])
        connection.execute(text("DELETE FROM statement_topics WHERE statement_id IN :ids").bindparams(_IDS), part)
        connection.execute(text("DELETE FROM statements WHERE id IN :ids").bindparams(_IDS), part)
    for table, unchanged in (("topic_mentions", kept.mentions), ("article_analyses", kept.analyses)):
        changed = [article_id for article_id, _ in analysed if article_id not in unchanged]
        for start in range(0, len(changed), _CHUNK):
            connection.execute(text(f"DELETE FROM {table} WHERE article_id IN :ids").bindparams(_IDS),
                               {"ids": changed[start : start + _CHUNK]})
    for version in set(kept.reversioned.values()):
        ids = [article_id for article_id, new in kept.reversioned.items() if new == version]
        connection.execute(text("UPDATE statements SET engine_version = :version WHERE article_id IN :ids")
                           .bindparams(_IDS), {"version": version, "ids": ids})
    if kept.refreshed:  # (after an engine upgrade: every kept statement, so one driver-level executemany)
        position, version, statement_id = placeholders(connection, 3).split(", ")
        connection.exec_driver_sql(f"UPDATE statements SET position = {position}, engine_version = {version} "
                                   f"WHERE id = {statement_id}", list(kept.refreshed))


def write_unchanged(connection, same: Sequence[tuple[int, Unchanged]]) -> None:
    """What changes for articles whose new analysis the worker found equal to the stored one
    (`goftar.store.rows.unchanged`): the stale mark of those marked (cleared, as writing a new analysis clears
    it), and the new engine version of those that differ only in it, written on their stored analysis,
    statements and article row — for each article only if its stored analysis is still the one the worker
    compared with (the new one with the old version): one analysed again meanwhile is left as that writer left
    it."""
    stale = [article_id for article_id, outcome in same if outcome.was_stale and not outcome.engine_version]
    for start in range(0, len(stale), _CHUNK):
        connection.execute(text("UPDATE article_analyses SET stale = :false WHERE article_id IN :ids")
                           .bindparams(_IDS), {"ids": stale[start : start + _CHUNK], "false": False})
    changed = [(article_id, outcome) for article_id, outcome in same if outcome.engine_version]
    if not changed:
        return
    from goftar.store.bulk import bind_ready
    from goftar.store.models import ArticleAnalysisRow

    analyzed_at = bind_ready(connection.dialect, ArticleAnalysisRow.__table__, ("analyzed_at",),
                             [(datetime.now(UTC),)])[0][0]
    analysis = "CAST(:analysis AS JSON)" if connection.dialect.name == "postgresql" else ":analysis"
    connection.execute(text(f"UPDATE article_analyses SET analysis = {analysis}, engine_version = :version, "
                            "stale = :false, analyzed_at = :analyzed_at WHERE article_id = :id "
                            "AND engine_version = :old AND CAST(analysis AS TEXT) = :compared"),
                       [{"analysis": outcome.analysis_json, "version": outcome.engine_version, "false": False,
                         "analyzed_at": analyzed_at, "id": article_id, "old": outcome.stored_version,
                         "compared": with_version(outcome.analysis_json, outcome.engine_version,
                                                  outcome.stored_version)}
                        for article_id, outcome in changed])
    written = "EXISTS (SELECT 1 FROM article_analyses WHERE article_id = :id AND engine_version = :version)"
    for rows in (f"UPDATE statements SET engine_version = :version WHERE article_id = :id AND {written}",
                 f"UPDATE articles SET engine_version = :version WHERE id = :id AND {written}"):
        connection.execute(text(rows), [{"version": outcome.engine_version, "id": article_id}
                                        for article_id, outcome in changed])
