"""Bilingual labels: Persian first, the English and its dot unbreakable."""

from __future__ import annotations

import pytest

from components.labels import NBSP, bilingual


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
