"""Alembic migrations keep analysts' work: reviews stored before the statement key held the speaker survive."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.config import Config
from conftest import BACKENDS
from sqlalchemy import text

from goftar.store import Store
from goftar.store.analysis import corpus_status, load_article
from goftar.store.repository import MIGRATIONS
from goftar.store.reviews import Reviews

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)


def upgrade(store: Store, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_reviews_made_before_the_speaker_key_are_kept(database_url):
    store = Store(database_url, migrate=False)
    upgrade(store, "0002")
    now = datetime.now(UTC)
    sentence = "کامران نیک‌فر گفت: همکاری ادامه دارد."
    with store.engine.begin() as connection:
        run = connection.execute
        run(text("INSERT INTO articles (id, language, original_text, display_text, content_hash, ingested_at, "
                 "engine_version) VALUES (1, 'fa', :t, :t, 'h', :now, '0.1.0')"), {"t": sentence, "now": now})
        run(text("INSERT INTO people (id, name, type, aliases, roles) VALUES (7, 'کامران نیک‌فر', 'person', "
                 "'[]', '[]')"))
        run(text('INSERT INTO statements (id, article_id, position, sentence_index, start, "end", quote_start, '
                 'quote_end, text, speaker_id, mention, verbs, kind, engine_version) VALUES (1, 1, 0, 0, 0, :n, 19, '
                 ":n, :t, 7, 'کامران نیک‌فر', '[]', 'colon', '0.1.0')"), {"n": len(sentence), "t": sentence})
        run(text('INSERT INTO reviews (id, article_id, start, "end", sentence_hash, origin, engine_speaker, '
                 "engine_topics, stances, tags, note, status, analyst, updated_at, version, stale) VALUES "
                 "(1, 1, 0, :n, 'x', 'engine', 'کامران نیک‌فر', '[]', '{}', '[]', 'یادداشت', 'rejected', 'ana', "
                 ":now, 1, false)"), {"n": len(sentence), "now": now})
    upgrade(store, "heads")
    item = Reviews(store).queue()[0]
    assert item.review is not None and item.review.status == "rejected" and item.review.note == "یادداشت"
    assert item.review.statement_speaker_id == 7 and item.engine_speaker_id == 7
    assert load_article(store, 1)[1] is None  # stored before the analyses: awaiting re-analysis
    assert corpus_status(store).stale == 1
    store.dispose()


def test_spellings_of_one_speaker_stored_apart_are_merged(database_url):
    store = Store(database_url, migrate=False)
    upgrade(store, "0003_i11")
    now = datetime.now(UTC)
    spellings = ["حمید رضا کیانی", "حمیدرضا کیانی", "حميدرضا کياني"]  # with a space, joined, Arabic letters
    with store.engine.begin() as connection:
        run = connection.execute
        for number, name in enumerate(spellings, start=1):
            sentence = f"{name} گفت: مرزها امن است."
            run(text("INSERT INTO articles (id, language, original_text, display_text, content_hash, ingested_at, "
                     "engine_version) VALUES (:i, 'fa', :t, :t, :h, :now, '0.2.1')"),
                {"i": number, "t": sentence, "h": f"h{number}", "now": now})
            run(text("INSERT INTO people (id, name, type, aliases, roles) VALUES (:i, :n, 'person', '[]', :roles)"),
                {"i": number, "n": name, "roles": f'["نقش {number}"]'})
            run(text('INSERT INTO statements (id, article_id, position, sentence_index, start, "end", quote_start, '
                     'quote_end, text, speaker_id, mention, verbs, kind, engine_version) VALUES (:i, :i, 0, 0, 0, '
                     ":e, 0, :e, :t, :i, :n, '[]', 'colon', '0.2.1')"), {"i": number, "e": len(sentence), "t": sentence,
                                                                      "n": name})
        run(text("INSERT INTO people (id, name, type, aliases, roles) VALUES (4, 'حمید رضا کیانی', 'organization', "
                 "'[]', '[]')"))  # the same name as an organisation stays apart
        run(text('INSERT INTO reviews (id, article_id, start, "end", sentence_hash, origin, engine_speaker, '
                 "engine_topics, stances, tags, note, status, analyst, updated_at, version, stale, "
                 "statement_speaker_id, speaker_id) VALUES (1, 3, 0, 5, 'x', 'engine', :n, '[]', '{}', '[]', '', "
                 "'accepted', 'ana', :now, 1, false, 3, 3)"), {"n": spellings[2], "now": now})
        from goftar.store.analysis import rebuild_totals

        rebuild_totals(connection)
    upgrade(store, "heads")
    with store.engine.connect() as connection:
        people = connection.execute(text("SELECT id, name, type, aliases, roles FROM people ORDER BY id")).all()
        speakers = set(connection.scalars(text("SELECT speaker_id FROM statements")))
        review = connection.execute(text("SELECT statement_speaker_id, speaker_id FROM reviews")).one()
        totals = connection.execute(text("SELECT person_id, n FROM speaker_topic_totals")).all()
    kept = people[0]
    assert [(p.id, p.name, p.type) for p in people] == [(1, spellings[0], "person"), (4, spellings[0], "organization")]
    aliases, roles = (json.loads(v) if isinstance(v, str) else v for v in (kept.aliases, kept.roles))
    assert aliases == spellings[1:] and roles == ["نقش 1", "نقش 2", "نقش 3"]
    assert speakers == {1} and tuple(review) == (1, 1) and [tuple(t) for t in totals] == [(1, 3)]
    store.dispose()


def test_the_search_index_is_rebuilt_with_words_split(database_url):
    store = Store(database_url, migrate=False)
    upgrade(store, "0006")  # the index as it was: SQLite's unicode61 tokenizer over the folded text
    sentence = "کامران نیک‌فر گفت: «برجام»، «شانگهای»؛ مهم‌اند."
    with store.engine.begin() as connection:
        run = connection.execute
        run(text("INSERT INTO articles (id, language, original_text, display_text, content_hash, ingested_at, "
                 "engine_version) VALUES (1, 'fa', :t, :t, 'h', :now, '0.2.2')"), {"t": sentence, "now": datetime.now(UTC)})
        run(text("INSERT INTO people (id, name, type, aliases, roles, name_key) VALUES (7, 'کامران نیک‌فر', 'person', "
                 "'[]', '[]', 'کامراننیکفر')"))
        run(text('INSERT INTO statements (id, article_id, position, sentence_index, start, "end", quote_start, '
                 'quote_end, text, speaker_id, mention, verbs, kind, engine_version) VALUES (1, 1, 0, 0, 0, :n, 19, '
                 ":n, :t, 7, 'کامران نیک‌فر', '[]', 'colon', '0.2.2')"), {"n": len(sentence), "t": sentence})
    upgrade(store, "heads")
    from goftar.store.search import search_articles, statement_page

    for query in ("برجام", "شانگهای", "مهم", "برجام شانگهای"):
        assert [row["speaker"] for row in statement_page(store, query=query)] == ["کامران نیک‌فر"], query
        assert [row["id"] for row in search_articles(store, query)] == [1], query
    if store.dialect == "sqlite":
        with store.engine.connect() as connection:
            tables = connection.execute(text("SELECT sql FROM sqlite_master WHERE name LIKE '%_fts'")).scalars().all()
        assert len(tables) == 2 and all("tokenize='ascii'" in sql for sql in tables)
    store.dispose()
