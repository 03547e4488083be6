"""Review: work through statements — accept, correct the speaker or issues, set stances, tag, reject.

Keyboard: J next, K previous, Alt+A accept, Alt+X reject, Ctrl+Enter save.
"""

import pandas as pd
import streamlit as st

from app_pages.common import (
    actor,
    article_picker,
    colors_for,
    corpus_changed,
    corpus_summary,
    corpus_version,
    engine,
    guarded,
    labels,
    reviewed_article,
    reviews,
    speaker_options,
    store,
    taxonomy,
)
from components.context import context_html, neighbours
from components.history import addition_html, history_html
from components.labels import ISSUES_PLACEHOLDER, bilingual, bilingual_message, embedded, fa_en
from components.palette import NO_TOPIC, topic_order
from components.reader import render_plain_html, render_statement_html
from components.safe import md_text, plain
from components.tables import Column, table_html
from goftar.dates import jalali_text
from goftar.store.reviews import STANCES, DecidedByOther, Decision, EditConflict, PermissionDenied, ReviewError

ANY = "__any__"
NEW = "__new__"
POSITION = "review_position"
LOADED = "review_loaded"
STANCE_LABELS = {"supports": "موافق · supports", "opposes": "مخالف · opposes", "neutral": "بی‌طرف · neutral",
                 "unclear": "نامشخص · unclear"}
STATUS_LABELS = {"unreviewed": "بازبینی‌نشده · unreviewed", "accepted": "پذیرفته · accepted",
                 "corrected": "اصلاح‌شده · corrected", "rejected": "ردشده · rejected"}


# Right to left: whose values, then the speaker, the issues and the review status.
COMPARE_TABLE = [Column("source"), Column("speaker"), Column("topics"), Column("status")]
QUEUE_LIMIT = 2000  # without an article chosen, the newest statements (filters narrow it further)


@st.cache_data(max_entries=4, show_spinner=False)
def _options(version: int) -> dict:
    """Filter choices from the cached corpus aggregates (cheap on a large corpus)."""
    from sqlalchemy import select

    from goftar.store.models import ReviewEventRow

    with store().engine.connect() as connection:
        analysts = sorted(connection.scalars(select(ReviewEventRow.analyst).distinct()))
    return {
        "speakers": speaker_options(),
        "topics": topic_order({t for t in corpus_summary().topics if t != NO_TOPIC}, taxonomy()),
        "analysts": analysts,
    }


@st.cache_resource(max_entries=16, show_spinner=False)
def _queue(article, speaker, topic, status, analyst, version: int) -> list:
    """The queue for these filters (shared, never copied: QueueItems are frozen)."""
    return reviews().queue(article_id=article, speaker=speaker, topic=topic, status=status, analyst=analyst,
                           limit=None if article is not None else QUEUE_LIMIT)


@st.cache_data(max_entries=64, show_spinner=False)
def _history(article_id: int, start: int, end: int, speaker_id: int | None, version: int) -> list[dict]:
    return reviews().history(article_id, start, end, speaker_id)


def _filters(topic_labels: dict[str, str]):
    options = _options(corpus_version())
    with st.sidebar:
        st.subheader("صف بازبینی · Queue")
        article = article_picker("review", allow_any=True)
        chosen = st.session_state.get("review_speaker_filter")
        speakers = [*options["speakers"], *([chosen] if chosen not in (None, ANY, *options["speakers"]) else [])]
        speaker = st.selectbox("گوینده · speaker", [ANY, *speakers], key="review_speaker_filter",
                               format_func=lambda s: "همه · any" if s == ANY else plain(s))
        topic = st.selectbox("موضوع · issue", [ANY, *options["topics"]], key="review_topic_filter",
                             format_func=lambda t: "همه · any" if t == ANY else plain(topic_labels.get(t, t)))
        status = st.selectbox("وضعیت · status", [ANY, *STATUS_LABELS], key="review_status_filter",
                              format_func=lambda s: "همه · any" if s == ANY else STATUS_LABELS[s])
        analyst = st.selectbox("تحلیلگر · analyst", [ANY, *options["analysts"]], key="review_analyst_filter",
                               format_func=lambda a: "همه · any" if a == ANY else plain(a))

    def pick(value):
        return None if value == ANY else value

    return _queue(article, pick(speaker), pick(topic), pick(status), pick(analyst), corpus_version())


