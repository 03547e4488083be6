"""Lexicons loaded from the data files in `assets/lexicons/` (analysts extend those files, not this code)."""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from goftar.text import Token, fold

DEFAULT_LEXICON_DIR = Path(__file__).resolve().parent.parent / "assets" / "lexicons"


class LexiconError(ValueError):
    """A lexicon file is missing or malformed."""


class PhraseMatcher:
    """Longest match of multi-word phrases over token keys; spacing and ZWNJ inside a phrase are ignored."""

    def __init__(self, phrases: dict[str, object] | None = None) -> None:
        self._entries: dict[str, object] = {}
        self._prefixes: set[str] = set()
        self._leads: set[str] = set()  # every key a match can begin with (a prefix or a whole phrase): one look-up
        self._first_keys: set[str] = set()
        for phrase, payload in (phrases or {}).items():
            self.add(phrase, payload)

    def add(self, phrase: str, payload: object) -> None:
        """Add a phrase (any spacing); a later payload for the same key wins."""
        key = fold(phrase)
        if not key:
            return
        self._entries[key] = payload
        self._leads.add(key)
        for i in range(1, len(key)):
            self._prefixes.add(key[:i])
            self._leads.add(key[:i])
        words = phrase.replace("\u200c", " ").split()
        for count in range(1, len(words) + 1):  # «رئیس‌جمهور» may be one token or two
            self._first_keys.add(fold("".join(words[:count])))

    def starts(self) -> set[str]:
        """Every token key that can begin a phrase: its first word, or its first words written together."""
        return set(self._first_keys)

    def copy(self) -> PhraseMatcher:
        """An independent matcher with the same phrases."""
        twin = PhraseMatcher()
        twin._entries, twin._prefixes, twin._first_keys = dict(self._entries), set(self._prefixes), set(self._first_keys)
        twin._leads = set(self._leads)
        return twin

    def keys(self):
        """Folded keys of every phrase."""
        return self._entries.keys()

    def items(self):
        """(folded key, payload) of every phrase."""
        return self._entries.items()

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def get(self, key: str, default: object = None) -> object:
        """Payload of an exact key."""
        return self._entries.get(key, default)

    def match(self, tokens: list[Token], i: int, limit: int | None = None) -> tuple[int, object] | None:
        """(end token index, payload) of the longest phrase starting at tokens[i], or None."""
        if i >= len(tokens):
            return None
        first = tokens[i]
        if first.key not in self._leads or not first.is_word:
            return None  # the common case (asked at most tokens of a text), decided by one set look-up
        entries, prefixes = self._entries, self._prefixes
        best = None
        key = ""
        stop = len(tokens) if limit is None else min(limit, len(tokens))
        for j in range(i, stop):
            token = tokens[j]
            if not token.is_word and token.text not in "+":
                break
            key += token.key
            if key in entries:
                best = (j + 1, entries[key])
            if key not in prefixes:
                break
        return best


@dataclass(frozen=True)
class ReportingVerb:
    """A reporting construction from reporting_verbs.tsv."""

    phrase: str
    kind: str
    needs_object: bool
    lemma: str  # hazm lemma of the simple or light verb
    nominal: str  # folded nominal part ("" for simple verbs)
    frame: str  # "" or "مورد" for «مورد X قرار داد»
    needs: str = "-"  # «-», «را», «:» (a colon, quote or «که» must follow) or «topic» (the sentence names an issue)


@dataclass
class Lexicon:
    """All lexicons the engine reads."""

    titles: PhraseMatcher
    role_heads: PhraseMatcher
    role_words: PhraseMatcher
    countries: PhraseMatcher
    organizations: PhraseMatcher
    people: PhraseMatcher
    given_names: PhraseMatcher
    grammar: dict[str, PhraseMatcher]
    simple_verbs: dict[str, ReportingVerb]
    light_verbs: dict[tuple[str, str], ReportingVerb]
    frame_verbs: dict[str, ReportingVerb]
    fixed_phrases: PhraseMatcher
    topics: list[dict]
    topic_pattern: re.Pattern | None = None
    anaphora: Anaphora | None = None  # phrases that refer back to an issue named just before («این سازمان»)
    group_heads: tuple[str, ...] = ()
    office_heads: tuple[str, ...] = ()  # heads of a role one person holds at a time («وزیر»، «سخنگوی»)
    organization_heads: PhraseMatcher | None = None  # payload: "organization" or "group"

    def is_grammar(self, cls: str, key: str) -> bool:
        """True if a single token key belongs to a grammar class."""
        return key in self.grammar.get(cls, _EMPTY)

    @property
    def grammar_keys(self) -> frozenset[str]:
        """Single-token keys of every grammar class except documents, media and place units (nouns that may sit
        inside a noun phrase)."""
        return frozenset(key for cls, matcher in self.grammar.items() if cls not in ("document", "media", "place_unit")
                         for key in matcher.keys())


