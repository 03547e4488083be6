"""Analysts' work on statements: decisions with roles, optimistic versioning, history and lexicon learning.

Every write takes an `Actor`; the role is checked here, in the data layer, not only by the UI:
viewer reads; analyst reviews statements and adds missed ones; admin also adds topics, reviews lexicon additions
and deletes articles. A save carries the version the analyst started from; if someone saved in between, the save
is refused with `EditConflict` holding the other analyst's values (never a silent overwrite); replacing a decision
another analyst made earlier needs `replace_other=True` (else `DecidedByOther`, so the UI can show it first).
A speaker correction teaches its mention as an alias only when `goftar.learning` finds it a plausible name.
Creating a person or a lexicon addition that another analyst created a moment ago reuses theirs
(INSERT … ON CONFLICT DO NOTHING, then read), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from goftar.learning import AliasLesson, alias_lesson
from goftar.store.models import (
    ArticleRow,
    LexiconAdditionRow,
    PersonRow,
    ReviewEventRow,
    ReviewRow,
    ReviewTopicRow,
    StatementRow,
    StatementTopicRow,
)
from goftar.store.repository import Store
from goftar.store.roles import ROLES, Actor, PermissionDenied  # noqa: F401  (re-exported for pages and tests)
from goftar.text import name_key, without_controls

STANCES = ("supports", "opposes", "neutral", "unclear")
STATUSES = ("accepted", "corrected", "rejected")


class EditConflict(RuntimeError):
    """Someone else saved this statement since it was loaded."""

    def __init__(self, current: ReviewState) -> None:
        super().__init__(f"{current.analyst} changed this statement at {current.updated_at:%Y-%m-%d %H:%M}")
        self.current = current


class DecidedByOther(EditConflict):
    """The statement was last decided by another analyst: their decision is shown before it is replaced."""

    def __init__(self, current: ReviewState) -> None:
        RuntimeError.__init__(self, f"{current.analyst} decided this statement at {current.updated_at:%Y-%m-%d %H:%M}: "
                                    "confirm to replace their decision")
        self.current = current


class ReviewError(ValueError):
    """A decision that cannot be stored as given (unknown stance, span outside the article, …)."""


@dataclass(frozen=True)
class ReviewState:
    """A review as stored (effective values plus the engine's at review time)."""

    id: int
    article_id: int
    start: int
    end: int
    origin: str
    engine_speaker: str | None
    engine_topics: tuple[str, ...]
    speaker: str | None
    speaker_type: str | None
    topics: tuple[str, ...]
    stances: dict
    tags: tuple[str, ...]
    note: str
    status: str
    analyst: str
    updated_at: datetime
    version: int
    stale: bool
    statement_speaker_id: int | None = None  # the engine's speaker of the statement: with the span, the key
    statement_speaker: str | None = None

    def values(self) -> dict:
        """The reviewable values, for history and comparisons."""
        return {"speaker": self.speaker, "topics": sorted(self.topics), "stances": dict(self.stances),
                "tags": list(self.tags), "note": self.note, "status": self.status}


@dataclass(frozen=True)
class QueueItem:
    """A statement in the review queue: engine values, review values (if any), context."""

    article_id: int
    article_title: str
    start: int
    end: int
    text: str
    mention: str
    engine_speaker: str | None
    engine_topics: tuple[str, ...]
    review: ReviewState | None
    sentence_index: int | None
    engine_speaker_id: int | None = None  # with the span, what tells two statements of one sentence apart

    @property
    def status(self) -> str:
        """«unreviewed» or the review's status."""
        return self.review.status if self.review else "unreviewed"

    @property
    def speaker(self) -> str | None:
        """The reviewed speaker, else the engine's."""
        return self.review.speaker if self.review else self.engine_speaker

    @property
    def topics(self) -> tuple[str, ...]:
        """The reviewed topics, else the engine's."""
        return self.review.topics if self.review else self.engine_topics

    @property
    def key(self) -> str:
        """Stable id of the statement across re-analysis: «article:start-end/speaker-id»."""
        return statement_key(self.article_id, self.start, self.end, self.engine_speaker_id)


@dataclass
class Decision:
    """What an analyst sets on a statement."""

    status: str = "accepted"
    speaker: str | None = None
    speaker_type: str = "person"
    topics: list[str] | None = None
    stances: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    note: str = ""
    topic_phrases: dict[str, str] = field(default_factory=dict)  # topic id → words in the sentence that name it
    learn: bool = True  # False: a corrected speaker fixes this statement only and teaches no alias


def statement_key(article_id: int, start: int, end: int, speaker_id: int | None) -> str:
    """«article:start-end/speaker-id»: a statement's id in the queue and the exports (the speaker tells apart two
    statements of one sentence)."""
    return f"{article_id}:{start}-{end}/{speaker_id if speaker_id is not None else '-'}"


def _same(article_id: int, start: int, end: int, speaker_id: int | None):
    """SQL: the review of this statement (any speaker's when `speaker_id` is None)."""
    where = and_(ReviewRow.article_id == article_id, ReviewRow.start == start, ReviewRow.end == end)
    return where if speaker_id is None else and_(where, ReviewRow.statement_speaker_id == speaker_id)


def sentence_hash(text: str) -> str:
    """Fingerprint of a statement's text, to notice when re-analysis changed the sentence."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


class Reviews:
    """Review operations over a Store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # --- reading -------------------------------------------------------------------------------------------
    def _states(self, connection, where) -> list[ReviewState]:
        keyed = aliased(PersonRow)
        rows = connection.execute(
            select(*ReviewRow.__table__.c, PersonRow.name.label("speaker_name"), PersonRow.type.label("speaker_kind"),
                   keyed.name.label("key_speaker"))
            .outerjoin(PersonRow, PersonRow.id == ReviewRow.speaker_id)
            .outerjoin(keyed, keyed.id == ReviewRow.statement_speaker_id)
            .where(where).order_by(ReviewRow.article_id, ReviewRow.start, ReviewRow.statement_speaker_id)
        ).all()
        ids = [row.id for row in rows]
        topics: dict[int, list[str]] = {}
        if ids:
            for review_id, topic in connection.execute(
                select(ReviewTopicRow.review_id, ReviewTopicRow.topic).where(ReviewTopicRow.review_id.in_(ids))
            ):
                topics.setdefault(review_id, []).append(topic)
        return [
            ReviewState(
                id=r.id, article_id=r.article_id, start=r.start, end=r.end, origin=r.origin,
                engine_speaker=r.engine_speaker, engine_topics=tuple(r.engine_topics or ()), speaker=r.speaker_name,
                speaker_type=r.speaker_kind, topics=tuple(sorted(topics.get(r.id, []))), stances=dict(r.stances or {}),
                tags=tuple(r.tags or ()), note=r.note or "", status=r.status, analyst=r.analyst,
                updated_at=_aware(r.updated_at), version=r.version, stale=bool(r.stale),
                statement_speaker_id=r.statement_speaker_id, statement_speaker=r.key_speaker,
            )
            for r in rows
        ]

    def state(self, article_id: int, start: int, end: int, speaker_id: int | None = None) -> ReviewState | None:
        """The review of a statement (the span's first, unless the engine speaker's person id is given), if any."""
        with self.engine.connect() as connection:
            found = self._states(connection, _same(article_id, start, end, speaker_id))
        return found[0] if found else None

    def queue(self, *, article_id: int | None = None, speaker: str | None = None, topic: str | None = None,
              status: str | None = None, analyst: str | None = None, limit: int | None = 2000) -> list[QueueItem]:
        """Statements to review (engine-found and added by hand), filtered; in article and text order."""
        query = (
            select(StatementRow.article_id, StatementRow.start, StatementRow.end, StatementRow.text,
                   StatementRow.mention, StatementRow.sentence_index, StatementRow.id, PersonRow.name,
                   StatementRow.speaker_id,
                   ArticleRow.title, func.substr(ArticleRow.display_text, 1, 60).label("opening"))
            .join(PersonRow, PersonRow.id == StatementRow.speaker_id)
            .join(ArticleRow, ArticleRow.id == StatementRow.article_id)
            .order_by(StatementRow.article_id.desc(), StatementRow.start)
        )
        if limit is not None:
            query = query.limit(limit)
        if article_id is not None:
            query = query.where(StatementRow.article_id == article_id)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
            statement_topics: dict[int, list[str]] = {}
            ids = [r.id for r in rows]
            for chunk in _chunks(ids, 900):
                for statement_id, topic_id in connection.execute(
                    select(StatementTopicRow.statement_id, StatementTopicRow.topic)
                    .where(StatementTopicRow.statement_id.in_(chunk))
                ):
                    statement_topics.setdefault(statement_id, []).append(topic_id)
            review_filter = ReviewRow.article_id == article_id if article_id is not None else ReviewRow.id.is_not(None)
            reviews = {(s.article_id, s.start, s.end, s.statement_speaker_id): s
                       for s in self._states(connection, review_filter)}
            titles = dict(connection.execute(
                select(ArticleRow.id, func.coalesce(ArticleRow.title, func.substr(ArticleRow.display_text, 1, 60)))
                .where(ArticleRow.id.in_({s.article_id for s in reviews.values()} or {-1}))
            ).all())
            texts = self._span_texts(connection, [s for s in reviews.values() if s.origin == "analyst"])
        items = [
            QueueItem(r.article_id, r.title or " ".join(r.opening.split()[:7]) + "…", r.start, r.end, r.text,
                      r.mention or "", r.name, tuple(statement_topics.get(r.id, ())),
                      reviews.pop((r.article_id, r.start, r.end, r.speaker_id), None), r.sentence_index, r.speaker_id)
            for r in rows
        ]
        for state in reviews.values():  # added by hand, or the engine no longer finds it
            items.append(QueueItem(state.article_id, titles.get(state.article_id, ""), state.start, state.end,
                                   texts.get(state.id, ""), "", state.engine_speaker, state.engine_topics, state,
                                   None, state.statement_speaker_id))
        items.sort(key=lambda i: (-i.article_id, i.start))
        return [
            item for item in items
            if (speaker is None or item.speaker == speaker)
            and (topic is None or topic in item.topics)
            and (status is None or item.status == status)
            and (analyst is None or (item.review is not None and item.review.analyst == analyst))
        ]

    def _span_texts(self, connection, states: list[ReviewState]) -> dict[int, str]:
        """The text under each review's span: one query for all the articles involved."""
        article_ids = {state.article_id for state in states}
        if not article_ids:
            return {}
        displays = dict(connection.execute(
            select(ArticleRow.id, ArticleRow.display_text).where(ArticleRow.id.in_(article_ids))
        ).all())
        return {state.id: (displays.get(state.article_id) or "")[state.start : state.end] for state in states}

    def events(self) -> list[dict]:
        """The whole event log in time order (for agreement between analysts)."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(*ReviewEventRow.__table__.c).order_by(ReviewEventRow.id)).all()
        return [{"review_id": e.review_id, "analyst": e.analyst, "at": _aware(e.at), "action": e.action,
                 "before": e.before, "after": e.after} for e in rows]

    def for_article(self, article_id: int) -> list[ReviewState]:
        """Every review in one article."""
        with self.engine.connect() as connection:
            return self._states(connection, ReviewRow.article_id == article_id)

    def reviewed(self) -> list[ReviewState]:
        """Every review (for the engine's quality on this corpus)."""
        with self.engine.connect() as connection:
            return self._states(connection, ReviewRow.id.is_not(None))

    def history(self, article_id: int, start: int, end: int, speaker_id: int | None = None) -> list[dict]:
        """Every change to a statement's review, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(*ReviewEventRow.__table__.c).join(ReviewRow, ReviewRow.id == ReviewEventRow.review_id)
                .where(_same(article_id, start, end, speaker_id))
                .order_by(ReviewEventRow.id)
            ).all()
        return [{"analyst": e.analyst, "at": _aware(e.at), "action": e.action, "before": e.before, "after": e.after}
                for e in rows]

    # --- writing -------------------------------------------------------------------------------------------
    def save(self, actor: Actor, article_id: int, start: int, end: int, decision: Decision,
             expected_version: int | None, *, speaker_id: int | None = None,
             replace_other: bool = False) -> ReviewState:
        """Store a decision on an engine statement; refused with EditConflict if someone saved since, and with
        DecidedByOther if another analyst made the current decision and `replace_other` is not set.

        `speaker_id` (the engine speaker's person id, `QueueItem.engine_speaker_id`) says which statement when one
        sentence holds several; it may be left out when the span holds one."""
        actor.require("analyst")
        decision = _validated(decision)
        with self.engine.begin() as connection:
            query = (select(StatementRow.id, StatementRow.text, StatementRow.mention, PersonRow.name,
                            StatementRow.speaker_id)
                     .join(PersonRow, PersonRow.id == StatementRow.speaker_id)
                     .where(StatementRow.article_id == article_id, StatementRow.start == start,
                            StatementRow.end == end))
            if speaker_id is not None:
                query = query.where(StatementRow.speaker_id == speaker_id)
            found = connection.execute(query.order_by(StatementRow.position)).all()
            if len(found) > 1:
                raise ReviewError("several statements share this sentence: say which speaker's (speaker_id)")
            statement = found[0] if found else None
            key_speaker = statement.speaker_id if statement else speaker_id
            current = self._states(connection, _same(article_id, start, end, key_speaker))
            if statement is None and len(current) > 1:
                raise ReviewError("several reviews share this sentence: say which speaker's (speaker_id)")
            if statement is None and not current:
                raise ReviewError("no statement at that span")
            if statement is None:
                key_speaker = current[0].statement_speaker_id
            engine_topics = sorted(connection.scalars(
                select(StatementTopicRow.topic).where(StatementTopicRow.statement_id == statement.id)
            )) if statement else list(current[0].engine_topics)
            engine_speaker = statement.name if statement else current[0].engine_speaker
            mention = statement.mention if statement else ""
            text = statement.text if statement else self._span_texts(connection, current).get(current[0].id, "")
            topics = sorted(set(decision.topics if decision.topics is not None else engine_topics))
            speaker = decision.speaker or engine_speaker
            status = decision.status
            if status == "accepted" and (speaker != engine_speaker or topics != engine_topics):
                status = "corrected"
            state = self._write(connection, actor, article_id, start, end, text, "engine", engine_speaker,
                                engine_topics, speaker, decision, topics, status, current, expected_version,
                                replace_other, key_speaker)
            self._learn(connection, actor, decision, speaker, engine_speaker, mention, text)
        return state

    def add_missed(self, actor: Actor, article_id: int, start: int, end: int, decision: Decision) -> ReviewState:
        """Record a statement the engine missed (a sentence or span chosen in the reader)."""
        actor.require("analyst")
        decision = _validated(decision)
        if not decision.speaker:
            raise ReviewError("a missed statement needs its speaker")
        with self.engine.begin() as connection:
            display = connection.scalar(select(ArticleRow.display_text).where(ArticleRow.id == article_id))
            if display is None or not (0 <= start < end <= len(display)):
                raise ReviewError("the span is not inside the article")
            key_speaker = self._person(connection, decision.speaker, decision.speaker_type)
            current = self._states(connection, _same(article_id, start, end, key_speaker))
            if current:
                raise EditConflict(current[0])
            topics = sorted(set(decision.topics or []))
            state = self._write(connection, actor, article_id, start, end, display[start:end], "analyst", None, [],
                                decision.speaker, decision, topics, "accepted", [], None, False, key_speaker)
            self._learn(connection, actor, decision, decision.speaker, None, "", display[start:end])
        return state

    def _write(self, connection, actor, article_id, start, end, text, origin, engine_speaker, engine_topics, speaker,
               decision, topics, status, current, expected_version, replace_other,
               key_speaker) -> ReviewState:
        now = datetime.now(UTC)
        speaker_id = self._person(connection, speaker, decision.speaker_type) if speaker else None
        values = {"speaker_id": speaker_id, "stances": dict(decision.stances), "tags": list(decision.tags),
                  "note": decision.note, "status": status, "analyst": actor.name, "updated_at": now}
        if current:
            before = current[0]
            if expected_version != before.version:
                raise EditConflict(before)
            if before.analyst != actor.name and not replace_other:
                raise DecidedByOther(before)
            result = connection.execute(
                update(ReviewRow).where(ReviewRow.id == before.id, ReviewRow.version == expected_version)
                .values(**values, version=ReviewRow.version + 1, stale=False)
            )
            if result.rowcount != 1:  # a concurrent save won the race
                raise EditConflict(self._states(connection, ReviewRow.id == before.id)[0])
            review_id = before.id
            connection.execute(delete(ReviewTopicRow).where(ReviewTopicRow.review_id == review_id))
            action, before_values = "update", {**before.values(), "analyst": before.analyst}
        else:
            if expected_version is not None:
                raise EditConflict(self._states(connection, _same(article_id, start, end, key_speaker))[0])
            try:
                with connection.begin_nested():
                    review_id = connection.scalar(insert(ReviewRow).returning(ReviewRow.id).values(
                        article_id=article_id, start=start, end=end, statement_speaker_id=key_speaker,
                        sentence_hash=sentence_hash(text), origin=origin,
                        engine_speaker=engine_speaker, engine_topics=list(engine_topics), version=1, stale=False,
                        **values,
                    ))
            except IntegrityError:  # another analyst made the first decision at the same moment
                raise EditConflict(self._states(connection, _same(article_id, start, end, key_speaker))[0]) from None
            action = "create" if origin == "engine" else "add_missed"
            before_values = {"speaker": engine_speaker, "topics": list(engine_topics)} if origin == "engine" else None
        if topics:
            connection.execute(insert(ReviewTopicRow), [{"review_id": review_id, "topic": t} for t in topics])
        state = self._states(connection, ReviewRow.id == review_id)[0]
        connection.execute(insert(ReviewEventRow).values(
            review_id=review_id, analyst=actor.name, at=now, action=action, before=before_values,
            after=state.values(),
        ))
        return state

    def _person(self, connection, name: str, kind: str) -> int:
        key = name_key(name)  # another spelling of a stored speaker's name is that speaker
        found = connection.scalar(select(PersonRow.id).where(PersonRow.name_key == key).order_by(
            (PersonRow.type != kind), PersonRow.id))
        if found is not None:
            return found
        # Another analyst may create the same speaker at this moment: theirs is reused, never an IntegrityError.
        connection.execute(_insert_or_skip(connection, PersonRow).values(name=name, name_key=key, type=kind,
                                                                         aliases=[], roles=[]))
        return connection.scalar(select(PersonRow.id).where(PersonRow.name_key == key, PersonRow.type == kind))

    def _taught(self, connection) -> tuple[list[str], dict[str, str]]:
        """Issue forms and person aliases analysts taught (active), for the alias guard."""
        forms, aliases = [], {}
        for kind, value, target, details in connection.execute(
            select(LexiconAdditionRow.kind, LexiconAdditionRow.value, LexiconAdditionRow.target,
                   LexiconAdditionRow.details).where(LexiconAdditionRow.status == "active")
        ):
            if kind == "person_alias":
                aliases[value] = target
            else:
                forms.extend((details or {}).get("forms", []) if kind == "topic" else [value])
        return forms, aliases

    def _lesson(self, connection, mention: str, speaker: str | None, engine_speaker: str | None) -> AliasLesson | None:
        from goftar.lexicon import load_lexicon

        if not (speaker and mention and speaker != engine_speaker):
            return None
        return alias_lesson(mention, speaker, load_lexicon(), *self._taught(connection))

    def lesson_for(self, mention: str, speaker: str | None, engine_speaker: str | None) -> AliasLesson | None:
        """What correcting `engine_speaker` to `speaker` on a statement whose subject is `mention` would teach; no
        query at all when nothing would change (the Review page has the statement already)."""
        if not (speaker and mention and speaker != engine_speaker):
            return None
        with self.engine.connect() as connection:
            return self._lesson(connection, mention, speaker, engine_speaker)

    def lesson(self, article_id: int, start: int, end: int, speaker: str | None) -> AliasLesson | None:
        """What saving `speaker` on this engine statement would teach (None when nothing would be learned)."""
        with self.engine.connect() as connection:
            statement = connection.execute(
                select(StatementRow.mention, PersonRow.name).join(PersonRow, PersonRow.id == StatementRow.speaker_id)
                .where(StatementRow.article_id == article_id, StatementRow.start == start, StatementRow.end == end)
            ).first()
            if statement is None:
                return None
            return self._lesson(connection, statement.mention or "", speaker, statement.name)

    def _learn(self, connection, actor, decision: Decision, speaker, engine_speaker, mention: str, text: str) -> None:
        """A corrected speaker teaches the mention as an alias if it is a plausible name of that speaker and the
        analyst did not opt out; a topic named by hand teaches its phrase."""
        lesson = self._lesson(connection, mention, speaker, engine_speaker) if decision.learn else None
        if lesson is not None and lesson.learnable:
            self._addition(connection, actor, "person_alias", lesson.mention, speaker, {"type": decision.speaker_type})
            person_id = self._person(connection, speaker, decision.speaker_type)
            aliases = connection.scalar(
                select(PersonRow.aliases).where(PersonRow.id == person_id).with_for_update(key_share=True)) or []
            if lesson.mention not in aliases:
                connection.execute(update(PersonRow).where(PersonRow.id == person_id)
                                   .values(aliases=[*aliases, lesson.mention]))
        for topic, phrase in decision.topic_phrases.items():
            phrase = " ".join(phrase.split())
            if phrase:
                if phrase not in " ".join(text.split()):
                    raise ReviewError(f"«{phrase}» does not occur in the statement")
                self._addition(connection, actor, "topic_form", phrase, topic, {})

    def _addition(self, connection, actor, kind, value, target, details) -> None:
        already = connection.scalar(select(LexiconAdditionRow.id).where(
            LexiconAdditionRow.kind == kind, LexiconAdditionRow.value == value, LexiconAdditionRow.target == target))
        if already is None:  # taught by someone else a moment ago: theirs stands
            connection.execute(_insert_or_skip(connection, LexiconAdditionRow).values(
                kind=kind, value=value, target=target, details=details, added_by=actor.name,
                added_at=datetime.now(UTC), status="active"))

    # --- lexicon additions ------------------------------------------------------------------------------------
    def additions(self, status: str | None = "active") -> list[dict]:
        """Lexicon additions learned from analysts (for the engine, and for admins to review)."""
        query = select(*LexiconAdditionRow.__table__.c).order_by(LexiconAdditionRow.id)
        if status:
            query = query.where(LexiconAdditionRow.status == status)
        with self.engine.connect() as connection:
            return [{"id": a.id, "kind": a.kind, "value": a.value, "target": a.target, "details": a.details or {},
                     "added_by": a.added_by, "added_at": _aware(a.added_at), "status": a.status}
                    for a in connection.execute(query)]

    def set_addition_status(self, actor: Actor, addition_id: int, status: str) -> list[int]:
        """Admins keep or revoke what the engine learned; returns the articles it touches (to re-analyse them)."""
        actor.require("admin")
        if status not in ("active", "revoked"):
            raise ReviewError(f"unknown status {status}")
        with self.engine.begin() as connection:
            addition = connection.execute(select(*LexiconAdditionRow.__table__.c)
                                          .where(LexiconAdditionRow.id == addition_id)).first()
            if addition is None:
                raise ReviewError(f"no lexicon addition {addition_id}")
            connection.execute(update(LexiconAdditionRow).where(LexiconAdditionRow.id == addition_id)
                               .values(status=status))
            if addition.kind == "person_alias":  # the person's record lists only the aliases in force
                for person_id, aliases in connection.execute(
                    select(PersonRow.id, PersonRow.aliases).where(PersonRow.name == addition.target).with_for_update(key_share=True)
                ):
                    kept = [a for a in aliases or [] if a != addition.value]
                    if status == "active" and addition.value not in kept:
                        kept.append(addition.value)
                    connection.execute(update(PersonRow).where(PersonRow.id == person_id).values(aliases=kept))
            forms = (addition.details or {}).get("forms", []) if addition.kind == "topic" else [addition.value]
            return self._articles_containing(connection, forms)

    def _articles_containing(self, connection, phrases: list[str]) -> list[int]:
        """Articles whose display text holds any of the phrases (what an addition or its revocation changes)."""
        phrases = [p for p in phrases if p.strip()]
        if not phrases:
            return []
        return list(connection.scalars(select(ArticleRow.id).where(
            or_(*(ArticleRow.display_text.contains(p, autoescape=True) for p in phrases))).order_by(ArticleRow.id)))

    def previous_decisions(self) -> dict[int, dict]:
        """Per review, the last decision by an analyst other than the current one (for the export)."""
        with self.engine.connect() as connection:
            current = dict(connection.execute(select(ReviewRow.id, ReviewRow.analyst)).all())
            previous: dict[int, dict] = {}
            for review_id, analyst, after in connection.execute(
                select(ReviewEventRow.review_id, ReviewEventRow.analyst, ReviewEventRow.after)
                .order_by(ReviewEventRow.id)
            ):
                if analyst != current.get(review_id):
                    previous[review_id] = {"analyst": analyst, **(after or {})}
        return previous

    def add_topic(self, actor: Actor, topic_id: str, label_fa: str, label_en: str, forms: list[str]) -> None:
        """A new issue for the taxonomy (admin only); the engine finds its forms from the next analysis on."""
        actor.require("admin")
        topic_id = topic_id.strip()
        if not topic_id or not label_fa.strip() or not any(f.strip() for f in forms):
            raise ReviewError("a topic needs an id, a Persian label and at least one surface form")
        with self.engine.begin() as connection:
            self._addition(connection, actor, "topic", topic_id, topic_id,
                           {"label_fa": label_fa.strip(), "label_en": label_en.strip() or topic_id,
                            "forms": [f.strip() for f in forms if f.strip()]})

    def delete_article(self, actor: Actor, article_id: int) -> None:
        """Delete an article with its statements and reviews (admin only)."""
        actor.require("admin")
        with self.engine.begin() as connection:
            review_ids = select(ReviewRow.id).where(ReviewRow.article_id == article_id)
            connection.execute(delete(ReviewEventRow).where(ReviewEventRow.review_id.in_(review_ids)))
            connection.execute(delete(ReviewTopicRow).where(ReviewTopicRow.review_id.in_(review_ids)))
            connection.execute(delete(ReviewRow).where(ReviewRow.article_id == article_id))
        self.store.delete_article(article_id, actor=actor)

    # --- after re-analysis ----------------------------------------------------------------------------------
    def flag_changed_sentences(self) -> int:
        """Mark reviews whose sentence text changed (re-analysis keeps them, matched by span); returns how many."""
        flagged = 0
        with self.engine.begin() as connection:
            rows = connection.execute(
                select(ReviewRow.id, ReviewRow.article_id, ReviewRow.start, ReviewRow.end, ReviewRow.sentence_hash,
                       ReviewRow.origin, ReviewRow.statement_speaker_id, ArticleRow.display_text).join(ArticleRow, ArticleRow.id == ReviewRow.article_id)
            ).all()
            for row in rows:
                text = row.display_text[row.start : row.end]
                has_statement = row.origin == "analyst" or connection.scalar(select(exists().where(
                    StatementRow.article_id == row.article_id, StatementRow.start == row.start,
                    StatementRow.end == row.end, StatementRow.speaker_id == row.statement_speaker_id)))
                if not has_statement:  # the engine renamed the speaker: follow it if the span holds one statement
                    has_statement = self._rekey(connection, row)
                stale = sentence_hash(text) != row.sentence_hash or not has_statement
                connection.execute(update(ReviewRow).where(ReviewRow.id == row.id).values(stale=stale))
                flagged += stale
        return flagged


    def _rekey(self, connection, row) -> bool:
        """Move a review to the span's only statement when no other review claims that span; True if moved."""
        speakers = connection.scalars(select(StatementRow.speaker_id).where(
            StatementRow.article_id == row.article_id, StatementRow.start == row.start,
            StatementRow.end == row.end)).all()
        others = connection.scalar(select(func.count()).select_from(ReviewRow).where(
            _same(row.article_id, row.start, row.end, None), ReviewRow.id != row.id))
        if len(speakers) != 1 or others:
            return False
        connection.execute(update(ReviewRow).where(ReviewRow.id == row.id).values(statement_speaker_id=speakers[0]))
        return True


def _insert_or_skip(connection, model):
    """INSERT … ON CONFLICT DO NOTHING in the connection's dialect (a row another writer made stays theirs)."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    return dialect.insert(model).on_conflict_do_nothing()


def _no_controls(value: str | None) -> str | None:
    """Without control characters: invisible in a page, and PostgreSQL cannot store NUL in a text column."""
    return None if value is None else without_controls(value)


def _validated(decision: Decision) -> Decision:
    """The decision with control characters removed from the analyst's text; an unknown status or stance raises."""
    decision = replace(decision, speaker=_no_controls(decision.speaker), note=_no_controls(decision.note) or "",
                       tags=[t for t in (_no_controls(t) for t in decision.tags) if t and t.strip()])
    if decision.status not in STATUSES:
        raise ReviewError(f"unknown status {decision.status!r}")
    bad = {s for s in decision.stances.values() if s not in STANCES}
    if bad:
        raise ReviewError(f"unknown stance {sorted(bad)} (use {', '.join(STANCES)})")
    return decision


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _chunks(values: list, size: int):
    for index in range(0, len(values), size):
        yield values[index : index + size]
