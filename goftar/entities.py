"""Article-level coreference: one person, one entity, named by the fullest personal name in the article.

The reader resolves each mention as it goes (a family name to the person introduced with it, «وی» to the current
speaker). What it cannot know then is what the article says later: a lead that calls someone by role only
(«رئیس دانشگاه X گفت …») names them a paragraph on («دکتر «Y»، رئیس دانشگاه X، …»). `resolve()` runs once the
whole article is read and merges, in this order:

1. **Role-attached fragments.** A one-word "name" that only ever stood right after a role («رئیس دانشگاه هاوانا»
   read as role + name «هاوانا») is that role's holder when a person with a fuller name holds a compatible role.
2. **Role-only people** into the one named person holding a compatible role (equal, more or less specific:
   «سخنگوی» ⊂ «سخنگوی جنبش …»); among several holders, the one named nearest after the role was first used.
3. **The lead.** A role-only speaker of the lead or of the article's first statement (or a role fragment) whose
   role nobody else holds is the first
   named person who speaks after it in the next paragraphs and has no role of another country («عضو حزب …» in the
   lead, «X» in the body).

Not merged: groups and unnamed groups, organisations and states (one entity per canonical name already), two
named people with different family names and no role fragment, role-only people whose role two named people hold
equally far away.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

LEAD_REACH = 3  # paragraphs after the lead in which the lead's role-only speaker may be named


def roles_compatible(first: frozenset[str], second: frozenset[str]) -> bool:
    """Two role key sets can name one person: one holds all of the other's content words."""
    return bool(first) and bool(second) and (first <= second or second <= first)


def _any_compatible(roles: Iterable[frozenset[str]], others: Iterable[frozenset[str]]) -> bool:
    others = list(others)
    return any(roles_compatible(a, b) for a in roles for b in others)


def roles_conflict(roles: Iterable[frozenset[str]], others: Iterable[frozenset[str]], countries: frozenset[str]) -> bool:
    """The roles tie the two to different countries («وزیر خارجه آمریکا» is not «وزیر خارجه ایران»'s holder).

    Other differences do not tell two people apart: news calls one official by several roles in one article."""
    mine = {k for keys in roles for k in keys if k in countries}
    theirs = {k for keys in others for k in keys if k in countries}
    return bool(mine) and bool(theirs) and not (mine & theirs)


class _Merger:
    """Union of entity drafts; the surviving draft takes the mentions, aliases and roles of the merged one."""

    def __init__(self, entities: list) -> None:
        self.entities = entities
        self.parent = {e.id: e.id for e in entities}

    def find(self, entity_id: int) -> int:
        while self.parent[entity_id] != entity_id:
            self.parent[entity_id] = self.parent[self.parent[entity_id]]
            entity_id = self.parent[entity_id]
        return entity_id

    def merge(self, source, target) -> None:
        if self.find(source.id) == self.find(target.id):
            return
        self.parent[source.id] = target.id
        target.mentions.extend(replace(m, entity=target.id) for m in source.mentions)
        source.mentions.clear()
        for alias in (source.name, *source.aliases):
            target.add_alias(alias)
        for role, keys in zip(source.roles, source.role_keysets, strict=False):
            target.add_role(role, keys)
        if len(source.name_keys) > len(target.name_keys) and not target.from_gazetteer:
            target.add_alias(target.name)
            target.name, target.name_keys = source.name, source.name_keys
        target.last_seen = max(target.last_seen, source.last_seen)


def _first_sentence(entity, speaking_sentences: dict[int, list[int]]) -> int:
    sentences = [m.sentence for m in entity.mentions] + speaking_sentences.get(entity.id, [])
    return min(sentences) if sentences else 10**9