_EMPTY = PhraseMatcher()


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LexiconError(f"cannot read lexicon {path}: {error}") from error
    return [line.rstrip("\n") for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _tsv(path: Path, header: bool = False) -> list[list[str]]:
    rows = [row for row in csv.reader(_lines(path), delimiter="\t")]
    return rows[1:] if header else rows


def _digit_class(char: str) -> str:
    persian = "۰۱۲۳۴۵۶۷۸۹"
    if char.isdigit():
        value = int(char)
        return f"[{value}{persian[value]}{chr(0x0660 + value)}]"
    return re.escape(char)


def _form_pieces(form: str) -> list[str]:
    """One regex piece per character of a surface form (see `topic_regex`)."""
    pieces = []
    for char in form.strip():
        if char in " \u200c":
            pieces.append("[ \u00a0\u200c]*")  # never across a line: topics stay inside a paragraph
        elif char == "+":
            pieces.append("[ \u00a0]*\\+[ \u00a0]*")
        elif char in "یيى":
            pieces.append("[یيى]")
        elif char in "کك":
            pieces.append("[کك]")
        elif char in "اأإآ":
            pieces.append("[اأإآ]")
        else:
            pieces.append(_digit_class(char))
    return pieces


def topic_regex(form: str) -> str:
    """Regex for one surface form: spaces/ZWNJ optional between parts, digits in any script, «+» with any spacing."""
    return "".join(_form_pieces(form))


def topic_index(match: re.Match) -> int:
    """The index in `Lexicon.topics` of the topic a `topic_pattern` match found."""
    return group_topic_index(match.lastgroup)


def group_topic_index(group: str) -> int:
    """The index in `Lexicon.topics` of the topic whose form the `topic_pattern` group named `group` matches."""
    return int(group[1:].partition("_")[0])


def _first_pieces(forms: list[str]) -> str:
    """A lookahead for the first characters of these forms: where they are few (the anaphora: «این …»), most
    positions of a text fail it in one test, before the lookbehind and the alternation are tried (half the time of
    a scan; no gain for the topic forms, which start with most letters)."""
    characters = set()
    for form in forms:
        if form.strip():
            piece = _form_pieces(form)[0]  # «[یيى]», a digit's class, or one escaped character
            characters.add(piece[1:-1] if piece.startswith("[") and piece.endswith("]") else piece)
    return "(?=[" + "".join(sorted(characters)) + "])"


def _compile_topics(topics: list[dict]) -> re.Pattern:
    """One alternation over every topic's forms, longest first, each form a named group `t<topic>_<n>`.

    Where forms of two topics overlap («توافق هسته‌ای» is JCPOA, «هسته‌ای» nuclear), the longer form wins. Forms are
    grouped under their first character, in that order: at a word start the regex engine skips every group whose
    first character differs at once, instead of trying each form (the same matches, a third faster).
    """
    forms = sorted(
        ((form, index) for index, topic in enumerate(topics) for form in topic["forms"] if form.strip()),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    by_topic: dict[int, list[str]] = {}
    for form, index in forms:
        by_topic.setdefault(index, []).append(form)
    order = sorted(by_topic, key=lambda index: -len(by_topic[index][0]))
    by_first: dict[str, list[str]] = {}
    for index in order:
        for number, form in enumerate(by_topic[index]):
            first, *rest = _form_pieces(form)
            # matched case-insensitively, so «B» and «b» lead the same group
            by_first.setdefault(first.lower(), []).append(f"(?P<t{index}_{number}>{''.join(rest)})")
    body = "|".join(f"{first}(?:{'|'.join(alternatives)})" for first, alternatives in by_first.items())
    # A form may take suffixes after a ZWNJ («تحریم‌ها») but not glued letters: «برجامه» is another word.
    return re.compile(f"(?<![\\w])(?:{body})(?![^\\W_])", re.IGNORECASE)


@dataclass(frozen=True)
class Anaphora:
    """The topics' «anaphora» phrases: one pattern over all of them, and for each of its groups the topics the
    phrase may refer to and its head noun (the phrase's last word: «سازمان» of «این سازمان»), which must not be
    used of anything else between the issue and the phrase («سازمان شانگهای … سازمان ملل … این سازمان»)."""

    pattern: re.Pattern
    topics: dict[str, frozenset[str]]  # group name → the topic ids the phrase may refer to
    heads: dict[str, re.Pattern]  # group name → the head noun as a word


def _compile_anaphora(topics: list[dict]) -> Anaphora | None:
    by_phrase: dict[str, set[str]] = {}
    for topic in topics:
        for phrase in topic.get("anaphora", ()):
            if phrase.strip():
                by_phrase.setdefault(" ".join(phrase.split()), set()).add(topic["id"])
    if not by_phrase:
        return None
    phrases = sorted(by_phrase, key=len, reverse=True)
    groups = {f"a{number}": phrase for number, phrase in enumerate(phrases)}
    body = "|".join(f"(?P<{group}>{topic_regex(phrase)})" for group, phrase in groups.items())
    return Anaphora(
        pattern=re.compile(f"{_first_pieces(phrases)}(?<![\\w])(?:{body})(?![^\\W_])"),
        topics={group: frozenset(by_phrase[phrase]) for group, phrase in groups.items()},
        heads={group: re.compile(f"(?<![\\w]){topic_regex(phrase.split()[-1])}(?![^\\W_])")
               for group, phrase in groups.items()},
    )


def load_topics(directory: Path) -> list[dict]:
    """The topic taxonomy, validated."""
    path = directory / "topics.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise LexiconError(f"cannot read topics {path}: {error}") from error
    topics = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(topics, list):
        raise LexiconError(f"{path}: expected an object with a 'topics' list")
    seen = set()
    for topic in topics:
        missing = {"id", "label_fa", "label_en", "forms"} - set(topic)
        if missing:
            raise LexiconError(f"{path}: topic {topic.get('id', '?')} lacks {sorted(missing)}")
        if topic["id"] in seen:
            raise LexiconError(f"{path}: duplicate topic id {topic['id']}")
        seen.add(topic["id"])
        topic.setdefault("mission", False)
    return topics


# The light verbs of «NOMINAL LIGHT» rows, as hazm's lemmatizer writes them (past stem#present stem)
LIGHT_LEMMAS = frozenset({"کرد#کن", "داشت#دار", "داد#ده", "شد#شو", "نمود#نما", "ساخت#ساز", "کشید#کش", "نهاد#نه",
                          "گرفت#گیر", "زد#زن", "آورد#آور"})


def _verbs(directory: Path):
    simple: dict[str, ReportingVerb] = {}
    light: dict[tuple[str, str], ReportingVerb] = {}
    frame: dict[str, ReportingVerb] = {}
    fixed = PhraseMatcher()
    for row in _tsv(directory / "reporting_verbs.tsv", header=True):
        if len(row) < 3:
            raise LexiconError(f"reporting_verbs.tsv: malformed row {row!r}")
        phrase, kind, needs = (cell.strip() for cell in row[:3])
        if needs not in ("-", "را", ":", "topic"):
            raise LexiconError(f"reporting_verbs.tsv: unknown «needs» {needs!r} for {phrase}")
        parts = phrase.split()
        needs_object = needs == "را"
        if len(parts) == 1 and "#" in parts[0]:
            simple[parts[0]] = ReportingVerb(phrase, kind, needs_object, parts[0], "", "", needs)
        elif "#" not in parts[-1]:  # fixed expressions such as «معتقد است»
            fixed.add(phrase, ReportingVerb(phrase, kind, needs_object, fold(phrase), "", "", needs))
        elif parts[0] == "مورد" and len(parts) >= 4:
            frame[fold(" ".join(parts[1:-2]))] = ReportingVerb(
                phrase, kind, needs_object, parts[-1], fold(" ".join(parts[1:-2])), "مورد", needs
            )
        else:
            if parts[-1] not in LIGHT_LEMMAS:  # («باور دارد#دار» matched nothing: hazm's lemma of «دارد» is «داشت#دار»)
                raise LexiconError(f"reporting_verbs.tsv: {phrase!r}: the light verb must be one of hazm's lemmas "
                                   f"{', '.join(sorted(LIGHT_LEMMAS))}")
            nominal = fold(" ".join(parts[:-1]))
            light[(nominal, parts[-1])] = ReportingVerb(phrase, kind, needs_object, parts[-1], nominal, "", needs)
            if parts[-1] == "کرد#کن":  # formal prose says «تاکید نمود» for «تاکید کرد»
                light.setdefault((nominal, "نمود#نما"),
                                 ReportingVerb(phrase, kind, needs_object, "نمود#نما", nominal, "", needs))
    return simple, light, frame, fixed


@lru_cache(maxsize=8)
def load_lexicon(directory: str | None = None) -> Lexicon:
    """Load (once per directory) every lexicon; `GOFTAR_LEXICON_DIR` overrides the shipped folder."""
    root = Path(directory or os.environ.get("GOFTAR_LEXICON_DIR") or DEFAULT_LEXICON_DIR)
    countries = PhraseMatcher()
    for row in _tsv(root / "countries.tsv"):
        name = row[0].strip()
        countries.add(name, name)
        for alias in (row[1].split("|") if len(row) > 1 else []):
            countries.add(alias, name)
    organizations = PhraseMatcher()
    for row in _tsv(root / "organizations.tsv"):
        name, kind = row[0].strip(), (row[1].strip() if len(row) > 1 else "organization")
        organizations.add(name, (name, kind))
        for alias in (row[2].split("|") if len(row) > 2 else []):
            organizations.add(alias, (name, kind))
    people = PhraseMatcher()
    for row in _tsv(root / "people.tsv"):
        name = row[0].strip()
        roles = tuple(r.strip() for r in row[2].split("|")) if len(row) > 2 and row[2].strip() else ()
        people.add(name, (name, roles))
        for alias in (row[1].split("|") if len(row) > 1 else []):
            people.add(alias, (name, roles))
    grammar: dict[str, PhraseMatcher] = {}
    for row in _tsv(root / "grammar.tsv", header=True):
        grammar.setdefault(row[0].strip(), PhraseMatcher()).add(row[1].strip(), row[1].strip())
    role_words = PhraseMatcher({w: w for w in _lines(root / "role_words.txt")})
    role_rows = [line.split("\t") for line in _lines(root / "roles.txt")]
    group_heads = tuple(row[0].strip() for row in role_rows if len(row) > 1 and row[1].strip() == "group")
    office_heads = tuple(row[0].strip() for row in role_rows if len(row) > 1 and row[1].strip() == "office")
    simple, light, frame, fixed = _verbs(root)
    topics = load_topics(root)
    organization_heads = PhraseMatcher()
    heads_path = root / "organization_heads.txt"
    for line in _lines(heads_path) if heads_path.exists() else []:
        head, _, marker = line.partition("\t")
        organization_heads.add(head.strip(), "group" if marker.strip() == "group" else "organization")
    return Lexicon(
        titles=PhraseMatcher({w: w for w in _lines(root / "titles.txt")}),
        role_heads=PhraseMatcher({row[0].strip(): row[0].strip() for row in role_rows}),
        group_heads=group_heads,
        office_heads=office_heads,
        role_words=role_words,
        countries=countries,
        organizations=organizations,
        people=people,
        given_names=PhraseMatcher({w: w for w in _lines(root / "given_names.txt")}),
        grammar=grammar,
        simple_verbs=simple,
        light_verbs=light,
        frame_verbs=frame,
        fixed_phrases=fixed,
        topics=topics,
        topic_pattern=_compile_topics(topics),
        anaphora=_compile_anaphora(topics),
        organization_heads=organization_heads,
    )


def extend_lexicon(lexicon: Lexicon, additions: list[dict]) -> Lexicon:
    """A copy of `lexicon` with what analysts taught it: person aliases, topic surface forms, new topics."""
    import copy
    import dataclasses

    people = lexicon.people.copy()
    topics = copy.deepcopy(lexicon.topics)
    by_id = {t["id"]: t for t in topics}
    for addition in additions:
        kind, value, target = addition["kind"], addition["value"], addition["target"]
        if kind == "person_alias":
            people.add(value, (target, ()))
        elif kind == "topic" and target not in by_id:
            details = addition.get("details") or {}
            topic = {"id": target, "label_fa": details.get("label_fa", target), "label_en": details.get("label_en", target),
                     "mission": False, "forms": list(details.get("forms", [])) or [target]}
            topics.append(topic)
            by_id[target] = topic
    for addition in additions:
        if addition["kind"] == "topic_form" and addition["target"] in by_id:
            by_id[addition["target"]]["forms"].append(addition["value"])
    return dataclasses.replace(lexicon, people=people, topics=topics, topic_pattern=_compile_topics(topics),
                               anaphora=_compile_anaphora(topics))


def learnable_alias(mention: str, lexicon: Lexicon) -> bool:
    """A mention worth learning as a person's alias: a name, not a pronoun, a bare role or «این مقام»."""
    from goftar.text import tokenize

    tokens = [t for t in tokenize(mention) if t.is_word]
    if not tokens or len(tokens) > 8:
        return False
    first = tokens[0].key
    if any(lexicon.is_grammar(cls, first) for cls in ("pronoun", "demonstrative")):
        return False
    return lexicon.role_heads.match(tokens, 0) is None
