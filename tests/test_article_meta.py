"""The line under an article's title."""

from __future__ import annotations

from datetime import date

import pytest

from components.article_meta import article_meta, untitled


@pytest.mark.parametrize(
    ("source", "chain", "published", "expected"),
    [
        ("خبرگزاری فارس", "فارس", date(2023, 11, 6), "منبع: خبرگزاری فارس · تاریخ: ۱۵ آبان ۱۴۰۲"),  # chain inside it
        ("خبرگزاری فارس", "اکونا پرس ← ایسنا", None, "منبع: خبرگزاری فارس (در متن: اکونا پرس ← ایسنا)"),  # differs
        (None, "اکونا پرس ← ایسنا", None, "منبع: اکونا پرس ← ایسنا"),  # no stored source: the chain
        (None, None, None, "منبع و تاریخ نامعلوم · source and date unknown"),  # nothing: said, never «None»
        ("@SomeChannel", None, None, "منبع: \u200e@SomeChannel\u200e"),  # a channel's handle keeps its «@» in front
    ],
)
def test_article_meta(source, chain, published, expected):
    assert article_meta(source, chain, published) == expected


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("👈\nکیوان رستگار گفت همکاری ادامه دارد", 3, "کیوان رستگار گفت…"),  # the emoji line is no word
        ("🔹 نشست ۳+۳ در تهران", 10, "نشست ۳+۳ در تهران"),  # numbers are words, all of them shown
        ("👈 او گفت: « » و 🔹 رفت", 10, "او گفت: « » و 🔹 رفت"),  # only the opening ornaments go
        ("♦️\n🔹\n-", 10, ""),  # nothing with letters or digits
    ],
)
def test_untitled_articles_are_named_by_their_first_words(text, count, expected):
    assert untitled(text, count) == expected