def resolve(entities: list, speaking_sentences: dict[int, list[int]], paragraph_of: list[int],
            lead_paragraphs: frozenset[int], countries: frozenset[str] = frozenset()) -> dict[int, int]:
    """Merge drafts that are one person; returns every entity id mapped to the id that now stands for it.

    `speaking_sentences` maps an entity id to the sentences of its statements, `paragraph_of` a sentence index to
    its paragraph, `lead_paragraphs` holds the headline and lead paragraphs."""
    merger = _Merger(entities)
    people = [e for e in entities if e.type == "person"]
    named = [e for e in people if e.name_keys]
    # «یک مقام ارشد که نخواست نامش فاش شود» is an unnamed source: never the person the article names (steps 2, 3)
    role_only = sorted((e for e in people if not e.name_keys and e.role_keysets),
                       key=lambda e: _first_sentence(e, speaking_sentences))

    # 0. one unnamed holder per role: «یک عضو مجلس کویت» … «یک عضو مجلس امت کویت» (the later, fuller or not)
    for index, later in enumerate(role_only):
        earlier = [e for e in role_only[:index] if merger.find(e.id) == e.id
                   and _any_compatible(later.role_keysets, e.role_keysets)
                   and not roles_conflict(later.role_keysets, e.role_keysets, countries)]
        if earlier:
            merger.merge(later, earlier[-1])
    role_only = [e for e in role_only if merger.find(e.id) == e.id]

    def fragment_of_role(entity) -> bool:
        """A one-word "name" that only ever came right after a role («رئیس دانشگاه هاوانا»): maybe the role's place."""
        return (len(entity.name_keys) == 1 and bool(entity.role_keysets) and bool(entity.mentions)
                and all(m.role for m in entity.mentions if m.kind == "name"))

    # 1. role fragments into a fuller name holding a compatible role
    for fragment in named:
        if not fragment_of_role(fragment):
            continue
        fuller = [e for e in named if e is not fragment and len(e.name_keys) >= 2 and fragment.name_keys[0] not in
                  e.name_keys and _any_compatible(fragment.role_keysets, e.role_keysets)]
        if len(fuller) == 1:
            merger.merge(fragment, fuller[0])

    named = [e for e in named if merger.find(e.id) == e.id]
    # 2. role-only people into a named holder of the role
    for role in role_only:
        holders = [e for e in named if _any_compatible(role.role_keysets, e.role_keysets)]
        if not holders or role.anonymous:
            continue
        if len(holders) > 1:
            start = _first_sentence(role, speaking_sentences)
            after = sorted((h for h in holders if _first_sentence(h, speaking_sentences) >= start),
                           key=lambda h: _first_sentence(h, speaking_sentences))
            if not after or (len(after) > 1 and _first_sentence(after[0], speaking_sentences)
                             == _first_sentence(after[1], speaking_sentences)):
                continue
            holders = after[:1]
        merger.merge(role, holders[0])

    # 3. the lead's role-only speaker (or role fragment), named in the body
    fragments = [e for e in named if merger.find(e.id) == e.id and fragment_of_role(e)]
    named = [e for e in named if e not in fragments]
    # the article's first statement opens its story wherever it stands (after a lead-in paragraph of its own)
    opening = min((k for sentences in speaking_sentences.values() for k in sentences), default=None)
    for role in role_only + fragments:
        if merger.find(role.id) != role.id or role.id not in speaking_sentences or getattr(role, "anonymous", False):
            continue
        first = min(speaking_sentences[role.id])
        if paragraph_of[first] not in lead_paragraphs and (first != opening or getattr(role, "indefinite", False)):
            continue  # (past the lead, «یک منبع …» stays the unnamed source it says it is)
        if any(_any_compatible(role.role_keysets, e.role_keysets) for e in named):
            continue  # the role is someone else's
        reach = paragraph_of[first] + LEAD_REACH

        def next_statement(entity, first=first, reach=reach) -> int:
            later = [k for k in speaking_sentences.get(entity.id, ()) if k > first and paragraph_of[k] <= reach]
            return min(later) if later else -1

        candidates = sorted((e for e in named if next_statement(e) >= 0), key=next_statement)
        if candidates and not roles_conflict(role.role_keysets, candidates[0].role_keysets, countries):
            merger.merge(role, candidates[0])

    return {e.id: merger.find(e.id) for e in entities}
