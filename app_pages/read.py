"""Read: one article, right to left, speakers and issues highlighted, its statements and charts.

Shows the stored analysis with the analysts' decisions applied (never a fresh analysis): the same as Explore,
Review and the exports.
"""

import streamlit as st

from app_pages import filters
from app_pages.common import (
    ARTICLE_KEY,
    actor,
    article_picker,
    article_title,
    chart_choice,
    colors_for,
    corpus_changed,
    corpus_version,
    guarded,
    labels,
    reviewed_article,
    reviews,
    show_chart,
    taxonomy,
)
from components.article_meta import article_meta
from components.context import best_guess_speaker, missed_candidates
from components.frames import filter_statements, speaker_topic_counts, statements_frame
from components.labels import ISSUES_PLACEHOLDER, bilingual, bilingual_message, english, fa_en
from components.palette import NO_TOPIC, short_labels, topic_order
from components.reader import Focus, render_article_html, render_legend_html, render_plain_html, render_statement_html
from components.safe import md_text, plain
from components.tables import Column, table_html
from goftar.export import frame_csv_bytes
from goftar.store.reviews import Decision, EditConflict, PermissionDenied, ReviewError

ALL = "__all__"
# Right to left: the statement first (rightmost), then who said it, how and about what.
STATEMENT_TABLE = [Column("quote", "statement"), Column("speaker"), Column("role"), Column("verbs"),
                   Column("topics", "list"), Column("statement", "number"), Column("sentence", "number"),
                   Column("kind"), Column("status")]
STATEMENT_KEY = "read_statement"  # (article id, start, end) of a statement opened from search or Explore


@guarded
def page() -> None:
    with st.sidebar:
        chosen = article_picker("read")
    if chosen is None:
        st.info(fa_en("پیکره خالی است. از صفحهٔ «افزودن» مقاله‌ای اضافه کنید.", "The corpus is empty: add an article."))
        return
    st.session_state[ARTICLE_KEY] = chosen
    try:
        stored, article = reviewed_article(chosen)
    except KeyError:
        st.session_state.pop(ARTICLE_KEY, None)
        st.warning(fa_en("این مقاله دیگر در پیکره نیست.", "This article is no longer in the corpus."))
        return
    if article is None:
        st.title(md_text(article_title(stored)))
        st.info(fa_en("این مقاله در صف تحلیل دوباره است؛ پس از آن برجسته‌سازی‌ها نمایش داده می‌شوند.",
                      "This article is waiting for its re-analysis; its highlights appear when it is done."))
        st.html(render_plain_html(stored.display_text))
        return
    topic_labels = labels()
    axis_labels = short_labels(taxonomy())

    speakers = [e.name for e in article.speakers]
    colors = colors_for(speakers)
    topics_present = topic_order([t.topic for t in article.topic_mentions], taxonomy())
    with st.sidebar:
        focus_speaker = st.selectbox("تمرکز بر گوینده · Focus speaker", [ALL, *speakers], key="focus_speaker",
                                     format_func=lambda s: "همه · all" if s == ALL else plain(s))
        focus_topic = st.selectbox("تمرکز بر موضوع · Focus issue", [ALL, *topics_present], key="focus_topic",
                                   format_func=lambda t: "همه · all" if t == ALL else plain(topic_labels.get(t, t)))
    focus = Focus(None if focus_speaker == ALL else focus_speaker, None if focus_topic == ALL else focus_topic)

    st.title(md_text(article_title(stored)))
    st.caption(md_text(article_meta(stored.source, stored.source_chain, stored.published)),
               help=fa_en(f"تاریخ میلادی: {stored.published.isoformat() if stored.published else '—'}؛ "
                          f"نسخهٔ تحلیلگر {article.engine_version}",
                          f"Gregorian date: {stored.published.isoformat() if stored.published else '—'}; "
                          f"analysed by engine {article.engine_version}"))
    c1, c2, c3 = st.columns(3)  # columns run right to left (assets/goftar.css): c1 is the rightmost
    c1.metric("بیانیه‌ها · statements", len(article.statements))
    c2.metric("گوینده‌ها · speakers", len(speakers))
    c3.metric("موضوع‌ها · issues", len(topics_present))

    opened = st.session_state.get(STATEMENT_KEY)
    if opened and opened[0] == stored.id and 0 <= opened[1] < opened[2] <= len(article.text):
        st.caption("بیانیهٔ برگزیده · the statement you opened")
        st.html(render_statement_html(article, opened[1], opened[2], colors=colors, labels=topic_labels))

    reader_column, legend_column = st.columns([3, 1], gap="medium")
    with reader_column:
        st.html(render_article_html(article, focus, colors=colors, labels=topic_labels))
    with legend_column:
        speaker_rows = [(e.name, e.roles[0] if e.roles else "", sum(s.speaker_id == e.id for s in article.statements))
                        for e in article.speakers]
        english_names = {t["id"]: t["label_en"] for t in taxonomy()}
        topic_counts = [(axis_labels.get(t, t), english_names.get(t, ""), sum(m.topic == t for m in article.topic_mentions))
                        for t in topics_present]
        st.html(render_legend_html(speaker_rows, topic_counts, colors))

    frame = statements_frame(article, axis_labels)  # short Persian issue names: the table wraps less
    chart_filter = filters.current("article")
    # Focus (sidebar) and a chart click narrow the table together; each is a chip, nothing filters unseen.
    shown = filter_statements(frame, [focus.speaker] if focus.speaker else None, [focus.topic] if focus.topic else None)
    shown = filter_statements(shown, list(chart_filter.speakers), list(chart_filter.topics))
    st.subheader(bilingual("بیانیه‌ها", "Statements"))
    focus_chips = []
    if focus.speaker:
        focus_chips.append((f"تمرکز: {focus.speaker} ✕", lambda: st.session_state.update(focus_speaker=ALL)))
    if focus.topic:
        focus_chips.append((f"تمرکز: {topic_labels.get(focus.topic, focus.topic)} ✕",
                            lambda: st.session_state.update(focus_topic=ALL)))
    filters.show_chips("article", topic_labels, focus_chips)
    if len(shown) != len(frame):
        st.caption(f"نمایش {len(shown)} از {len(frame)} · " + english(f"showing {len(shown)} of {len(frame)}"))
    st.html(table_html(shown, STATEMENT_TABLE, key="statements"))
    st.download_button("دانلود CSV · Download CSV", frame_csv_bytes(shown.drop(columns=["topic_ids"])),
                       file_name=f"goftar-article-{stored.id}.csv", mime="text/csv", key="download_csv")

    _mark_missed(article, stored, colors)

    counts = speaker_topic_counts(article)
    order = topic_order([*counts["topic"], NO_TOPIC] if not counts.empty else [], taxonomy(), with_mission=True)
    show_chart(chart_choice("article"), counts, order, axis_labels, colors, "article",
               (stored.id, corpus_version()))


