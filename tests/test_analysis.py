"""The stored analysis: round trip into the same Article, the corpus version, staleness, statement identity."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from conftest import BACKENDS, SAMPLE_PATH, SYNTHETIC_DIR, assert_spans_index_the_text, synthetic_names
from sqlalchemy import insert, update

from goftar.export import statement_rows
from goftar.pipeline import reanalyze_stale_articles
from goftar.reviewed import apply_reviews
from goftar.store.analysis import (
    article_from_json,
    article_to_json,
    corpus_status,
    load_article,
    load_reviewed_article,
    mark_stale,
    stale_ids,
    sync_staleness,
)
from goftar.store.models import ArticleAnalysisRow, LexiconAdditionRow
from goftar.store.reviews import Actor, Decision, Reviews

ANA = Actor("ana", "analyst")
TWO_SPEAKERS = "در این نشست، کامران نیک‌فر و بهرام سپهری گفتند: همکاری دو کشور ادامه دارد."
NIKFAR, SEPEHRI = "کامران نیک‌فر", "بهرام سپهری"


@pytest.fixture(scope="module")
def two_speakers(engine):
    """One sentence, two statements (coordinated subjects): same span, two speakers."""
    article = engine.analyze(TWO_SPEAKERS)
    assert [s.speaker for s in article.statements] == [NIKFAR, SEPEHRI]
    assert len({(s.start, s.end) for s in article.statements}) == 1
    return article


@pytest.mark.parametrize("name", ["sample", *synthetic_names()])  # the sample and every synthetic article
def test_round_trip_gives_the_same_article(engine, name):
    path = SAMPLE_PATH if name == "sample" else SYNTHETIC_DIR / name
    article = engine.analyze(path.read_text(encoding="utf-8"))
    stored = json.loads(json.dumps(article_to_json(article), ensure_ascii=False))  # as the database gives it back
    rebuilt = article_from_json(stored, article.text, article.original)
    assert rebuilt == article
    assert_spans_index_the_text(rebuilt)


def _extra_mention_field(data: dict) -> None:
    data["fields"]["mention"].append("confidence")
    for entity in data["entities"]:
        for mention in entity["mentions"]:
            mention.append(0.9)


def _reordered_topic_fields(data: dict) -> None:
    data["fields"]["topic"] = list(reversed(data["fields"]["topic"]))
    data["topics"] = [list(reversed(t)) for t in data["topics"]]


def _missing_topic_start(data: dict) -> None:
    index = data["fields"]["topic"].index("start")
    data["fields"]["topic"].pop(index)
    for topic in data["topics"]:
        topic.pop(index)


@pytest.mark.parametrize(("change", "same"), [
    (_extra_mention_field, True),  # stored by a model with a field this one lacks: dropped
    (_reordered_topic_fields, True),  # fields in another order: matched by name
    (_missing_topic_start, False),  # a field the model requires is missing: not readable, re-analysed
])
def test_stored_fields_are_matched_by_name(sample_article, change, same):
    data = json.loads(json.dumps(article_to_json(sample_article), ensure_ascii=False))
    change(data)
    rebuilt = article_from_json(data, sample_article.text, sample_article.original)
    assert (rebuilt == sample_article) if same else rebuilt is None


@pytest.mark.parametrize(("data", "expected"), [
    ({}, None),  # an article stored before the analyses were (the migration's empty analysis)
    ({"format": 0}, None),  # another format: treated as missing, re-analysed
])
def test_unknown_analysis_is_missing(data, expected):
    assert article_from_json(data, "متن", "متن") is expected


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_every_write_bumps_the_version(store, engine, two_speakers):
    versions = [corpus_status(store).version]
    article_id = store.add(two_speakers).article_id
    versions.append(corpus_status(store).version)
    item = Reviews(store).queue()[0]
    Reviews(store).save(ANA, article_id, item.start, item.end, Decision(), None, speaker_id=item.engine_speaker_id)
    versions.append(corpus_status(store).version)
    mark_stale(store)
    versions.append(corpus_status(store).version)
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert corpus_status(store).stale == 1


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_stored_analysis_is_what_the_engine_found(store, two_speakers):
    article_id = store.add(two_speakers).article_id
    stored, article = load_article(store, article_id)
    assert stored.display_text == two_speakers.text and article == two_speakers


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_alias_marks_only_articles_that_contain_it(store, engine):
    store.add(engine.analyze("سرهنگ کیوان رستگار گفت: همکاری‌ها ادامه می‌یابد."))
    other = store.add(engine.analyze("دکتر نسرین افشار کارشناس مسائل قفقاز گفت: قالب ۳+۳ آینده دارد.")).article_id
    assert sync_staleness(store, "key-1") == 0  # the first sync records what the analyses were made with
    with store.engine.begin() as connection:
        connection.execute(insert(LexiconAdditionRow).values(
            kind="person_alias", value="نسرین افشار", target="نسرین افشار زند", details={}, added_by="ana",
            added_at=datetime.now(UTC), status="active"))
    assert sync_staleness(store, "key-1") == 1 and stale_ids(store) == [other]
    assert sync_staleness(store, "key-2") == 1  # a new engine or lexicon files: every current article
    assert len(stale_ids(store)) == 2


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_read_explore_and_export_agree_after_an_alias_is_taught(store, engine):
    text = "ارتشبد کاوه سرمدی در نشست خبری گفت: همکاری ادامه دارد. سرمدی افزود: گفت‌وگوها پیش می‌رود."
    article_id = store.add(engine.analyze(text)).article_id
    sync_staleness(store, "key")
    reviews = Reviews(store)
    item = next(i for i in reviews.queue() if i.mention == "ارتشبد کاوه سرمدی")
    reviews.save(ANA, article_id, item.start, item.end, Decision(speaker="کاوه سرمدی‌نژاد"), None,
                 speaker_id=item.engine_speaker_id)  # corrected: the mention is learned as an alias
    assert sync_staleness(store, "key") == 1
    assert reanalyze_stale_articles(store).articles == 1 and corpus_status(store).stale == 0
    _stored, read = load_reviewed_article(store, article_id)
    read_speakers = {s.speaker for s in read.statements}
    explore_speakers = {r["speaker"] for r in store.speaker_topic_counts()}
    export_speakers = {r["speaker"] for r in statement_rows(store)}
    assert "کاوه سرمدی‌نژاد" in read_speakers
    assert read_speakers == explore_speakers == export_speakers


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_rejecting_one_of_two_speakers_in_a_sentence(store, two_speakers):
    article_id = store.add(two_speakers).article_id
    reviews = Reviews(store)
    queue = reviews.queue()
    assert len(queue) == 2 and len({i.key for i in queue}) == 2  # one key per statement, not per sentence
    sepehri = next(i for i in queue if i.engine_speaker == SEPEHRI)
    reviews.save(ANA, article_id, sepehri.start, sepehri.end, Decision(status="rejected"), None,
                 speaker_id=sepehri.engine_speaker_id)
    _stored, read = load_reviewed_article(store, article_id)
    assert [s.speaker for s in read.statements] == [NIKFAR]  # Read drops only the rejected one
    assert {r["speaker"] for r in store.speaker_topic_counts()} == {NIKFAR}  # and so does Explore
    statuses = {r["engine_speaker"]: r["status"] for r in statement_rows(store)}
    assert statuses == {NIKFAR: "unreviewed", SEPEHRI: "rejected"}  # and the export
    with pytest.raises(Exception, match="several statements"):  # which of the two must be said
        reviews.save(ANA, article_id, sepehri.start, sepehri.end, Decision(), None)


def test_apply_reviews_tells_two_speakers_of_a_sentence_apart(two_speakers):
    first = two_speakers.statements[0]

    class Review:  # what the store hands to apply_reviews
        start, end, status, speaker, speaker_type, topics, origin = first.start, first.end, "rejected", None, "", (), "engine"
        statement_speaker = SEPEHRI

    reviewed = apply_reviews(two_speakers, [Review()])
    assert [s.speaker for s in reviewed.statements] == [NIKFAR]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_stale_article_without_analysis_loads_as_pending(store, two_speakers):
    article_id = store.add(two_speakers).article_id
    with store.engine.begin() as connection:  # as the migration leaves an article stored before it
        connection.execute(update(ArticleAnalysisRow).values(analysis={}, stale=True))
    stored, article = load_article(store, article_id)
    assert article is None and stored.display_text == two_speakers.text
    assert reanalyze_stale_articles(store).articles == 1
    assert load_article(store, article_id)[1] is not None


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_speaker_topic_totals_follow_every_write(store, engine, two_speakers):
    def both_ways() -> tuple[list, list]:
        ids = store.article_ids()
        kept = sorted(store.speaker_topic_counts(), key=str)  # from the totals the writes keep
        counted = sorted(store.speaker_topic_counts(article_ids=ids), key=str)  # from the statements themselves
        return kept, counted

    first = store.add(two_speakers).article_id
    store.add(engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8")))
    kept, counted = both_ways()
    assert kept == counted and len(kept) > 2
    mark_stale(store)
    assert reanalyze_stale_articles(store).articles == 2  # re-analysis takes away, then adds again
    assert both_ways()[0] == both_ways()[1] == counted
    store.delete_article(first)
    kept, counted = both_ways()
    assert kept == counted and NIKFAR not in {r["speaker"] for r in kept}
