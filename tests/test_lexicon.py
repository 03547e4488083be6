"""Lexicons: topic surface forms with flexible spacing and digits, phrase matching, validation."""

from __future__ import annotations

import json
import shutil

import pytest

from goftar.lexicon import (
    DEFAULT_LEXICON_DIR,
    LexiconError,
    PhraseMatcher,
    _compile_topics,
    load_lexicon,
    load_topics,
    topic_index,
)
from goftar.text import tokenize


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("قالب 3+3 برای قفقاز", "3+3"),  # Latin digits, no spaces
        ("قالب ۳ + ۳ برای قفقاز", "3+3"),  # Persian digits, hazm spacing
        ("قالب ۳+۳", "3+3"),  # Persian digits, no spaces
        ("سازمان همکاری شانگهای", "SCO"),  # full name
        ("عضویت در SCO", "SCO"),  # Latin acronym
        ("گسترش بریکس", "BRICS"),  # Persian name
        ("نقض برجام", "JCPOA"),  # Persian acronym
        ("توافق هسته‌ای", "JCPOA"),  # descriptive name with ZWNJ
        ("توافق هسته ای", "JCPOA"),  # descriptive name with a space
        ("تحریم‌های موشکی", "sanctions"),  # suffix after ZWNJ
        ("نظام چند قطبی", "multipolarity"),  # spaced compound
        ("یک‌جانبه‌گرایی آمریکا", "unilateralism"),  # ZWNJ compound
        ("شوراي امنيت", "un_security_council"),  # Arabic yeh
        ("تعهدات برجامی", "JCPOA"),  # the adjective
        ("عملیات ضدتروریستی", "terrorism"),  # a prefix glued to the form
        ("شاخه القاعده", "terrorism"),  # a named terrorist group
        ("اوستیای جنوبی", "caucasus"),  # a conflict of the Caucasus named by its place
    ],
)
def test_topic_forms_match(engine, text, topic):
    display = engine.layer.display_text(text)
    article = engine.analyze(text)
    found = {(t.topic, t.text) for t in article.topic_mentions}
    assert topic in {t for t, _ in found}, (display, found)


@pytest.mark.parametrize(
    "text",
    [
        "برجامه‌ریزی دقیق",  # a longer word that merely starts with «برجام»
        "شانگهایی‌ها",  # glued letters after the form are a different word
        "33+3",  # a digit run is not the 3+3 format
    ],
)
def test_topic_forms_respect_word_boundaries(engine, text):
    assert engine.analyze(text).topic_mentions == ()


FICTIONAL_TOPICS = [
    {"id": "ring", "forms": ["حلقه", "BRX", "۵+۱"]},
    {"id": "ring_deal", "forms": ["توافق حلقه", "حلقه طلایی"]},  # longer forms sharing a first word with «حلقه»
    {"id": "fleet", "forms": ["ناوگان", "brx fleet"]},
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("از حلقه طلایی گفت", [("حلقه طلایی", "ring_deal")]),  # the longer form wins over «حلقه»
        ("توافق‌حلقه و حلقه", [("توافق‌حلقه", "ring_deal"), ("حلقه", "ring")]),  # ZWNJ between parts; then the short form
        ("نشست 5 + 1 و brx", [("5 + 1", "ring"), ("brx", "ring")]),  # digits in any script, Latin in any case
        ("BRX FLEET آمد", [("BRX FLEET", "fleet")]),  # a longer Latin form of another topic, case-insensitive
        ("حلقه‌ها و حلقهها", [("حلقه", "ring")]),  # a suffix may follow after a ZWNJ, never glued letters
    ],
)
def test_topic_pattern_finds_the_longest_form(text, expected):
    pattern = _compile_topics(FICTIONAL_TOPICS)
    found = [(m.group(), FICTIONAL_TOPICS[topic_index(m)]["id"]) for m in pattern.finditer(text)]
    assert found == expected


def test_required_topics_exist():
    ids = {t["id"] for t in load_topics(DEFAULT_LEXICON_DIR)}
    assert {"JCPOA", "3+3", "SCO", "BRICS", "sanctions", "caucasus", "terrorism", "multipolarity", "unilateralism",
            "syria", "ukraine", "un_security_council"} <= ids


def test_phrase_matcher_ignores_spacing_and_prefers_the_longest():
    matcher = PhraseMatcher({"امیر سرتیپ": "title-long", "سرتیپ": "title"})
    tokens = tokenize("امیر‌سرتیپ آشتیانی")
    assert matcher.match(tokens, 0) == (1, "title-long")
    tokens = tokenize("امیر سرتیپ آشتیانی")
    assert matcher.match(tokens, 0) == (2, "title-long")
    assert matcher.match(tokens, 2) is None


def test_analysts_can_extend_a_copied_lexicon(tmp_path):
    folder = tmp_path / "lexicons"
    shutil.copytree(DEFAULT_LEXICON_DIR, folder)
    data = json.loads((folder / "topics.json").read_text(encoding="utf-8"))
    data["topics"].append({"id": "caspian", "label_fa": "خزر", "label_en": "Caspian", "forms": ["دریای خزر"]})
    (folder / "topics.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    from goftar import Engine

    article = Engine(str(folder)).analyze("همکاری در دریای خزر")
    assert [t.topic for t in article.topic_mentions] == ["caspian"]


def test_malformed_topics_file_is_a_clear_error(tmp_path):
    folder = tmp_path / "lexicons"
    shutil.copytree(DEFAULT_LEXICON_DIR, folder)
    (folder / "topics.json").write_text('{"topics": [{"id": "x"}]}', encoding="utf-8")
    with pytest.raises(LexiconError, match="lacks"):
        load_lexicon(str(folder))


def test_a_light_verb_hazm_never_writes_is_a_clear_error(tmp_path):
    folder = tmp_path / "lexicons"
    shutil.copytree(DEFAULT_LEXICON_DIR, folder)
    with (folder / "reporting_verbs.tsv").open("a", encoding="utf-8") as verbs:
        verbs.write("گمان دارد#دار\tstance\t:\n")  # «دارد» is a form; its lemma is «داشت#دار»
    with pytest.raises(LexiconError, match="light verb"):
        load_lexicon(str(folder))
