"""Text layer: one hazm-normalised display text, its paragraphs, sentences and offset tokens.

hazm's Normalizer rewrites text (ZWNJ, digits, quotes, spacing) and its word tokenizer joins verb parts with «_»,
so offsets are never taken from hazm output: sentences are located in the display text, and word tokens come from
a regex over the display text. Matching uses a folded *key* per token (Arabic ي/ك, hamza forms, diacritics, digits
and ZWNJ folded away), so lexicon look-ups are spelling-tolerant while offsets stay exact.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import NamedTuple

ZWNJ = "\u200c"
# Invisible marks that real news text carries inside words: a soft hyphen where a ZWNJ was meant, and bidi
# controls (RLM, LRM, embeddings, overrides, isolates) that split words for the tokenizer and can reorder what
# the reader sees. The display text turns the first into ZWNJ and drops the rest.
_INVISIBLE_RE = re.compile("[\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# C0 controls but tab, newline and carriage return, and DEL: PostgreSQL refuses NUL in text, and none of them shows.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(value: str) -> str:
    """`value` without control characters (what untrusted fields are stored as, alike on SQLite and PostgreSQL)."""
    return CONTROL_CHARACTERS.sub("", value)


def _visible(match: re.Match) -> str:
    return ZWNJ if match.group() == "\u00ad" else ""

# Letters, digits and combining marks; ZWNJ joins the parts of one written word («می‌گوید»).
TOKEN_RE = re.compile(r"(?:[^\W_]|[\u064B-\u065F\u0670])+(?:\u200c+(?:[^\W_]|[\u064B-\u065F\u0670])+)*|[^\w\s\u200c]|_")
# The same tokens for text without «_», which is nearly all text: a plain class per character is far cheaper for the
# regex engine than the alternation that keeps «_» out of words.
_TOKEN_NO_UNDERSCORE_RE = re.compile(r"[\w\u064B-\u065F\u0670]+(?:\u200c+[\w\u064B-\u065F\u0670]+)*|[^\w\s\u200c]")

_FOLD_TABLE = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ء": None,
        "ـ": None,
        ZWNJ: None,
        " ": None,
        "\u200d": None,
        **{chr(c): None for c in range(0x064B, 0x0660)},
        "\u0670": None,
        **{p: str(i) for i, p in enumerate("۰۱۲۳۴۵۶۷۸۹")},
        **{a: str(i) for i, a in enumerate("٠١٢٣٤٥٦٧٨٩")},
    }
)


@lru_cache(maxsize=200_000)
def fold(surface: str) -> str:
    """Spelling-tolerant key: Arabic/Persian letter variants, hamza, diacritics, digits, spaces and ZWNJ folded."""
    return surface.translate(_FOLD_TABLE).lower()


def name_key(name: str) -> str:
    """A speaker's identity across articles: the name folded as `fold` does, so spellings that differ only by
    spaces or ZWNJ between its parts, Arabic letters or diacritics («حمید رضا»، «حمیدرضا»، «حميدرضا») are one."""
    return fold(name)


class Token(NamedTuple):
    """A word or punctuation token of the display text (a tuple: articles have thousands)."""

    start: int
    end: int
    text: str
    key: str
    is_word: bool  # words and numbers; False for punctuation


def _is_word(surface: str) -> bool:
    return surface[0].isalnum() or "\u064B" <= surface[0] <= "\u0670"


_SURFACE_INFO: dict[str, tuple[str, bool]] = {}
_make_token = tuple.__new__


def tokenize(display: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Offset tokens of display[start:end]."""
    if len(_SURFACE_INFO) > 200_000:  # bound the cache on very large corpora
        _SURFACE_INFO.clear()
    end = len(display) if end is None else end
    pattern = TOKEN_RE if "_" in display[start:end] else _TOKEN_NO_UNDERSCORE_RE
    known = _SURFACE_INFO
    tokens: list[Token] = []
    append = tokens.append
    find = display.find
    last = start
    # The surfaces alone cost the regex engine far less than a match object per token. A token starts where its
    # surface next occurs: only spaces and ZWNJ lie between tokens, and no token starts with either.
    for surface in pattern.findall(display, start, end):
        first = find(surface, last)
        last = first + len(surface)
        try:
            key, is_word = known[surface]
        except KeyError:
            key, is_word = known[surface] = (fold(surface), _is_word(surface))
        append(_make_token(Token, (first, last, surface, key, is_word)))
    return tokens


