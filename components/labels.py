"""Bilingual labels in one order, «فارسی · English», that wrap without stranding their «·» (pure)."""

from __future__ import annotations

NBSP = "\u00a0"
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate and its end (Unicode bidi controls, invisible)


def bilingual(persian: str, english: str) -> str:
    """«فارسی · English» with the dot and the English held together: a narrow screen breaks the line before the
    dot, never leaves it alone at a line's end."""
    return f"{persian} ·{NBSP}{english.replace(' ', NBSP)}"


def english(text: str) -> str:
    """English inside a right-to-left line, isolated left to right: without it the bidi algorithm carries its final
    «.» or «)» to the line's far left («.saved and analysed») and reorders the numbers around it."""
    return f"{LRI}{text}{PDI}"


def fa_en(persian: str, english_text: str) -> str:
    """A message in both languages, «فارسی — English.», the English isolated (see `english`)."""
    return f"{persian} — {english(english_text)}"
