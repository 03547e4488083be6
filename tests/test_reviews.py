"""Analysts' reviews in the data layer: roles, history, conflicts, learning, re-analysis, exports."""

from __future__ import annotations

import io
import json
import threading

import pandas as pd
import pytest
from conftest import BACKENDS, SAMPLE_PATH
from sqlalchemy import select

from goftar import default_engine
from goftar.export import EXPORT_COLUMNS, statement_rows, summary_rows, to_bytes
from goftar.quality import engine_quality
from goftar.store import Store
from goftar.store.reviews import (
    Actor,
    DecidedByOther,
    Decision,
    EditConflict,
    PermissionDenied,
    ReviewError,
    Reviews,
)

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)

ASHTIANI, SHOIGU = "محمدرضا آشتیانی", "سرگئی شایگو"
ANA = Actor("ana", "analyst")
BABAK = Actor("babak", "analyst")
VIEWER = Actor("vida", "viewer")
ADMIN = Actor("admin", "admin")


@pytest.fixture
def corpus(store):
    store.add(default_engine().analyze(SAMPLE_PATH.read_text(encoding="utf-8")))
    return store


@pytest.fixture
def reviews(corpus):
    return Reviews(corpus)


def first_of(reviews, speaker):
    return next(i for i in reviews.queue() if i.engine_speaker == speaker)


def test_queue_lists_engine_statements_unreviewed(reviews):
    queue = reviews.queue()
    assert len(queue) == 12 and {i.status for i in queue} == {"unreviewed"}
    assert len(reviews.queue(speaker=SHOIGU)) == 6 and len(reviews.queue(topic="JCPOA")) == 1


def test_viewer_cannot_write_even_through_the_data_layer(reviews):
    item = first_of(reviews, ASHTIANI)
    with pytest.raises(PermissionDenied):
        reviews.save(VIEWER, item.article_id, item.start, item.end, Decision(), None)
    with pytest.raises(PermissionDenied):
        reviews.add_missed(VIEWER, item.article_id, 0, 5, Decision(speaker="x"))
    with pytest.raises(PermissionDenied):
        reviews.add_topic(ANA, "caspian", "خزر", "Caspian", ["دریای خزر"])  # analysts cannot add topics
    with pytest.raises(PermissionDenied):
        reviews.delete_article(ANA, item.article_id)
    assert reviews.state(item.article_id, item.start, item.end) is None


def test_accept_change_speaker_topics_stance_and_history(reviews, corpus):
    item = first_of(reviews, SHOIGU)
    first = reviews.save(ANA, item.article_id, item.start, item.end, Decision(), None)
    assert (first.status, first.speaker, first.version) == ("accepted", SHOIGU, 1)
    second = reviews.save(ANA, item.article_id, item.start, item.end,
                          Decision(topics=["multipolarity", "SCO"], stances={"SCO": "supports"}, tags=["کلیدی"],
                                   note="بررسی شد"), first.version)
    assert second.status == "corrected" and second.topics == ("SCO", "multipolarity") and second.version == 2
    assert second.stances == {"SCO": "supports"} and second.tags == ("کلیدی",)
    history = reviews.history(item.article_id, item.start, item.end)
    assert [h["action"] for h in history] == ["create", "update"]
    assert history[1]["before"]["topics"] == [] and history[1]["after"]["topics"] == ["SCO", "multipolarity"]
    assert all(h["analyst"] == "ana" for h in history)


