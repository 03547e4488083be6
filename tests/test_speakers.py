"""goftar.speakers: speaker noun phrases (roles, names, titles) and the country a word names."""

from __future__ import annotations

import pytest

from goftar.text import tokenize


def phrases(engine, text: str, known_family: dict[str, int] | None = None) -> list[tuple[str, str, str]]:
    tokens = tokenize(text, 0, len(text))
    return [(p.kind, p.name, p.role) for p in engine.speakers.phrases(tokens, known_family or {})]


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("آمریکایی", "آمریکا"),  # «یی» adjective
        ("چینی", "چین"),  # «ی» adjective
        ("روس", "روسیه"),  # an adjective the country's name extends
        ("فرانسوی", "فرانسه"),  # «وی» for a name ending in «ه»
        ("ترک", "ترکیه"),  # the same as «روس»
        ("ازبک", "ازبکستان"),  # the people of a land whose name is «…ستان»
        ("واشینگتن", "آمریکا"),  # a capital, in either spelling
        ("قرقیز", "قرقیزستان"),  # (the same)
        ("عرب", ""),  # a people of many states: «عربستان» is not theirs
        ("دیپلمات", ""),  # no country
    ],
)
def test_names_a_country(engine, word, country):
    assert engine.speakers.names_a_country([word]) == country


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a role ends before the reporting verb, though a country alias («واشنگتن») follows it
        ("سخنگوی کاخ سفید گفته است واشنگتن پیشنهادی دریافت نکرده است.", [("role", "", "سخنگوی کاخ سفید"), ("state", "واشنگتن", "")]),
        # a name set off by commas after its role
        ("سخنگوی وزارت امور خارجه، کامران نیک‌سرشت، گفت.", [("name", "کامران نیک‌سرشت", "سخنگوی وزارت امور خارجه")]),
        # the role's own «این» noun before the commas
        ("نویسنده این سرمقاله، حمید کاوسی‌نژاد، تاکید کرد.", [("name", "حمید کاوسی‌نژاد", "نویسنده این سرمقاله")]),
        # …after words of the role the lexicon does not know (a constituency, a city of posting)
        ("نماینده مردم نمونه‌شهر، سعید نوروزی‌فر، گفت.", [("name", "سعید نوروزی‌فر", "نماینده مردم نمونه‌شهر")]),
        ("سفیر کشورمان در نمونه‌آباد، بهرام سپهری، گفت.", [("name", "بهرام سپهری", "سفیر کشورمان در نمونه‌آباد")]),
        # …but not a time adverbial set off the same way
        ("سفیر ایران، روز دوشنبه، گفت.", [("role", "", "سفیر ایران")]),
        ("سفیر ایران در نشست، روز دوشنبه، گفت.", [("role", "", "سفیر ایران")]),
        # …nor a name without its closing comma (the role's words may be the start of the sentence's subject)
        ("نماینده مردم نمونه‌شهر، سعید نوروزی‌فر گفت.", [("role", "", "نماینده"), ("name", "سعید نوروزی‌فر", "")]),
        # a media outlet the lexicon lists is an organisation
        ("رویترز اعلام کرد.", [("organization", "رویترز", "")]),
    ],
)
def test_phrases(engine, text, expected):
    assert phrases(engine, text) == expected


def test_amir_is_a_title_only_before_a_family_name_met_already(engine):
    text = "امیر کیان‌مهر افزود."
    assert phrases(engine, text) == [("name", "امیر کیان‌مهر", "")]  # a given name
    tokens = tokenize(text, 0, len(text))
    found = engine.speakers.phrases(tokens, {tokens[1].key: 0})
    assert [(p.title, p.name) for p in found] == [("امیر", "کیان‌مهر")]  # the army's title