def _load_widgets(item, people: list[str]) -> None:
    """Put the statement's current values into the form widgets when a new statement is shown."""
    state = item.review
    st.session_state[LOADED] = {"key": item.key, "version": state.version if state else None}
    st.session_state["review_speaker"] = item.speaker if item.speaker in people else NEW
    st.session_state["review_new_speaker"] = "" if item.speaker in people else (item.speaker or "")
    st.session_state["review_topics"] = list(item.topics)
    st.session_state["review_tags"] = "، ".join(state.tags) if state else ""
    st.session_state["review_note"] = state.note if state else ""
    st.session_state["review_phrase"] = ""
    st.session_state["review_skip_learning"] = False
    st.session_state["review_replace_other"] = False
    for topic in item.topics:
        st.session_state[f"review_stance_{topic}"] = (state.stances.get(topic, "unclear") if state else "unclear")


def _chosen_speaker() -> str | None:
    chosen = st.session_state.get("review_speaker")
    return (st.session_state.get("review_new_speaker", "").strip() if chosen == NEW else chosen) or None


def _decision(status: str, people: list[str]) -> Decision:
    speaker = _chosen_speaker()
    topics = list(st.session_state.get("review_topics", []))
    stances = {t: st.session_state.get(f"review_stance_{t}", "unclear") for t in topics}
    stances = {t: s for t, s in stances.items() if s != "unclear"}
    tags = [t.strip() for t in st.session_state.get("review_tags", "").replace("،", ",").split(",") if t.strip()]
    phrase = st.session_state.get("review_phrase", "").strip()
    added = [t for t in topics if t not in st.session_state.get("review_engine_topics", [])]
    return Decision(status=status, speaker=speaker or None, topics=topics, stances=stances, tags=tags,
                    note=st.session_state.get("review_note", ""),
                    topic_phrases={added[0]: phrase} if phrase and added else {},
                    learn=not st.session_state.get("review_skip_learning", False))


def _save(item, status: str, people: list[str]) -> None:
    loaded = st.session_state.get(LOADED) or {}
    try:
        state = reviews().save(actor(), item.article_id, item.start, item.end, _decision(status, people),
                               loaded.get("version"), speaker_id=item.engine_speaker_id,
                               replace_other=st.session_state.get("review_replace_other", False))
    except DecidedByOther:
        st.session_state["review_message"] = (
            "error", fa_en("ذخیره نشد: تصمیم تحلیلگر دیگر را ببینید و جایگزینی را تأیید کنید.",
                           "Not saved: another analyst decided this statement; read their decision above and tick "
                           "«replace their decision» to change it."))
        return
    except EditConflict as conflict:
        other = conflict.current
        st.session_state["review_conflict"] = {
            "key": item.key, "analyst": other.analyst, "at": jalali_text(other.updated_at.replace(tzinfo=None)), "status": other.status,
            "speaker": other.speaker, "topics": list(other.topics), "note": other.note,
        }
        return
    except (PermissionDenied, ReviewError) as error:
        st.session_state["review_message"] = ("error", bilingual_message(md_text(error)))
        return
    st.session_state.pop("review_conflict", None)
    st.session_state[LOADED] = {"key": item.key, "version": state.version}
    status_fa, _, status_en = STATUS_LABELS[state.status].partition(" · ")
    st.session_state["review_message"] = ("success", fa_en(f"ذخیره شد: {status_fa}", f"saved: {status_en}"))
    st.session_state[POSITION] = st.session_state.get(POSITION, 0) + 1
    corpus_changed()


