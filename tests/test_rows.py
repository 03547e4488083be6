"""An analysed article flattened into rows: the JSON texts are exactly what the standard library would write."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLE_PATH, SYNTHETIC_DIR, synthetic_names

from goftar.store.analysis import article_to_json
from goftar.store.rows import _string_list, article_rows


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
