"""Reporting-verb recognition on offset tokens, with hazm's Lemmatizer for tense, person and negation."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from goftar.lexicon import Lexicon, PhraseMatcher, ReportingVerb
from goftar.text import ZWNJ, Token, fold

AUXILIARIES = frozenset({"است", "اند", "بود", "بودند", "بوده", "باشد", "ام", "ایم", "اید", "ای"})
FUTURE = frozenset({"خواهد", "خواهند", "نخواهد", "نخواهند"})
THIRD_PERSON_PAST = ("", "ند", "ه")
THIRD_PERSON_PRESENT = ("د", "ند", "ید", "یند")
VOWEL_LETTERS = ("ا", "و", "آ")  # a present stem ending in a vowel takes «ید» in the third person (گوید، افزاید)
SPLIT_REACH = 24  # «خواستار پایان فوری جنگ … علیه جمهوری اسلامی ایران شد»: the complement can be long
SPLIT_LIGHT_LEMMAS = frozenset({"شد#شو"})
PASSIVE_LEMMA = "شد#شو"
SPLIT_NOMINALS = frozenset({"خواستار", "مدعی", "یاداور", "متذکر", "معتقد", "مخالف", "موافق"})
NOUN_MARKERS = frozenset({"به", "این", "آن", "از", "طبق", "بنابر", "همین", "ان"})  # before a participle used as a noun
NON_THIRD_AUX = frozenset({"ام", "ایم", "اید", "ای",  # «گفته‌ام»
                           "بودم", "بودی", "بودیم", "بودید", "باشم", "باشی", "باشیم", "باشید",  # «گفته بودم»
                           "خواهم", "خواهی", "خواهیم", "خواهید"})  # «خواهم گفت» (first word)


class _KeyMemo(dict):
    """A predicate's value per token key, remembered: a key met before costs one look-up, not a call."""

    def __init__(self, predicate, limit: int = 100_000) -> None:
        super().__init__()
        self._predicate, self._limit = predicate, limit

    def __missing__(self, key: str) -> bool:
        if len(self) >= self._limit:  # bound the memo on very large corpora
            self.clear()
        value = self[key] = self._predicate(key)
        return value


@dataclass(frozen=True)
class VerbHit:
    """A reporting construction over tokens [first, last) of a sentence."""

    first: int
    last: int
    lemma: str
    verb: ReportingVerb
    third_person: bool


