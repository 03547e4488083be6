"""Bilingual labels: Persian first, the English and its dot unbreakable."""

from __future__ import annotations

import pytest

from components.labels import LRI, NBSP, PDI, bilingual, english, fa_en


@pytest.mark.parametrize(
    ("persian", "english", "expected"),
    [
        ("بازبینی بیانیه‌ها", "Review statements", f"بازبینی بیانیه‌ها ·{NBSP}Review{NBSP}statements"),  # two words
        ("کاوش", "Explore", f"کاوش ·{NBSP}Explore"),  # one word
    ],
)
def test_bilingual(persian, english, expected):
    label = bilingual(persian, english)
    assert label == expected and label.index("·") > label.index(persian[-1])  # Persian first
    assert " " not in label.split("·")[1]  # nowhere to break after the dot


def test_english_is_isolated_left_to_right():
    assert english("saved and analysed.") == f"{LRI}saved and analysed.{PDI}"


def test_fa_en_keeps_both_languages_in_order():
    message = fa_en("ذخیره شد.", "Saved (2 articles).")
    assert message.startswith("ذخیره شد.") and message.endswith(f"{LRI}Saved (2 articles).{PDI}")
    assert "Saved (2 articles)." in message  # the English reads as written, searchable whole
