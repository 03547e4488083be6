"""Bilingual labels in one order, «فارسی · English», that wrap without stranding their «·» (pure)."""

from __future__ import annotations

import re

NBSP = "\u00a0"
LRI, PDI = "\u2066", "\u2069"  # left-to-right isolate and its end (Unicode bidi controls, invisible)
FSI = "\u2068"  # first-strong isolate: takes the direction of the text inside it
LRM = "\u200e"  # left-to-right mark: invisible, and kept by the escaping helpers (components/safe.py), unlike isolates
SHORT_ENGLISH = 20  # characters: an English label this short stays on one line (a title fits a phone)
PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff]")
# One placeholder for every search box: it must fit a 390-px phone's input without being cut.
SEARCH_PLACEHOLDER = "برجام، «می‌گوید»، ۱۴۰۲ · a word, a name, a number"
# An empty issue picker in a form says what choosing does (Streamlit's own placeholder is «Choose options»).
ISSUES_PLACEHOLDER = "بدون موضوع؛ انتخاب کنید · none yet: choose"


def bilingual(persian: str, english: str) -> str:
    """«فارسی · English» with the dot held to the English: a narrow screen breaks the line before the dot, never
    leaves it alone at a line's end. A short English label is kept whole; a long one wraps between its words (held
    whole, a phone broke it inside a word: «corpu s»)."""
    held = english.replace(" ", NBSP) if len(english) <= SHORT_ENGLISH else english
    return f"{persian} ·{NBSP}{held}"


def english(text: str) -> str:
    """English inside a right-to-left line, isolated left to right: without it the bidi algorithm carries its final
    «.» or «)» to the line's far left («.saved and analysed») and reorders the numbers around it."""
    return f"{LRI}{text}{PDI}"


def fa_en(persian: str, english_text: str, separator: str = " — ") -> str:
    """A message in both languages, «فارسی — English.», the English isolated (see `english`). Short captions use
    «·» as the separator («صفحهٔ ۲ · page 2»)."""
    return f"{persian}{separator}{english(english_text)}"


def bilingual_message(message: str) -> str:
    """A message written elsewhere (the engine, the store) as it should show in a right-to-left line: «فارسی —
    English» gets its English isolated, an English-only message is isolated whole, a Persian one is kept."""
    if LRI in message:  # already isolated
        return message
    persian, separator, english_text = message.partition(" — ")
    if separator and PERSIAN_LETTER.search(persian):
        return fa_en(persian, english_text)
    return message if PERSIAN_LETTER.search(message) else english(message)


def page_caption(page: int, rows: int | None = None) -> str:
    """«صفحهٔ ۲ · ۵۰ بیانیه · page 2, 50 statements» under a paged list (`page` counted from 0): the Persian
    together, then the English isolated, so the numbers stay beside their words in a right-to-left line."""
    persian, english_text = f"صفحهٔ {page + 1}", f"page {page + 1}"
    if rows is not None:
        persian, english_text = f"{persian} · {rows} بیانیه", f"{english_text}, {rows} statements"
    return fa_en(persian, english_text, " · ")


def latin_name(name: str) -> str:
    """A name in Latin script («@Farsna», «AFP») between left-to-right marks, so a right-to-left line does not carry
    its «@» to the far end («Farsna@»); a name with Persian letters is left as it is. The marks survive `md_text`."""
    return f"{LRM}{name}{LRM}" if name and not PERSIAN_LETTER.search(name) else name


def embedded(name: str) -> str:
    """A name inside a sentence of the other language («Last decided by سارا:»), isolated in its own direction: a
    Persian name in an English sentence otherwise pulls the «:» after it to its far side («by :سارا»)."""
    return f"{FSI}{name}{PDI}"
