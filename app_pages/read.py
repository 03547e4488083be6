"""Read: one article, right to left, speakers and issues highlighted, its statements and charts.

Shows the stored analysis with the analysts' decisions applied (never a fresh analysis): the same as Explore,
Review and the exports.
"""

import streamlit as st

from app_pages.common import (
    ARTICLE_KEY,
    actor,
    article_picker,
    article_title,
    chart_choice,
    chart_selection,
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
from components.frames import filter_statements, speaker_topic_counts, statements_frame
from components.palette import NO_TOPIC, short_labels, topic_order
from components.reader import Focus, render_article_html, render_legend_html, render_plain_html, render_statement_html
from components.safe import md_text, plain
from goftar.export import frame_csv_bytes
from goftar.store.reviews import Decision, EditConflict, PermissionDenied, ReviewError

ALL = "__all__"
STATEMENT_KEY = "read_statement"  # (article id, start, end) of a statement opened from search or Explore


@guarded
def page() -> None:
    with st.sidebar:
        chosen = article_picker("read")
    if chosen is None:
        st.info("پیکره خالی است. از صفحهٔ «افزودن» مقاله‌ای اضافه کنید. — The corpus is empty: add an article.")
        return
    st.session_state[ARTICLE_KEY] = chosen
    try:
        stored, article = reviewed_article(chosen)
    except KeyError:
        st.session_state.pop(ARTICLE_KEY, None)
        st.warning("این مقاله دیگر در پیکره نیست. — This article is no longer in the corpus.")
        return
    if article is None:
        st.title(article_title(stored))
        st.info("این مقاله در صف تحلیل دوباره است؛ پس از آن برجسته‌سازی‌ها نمایش داده می‌شوند. — This article is "
                "waiting for its re-analysis; its highlights appear when it is done.")
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
    meta = [f"منبع: {md_text(stored.source_chain or stored.source or '—')}"]
    if stored.published:
        meta.append(f"تاریخ: {stored.published.isoformat()}")
    meta.append(f"engine {article.engine_version}")
    st.caption(" · ".join(meta))
    c3, c2, c1 = st.columns(3)  # right to left: the first metric stands on the right
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
        english = {t["id"]: t["label_en"] for t in taxonomy()}
        topic_counts = [(axis_labels.get(t, t), english.get(t, ""), sum(m.topic == t for m in article.topic_mentions))
                        for t in topics_present]
        st.html(render_legend_html(speaker_rows, topic_counts, colors))

    frame = statements_frame(article, topic_labels)
    clicked_speakers, clicked_topics = chart_selection("article_heatmap")
    bar_speakers, bar_topics = chart_selection("article_bars")
    wanted_speakers = [focus.speaker] if focus.speaker else (clicked_speakers or bar_speakers)
    wanted_topics = [focus.topic] if focus.topic else (clicked_topics or bar_topics)
    shown = filter_statements(frame, wanted_speakers, wanted_topics)
    st.subheader("بیانیه‌ها · Statements")
    if wanted_speakers or wanted_topics:
        st.caption(f"نمایش {len(shown)} از {len(frame)} — filtered by "
                   + "، ".join(md_text(name) for name in [*wanted_speakers, *(topic_labels.get(t, t) for t in wanted_topics)]))
    st.dataframe(
        shown.drop(columns=["topic_ids", "speaker_type"]), hide_index=True, width="stretch", key="statements_table",
        column_config={
            "statement": st.column_config.NumberColumn("#", width="small"),
            "speaker": st.column_config.TextColumn("گوینده · speaker"),
            "role": st.column_config.TextColumn("سمت · role"),
            "verbs": st.column_config.TextColumn("فعل · verbs"),
            "topics": st.column_config.ListColumn("موضوع‌ها · issues"),
            "quote": st.column_config.TextColumn("نقل · quote", width="large"),
            "sentence": st.column_config.NumberColumn("جمله · sentence", width="small"),
            "kind": st.column_config.TextColumn("نوع · kind", width="small"),
            "status": st.column_config.TextColumn("بازبینی · review", width="small"),
        },
    )
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
        covered = {s.sentence for s in article.statements}
        candidates = [s for s in article.sentences if s.index not in covered]
        if not candidates:
            st.caption("همهٔ جمله‌ها بیانیه دارند. — Every sentence already has a statement.")
            return
        sentence = st.selectbox("جمله · sentence", candidates, key="missed_sentence",
                                format_func=lambda s: plain(f"{s.index + 1}. {s.text[:90]}{'…' if len(s.text) > 90 else ''}"))
        people = sorted({*(e.name for e in article.entities), *colors})
        speaker = st.selectbox("گوینده · speaker", [*people, "__new__"], key="missed_speaker",
                               format_func=lambda p: "➕ گویندهٔ تازه · new speaker" if p == "__new__" else plain(p))
        new_name = st.text_input("نام گویندهٔ تازه · new speaker", key="missed_new_speaker") if speaker == "__new__" else ""
        topics = st.multiselect("موضوع‌ها · issues", [t["id"] for t in taxonomy()], key="missed_topics",
                                format_func=lambda t: plain(labels().get(t, t)))
        if st.button("ثبت بیانیه · Save statement", key="missed_save"):
            name = new_name.strip() if speaker == "__new__" else speaker
            if not name:
                st.error("نام گوینده لازم است. — The speaker's name is needed.")
                return
            if stored.display_text[sentence.start : sentence.end] != sentence.text:
                st.error("متن ذخیره‌شده با تحلیل کنونی فرق دارد؛ پیکره را دوباره تحلیل کنید. — Re-analyse the corpus first.")
                return
            try:
                reviews().add_missed(who, stored.id, sentence.start, sentence.end,
                                     Decision(speaker=name, topics=list(topics)))
            except (EditConflict, PermissionDenied, ReviewError) as error:
                st.error(md_text(error))
                return
            corpus_changed()
            st.success("ثبت شد؛ در صفحهٔ بازبینی و نمودارهای پیکره دیده می‌شود. — Saved: it now counts in Review and "
                       "Explore.")


page()
