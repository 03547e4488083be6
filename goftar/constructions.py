"""The reporting constructions of Persian news, one small rule each, tried in order on every sentence.

Every rule reads one `SentenceView` (tokens, speaker phrases, quoted spans, the reporting verbs that qualify, the
colon) and returns a typed, frozen `Attribution` or None. The first rule that attributes the sentence wins. Each
rule can be switched off (`Engine(constructions=…)`), and `python -m goftar evaluate` reports precision and
recall per rule (its `kind`). The rules lean on the article reader for what needs the article's state (who spoke
last, the entity registry): the subject finder and the mention resolver.

| kind          | construction                                                       | does not extract                                  |
|---------------|--------------------------------------------------------------------|---------------------------------------------------|
| conduit       | `سایت X نوشت: «Y» … گفت که …` — the source an outlet relays        | a relayed source named by a pronoun only          |
| colon         | `X … گفت: …` — a reporting verb before a colon outside quotes      | a colon with no reporting verb before it          |
| answer        | `ج: …`، `NAME: …` after a question line `س: …؟` — the interviewee  | an answer with no question line before it         |
| headline      | `X: …` in a title-like line (found, for the entities and the       | long labels, lines ending in a full stop          |
|               | reader's salience, but not a statement by default: see Engine)     |                                                   |
| document      | `در بیانیه X آمده است` — the document (or who issued it) speaks     | a document verb with no document noun before it   |
| verb / quote  | `X … گفت (که) …`, `«…»، X گفت.`, `X را Y دانست`                   | first/second person, agentless passives («گفته شد»)|
| according_to  | `به گفته X`، `به باور X`، `بر اساس بیانیه X`                        | a marker followed by no speaker phrase            |
| continuation  | a sentence that only goes on with the previous colon or «…» quote | a new paragraph after a quote that had ended      |

Coordinated subjects («ایران و روسیه … اعلام کردند») are part of the verb and colon rules: one attribution per
speaker, as `partners` of the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from goftar.model import Mention, Sentence, Verb

if TYPE_CHECKING:
    from goftar.speakers import NounPhrase
    from goftar.text import Token
    from goftar.verbs import VerbHit

LIST_MARKERS = frozenset({"-", "–", "—", "•", "*", "▪", "●", "◾"})
CONTINUING_KINDS = frozenset({"colon", "continuation", "headline", "answer"})
ANSWER_LABEL_MAX_TOKENS = 4


@dataclass(frozen=True)
class Attribution:
    """One speaker saying something in one sentence, as a construction found it."""

    sentence: Sentence
    speaker: int  # entity id in the article's registry
    mention: Mention | None  # the subject's surface form; None when the subject is omitted
    verbs: tuple[Verb, ...]
    kind: str
    quote_start: int
    quote_end: int
    open_quote: bool  # a «…» opened in the quote is still open at the sentence end
    dangling: str  # "colon" when the colon ends the paragraph, "list" for a list item, else ""
    partners: tuple[Attribution, ...] = ()  # coordinated subjects saying the same


@dataclass(frozen=True)
class SentenceView:
    """What every construction reads about one sentence."""

    sentence: Sentence
    tokens: list[Token] = field(hash=False)
    phrases: list[NounPhrase] = field(hash=False)
    quoted: frozenset[int]  # token indices inside «…» quotations (names in guillemets excluded)
    quote_spans: tuple[tuple[int, int], ...]
    start: int  # first token after agency lead-ins
    colon: int | None  # the first colon outside quotes, after the lead-ins
    verbs: tuple[VerbHit, ...]  # reporting verbs that qualify (third person, conditions met)
    previous: Attribution | None  # the last attribution, while a quote may still be going on


class Reader(Protocol):
    """What constructions need from the article reader."""

    def attribute(self, view: SentenceView, hits: list, kind: str, quote: tuple[int, int] | None) -> Attribution | None: ...

    def headline(self, view: SentenceView) -> Attribution | None: ...

    def answer(self, view: SentenceView) -> Attribution | None: ...

    def according_to(self, view: SentenceView) -> Attribution | None: ...

    def continuation(self, view: SentenceView) -> Attribution: ...

    def relayed(self, view: SentenceView, outer: Attribution) -> Attribution | None: ...

    def second_clause(self, view: SentenceView, after: int, first: Attribution) -> Attribution | None: ...

    def second_subject(self, view: SentenceView, at: int) -> bool: ...


class Construction(Protocol):
    """One reporting construction."""

    kind: str

    def extract(self, view: SentenceView, reader: Reader) -> Attribution | None: ...


class ColonQuote:
    """`X … گفت: …`: the quote runs from the colon to the sentence end (and on, see `Continuation`)."""

    kind = "colon"

    def extract(self, view: SentenceView, reader: Reader) -> Attribution | None:
        if view.colon is None:
            return None
        before = [h for h in view.verbs if h.last <= view.colon]
        if not before:
            return None
        return reader.attribute(view, before, self.kind, (view.colon + 1, len(view.tokens)))


class InterviewAnswer:
    """`ج: …` or `NAME: …` right after a question line (`س: …؟`، `ایسنا: …؟`): the interviewee answers.

    The label is «ج/پاسخ/جواب» (the person who spoke last: the interviewee the introduction quoted) or the name of
    a person met already. Not extracted: answers with no question line before them, or labelled with a name the
    article has not introduced."""

    kind = "answer"

    def extract(self, view: SentenceView, reader: Reader) -> Attribution | None:
        if view.colon is None or view.colon == view.start or view.colon - view.start > ANSWER_LABEL_MAX_TOKENS:
            return None
        if any(h.last <= view.colon for h in view.verbs):
            return None
        return reader.answer(view)


class Headline:
    """`X: …` on a title-like line with no reporting verb before the colon."""

    kind = "headline"

    def extract(self, view: SentenceView, reader: Reader) -> Attribution | None:
        if view.colon is None or any(h.last <= view.colon for h in view.verbs):
            return None
        return reader.headline(view)


class DocumentStatement:
    """`در بیانیه … آمده است`: a document verb after a document noun."""

    kind = "document"

    def extract(self, view: SentenceView, reader: Reader) -> Attribution | None:
        if view.colon is not None or not view.verbs or view.verbs[0].verb.kind != "document":
            return None
        return reader.attribute(view, list(view.verbs), self.kind, view.quote_spans[0] if view.quote_spans else None)


class ReportingClause:
    """`X … گفت (که) …`, `«…»، X گفت.`, evaluative `X را Y دانست`: the subject before the first verb speaks.

    A second reporting verb belongs to the same speaker only when chained with «و» («… دانست و افزود»); after «که»
    or any other word the rest of the sentence is content, except a clause of its own whose subject «نیز/هم» marks
    as a second speaker («X گفت که … و Y نیز اعلام کرد که …»), or that «و» or «، اما» opens with a subject of its
    own («X … خبر داد و Y نیز گفت …»، «X … تکذیب کرد، اما Y می‌گویند …»). Not extracted: a second speaker without that mark
    (inside the first one's content it may be reported speech)."""

    kind = "verb"

    def extract(self, view: SentenceView, reader: Reader) -> Attribution | None:
        if view.colon is not None or not view.verbs or view.verbs[0].verb.kind == "document":
            return None
        tokens = view.tokens
        hits = list(view.verbs)
        quote = view.quote_spans[0] if view.quote_spans else None
        for index, hit in enumerate(hits):
            follower = tokens[hit.last].key if hit.last < len(tokens) else ""
            if (follower == "که" or (index + 1 < len(hits) and follower not in ("و", ".", "،"))
                    or (index + 1 < len(hits) and reader.second_subject(view, hit.last))):
                skip = 1 if follower == "که" else 0
                hits, quote = hits[: index + 1], quote or (hit.last + skip, len(tokens))
                break
        found = reader.attribute(view, hits, "quote" if view.quote_spans else "verb", quote)
        second = reader.second_clause(view, hits[-1].last, found) if found is not None else None
        return replace(found, partners=(*found.partners, second)) if second is not None else found


class Conduit:
    """`سایت X نوشت: «Y» وزیر … گفت که …`: an outlet relaying someone; the original source speaks.

    Wraps a rule (the colon and verb rules): where its speaker is a news outlet and the quote holds a reporting verb
    with its own overt subject, that subject is the speaker. An outlet saying something of its own keeps the
    statement. Not extracted: a relayed source named only by a pronoun, or a chain of outlets («ایرنا به نقل از …»).
    """

    def __init__(self, wrapped: Construction) -> None:
        self.wrapped = wrapped
        self.kind = wrapped.kind

    def extract(self, view: SentenceView, reader: Reader) -> Attribution | None:
        outer = self.wrapped.extract(view, reader)
        return (reader.relayed(view, outer) or outer) if outer is not None else None


class AccordingTo:
    """`به گفته X`، `به اعتقاد X`، `بر اساس بیانیه X`: a prepositional source anywhere outside quotes."""

    kind = "according_to"

    def extract(self, view: SentenceView, reader: Reader) -> Attribution | None:
        return reader.according_to(view)


class Continuation:
    """A sentence with no attribution of its own that goes on with the previous quote: in the same paragraph after a
    colon or headline, or in the next paragraph when the colon ended the paragraph, a «…» is still open, or one list
    item follows another."""

    kind = "continuation"

    def extract(self, view: SentenceView, reader: Reader) -> Attribution | None:
        previous = view.previous
        if previous is None:
            return None
        paragraph = view.sentence.paragraph
        same_paragraph = previous.sentence.paragraph == paragraph
        next_paragraph = previous.sentence.paragraph == paragraph - 1
        goes_on = (same_paragraph and (previous.kind in CONTINUING_KINDS or previous.open_quote)) or (
            next_paragraph and (previous.open_quote or previous.dangling == "colon"
                                or (previous.dangling == "list" and view.tokens[0].text in LIST_MARKERS)))
        return reader.continuation(view) if goes_on else None


ALL_CONSTRUCTIONS: tuple[Construction, ...] = (ColonQuote(), InterviewAnswer(), Headline(), DocumentStatement(),
                                               ReportingClause(), AccordingTo(), Continuation())
RELAYING_KINDS = frozenset({"colon", "verb"})  # the rules an outlet relays through, wrapped by `Conduit`
DEFAULT_KINDS = frozenset(c.kind for c in ALL_CONSTRUCTIONS) | {"conduit"}


def select(kinds: frozenset[str] | None = None) -> tuple[Construction, ...]:
    """The constructions switched on, in their fixed order; `kinds` names them (see the table above)."""
    wanted = DEFAULT_KINDS if kinds is None else kinds
    unknown = set(wanted) - DEFAULT_KINDS
    if unknown:
        raise ValueError(f"unknown constructions: {sorted(unknown)}")
    relay = "conduit" in wanted
    return tuple(Conduit(c) if relay and c.kind in RELAYING_KINDS else c for c in ALL_CONSTRUCTIONS if c.kind in wanted)