@guarded
def page() -> None:
    topic_labels = labels()
    who = actor()
    st.title(bilingual("بازبینی بیانیه‌ها", "Review statements"))
    queue = _filters(topic_labels)
    if not queue:
        st.info(fa_en("بیانیه‌ای با این فیلترها نیست.", "No statements match these filters."))
        return
    position = min(st.session_state.get(POSITION, 0), len(queue) - 1)
    nav_prev, nav_info, nav_next = st.columns([1, 3, 1])  # columns run right to left: «previous» on the right
    if nav_next.button("‹ بعدی · next", key="review_next", shortcut="J", width="stretch"):
        position = min(position + 1, len(queue) - 1)
    if nav_prev.button("قبلی › · previous", key="review_prev", shortcut="K", width="stretch"):
        position = max(position - 1, 0)
    st.session_state[POSITION] = position
    item = queue[position]
    nav_info.markdown(f"**{position + 1} / {len(queue)}** · {md_text(item.article_title)} · "
                      f"{STATUS_LABELS[item.status]}" + (" · ⚠️ جمله تغییر کرده · sentence changed"
                                                        if item.review and item.review.stale else ""))

    _stored, article = reviewed_article(item.article_id)
    entities = [e.name for e in article.entities] if article else []
    people = sorted({*entities, *speaker_options(*(n for n in (item.speaker, item.engine_speaker) if n))})
    if (st.session_state.get(LOADED) or {}).get("key") != item.key:
        _load_widgets(item, people)
    st.session_state["review_engine_topics"] = list(item.engine_topics)
    if article is not None:
        before, after = neighbours(article, item.start, item.end)  # the statement alone is often unreadable
        st.html(context_html(before, "جملهٔ پیش · before")
                + render_statement_html(article, item.start, item.end, colors=colors_for(entities),
                                        labels=topic_labels)
                + context_html(after, "جملهٔ پس · after"))
    else:
        st.html(render_plain_html(item.text))

    message = st.session_state.pop("review_message", None)
    if message:
        getattr(st, message[0])(message[1])
    conflict = st.session_state.get("review_conflict")
    if conflict and conflict["key"] == item.key:
        who_at = f"{md_text(conflict['analyst'])} · {conflict['at']}"
        st.error(
            fa_en(f"ذخیره نشد: {who_at} این بیانیه را تغییر داده است.", f"Not saved: {who_at} changed this statement:")
            + "\n\n" + _described(conflict["status"], conflict["speaker"], conflict["topics"], conflict["note"], topic_labels)
        )
        if st.button("بارگذاری نسخهٔ تازه · Load their version", key="review_reload"):
            st.session_state.pop("review_conflict", None)
            fresh = next(i for i in reviews().queue(article_id=item.article_id) if i.key == item.key)
            _load_widgets(fresh, people)
            st.rerun()

    def issues(ids) -> str:
        return "، ".join(topic_labels.get(t, t) for t in ids) or "—"

    # An RTL table (a card per row on a phone): the data grid drew it left to right, its last column off a phone's
    # screen, and its toolbar over the sentence above.
    compare = pd.DataFrame([
        {"source": "موتور · engine", "speaker": item.engine_speaker, "topics": issues(item.engine_topics),
         "status": ""},
        {"source": "تحلیلگر · analyst", "speaker": item.review.speaker if item.review else "",
         "topics": issues(item.review.topics) if item.review else "", "status": STATUS_LABELS[item.status]},
    ])
    st.html(table_html(compare, COMPARE_TABLE, key="review_compare"))

    can_edit = who.role in ("analyst", "admin")
    if can_edit and item.review and item.review.analyst != who.name:
        decided = item.review
        st.warning(
            fa_en(f"آخرین تصمیم از {md_text(decided.analyst)} است ({jalali_text(decided.updated_at.replace(tzinfo=None))}).",
                  f"Last decided by {embedded(md_text(decided.analyst))}:")
            + "\n\n" + _described(decided.status, decided.speaker, decided.topics, decided.note, topic_labels)
        )
        st.checkbox("تصمیم او را جایگزین کن · replace their decision (both stay in the history)",
                    key="review_replace_other")
    right, left = st.columns(2)  # columns run right to left: speaker and issues first, also on a phone
    with right:
        st.selectbox("گوینده · speaker", [*people, NEW], key="review_speaker", disabled=not can_edit,
                     format_func=lambda p: "➕ گویندهٔ تازه · new speaker" if p == NEW else plain(p))
        if st.session_state.get("review_speaker") == NEW:
            st.text_input("نام گویندهٔ تازه · new speaker's name", key="review_new_speaker", disabled=not can_edit)
        all_topics = topic_order([t["id"] for t in taxonomy()], taxonomy())
        st.multiselect("موضوع‌ها · issues", all_topics, key="review_topics", disabled=not can_edit,
                       placeholder=ISSUES_PLACEHOLDER,
                       format_func=lambda t: plain(topic_labels.get(t, t)))
        st.text_input("واژه‌های نام‌برندهٔ موضوع افزوده · words naming an issue you added (optional)",
                      key="review_phrase", disabled=not can_edit,
                      help=fa_en("به موتور آموخته می‌شود: نام دیگری برای آن موضوع.",
                                 "Taught to the engine as a new surface form of that issue."))
    with left:
        for topic in st.session_state.get("review_topics", []):
            st.selectbox(f"موضع دربارهٔ {md_text(topic_labels.get(topic, topic))} · stance", list(STANCES),
                         key=f"review_stance_{topic}", format_func=STANCE_LABELS.get, disabled=not can_edit)
        st.text_input("برچسب‌ها · tags (comma separated)", key="review_tags", disabled=not can_edit)
        st.text_area("یادداشت · note", key="review_note", height=80, disabled=not can_edit)
    if can_edit:
        _lesson_preview(item)
        accept, reject, save = st.columns(3)
        if accept.button("پذیرفتن · accept", key="review_accept", shortcut="Alt+A", type="primary", width="stretch"):
            _save(item, "accepted", people)
            st.rerun()
        if reject.button("رد کردن · reject", key="review_reject", shortcut="Alt+X", width="stretch"):
            _save(item, "rejected", people)
            st.rerun()
        if save.button("ذخیرهٔ تغییرات · save", key="review_save", shortcut="Ctrl+Enter", width="stretch"):
            _save(item, "accepted", people)
            st.rerun()
    else:
        st.info(fa_en("نقش شما فقط خواندن است.", "Your role is viewer: you can read, not tag."))

    with st.expander("تاریخچه · History"):
        history = _history(item.article_id, item.start, item.end, item.engine_speaker_id, corpus_version())
        if history:
            st.html(history_html(history, topic_labels))
        else:
            st.caption(fa_en("هنوز تغییری نیست.", "No changes yet."))
    if who.role == "admin":
        _admin_tools()


