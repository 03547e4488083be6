"""A re-analysis keeps what it finds again: stored statements, mentions and analyses equal to the new ones stay."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import BACKENDS
from sqlalchemy import text

from goftar.store.analysis import load_article
from goftar.store.rows import Unchanged, analysis_json, unchanged
from goftar.store.search import statement_page

TEXT = (
    "کامران نیک‌فر، وزیر خارجه، گفت: توافق برجام هنوز زنده است.\n"
    "بهرام سپهری تأکید کرد: همکاری در قالب ۳+۳ ادامه دارد.\n"
    "سخنگوی دولت نیز گفت: عضویت در شانگهای مهم است."
)
NIKFAR, SEPEHRI = "کامران نیک‌فر", "بهرام سپهری"


@pytest.fixture(scope="module")
def article(engine):
    analysed = engine.analyze(TEXT)
    assert [s.speaker for s in analysed.statements][:2] == [NIKFAR, SEPEHRI] and len(analysed.statements) == 3
    return analysed


def _statements(store) -> list[tuple]:
    with store.engine.connect() as connection:
        return connection.execute(text(
            "SELECT id, position, text, engine_version FROM statements ORDER BY position")).all()


def _row_ids(store, table: str) -> list[int]:
    with store.engine.connect() as connection:
        return list(connection.execute(text(f"SELECT id FROM {table} ORDER BY id")).scalars())


def _totals_agree(store) -> bool:
    return (sorted(store.speaker_topic_counts(), key=str)
            == sorted(store.speaker_topic_counts(article_ids=store.article_ids()), key=str))


def _renumbered(article, statements):
    return replace(article, statements=tuple(replace(s, index=i) for i, s in enumerate(statements)))


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_the_same_analysis_rewrites_nothing(store, article):
    store.add(article)
    statements, mentions = _statements(store), _row_ids(store, "topic_mentions")
    assert store.reanalyze(lambda *_a, **_k: article) == 1
    assert _statements(store) == statements  # same ids, positions, versions
    assert _row_ids(store, "topic_mentions") == mentions
    assert _totals_agree(store)
    assert [r["speaker"] for r in statement_page(store, query="برجام")] == [NIKFAR]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_dropped_statement_goes_and_the_rest_move_up(store, article):
    store.add(article)
    before = _statements(store)
    assert store.reanalyze(lambda *_a, **_k: _renumbered(article, article.statements[1:])) == 1
    after = _statements(store)
    assert [(i, p) for i, p, *_ in after] == [(before[1][0], 0), (before[2][0], 1)]  # kept ids, new positions
    assert statement_page(store, query="برجام") == []  # out of the index with its row
    assert [r["speaker"] for r in statement_page(store, query="همکاری")] == [SEPEHRI]
    assert _totals_agree(store) and NIKFAR not in {r["speaker"] for r in store.speaker_topic_counts()}


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("change", [
    "speaker",  # the same sentence credited to another speaker
    "topics",  # the same sentence about other issues
    "offsets",  # the statement's span moved
])
def test_a_changed_statement_is_replaced(store, article, change):
    store.add(article)
    before = _statements(store)
    first, second = article.statements[:2]
    changed = {
        "speaker": replace(first, speaker_id=second.speaker_id, speaker=second.speaker),
        "topics": replace(first, topics=("sco",)),
        "offsets": replace(first, quote_start=first.quote_start + 1),
    }[change]
    assert store.reanalyze(lambda *_a, **_k: replace(article, statements=(changed, *article.statements[1:]))) == 1
    after = _statements(store)
    assert [i for i, *_ in after][1:] == [i for i, *_ in before][1:]  # the others kept
    assert after[0][0] not in {i for i, *_ in before}  # the changed one inserted anew
    assert _totals_agree(store)
    expected = SEPEHRI if change == "speaker" else NIKFAR
    assert sorted(r["speaker"] for r in statement_page(store, query="برجام")) == [expected]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_new_engine_version_is_written_on_kept_statements(store, article):
    store.add(article)
    before = _statements(store)
    assert store.reanalyze(lambda *_a, **_k: replace(article, engine_version="9.9.9")) == 1
    after = _statements(store)
    assert [i for i, *_ in after] == [i for i, *_ in before]
    assert {version for *_, version in after} == {"9.9.9"}
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT engine_version FROM article_analyses")).scalar_one() == "9.9.9"


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_changed_topic_mentions_are_replaced_and_equal_ones_kept(store, article):
    store.add(article)
    fewer = replace(article, topic_mentions=article.topic_mentions[1:])
    assert store.reanalyze(lambda *_a, **_k: fewer) == 1
    with store.engine.connect() as connection:
        stored = connection.execute(text('SELECT topic, start, "end" FROM topic_mentions ORDER BY start')).all()
    assert stored == [(t.topic, t.start, t.end) for t in fewer.topic_mentions]  # the article's list written anew
    after = _row_ids(store, "topic_mentions")
    assert store.reanalyze(lambda *_a, **_k: fewer) == 1
    assert _row_ids(store, "topic_mentions") == after  # equal: kept


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_upgrade_that_changed_nothing_rewrites_only_the_versions(store, article):
    store.add(article)
    statements, mentions = _statements(store), _row_ids(store, "topic_mentions")
    upgraded = replace(article, engine_version="9.9.9")
    assert store.reanalyze(lambda *_a, **_k: upgraded) == 1
    assert [row[:3] for row in _statements(store)] == [row[:3] for row in statements]
    assert _row_ids(store, "topic_mentions") == mentions and _totals_agree(store)
    _, loaded = load_article(store, store.article_ids()[0])
    assert loaded == upgraded  # the stored analysis is the new one


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_new_version_told_by_a_worker_leaves_an_analysis_written_meanwhile(store, article):
    store.add(article)
    article_id = store.article_ids()[0]
    [(_, _, stored)] = store.reanalysis_jobs([article_id])  # what the job carried to the worker
    upgraded = replace(article, engine_version="9.9.9")
    outcome = unchanged(upgraded, analysis_json(upgraded), stored)
    assert outcome is not None and outcome.engine_version == "9.9.9"
    fewer = _renumbered(article, article.statements[1:])
    assert store.reanalyze(lambda *_a, **_k: fewer) == 1  # another writer, before the worker's outcome is stored
    assert store.replace_analysis([(article_id, outcome)]) == [None]
    _, loaded = load_article(store, article_id)
    assert loaded == fewer  # not the analysis the worker compared with, so not overwritten
    assert {version for *_, version in _statements(store)} == {article.engine_version}


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_stale_article_analysed_the_same_is_cleared_and_kept(store, article):
    from goftar.store.analysis import mark_stale, stale_ids

    store.add(article)
    statements, mentions = _statements(store), _row_ids(store, "topic_mentions")
    assert mark_stale(store) == 1 and stale_ids(store) == store.article_ids()
    [(_, _, stored)] = store.reanalysis_jobs(stale_ids(store))
    assert unchanged(article, analysis_json(article), stored) == Unchanged(was_stale=True)  # a marker, no rows
    assert store.reanalyze(lambda *_a, **_k: article, article_ids=stale_ids(store)) == 1
    assert stale_ids(store) == []  # cleared ...
    assert _statements(store) == statements and _row_ids(store, "topic_mentions") == mentions  # ... nothing rewritten