def _mark_missed(article, stored, colors) -> None:
    """Choose a sentence the engine did not attribute and name its speaker."""
    who = actor()
    if who.role not in ("analyst", "admin"):
        return
    with st.expander("نشانه‌گذاری بیانیهٔ جاافتاده · Mark a missed statement"):
        candidates = missed_candidates(article)
        if not candidates:
            st.caption(fa_en("همهٔ جمله‌ها بیانیه دارند.", "Every sentence already has a statement."))
            return
        sentence = st.selectbox("جمله · sentence", candidates, key="missed_sentence",
                                format_func=lambda s: plain(f"{s.index + 1}. {s.text[:90]}{'…' if len(s.text) > 90 else ''}"))
        people = sorted({*(e.name for e in article.entities), *colors})
        if st.session_state.get("missed_guessed_for") != (stored.id, sentence.index):  # a new sentence: propose
            st.session_state["missed_guessed_for"] = (stored.id, sentence.index)  # the engine's best guess
            guess = best_guess_speaker(article, sentence)
            if guess in people:
                st.session_state["missed_speaker"] = guess
        speaker = st.selectbox("گوینده · speaker", [*people, "__new__"], key="missed_speaker",
                               help="پیشنهاد: کسی که در همین جمله نام برده شده، وگرنه گویندهٔ پیشین · proposed: "
                                    "someone named in the sentence, else the previous statement's speaker",
                               format_func=lambda p: "➕ گویندهٔ تازه · new speaker" if p == "__new__" else plain(p))
        new_name = st.text_input("نام گویندهٔ تازه · new speaker", key="missed_new_speaker") if speaker == "__new__" else ""
        topics = st.multiselect("موضوع‌ها · issues", [t["id"] for t in taxonomy()], key="missed_topics",
                                placeholder=ISSUES_PLACEHOLDER,
                                format_func=lambda t: plain(labels().get(t, t)))
        if st.button("ثبت بیانیه · Save statement", key="missed_save"):
            name = new_name.strip() if speaker == "__new__" else speaker
            if not name:
                st.error(fa_en("نام گوینده لازم است.", "The speaker's name is needed."))
                return
            if stored.display_text[sentence.start : sentence.end] != sentence.text:
                st.error(fa_en("متن ذخیره‌شده با تحلیل کنونی فرق دارد؛ پیکره را دوباره تحلیل کنید.", "Re-analyse the corpus first."))
                return
            try:
                reviews().add_missed(who, stored.id, sentence.start, sentence.end,
                                     Decision(speaker=name, topics=list(topics)))
            except (EditConflict, PermissionDenied, ReviewError) as error:
                st.error(bilingual_message(md_text(error)))
                return
            corpus_changed()
            st.success(fa_en("ثبت شد؛ در صفحهٔ بازبینی و نمودارهای پیکره دیده می‌شود.",
                             "Saved: it now counts in Review and Explore."))


page()