class VerbFinder:
    """Finds reporting constructions; one per process (the conjugation tables are built once).

    Finite forms come from hazm's `Conjugation` of every verb in the lexicon (all tenses, persons and negation,
    without passives, infinitives and subjunctives), matched over token keys so «گفته است»، «گفته‌است» and
    «گفته‌اند» are all found. hazm's `Lemmatizer` alone is not enough: it reads «داد» and «داشت» as nouns.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        from hazm import Lemmatizer

        self._lexicon = lexicon
        self._lemmatizer = Lemmatizer()
        lemmas = set(lexicon.simple_verbs) | {light for _, light in lexicon.light_verbs}
        lemmas |= {v.lemma for v in lexicon.frame_verbs.values()}
        self._light_lemmas = {light for _, light in lexicon.light_verbs} | {v.lemma for v in lexicon.frame_verbs.values()}
        self._forms = PhraseMatcher()
        self._participles: dict[str, str] = {}  # folded bare participle → lemma
        for lemma in sorted(lemmas):
            for form in finite_forms(lemma):
                self._forms.add(form, (lemma, form))
            past = lemma.partition("#")[0]
            if past:
                self._participles[fold(past + "ه")] = lemma
        self._glue_nominals = frozenset(nominal for nominal, _ in lexicon.light_verbs)
        # every key a nominal can begin with: a light verb's nominal is looked for only from a token with one
        self._nominal_heads = frozenset(nominal[:cut] for nominal in self._glue_nominals
                                        for cut in range(len(nominal) + 1))
        self.lemma = lru_cache(maxsize=100_000)(self._lemma)
        self._glued_by_key = lru_cache(maxsize=100_000)(self._glued_key)
        self._starters = self._forms.starts() | lexicon.fixed_phrases.starts() | set(self._participles)
        self._may_start = _KeyMemo(self._starts_a_verb)

    def _starts_a_verb(self, key: str) -> bool:
        """A verb, a nominal written together with its light verb, or a joined passive may start at a word with this
        key."""
        return key in self._starters or bool(self._glued_by_key(key)) or key.endswith("شده")

    def _lemma(self, surface: str) -> str:
        return self._lemmatizer.lemmatize(surface)

    def _verb_at(self, tokens: list[Token], i: int) -> tuple[int, str, str] | None:
        """(end index, lemma, conjugated form) of a finite reporting or light verb starting at token i."""
        found = self._forms.match(tokens, i)
        if found is None:
            return None
        end, (lemma, form) = found
        return end, lemma, form

    def find(self, tokens: list[Token], blocked: set[int] | None = None) -> list[VerbHit]:
        """Reporting constructions in a sentence's tokens; tokens in `blocked` (inside quotes) are skipped."""
        blocked = blocked or set()
        lexicon = self._lexicon
        starters, glued_by_key, may_start = self._starters, self._glued_by_key, self._may_start
        # Most tokens start no verb: one comprehension finds the few that may, the loop below only visits those.
        candidates = [k for k, t in enumerate(tokens) if t.is_word and may_start[t.key]]
        hits: list[VerbHit] = []
        i = 0  # the first token not yet consumed by a verb
        for i_candidate in candidates:
            if i_candidate < i or i_candidate in blocked:
                continue
            i = i_candidate
            if tokens[i].key not in starters:
                glued = glued_by_key(tokens[i].key)
                if glued is None:
                    passive = self._glued_passive(tokens, i)
                    if passive is not None:
                        hits.append(passive)
                        i = passive.last
                    else:
                        i += 1
                    continue
                hits.append(VerbHit(i, i + 1, glued.lemma, glued, True))
                i += 1
                continue
            fixed = lexicon.fixed_phrases.match(tokens, i)
            if fixed:
                hits.append(VerbHit(i, fixed[0], fixed[1].lemma, fixed[1], True))
                i = fixed[0]
                continue
            found = self._verb_at(tokens, i) or self._perfect_without_auxiliary(tokens, i)
            if found is None:
                glued = self._glued(tokens[i])
                if glued:
                    hits.append(VerbHit(i, i + 1, glued.lemma, glued, True))
                i += 1
                continue
            end, lemma, surface = found
            if self._not_speech(tokens, i, end):
                i = end
                continue
            third = _third_person(surface, lemma)
            if lemma in lexicon.simple_verbs:
                hits.append(VerbHit(i, end, lemma, lexicon.simple_verbs[lemma], third))
            elif lemma in self._light_lemmas:
                hit = self._light(tokens, i, end, lemma, third, blocked, hits[-1].last if hits else 0)
                if hit:
                    hits.append(hit)
            i = end
        return hits

    def _not_speech(self, tokens: list[Token], i: int, end: int) -> bool:
        """«تسلیت گفت» is a courtesy; «گفت و گو» (written apart) is the noun "talks"; «درباره X سخن گفت» names only
        a topic (not «از لزوم X سخن گفت»), unless a colon, a quote or «که» follows."""
        lexicon = self._lexicon
        if i > 0 and lexicon.is_grammar("greeting", tokens[i - 1].key):
            return True
        if i > 0 and lexicon.is_grammar("talk", tokens[i - 1].key) and not (
                end < len(tokens) and (tokens[end].text in (":", "：", "«") or tokens[end].key == "که")):
            about = lexicon.grammar.get("about")
            governing = None  # the clause's first preposition governs: «از لزوم تحقیق در مورد X سخن گفت» reports
            for k in range(i - 2, -1, -1):
                if tokens[k].text in "،,؛;.":
                    break
                if tokens[k].key == "از":
                    governing = "از"
                elif about is not None and about.match(tokens, k):
                    governing = "about"
            if governing == "about":
                return True
        return (end + 1 < len(tokens) and tokens[end].key == "و"
                and tokens[end + 1].key.startswith(("گو", "شنود")) and tokens[i].key == "گفت")

    def _perfect_without_auxiliary(self, tokens: list[Token], i: int) -> tuple[int, str, str] | None:
        """«آن‌طور که X گفته، …»، «رویترز نوشته، …»: news drops «است» after a participle that closes a clause.

        Only before a comma, a colon, «و», «که» or the sentence end, and never after a preposition or a demonstrative: «به گفته X»
        and «این گفته» are nouns."""
        lemma = self._participles.get(tokens[i].key)
        if lemma is None:
            return None
        follower = tokens[i + 1] if i + 1 < len(tokens) else None
        if follower is not None and follower.text not in "،,.؛:" and follower.key not in ("و", "که"):
            return None
        if i > 0 and tokens[i - 1].key in NOUN_MARKERS:
            return None
        return i + 1, lemma, tokens[i].text

    def _light(self, tokens, i, end, lemma, third, blocked, floor=0) -> VerbHit | None:
        """A light-verb construction ending at tokens[i:end]; its nominal starts at `floor` or later (the tokens
        before belong to the previous hit: «یادآور شد که نشست لغو شد» has one «یادآور شد»)."""
        lexicon = self._lexicon
        # «مورد X قرار داد»
        if i >= 3 and tokens[i - 1].key == "قرار":
            for k in range(i - 2, max(i - 5, -1), -1):
                if tokens[k].key == "مورد" and k not in blocked:
                    nominal = "".join(t.key for t in tokens[k + 1 : i - 1])
                    verb = lexicon.frame_verbs.get(nominal)
                    if verb and verb.lemma == lemma:
                        return VerbHit(k, end, lemma, verb, third)
                    return None
        for width in (3, 2, 1):
            first = i - width
            if first < 0 or tokens[first].key not in self._nominal_heads or any(
                    t in blocked or not tokens[t].is_word for t in range(first, i)):
                continue
            nominal = "".join(t.key for t in tokens[first:i])
            verb = lexicon.light_verbs.get((nominal, lemma))
            if verb:
                return VerbHit(first, end, lemma, verb, third)
        if lemma == "کرد#کن":
            # «تهدید به حمله نظامی کرد»، «متهم به … کرد»: the nominal's «به» complement sits before the light verb
            for first in range(i - 3, max(i - 8, floor - 1), -1):
                if first in blocked or not tokens[first].is_word:
                    break
                verb = lexicon.light_verbs.get((tokens[first].key, lemma))
                if verb and tokens[first + 1].key == "به":
                    return VerbHit(first, end, lemma, verb, third)
        if lemma == PASSIVE_LEMMA and i >= 1 and tokens[i - 1].is_word and i - 1 not in blocked:
            # «در این بیانیه تاکید شده است»: the passive of a speech verb speaks for a document named before it (the
            # engine keeps it only in a document frame, like «آمده است»); agentless elsewhere («اعلام شد»)
            passive = self._passive_of(tokens[i - 1].key)
            if passive is not None:
                return VerbHit(i - 1, end, lemma, passive, third)
        if lemma in SPLIT_LIGHT_LEMMAS:
            # «خواستار لغو تحریم‌ها شدند»: predicative adjectives take their complement before the light verb
            for first in range(i - 2, max(i - SPLIT_REACH, floor - 1), -1):
                if first in blocked or not tokens[first].is_word:
                    break
                verb = lexicon.light_verbs.get((tokens[first].key, lemma))
                if verb and tokens[first].key in SPLIT_NOMINALS:
                    return VerbHit(first, end, lemma, verb, third)
        return None

    def _glued_passive(self, tokens: list[Token], i: int) -> VerbHit | None:
        """«در این بیانیه تصریح‌شده است»: hazm's normaliser joins some passives into one word; before «است»/«بود»
        the passive of a speech verb, as `_light` reads it written apart (not «مواضع تصریح‌شده در …», an adjective)."""
        key = tokens[i].key
        if i + 1 >= len(tokens) or tokens[i + 1].key not in ("است", "بود", "اند", "بودند"):
            return None
        passive = self._passive_of(key[: -len("شده")])
        return VerbHit(i, i + 2, PASSIVE_LEMMA, passive, True) if passive is not None else None

    def _passive_of(self, nominal: str) -> ReportingVerb | None:
        """The passive of a speech verb «NOMINAL کرد» («تاکید شد»): it speaks for a document, or None."""
        active = self._lexicon.light_verbs.get((nominal, "کرد#کن"))
        return replace(active, kind="document", needs="-") if active is not None and active.kind == "speech" else None

    def _glued(self, token: Token) -> ReportingVerb | None:
        """«خبرداد»: a nominal written together with its light verb."""
        return self._glued_by_key(token.key)

    def _glued_key(self, key: str) -> ReportingVerb | None:
        for cut in range(2, len(key) - 1):
            if key[:cut] in self._glue_nominals:
                form = self._forms.get(key[cut:])
                verb = self._lexicon.light_verbs.get((key[:cut], form[0])) if form else None
                if verb:
                    return verb
        return None


