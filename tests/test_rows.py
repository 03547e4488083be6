"""An analysed article flattened into rows: the JSON texts are exactly what the standard library would write."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import SAMPLE_PATH, SYNTHETIC_DIR, synthetic_names

from goftar.store.analysis import article_to_json
from goftar.store.rows import (
    StoredAnalysis,
    Unchanged,
    _string_list,
    analysis_json,
    article_rows,
    unchanged,
    with_version,
)


@pytest.mark.parametrize("values", [
    [],  # no verbs
    ["گفت"],  # one
    ["تأکید کرد", "افزود"],  # several
    ["می\u200cگوید"],  # a ZWNJ kept as it is
    ['"نقل" \\ قول', "\x00\x1f\u2028"],  # quotes, backslash, control and separator characters escaped alike
])
def test_string_list_is_json_dumps(values):
    assert _string_list(values) == json.dumps(values, ensure_ascii=False)


@pytest.mark.parametrize("name", ["sample", *synthetic_names()])  # the sample and every synthetic article
def test_stored_analysis_is_the_standard_json(engine, name):
    path = SAMPLE_PATH if name == "sample" else SYNTHETIC_DIR / name
    article = engine.analyze(path.read_text(encoding="utf-8"))
    expected = json.dumps(article_to_json(article), ensure_ascii=False, separators=(",", ":"))
    assert article_rows(article).analysis_json == expected  # (a re-analysis compares it with the stored text)


def test_stored_analysis_of_hostile_text_is_the_standard_json(engine):
    article = engine.analyze('کامران نیک‌فر گفت: «\\"\u2028\x7f» مهم است.', title='عنوان "\\"')
    expected = json.dumps(article_to_json(article), ensure_ascii=False, separators=(",", ":"))
    assert article_rows(article).analysis_json == expected


def test_rows_without_search_texts_leave_them_to_the_store(engine):
    article = engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8"))
    full, light = article_rows(article), article_rows(article, search=False)
    assert full.statement_search and full.search_text
    assert (light.statement_search, light.search_text) == ((), "")
    assert light.analysis_json == full.analysis_json and light.statements == full.statements


@pytest.mark.parametrize(("stored", "expected"), [
    ('{"title":"x","engine_version":"0.2.1"}', '{"title":"x","engine_version":"0.3"}'),  # the key's value
    ('{"title":"\\"engine_version\\":\\"0.2.1\\"","engine_version":"0.2.1"}',  # the same words in a title are
     '{"title":"\\"engine_version\\":\\"0.2.1\\"","engine_version":"0.3"}'),  # escaped: left alone
    ('{"engine_version":"0.2.0"}', '{"engine_version":"0.2.0"}'),  # another version stored: nothing to replace
])
def test_only_the_engine_version_key_is_replaced(stored, expected):
    assert json.loads(stored)  # (valid JSON, as stored)
    assert with_version(stored, "0.2.1", "0.3") == expected


def _stored_as(article) -> StoredAnalysis:
    return StoredAnalysis(article.text, analysis_json(article), article.engine_version, len(article.statements))


@pytest.mark.parametrize(("change", "expected"), [
    (lambda stored: stored, Unchanged()),  # the same analysis: nothing to write
    (lambda stored: replace(stored, statements=stored.statements - 1), None),  # stored statements deleted
    # outside the Store: written again
    (lambda stored: replace(stored, display_text="متن دیگر"), None),  # another display text (a normaliser change)
    (lambda stored: replace(stored, analysis_json="{}"), None),  # another analysis
    (lambda stored: replace(stored, stale=True), Unchanged(was_stale=True)),  # marked stale: the mark is cleared
    (lambda stored: None, None),  # no analysis stored: written whatever it is
])
def test_a_reanalysis_worker_tells_an_unchanged_analysis(engine, change, expected):
    article = engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8"))
    assert unchanged(article, analysis_json(article), change(_stored_as(article))) == expected


def test_a_reanalysis_worker_tells_a_new_engine_version_only(engine):
    article = engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8"))
    old = replace(article, engine_version="0.0.1")
    outcome = unchanged(article, analysis_json(article), _stored_as(old))
    assert outcome == Unchanged(article.engine_version, analysis_json(article), "0.0.1")
    retitled = replace(article, title="دیگر")
    assert unchanged(retitled, analysis_json(retitled), _stored_as(old)) is None  # the version and more changed
