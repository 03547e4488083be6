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
    summary = store.speaker_summary(1)  # Explore's view: the top speakers only, ranked in SQL, and every issue
    top = max({s for s, _ in counts}, key=lambda s: sum(n for (who, _), n in counts.items() if who == s))
    assert summary.ranked == (top,) and {r["speaker"] for r in summary.counts} == {top}
    assert {(r["speaker"], r["topic"]): r["statements"] for r in summary.counts} == {
        k: n for k, n in counts.items() if k[0] == top}
    assert set(summary.topics) == {topic for _, topic in counts} and summary.topics[-1] is None


def test_first_speaker_names_in_python_order(store, engine_module):
    # code-point order, whatever the database's collation: «Zed» before «eli», Latin before Persian
    for speaker in ("سرهنگ زهره کاظمی فرمانده مرزبانی", "eli Brook", "Zed Arlen", "Émile Zola",
                    "سرهنگ آرش نیک‌فر فرمانده مرزبانی"):
        store.add(engine_module.analyze(f"{speaker} گفت: گفت‌وگو ادامه دارد."))
    with store.engine.connect() as connection:
        every = sorted(set(connection.scalars(select(PersonRow.name))))
    assert every[:2] == ["Zed Arlen", "eli Brook"] and store.first_speaker_names(3) == every[:3] and store.first_speaker_names(50) == every


def test_people_merge_across_articles(store, engine_module):
    store.add(engine_module.analyze("سرهنگ کیوان رستگار فرمانده مرزبانی گفت: مرزها امن است."))
    store.add(engine_module.analyze("کیوان رستگار سخنگوی ستاد گفت: مرزها آرام است."))
    assert store.counts()["people"] == 1
    with store.engine.connect() as connection:
        roles = connection.execute(select(func.count()).select_from(StatementRow)).scalar()
    assert roles == 2


@pytest.mark.parametrize("batched", [False, True], ids=["one by one", "one batch"])
def test_spellings_of_one_name_are_one_speaker(store, engine_module, batched):
    from goftar.store import article_rows

    texts = ["حمید رضا کیانی گفت: مرزها امن است.",  # the given name in two words
             "حمیدرضا کیانی گفت: مرزها آرام است.",  # joined: the same person
             "حمیدرضا‌کیانی گفت: مرزها باز است.",  # given and family name joined by a ZWNJ (a typo)
             "حمید رضا کیان گفت: مرزها بسته است."]  # another family name: another person
    articles = [engine_module.analyze(text) for text in texts]
    assert len({statement.speaker for article in articles for statement in article.statements}) == 4
    if batched:
        store.add_many([article_rows(article) for article in articles])
    else:
        for article in articles:
            store.add(article)
    with store.engine.connect() as connection:
        people = connection.execute(select(PersonRow.name, func.count(StatementRow.id)).join(
            StatementRow, StatementRow.speaker_id == PersonRow.id).group_by(PersonRow.name)).all()
    # the spelling stored first names the speaker
    assert sorted(people) == [("حمید رضا کیان", 1), ("حمید رضا کیانی", 3)]


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


