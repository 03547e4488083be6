"""The corpus store on SQLite and (with GOFTAR_TEST_POSTGRES_URL) PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from conftest import BACKENDS, SAMPLE_PATH
from sqlalchemy import func, select

from goftar.store import ArticleMeta, Store
from goftar.store.models import ArticleRow, PersonRow, StatementRow

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)

ASHTIANI = "محمدرضا آشتیانی"


@pytest.fixture(scope="module")
def sample(engine_module):
    return engine_module.analyze(SAMPLE_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine_module():
    from goftar import default_engine

    return default_engine()


def test_add_then_duplicate(store, sample):
    first = store.add(sample, ArticleMeta(title="نمونه", origin="sample.txt"))
    again = store.add(sample)
    assert first.status == "imported" and again.status == "duplicate" and again.article_id == first.article_id
    assert store.counts() == {"articles": 1, "statements": 12, "people": 2}
    stored = store.article(first.article_id)
    assert stored.title == "نمونه" and stored.source_chain == "اکونا پرس ← ایسنا"
    assert stored.original_text == sample.original and stored.display_text == sample.text


def test_zwnj_round_trips(store, engine_module):
    article = engine_module.analyze("سرهنگ کیوان رستگار گفت: همکاری‌ها ادامه می‌یابد.")
    article_id = store.add(article).article_id
    assert "همکاری\u200cها" in store.article(article_id).display_text


def test_aggregates_in_sql(store, sample):
    store.add(sample)
    counts = {(r["speaker"], r["topic"]): r["statements"] for r in store.speaker_topic_counts()}
    assert counts[(ASHTIANI, "JCPOA")] == 1 and counts[("سرگئی شایگو", None)] == 2
    rows = store.statements(speakers=["سرگئی شایگو"], topics=["SCO"])
    assert [r["speaker"] for r in rows] == ["سرگئی شایگو"] and "SCO" in rows[0]["topics"]


def test_people_merge_across_articles(store, engine_module):
    store.add(engine_module.analyze("سرهنگ کیوان رستگار فرمانده مرزبانی گفت: مرزها امن است."))
    store.add(engine_module.analyze("کیوان رستگار سخنگوی ستاد گفت: مرزها آرام است."))
    assert store.counts()["people"] == 1
    with store.engine.connect() as connection:
        roles = connection.execute(select(func.count()).select_from(StatementRow)).scalar()
    assert roles == 2


def test_failed_article_leaves_nothing_half_stored(store, sample, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "_write_analysis", broken)
    with pytest.raises(RuntimeError):
        store.add(sample)
    assert store.counts() == {"articles": 0, "statements": 0, "people": 0}
    monkeypatch.undo()
    assert store.add(sample).status == "imported"


def test_concurrent_writers_store_one_copy(store, sample, database_url):
    other = Store(database_url, migrate=False)
    results = []
    barrier = threading.Barrier(2)

    def write(target):
        barrier.wait()
        results.append(target.add(sample).status)

    threads = [threading.Thread(target=write, args=(s,)) for s in (store, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert sorted(results) == ["duplicate", "imported"]
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(ArticleRow)) == 1


def test_reanalyze_rebuilds_statements(store, sample, engine_module):
    article_id = store.add(sample).article_id
    with store.engine.begin() as connection:
        connection.execute(StatementRow.__table__.delete())
    assert store.counts()["statements"] == 0
    assert store.reanalyze(engine_module.analyze) == 1
    assert store.counts()["statements"] == 12
    assert store.article(article_id).engine_version == sample.engine_version


def test_delete_article(store, sample):
    article_id = store.add(sample).article_id
    store.delete_article(article_id)
    assert store.counts()["articles"] == 0 and store.counts()["statements"] == 0


def test_migrations_are_idempotent_and_data_survives_reopen(store, sample, database_url):
    store.add(sample)
    reopened = Store(database_url)
    assert reopened.counts()["statements"] == 12
    reopened.dispose()


def test_one_batch_imports_each_text_once_and_merges_speakers(store, engine_module):
    from goftar.store import article_rows

    first = article_rows(engine_module.analyze("سرهنگ کیوان رستگار فرمانده مرزبانی گفت: مرزها امن است."))
    second = article_rows(engine_module.analyze("کیوان رستگار سخنگوی ستاد گفت: مرزها آرام است."))
    outcomes = store.add_many([first, second, first])
    # the repeated text in the same batch is a duplicate of the first copy, not a second article
    assert [o.status for o in outcomes] == ["imported", "imported", "duplicate"]
    assert outcomes[2].article_id == outcomes[0].article_id
    assert store.counts() == {"articles": 2, "statements": 2, "people": 1}
    with store.engine.connect() as connection:
        roles = connection.execute(select(PersonRow.roles)).scalar_one()
    assert {"فرمانده مرزبانی", "سخنگوی ستاد"} <= set(roles)


def test_a_later_batch_reuses_speakers_and_adds_their_new_roles(store, engine_module):
    from goftar.store import article_rows

    store.add_many([article_rows(engine_module.analyze("سرهنگ کیوان رستگار فرمانده مرزبانی گفت: مرزها امن است."))])
    store.add_many([article_rows(engine_module.analyze("کیوان رستگار سخنگوی ستاد گفت: مرزها آرام است."))])
    with store.engine.connect() as connection:
        people = connection.execute(select(PersonRow.name, PersonRow.roles)).all()
    assert len(people) == 1 and {"فرمانده مرزبانی", "سخنگوی ستاد"} <= set(people[0].roles)


def test_metadata_round_trips_through_the_bulk_insert(store, sample):
    from datetime import date, datetime

    meta = ArticleMeta(title="عنوان آزمایشی", source="آزمون", published=date(2023, 11, 1), url="https://example.org/a",
                       origin="a.txt")
    stored = store.article(store.add(sample, meta).article_id)
    assert (stored.title, stored.source, stored.published, stored.url, stored.origin) == (
        "عنوان آزمایشی", "آزمون", date(2023, 11, 1), "https://example.org/a", "a.txt")
    assert isinstance(stored.ingested_at, datetime) and stored.display_text == sample.text
