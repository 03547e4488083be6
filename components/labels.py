"""Bilingual labels in one order, «فارسی · English», that wrap without stranding their «·» (pure)."""

from __future__ import annotations

NBSP = "\u00a0"


def bilingual(persian: str, english: str) -> str:
    """«فارسی · English» with the dot and the English held together: a narrow screen breaks the line before the
    dot, never leaves it alone at a line's end."""
    return f"{persian} ·{NBSP}{english.replace(' ', NBSP)}"