@lru_cache(maxsize=10_000)  # asked for every verb found; the forms are few and recur
def _third_person(surface: str, lemma: str) -> bool:
    """True when a finite form is third person (the only person a reporter attributes with)."""
    if "#" not in lemma:
        return True
    past, _, present = lemma.partition("#")
    words = surface.replace(ZWNJ, " ").split()
    if len(words) > 1 and words[0] in ("می", "نمی"):  # «می‌خوانید»: the prefix belongs to the verb's word
        words = [words[0] + words[1], *words[2:]]
    if len(words) > 1 and (words[-1] in NON_THIRD_AUX or words[0] in NON_THIRD_AUX):
        return False
    if len(words) > 1 and words[0] in FUTURE:
        return True
    word = words[0] if len(words) > 1 else "".join(words)
    for prefix in ("نمی", "می", "ن"):
        if word.startswith(prefix) and (word[len(prefix) :].startswith(past) or word[len(prefix) :].startswith(present)):
            word = word[len(prefix) :]
            break
    if past and word.startswith(past):
        return word[len(past) :] in THIRD_PERSON_PAST
    if present and word.startswith(present):
        ending = word[len(present) :]
        if ending in ("ید", "یند") and not present.endswith(VOWEL_LETTERS):
            return False  # «می‌خوانید» is second person plural; «می‌گوید»، «می‌افزاید» are third person
        return ending in THIRD_PERSON_PRESENT
    return True


