"""The analysed article as analysts decided it: reviewed speakers and issues, rejected statements removed,
statements marked by hand added. Pure: takes an Article and review states, returns a new Article."""

from __future__ import annotations

import bisect
from dataclasses import replace

from goftar.model import Article, Entity, Statement
from goftar.text import name_key


def apply_reviews(article: Article, reviews: list) -> Article:
    """A copy of `article` with analysts' decisions (objects with start, end, status, speaker, speaker_type,
    topics, origin and optionally statement_speaker) applied; spans that no longer match the text are left as the
    engine found them.

    A review belongs to the statement with its span and its `statement_speaker` (the engine's speaker name when it
    was reviewed), so two statements in one sentence are decided apart; a review without one takes the span's first
    statement."""
    if not reviews:
        return article
    def speaker_key(name: str | None) -> str | None:  # the store keeps one spelling of each speaker's name
        return None if name is None else name_key(name)

    by_span = {(r.start, r.end, speaker_key(getattr(r, "statement_speaker", None))): r for r in reviews}
    entities = {e.id: e for e in article.entities}
    mentions = {e.id: list(e.mentions) for e in article.entities}
    by_name = {(name_key(e.name), e.type): e.id for e in article.entities}
    next_id = max(entities, default=-1) + 1

    def entity_for(name: str, kind: str) -> int:
        nonlocal next_id
        key = (name_key(name), kind or "person")
        if key not in by_name:
            by_name[key] = next_id
            entities[next_id] = Entity(next_id, name, kind or "person", (), (), ())
            mentions[next_id] = []
            next_id += 1
        return by_name[key]

    statements: list[Statement] = []
    for statement in article.statements:
        review = by_span.pop((statement.start, statement.end, speaker_key(statement.speaker)), None)
        if review is None:
            review = by_span.pop((statement.start, statement.end, None), None)
        if review is None:
            statements.append(statement)
            continue
        if review.status == "rejected":
            continue
        speaker_id = entity_for(review.speaker, review.speaker_type) if review.speaker else statement.speaker_id
        mention = statement.mention
        if mention is not None and speaker_id != statement.speaker_id:
            mentions[statement.speaker_id] = [m for m in mentions[statement.speaker_id] if m != mention]
            mention = replace(mention, entity=speaker_id)
            mentions[speaker_id].append(mention)
        entity = entities[speaker_id]
        statements.append(replace(statement, speaker_id=speaker_id, speaker=entity.name, speaker_type=entity.type,
                                  mention=mention, topics=tuple(review.topics), status=review.status))
    starts = [s.start for s in article.sentences]
    for review in by_span.values():  # marked by hand (or no longer found by the engine)
        if review.status == "rejected" or not review.speaker or not (0 <= review.start < review.end <= len(article.text)):
            continue
        speaker_id = entity_for(review.speaker, review.speaker_type)
        sentence = max(bisect.bisect_right(starts, review.start) - 1, 0)
        statements.append(Statement(
            index=0, speaker_id=speaker_id, speaker=entities[speaker_id].name, speaker_type=entities[speaker_id].type,
            mention=None, verbs=(), topics=tuple(review.topics), sentence=sentence, start=review.start, end=review.end,
            text=article.text[review.start : review.end], quote_start=review.start, quote_end=review.end,
            kind="analyst", status="added" if review.origin == "analyst" else review.status,
        ))
    statements.sort(key=lambda s: (s.start, s.speaker_id))
    statements = [replace(s, index=i) for i, s in enumerate(statements)]
    frozen = tuple(
        replace(entities[i], mentions=tuple(sorted(mentions[i], key=lambda m: m.start)))
        for i in sorted(entities)
        if mentions[i] or any(s.speaker_id == i for s in statements)
    )
    return replace(article, statements=tuple(statements), entities=frozen)
