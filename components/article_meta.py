"""The line under an article's title: its outlet, the source chain inside the text when it differs, the date in
Jalali (pure, no Streamlit)."""

from __future__ import annotations

from datetime import date

from components.labels import latin_name
from goftar.dates import jalali_long


def article_meta(source: str | None, chain: str | None, published: date | None) -> str:
    """«منبع: خبرگزاری فارس (به نقل از ایسنا ← اکونا پرس) · تاریخ: ۱۵ آبان ۱۴۰۲»; parts that are missing are left out."""
    parts = []
    outlet = source or chain
    if outlet:
        shown = f"منبع: {latin_name(outlet)}"  # a channel's «@handle» keeps its «@» in front
        if source and chain and chain not in source and source not in chain:
            shown += f" (در متن: {chain})"
        parts.append(shown)
    if published:
        parts.append(f"تاریخ: {jalali_long(published)}")
    return " · ".join(parts) or "منبع و تاریخ نامعلوم · source and date unknown"


def untitled(text: str, count: int = 10) -> str:
    """What to call an article without a title: its first `count` words from the first with a letter or digit, «…»
    when there are more. A channel's opening «👈» or «🔹» is no word (a title starting with one read as empty)."""
    words = text.split()
    first = next((i for i, word in enumerate(words) if any(ch.isalnum() for ch in word)), len(words))
    words = words[first:]
    return " ".join(words[:count]) + ("…" if len(words) > count else "")
