"""Explore: who said what about which issue across the whole corpus (aggregates computed in SQL)."""

import pandas as pd
import streamlit as st

from app_pages import filters
from app_pages.common import (
    ARTICLE_KEY,
    chart_tabs,
    colors_for,
    corpus_version,
    guarded,
    labels,
    store,
    taxonomy,
)
from components import charts
from components.frames import counts_from_rows
from components.labels import bilingual
from components.palette import short_labels, topic_order
from components.safe import plain
from components.tables import Column, table_html
from goftar.export import frame_csv_bytes

# Right to left: the statement first (rightmost), then who, about what, where and when.
EXPLORE_TABLE = [Column("text", "statement"), Column("speaker"), Column("topics", "list"), Column("verbs"),
                 Column("article"), Column("date", "date")]


@st.cache_data(show_spinner=False)
def corpus_counts(_version: int) -> pd.DataFrame:
    """Statement counts per speaker and topic over the corpus."""
    return counts_from_rows(store().speaker_topic_counts())


@st.cache_data(show_spinner=False)
def corpus_timeline(_version: int) -> pd.DataFrame:
    """Statements per date and topic."""
    return pd.DataFrame(store().topic_timeline(), columns=["date", "topic", "statements"])


def _timeline(version: int, axis_labels: dict[str, str]) -> None:
    timeline = corpus_timeline(version)
    if timeline.empty:
        st.info("مقاله‌ها تاریخ ندارند. — No article has a date yet; dates come from the text or the upload.")
    else:
        st.plotly_chart(charts.timeline(timeline, topic_order(timeline["topic"].unique(), taxonomy()), axis_labels),
                        key="explore_timeline", width="stretch")


def _dropper(key: str, value: str):
    """A chip's ✕ for a sidebar choice: the value leaves the multiselect (a callback, before the widget exists)."""

    def drop() -> None:
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v != value]

    return drop


@guarded
def page() -> None:
    corpus = store()
    version = corpus_version()
    totals = corpus.counts()
    counts = corpus_counts(version)
    topic_labels = labels()
    axis_labels = short_labels(taxonomy())
    st.title(bilingual("کاوش در پیکره", "Explore the corpus"))
    c1, c2, c3 = st.columns(3)  # columns run right to left (assets/goftar.css): c1 is the rightmost
    c1.metric("مقاله‌ها · articles", f"{totals['articles']:,}")
    c2.metric("بیانیه‌ها · statements", f"{totals['statements']:,}")
    c3.metric("گوینده‌ها · speakers", f"{totals['people']:,}")
    if counts.empty:
        st.info("هنوز بیانیه‌ای در پیکره نیست. — No statements in the corpus yet.")
        return

    all_speakers = counts.groupby("speaker")["statements"].sum().sort_values(ascending=False).index.tolist()
    all_topics = topic_order(counts["topic"].unique(), taxonomy())
    with st.sidebar:
        speakers = st.multiselect("گوینده‌ها · speakers", all_speakers, key="explore_speakers",
                                  format_func=plain, placeholder="همه · all")
        topics = st.multiselect("موضوع‌ها · issues", all_topics, key="explore_topics",
                                format_func=lambda t: plain(topic_labels.get(t, t)), placeholder="همه · all")
        top_n = st.slider("بیشترین گوینده‌ها · top speakers", 5, 60, 20, key="explore_top")
    view = counts
    if speakers:
        view = view[view["speaker"].isin(speakers)]
    else:
        view = view[view["speaker"].isin(all_speakers[:top_n])]
    if topics:
        view = view[view["topic"].isin(topics)]
    order = topic_order(view["topic"].unique(), taxonomy(), with_mission=not topics)
    colors = colors_for(view["speaker"].unique())

    (time_tab,) = chart_tabs(view, order, axis_labels, colors, "explore", extra_tabs=("زمان · timeline",))
    if time_tab.open:
        with time_tab:
            _timeline(version, axis_labels)

    chart_filter = filters.current("explore")
    # A chart click narrows what the sidebar chose; both show as chips, and nothing filters the table unseen.
    filter_speakers = list(chart_filter.speakers) or speakers
    filter_topics = list(chart_filter.topics) or topics
    rows = corpus.statements(speakers=filter_speakers or None, topics=[t for t in filter_topics if t != "—"] or None,
                             limit=1000)
    table = pd.DataFrame(rows, columns=["statement_id", "article_id", "article", "date", "speaker", "speaker_type",
                                        "verbs", "topics", "text", "position"])
    table["topics"] = table["topics"].apply(lambda ids: [axis_labels.get(t, t) for t in ids])
    table["verbs"] = table["verbs"].apply(lambda verbs: "، ".join(verbs) if isinstance(verbs, list | tuple) else verbs)
    st.subheader(bilingual("بیانیه‌ها", "Statements"))
    sidebar_chips = [(f"گوینده: {name} ✕", _dropper("explore_speakers", name)) for name in speakers
                     if not chart_filter.speakers]
    sidebar_chips += [(f"موضوع: {topic_labels.get(t, t)} ✕", _dropper("explore_topics", t)) for t in topics
                      if not chart_filter.topics]
    filters.show_chips("explore", topic_labels, sidebar_chips)
    if len(rows) >= 1000:
        st.caption("نخستین ۱۰۰۰ بیانیه · the first 1,000 statements (narrow the filters for the rest)")
    st.html(table_html(table, EXPLORE_TABLE, key="explore_table"))
    st.download_button("دانلود CSV · Download CSV", frame_csv_bytes(table),
                       file_name="goftar-statements.csv", mime="text/csv", key="explore_csv")
    if not table.empty:
        titles = dict(zip(table["article_id"], table["article"], strict=False))
        target = st.selectbox("باز کردن مقاله · Open an article", list(titles), format_func=lambda i: plain(titles[i]),
                              key="explore_open_choice")
        if st.button("باز کردن در خواننده · Open in reader", key="explore_open"):
            st.session_state[ARTICLE_KEY] = target
            st.switch_page("app_pages/read.py")


page()
