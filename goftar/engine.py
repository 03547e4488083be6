"""`analyze()`: who said what about which issue, from one Persian news text — an ordered pipeline.

1. **Text** (goftar.text): one hazm-normalised display text (soft hyphens as ZWNJ, bidi marks dropped), its
   paragraphs and sentences (a «…» quote is never split), offset tokens with folded keys (Arabic ي/ك, ZWNJ, digits).
2. **Mentions** (goftar.speakers.SpeakerFinder): per sentence, every person, title, role, organisation, medium,
   document, state and pronoun phrase — from the lexicons plus evidence: a title or role next to an unknown word, a
   known given name, a name in guillemets followed by a role or a verb («سعید صیام» وزیر …), a family name seen before.
3. **Constructions** (goftar.constructions): one typed rule per reporting construction, tried in order on each
   sentence — conduit, colon, interview answer, headline, document, verb/quote, according-to, continuation — each
   switchable. The
   subject before the verb is found by `_subject` (after agency lead-ins and datelines, outside adverbials, not
   followed by «را»), resolved in the article's registry: a pronoun to the current speaker, «این …» to the speaker
   or source it describes (a person of the country it names, met before), a role nobody holds to the current
   speaker unless «نیز», an indefinite, a headline since (a new item) or another country says otherwise. A second
   clause whose subject «نیز/هم» marks is a second statement in the same sentence.
4. **Entities** (goftar.entities): once the article is read, unnamed holders of one role merge, then role fragments,
   role-only people and the lead's speaker merge into the named person; the canonical name is the fullest personal
   name in the article.
5. **Assembly**: frozen `Article` whose every span is checked against the display text.

What is NOT extracted (see the strict xfail tests in tests/test_constructions.py): agentless passives («گفته شد»،
«اعلام شد»; a passive in a document frame, «در این بیانیه تاکید شده است», is the document's); the reporter's asides
(«یادآور می‌شود»، «گفتنی است»); a negated verb that ends the sentence with nothing said; attitudes («استقبال کرد»، «ابراز نگرانی کرد»، «نگرانی را ابراز داشتند») and courtesies («تسلیت گفت»);
first- or second-person verbs outside a quote; a second speaker's clause without «نیز/هم» (inside the first
speaker's content it may be reported speech); a speaker inside a relative clause of someone else's sentence
(«… اظهارات X که Y را Z نامیده است»); reported speech inside a quote (the verb outside the quote decides); an
outlet's news after an agency lead-in («به گزارش/به نقل از X، …» with no reporting verb); colon headlines as
statements unless `headline_statements=True` (the annotation rules of the development set leave them out; the
headline still names its speaker).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from goftar.constructions import ANSWER_LABEL_MAX_TOKENS, LIST_MARKERS, Attribution, SentenceView, select
from goftar.entities import resolve as resolve_entities
from goftar.entities import roles_compatible, roles_conflict
from goftar.lexicon import Lexicon, PhraseMatcher, extend_lexicon, group_topic_index, load_lexicon
from goftar.model import Article, Entity, Mention, Sentence, Statement, TopicMention, Verb
from goftar.speakers import HOME_COUNTRY, NounPhrase, Registry, SpeakerFinder
from goftar.text import TextLayer, Token, fold, tokenize
from goftar.verbs import VerbFinder, VerbHit, negated

ENGINE_VERSION = "0.2.5"  # 0.2: constructions, article-level entities; 0.2.1: headlines start items, roles reach a country;
# 0.2.2: other outlets (interview answers, passives in documents, relays, anonymous sources, wider lexicons);
# 0.2.3: a name set off by commas after a role with words the lexicon does not know («نماینده مردم X، NAME، …»);
# the holder of a press conference speaks («در نشست خبری X گفت»); «کرملین» an organisation only, like «کاخ سفید»;
# 0.2.4: given names that are also words («امید»، «مراد»); the verb of a relative clause on the subject is no report
# («یک مقام که نخواست نامش فاش شود … گفت»); an organisation's name ends before a document noun; «همتای X او، NAME،»;
# a country's adjective goes on a role («دیپلمات ژاپنی»); «بر اساس گزارش X»; more organisation heads; roles up to a
# province; «در بیانیه X آمده است»; «می‌گویند»; a colon quote closed by an end mark ends its sentence; «درباره X سخن
# گفت» a topic; numbered and unlisted relayed sources; «…، اما Y تأکید کرد»; joined passives («تصریح‌شده است»);
# «CITY (AGENCY):» datelines; Dari «دیپلومات»/«آگاهان»; «در جلسه علنی مجلس، X گفت»; «دو منبع» is a group;
# 0.2.5: «CITY- AGENCY-» datelines; topic anaphora («این سازمان» after «شانگهای»); a family name written first; offices
# of another country are someone else; «و/، اما» + a subject of its own; «به گفته» + an unlisted name; «باور دارد»
COLONS = frozenset({":", "："})
COMMAS = frozenset({"،", ",", "؛", ";"})
SEMICOLONS = frozenset({"؛", ";"})
DASHES = frozenset({"-", "–", "—"})
HEADLINE_MAX_TOKENS = 10
OPENING_REACH = 6  # tokens of an opening adverbial («در تهران،») before the subject of a sentence without speech
_DATELINE_MARKS = re.compile("[:：/\\-–—]")
OUTLET_DATELINE_MAX_TOKENS = 10  # «پایگاه خبری تحلیلی انتخاب (Entekhab.ir):»، «کابل (پژواک)، ۱۵ حوت ۱۳۹۷:»
CONTRAST_MAX_TOKENS = 3  # «در حالی که»
ALSO_REACH = 8  # words of a subject the phrase did not take, before its «نیز»
ANAPHORA_REACH = 3  # sentences from an issue named to «این سازمان/این توافق» that refers back to it
UNIDENTIFIED = object()  # `_subject`: an overt subject that names no one we can resolve
INDEFINITES = frozenset({"یک", "یکی", "چند", "برخی", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "ده",
                         "2", "3", "4", "5", "6", "7", "8", "9", "10"})  # («دو مقام», «۳ دیپلمات»: folded digits)
COUNTED = INDEFINITES - {"یک", "یکی", "برخی"}  # «دو منبع مطلع»، «چند دیپلمات»: a singular noun counted is a group
ORGANIZATION_MAX_TOKENS = 6
DOCUMENT_NAME_MAX_TOKENS = 5
POSSESSIVES = frozenset({"او", "وی", "آنها", "آن‌ها", "ایشان"})  # «همتای روس او»: a possessor after a role
ANONYMITY = frozenset({"نامش", "ناشناس"})  # «… که نخواست نامش فاش شود»، «به شرط ناشناس ماندن»
ANONYMITY_REACH = 6
RELAY_REACH = 1  # a relayed source is named right where the outlet's quote begins (after a «)
LEAD_PARAGRAPHS = frozenset({0, 1})  # the headline and the lead


class AnalysisError(ValueError):
    """The input cannot be analysed (not text, or no text)."""


class Engine:
    """Lexicons and hazm objects, built once; `analyze` is pure with respect to them."""

    def __init__(self, lexicon_dir: str | None = None, *, use_gazetteer: bool = True,
                 constructions: frozenset[str] | None = None, headline_statements: bool = False) -> None:
        """`use_gazetteer=False` forgets the known-people list; `constructions` names the rules to run (default: all,
        see goftar.constructions). A colon headline («X: …») names its speaker but is a statement only with
        `headline_statements`: news repeats the headline in the body, attributed, and the annotation rules of the
        development set leave headlines out."""
        self.constructions = select(constructions)
        self.headline_statements = headline_statements
        lexicon = load_lexicon(lexicon_dir)
        # without the known-people list the engine must find every person from evidence (the generality check)
        self.lexicon: Lexicon = lexicon if use_gazetteer else replace(lexicon, people=PhraseMatcher())
        self.layer = TextLayer()
        self.verbs = VerbFinder(self.lexicon)
        self.speakers = SpeakerFinder(self.lexicon, self.verbs.lemma)
        self.country_names = frozenset(name for _, name in self.lexicon.countries.items())
        self._index_grammar()

    def with_additions(self, additions: list[dict]) -> Engine:
        """An engine that also knows what analysts taught (aliases, topic forms, topics); shares the hazm objects."""
        if not additions:
            return self
        twin = object.__new__(Engine)
        twin.lexicon = extend_lexicon(self.lexicon, additions)
        twin.layer, twin.verbs, twin.constructions = self.layer, self.verbs, self.constructions
        twin.headline_statements = self.headline_statements
        twin.speakers = SpeakerFinder(twin.lexicon, self.verbs.lemma)
        twin.country_names = self.country_names
        twin._index_grammar()
        return twin

    def _index_grammar(self) -> None:
        """First-token sets that let the reader skip a matcher call on most tokens (the per-article hot path)."""
        grammar = self.lexicon.grammar
        empty = PhraseMatcher()
        self.adverbs = grammar.get("adverb", empty)
        self.adverb_starts = frozenset(self.adverbs.starts())
        heads = self.lexicon.organization_heads or empty
        self.source_starts = frozenset(heads.starts() | grammar.get("demonstrative", empty).starts())
        self.marker_starts = frozenset(grammar.get("according_to", empty).starts() | grammar.get("lead_in", empty).starts())
        # the topic id each form's group in the topic pattern stands for, read off once, not per match
        pattern, topics = self.lexicon.topic_pattern, self.lexicon.topics
        self.topic_ids = {group: topics[group_topic_index(group)]["id"]
                          for group in (pattern.groupindex if pattern is not None else ())}

    def analyze(self, text: str, *, title: str | None = None, source: str | None = None, date: str | None = None) -> Article:
        """Analyse one article; `title`, if given, becomes the first paragraph of the display text."""
        if not isinstance(text, str):
            raise AnalysisError("article text must be a str")
        display = self.layer.display_text(text, title)
        paragraphs = self.layer.paragraphs(display)
        sentence_spans = self._answers_joined(display, self.layer.sentences(display, paragraphs))
        sentences = tuple(
            Sentence(k, a, b, p, display[a:b]) for k, (a, b, p) in enumerate(sentence_spans)
        )
        reader = _ArticleReader(self, display, sentences, has_title=bool(title and title.strip()))
        reader.read()
        reader.resolve_entities()
        topic_mentions = self._topics(display, sentences)
        statements = reader.statements(topic_mentions)
        return Article(
            original=text,
            text=display,
            title=title,
            source=source or (reader.sources[0] if reader.sources else None),
            date=date,
            sources=tuple(reader.sources),
            paragraphs=tuple(paragraphs),
            sentences=sentences,
            entities=reader.entities(),
            statements=statements,
            topic_mentions=topic_mentions,
            engine_version=ENGINE_VERSION,
        )

    def _answers_joined(self, display: str, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """«X در پاسخ به این سوال که آیا …؟ گفت: …»: a question inside a clause ends hazm's sentence, but a reporting
        verb with no subject right after it, before a colon or a quote, still belongs to the same sentence."""
        joined: list[tuple[int, int, int]] = []
        for start, end, paragraph in spans:
            previous = joined[-1] if joined else None
            if (previous is not None and previous[2] == paragraph
                    and display[previous[0] : previous[1]].rstrip().endswith(("؟", "?"))
                    and self._opens_with_reporting_verb(display, start, end)):
                joined[-1] = (previous[0], end, paragraph)
            else:
                joined.append((start, end, paragraph))
        return joined

    def _opens_with_reporting_verb(self, display: str, start: int, end: int) -> bool:
        tokens = tokenize(display, start, min(end, start + 60))
        hits = self.verbs.find(tokens)
        return bool(hits) and hits[0].first == 0 and hits[0].last < len(tokens) and (
            tokens[hits[0].last].text in COLONS or tokens[hits[0].last].text == "«")

    def _topics(self, display: str, sentences: tuple[Sentence, ...]) -> tuple[TopicMention, ...]:
        starts = [s.start for s in sentences]
        topic_ids = self.topic_ids
        found = []
        for match in self.lexicon.topic_pattern.finditer(display):
            index = max(bisect.bisect_right(starts, match.start()) - 1, 0)
            found.append(TopicMention(topic_ids[match.lastgroup], match.start(), match.end(), match.group(), index))
        if self.lexicon.anaphora is not None and found:
            found = sorted(found + self._anaphora(display, starts, found), key=lambda mention: mention.start)
        return tuple(found)

    def _anaphora(self, display: str, starts: list[int], named: list[TopicMention]) -> list[TopicMention]:
        """«این سازمان» after «شانگهای», «این توافق» after «برجام»: a phrase of a topic's `anaphora` mentions the issue
        it may refer to that was named last before it (by name, or by such a phrase), at most ANAPHORA_REACH
        sentences before, when the phrase's head noun was used of nothing else in between («سازمان شانگهای … سازمان
        ملل … این سازمان» is the UN). Where two issues share a phrase, the nearer wins («بریکس … داعش … این گروه»:
        Daesh, as «این گروه» is also terrorism's)."""
        anaphora = self.lexicon.anaphora
        known = sorted(named, key=lambda mention: mention.start)  # grows with each phrase resolved
        found = []
        for match in anaphora.pattern.finditer(display):
            candidates = anaphora.topics[match.lastgroup]
            index = max(bisect.bisect_right(starts, match.start()) - 1, 0)
            antecedent = next((m for m in reversed(known) if m.end <= match.start() and m.topic in candidates), None)
            if (antecedent is None or index - antecedent.sentence > ANAPHORA_REACH
                    or anaphora.heads[match.lastgroup].search(display, antecedent.end, match.start())):
                continue
            mention = TopicMention(antecedent.topic, match.start(), match.end(), match.group(), index)
            found.append(mention)
            bisect.insort(known, mention, key=lambda m: m.start)
        return found


_TAKEN = object()  # a step of `_ArticleReader._subject` moved the scan past its construction


@dataclass
class _SubjectScan:
    """Where the scan for a sentence's subject stands (`_ArticleReader._subject`): the token looked at, the first
    words that may name an unlisted subject, and what kind of stretch the scan is in."""

    tokens: list[Token]
    quoted: set[int] | frozenset[int]
    end: int
    sentence_index: int
    by_start: dict[int, NounPhrase]  # the speaker phrases by their first token
    start: int
    k: int = -1  # the token looked at (starts at `start`)
    first_chunk: list[int] = field(default_factory=list)  # the first plain words: an unlisted name, perhaps
    in_adverbial: bool = False  # inside an adverbial («در …»): its nouns are not the subject
    chunk_closed: bool = False  # the first words ended: no later word joins them
    comma_closed: bool = False  # «پروشنکو، روسیه را … متهم کرد»: a comma set the first words apart as the subject
    opened_adverbial: bool = False  # the sentence opened with an adverbial («در جلسه علنی …»)
    predicate: bool = False  # the verb takes a predicate after its object («X Y را مسئول دانست»)
    object_seen: bool = False  # «را» has been passed

    def __post_init__(self) -> None:
        if self.k < 0:
            self.k = self.start

    def close_chunk(self) -> None:
        """The first words, if any, are over."""
        self.chunk_closed = self.chunk_closed or bool(self.first_chunk)

    def word(self, token: Token) -> None:
        """A token no step took: «را» ends the first words (and, with no comma before, makes them its object:
        «X Y را … دانست»); another word outside an adverbial joins them while they are open."""
        if token.key == "را":
            if not self.comma_closed:
                self.first_chunk = []
            self.chunk_closed = self.object_seen = True
        elif not self.chunk_closed and not self.in_adverbial and token.is_word:
            self.first_chunk.append(self.k)
        self.k += 1


class _ArticleReader:
    """One pass over the sentences in order, keeping who spoke last (the antecedent of «وی» and bare roles)."""

    def __init__(self, engine: Engine, display: str, sentences: tuple[Sentence, ...], has_title: bool) -> None:
        self.engine = engine
        self.lexicon = engine.lexicon
        self.display = display
        self.sentences = sentences
        self.has_title = has_title
        self.registry = Registry(engine.speakers.given_name_keys)
        self.sources: list[str] = []
        self.last_subject: int | None = None
        self.last_person: int | None = None  # «وی/او» is a person: an organisation speaking in between is skipped
        # A title-like line since the last statement: a new news item (a digest of several, a subheading) has begun
        self.new_item = False
        self._paragraph_sizes = Counter(s.paragraph for s in sentences)
        self._attributions: list[Attribution] = []
        self._subject_steps = (self._organization_step, self._separator_step, self._modifier_step, self._phrase_step,
                               self._relative_clause_step, self._shift_step, self._boundary_step, self._adverb_step,
                               self._demonstrative_step, self._meeting_step)

    # --- reading ------------------------------------------------------------------------------------------
    def read(self) -> None:
        """Attribute every sentence in order."""
        previous: Attribution | None = None
        for sentence in self.sentences:
            tokens = tokenize(self.display, sentence.start, sentence.end)
            if self._title_line(sentence):
                self.new_item = True
            found = self._sentence(sentence, tokens, previous) if tokens else None
            if found is not None:
                self._attributions.append(found)
                self._attributions.extend(found.partners)
                self.last_subject = found.speaker
                self.new_item = False
                if self.registry.entities[found.speaker].type == "person":
                    self.last_person = found.speaker
                previous = found
            elif previous is not None and previous.sentence.paragraph != sentence.paragraph:
                previous = None  # a colon quote never continues into the next paragraph

    def _title_line(self, sentence: Sentence) -> bool:
        """A paragraph of one sentence with no closing punctuation: a headline or a subheading (not a line of
        emoji or symbols between a channel post's parts)."""
        text = sentence.text.rstrip()
        return (self._paragraph_sizes[sentence.paragraph] == 1 and not text.endswith((".", "؟", "?", "!", ":", "»", "…", "؛"))
                and any(char.isalpha() for char in text))

    def _quotes(self, tokens: list[Token], phrases: list[NounPhrase]) -> tuple[set[int], list[tuple[int, int]]]:
        # guillemets around a name («سعید صیام» وزیر …) belong to the name's phrase, not to a quotation
        in_names = {k for p in phrases if p.kind in ("name", "organization") for k in range(p.first, p.last)}
        inside: set[int] = set()
        spans: list[tuple[int, int]] = []
        opened = None
        for k, token in enumerate(tokens):
            if k in in_names:
                continue
            if token.text == "«" and opened is None:
                opened = k
            elif token.text == "»" and opened is not None:
                inside.update(range(opened, k + 1))
                spans.append((opened, k + 1))
                opened = None
        if opened is not None:  # an unclosed quote runs to the sentence end
            inside.update(range(opened, len(tokens)))
            spans.append((opened, len(tokens)))
        return inside, spans

    def _dateline(self, tokens: list[Token], title: bool = False) -> int:
        """«خبرگزاری فارس: …»، «کابل (پژواک): …» opening a lead: the agency's dateline, a source and not a speaker
        label."""
        placed = (self._place_dateline(tokens) or self._dash_dateline(tokens)
                  or (0 if title else self._outlet_dateline(tokens)))  # («پاول: آمریکا … را … می‌داند» heads an article)
        if placed:
            self.new_item = True  # a dateline opens a news item: a role after it is nobody met before
            return placed
        media = self.lexicon.grammar.get("media")
        found = media.match(tokens, 0) if media else None
        if not found:
            return 0
        for k in range(found[0], min(found[0] + 4, len(tokens) - 1)):
            if tokens[k].text in COLONS:
                if self.engine.verbs.find(tokens[:k]):
                    return 0  # «رادیو صدای آمریکا گفت: …» is a medium speaking, not a dateline
                source = " ".join(t.text for t in tokens[:k])
                if source not in self.sources:
                    self.sources.append(source)
                return k + 1
            if not tokens[k].is_word:
                break
        return 0

    def _place_dateline(self, tokens: list[Token]) -> int:
        """«کابل (پژواک): …»، «تهران (ایرنا) - …»: a place of one or two words, the agency in brackets (with a date
        after a comma, or an abbreviation: «آ.آ»), then a colon or dash; 0 if none."""
        opening = 1 if len(tokens) > 1 and tokens[1].text == "(" else 2 if len(tokens) > 2 and tokens[2].text == "(" \
            else None
        if opening is None or len(tokens) < opening + 4 or not all(t.is_word for t in tokens[:opening]):
            return 0
        close = next((k for k in range(opening + 1, min(opening + 9, len(tokens) - 1)) if tokens[k].text == ")"), None)
        if close is None or close == opening + 1 or not tokens[opening + 1].is_word:
            return 0
        if tokens[close + 1].text not in COLONS and tokens[close + 1].text not in DASHES:
            return 0
        # «کابل (پژواک، ۱۹ جوزا ۱۳۹۵):»، «آنکارا (آ.آ) -»: the agency is what comes before a comma in the brackets
        named = next((k for k in range(opening + 1, close) if tokens[k].text in COMMAS), close)
        source = " ".join(t.text for t in tokens[opening + 1 : named])
        if source not in self.sources:
            self.sources.append(source)
        return close + 2

    def _dash_dateline(self, tokens: list[Token]) -> int:
        """«تهران- ایرنا- …»، «پکن - مهر - …»: a place of one or two words, a dash, the agency in up to three words and a
        dash or colon; or the place alone before a dash («شیراز - استاندار … گفت»). 0 if none."""
        place = next((k for k in (1, 2) if k < len(tokens) and tokens[k].text in DASHES), None)
        if place is None or not all(t.is_word for t in tokens[:place]):
            return 0
        lexicon = self.lexicon
        body = lexicon.organizations.match(tokens, 0)
        if (body and body[1][1] != "media") or any(matcher.match(tokens, 0) for matcher in (
                lexicon.role_heads, lexicon.titles, lexicon.given_names, lexicon.people)):
            return 0  # «رئیس‌جمهور روسیه - که به تهران آمده - گفت»: a speaker and an aside, not a place or outlet
        agency = next((k for k in range(place + 2, min(place + 5, len(tokens) - 1))
                       if tokens[k].text in DASHES or tokens[k].text in COLONS), None)
        if (agency is not None and all(t.is_word for t in tokens[place + 1 : agency])
                and not self.engine.verbs.find(tokens[place + 1 : agency])):  # («تهران - وزیر گفت: …» has none)
            source = " ".join(t.text for t in tokens[place + 1 : agency])
            if source not in self.sources:
                self.sources.append(source)
            return agency + 1
        return place + 1 if place + 1 < len(tokens) and tokens[place + 1].is_word else 0

    def _outlet_dateline(self, tokens: list[Token]) -> int:
        """«دویچه وله: وزیر … گفت …»، «ایسنا/ سفیر … گفت»، «ژوهانسبورگ، یورونیوز - رهبران … اعلام کردند»: a few words
        naming the outlet (and place, date, site address), no verb among them, then «:», «/» or a dash, and the rest
        of the sentence reports with a reporting verb of its own: the words are a dateline, not a speaker label.
        0 if none."""
        reach = min(OUTLET_DATELINE_MAX_TOKENS + 1, len(tokens) - 2)
        if reach < 2 or not _DATELINE_MARKS.search(self.display, tokens[0].start, tokens[reach - 1].end):
            return 0  # (most sentences: decided by one scan of their first characters)
        end = None
        for k in range(1, reach):
            text = tokens[k].text
            if text in COLONS or text == "/":
                end = k
            elif text in DASHES and any(t.text in COMMAS or t.text == "/" for t in tokens[:k]):
                end = k  # «آنکارا / آناتولی - …»، «ژوهانسبورگ، یورونیوز - …» (not «X - که … - گفت»: an aside)
            if end is not None and text in COLONS:
                break
        if end is None or not tokens[0].is_word or tokens[end + 1].text == "«":
            return 0
        if any(t.text in ("«", "»", "؟", "!") or (t.text == "." and not _in_address(tokens, k))
               for k, t in enumerate(tokens[:end])) or self.engine.verbs.find(tokens[:end]):
            return 0
        if not any(hit.third_person for hit in self.engine.verbs.find(tokens[end + 1 :])):
            return 0  # «ظریف: آمریکا باید …»: a colon headline's speaker label
        words = [t.text for t in tokens[:end] if t.is_word]
        source = " ".join(words[-2:] if any(t.text in COMMAS for t in tokens[:end]) else words)
        if source and source not in self.sources:
            self.sources.append(source)
        return end + 1

    def _lead_ins(self, tokens: list[Token], title: bool = False) -> int:
        """Skip «به گزارش X،» / «به نقل از Y،» at the sentence start, recording X and Y as sources."""
        lead = self.lexicon.grammar.get("lead_in")
        i = self._dateline(tokens, title)
        aside = self.lexicon.grammar.get("aside")
        found = aside.match(tokens, i) if aside is not None and i < len(tokens) else None
        if found:  # «یادآور می‌شود،»، «گفتنی است»: the reporter's own aside, no one's statement
            i = found[0] + (1 if found[0] < len(tokens) and tokens[found[0]].text in COMMAS else 0)
        while lead is not None and i < len(tokens):
            found = lead.match(tokens, i)
            if not found:
                break
            j = found[0]
            end = j
            while end < len(tokens) and tokens[end].text not in COMMAS and tokens[end].text not in COLONS and end - j < 8:
                if end > j and (lead.match(tokens, end) or tokens[end].key == "از"):
                    break  # «به گزارش ایرنا به نقل از ریانووستی»: the next source of the chain starts here
                end += 1
            if end - j >= 8 or end == j:
                break
            name_first = j
            media = self.lexicon.grammar.get("media")
            for k in range(j, end):  # «به گزارش خبرنگار سیاسی خبرگزاری X»: the agency follows the last media word
                skip = media.match(tokens, k, end) if media else None
                if skip and skip[0] < end:
                    name_first = skip[0]
            source = " ".join(t.text for t in tokens[name_first:end])
            if source and source not in self.sources:
                self.sources.append(source)
            if end < len(tokens) and tokens[end].key == "از":  # «ایرنا از ریانووستی»
                tokens_after = end + 1
                chained = end + 1
                while chained < len(tokens) and tokens[chained].text not in COMMAS and chained - tokens_after < 8:
                    chained += 1
                nested = " ".join(t.text for t in tokens[tokens_after:chained])
                if nested and nested not in self.sources:
                    self.sources.append(nested)
                i = chained + 1
                continue
            i = end if end < len(tokens) and lead.match(tokens, end) else end + 1
        return i

    def _sentence(self, sentence: Sentence, tokens: list[Token], previous: Attribution | None) -> Attribution | None:
        """The first construction (goftar.constructions) that attributes the sentence, or None."""
        view = self._view(sentence, tokens, previous)
        found = None
        for construction in self.engine.constructions:
            found = construction.extract(view, self)
            if found is not None:
                break
        used = {a.mention.start for a in (found, *found.partners) if a.mention} if found else set()
        # phrases inside an agency lead-in («به نقل از «X»،») are its sources, kept in `sources`, not people
        self._register_others(tokens, [p for p in view.phrases if p.last > view.start], sentence.index, used,
                              view.start)
        if found is None:
            self._subject_without_speech(view)
        return found

    def _subject_without_speech(self, view: SentenceView) -> None:
        """«اما X، اقتصاددان، نظر دیگری دارد. او می‌گوید …»: a person named as the subject of a sentence that reports
        nothing is the antecedent of the next «وی/او», not the last speaker."""
        tokens, start = view.tokens, view.start
        if start < len(tokens) and self.lexicon.is_grammar("adverb", tokens[start].key):
            start += 1  # «اما»، «همچنین»
        boundary = self.lexicon.grammar.get("boundary")
        if start < len(tokens) and boundary is not None and boundary.match(tokens, start):
            # «در تهران، X، سخنگوی دولت، به این تحریم‌ها واکنش نشان داد»: an opening adverbial up to its comma
            comma = next((k for k in range(start + 1, min(start + OPENING_REACH, len(tokens))) if tokens[k].text in COMMAS),
                         None)
            start = comma + 1 if comma is not None else start
        if start < len(tokens) and tokens[start].key in self.engine.source_starts and self._issues_a_document(tokens, start + 1):
            # «شورای حکام قطعنامه‌ای را تصویب کرد»: an organisation the lexicon does not list issued a document that
            # «در این قطعنامه آمده است» will quote (one it lists is registered with the other phrases)
            self._organization_subject(tokens, start, len(tokens), view.sentence.index)
        phrase = next((p for p in view.phrases if p.first == start), None)
        if phrase is None or phrase.kind != "name" or (phrase.last < len(tokens) and tokens[phrase.last].key == "را"):
            return
        person = self.registry.family.get(phrase.name_keys[-1]) if phrase.name_keys else None
        if person is not None:
            self.last_person = person

    def _view(self, sentence: Sentence, tokens: list[Token], previous: Attribution | None) -> SentenceView:
        """Tokens, speaker phrases, quotations and the reporting verbs that qualify in one sentence."""
        start = self._lead_ins(tokens, title=self._title_line(sentence) or (sentence.index == 0 and self.has_title))
        text = sentence.text
        phrases = self.engine.speakers.phrases(tokens, self.registry.family)
        quoted, quote_spans = self._quotes(tokens, phrases) if "«" in text else (set(), [])
        colon = None
        if ":" in text or "：" in text:
            colon = next((k for k in range(start, len(tokens)) if tokens[k].text in COLONS and k not in quoted), None)
        hits = self.engine.verbs.find(tokens, quoted)
        qualifying = tuple(h for h in hits if h.third_person and h.first >= start and not self._denies_nothing(h, tokens)
                           and self._conditions_met(h, tokens, quoted, text)
                           and not self._in_relative_clause(h, tokens, start, hits)
                           and (h.verb.kind != "document" or self._document_frame(tokens, start, h.first)))
        return SentenceView(sentence, tokens, phrases, frozenset(quoted), tuple(quote_spans), start, colon, qualifying,
                            previous)

    def _conditions_met(self, hit: VerbHit, tokens: list[Token], quoted: set[int], text: str) -> bool:
        """The `needs` column of reporting_verbs.tsv: an object («را»), a colon/quote/«که» after, or a named issue."""
        needs = hit.verb.needs
        if needs == "را":
            return any(tokens[k].key == "را" and k not in quoted for k in range(hit.first))
        if needs == ":":
            after = tokens[hit.last].text if hit.last < len(tokens) else ""
            return after in COLONS or after == "«" or after == "که"
        if needs == "topic":
            return self.lexicon.topic_pattern.search(text) is not None
        return True

    def _denies_nothing(self, hit: VerbHit, tokens: list[Token]) -> bool:
        """«کاخ سفید هنوز موضعی اعلام نکرده است.»: a negated verb that ends the sentence with no content after it and no
        «را» object before it reports that nothing was said («نگفت که …» and «این را رد نکرد» still report)."""
        if not negated(self.display[tokens[hit.first].start : tokens[hit.last - 1].end], hit.lemma):
            return False
        if any(t.is_word for t in tokens[hit.last :]):
            return False
        return not any(t.key == "را" for t in tokens[: hit.first])

    @staticmethod
    def _in_relative_clause(hit: VerbHit, tokens: list[Token], start: int, hits: list[VerbHit]) -> bool:
        """«وی که … سخن می‌گفت، افزود»، «یک مقام که نخواست نامش فاش شود به رویترز گفت»: a verb inside a «که» clause
        that no reporting verb precedes (so the «که» qualifies the subject, not a report's content) is not the
        report, when a reporting verb follows it («X که … حضور داشت گفت، …» has no other: there «گفت» is the
        report). Not caught: a clause set off by a comma before its «که»."""
        if not any(h.first >= hit.last for h in hits):
            return False
        for k in range(hit.first - 1, start - 1, -1):
            if tokens[k].text in COMMAS:
                return False
            if tokens[k].key == "که":
                return not any(h.last <= k for h in hits)
        return False

    def _document_frame(self, tokens: list[Token], start: int, verb_first: int) -> bool:
        documents = self.lexicon.grammar.get("document")
        return bool(documents) and any(tokens[k].key in documents for k in range(start, verb_first))

    # --- speakers -----------------------------------------------------------------------------------------
    def _subject(self, tokens, phrases, quoted, start, end, sentence_index, guess_names=True, predicate=False):
        """(entity id, mention) of the subject in tokens[start:end], or (None, None); `UNIDENTIFIED` as the entity when
        someone is named there whom no phrase resolves. Each token, left to right, goes to the first step of
        `_subject_steps` that takes it; a token none takes is a plain word (`_SubjectScan.word`). `predicate`: the
        verb takes one after its object («X Y را مسئول دانست»), which is then no subject."""
        scan = _SubjectScan(tokens, quoted, end, sentence_index, {p.first: p for p in phrases}, start,
                            predicate=predicate)
        while scan.k < end:
            for step in self._subject_steps:
                outcome = step(scan)
                if outcome is _TAKEN:
                    break
                if outcome is not None:
                    return outcome
            else:
                scan.word(tokens[scan.k])
        return self._unlisted_subject(scan, guess_names)

    # The steps of `_subject`, in the order they are tried on a token. Each returns None (not this construction:
    # the next step looks at the token), _TAKEN (it moved the scan past the construction) or the subject found.
    def _organization_step(self, scan: _SubjectScan):
        """«بولتن دانشمندان اتمی آمریکا اعلام کرد»: an organisation head opening the sentence's first words."""
        token = scan.tokens[scan.k]
        if (scan.in_adverbial or scan.chunk_closed or scan.first_chunk or scan.k in scan.quoted
                or token.key not in self.engine.source_starts):
            return None
        return self._organization_subject(scan.tokens, scan.k, scan.end, scan.sentence_index)

    @staticmethod
    def _separator_step(scan: _SubjectScan):
        """A comma or a quoted token ends an adverbial and the first words; a comma also closes an opening
        adverbial, after which the subject follows («در جلسه علنی مجلس، X گفت»)."""
        token = scan.tokens[scan.k]
        if scan.k not in scan.quoted and token.text not in COMMAS:
            return None
        comma = token.text in COMMAS and scan.k not in scan.quoted
        scan.in_adverbial = False
        if scan.opened_adverbial and not scan.first_chunk and comma:
            scan.chunk_closed = False
        scan.close_chunk()
        scan.comma_closed = scan.comma_closed or (bool(scan.first_chunk) and token.text in COMMAS)
        scan.k += 1
        return _TAKEN

    def _modifier_step(self, scan: _SubjectScan):
        """«کشورهای عضو پیمان …»: a role or country right after an unknown noun modifies that noun."""
        phrase = scan.by_start.get(scan.k)
        if (phrase is None or phrase.kind not in ("role", "state") or scan.chunk_closed
                or not any(self.engine.speakers.name_like(scan.tokens, j) for j in scan.first_chunk)):
            return None
        scan.first_chunk.extend(range(scan.k, phrase.last))
        scan.k = phrase.last
        return _TAKEN

    def _phrase_step(self, scan: _SubjectScan):
        """A speaker phrase is the subject unless it is inside an adverbial, the object («X را»), the predicate after
        the object («… را مسئول دانست»), a document, or a body or state closing an opening adverbial at its comma
        («در جلسه علنی روز یکشنبه مجلس شورای اسلامی، X گفت»: where it happened). A role in apposition after an
        unlisted name set off by a comma describes that name, which is the subject."""
        phrase = scan.by_start.get(scan.k)
        if phrase is None or phrase.last > scan.end:
            return None
        tokens = scan.tokens
        follower = tokens[phrase.last] if phrase.last < len(tokens) else None
        is_object = follower is not None and follower.key == "را"
        in_opening = (scan.opened_adverbial and not scan.first_chunk and phrase.kind in ("organization", "state")
                      and follower is not None and follower.text in COMMAS)
        is_predicate = scan.predicate and scan.object_seen and phrase.last == scan.end  # «… را مسئول دانست»
        if not scan.in_adverbial and not in_opening and not is_object and not is_predicate and phrase.kind != "document":
            if phrase.kind == "role" and scan.comma_closed and self._apposition_after_comma(tokens, phrase):
                # «وحیدالله سروری، یک آگاه امور سیاسی، گفت»: the role describes the unlisted name before its comma
                named = self._unlisted_subject(scan, guess_names=True)
                if named[0] is not None:
                    return named
            resolved = self._resolve(phrase, tokens, scan.sentence_index)
            if resolved[0] is not None:
                return resolved
        scan.k = phrase.last
        scan.chunk_closed = True
        return _TAKEN

    @staticmethod
    def _apposition_after_comma(tokens: list[Token], phrase: NounPhrase) -> bool:
        """The role phrase follows a comma, directly or after «یک», and a comma closes it, or it is indefinite («X،
        یکی از باشندگان جلال‌آباد گفت»): an apposition."""
        indefinite = phrase.one_of or (phrase.first >= 1 and tokens[phrase.first - 1].key in ("یک", "یکی"))
        before = phrase.first - (2 if phrase.first >= 2 and tokens[phrase.first - 1].key in ("یک", "یکی") else 1)
        closed = phrase.last < len(tokens) and tokens[phrase.last].text in COMMAS
        return before >= 0 and tokens[before].text in COMMAS and (closed or indefinite)

    @staticmethod
    def _relative_clause_step(scan: _SubjectScan):
        """«در این بیانیه که روز چهارشنبه منتشر شد، آمده است»: a relative clause on the adverbial's noun, skipped
        to its comma (without a comma it is left to the other steps)."""
        if scan.tokens[scan.k].key != "که" or scan.first_chunk or scan.k == scan.start:
            return None
        comma = next((j for j in range(scan.k + 1, scan.end)
                      if scan.tokens[j].text in COMMAS and j not in scan.quoted), None)
        if comma is None:
            return None
        scan.k, scan.in_adverbial = comma + 1, False
        return _TAKEN

    def _shift_step(self, scan: _SubjectScan):
        """«از سوی دیگر»، «در همین حال»: a discourse marker is a whole adverbial of its own, though it opens with a
        preposition: the subject follows it («از سوی دیگر یک منبع دیپلماتیک … گفت»)."""
        shift = self.lexicon.grammar.get("shift")
        found = shift.match(scan.tokens, scan.k) if shift is not None else None
        if not found:
            return None
        scan.close_chunk()
        scan.in_adverbial = False
        scan.k = found[0]
        return _TAKEN

    def _boundary_step(self, scan: _SubjectScan):
        """A preposition or other `boundary` word opens an adverbial, whose nouns are not the subject."""
        boundary = self.lexicon.grammar.get("boundary")
        found = boundary.match(scan.tokens, scan.k) if boundary else None
        if not found:
            return None
        scan.in_adverbial = True
        scan.opened_adverbial = scan.opened_adverbial or not scan.first_chunk
        scan.close_chunk()
        scan.k = found[0]
        return _TAKEN

    def _adverb_step(self, scan: _SubjectScan):
        """An adverb or a time word ends the first words; «آن‌طور که X گفته»: the subject follows the whole
        adverbial."""
        token = scan.tokens[scan.k]
        adverb = self.engine.adverbs.match(scan.tokens, scan.k) if token.key in self.engine.adverb_starts else None
        if not adverb and not self.lexicon.is_grammar("time", token.key):
            return None
        scan.close_chunk()
        scan.in_adverbial = False
        scan.k = adverb[0] if adverb else scan.k + 1
        return _TAKEN

    def _demonstrative_step(self, scan: _SubjectScan):
        """«در ادامه این دیدار X»: inside an adverbial, a demonstrative closes it after its noun («این تماس تلفنی»:
        a meeting noun of two words) and the noun's known adjectives («این نشست خبری»)."""
        if (not scan.in_adverbial or scan.k + 1 >= scan.end
                or not self.lexicon.is_grammar("demonstrative", scan.tokens[scan.k].key)):
            return None
        meeting = self.lexicon.grammar.get("meeting")
        noun = meeting.match(scan.tokens, scan.k + 1) if meeting else None
        after = noun[0] if noun else scan.k + 2
        scan.k = self._past_adjectives(scan.tokens, after, scan.end, scan.by_start)
        scan.in_adverbial = False
        return _TAKEN

    def _meeting_step(self, scan: _SubjectScan):
        """«در نشست خبری سخنگوی وزارت خارجه گفت»: a press conference's holder is the subject; any other meeting
        noun opens an adverbial (and the token is then a plain word)."""
        meeting = self.lexicon.grammar.get("meeting")
        found = meeting.match(scan.tokens, scan.k) if meeting else None
        if not found:
            return None
        holder = self._press_conference_holder(scan.tokens, found[0], scan.end, scan.by_start)
        if holder is not None:
            scan.k, scan.in_adverbial = holder, False
            return _TAKEN
        scan.in_adverbial = True
        return None

    def _unlisted_subject(self, scan: _SubjectScan, guess_names: bool):
        """After the scan: the first words as the name of someone no lexicon lists, when they look like one."""
        finder, tokens, first_chunk = self.engine.speakers, scan.tokens, scan.first_chunk
        in_chunk = set(first_chunk)  # (a list's `in` made a long run of words quadratic)
        named = [j for j in first_chunk if finder.name_like(tokens, j)
                 or (j - 1 in in_chunk and finder.is_name_suffix(tokens, j))]  # «رفیع زاده»
        if guess_names and named and len(named) == len(first_chunk) <= 3:
            # an unknown name in subject position: rare words, or words too uncommon to be ordinary prose
            # («رستگار گفت»: a family name that is also a word)
            if all(finder.is_rare(tokens[j].text) or not finder.is_very_common(tokens[j].text)
                   for j in first_chunk if j == first_chunk[0] or not finder.is_name_suffix(tokens, j)):
                name_phrase = NounPhrase(first_chunk[0], first_chunk[-1] + 1, "name",
                                         name=" ".join(tokens[j].text for j in first_chunk),
                                         name_keys=finder.name_keys(tokens, first_chunk[0], first_chunk[-1] + 1))
                return self._resolve(name_phrase, tokens, scan.sentence_index)
        if named:
            return None, UNIDENTIFIED  # someone is named here, but not someone we can tell: do not guess
        return None, None

    def _press_conference_holder(self, tokens: list[Token], j: int, end: int, by_start: dict) -> int | None:
        """«نشست خبری (هفتگی) X»، «گفت‌وگوی مطبوعاتی X»: where a meeting noun at tokens[:j] is a press conference
        (a `press` adjective, then known adjectives and `press_after` words), the speaker phrase right after it is
        its holder; its start, or None. Not «نشست خبری با X» (a guest), nor a meeting of another kind («دیدار X»:
        a participant)."""
        press = self.lexicon.grammar.get("press")
        found = press.match(tokens, j) if press and j < end else None
        if not found:
            return None
        k = self._past_adjectives(tokens, found[0], end, by_start, also="press_after")  # «نشست خبری هفتگی»
        phrase = by_start.get(k)
        return k if phrase is not None and phrase.kind in ("role", "name", "organization", "state") else None

    def _past_adjectives(self, tokens: list[Token], k: int, end: int, by_start: dict, also: str | None = None) -> int:
        """The first token from k on that is not a known adjective of the noun before it («خبری»، «تلفنی»), nor a
        word of the grammar class `also`; a speaker phrase stops the run."""
        while k < end and k not in by_start and (self._relational_adjective(tokens[k])
                                                 or (also is not None and self.lexicon.is_grammar(also, tokens[k].key))):
            k += 1
        return k

    def _relational_adjective(self, token: Token) -> bool:
        """«خبری»، «تلفنی»: a known noun with the adjective «ی» (not a given name's «حسینی», not a family name met)."""
        return self.engine.speakers.is_relational_adjective(token) and token.key not in self.registry.family

    def _organization_subject(self, tokens, k, end, sentence_index):
        """«بولتن دانشمندان اتمی آمریکا اعلام کرد»: an organisation head starts the subject, named or not in the
        lexicon; «این بولتن/این سایت خبری/این گزارش» is the organisation or document that spoke last."""
        lexicon = self.lexicon
        heads = lexicon.organization_heads
        if heads is None or k >= end:
            return None
        if lexicon.is_grammar("demonstrative", tokens[k].key) and k + 1 < end:
            if heads.match(tokens, k + 1) or lexicon.is_grammar("document", tokens[k + 1].key):
                entity = self._last_source()
                if entity is None:
                    return None
                last = k + 2
                while last < end and tokens[last].is_word and lexicon.role_words.match(tokens, last, last + 1):
                    last += 1  # «این سایت خبری»
                return entity.id, self._mention_for(entity, tokens, k, last, "organization", sentence_index)
            return None
        head = heads.match(tokens, k)
        if not head or lexicon.organizations.match(tokens, k):
            return None  # listed organisations are found by the phrase finder, with their canonical names
        boundary = lexicon.grammar.get("boundary")
        last = head[0]
        finder = self.engine.speakers
        while (last < end and last - k < ORGANIZATION_MAX_TOKENS and tokens[last].is_word
               and not (boundary and boundary.match(tokens, last)) and tokens[last].key not in finder.grammar_keys
               and not self._names_a_document(tokens[last])):  # «وزارت X گزارش‌ها … را رد کرد»: the object
            country = lexicon.countries.match(tokens, last, end)
            if country:  # «… آمریکا»: a country closes the organisation's name
                last = country[0]
                break
            last += 1
        name = self.display[tokens[k].start : tokens[last - 1].end] if last > head[0] else ""
        if last < end and tokens[last].text == "«":  # «سایت اینترنتی «X»»، «روزنامه کویتی «Y»»: the quoted name
            close = next((j for j in range(last + 1, min(last + 7, end)) if tokens[j].text == "»"), None)
            if close is not None and close > last + 1:
                name, last = self.display[tokens[last + 1].start : tokens[close - 1].end], close + 1
        if not name or (last < len(tokens) and tokens[last].key == "را"):
            return None  # a bare «دولت» is listed; an NP followed by «را» is an object
        entity = self.registry.other(name, head[1], sentence_index)
        entity.add_alias(self.display[tokens[k].start : tokens[last - 1].end])
        media = lexicon.grammar.get("media")
        entity.medium = entity.medium or bool(media and media.match(tokens, k))
        return entity.id, self._mention_for(entity, tokens, k, last, "organization", sentence_index)

    def _issues_a_document(self, tokens: list[Token], after: int) -> bool:
        """A document noun after the subject: «X بیانیه‌ای صادر کرد»، «X قطعنامه‌ای را تصویب کرد» (so «در این بیانیه
        آمده است» later quotes X)."""
        return any(self._names_a_document(token) for token in tokens[after:])

    def _names_a_document(self, token: Token) -> bool:
        """«گزارش»، «گزارش‌ها»، «بیانیه‌های»: a document noun, or its plural (what an organisation issues, never a
        word of its name)."""
        documents = self.lexicon.grammar.get("document")
        if not documents:
            return False
        key = token.key.replace("\u200c", "")
        if key in documents:
            return True
        suffix = "های" if key.endswith("های") else "ها" if key.endswith("ها") else ""
        return bool(suffix) and len(key) > len(suffix) + 2 and key[: -len(suffix)] in documents

    def _source_after_marker(self, tokens: list[Token], j: int, sentence_index: int):
        """After «بر اساس/به گزارش/به نوشته»: «این گزارش/بولتن» (the last source) or an organisation that is not a
        news agency («بولتن دانشمندان …»); (None, None) otherwise, and for agencies («به گزارش خبرگزاری X»)."""
        lexicon = self.lexicon
        if j >= len(tokens):
            return None, None
        if j + 1 < len(tokens) and lexicon.is_grammar("demonstrative", tokens[j].key) and (
                lexicon.is_grammar("document", tokens[j + 1].key)
                or (lexicon.organization_heads and lexicon.organization_heads.match(tokens, j + 1))):
            entity = self._last_source()
            if entity is not None:
                return entity.id, self._mention_for(entity, tokens, j, j + 2, "document", sentence_index)
            return None, None
        media = lexicon.grammar.get("media")
        if media and media.match(tokens, j):
            return None, None
        found = self._organization_subject(tokens, j, len(tokens), sentence_index)
        return found if found is not None else (None, None)

    def _document_source(self, view: SentenceView, verb_first: int):
        """Who speaks in «در … آمده است»: for «در (بخشی از) این گزارش», the organisation or document that spoke last
        (it issued «this» document); for «در بیانیه وزارت خارجه X», the issuer named right after the document noun;
        or «از سوی X» after it («در بیانیه‌ای که از سوی X منتشر شد»); for «در بیانیه پایانی نشست سران بریکس», the
        document, named by the words after its noun."""
        tokens, lexicon = view.tokens, self.lexicon
        for k in range(view.start, verb_first - 1):
            if lexicon.is_grammar("demonstrative", tokens[k].key) and lexicon.is_grammar("document", tokens[k + 1].key):
                entity = self._last_source()
                if entity is not None:
                    return entity.id, self._mention_for(entity, tokens, k, k + 2, "document", view.sentence.index)
                return None, None
        document = next((p for p in view.phrases if p.kind == "document" and view.start <= p.first
                         and p.last < verb_first and p.first not in view.quoted), None)
        if document is None:
            return None, None
        issuer = next((p for p in view.phrases if p.first == document.last and p.last <= verb_first
                       and p.kind in ("organization", "state", "name", "role")), None)
        if issuer is None:  # «در بیانیه‌ای که (روز سه‌شنبه) از سوی X منتشر شد آمده است»
            by = lexicon.grammar.get("by")
            after = next((found[0] for k in range(document.last, verb_first)
                          if by is not None and (found := by.match(tokens, k))), None)
            issuer = next((p for p in view.phrases if p.first == after and p.last <= verb_first
                           and p.kind in ("organization", "state", "name", "role")), None)
        if issuer is not None:
            found = self._resolve(issuer, tokens, view.sentence.index)
            if found[0] is not None:
                return found
        return self._named_document(tokens, document, view.sentence.index) or (None, None)

    def _last_source(self):
        """The organisation, medium or document that was mentioned last."""
        sources = [e for e in self.registry.entities if e.type in ("organization", "document") and e.mentions]
        return max(sources, key=lambda e: e.last_seen) if sources else None

    def _mention_for(self, entity, tokens, first, last, kind, sentence_index) -> Mention:
        surface = self.display[tokens[first].start : tokens[last - 1].end]
        mention = Mention(tokens[first].start, tokens[last - 1].end, surface, entity.id, kind, sentence_index)
        entity.mentions.append(mention)
        entity.last_seen = sentence_index
        return mention

    def _resolve(self, phrase: NounPhrase, tokens, sentence_index: int):
        registry = self.registry
        surface = self.display[tokens[phrase.first].start : tokens[phrase.last - 1].end]
        if phrase.kind == "name":
            entity = registry.named(phrase, sentence_index)
        elif phrase.kind == "role" and not phrase.one_of and (
                self.engine.speakers.is_group(phrase) or (phrase.first > 0 and tokens[phrase.first - 1].key in COUNTED)):
            entity = self._group(phrase, sentence_index)
        elif phrase.kind == "role":
            entity = registry.by_role(phrase, self.last_subject, sentence_index, create=False)
            # «همتای ترک وی»، «مشاور او»: a role relative to someone (the speaker, mostly) is another person
            relative = phrase.last < len(tokens) and tokens[phrase.last].key in POSSESSIVES
            if entity is None and not phrase.demonstrative:
                entity = (None if relative else self._current_speaker_by_role(phrase, tokens)) or registry.by_role(
                    phrase, self.last_subject, sentence_index, create=True)
            if entity is None and phrase.demonstrative:
                country = self.engine.speakers.names_a_country(phrase.role.split()[1:])
                current = registry.entities[self.last_subject] if self.last_subject is not None else None
                current_countries = {k for keys in (current.role_keysets if current else ()) for k in keys
                                     if k in self.engine.country_names}
                # «این دیپلمات روس» after a Russian and then an official of no named country spoke: the Russian
                met = self._last_person_of(country) if country and not current_countries else None
                if (current is not None and current.type == "person" and met is None
                        and (not country or not current_countries or country in current_countries)):
                    entity = current  # «این مقام (مسئول)»، «این نماینده آمریکایی» of the American speaking
                else:  # «این نماینده کویت»: the person of that country met last, else an unnamed official of its own
                    entity = (self._last_person_of(country) if country else None) or registry.by_role(
                        phrase, self.last_subject, sentence_index, create=True)
        elif phrase.kind == "pronoun":
            if self.last_person is not None:
                entity = registry.entities[self.last_person]
            else:  # nobody has spoken yet: the person named last («X … است. او گفت: …»)
                people = [e for e in registry.entities if e.type == "person" and e.name_keys and e.mentions]
                entity = max(people, key=lambda e: e.last_seen) if people else None
        else:
            entity = registry.other(phrase.canonical or phrase.name, phrase.kind, sentence_index)
            entity.add_alias(surface)
            entity.medium = entity.medium or phrase.medium
        if entity is None:
            return None, None
        if phrase.kind == "role" and any(t.key in ANONYMITY for t in tokens[phrase.last : phrase.last + ANONYMITY_REACH]):
            entity.anonymous = True  # «یک مقام ارشد که نخواست نامش فاش شود»: never the person named later
        if phrase.kind == "role" and not entity.name_keys and not entity.mentions and (
                phrase.one_of or phrase.demonstrative
                or (phrase.first > 0 and tokens[phrase.first - 1].key in ("یک", "یکی"))):
            # «یک منبع …»، «یکی از مقامات …»، «این دیپلمات»: someone not introduced to be named (goftar.entities)
            entity.indefinite = True
        mention = Mention(
            start=tokens[phrase.first].start, end=tokens[phrase.last - 1].end, text=surface, entity=entity.id,
            kind=phrase.kind, sentence=sentence_index, title=phrase.title, name=phrase.name, role=phrase.role,
        )
        entity.mentions.append(mention)
        if (phrase.kind == "role" and entity.type == "person" and not entity.name_keys and not phrase.one_of
                and self.engine.speakers.is_group(phrase)):
            entity.type = "group"
        return entity.id, mention

    def _last_person_of(self, country: str):
        """The person met last whose role ties them to `country` (a demonstrative points back to someone met)."""
        holders = [e for e in self.registry.entities
                   if e.type == "person" and any(country in keys for keys in e.role_keysets)]
        return max(holders, key=lambda e: e.last_seen) if holders else None

    def _group(self, phrase: NounPhrase, sentence_index: int):
        """«مقامات آمریکایی»، «برخی از این مقامات»: a group with a compatible role (the latest), else a new group."""
        keys = phrase.role_keys
        known = [e for e in self.registry.entities if e.type == "group"
                 and any(roles_compatible(keys, k) for k in e.role_keysets)]
        if known:
            entity = max(known, key=lambda e: e.last_seen)
            entity.last_seen = sentence_index
            return entity
        if phrase.demonstrative:
            groups = [e for e in self.registry.entities if e.type == "group" and e.mentions]
            if groups:  # «این مقامات»: the group mentioned last
                return max(groups, key=lambda e: e.last_seen)
        return self.registry.new_group(phrase, sentence_index)  # («دو مقام آمریکایی» after «یک مقام آمریکایی»: two)

    def _current_speaker_by_role(self, phrase: NounPhrase, tokens: list[Token]):
        """A role nobody in the article holds, said of the person speaking now («کارشناس روس افزود»، «عضو کمیسیون …
        گفت» after X's statements): news avoids repeating a name. Not when «نیز» marks a new speaker («سخنگوی کاخ
        سفید نیز گفت»), after an indefinite («یک مقام …»), for a group, after a headline (a new item), or when the
        role ties the speaker to another country."""
        if self.last_subject is None or self.new_item:
            return None  # across a headline the description is of the next item's person
        current = self.registry.entities[self.last_subject]
        if current.type != "person" or not current.name_keys or self.engine.speakers.is_group(phrase):
            return None
        if self._also_after(tokens, phrase.last):
            return None
        if phrase.first > 0 and tokens[phrase.first - 1].key in INDEFINITES:
            return None  # «یک مقام ارشد …»: an indefinite introduces someone new
        if roles_conflict([phrase.role_keys], current.role_keysets, self.engine.country_names):
            return None
        shift = self.lexicon.grammar.get("shift")
        if shift is not None and any(shift.match(tokens, k) for k in range(phrase.first)):
            return None  # «در همین حال، سخنگوی …»، «در مقابل، …»: the news turns to someone else
        head = fold(phrase.role.split()[0])
        if not any(fold(role.split()[0]) == head for role in current.roles):
            # «معاون سیاسی وزارت خارجه» after a Russian ambassador spoke: the one named person whose role has that head
            holders = [e for e in self.registry.entities if e.type == "person" and e.name_keys and e is not current
                       and any(fold(role.split()[0]) == head for role in e.roles)]
            if len(holders) == 1 and not roles_conflict([phrase.role_keys], holders[0].role_keysets,
                                                        self.engine.country_names):
                return holders[0]
            if current.roles and self._office_of_another_country(phrase, current):
                return None  # «رئیس‌جمهور آفریقای جنوبی» after an Iranian official with another role: someone else
        return current  # a description, not a role they hold: «کارشناس روس» may describe the next expert too

    def _also_after(self, tokens: list[Token], k: int) -> bool:
        """«نیز/هم» closes the subject that ends at tokens[k] or goes on over words no phrase took («رئیس کمیته روابط
        بین‌الملل مجلس ملی X نیز … تاکید کرد»): it marks a new speaker. Not past a preposition or a comma."""
        boundary = self.lexicon.grammar.get("boundary")
        for j in range(k, min(k + ALSO_REACH, len(tokens))):
            if tokens[j].key in ("نیز", "هم"):
                return True
            if not tokens[j].is_word or (boundary is not None and boundary.match(tokens, j)):
                return False
        return False

    def _office_of_another_country(self, phrase: NounPhrase, current) -> bool:
        """The role is an office («وزیر»، «سخنگوی»، «رئیس‌جمهور») of a country none of the current speaker's roles
        names («رئیس‌جمهور آفریقای جنوبی» after «معاون سیاسی دفتر رئیس‌جمهور»). A role that names no country is
        Iran's, as in the lexicon's unqualified bodies: «رئیس دستگاه دیپلماسی کشورمان» after «وزیر امور خارجه» is a
        new description of the minister."""
        speakers = self.engine.speakers
        if not speakers.is_office(phrase.role):
            return False
        named = speakers.countries_in(phrase.role)
        theirs = set().union(*(speakers.countries_in(role) or {HOME_COUNTRY} for role in current.roles))
        return bool(named) and not named & theirs

    def _register_others(self, tokens, phrases, sentence_index, used: set[int], subject_start: int = 0) -> None:
        """Named people outside subject position (participants, people inside quotes) are mentions too; so are media,
        and an organisation that opens a sentence naming a document it issues (`subject_start`: the sentence's first
        word after any lead-in)."""
        for phrase in phrases:
            start = tokens[phrase.first].start
            if start in used:  # already the statement's speaker (or its coordinated partner)
                continue
            if phrase.kind == "name":
                self._resolve(phrase, tokens, sentence_index)
            elif phrase.kind == "document":
                self._named_document(tokens, phrase, sentence_index)
            elif phrase.kind == "organization" and (phrase.medium or (
                    phrase.first == subject_start and self._issues_a_document(tokens, phrase.last))):
                # «به روزنامه X گفت» … «به نوشته این روزنامه»; «X بیانیه‌ای صادر کرد» … «در این بیانیه آمده است»
                self._resolve(phrase, tokens, sentence_index)
            elif phrase.kind == "role" and not phrase.demonstrative and not self.engine.speakers.is_group(phrase):
                # («نمایندگان عراق» holds words of «نایب‌رئیس مجلس نمایندگان عراق» but is no mention of its holder)
                entity = self.registry.by_role(phrase, self.last_subject, sentence_index, create=False)
                if entity is not None:
                    surface = self.display[start : tokens[phrase.last - 1].end]
                    entity.mentions.append(Mention(start, tokens[phrase.last - 1].end, surface, entity.id, "role",
                                                   sentence_index, role=phrase.role))

    def _named_document(self, tokens, phrase, sentence_index):
        """«سند وفاق ملی اسیران» named anywhere: a document that «این سند» may later speak for (at least two words
        after the noun, none of them a grammar word but a meeting noun («بیانیه پایانی نشست سران …»), a verb or «را»:
        «بیانیه‌ای»، «این گزارش» name no document), or one word before «این نشست» («بیانیه پایانی این نشست»); (entity
        id, mention), or None."""
        finder, lexicon = self.engine.speakers, self.lexicon
        last = phrase.last
        while (last < len(tokens) and last - phrase.last < DOCUMENT_NAME_MAX_TOKENS and tokens[last].is_word
               and (lexicon.is_grammar("meeting", tokens[last].key)  # («نشست» is a stopword too: the verb «sat»)
                    or (tokens[last].key not in finder.grammar_keys and not finder.is_stopword(tokens[last].text)
                        and "#" not in self.engine.verbs.lemma(tokens[last].text)))):
            last += 1
        # «بیانیه پایانی این نشست»: the document of the meeting just told of, named by its noun and adjectives
        of_this_meeting = (last - phrase.last >= 1 and last + 1 < len(tokens)
                           and lexicon.is_grammar("demonstrative", tokens[last].key)
                           and lexicon.is_grammar("meeting", tokens[last + 1].key))
        if (last - phrase.last < 2 and not of_this_meeting) or (
                phrase.first > 0 and lexicon.is_grammar("demonstrative", tokens[phrase.first - 1].key)):
            return None
        entity = self.registry.other(self.display[tokens[phrase.first].start : tokens[last - 1].end], "document",
                                     sentence_index)
        return entity.id, self._mention_for(entity, tokens, phrase.first, last, "document", sentence_index)

    # --- statements ---------------------------------------------------------------------------------------
    # --- the reader's side of the constructions (goftar.constructions.Reader) -------------------------------
    def attribute(self, view: SentenceView, hits: list, kind: str, quote: tuple[int, int] | None) -> Attribution | None:
        """The subject before the first verb speaks (quoted tokens in between are skipped: «…»، X گفت)."""
        sentence, tokens, phrases = view.sentence, view.tokens, view.phrases
        singular = _singular(self.display[tokens[hits[0].first].start : tokens[hits[-1].last - 1].end])
        # «…؛ رویترز نوشته که …»: a semicolon closes a clause, and the verb's subject is in its own clause
        clause_start = max([view.start] + [k + 1 for k in range(view.start, hits[0].first)
                                           if tokens[k].text in SEMICOLONS and k not in view.quoted])
        speaker, mention = self._subject(tokens, phrases, view.quoted, clause_start, hits[0].first, sentence.index,
                                         singular, predicate=hits[0].verb.needs == "را")
        if mention is UNIDENTIFIED:
            return None  # a subject we cannot identify is not the previous speaker
        if speaker is not None and self.registry.entities[speaker].medium:
            speaker, mention = self._relayed_by_outlet(tokens, phrases, mention, hits[0].first, sentence.index) or (
                speaker, mention)
        partner = self._coordinated(tokens, phrases, mention, hits[0].first, sentence.index)
        if speaker is None and mention is None and hits[0].verb.kind != "document":
            if not singular:
                return None  # «… مطرح کردند» with no subject found: some group we cannot name
        if speaker is None and hits[0].verb.kind == "document":
            speaker, mention = self._document_source(view, hits[0].first)
        if speaker is None:
            speaker = self.last_subject
        if speaker is None:
            return None
        found = self._attribution(sentence, tokens, speaker, mention, hits, kind, quote or (0, len(tokens)))
        if partner is not None and partner[0] != speaker:
            found = replace(found, partners=(self._attribution(sentence, tokens, partner[0], partner[1], hits, kind,
                                                               quote or (0, len(tokens))),))
        return found

    def _relayed_by_outlet(self, tokens, phrases, mention, end, sentence_index):
        """«رویترز به نقل از یک دیپلمات اروپایی گزارش داد»: the outlet's subject is followed by the source it relays,
        who speaks (a conduit). None when no speaker phrase follows «به نقل از/از قول»."""
        relay = self.lexicon.grammar.get("relay")
        outlet = next((p.last for p in phrases if tokens[p.first].start == mention.start), None)
        if outlet is None:  # an outlet the lexicon does not list («خبرگزاری X»): its mention ends it
            outlet = next((k + 1 for k, token in enumerate(tokens) if token.end == mention.end), None)
        found = relay.match(tokens, outlet) if relay is not None and outlet is not None else None
        if not found:
            return None
        j = found[0] + (1 if found[0] < end and tokens[found[0]].key in INDEFINITES else 0)
        source = next((p for p in phrases if p.first == j and p.last <= end and p.kind != "document"), None)
        if source is None:  # «به نقل از شرکت تحقیقاتی X»: an organisation the lexicon does not list
            return self._organization_subject(tokens, j, end, sentence_index)
        resolved = self._resolve(source, tokens, sentence_index)
        if resolved[0] is None:
            return None
        entity = self.registry.entities[resolved[0]]
        if j > found[0] and source.kind == "role" and not entity.name_keys:
            entity.anonymous = True  # «به نقل از یک مقام …»: a source the outlet does not name, never one named later
        return resolved

    def second_clause(self, view: SentenceView, after: int, first: Attribution) -> Attribution | None:
        """«X گفت که … و Y نیز اعلام کرد که …»، «X گفت …، اما Y تأکید کرد که …»: after token `after`, a clause
        opened by «و» or a comma whose subject «نیز/هم» marks as another speaker, or by a comma and a contrast
        («اما»، «ولی») with a named subject, with a reporting verb of its own."""
        tokens = view.tokens
        for phrase in view.phrases:
            if (phrase.first <= after or phrase.last >= len(tokens) or phrase.first in view.quoted
                    or phrase.kind in ("pronoun", "document")):
                continue
            if not self._opens_second_clause(tokens, phrase):
                continue
            hit = next((h for h in view.verbs if h.first >= phrase.last), None)
            if hit is None or any(tokens[k].text in COMMAS or tokens[k].key == "که" for k in range(phrase.last, hit.first)):
                continue
            speaker, mention = self._resolve(phrase, tokens, view.sentence.index)
            if speaker is None or speaker == first.speaker:
                continue
            skip = 1 if hit.last < len(tokens) and tokens[hit.last].key == "که" else 0
            return self._attribution(view.sentence, tokens, speaker, mention, [hit], "verb",
                                     (min(hit.last + skip, len(tokens)), len(tokens)))
        return None

    def _opens_second_clause(self, tokens: list[Token], phrase: NounPhrase) -> bool:
        """The phrase is the subject of a clause of its own: after «و» or a comma, «نیز/هم» marks it as another
        speaker («و Y نیز گفت»، «و همتای روس او نیز گفت»), or after a comma a contrast word opens it («، اما Y
        تأکید کرد»، «، اما دولت‌های غربی می‌گویند»)."""
        after = phrase.last + (1 if phrase.last < len(tokens) and tokens[phrase.last].key in POSSESSIVES else 0)
        opener = tokens[phrase.first - 1]
        if after < len(tokens) and tokens[after].key in ("نیز", "هم"):
            return opener.key == "و" or opener.text in COMMAS
        contrast = self._contrast_before(tokens, phrase.first)
        return contrast is not None and contrast > 0 and tokens[contrast - 1].text in COMMAS

    def _contrast_before(self, tokens: list[Token], first: int) -> int | None:
        """Where a contrast («اما»، «ولی»، «در حالی که») that ends right before tokens[first] begins, or None."""
        contrast = self.lexicon.grammar.get("contrast")
        if contrast is None:
            return None
        return next((k for k in range(max(0, first - CONTRAST_MAX_TOKENS), first)
                     if (found := contrast.match(tokens, k)) and found[0] == first), None)

    def second_subject(self, view: SentenceView, at: int) -> bool:
        """tokens[at] («و» or a comma after a reporting verb) opens a clause with a subject of its own (see
        `second_clause`): the verbs after it are not the first speaker's."""
        tokens = view.tokens
        if at >= len(tokens) or (tokens[at].key != "و" and tokens[at].text not in COMMAS):
            return False
        contrast = self.lexicon.grammar.get("contrast")
        found = contrast.match(tokens, at + 1) if contrast is not None and at + 1 < len(tokens) else None
        first = found[0] if found else at + 1
        phrase = next((p for p in view.phrases if p.first == first), None)
        return (phrase is not None and phrase.kind not in ("pronoun", "document") and phrase.last < len(tokens)
                and self._opens_second_clause(tokens, phrase))

    def _coordinated(self, tokens, phrases, mention, end, sentence_index):
        """«ایران و روسیه … اعلام کردند»: a second subject joined by «و» speaks too."""
        if mention is None:
            return None
        first = next((p for p in phrases if tokens[p.first].start == mention.start), None)
        if first is None:
            return None
        # «X، مسئول …، و Y، وزیر …، اعلام کردند»: the «و» may follow the comma that closes the first's apposition
        joint = first.last + (1 if first.last < end and tokens[first.last].text in COMMAS else 0)
        if joint + 1 >= end or tokens[joint].key != "و":
            return None
        second = next((p for p in phrases if p.first == joint + 1 and p.last <= end), None)
        if second is None or second.kind in ("pronoun", "document"):
            return None
        resolved = self._resolve(second, tokens, sentence_index)
        return resolved if resolved[0] is not None else None

    def according_to(self, view: SentenceView) -> Attribution | None:
        """«به گفته X»: the phrase right after the marker speaks."""
        sentence, tokens, phrases, quoted, start = view.sentence, view.tokens, view.phrases, view.quoted, view.start
        marker = self.lexicon.grammar.get("according_to")
        lead_in = self.lexicon.grammar.get("lead_in")
        if marker is None or not any(t.key in self.engine.marker_starts for t in tokens):
            return None  # most sentences hold no «به گفته/بر اساس/به گزارش»: decided without a matcher call
        starts = self.engine.marker_starts
        for k in (k for k, token in enumerate(tokens) if token.key in starts):
            if k in quoted:
                continue
            found = marker.match(tokens, k) if k >= start else None
            # «به گزارش این بولتن، …»، «به نوشته بولتن X، …»: a lead-in naming a source that is no news agency
            sourced = lead_in.match(tokens, k) if lead_in is not None and not found else None
            if not found and not sourced:
                continue
            j = (found or sourced)[0]
            speaker, mention = self._source_after_marker(tokens, j, sentence.index)
            if speaker is None and found:
                phrase = next((p for p in phrases if p.first == j), None) or next(
                    (self.engine.speakers.phrase_starting_at(tokens, j, self.registry.family)
                     for p in phrases if p.first < j < p.last), None)
                if phrase is not None and phrase.kind == "document":
                    continue
                if phrase is not None:
                    speaker, mention = self._resolve(phrase, tokens, sentence.index)
                elif any(self.lexicon.is_grammar("said", t.key) for t in tokens[k:j]):
                    speaker, mention = self._unlisted_after_marker(view, j)
            if speaker is None:
                continue
            hit = _MarkerHit(k, j, " ".join(t.text for t in tokens[k:j]))
            return self._attribution(sentence, tokens, speaker, mention, [hit], "according_to", (0, len(tokens)))
        return None

    def _unlisted_after_marker(self, view: SentenceView, j: int):
        """«به گفته سراج‌الدین نظراف، …»: a name no lexicon lists, alone up to the marker's comma (as a subject is
        guessed: `_unlisted_subject`); (None, None) if the words there do not look like one."""
        tokens = view.tokens
        comma = next((k for k in range(j + 1, min(j + 5, len(tokens))) if tokens[k].text in COMMAS), None)
        if comma is None:
            return None, None
        speaker, mention = self._subject(tokens, view.phrases, view.quoted, j, comma, view.sentence.index)
        return (speaker, mention) if speaker is not None and mention is not UNIDENTIFIED else (None, None)

    def headline(self, view: SentenceView) -> Attribution | None:
        """«X: …» or «X در گفت‌وگو با Y: …» in a title-like line: X speaks."""
        sentence, tokens, phrases, start, colon = view.sentence, view.tokens, view.phrases, view.start, view.colon
        if colon - start > HEADLINE_MAX_TOKENS or colon == start or colon + 1 >= len(tokens):
            return None
        ending = self.display[sentence.start : sentence.end].rstrip()
        if not ((sentence.index == 0 and self.has_title) or not ending.endswith((".", "؟", "!"))):
            return None
        label = self.lexicon.grammar.get("label")
        if label is not None and (found := label.match(tokens, start)) and found[0] == colon:
            return None  # «سرویس: سیاست خارجی»: a field of the news site
        phrase = next((p for p in phrases if p.first == start and p.last <= colon), None)
        if phrase is None:
            finder = self.engine.speakers
            end = start
            while end < colon and finder.name_like(tokens, end):
                end += 1
            if end == start or any(finder.is_very_common(t.text) for t in tokens[start:end]):
                return None  # «نکات مهم: …» is a label, not a speaker
            phrase = NounPhrase(start, end, "name", name=" ".join(t.text for t in tokens[start:end]),
                                name_keys=finder.name_keys(tokens, start, end))
        if phrase.last < colon and not self._starts_adverbial(tokens, phrase.last):
            return None  # «X Y Z:» where the rest is not an adverbial: not a speaker label
        speaker, mention = self._resolve(phrase, tokens, sentence.index)
        if speaker is None:
            return None
        hit = _MarkerHit(colon, colon + 1, ":")
        return self._attribution(sentence, tokens, speaker, mention, [hit], "headline", (colon + 1, len(tokens)))

    def answer(self, view: SentenceView) -> Attribution | None:
        """An interview's answer: the line before is a labelled question («س: …؟»، «ایسنا: …؟») in its own paragraph;
        «ج:» is the person who spoke last, a name label a person met already."""
        sentence, tokens, start, colon = view.sentence, view.tokens, view.start, view.colon
        if sentence.index == 0:
            return None
        question = self.sentences[sentence.index - 1]
        asked = question.text.rstrip()
        label, _, _ = asked.partition(":")
        if (question.paragraph == sentence.paragraph or not asked.endswith(("؟", "?")) or ":" not in asked
                or len(label.split()) > ANSWER_LABEL_MAX_TOKENS):
            return None
        answers = self.lexicon.grammar.get("answer")
        if colon == start + 1 and answers is not None and answers.match(tokens, start):
            if self.last_person is None:
                return None
            speaker, mention = self.last_person, None
        else:
            phrase = next((p for p in view.phrases if p.first == start and p.last == colon and p.kind == "name"), None)
            if phrase is None or phrase.name_keys[-1] not in self.registry.family:
                return None  # only someone the article introduced
            speaker, mention = self._resolve(phrase, tokens, sentence.index)
        hit = _MarkerHit(colon, colon + 1, ":")
        return self._attribution(sentence, tokens, speaker, mention, [hit], "answer", (colon + 1, len(tokens)))

    def relayed(self, view: SentenceView, outer: Attribution) -> Attribution | None:
        """What an outlet relays: «سایت X نوشت: «Y» وزیر … گفت که …» → Y, when the quote has a reporting verb of its own
        with an overt subject. None when the outlet speaks for itself."""
        if not self.registry.entities[outer.speaker].medium:
            return None
        tokens = view.tokens
        after = max([outer.quote_start] + [v.end for v in outer.verbs])  # the source is named after the outlet's verb
        first = next((k for k, t in enumerate(tokens) if t.start >= after), len(tokens))
        nested = [h for h in self.engine.verbs.find(tokens, set(view.quoted))
                  if h.first > first and h.third_person and self._conditions_met(h, tokens, set(view.quoted), view.sentence.text)]
        if not nested:
            return None
        speaker, mention = self._subject(tokens, view.phrases, view.quoted, first, nested[0].first,
                                         view.sentence.index, True)
        if speaker is None or mention is None or mention is UNIDENTIFIED:
            return None
        if mention.start > tokens[min(first + RELAY_REACH, len(tokens) - 1)].start:
            return None  # the outlet's own sentence about someone («… وزیر به این امر اشاره نکرد که …»)
        follower = tokens[nested[0].last].key if nested[0].last < len(tokens) else ""
        quote = (nested[0].last + (1 if follower == "که" else 0), len(tokens))
        return self._attribution(view.sentence, tokens, speaker, mention, nested[:1], "conduit", quote)

    def continuation(self, view: SentenceView) -> Attribution:
        """The previous speaker goes on quoting in this sentence."""
        return self._attribution(view.sentence, view.tokens, view.previous.speaker, None, [], "continuation",
                                 (0, len(view.tokens)))

    def _starts_adverbial(self, tokens, position: int) -> bool:
        boundary = self.lexicon.grammar.get("boundary")
        key = tokens[position].key
        return bool(boundary and boundary.match(tokens, position)) or self.lexicon.is_grammar("time", key)

    def _attribution(self, sentence, tokens, speaker, mention, hits, kind, quote) -> Attribution:
        quote_first, quote_last = quote
        # a colon that ends the paragraph hands the quote on to the next paragraph; a list item to the next item
        dangling = "colon" if quote_first >= len(tokens) else (
            "list" if kind == "continuation" and tokens[0].text in LIST_MARKERS else "")
        quote_first = min(quote_first, len(tokens) - 1)
        quote_last = max(quote_last, quote_first + 1)
        verbs = tuple(
            Verb(tokens[h.first].start, tokens[h.last - 1].end, self.display[tokens[h.first].start : tokens[h.last - 1].end],
                 h.lemma, h.verb.kind if isinstance(h, VerbHit) else h.kind)
            for h in hits
        )
        quote_text = self.display[tokens[quote_first].start : tokens[quote_last - 1].end]
        return Attribution(
            sentence=sentence, speaker=speaker, mention=mention, verbs=verbs, kind=kind,
            quote_start=tokens[quote_first].start, quote_end=tokens[quote_last - 1].end,
            open_quote=quote_text.count("«") > quote_text.count("»"), dangling=dangling,
        )

    def resolve_entities(self) -> None:
        """Article-level coreference (goftar.entities): statements move to the entity that now stands for theirs."""
        speaking: dict[int, list[int]] = {}
        for found in self._attributions:
            speaking.setdefault(found.speaker, []).append(found.sentence.index)
        paragraph_of = [s.paragraph for s in self.sentences]
        merged = resolve_entities(self.registry.entities, speaking, paragraph_of, LEAD_PARAGRAPHS,
                                  self.engine.country_names)
        kept: dict[tuple[int, int], Attribution] = {}
        for found in self._attributions:
            target = merged[found.speaker]
            if target != found.speaker:
                mention = replace(found.mention, entity=target) if found.mention is not None else None
                found = replace(found, speaker=target, mention=mention)
            # one statement per (sentence, speaker), now that two speakers may have become one
            kept.setdefault((found.sentence.index, found.speaker), found)
        self._attributions = list(kept.values())

    def statements(self, topic_mentions: tuple[TopicMention, ...]) -> tuple[Statement, ...]:
        """Frozen statements, each with the topics that occur in its sentence."""
        by_sentence: dict[int, list[str]] = {}
        for topic in topic_mentions:
            ids = by_sentence.setdefault(topic.sentence, [])
            if topic.topic not in ids:
                ids.append(topic.topic)
        result = []
        for found in self._attributions:
            if found.kind == "headline" and not self.engine.headline_statements:
                continue
            sentence = found.sentence
            entity = self.registry.entities[found.speaker]
            topics = by_sentence.get(sentence.index, [])
            if found.kind == "answer":  # «این نشست» in an answer is the issue the question named
                topics = topics + [t for t in by_sentence.get(sentence.index - 1, ()) if t not in topics]
            result.append(
                Statement(
                    index=len(result), speaker_id=entity.id, speaker=entity.name, speaker_type=entity.type,
                    mention=found.mention, verbs=found.verbs, topics=tuple(topics),
                    sentence=sentence.index, start=sentence.start, end=sentence.end, text=sentence.text,
                    quote_start=found.quote_start, quote_end=found.quote_end, kind=found.kind,
                )
            )
        return tuple(result)

    def entities(self) -> tuple[Entity, ...]:
        """Frozen entities that have at least one mention or statement."""
        speaking = {a.speaker for a in self._attributions}
        frozen = []
        for draft in self.registry.entities:
            if not draft.mentions and draft.id not in speaking:
                continue
            mentions = tuple(sorted({(m.start, m.end): m for m in draft.mentions}.values(), key=lambda m: m.start))
            frozen.append(Entity(draft.id, draft.name, draft.type, tuple(draft.aliases), tuple(draft.roles), mentions))
        return tuple(frozen)


def _in_address(tokens: list[Token], k: int) -> bool:
    """tokens[k] is the dot of a site's address («Entekhab.ir»): Latin letters on both sides."""
    return 0 < k < len(tokens) - 1 and tokens[k - 1].text.isascii() and tokens[k + 1].text.isascii()


class _MarkerHit:
    """A non-verb attribution marker («به گفته»، a headline colon) shaped like a VerbHit."""

    def __init__(self, first: int, last: int, text: str) -> None:
        self.first, self.last, self.lemma, self.kind = first, last, text, "according_to"


def _singular(verb_surface: str) -> bool:
    """Third person singular unless the finite verb ends in the plural «ند»."""
    return not verb_surface.split()[-1].replace("\u200c", "").endswith("ند")


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    """The process-wide engine over the shipped lexicons."""
    return Engine()


def analyze(text: str, *, title: str | None = None, source: str | None = None, date: str | None = None) -> Article:
    """Analyse a Persian news text: speakers, statements, issues, sources, all with offsets into `Article.text`."""
    return default_engine().analyze(text, title=title, source=source, date=date)
