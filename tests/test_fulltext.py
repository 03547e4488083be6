"""Persian folding and the full-text search expressions (pure), then search on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import BACKENDS
from hypothesis import given
from hypothesis import strategies as st

from goftar.store.fulltext import fold, fts5_expression, highlight_spans, index_text, index_texts, tsquery_expression
from goftar.store.search import article_label, find_articles, search_articles, statement_page

NIKFAR, SEPEHRI = "کامران نیک‌فر", "بهرام سپهری"
ARTICLES = [
    ("کامران نیک‌فر گفت: توافق برجام در سال ۱۴۰۲ دوباره بررسی می‌شود.", "خبرگزاری الف", "2023-11-01"),
    ("بهرام سپهری گفت: همکاری با کشورهای همسایه در قالب ۳+۳ ادامه دارد.", "روزنامه ب", "2024-02-10"),
]


@pytest.mark.parametrize(("text", "expected"), [
    ("می‌گوید", "میگوید"),  # ZWNJ removed: one word
    ("همکاري كشور", "همکاری کشور"),  # Arabic yeh and kaf
    ("۱۴۰۲ و ١٤٠٢", "1402 و 1402"),  # Persian and Arabic-Indic digits
    ("آمریکا", "امریکا"),  # alef madda
    ("مُذاکره", "مذاکره"),  # diacritics dropped
    ("خبرـــنگار", "خبرنگار"),  # tatweel dropped
    ("\u200fسلام\u200e", "سلام"),  # direction marks dropped
    ("BRICS", "brics"),  # Latin lower-cased
])
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_of_a_text_is_fold_of_each_character():
    from goftar.store.fulltext import _DROP, _FOLD, fold_char, fold_with_offsets

    text = "".join(sorted({*_FOLD, *_DROP})) + " ΟΔΟΣ İstanbul ß ДОМ گفت‌وگو ۱۴۰۲ BRICS"  # every special case, and
    assert fold(text) == "".join(fold_char(c) for c in text) == fold_with_offsets(text)[0]  # a final sigma


@pytest.mark.parametrize(("text", "expected"), [
    ("می‌گوید", "میگوید می گوید"),  # the joined word and its parts
    ("برجام", "برجام"),  # nothing to add
    ("«برجام»، گفت؛", " برجام  گفت "),  # Persian punctuation is a space: the ascii tokenizer cuts there
    ("نیم‌فاصله: «می‌گوید»", "نیمفاصله:  میگوید  نیم فاصله می گوید"),  # ASCII punctuation is the tokenizer's own
    ("F-35 و ۳+۳", "f-35 و 3+3"),  # Latin and digits as the query folds them
])
def test_index_text(text, expected):
    assert index_text(text) == expected


@given(st.lists(st.text(alphabet=st.sampled_from([*"\u200c\x1f «،ي۳aΣ\u064eمیگفت"]),
                        max_size=12), max_size=6))
def test_index_texts_is_index_text_of_each(values):
    assert index_texts(values) == [index_text(value) for value in values]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize("query", [
    "برجام",  # between guillemets, a Persian comma after
    "شانگهای",  # a Persian semicolon after
    "بریکس",  # in ASCII brackets
    "مهم",  # a prefix, before a ZWNJ
    "برجام شانگهای",  # two words across punctuation
])
def test_a_word_between_persian_punctuation_is_found(store, engine, query):
    store.add(engine.analyze("کامران نیک‌فر گفت: «برجام»، «شانگهای»؛ و (بریکس) مهم‌اند."))
    assert [row["speaker"] for row in statement_page(store, query=query)] == [NIKFAR]
    assert len(search_articles(store, query)) == 1


@pytest.mark.parametrize(("query", "fts5", "tsquery"), [
    ("برجام", '"برجام"*', "'برجام':*"),  # one word: a prefix
    ("می گوید", '("می"* AND "گوید"*) OR "میگوید"*', "('می':* & 'گوید':*) | 'میگوید':*"),  # also joined
    ('"; DROP', '"drop"*', "'drop':*"),  # punctuation never reaches SQL syntax
    ("«»!", None, None),  # no words: no search
])
def test_expressions(query, fts5, tsquery):
    assert fts5_expression(query) == fts5 and tsquery_expression(query) == tsquery


@pytest.mark.parametrize(("text", "query", "expected"), [
    ("توافق برجام امروز", "برجا", ["برجا"]),  # the prefix is marked, not the whole word
    ("او می‌گوید که", "می گوید", ["می‌گوید"]),  # words joined by a ZWNJ found by the spaced query
    ("سال ۱۴۰۲ بود", "1402", ["۱۴۰۲"]),  # digits in the other script
    ("همکاری و همکاران", "همکار", ["همکار", "همکار"]),  # every occurrence
    ("نامربوط", "برجام", []),  # nothing
])
def test_highlight_spans(text, query, expected):
    assert [text[s:e] for s, e in highlight_spans(text, query)] == expected


@pytest.fixture
def corpus(store, engine):
    from datetime import date

    from goftar.store import ArticleMeta

    for text, source, published in ARTICLES:
        store.add(engine.analyze(text), ArticleMeta(source=source, published=date.fromisoformat(published)))
    return store


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize(("query", "expected"), [
    ("برجام", [NIKFAR]),  # a word
    ("برجا", [NIKFAR]),  # a prefix
    ("1402", [NIKFAR]),  # Latin digits find Persian ones
    ("۱۴۰۲", [NIKFAR]),  # Persian digits
    ("می شود", [NIKFAR]),  # a space where the text has a ZWNJ
    ("میشود", [NIKFAR]),  # nothing where the text has a ZWNJ
    ("شود", [NIKFAR]),  # a part of a ZWNJ-joined word
    ("همکاري", [SEPEHRI]),  # Arabic yeh in the query
    ("كشورها", [SEPEHRI]),  # Arabic kaf, prefix of «کشورهای»
    ("گفت", [NIKFAR, SEPEHRI]),  # both
    ("<script>", []),  # markup is just words that are not there
])
def test_search_statements(corpus, query, expected):
    rows = statement_page(corpus, query=query)
    assert sorted(r["speaker"] for r in rows) == sorted(expected)


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize(("filters", "expected"), [
    ({"speakers": [SEPEHRI]}, [SEPEHRI]),  # by speaker
    ({"topics": ["3+3"]}, [SEPEHRI]),  # by issue
    ({"sources": ["خبرگزاری الف"]}, [NIKFAR]),  # by source
    ({"date_from": "2024-01-01"}, [SEPEHRI]),  # by date
    ({"date_to": "2023-12-31"}, [NIKFAR]),  # by date
])
def test_search_combines_with_filters(corpus, filters, expected):
    from datetime import date

    filters = {k: date.fromisoformat(v) if k.startswith("date") else v for k, v in filters.items()}
    rows = statement_page(corpus, query="گفت", **filters)
    assert [r["speaker"] for r in rows] == expected


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_search_articles_and_reindex_after_delete(corpus):
    found = search_articles(corpus, "همسایه")
    assert len(found) == 1 and found[0]["source"] == "روزنامه ب"
    corpus.delete_article(found[0]["id"])
    assert search_articles(corpus, "همسایه") == [] and statement_page(corpus, query="همکاری") == []


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_reanalysis_keeps_articles_searchable_and_indexes_a_changed_text(corpus, engine):
    corpus.reanalyze(engine.analyze)  # the same texts: the article index is left as it was
    assert len(search_articles(corpus, "همسایه")) == 1 and len(statement_page(corpus, query="همکاری")) == 1
    corpus.reanalyze(lambda text, title=None: engine.analyze(text + " سخنگو افزود: نشست بعدی در تبریز است."))
    assert len(search_articles(corpus, "تبریز")) == 2 and len(statement_page(corpus, query="تبریز")) == 2
    assert len(search_articles(corpus, "همسایه")) == 1  # the rest of the text too


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
@pytest.mark.parametrize(("query", "sources"), [
    ("۱۴۰۲/۰۸/۱۰", ["خبرگزاری الف"]),  # the Jalali date the picker shows
    ("1402/8/10", ["خبرگزاری الف"]),  # typed with Latin digits
    ("۱۰ آبان ۱۴۰۲", ["خبرگزاری الف"]),  # the long form under a title
    ("2024-02-10", ["روزنامه ب"]),  # Gregorian
    ("۱۴۰۲/۰۸/۱۱", []),  # another day
])
def test_the_article_picker_finds_a_day_however_it_is_written(corpus, query, sources):
    assert [row["source"] for row in find_articles(corpus, query)] == sources


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_an_article_label_shows_its_date_in_jalali(corpus):
    (row,) = find_articles(corpus, "روزنامه ب")
    assert article_label(corpus, row["id"]).endswith("روزنامه ب · ۱۴۰۲/۱۱/۲۱")  # 2024-02-10, not the ISO date
