"""Speaker noun phrases (title + name + role, roles, organisations, states, pronouns) and their coreference.

A person is found from lexicon evidence around a name, not only from the gazetteer: a title before unknown words
(«ارتشبد X Y»), a known given name («محمدرضا X»), a role followed by an unknown, rare word («سخنگوی … X گفت»),
or a family name already introduced in the article. hazm's word-frequency list is supporting evidence only:
a very common word is never taken as a name after a role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from goftar.lexicon import Lexicon
from goftar.text import Token, fold, tokenize

MAX_NAME_TOKENS = 4
MAX_APPOSITIVE_TOKENS = 10
MAX_TITLE_CHAIN = 4
PARTITIVES = frozenset({"برخی", "بعضی", "شماری", "تعدادی", "تعداد", "بسیاری", "عده‌ای", "عدهای", "گروهی"})
RARE_WORD_FREQUENCY = 2_000
VERY_COMMON_FREQUENCY = 1_000_000  # «مهم»، «متن»، «خلاصه»: never a name; names sit near 10⁵ («فرهمند»، «رستگار»)
# Qualifiers that do not tell two roles apart («وزیر امور خارجه» = «وزیر خارجه»).
HOME_COUNTRY = "ایران"
PLACES = ("تهران", "مسکو", "واشنگتن", "پکن", "آنکارا", "دمشق", "بغداد", "بیروت", "ریاض", "دوحه", "باکو", "ایروان",
          "تفلیس", "کی‌یف", "کیف", "وین", "ژنو", "نیویورک", "لندن", "پاریس", "برلین", "بروکسل", "اسلام‌آباد", "کابل",
          "دهلی", "توکیو")
GENERIC_ROLE_KEYS = frozenset({"امور", "جمهوری", "اسلامی", "فدراسیون", "کشور", "وقت", "فعلی"})


@dataclass
class NounPhrase:
    """A candidate speaker over tokens [first, last) of a sentence."""

    first: int
    last: int
    kind: str  # name | role | pronoun | organization | state | document
    title: str = ""
    name: str = ""
    name_keys: tuple[str, ...] = ()
    role: str = ""
    role_keys: frozenset[str] = frozenset()
    canonical: str = ""  # from a gazetteer (people or organisations)
    demonstrative: bool = False  # «این مقام»: refers back like a pronoun
    one_of: bool = False  # «یکی از مقامات …»: one unnamed member of a group, a person
    medium: bool = False  # «روزنامه «X»»: a news outlet


@dataclass
class EntityDraft:
    """An entity while the article is being read."""

    id: int
    name: str
    type: str
    name_keys: tuple[str, ...] = ()
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    role_keysets: list[frozenset[str]] = field(default_factory=list)
    mentions: list = field(default_factory=list)
    last_seen: int = -1
    from_gazetteer: bool = False  # a gazetteer name is canonical; a fuller surface does not replace it
    medium: bool = False  # a news outlet: it relays others more often than it speaks
    anonymous: bool = False  # introduced with an indefinite («یک مقام ارشد»): an unnamed source
    indefinite: bool = False  # first met as «یک/یکی از …» or «این …»: not someone introduced to be named later
    on_role: object = field(default=None, repr=False, compare=False)  # the registry's role index, told of new roles

    def add_alias(self, surface: str) -> None:
        """Record a surface form once."""
        if surface and surface != self.name and surface not in self.aliases:
            self.aliases.append(surface)

    def add_role(self, role: str, keys: frozenset[str]) -> None:
        """Record a role once."""
        if role and role not in self.roles:
            self.roles.append(role)
            self.role_keysets.append(keys)
            if self.on_role is not None:
                self.on_role(self, keys)


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


@lru_cache(maxsize=1)
def _hazm_word_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """hazm's stopwords, its known words and its very common words (loading the list takes a moment: once)."""
    from hazm import stopwords_list, words_list

    frequencies = {word: frequency for word, frequency, _ in words_list()}
    return (
        frozenset(stopwords_list()),
        frozenset(w for w, f in frequencies.items() if f >= RARE_WORD_FREQUENCY),
        frozenset(w for w, f in frequencies.items() if f >= VERY_COMMON_FREQUENCY),
    )


