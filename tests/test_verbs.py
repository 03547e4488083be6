"""goftar.verbs: person of finite forms, passives of speech verbs."""

from __future__ import annotations

import pytest

from goftar.text import tokenize
from goftar.verbs import _third_person, negated


@pytest.mark.parametrize(
    ("surface", "lemma", "expected"),
    [
        ("می‌گوید", "گفت#گو", True),  # a vowel-final present stem takes «ید» in the third person
        ("می‌افزاید", "افزود#افزا", True),  # the same with «افزا»
        ("می‌گویند", "گفت#گو", True),  # third person plural
        ("می گوید", "گفت#گو", True),  # the prefix written apart
        ("می‌داند", "دانست#دان", True),  # a consonant-final stem: «د»
        ("می‌خوانید", "خواند#خوان", False),  # …and «ید» is the second person plural
        ("می‌دانید", "دانست#دان", False),  # the same
        ("نمی‌دانیم", "دانست#دان", False),  # first person plural, negated, prefix joined by ZWNJ
        ("می‌گفتید", "گفت#گو", False),  # past progressive, second person plural
        ("گفته‌اید", "گفت#گو", False),  # perfect, second person
        ("گفته بودم", "گفت#گو", False),  # pluperfect, first person: the auxiliary carries the person
        ("گفته بود", "گفت#گو", True),  # …third person
        ("خواهم گفت", "گفت#گو", False),  # future, first person
        ("خواهد گفت", "گفت#گو", True),  # …third person
    ],
)
def test_third_person(surface, lemma, expected):
    assert _third_person(surface, lemma) is expected


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("در این بیانیه تاکید شده است که نشست لغو شد.", ["document"]),  # the passive of «تاکید کرد» speaks for a document
        ("در این اطلاعیه اعلام شد که نشست لغو شد.", ["document"]),  # «اعلام شد»
        ("وی یادآور شد که نشست لغو شد.", ["speech"]),  # a light verb with «شد» of its own is no passive
        ("نشست لغو شد.", []),  # «لغو کرد» reports nothing
    ],
)
def test_passive_of_a_speech_verb(engine, text, kinds):
    tokens = tokenize(text, 0, len(text))
    assert [hit.verb.kind for hit in engine.verbs.find(tokens)] == kinds


@pytest.mark.parametrize(
    ("text", "verbs"),
    [
        ("کارشناسان می‌گویند که مذاکره ادامه دارد.", ["می‌گویند"]),  # hazm writes «می‌گوند»: the plural with «ی»
        ("منابع آگاه می‌افزایند که مذاکره ادامه دارد.", ["می‌افزایند"]),  # the same with «افزا»
        ("وزیر درباره معیشت کارگران سخن گفت.", []),  # «درباره X سخن گفت» names only a topic
        ("وزیر از لزوم افزایش دستمزد سخن گفت.", ["گفت"]),  # «از لزوم X سخن گفت» reports what he holds
        ("وزیر ابعاد طرح را تشریح کرد.", []),  # «X را تشریح کرد»: a topic
        ("وزیر تشریح کرد که طرح مفید است.", ["تشریح کرد"]),  # …«تشریح کرد که …»: a report
        ("وزیر درباره طرح اظهارنظر کرد.", []),  # «درباره X اظهارنظر کرد»: a topic
        ("وزیر درباره طرح اظهارنظر کرد و از آن انتقاد کرد.", ["انتقاد کرد"]),  # …the verb after «و» reports
        ("وزیر اظهار نظر کرد که طرح مفید است.", ["اظهار نظر کرد"]),  # …«که» after it: a report
        ("وزیر درباره آینده مذاکرات توضیح داد.", []),  # «درباره X توضیح داد»: a topic
        ("وزیر به پرسشی درباره عضویت ایران پاسخ داد.", []),  # an answer to a question about X: a topic
        ("وزیر درباره طرح توضیح داد که مفید است.", ["توضیح داد"]),  # …«که» after it: a report
    ],
)
def test_reporting_verbs_in_context(engine, text, verbs):
    article = engine.analyze(text)  # (the reader checks what a verb needs after it, so through `analyze`)
    assert [v.text for s in article.statements for v in s.verbs] == verbs


@pytest.mark.parametrize(
    ("surface", "lemma", "expected"),
    [
        ("نگفت", "گفت#گو", True),  # simple past, negated
        ("گفت", "گفت#گو", False),  # affirmative
        ("اعلام نکرده است", "کرد#کن", True),  # a light verb's perfect, negated
        ("اعلام کرده است", "کرد#کن", False),  # affirmative
        ("نمی‌داند", "دانست#دان", True),  # present, negated
        ("می‌داند", "دانست#دان", False),  # affirmative
        ("نامید", "نامید#نام", False),  # a verb whose stem starts with «ن»
    ],
)
def test_negated(surface, lemma, expected):
    assert negated(surface, lemma) is expected
