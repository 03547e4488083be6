"""Bilingual labels: Persian first, the dot held to the English, the English isolated in right-to-left lines."""

from __future__ import annotations

import pytest

from components.labels import (
    LRI,
    LRM,
    NBSP,
    PDI,
    SEARCH_PLACEHOLDER,
    bilingual,
    bilingual_message,
    embedded,
    english,
    fa_en,
    latin_name,
    page_caption,
)
from components.safe import md_text


@pytest.mark.parametrize(
    ("persian", "english", "expected"),
    [
        ("بازبینی بیانیه‌ها", "Review statements", f"بازبینی بیانیه‌ها ·{NBSP}Review{NBSP}statements"),  # short: whole
        ("کاوش", "Explore", f"کاوش ·{NBSP}Explore"),  # one word
        ("دقت موتور روی پیکرهٔ ما", "Engine quality on our corpus",
         f"دقت موتور روی پیکرهٔ ما ·{NBSP}Engine quality on our corpus"),  # long: wraps between words, not in one
    ],
)
def test_bilingual(persian, english, expected):
    label = bilingual(persian, english)
    assert label == expected and label.index("·") > label.index(persian[-1])  # Persian first
    assert label.split("·")[1].startswith(NBSP)  # the dot never ends a line


def test_english_is_isolated_left_to_right():
    assert english("saved and analysed.") == f"{LRI}saved and analysed.{PDI}"


def test_fa_en_keeps_both_languages_in_order():
    message = fa_en("ذخیره شد.", "Saved (2 articles).")
    assert message.startswith("ذخیره شد.") and message.endswith(f"{LRI}Saved (2 articles).{PDI}")
    assert "Saved (2 articles)." in message  # the English reads as written, searchable whole
    assert fa_en("صفحهٔ ۲", "page 2", " · ") == f"صفحهٔ ۲ · {LRI}page 2{PDI}"


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ("نام نیست. — It is not a name.", f"نام نیست. — {LRI}It is not a name.{PDI}"),  # the engine's two languages
        ("تاریخ نسبی «دیروز» ذخیره نشد — relative date «دیروز» not stored",
         f"تاریخ نسبی «دیروز» ذخیره نشد — {LRI}relative date «دیروز» not stored{PDI}"),  # Persian inside the English
        ("no statement at that span", f"{LRI}no statement at that span{PDI}"),  # English alone
        ("پرونده خالی است", "پرونده خالی است"),  # Persian alone
        (f"ذخیره شد — {LRI}saved.{PDI}", f"ذخیره شد — {LRI}saved.{PDI}"),  # already isolated: not twice
    ],
)
def test_bilingual_message(message, shown):
    assert bilingual_message(message) == shown


@pytest.mark.parametrize(
    ("page", "rows", "shown"),
    [
        (0, None, f"صفحهٔ 1 · {LRI}page 1{PDI}"),
        (1, 50, f"صفحهٔ 2 · 50 بیانیه · {LRI}page 2, 50 statements{PDI}"),  # the Persian together, then the English
    ],
)
def test_page_caption(page, rows, shown):
    assert page_caption(page, rows) == shown


def test_search_placeholder_fits_a_phone():
    assert len(SEARCH_PLACEHOLDER) <= 50  # the Explore box at 390 px cut the longer one
    persian, english_text = SEARCH_PLACEHOLDER.split(" · ")
    assert persian and english_text.isascii()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("@SomeChannel", f"{LRM}@SomeChannel{LRM}"),  # Latin: its «@» stays in front in a right-to-left line
        ("خبرگزاری آوای شهر", "خبرگزاری آوای شهر"),  # Persian: as it is
        ("", ""),
    ],
)
def test_latin_name(name, shown):
    assert latin_name(name) == shown
    escaped = md_text(latin_name(name))
    assert escaped[:1] == shown[:1] and escaped[-1:] == shown[-1:]  # the marks survive escaping, unlike isolates


def test_embedded_names_are_isolated_in_their_own_direction():
    assert embedded("سارا") == "\u2068سارا\u2069"
    sentence = fa_en("آخرین تصمیم از سارا است.", f"Last decided by {embedded('سارا')}:")
    assert sentence.endswith(f"Last decided by \u2068سارا\u2069:{PDI}")  # the colon after the name, isolated