class SpeakerFinder:
    """Finds speaker noun phrases in a sentence's tokens."""

    def __init__(self, lexicon: Lexicon, lemma) -> None:
        self.lexicon = lexicon
        self._lemma = lemma
        self._stopwords, self._known, self._very_common = _hazm_word_sets()
        self._group_heads = {fold(h) for h in lexicon.group_heads}
        self._office_heads = {fold(h) for h in lexicon.office_heads}
        self._countries_in_cache: dict[str, frozenset[str]] = {}
        self._places = {fold(p) for p in PLACES}
        # «اضافه»، «اظهار»، «تاکید»: the nominal half of a reporting phrase is never part of a name
        self._nominals = {nominal for nominal, _ in lexicon.light_verbs if nominal} | {"مورد", "قرار"}
        # «افزوده (است)»، «خوانده»: a reporting verb's participle, which hazm does not lemmatise, is no name word
        # («آقای رضایی افزوده است» had the name «رضایی افزوده»)
        self._nominals |= {fold(lemma.partition("#")[0] + "ه") for lemma in lexicon.simple_verbs}
        self._grammar_keys = lexicon.grammar_keys
        self._name_like_cache: dict[str, bool] = {}
        self._country_adjective_cache: dict[str, bool] = {}  # (decided by the word alone, like `name_like`)
        self._starters = set().union(
            *(m.starts() for m in (lexicon.people, lexicon.titles, lexicon.role_heads, lexicon.given_names,
                                   lexicon.organizations, lexicon.countries)),
            *(m.starts() for c, m in lexicon.grammar.items() if c in ("pronoun", "demonstrative", "document")),
            {"یکی"} | PARTITIVES,  # «یکی از مقامات …»، «برخی از مقامات …»
        )
        self._role_starters = lexicon.role_heads.starts()
        self._notable = self._starters | {"«"}  # (role heads are among the starters)
        # keys that start one kind of phrase and nothing else `_phrase_at` looks for
        grammar_starts = {c: m.starts() for c, m in lexicon.grammar.items()}
        people_starts = set().union(*(m.starts() for m in (lexicon.people, lexicon.titles, lexicon.role_heads,
                                                             lexicon.given_names)), {"یکی"}, PARTITIVES)
        bodies_and_states = lexicon.countries.starts() | lexicon.organizations.starts()
        pronouns, demonstratives = grammar_starts.get("pronoun", set()), grammar_starts.get("demonstrative", set())
        others = people_starts | grammar_starts.get("document", set())
        self._bodies_and_states_only = bodies_and_states - others - pronouns - demonstratives
        self._pronouns_only = pronouns - others - bodies_and_states - demonstratives
        self._demonstratives_only = demonstratives - others - bodies_and_states - pronouns
        self.given_name_keys = frozenset(lexicon.given_names.keys())
        self._document_keys = frozenset(lexicon.grammar["document"].keys()) if "document" in lexicon.grammar else frozenset()
        self._name_suffixes = frozenset(lexicon.grammar["name_suffix"].keys()) if "name_suffix" in lexicon.grammar else frozenset()
        self._place_units = frozenset(lexicon.grammar["place_unit"].keys()) if "place_unit" in lexicon.grammar else frozenset()
        # What can follow inside a role: a country, body, role word or head, an organisation head, «و» or «در»
        self._role_goes_on = set().union(
            *(m.starts() for m in (lexicon.countries, lexicon.organizations, lexicon.role_words, lexicon.role_heads)
              if m is not None),
            lexicon.organization_heads.starts() if lexicon.organization_heads is not None else (), ("و", "در"))

    @property
    def grammar_keys(self) -> frozenset[str]:
        """Keys of the grammar words (boundaries, time words, pronouns …) that end a noun phrase."""
        return self._grammar_keys

    def is_stopword(self, text: str) -> bool:
        """True for hazm's stopwords («خود»، «همه»): no part of a name."""
        return text in self._stopwords

    def is_very_common(self, text: str) -> bool:
        """True for the most frequent ordinary words, which a headline label uses and a name never is."""
        return text in self._very_common

    def is_rare(self, text: str) -> bool:
        """True for words hazm's list does not know or has seldom seen: the likeliest to be names.

        Plurals are judged by their stem: hazm lists «کشور» but not «کشورهای» or «سخنان», which are no names."""
        if text in self._known:
            return False
        bare = text.replace("\u200c", "")
        for suffix in ("هایی", "های", "ها"):
            if bare.endswith(suffix) and len(bare) > len(suffix) + 1 and bare[: -len(suffix)] in self._known:
                return False
        # «سخنان»: the «ان» plural only of very common nouns, since many names end in «ان» («کاویان»، «سلیمان»)
        return not (bare.endswith("ان") and len(bare) > 4 and bare[:-2] in self._very_common)

    def is_relational_adjective(self, token: Token) -> bool:
        """«خبری»، «تلفنی»: a known noun with the adjective «ی» (not «حسینی», whose stem is a given name)."""
        stem = token.text[:-1].replace("\u200c", "")
        return (token.is_word and token.key.endswith("ی") and len(stem) >= 2 and not self.is_rare(stem)
                and not self.lexicon.given_names.match([Token(0, len(stem), stem, fold(stem), True)], 0))

    def names_a_country(self, words: list[str]) -> str:
        """The country a word names («آمریکا») or qualifies («آمریکایی»، «چینی»), or ""."""
        countries = self.lexicon.countries
        for word in words:
            key = fold(word)
            # «آمریکایی»، «چینی»، and adjectives the country's name extends: «روس» (روسیه)، «فرانسوی» (فرانسه)
            bare = key[:-2] if key.endswith("یی") else key[:-1] if key.endswith("ی") else key
            for candidate in (key, bare, bare + "یه", bare[:-1] + "ه" if bare.endswith("و") else bare):
                if candidate in countries:
                    return str(countries.get(candidate))
            # «ازبک»، «تاجیک»، «قرقیز»: the people whose land the country's own name is (not an alias); not the
            # three-letter «عرب»، «کرد»، «ترک», peoples of many states
            if len(key) >= 4 and key + "ستان" in countries and fold(str(countries.get(key + "ستان"))) == key + "ستان":
                return str(countries.get(key + "ستان"))
        return ""

    def countries_in(self, role: str) -> frozenset[str]:
        """The countries a role names or qualifies («رئیس‌جمهور آفریقای جنوبی»، «سخنگوی وزارت خارجه کشورمان»،
        «دیپلمات ژاپنی»), by their canonical names."""
        found = self._countries_in_cache.get(role)
        if found is None:
            tokens = tokenize(role)
            named = set()
            for k in range(len(tokens)):
                match = self.lexicon.countries.match(tokens, k)
                country = str(match[1]) if match else self.names_a_country([tokens[k].text])
                if country:
                    named.add(country)
            found = self._countries_in_cache[role] = frozenset(named)
        return found

    def is_office(self, role: str) -> bool:
        """A role one person holds at a time («وزیر دفاع روسیه»، «سخنگوی وزارت خارجه»): its head is marked «office»."""
        words = role.split()
        return bool(words) and (fold(words[0]) in self._office_heads or fold(" ".join(words[:2])) in self._office_heads)

    def is_group(self, phrase: NounPhrase) -> bool:
        """A plural role («مقامات چینی»، «کارشناسان») names a group, not one person."""
        head = phrase.role.split()[0] if phrase.role else ""
        return fold(head) in self._group_heads

    def _is_grammar(self, token: Token) -> bool:
        return token.key in self._grammar_keys

    def name_like(self, tokens: list[Token], i: int) -> bool:
        """Could tokens[i] be part of a personal name? (Decided by the token alone, so cached per surface.)"""
        token = tokens[i]
        cached = self._name_like_cache.get(token.text)
        if cached is None:
            cached = self._name_like_cache[token.text] = self._name_like(tokens[i : i + 1])
        return cached

    def _name_like(self, single: list[Token]) -> bool:
        token = single[0]
        lexicon = self.lexicon
        if not token.is_word or token.text.isdigit() or len(token.key) < 2:
            return False
        if token.text in self._stopwords or self._is_grammar(token) or token.key in self._nominals:
            return False
        for matcher in (lexicon.role_heads, lexicon.titles, lexicon.role_words, lexicon.countries, lexicon.fixed_phrases):
            if matcher.match(single, 0) and not (matcher is lexicon.titles and lexicon.given_names.match(single, 0)):
                return False  # («امیر» is a title and a given name)
        # hazm's lemmatizer reads some names as verbs («داود» → «داوید#داو»، «نورزی» → «ورزید#ورز»): a listed given
        # name is a name, and so may be a word ending in «ی» without «می» (as a verb, a second person: not news prose)
        return ("#" not in self._lemma(token.text) or bool(lexicon.given_names.match(single, 0))
                or (token.key.endswith("ی") and not token.key.startswith("می") and len(token.key) > 3))

    def is_name_suffix(self, tokens: list[Token], j: int) -> bool:
        """A family-name ending written apart («رفیع زاده»): part of the name only right after a name word."""
        return tokens[j].key in self._name_suffixes

    def name_keys(self, tokens: list[Token], first: int, last: int) -> tuple[str, ...]:
        """Folded keys of the name words in tokens[first:last], an ending written apart joined to its word («رفیع زاده»
        and «رفیع‌زاده» are one family name)."""
        keys: list[str] = []
        for j in range(first, last):
            if keys and self.is_name_suffix(tokens, j):
                keys[-1] += tokens[j].key
            else:
                keys.extend(self._given_name_apart(tokens[j]))
        return tuple(keys)

    def _given_name_apart(self, token: Token) -> tuple[str, ...]:
        """«علی‌السمیسم» written as one word is «علی» and «السمیسم» (so «السمیسم» alone is the same family name); not
        «حسن‌پور», whose second part is an ending of the family name."""
        head, _, rest = token.text.partition("\u200c")
        if not rest or fold(rest) in self._name_suffixes or len(fold(rest)) < 3:
            return (token.key,)
        if fold(head) not in self.given_name_keys:
            return (token.key,)
        return fold(head), fold(rest)

    def _name_run(self, tokens, i, limit=MAX_NAME_TOKENS) -> int:
        j = i
        documents = self._document_keys
        while j < len(tokens) and j - i < limit and (self.name_like(tokens, j)
                                                     or (j > i and self.is_name_suffix(tokens, j))):
            if j > i and tokens[j].key in documents:
                break  # «محمود عباس سند وفاق را اعلام کرد»: a document noun after a name is the object
            if j > i and self.lexicon.role_heads.match(tokens, j):
                break
            j += 1
        return j

    def _role(self, tokens: list[Token], i: int) -> int:
        """End of a role phrase starting at i (i if none)."""
        lexicon = self.lexicon
        head = lexicon.role_heads.match(tokens, i)
        if not head:
            return i
        j = head[0]
        goes_on = self._role_goes_on
        # a country ends the chain of nouns: a country or body right after it is the verb's object, not the role's
        # («سخنگوی وزارت خارجه ایران آمریکا را متهم کرد»، «مقام‌های جمهوری اسلامی بریکس را …»)
        after_country = False
        while j < len(tokens):
            if self._country_adjective(tokens, j):
                j += 1  # «همتای ایتالیایی»، «دیپلمات ژاپنی»، «مقام ازبک» (not a name «ژاپنی» after the role)
                after_country = False
                continue
            if tokens[j].key not in goes_on:  # the common case, decided without the matchers
                nxt = self._country_after_words(tokens, i, j)
                after_country = nxt is not None
                if nxt is None:
                    nxt = self._place_after_words(tokens, i, j)
                if nxt is None:
                    break
                j = nxt
                continue
            country, body = lexicon.countries.match(tokens, j), lexicon.organizations.match(tokens, j)
            if after_country and (country or body):
                break
            nxt = None
            for found in (country, body, lexicon.role_words.match(tokens, j), lexicon.role_heads.match(tokens, j)):
                if found and (nxt is None or found[0] > nxt):
                    nxt = found[0]
            after_country = bool(country) and country[0] == nxt
            if nxt is None and tokens[j].key == "و" and j + 1 < len(tokens):
                # «معاون حقوقی و بین‌المللی»، «سفیر و نماینده دائم»: «و» inside a role when the role goes on
                for matcher in (lexicon.role_words, lexicon.role_heads):
                    found = matcher.match(tokens, j + 1)
                    if found and not lexicon.given_names.match(tokens, j + 1):
                        nxt = found[0]
                        break
            if nxt is None and tokens[j].key == "در" and j + 1 < len(tokens):
                # «نماینده ایران در سازمان ملل»، «سفیر ایران در ژنو»: a place or body after «در» belongs to the role
                placed = lexicon.countries.match(tokens, j + 1)
                found = placed or lexicon.organizations.match(tokens, j + 1) or self._city(tokens, j + 1)
                nxt = found[0] if found else None
                after_country = bool(placed) and placed[0] == nxt
            if nxt is None:
                nxt = self._organization_in_role(tokens, j)
            if nxt is None:
                nxt = self._country_after_words(tokens, i, j)
                after_country = nxt is not None
            if nxt is None:
                nxt = self._place_after_words(tokens, i, j)
            if nxt is None:
                break
            j = nxt
        return j

    def _country_adjective(self, tokens: list[Token], j: int) -> bool:
        """«ایتالیایی»، «آمریکایی»، «چینی»، «ازبک»: an adjective of a country (not a given name such as «علی», nor
        the country's own name)."""
        token = tokens[j]
        known = self._country_adjective_cache.get(token.text)
        if known is None:
            key = token.key
            known = self._country_adjective_cache[token.text] = (
                token.is_word and (key.endswith("ی") or key + "ستان" in self.lexicon.countries
                                   or key + "یه" in self.lexicon.countries)  # «روس»، «ترک»
                and not self.lexicon.given_names.match(tokens, j, j + 1)
                and key not in self.lexicon.countries and bool(self.names_a_country([token.text])))
        return known

    def _country_after_words(self, tokens: list[Token], first: int, j: int) -> int | None:
        """«رهبر حوثی‌های یمن»، «وزیر دفاع سابق آمریکا»، «نماینده مجلس امت کویت»: one or two words the lexicon does not
        list, then a country, still belong to a role tokens[first:j] that names no country yet. Not across a name, a
        title, a grammar word or a verb."""
        lexicon = self.lexicon
        if not (lexicon.countries.match(tokens, j + 1) or lexicon.countries.match(tokens, j + 2)):
            return None  # most roles have no country one or two words on: decided before looking back over the role
        if any(lexicon.countries.match(tokens, k, j) for k in range(first, j)):
            return None  # «رئیس تشکیلات فلسطین | تصمیم رژیم …»: a role ties its holder to one country
        for gap in (1, 2):
            end = j + gap
            if end >= len(tokens):
                return None
            if not self._plain_word(tokens, end - 1):
                return None
            country = lexicon.countries.match(tokens, end)
            if country:
                return country[0]
        return None

    def _place_after_words(self, tokens: list[Token], first: int, j: int) -> int | None:
        """«مدیرکل مدیریت بحران استان X»، «رئیس پلیس راهور شهرستان X»: up to three words the lexicon does not list,
        then a place unit («استان»، «شهرستان»، «شهر») and its name, still belong to a role tokens[first:j] that names
        no country or place yet (so two directors-general of one province's departments are two speakers). Not across
        a name, a title, a grammar word or a verb; the place's name is one word."""
        units = self._place_units
        unit = next((k for k in range(j, min(j + 4, len(tokens) - 1)) if tokens[k].key in units),
                    None)  # (most roles have none ahead: decided before any matcher runs)
        if unit is None or not all(self._plain_word(tokens, k) for k in range(j, unit)) \
                or not self._plain_word(tokens, unit + 1):
            return None
        if any(tokens[k].key in units or self.lexicon.countries.match(tokens, k, j) for k in range(first, j)):
            return None
        return unit + 2

    def _plain_word(self, tokens: list[Token], k: int) -> bool:
        """A word that may sit inside a role the lexicon does not fully know («مردم»، «تبریز»): not a grammar word
        or stopword («گفته است»), a given name, a title or a verb."""
        token, lexicon = tokens[k], self.lexicon
        return not (not token.is_word or self._is_grammar(token) or token.text in self._stopwords
                    or lexicon.given_names.match(tokens, k, k + 1) or lexicon.titles.match(tokens, k)
                    or "#" in self._lemma(token.text))

    def _comma_after_words(self, tokens: list[Token], j: int, most: int = 3) -> int | None:
        """«نماینده مردم تبریز، X، …»، «سفیر ایران در لاپاز، X، …»، «رئیس سازمان برنامه و بودجه، X، …»: the comma
        after at most `most` plain words (a «در» or «و» between them) that end a role, or None."""
        for k in range(j, min(j + most + 1, len(tokens))):
            if tokens[k].text in "،,":
                return k if k > j and tokens[k - 1].key not in ("در", "و") else None
            if not (self._plain_word(tokens, k) or tokens[k].key == "در" or (k > j and tokens[k].key == "و")):
                return None
        return None

    def _organization_in_role(self, tokens: list[Token], j: int) -> int | None:
        """«سخنگوی جنبش آزادی»، «عضو حزب الکرامه»: an organisation head inside a role brings its name along — the
        known words after it, up to a rare word (more likely the holder's name), a grammar word or a verb."""
        heads = self.lexicon.organization_heads
        found = heads.match(tokens, j) if heads is not None else None
        if not found:
            return None
        end = found[0]
        while (end < len(tokens) and end - found[0] < 3 and tokens[end].is_word and not self._is_grammar(tokens[end])
               and tokens[end].key not in self._nominals  # «… خاطرنشان کرد»: the reporting verb's nominal
               and not self.is_rare(tokens[end].text) and "#" not in self._lemma(tokens[end].text)
               and not self.lexicon.given_names.match(tokens, end, end + 1) and not self.lexicon.titles.match(tokens, end)):
            end += 1
        return end

    def _city(self, tokens: list[Token], j: int):
        """A capital or seat of a body listed among the role words («ژنو»، «وین»، «نیویورک»)."""
        found = self.lexicon.role_words.match(tokens, j, j + 1)
        return found if found and tokens[j].key in self._places else None

    def role_keys(self, tokens: list[Token], first: int, last: int) -> frozenset[str]:
        """Comparable content of a role: country aliases folded to the country, generic words dropped."""
        keys = set()
        j = first
        while j < last:
            country = self.lexicon.countries.match(tokens, j, last)
            if country:
                keys.add(country[1])
                j = country[0]
                continue
            adjective = self.names_a_country([tokens[j].text]) if tokens[j].key.endswith("ی") else ""
            if adjective:  # «نماینده آمریکایی» holds the same country as «نماینده کنگره آمریکا»
                keys.add(adjective)
            elif tokens[j].key not in GENERIC_ROLE_KEYS:
                keys.add(tokens[j].key)
            j += 1
        return frozenset(keys)

    def phrases(self, tokens: list[Token], known_family: dict[str, int]) -> list[NounPhrase]:
        """Speaker noun phrases in order, without overlaps."""
        found: list[NounPhrase] = []
        count = len(tokens)
        starters, role_starters = self._starters, self._role_starters
        keys = [t.key if t.is_word else "" for t in tokens]
        # No phrase can start at most tokens. The few where one may: a starter, a known family name here or next, a
        # role head one to three tokens on, a guillemet here or next. Starters (role heads among them) and guillemets
        # are few: one scan finds them all, and their neighbours are marked from where they are.
        notable = [k for k, t in enumerate(tokens) if t.key in self._notable]
        roles = {k for k in notable if tokens[k].key in role_starters}
        openers = {k for k in notable if tokens[k].text == "«"}
        marked = {k for k in notable if keys[k] in starters and keys[k]}
        marked.update(k - gap for k in roles for gap in (1, 2, 3) if k >= gap and keys[k - gap])
        if known_family:
            keys.append("")  # (past the last token)
            for j in [k for k, key in enumerate(keys) if key in known_family]:
                marked.update(k for k in (j - 1, j) if 0 <= k < count and keys[k])
        if openers:
            marked.update(openers, (k - 1 for k in openers if k > 0))
        candidates = sorted(marked)
        i = 0  # the first token not yet inside a phrase
        for i_candidate in candidates:
            if i_candidate < i:
                continue
            i = i_candidate
            role_ahead = i + 1 in roles or i + 2 in roles or i + 3 in roles
            phrase = self._quoted_name_at(tokens, i) if openers and (i in openers or i + 1 in openers) else None
            phrase = phrase or self._phrase_at(tokens, i, known_family, role_ahead)
            if phrase is None:
                i += 1
                continue
            if phrase.kind in ("name", "role"):
                self._attach_role(tokens, phrase)
            found.append(phrase)
            i = phrase.last
        return found

    def phrase_starting_at(self, tokens: list[Token], i: int, known_family: dict[str, int]) -> NounPhrase | None:
        """The speaker phrase at tokens[i], when `phrases` found one that started earlier («به ادعای منابع …» read as a
        name «ادعای» before a role): a caller that knows a phrase must start here asks again."""
        role_ahead = any(t.key in self._role_starters for t in tokens[i + 1 : i + 4])
        phrase = self._phrase_at(tokens, i, known_family, role_ahead)
        if phrase is not None and phrase.kind in ("name", "role"):
            self._attach_role(tokens, phrase)
        return phrase

    def _quoted_name_at(self, tokens: list[Token], i: int) -> NounPhrase | None:
        """A name in guillemets: «X Y» followed by a role, a verb or an adverbial, or after a title or a media noun.

        Agencies quote foreign names («سعید صیام» وزیر کشور …، دکتر «X»، روزنامه «Y»); such a span is a name, not a
        quotation. Not extracted: a quoted name with nothing around it that marks it as a name (a short quote of
        ordinary words stays a quote)."""
        lexicon = self.lexicon
        media = lexicon.grammar.get("media")
        opener = i
        prefix_kind = ""
        if tokens[i].text != "«":
            title = lexicon.titles.match(tokens, i)
            medium = media.match(tokens, i) if media else None
            if title and title[0] < len(tokens) and tokens[title[0]].text == "«":
                opener, prefix_kind = title[0], "title"
            elif medium and medium[0] < len(tokens) and tokens[medium[0]].text == "«":
                opener, prefix_kind = medium[0], "media"
            else:
                return None
        close = next((k for k in range(opener + 1, min(opener + 6, len(tokens))) if tokens[k].text == "»"), None)
        if close is None or close == opener + 1:
            return None
        if opener > 0 and tokens[opener - 1].key == "را":
            return None  # «X را «Y» نامید»: a predicate in guillemets, not a name
        inner = tokens[opener + 1 : close]
        if not all(t.is_word and not t.text.isdigit() for t in inner):
            return None
        if any(self._is_grammar(t) or t.text in self._stopwords or ("#" in self._lemma(t.text) and not self.is_rare(t.text))
               for t in inner):
            return None
        evidence = prefix_kind or self._names_after_quote(tokens, close + 1)
        if evidence != "strong" and not prefix_kind:
            # weaker evidence (a verb or an adverbial after it, or the clause start): the words must look like a
            # name — one rare word or a known given name («مهم»، «خبر» in guillemets are a term)
            looks_like_name = any(self.is_rare(t.text) or lexicon.given_names.match(inner, k, k + 1)
                                  for k, t in enumerate(inner))
            if not looks_like_name or not (evidence or (self._opens_clause(tokens, opener) and len(inner) >= 2)):
                return None
        name = self._text(tokens, opener + 1, close)
        if prefix_kind == "media":
            return NounPhrase(i, close + 1, "organization", name=name, canonical=name, medium=True)
        gazetteer = lexicon.people.match(tokens, opener + 1)
        phrase = self._name_phrase(tokens, opener + 1, close, canonical=gazetteer[1][0] if gazetteer else "")
        phrase.first, phrase.last = i, close + 1
        if prefix_kind == "title":
            phrase.title = self._text(tokens, i, opener)
        return phrase

    def _opens_clause(self, tokens: list[Token], i: int) -> bool:
        """Token i starts a clause: the sentence start, after a comma, or after a connective («همچنین»)."""
        if i == 0:
            return True
        previous = tokens[i - 1]
        return previous.text in "،,:؛" or self._is_grammar(previous)

    def _names_after_quote(self, tokens: list[Token], j: int) -> str:
        """What follows a closing guillemet shows the quoted words were a name: "strong" for a role (right after it
        or after a comma), "weak" for a verb or an adverbial, "" for anything else."""
        if j >= len(tokens):
            return ""
        follower = tokens[j]
        lexicon = self.lexicon
        if follower.text in "،,":
            after_comma = j + 1 < len(tokens) and (lexicon.role_heads.match(tokens, j + 1) or lexicon.titles.match(tokens, j + 1))
            return "strong" if after_comma else ""
        if not follower.is_word:
            return ""
        if lexicon.role_heads.match(tokens, j):
            return "strong"
        boundary = lexicon.grammar.get("boundary")
        if "#" in self._lemma(follower.text) or (boundary and boundary.match(tokens, j)) or any(
                lexicon.is_grammar(cls, follower.key) for cls in ("time", "adverb")):
            return "weak"
        return ""

    def _text(self, tokens, first, last) -> str:
        return " ".join(t.text for t in tokens[first:last])

    def _name_phrase(self, tokens, first, last, title_end=None, canonical="") -> NounPhrase:
        name_first = first if title_end is None else title_end
        return NounPhrase(
            first=first,
            last=last,
            kind="name",
            title=self._text(tokens, first, title_end) if title_end is not None else "",
            name=self._text(tokens, name_first, last),
            name_keys=self.name_keys(tokens, name_first, last),
            canonical=canonical,
        )

    def _phrase_at(self, tokens, i, known_family, role_ahead: bool) -> NounPhrase | None:
        lexicon = self.lexicon
        token = tokens[i]
        if not token.is_word:
            return None
        if token.key not in self._starters:  # fast path: only an unknown name can start here
            if token.key in known_family and self.name_like(tokens, i):
                return self._name_phrase(tokens, i, i + 1)
            if (i + 1 < len(tokens) and tokens[i + 1].key in known_family and self.name_like(tokens, i)
                    and self.is_rare(token.text) and self.name_like(tokens, i + 1)):
                # «کالین پاول» after «پاول» alone in the headline: an unknown given name before a known family name
                return self._name_phrase(tokens, i, i + 2)
            if role_ahead and self.name_like(tokens, i):
                return self._name_before_role(tokens, i)
            return None
        # the commonest starters, where nothing else can start: straight to what can
        if token.key in self._bodies_and_states_only:
            return self._body_or_state(tokens, i)
        if token.key in self._pronouns_only:
            return NounPhrase(i, i + 1, "pronoun")
        if token.key in self._demonstratives_only and token.key not in known_family:
            return self._demonstrated_role(tokens, i)
        person = lexicon.people.match(tokens, i)
        if person:
            return self._name_phrase(tokens, i, person[0], canonical=person[1][0])
        title = lexicon.titles.match(tokens, i)
        chained = 0
        # «سردار سرلشکر …»; capped, since a long run of titles with no name would be walked again from every token
        while title and chained < MAX_TITLE_CHAIN and lexicon.titles.match(tokens, title[0]):
            title = lexicon.titles.match(tokens, title[0])
            chained += 1
        if title and title[0] == i + 1 and lexicon.given_names.match(tokens, i, i + 1) and (
                title[0] >= len(tokens) or tokens[title[0]].key not in known_family):
            title = None  # «امیر»: a title before a family name met already («امیر رزم‌آرا»), else a given name
        if title:
            end = self._name_run(tokens, title[0])
            if end > title[0]:
                gazetteer = lexicon.people.match(tokens, title[0])
                canonical = gazetteer[1][0] if gazetteer else ""
                return self._name_phrase(tokens, i, end, title_end=title[0], canonical=canonical)
        if lexicon.is_grammar("pronoun", token.key):
            return NounPhrase(i, i + 1, "pronoun")
        if token.key in PARTITIVES and i + 2 < len(tokens):
            # «برخی از (این) مقامات»، «تعداد زیادی از مقامات آمریکایی»: part of a group is a group
            j = i + 1
            while j < len(tokens) and j - i <= 2 and tokens[j].key != "از":
                j += 1
            if j < len(tokens) - 1 and tokens[j].key == "از":
                j += 1
                demonstrative = lexicon.is_grammar("demonstrative", tokens[j].key)
                role_first = j + 1 if demonstrative else j
                role_end = self._role(tokens, role_first)
                if role_end > role_first and self.is_group(NounPhrase(role_first, role_end, "role", role=tokens[role_first].text)):
                    return NounPhrase(i, role_end, "role", role=self._text(tokens, role_first, role_end),
                                      role_keys=self.role_keys(tokens, role_first, role_end), demonstrative=demonstrative)
        if token.key == "یکی" and i + 2 < len(tokens) and tokens[i + 1].key == "از":
            role_end = self._role(tokens, i + 2)
            if role_end > i + 2 and self.is_group(NounPhrase(i + 2, role_end, "role", role=tokens[i + 2].text)):
                return NounPhrase(i, role_end, "role", role=self._text(tokens, i + 2, role_end),
                                  role_keys=self.role_keys(tokens, i + 2, role_end), one_of=True)
        if lexicon.is_grammar("demonstrative", token.key):
            demonstrated = self._demonstrated_role(tokens, i)
            if demonstrated is not None:
                return demonstrated
        role_end = self._role(tokens, i)
        if role_end > i:
            phrase = NounPhrase(i, role_end, "role", role=self._text(tokens, i, role_end),
                                role_keys=self.role_keys(tokens, i, role_end))
            named = self._name_after_role(tokens, role_end, known_family)
            comma = role_end
            if comma + 2 < len(tokens) and lexicon.is_grammar("demonstrative", tokens[comma].key) and tokens[comma + 1].is_word:
                comma += 2  # «نویسنده این سرمقاله، X، …»: the role's own «این» noun
            elif (named is None and comma + 1 < len(tokens) and lexicon.is_grammar("pronoun", tokens[comma].key)
                  and tokens[comma + 1].text in "،,"):
                comma += 1  # «همتای ایتالیایی او، X، …»: the role's possessive pronoun
            elif named is None and comma < len(tokens) and tokens[comma].text not in "،,":
                comma = self._comma_after_words(tokens, comma) or comma  # «نماینده مردم تبریز، X، …»
            if named is None and comma + 1 < len(tokens) and tokens[comma].text in "،,":
                # «سخنگوی وزارت خارجه، کامران نیک‌سرشت، گفت»: the name set off by commas after the role
                named = self._name_after_role(tokens, comma + 1, known_family, enclosed=True)
                if named is not None and (named.last >= len(tokens) or tokens[named.last].text not in "،,"):
                    named = None
                if named is not None:
                    phrase.role = self._text(tokens, i, comma)
            if named:
                named.first = i
                named.role, named.role_keys = phrase.role, phrase.role_keys
                return named
            return phrase
        given = lexicon.given_names.match(tokens, i)
        if given:
            end = self._name_run(tokens, i)
            if end - i >= 2:
                gazetteer = lexicon.people.match(tokens, i)
                return self._name_phrase(tokens, i, end, canonical=gazetteer[1][0] if gazetteer else "")
        if token.key in known_family and self.name_like(tokens, i):
            return self._name_phrase(tokens, i, i + 1)
        if self.name_like(tokens, i):
            before_role = self._name_before_role(tokens, i)
            if before_role:
                return before_role
        body_or_state = self._body_or_state(tokens, i)
        if body_or_state is not None:
            return body_or_state
        if token.key in lexicon.grammar.get("document", ()):
            return NounPhrase(i, i + 1, "document", name=token.text, canonical=token.text)
        return None

    def _demonstrated_role(self, tokens, i) -> NounPhrase | None:
        """«این مقام»، «این نماینده مجلس»: a demonstrative and the role after it."""
        role_end = self._role(tokens, i + 1) if i + 1 < len(tokens) else i + 1
        if role_end <= i + 1:
            return None
        return NounPhrase(i, role_end, "role", role=self._text(tokens, i + 1, role_end),
                          role_keys=self.role_keys(tokens, i + 1, role_end), demonstrative=True)

    def _body_or_state(self, tokens, i) -> NounPhrase | None:
        """An organisation («وزارت امور خارجه روسیه») or a country at tokens[i]."""
        lexicon = self.lexicon
        organization = lexicon.organizations.match(tokens, i)
        if organization:
            name, kind = organization[1]
            end = organization[0]
            # «وزارت دفاع ملی ترکیه»: one adjective of the role lexicon («ملی») may stand before the country
            qualified = end + 1 if end < len(tokens) and lexicon.role_words.match(tokens, end, end + 1) else end
            country = lexicon.countries.match(tokens, end) or (
                lexicon.countries.match(tokens, qualified) if qualified > end else None)
            if country:  # «ارتش اسرائیل»، «وزارت امور خارجه روسیه»: that country's body, not the one the alias names
                end = country[0]
                if country[1] != HOME_COUNTRY:  # unqualified bodies in the lexicon are Iranian ones
                    name = self._text(tokens, i, end)
            if kind == "media":  # «رویترز»، «بی‌بی‌سی»: a news outlet, which relays others more often than it speaks
                return NounPhrase(i, end, "organization", name=self._text(tokens, i, end), canonical=name, medium=True)
            return NounPhrase(i, end, kind, name=self._text(tokens, i, end), canonical=name)
        country = lexicon.countries.match(tokens, i)
        if country:
            return NounPhrase(i, country[0], "state", name=self._text(tokens, i, country[0]), canonical=country[1])
        return None

    def _name_after_role(self, tokens, j, known_family, enclosed: bool = False) -> NounPhrase | None:
        """«وزیر امور خارجه کشورمان سید عباس عراقچی»: a name right after a role. `enclosed`: set off by commas
        («معاون وزیر خارجه روسیه، ایلیا کورنیلوف، …»), where one rare word among name-like words is enough."""
        if j >= len(tokens):
            return None
        lexicon = self.lexicon
        person = lexicon.people.match(tokens, j)
        if person:
            return self._name_phrase(tokens, j, person[0], canonical=person[1][0])
        title = lexicon.titles.match(tokens, j)
        if title and title[0] == j + 1 and lexicon.given_names.match(tokens, j, j + 1) and (
                title[0] >= len(tokens) or tokens[title[0]].key not in known_family):
            title = None  # «امیر»: a title before a family name met already («امیر رزم‌آرا»), else a given name
        if title:
            end = self._name_run(tokens, title[0])
            if end > title[0]:
                return self._name_phrase(tokens, j, end, title_end=title[0])
        if lexicon.given_names.match(tokens, j) or tokens[j].key in known_family:
            end = self._name_run(tokens, j)
            if end > j:
                return self._name_phrase(tokens, j, end)
        end = self._name_run(tokens, j, limit=3)
        if enclosed and end > j and end < len(tokens) and tokens[end].text in "،," and any(
                self.is_rare(t.text) for t in tokens[j:end]):
            return self._name_phrase(tokens, j, end)
        if end > j and all(self.is_rare(t.text) for t in tokens[j:end]):
            follower = tokens[end] if end < len(tokens) else None
            ends_clause = follower is None or self._is_grammar(follower) or "#" in self._lemma(follower.text)
            before_verb = follower is None or "#" in self._lemma(follower.text)
            # one unknown word after a role before an adverbial is more often the role's place («رئیس دانشگاه
            # هاوانا در …») than a bare family name, which news writes right before the verb
            if end - j >= 2 or (ends_clause and before_verb):
                return self._name_phrase(tokens, j, end)
        return None

    def _name_before_role(self, tokens, i) -> NounPhrase | None:
        """«نیلوفر صدری‌پور سخنگوی …»: rare words right before a role are a name."""
        previous = tokens[i - 1] if i > 0 else None
        if previous is not None and previous.is_word and not self._is_grammar(previous) and previous.text not in self._stopwords:
            return None  # inside a longer noun phrase, not at the start of one
        if (previous is not None and self.lexicon.is_grammar("meeting", previous.key)
                and self.is_relational_adjective(tokens[i])):
            return None  # «نشست خبری وزیر …»: the meeting noun's adjective, not a name
        end = self._name_run(tokens, i, limit=3)
        role_at = end + 1 if end + 1 < len(tokens) and tokens[end].text in "،," else end  # «X، نماینده …»
        if (end > i and role_at < len(tokens) and self.lexicon.role_heads.match(tokens, role_at)
                and tokens[role_at].key not in self._group_heads):  # «… اعضای مجلس»: a group is no one's role
            given = self.lexicon.given_names
            if not self.is_rare(tokens[i].text) and not given.match(tokens, i, i + 1) and any(
                    given.match(tokens, k, k + 1) for k in range(i + 1, end)):
                return None  # «از جمله دونالد رامسفلد وزیر …»: a known word before a given name opens no name
            if not self.lexicon.people.match(tokens, i) and any(self.lexicon.people.match(tokens, k) for k in range(i + 1, end)):
                return None  # «بالای تصویر احمدی‌نژاد رئیس‌جمهور»: the listed person's name starts later
            run = range(i, end)
            if any(self.is_rare(tokens[k].text) or self.lexicon.given_names.match(tokens, k, k + 1)
                   or (k > i and self.is_name_suffix(tokens, k)) for k in run):  # «کیان زاده»: a family name
                return self._name_phrase(tokens, i, end)
        return None

    def _appositive_end(self, tokens: list[Token], i: int) -> int:
        """End of a role set off by commas («X، رئیس دانشگاه هاوانا، …»): from a role head on, every word up to the
        closing comma is the role, known to the lexicon or not (places and bodies the lexicon lacks)."""
        end = self._role(tokens, i)
        if end == i:
            return i
        j = end
        while j < len(tokens) and j - i < MAX_APPOSITIVE_TOKENS and tokens[j].is_word and not self._is_grammar(tokens[j]):
            j += 1
        return j if j == len(tokens) or tokens[j].text in "،," else end

    def _attach_role(self, tokens, phrase: NounPhrase) -> None:
        if phrase.kind != "name" or phrase.role:
            return
        end = self._role(tokens, phrase.last)
        if end == phrase.last and phrase.last + 1 < len(tokens) and tokens[phrase.last].text in "،,":
            # an appositive role between commas: «دکتر X، کارشناس مسائل اوراسیا، …»
            appositive = self._appositive_end(tokens, phrase.last + 1)
            if appositive > phrase.last + 1 and (appositive == len(tokens) or tokens[appositive].text in "،,"):
                phrase.role = self._text(tokens, phrase.last + 1, appositive)
                phrase.role_keys = self.role_keys(tokens, phrase.last + 1, appositive)
                phrase.last = appositive
            return
        if end > phrase.last:
            phrase.role = self._text(tokens, phrase.last, end)
            phrase.role_keys = self.role_keys(tokens, phrase.last, end)
            phrase.last = end


