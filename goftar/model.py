"""Frozen data model of an analysed article: every span is a character offset into `Article.text`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a quoted unit kept whole) of the display text."""

    index: int
    start: int
    end: int
    paragraph: int
    text: str

    def to_dict(self) -> dict:
        """Plain-JSON form."""
        return asdict(self)


@dataclass(frozen=True)
class Mention:
    """A surface reference to a speaker: name, role, pronoun or organisation."""

    start: int
    end: int
    text: str
    entity: int
    kind: str  # name | role | pronoun | organization | state | document
    sentence: int
    title: str = ""
    name: str = ""
    role: str = ""

    def to_dict(self) -> dict:
        """Plain-JSON form."""
        return asdict(self)


@dataclass(frozen=True)
class Entity:
    """One speaker (person, organisation, state, document) with all its mentions."""

    id: int
    name: str
    type: str  # person | organization | state | document
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict:
        """Plain-JSON form."""
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True)
class Verb:
    """A reporting construction: a verb, a light-verb phrase or an «according to» marker."""

    start: int
    end: int
    text: str
    lemma: str
    kind: str

    def to_dict(self) -> dict:
        """Plain-JSON form."""
        return asdict(self)


@dataclass(frozen=True)
class TopicMention:
    """A surface form of an issue in the text."""

    topic: str
    start: int
    end: int
    text: str
    sentence: int

    def to_dict(self) -> dict:
        """Plain-JSON form."""
        return asdict(self)


@dataclass(frozen=True)
class Statement:
    """What one speaker says in one sentence: the sentence span, the quote span inside it, the verbs and topics."""

    index: int
    speaker_id: int
    speaker: str
    speaker_type: str
    mention: Mention | None
    verbs: tuple[Verb, ...]
    topics: tuple[str, ...]
    sentence: int
    start: int
    end: int
    text: str
    quote_start: int
    quote_end: int
    kind: str  # colon | verb | quote | according_to | headline | continuation | document | analyst
    status: str = "unreviewed"  # unreviewed | accepted | corrected (analysts' values shown) | added by an analyst

    def to_dict(self) -> dict:
        """Plain-JSON form: `mention` and `verbs` as surface strings, with their spans alongside."""
        return {
            "index": self.index,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "speaker_type": self.speaker_type,
            "mention": self.mention.text if self.mention else "",
            "mention_span": [self.mention.start, self.mention.end] if self.mention else None,
            "verbs": [v.text for v in self.verbs],
            "verb_spans": [[v.start, v.end] for v in self.verbs],
            "verb_lemmas": [v.lemma for v in self.verbs],
            "topics": list(self.topics),
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "quote_start": self.quote_start,
            "quote_end": self.quote_end,
            "kind": self.kind,
            "status": self.status,
        }


@dataclass(frozen=True)
class Article:
    """An analysed article. `text` is the one display text that every offset indexes into."""

    original: str
    text: str
    title: str | None
    source: str | None
    date: str | None
    sources: tuple[str, ...]
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    statements: tuple[Statement, ...]
    topic_mentions: tuple[TopicMention, ...]
    engine_version: str = field(default="")

    def __post_init__(self) -> None:
        """Every span must slice exactly its stored text out of `text`: offsets are the contract with every view."""
        text = self.text

        def check(kind: str, start: int, end: int, surface: str | None = None) -> None:
            if not 0 <= start <= end <= len(text) or (surface is not None and text[start:end] != surface):
                raise ValueError(f"{kind} span [{start}, {end}) does not index the display text")

        for sentence in self.sentences:
            check("sentence", sentence.start, sentence.end, sentence.text)
        for entity in self.entities:
            for mention in entity.mentions:
                check("mention", mention.start, mention.end, mention.text)
        for statement in self.statements:
            check("statement", statement.start, statement.end, statement.text)
            check("quote", statement.quote_start, statement.quote_end)
            for verb in statement.verbs:
                check("verb", verb.start, verb.end, verb.text)
        for topic in self.topic_mentions:
            check("topic", topic.start, topic.end, topic.text)

    @property
    def speakers(self) -> tuple[Entity, ...]:
        """Entities that make at least one statement, in order of first statement."""
        seen: dict[int, None] = {}
        for statement in self.statements:
            seen.setdefault(statement.speaker_id, None)
        by_id = {e.id: e for e in self.entities}
        return tuple(by_id[i] for i in seen)

    def entity(self, entity_id: int) -> Entity:
        """The entity with this id."""
        return next(e for e in self.entities if e.id == entity_id)

    @cached_property
    def _offset_map(self) -> list[int]:
        from goftar.text import align_offsets

        return align_offsets(self.original, self.text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that display span [start, end) came from."""
        offsets = self._offset_map
        return offsets[start], offsets[end]

    def to_dict(self) -> dict:
        """The JSON schema documented in the README."""
        return {
            "engine_version": self.engine_version,
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "text": self.text,
            "sources": list(self.sources),
            "paragraphs": [list(p) for p in self.paragraphs],
            "sentences": [s.to_dict() for s in self.sentences],
            "people": [e.to_dict() for e in self.entities],
            "statements": [s.to_dict() for s in self.statements],
            "topics": [t.to_dict() for t in self.topic_mentions],
        }