def negated(surface: str, lemma: str) -> bool:
    """True when the finite verb of a reporting construction is negated («نگفت»، «اعلام نکرده است»، «نمی‌داند»)."""
    past, _, present = lemma.partition("#")
    words = surface.replace(ZWNJ, " ").split()
    verb_words = [w for w in words if w.startswith(("ن", "می"))] if "#" in lemma else []
    for word in verb_words:
        bare = word[1:] if word.startswith("ن") else ""
        if bare and (bare.startswith(("می", past)) or (present and bare.startswith(present))) and not (
                past.startswith("ن") or present.startswith("ن")):
            return True
    return False


PASSIVE_AUXILIARY_KEYS = ("شد", "نشد", "میشد", "نمیشد", "شو", "میشو", "نمیشو", "خواهدشد", "شده", "نشده")


def finite_forms(lemma: str) -> list[str]:
    """Active finite forms of a «past#present» lemma from hazm's Conjugation: no infinitive, passive or subjunctive."""
    from hazm import Conjugation

    past, _, present = lemma.partition("#")
    forms = []
    for form in Conjugation().get_all(lemma):
        words = form.replace(ZWNJ, " ").split()
        if form == past + "ن":
            continue
        if len(words) > 1 and any(fold(w).startswith(PASSIVE_AUXILIARY_KEYS) for w in words[1:]) and not lemma.startswith("شد"):
            continue
        if form.startswith("ب") and not (past.startswith("ب") or present.startswith("ب")):
            continue
        head = words[0][1:] if words[0].startswith("ن") and not past.startswith("ن") else words[0]
        if len(words) == 1 and head == past + "ه":
            continue  # a bare participle («به گفته X») is not a finite verb
        if not head.startswith(past) and head.startswith(present) and lemma != "داشت#دار":
            continue  # present without «می‌» is subjunctive in modern news prose («… تهدید کند»)
        forms.append(form)
    if present.endswith(VOWEL_LETTERS):  # hazm writes «می‌گوند»، «می‌افزاند»: the third person plural takes «ی»
        forms += [form[: -len(present) - 2] + present + "یند" for form in forms if form.endswith(present + "ند")]
    return forms