class Registry:
    """Entities of one article and the coreference rules that map mentions onto them.

    People are indexed by family-name key, by the whole name written together, by the first and last two
    letters of the family name (two names one edit apart share one of those), and by a first name that is no known
    given name (a family name written first: «لیو» after «لیو جیانگ‌مینگ»): a mention is compared with a few
    candidates, never with every person of a long text. `given_names`: keys of the known given names."""

    def __init__(self, given_names: frozenset[str] = frozenset()) -> None:
        self.given_names = given_names
        self.entities: list[EntityDraft] = []
        self.family: dict[str, int] = {}
        self._people_by_key: dict[str, list[EntityDraft]] = {}
        self._people_by_surface: dict[str, EntityDraft] = {}
        self._holders_by_role_key: dict[str, set[int]] = {}

    def _new(self, name: str, kind: str, name_keys: tuple[str, ...] = ()) -> EntityDraft:
        entity = EntityDraft(id=len(self.entities), name=name, type=kind, name_keys=name_keys,
                             on_role=self._index_role)
        self.entities.append(entity)
        if kind == "person" and name_keys:
            self.family[name_keys[-1]] = entity.id
            self._index(entity)
        return entity

    def _index_role(self, entity: EntityDraft, keys: frozenset[str]) -> None:
        for key in keys:
            self._holders_by_role_key.setdefault(key, set()).add(entity.id)

    def _role_candidates(self, keys: frozenset[str]) -> list[EntityDraft]:
        """People holding a role with any of these words: the only ones a role mention can refer to."""
        ids = set().union(*(self._holders_by_role_key.get(k, ()) for k in keys)) if keys else set()
        return [self.entities[i] for i in sorted(ids)]

    def _index(self, entity: EntityDraft) -> None:
        """File a person under every key a later mention of them could be looked up by (entries may go stale when
        the name grows; candidates are checked against the current name)."""
        family = entity.name_keys[-1]
        keys = {"=" + family, "+" + "".join(entity.name_keys), "<" + family[:2], ">" + family[-2:]}
        first = self._first_of_family(entity.name_keys)
        if first is not None:
            keys.add("^" + first)
        for key in keys:
            bucket = self._people_by_key.setdefault(key, [])
            if not bucket or bucket[-1] is not entity:
                bucket.append(entity)

    def _candidates(self, keys: tuple[str, ...]) -> list[EntityDraft]:
        family = keys[-1]
        lookups = ["=" + family, "+" + "".join(keys)]
        if len(family) >= 5:  # a typo is looked for only in longer family names
            lookups += ["<" + family[:2], ">" + family[-2:]]
        found = {id(e): e for key in lookups for e in self._people_by_key.get(key, ())}
        return sorted(found.values(), key=lambda e: e.id, reverse=True)

    def named(self, phrase: NounPhrase, position: int) -> EntityDraft:
        """The person a named mention refers to (created if new); the fullest name becomes canonical."""
        keys = phrase.name_keys
        match = self._people_by_surface.get(phrase.canonical) if phrase.canonical else None
        for entity in () if match else self._candidates(keys):  # latest first
            known = entity.name_keys
            shorter, longer = (keys, known) if len(keys) <= len(known) else (known, keys)
            if longer[len(longer) - len(shorter) :] == shorter or "".join(keys) == "".join(known):
                match = entity  # the same name, or written with its parts joined («سیدحسن‌نصرالله»)
                break
            if (
                len(keys[-1]) >= 5
                and _edit_distance_at_most_one(keys[-1], known[-1])
                and (len(keys) == 1 or len(known) == 1 or keys[:-1] == known[:-1])
            ):
                match = entity  # a typo in a repeated family name
                break
        if match is None and len(keys) == 1:
            match = self._family_written_first(keys[0])
        if match is None:
            match = self._new(phrase.canonical or phrase.name, "person", keys)
            match.from_gazetteer = bool(phrase.canonical)
        elif not match.from_gazetteer and len(keys) > len(match.name_keys):
            match.add_alias(match.name)
            match.name, match.name_keys = phrase.name, keys
            self.family[keys[-1]] = match.id
            self._index(match)
        match.add_alias(phrase.name)
        for surface in (match.name, phrase.name, phrase.canonical):
            if surface:
                self._people_by_surface.setdefault(surface, match)
        match.add_role(phrase.role, phrase.role_keys)
        match.last_seen = position
        return match

    def _first_of_family(self, name_keys: tuple[str, ...]) -> str | None:
        """The first word after the known given names of a name, when more words follow it (the first of a family
        name in two words, or a family name written first); None if there is none."""
        return next((key for key in name_keys[:-1] if key not in self.given_names), None)

    def _family_written_first(self, key: str) -> EntityDraft | None:
        """«لیو افزود» after «لیو جیانگ‌مینگ»، «هاشمی» after «اکبر هاشمی رفسنجانی»: a one-word name that is the first
        word after the given names of exactly one person's longer name, where that word is no known given name (a
        lone «محمد» is no one in particular). Not matched when two people share it: the mention stays someone new."""
        if key in self.given_names:
            return None
        found = {e.id: e for e in self._people_by_key.get("^" + key, ()) if self._first_of_family(e.name_keys) == key}
        return next(iter(found.values())) if len(found) == 1 else None

    def by_role(self, phrase: NounPhrase, last_subject: int | None, position: int, create: bool) -> EntityDraft | None:
        """The person a role-only mention refers to: a matching role, the current subject on ties."""
        keys = phrase.role_keys
        holders = self._role_candidates(keys)
        candidates = [
            e for e in holders if e.type == "person" and any(keys <= known for known in e.role_keysets)
        ] or [  # «سخنگوی وزارت امور خارجه ایران» after «… سخنگوی وزارت امور خارجه»: the known role is less specific
            e for e in holders
            if e.type == "person" and e.name_keys and any(known and known <= keys for known in e.role_keysets)
        ]
        if len(candidates) > 1:
            current = [e for e in candidates if e.id == last_subject]
            exact = [e for e in candidates if keys in e.role_keysets]
            chosen = current[0] if current else (exact[0] if len(exact) == 1 else max(candidates, key=lambda e: e.last_seen))
        elif candidates:
            chosen = candidates[0]
        elif create:
            chosen = self._new(phrase.role, "person")
            chosen.add_role(phrase.role, keys)
        else:
            return None
        chosen.last_seen = position
        return chosen

    def new_group(self, phrase: NounPhrase, position: int) -> EntityDraft:
        """An unnamed group of a role («مقامات آمریکایی»، «دو مقام آمریکایی»), never one of the persons holding it."""
        entity = self._new(phrase.role, "group")
        entity.add_role(phrase.role, phrase.role_keys)
        entity.last_seen = position
        return entity

    def other(self, name: str, kind: str, position: int) -> EntityDraft:
        """An organisation, state, document or unnamed group, one entity per canonical name."""
        entity = next((e for e in self.entities if e.name == name and e.type == kind), None)
        if entity is None and kind in ("organization", "group"):
            # «بولتن دانشمندان آمریکا» after «بولتن دانشمندان اتمی آمریکا»: the same head, fewer words
            words = {fold(w) for w in name.split()}
            for known in self.entities:
                known_words = {fold(w) for w in known.name.split()}
                if known.type == kind and name.split()[0] == known.name.split()[0] and len(words) > 1 and (
                        words <= known_words or known_words <= words):
                    entity = known
                    if len(words) > len(known_words):
                        known.add_alias(known.name)
                        known.name = name
                    break
        entity = entity or self._new(name, kind)
        entity.last_seen = position
        return entity
