"""The guard on what a speaker correction teaches the engine.

Changing a statement's speaker from the engine's to the right one teaches the mention as an alias of that speaker:
from then on the mention is read as that speaker in every article. That is only right when the mention is a
plausible name of the speaker. It is not when the mention names an issue of the taxonomy («بریکس»), a country or an
organisation, is a pronoun, a demonstrative, a title or a role («سخنگو»), holds function words of the grammar, is a
given name alone (many people share it), or is already the name of someone else in the lexicons or in what analysts
taught: a correction there fixes one statement and teaches nothing.

Reads the lexicons through `goftar.lexicon`'s public API only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from goftar.lexicon import Lexicon, learnable_alias, topic_regex
from goftar.text import fold, tokenize

MAX_ALIAS_WORDS = 6
JOINERS = "\u200c\u200d -.'’"  # ZWNJ, ZWJ, space and the punctuation a name may hold («ابن‌سینا», «O'Brien»)


@dataclass(frozen=True)
class AliasLesson:
    """What a speaker correction would teach: `mention` read as `speaker`; `problem` says why it will not be."""

    mention: str
    speaker: str
    problem: str | None = None

    @property
    def learnable(self) -> bool:
        """True when the correction teaches the alias."""
        return self.problem is None


def _phrase_at(matcher, tokens, index) -> object | None:
    found = matcher.match(tokens, index)
    return found[1] if found else None


def alias_problem(mention: str, speaker: str, lexicon: Lexicon, extra_topic_forms: Iterable[str] = (),
                  taught_aliases: Mapping[str, str] | None = None) -> str | None:
    """Why `mention` must not become an alias of `speaker` (Persian, then English), or None when it may.

    `extra_topic_forms` are issue forms analysts added; `taught_aliases` maps aliases analysts taught to their person."""
    mention = " ".join((mention or "").split())
    tokens = [t for t in tokenize(mention) if t.is_word]
    letters_only = all(c.isalpha() or unicodedata.category(c).startswith("M") or c in JOINERS for c in mention)
    if not tokens or len(tokens) > MAX_ALIAS_WORDS or not letters_only:
        return "نام نیست. — It is not a name."
    if fold(mention) == fold(speaker or ""):
        return "همان نام گوینده است. — It is the speaker's own name."
    if not learnable_alias(mention, lexicon):
        return "ضمیر، اشاره یا سمت است، نه نام. — It is a pronoun, a demonstrative or a role, not a name."
    forms = [form for topic in lexicon.topics for form in topic["forms"]] + list(extra_topic_forms)
    for form in forms:
        if form.strip() and re.search(f"(?<![\\w]){topic_regex(form)}(?![^\\W_])", mention, re.IGNORECASE):
            return f"نام یک موضوع است («{form}»). — It names an issue of the taxonomy."
    grammar = lexicon.grammar_keys
    titled = lexicon.titles.match(tokens, 0)
    if titled and titled[0] == len(tokens):
        return "فقط یک عنوان است، نه نام. — It is a title alone, not a name."
    for index, token in enumerate(tokens):
        if _phrase_at(lexicon.countries, tokens, index) is not None:
            return "نام یک کشور است. — It names a country."
        if _phrase_at(lexicon.organizations, tokens, index) is not None:
            return "نام یک سازمان است. — It names an organisation."
        if token.key in grammar or _phrase_at(lexicon.role_words, tokens, index) is not None:
            return f"واژهٔ عام «{token.text}» در آن است. — It holds the common word «{token.text}»."
    if all(_phrase_at(lexicon.given_names, tokens, index) is not None for index in range(len(tokens))):
        return "فقط نام کوچک است؛ نام افراد بسیاری است. — A given name alone: many people share it."
    known = lexicon.people.match(tokens, 0)
    canonical = known[1][0] if known and known[0] == len(tokens) else None
    taught = {fold(alias): person for alias, person in (taught_aliases or {}).items()}
    canonical = canonical or taught.get(fold(mention))
    if canonical and fold(canonical) != fold(speaker or ""):
        return f"نام شناختهٔ «{canonical}» است. — It is already the name of {canonical}."
    if canonical:
        return "از پیش نام همین گوینده است. — It is already this speaker's name."
    return None


def alias_lesson(mention: str, speaker: str, lexicon: Lexicon, extra_topic_forms: Iterable[str] = (),
                 taught_aliases: Mapping[str, str] | None = None) -> AliasLesson:
    """The lesson a correction of `mention` to `speaker` would teach, with the reason if it will not."""
    return AliasLesson(" ".join((mention or "").split()), speaker,
                       alias_problem(mention, speaker, lexicon, extra_topic_forms, taught_aliases))