class TextLayer:
    """hazm objects, created once per process: importing and building them takes seconds."""

    def __init__(self) -> None:
        from hazm import Normalizer, SentenceTokenizer

        self._normalizer = Normalizer()
        self._sentence_tokenizer = SentenceTokenizer()

    def display_text(self, original: str, title: str | None = None) -> str:
        """The normalised display text: one paragraph per non-empty line, paragraphs separated by a blank line."""
        body = original.replace("\r\n", "\n").replace("\r", "\n")
        if _INVISIBLE_RE.search(body):  # rare: a search is far cheaper than str.translate over non-ASCII text
            body = _INVISIBLE_RE.sub(_visible, body)
        if title and title.strip():
            body = title.strip().replace("\n", " ") + "\n" + body
        # One normalize call for the whole text: hazm's per-call set-up costs more than its per-character work.
        normalized = self._normalizer.normalize(body) if body.strip() else ""
        return "\n\n".join(line.strip() for line in normalized.split("\n") if line.strip())

    def paragraphs(self, display: str) -> list[tuple[int, int]]:
        """(start, end) of each paragraph of a display text."""
        spans = []
        cursor = 0
        for chunk in display.split("\n\n"):
            spans.append((cursor, cursor + len(chunk)))
            cursor += len(chunk) + 2
        return spans if display else []

    def sentences(self, display: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        """(start, end, paragraph) of each sentence; a «…» quote, or a bracket, is never cut in two."""
        spans: list[tuple[int, int, int]] = []
        # hazm's own rule (its SentenceTokenizer's pattern: end marks followed by spaces), read as offsets: the same
        # sentences as its tokenize(), without rewriting the text and finding each sentence in it again
        ends = self._sentence_tokenizer.pattern
        for p_index, (p_start, p_end) in enumerate(paragraphs):
            paragraph = display[p_start:p_end]
            pieces = []
            cursor = 0
            for match in ends.finditer(paragraph):
                if paragraph[cursor : match.end(1)].strip():
                    pieces.append(_stripped(paragraph, cursor, match.end(1)))
                cursor = match.end()
            if paragraph[cursor:].strip():
                pieces.append(_stripped(paragraph, cursor, len(paragraph)))
            merged: list[list[int]] = []
            depth = 0
            # «آنکارا (آ.آ) - …»: an end mark inside brackets ends no sentence (counted only where they pair up)
            brackets = "(" in paragraph and paragraph.count("(") == paragraph.count(")")
            for piece in pieces:
                if merged and depth > 0:
                    merged[-1][1] = piece[1]
                else:
                    merged.append(piece)
                segment = paragraph[piece[0] : piece[1]]
                depth = max(0, depth + segment.count("«") - segment.count("»")
                            + (segment.count("(") - segment.count(")") if brackets else 0))
            if "»" in paragraph:
                merged = _cut_after_colon_quotes(paragraph, merged)
            spans.extend((p_start + a, p_start + b, p_index) for a, b in merged)
        return spans


# «X گفت: «… شد.» او افزود …»: a quote a colon opened and an end mark closed ends its sentence, though no space
# follows the end mark (hazm's rule needs one). Not so for a quote that opens the sentence («….» وی گفت): there the
# words after it are its attribution.
_COLON_QUOTE_END = re.compile(r"[:：]\s*«[^«»]*[.!?؟]»(?=\s+\S)")


def _cut_after_colon_quotes(paragraph: str, spans: list[list[int]]) -> list[list[int]]:
    cuts = [match.end() for match in _COLON_QUOTE_END.finditer(paragraph)]
    if not cuts:
        return spans
    cut_spans: list[list[int]] = []
    for start, end in spans:
        for cut in (c for c in cuts if start < c < end):
            cut_spans.append(_stripped(paragraph, start, cut))
            start = cut
        cut_spans.append(_stripped(paragraph, start, end))
    return [span for span in cut_spans if span[1] > span[0]]


def _stripped(text: str, start: int, end: int) -> list[int]:
    """[start, end) without the spaces at either end."""
    piece = text[start:end]
    return [start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())]


def align_offsets(original: str, display: str) -> list[int]:
    """For each display offset 0..len(display), the original offset it came from (nearest preceding on inserts)."""
    matcher = difflib.SequenceMatcher(None, original, display, autojunk=False)
    mapping = [0] * (len(display) + 1)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        for k in range(b1 - b0):
            if tag == "equal":
                mapping[b0 + k] = a0 + k
            else:  # replaced or inserted characters map proportionally into the original run
                mapping[b0 + k] = a0 + min(k * max(a1 - a0, 1) // max(b1 - b0, 1), max(a1 - a0 - 1, 0))
    mapping[len(display)] = len(original)
    return mapping