def _described(status, speaker, topics, note, topic_labels: dict[str, str]) -> str:
    """Another analyst's decision as Markdown-safe text: status, speaker, issues, note."""
    issues = "، ".join(md_text(topic_labels.get(t, t)) for t in topics) or "—"
    # what an analyst typed is isolated in its own direction: an English note would pull the «» around it apart
    text = (f"{STATUS_LABELS.get(status, md_text(status))} · گوینده · speaker: {embedded(md_text(speaker or '—'))} · "
            f"موضوع‌ها · issues: {issues}")
    return text + (f" · یادداشت · note: «{embedded(md_text(note))}»" if note else "")


def _lesson_preview(item) -> None:
    """What a speaker correction will teach the engine, with a box to skip it; or why it teaches nothing."""
    lesson = reviews().lesson_for(item.mention, _chosen_speaker(), item.engine_speaker)
    if lesson is None:
        return
    if lesson.learnable:
        st.info(fa_en(f"«{md_text(lesson.mention)}» از این پس در همهٔ مقاله‌ها {md_text(lesson.speaker)} خوانده می‌شود.",
                      f"«{md_text(lesson.mention)}» will be read as {md_text(lesson.speaker)} in every article."))
        st.checkbox("این را یاد نده · don't teach this (correct this statement only)", key="review_skip_learning")
    else:
        problem_fa, _, problem_en = (lesson.problem or "").partition(" — ")
        st.caption(fa_en(f"«{md_text(lesson.mention)}» آموخته نمی‌شود: {md_text(problem_fa)}",
                         f"will not be learned: {md_text(problem_en or problem_fa)}"))


def _admin_tools() -> None:
    with st.expander("آنچه موتور آموخت · What the engine learned (admin)"):
        additions = reviews().additions(status=None)
        if not additions:
            st.caption(fa_en("هنوز چیزی آموخته نشده.", "Nothing learned yet."))
        for addition in additions:
            cols = st.columns([4, 1])
            cols[0].html(addition_html(addition, labels()))  # a sentence, not «person_alias: … (ana, active)»
            flip = "revoked" if addition["status"] == "active" else "active"
            if cols[1].button("لغو · revoke" if flip == "revoked" else "فعال · restore", key=f"addition_{addition['id']}"):
                touched = reviews().set_addition_status(actor(), addition["id"], flip)
                corpus_changed()  # a new corpus version: `engine()` is built again without (or with) this one
                if touched:  # the engine now reads these articles differently: analyse them again at once
                    with st.spinner("در حال تحلیل دوباره · re-analysing"):
                        store().reanalyze(engine().analyze, article_ids=touched, actor=actor())
                    corpus_changed()
                st.session_state["review_message"] = (
                    "success", fa_en(f"{len(touched)} مقاله دوباره تحلیل شد.", f"{len(touched)} articles re-analysed."))
                st.rerun()
    with st.expander("موضوع تازه · New issue (admin)"):
        topic_id = st.text_input("شناسه · id (Latin, stable)", key="new_topic_id")
        label_fa = st.text_input("برچسب فارسی · Persian label", key="new_topic_fa")
        label_en = st.text_input("برچسب انگلیسی · English label", key="new_topic_en")
        forms = st.text_area("شکل‌های متنی، هر خط یکی · surface forms, one per line", key="new_topic_forms")
        if st.button("افزودن موضوع · Add issue", key="new_topic_add"):
            try:
                reviews().add_topic(actor(), topic_id, label_fa, label_en, forms.splitlines())
            except (ReviewError, PermissionDenied) as error:
                st.error(bilingual_message(md_text(error)))
            else:
                st.success(fa_en(f"«{md_text(label_fa)}» افزوده شد؛ تحلیل دوباره آن را در متن‌ها می‌یابد.",
                                 "Added; re-analyse to find it."))


page()