@pytest.mark.parametrize(
    ("role", "may_add", "may_maintain"),
    [
        ("viewer", False, False),  # reads only
        ("analyst", True, False),  # adds articles; re-analysis and deletion are an admin's
        ("admin", True, True),  # everything
        ("root", False, False),  # an unknown role has no rights
    ],
)
def test_writes_check_the_role(store, sample, engine_module, role, may_add, may_maintain):
    from goftar.store.analysis import mark_stale
    from goftar.store.roles import Actor, PermissionDenied

    actor = Actor("someone", role)
    outcomes = {}
    for operation, call in [
        ("add", lambda: store.add(sample, actor=actor)),
        ("reanalyze", lambda: store.reanalyze(engine_module.analyze, actor=actor)),
        ("mark_stale", lambda: mark_stale(store, actor=actor)),  # the Add page's «re-analyse corpus»
        ("delete", lambda: store.delete_article(store.add(sample).article_id, actor=actor)),
    ]:
        try:
            call()
            outcomes[operation] = True
        except PermissionDenied:
            outcomes[operation] = False
    assert outcomes == {"add": may_add, "reanalyze": may_maintain, "mark_stale": may_maintain, "delete": may_maintain}
    assert store.counts()["articles"] == (0 if may_maintain else 1)  # the admin's delete went through


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (ArticleMeta(title="عنوان\x00پنهان"), {"title": "عنوانپنهان"}),  # NUL dropped (PostgreSQL refuses it)
        (ArticleMeta(title="ت" * 600), {"title": "ت" * 499 + "…"}),  # cut to the 500-character column
        (ArticleMeta(source="م" * 300, url="https://x.test/" + "a" * 3000), {"source": "م" * 199 + "…"}),
        (ArticleMeta(origin="o" * 900), {"origin": "o" * 499 + "…"}),  # the file name a record came from
    ],
)
def test_metadata_is_stored_alike_on_both_databases(store, sample, meta, expected):
    stored = store.article(store.add(sample, meta).article_id)
    for field, value in expected.items():
        assert getattr(stored, field) == value
    assert stored.url is None or len(stored.url) == 2000

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


def test_a_batch_stores_each_article_analysis_with_its_statements(store, engine_module):
    from goftar.store import article_rows
    from goftar.store.analysis import load_article
    from goftar.store.search import search_articles

    texts = ["سرهنگ کیوان رستگار فرمانده مرزبانی گفت: مرزها امن است.", "نسرین افشار سخنگوی ستاد گفت: برجام زنده است."]
    outcomes = store.add_many([article_rows(engine_module.analyze(text)) for text in texts])
    for outcome in outcomes:
        stored, article = load_article(store, outcome.article_id)
        assert article is not None and article.text == stored.display_text  # the pages render the stored analysis
    assert [row["id"] for row in search_articles(store, "برجام")] == [outcomes[1].article_id]
    # the speaker×issue totals (kept by the analysis writes) agree with counting the statements themselves
    assert sorted(map(str, store.speaker_topic_counts())) == sorted(map(str, store.speaker_topic_counts(store.article_ids())))
    store.delete_article(outcomes[1].article_id)
    assert search_articles(store, "برجام") == [] and all(r["speaker"] != "نسرین افشار" for r in store.speaker_topic_counts())


def test_the_batched_path_checks_the_role_and_fits_the_metadata(store, sample):
    from goftar.store import article_rows
    from goftar.store.roles import Actor, PermissionDenied

    rows = article_rows(sample, ArticleMeta(title="ت" * 600, origin="o\x00" * 600))
    with pytest.raises(PermissionDenied):
        store.add_many([rows], actor=Actor("vida", "viewer"))
    assert store.counts()["articles"] == 0
    stored = store.article(store.add_many([rows], actor=Actor("sara", "analyst"))[0].article_id)
    assert stored.title == "ت" * 499 + "…" and len(stored.origin) == 500 and "\x00" not in stored.origin


def test_reanalysis_of_some_articles_leaves_the_others(store, engine_module):
    from goftar.store.analysis import load_article

    first = store.add(engine_module.analyze("سرهنگ کیوان رستگار فرمانده مرزبانی گفت: مرزها امن است.")).article_id
    second = store.add(engine_module.analyze("نسرین افشار سخنگوی ستاد گفت: برجام زنده است.")).article_id
    seen = []

    def analyze(text, **options):
        seen.append(text)
        return engine_module.analyze(text, **options)

    assert store.reanalyze(analyze, article_ids=[second]) == 1
    assert seen == [store.article(second).original_text]
    assert load_article(store, first)[1] is not None and load_article(store, second)[1] is not None



def test_the_database_is_opened_for_fast_safe_writes(store, sample):
    store.add(sample)
    with store.engine.connect() as connection:
        if store.dialect == "sqlite":  # a new file: large pages, a write-ahead log, a page cache a batch fits in
            settings = [connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                        for name in ("page_size", "journal_mode", "synchronous", "cache_size", "foreign_keys")]
            assert settings == [16384, "wal", 1, -32768, 1]
        else:  # Persian text stored as it is
            assert connection.exec_driver_sql("SHOW server_encoding").scalar() == "UTF8"