def test_reject_removes_from_charts_and_speaker_change_moves_counts(reviews, corpus):
    def ashtiani_rows() -> int:
        return sum(r["statements"] for r in corpus.speaker_topic_counts() if r["speaker"] == ASHTIANI)

    item = first_of(reviews, ASHTIANI)
    before = ashtiani_rows()
    reviews.save(ANA, item.article_id, item.start, item.end, Decision(status="rejected"), None)
    assert before - ashtiani_rows() == max(1, len(item.engine_topics))  # one row per topic, or «no topic»
    other = first_of(reviews, SHOIGU)
    reviews.save(ANA, other.article_id, other.start, other.end, Decision(speaker="دستیار شایگو"), None)
    counts = {(r["speaker"], r["topic"]): r["statements"] for r in corpus.speaker_topic_counts()}
    assert counts[("دستیار شایگو", None)] == 1
    listed = corpus.statements(speakers=["دستیار شایگو"])
    assert [r["status"] for r in listed] == ["corrected"]
    assert_summary_agrees(corpus)


def assert_summary_agrees(corpus) -> None:
    """Explore's summary (ranked in SQL) counts what `speaker_topic_counts` counts, reviews applied."""
    counts = corpus.speaker_topic_counts()
    volume: dict[str, int] = {}
    for row in counts:
        volume[row["speaker"]] = volume.get(row["speaker"], 0) + row["statements"]
    ranked = sorted(volume, key=lambda name: (-volume[name], name))
    for limit in (1, len(ranked)):
        summary = corpus.speaker_summary(limit)
        assert list(summary.ranked) == ranked[:limit]
        assert sorted(map(str, summary.counts)) == sorted(str(r) for r in counts if r["speaker"] in ranked[:limit])
        assert set(summary.topics) == {r["topic"] for r in counts}
    chosen = ranked[-1:]
    assert sorted(map(str, corpus.speaker_topic_counts(speakers=chosen))) == sorted(
        str(r) for r in counts if r["speaker"] in chosen)


def test_second_save_from_a_stale_version_is_refused(reviews):
    item = first_of(reviews, SHOIGU)
    loaded_by_ana = None
    loaded_by_babak = None  # both opened the unreviewed statement
    reviews.save(ANA, item.article_id, item.start, item.end, Decision(tags=["ana"]), loaded_by_ana)
    with pytest.raises(EditConflict) as conflict:
        reviews.save(BABAK, item.article_id, item.start, item.end, Decision(status="rejected"), loaded_by_babak)
    assert conflict.value.current.analyst == "ana" and conflict.value.current.tags == ("ana",)
    assert reviews.state(item.article_id, item.start, item.end).status == "accepted"  # not overwritten


def test_two_concurrent_sessions_one_wins(reviews, database_url):
    item = first_of(reviews, ASHTIANI)
    start = reviews.save(ANA, item.article_id, item.start, item.end, Decision(), None)
    other = Store(database_url, migrate=False)
    sessions = {"ana": reviews, "babak": Reviews(other)}
    outcomes: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def edit(name: str, note: str) -> None:
        barrier.wait()
        try:
            sessions[name].save(Actor(name), item.article_id, item.start, item.end, Decision(note=note), start.version)
            outcomes[name] = "saved"
        except EditConflict:
            outcomes[name] = "conflict"

    threads = [threading.Thread(target=edit, args=(n, f"note by {n}")) for n in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    final = reviews.state(item.article_id, item.start, item.end)
    winner = next(n for n, o in outcomes.items() if o == "saved")
    assert final.note == f"note by {winner}" and final.version == 2


def test_missed_statement_and_learning(reviews, corpus):
    article_id = reviews.queue()[0].article_id
    display = corpus.article(article_id).display_text
    start = display.index("در این دیدار طرفین")
    end = display.index(".", start) + 1
    state = reviews.add_missed(ANA, article_id, start, end, Decision(speaker="طرفین", speaker_type="other",
                                                                     topics=["caucasus"]))
    assert state.origin == "analyst" and reviews.queue(status="accepted")[-1].text.startswith("در این دیدار")
    with pytest.raises(EditConflict):  # the same statement (span and speaker) marked by a second analyst
        reviews.add_missed(BABAK, article_id, start, end, Decision(speaker="طرفین", speaker_type="other"))
    with pytest.raises(ReviewError):
        reviews.add_missed(ANA, article_id, 0, len(display) + 5, Decision(speaker="x"))

    item = next(i for i in reviews.queue() if i.mention == "ارتشبد شایگو")
    reviews.save(ANA, item.article_id, item.start, item.end,
                 Decision(speaker="سرگئی کوژوگتوویچ شایگو", topic_phrases={"caucasus": "حل و فصل مسائل منطقه قفقاز"},
                          topics=["3+3", "caucasus"]), None)
    learned = {(a["kind"], a["value"], a["target"]) for a in reviews.additions()}
    assert ("person_alias", "ارتشبد شایگو", "سرگئی کوژوگتوویچ شایگو") in learned
    assert ("topic_form", "حل و فصل مسائل منطقه قفقاز", "caucasus") in learned
    pronoun = next(i for i in reviews.queue() if i.mention == "وی")
    reviews.save(ANA, pronoun.article_id, pronoun.start, pronoun.end, Decision(speaker="کس دیگر"), None)
    assert not any(a["value"] == "وی" for a in reviews.additions())  # pronouns are never learned as aliases

    engine = default_engine().with_additions(reviews.additions())
    article = engine.analyze("ارتشبد شایگو در نشست خبری گفت: همکاری ادامه دارد.")
    assert [s.speaker for s in article.statements] == ["سرگئی کوژوگتوویچ شایگو"]
    with pytest.raises(ReviewError):
        reviews.save(ANA, item.article_id, item.start, item.end,
                     Decision(topic_phrases={"JCPOA": "برجام"}), reviews.state(item.article_id, item.start, item.end).version)


def test_admin_reviews_additions_and_adds_topics(reviews):
    reviews.add_topic(ADMIN, "caspian", "دریای خزر", "Caspian Sea", ["دریای خزر", "خزر"])
    additions = reviews.additions()
    topic = next(a for a in additions if a["kind"] == "topic")
    engine = default_engine().with_additions(additions)
    assert [t.topic for t in engine.analyze("امنیت دریای خزر").topic_mentions] == ["caspian"]
    reviews.set_addition_status(ADMIN, topic["id"], "revoked")
    assert not any(a["kind"] == "topic" for a in reviews.additions())
    with pytest.raises(PermissionDenied):
        reviews.set_addition_status(ANA, topic["id"], "active")


def test_reanalysis_keeps_decisions_and_flags_changed_sentences(reviews, corpus):
    item = first_of(reviews, SHOIGU)
    reviews.save(ANA, item.article_id, item.start, item.end, Decision(status="rejected"), None)
    corpus.reanalyze(default_engine().analyze)
    kept = reviews.state(item.article_id, item.start, item.end)
    assert kept.status == "rejected" and not kept.stale
    with corpus.engine.begin() as connection:  # the sentence text changes under the review
        from goftar.store.models import ReviewRow

        connection.execute(ReviewRow.__table__.update().values(sentence_hash="0" * 64))
    assert reviews.flag_changed_sentences() == 1
    assert reviews.state(item.article_id, item.start, item.end).stale


def test_exports_load_back_with_the_same_rows(reviews, corpus, tmp_path):
    item = first_of(reviews, SHOIGU)
    reviews.save(ANA, item.article_id, item.start, item.end,
                 Decision(topics=["SCO"], stances={"SCO": "supports"}, tags=["t1", "t2"], note="یادداشت"), None)
    rows = statement_rows(corpus)
    assert len(rows) == 12 and set(EXPORT_COLUMNS) <= set(rows[0])
    reviewed = next(r for r in rows if r["status"] != "unreviewed")
    assert reviewed["engine_topics"] == [] and reviewed["topics"] == ["SCO"] and reviewed["analyst"] == "ana"

    csv = pd.read_csv(io.BytesIO(to_bytes(rows, "csv")), encoding="utf-8-sig")
    assert len(csv) == 12 and list(csv.columns[: len(EXPORT_COLUMNS)]) == EXPORT_COLUMNS
    assert json.loads(csv.loc[csv["status"] == "corrected", "stances"].iloc[0]) == {"SCO": "supports"}
    jsonl = pd.read_json(io.BytesIO(to_bytes(rows, "jsonl")), lines=True)
    assert len(jsonl) == 12 and jsonl.loc[jsonl["status"] == "corrected", "tags"].iloc[0] == ["t1", "t2"]
    xlsx = pd.read_excel(io.BytesIO(to_bytes(rows, "xlsx")))
    assert len(xlsx) == 12 and "\u200c" in "".join(xlsx["text"])  # ZWNJ survives every format
    summary = pd.read_csv(io.BytesIO(to_bytes(summary_rows(corpus), "csv")), encoding="utf-8-sig")
    assert summary["statements"].sum() == sum(r["statements"] for r in corpus.speaker_topic_counts())


def test_engine_quality_from_reviews(reviews):
    queue = reviews.queue()
    ashtiani = [i for i in queue if i.engine_speaker == ASHTIANI]
    reviews.save(ANA, ashtiani[0].article_id, ashtiani[0].start, ashtiani[0].end, Decision(), None)
    reviews.save(ANA, ashtiani[1].article_id, ashtiani[1].start, ashtiani[1].end, Decision(status="rejected"), None)
    reviews.save(ANA, ashtiani[2].article_id, ashtiani[2].start, ashtiani[2].end,
                 Decision(speaker=SHOIGU, topics=[*ashtiani[2].engine_topics, "nuclear"]), None)
    quality = engine_quality(reviews.reviewed())
    attribution = quality["attribution"]
    assert (attribution.true_positive, attribution.false_positive, attribution.false_negative) == (1, 2, 1)
    assert attribution.precision == pytest.approx(1 / 3) and attribution.recall == pytest.approx(1 / 2)
    assert quality["topics"].false_negative == 1 and quality["topics"].false_positive == 0


KIANFAR = "بهرام کیانفر"  # fictional
BRICS_ARTICLE = ("نشست وزیران در مسکو برگزار شد.\n"
                 "بریکس در بیانیهٔ پایانی اعلام کرد: همکاری اقتصادی ادامه می‌یابد.\n"
                 "بهرام کیانفر، سخنگوی شورای همکاری، گفت: این نشست موفق بود.\n"
                 "کیانفر افزود: دور بعدی در تهران است.\n")


@pytest.fixture
def brics(corpus):
    article_id = corpus.add(default_engine().analyze(BRICS_ARTICLE)).article_id
    return {i.mention: i for i in Reviews(corpus).queue(article_id=article_id)}


def test_a_correction_never_teaches_an_issue_as_a_name(reviews, brics):
    item = brics["بریکس"]
    lesson = reviews.lesson(item.article_id, item.start, item.end, KIANFAR)
    assert not lesson.learnable and "issue" in lesson.problem  # what the Review form shows instead of learning
    reviews.save(ANA, item.article_id, item.start, item.end, Decision(speaker=KIANFAR), None)
    assert reviews.state(item.article_id, item.start, item.end).speaker == KIANFAR  # the statement is fixed
    assert not [a for a in reviews.additions() if a["kind"] == "person_alias"]  # and nothing was learned
    engine = default_engine().with_additions(reviews.additions())
    assert "بریکس" in [s.speaker for s in engine.analyze(BRICS_ARTICLE).statements]


def test_the_analyst_may_skip_what_a_correction_would_teach(reviews, brics):
    item = brics["کیانفر"]
    lesson = reviews.lesson(item.article_id, item.start, item.end, "بهرام کیانفرد")
    assert (lesson.mention, lesson.speaker, lesson.learnable) == ("کیانفر", "بهرام کیانفرد", True)
    assert reviews.lesson(item.article_id, item.start, item.end, item.engine_speaker) is None  # no change, no lesson
    reviews.save(ANA, item.article_id, item.start, item.end, Decision(speaker="بهرام کیانفرد", learn=False), None)
    assert reviews.additions() == []
    state = reviews.state(item.article_id, item.start, item.end)
    reviews.save(ANA, item.article_id, item.start, item.end, Decision(speaker="بهرام کیانفرد"), state.version)
    assert [(a["value"], a["target"]) for a in reviews.additions()] == [("کیانفر", "بهرام کیانفرد")]


def test_revoking_an_alias_reanalyses_the_articles_it_touched(reviews, corpus, brics):
    item = brics["کیانفر"]
    reviews.save(ANA, item.article_id, item.start, item.end, Decision(speaker="بهرام کیانفرد"), None)
    taught = reviews.additions()[0]
    assert "بهرام کیانفرد" in reviews.lesson(item.article_id, item.start, item.end, "مهرداد کیانفر").problem
    corpus.reanalyze(default_engine().with_additions(reviews.additions()).analyze)

    def speakers() -> set[str]:
        return {r["speaker"] for r in corpus.speaker_topic_counts()}

    def aliases() -> list[str]:
        with corpus.engine.connect() as connection:
            from goftar.store.models import PersonRow

            return connection.scalar(select(PersonRow.aliases).where(PersonRow.name == "بهرام کیانفرد"))

    assert "بهرام کیانفرد" in speakers() and aliases() == ["کیانفر"]
    touched = reviews.set_addition_status(ADMIN, taught["id"], "revoked")
    assert touched == [item.article_id]  # only the article that holds «کیانفر»
    assert corpus.reanalyze(default_engine().with_additions(reviews.additions()).analyze, article_ids=touched) == 1
    engine_speakers = {i.engine_speaker for i in reviews.queue(article_id=item.article_id)}
    assert "بهرام کیانفرد" not in engine_speakers and aliases() == []
    assert reviews.state(item.article_id, item.start, item.end).speaker == "بهرام کیانفرد"  # the decision stays
    assert reviews.set_addition_status(ADMIN, taught["id"], "active") == [item.article_id] and aliases() == ["کیانفر"]


def test_replacing_another_analysts_decision_needs_confirming(reviews, corpus):
    item = first_of(reviews, SHOIGU)
    first = reviews.save(ANA, item.article_id, item.start, item.end, Decision(status="rejected", note="ana"), None)
    with pytest.raises(DecidedByOther) as decided:
        reviews.save(BABAK, item.article_id, item.start, item.end, Decision(), first.version)
    assert (decided.value.current.analyst, decided.value.current.status) == ("ana", "rejected")  # shown to babak
    assert reviews.state(item.article_id, item.start, item.end).status == "rejected"  # nothing changed yet
    again = reviews.save(ANA, item.article_id, item.start, item.end, Decision(status="rejected", note="ana 2"),
                         first.version)  # one's own decision needs no confirming
    reviews.save(BABAK, item.article_id, item.start, item.end, Decision(), again.version, replace_other=True)
    history = reviews.history(item.article_id, item.start, item.end)
    assert [(h["analyst"], h["after"]["status"]) for h in history] == [
        ("ana", "rejected"), ("ana", "rejected"), ("babak", "accepted")]
    assert history[-1]["before"]["analyst"] == "ana" and history[-1]["before"]["status"] == "rejected"
    row = next(r for r in statement_rows(corpus) if r["statement_id"] == item.key)
    assert (row["analyst"], row["status"], row["previous_analyst"]) == ("babak", "accepted", "ana")
    assert row["previous_decision"]["status"] == "rejected" and row["previous_decision"]["note"] == "ana 2"
    csv = pd.read_csv(io.BytesIO(to_bytes(statement_rows(corpus), "csv")), encoding="utf-8-sig")
    assert csv.loc[csv["statement_id"] == item.key, "previous_analyst"].iloc[0] == "ana"
