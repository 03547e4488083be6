"""Explore: who said what about which issue across the whole corpus.

Aggregates come from SQL and are cached by the corpus version; only the visible chart is built; the statements
table is fetched page by page (with the full-text search box, in SQL too).
"""

import pandas as pd
import streamlit as st

from app_pages import filters
from app_pages.common import (
    chart_choice,
    colors_for,
    corpus_summary,
    corpus_version,
    guarded,
    issue_colors,
    labels,
    open_in_reader,
    show_chart,
    speaker_counts,
    speaker_options,
    store,
    taxonomy,
)
from components import charts
from components.labels import SEARCH_PLACEHOLDER, bilingual, fa_en, page_caption
from components.palette import short_labels, topic_order
from components.safe import plain
from components.tables import Column, table_html
from goftar.export import frame_csv_bytes
from goftar.store.search import corpus_totals, statement_page

PAGE_SIZE = 50
PAGE_KEY = "explore_table_page"
TIMELINE = {"timeline": "زمان · timeline"}

# Right to left: the statement first (rightmost), then who, about what, where and when.
EXPLORE_TABLE = [Column("text", "statement"), Column("speaker"), Column("topics", "list"), Column("verbs"),
                 Column("article"), Column("date", "date")]


@st.cache_data(max_entries=4, show_spinner=False)
def _totals(version: int) -> dict[str, int]:
    return corpus_totals(store())


@st.cache_data(max_entries=4, show_spinner=False)
def _timeline(version: int) -> pd.DataFrame:
    return pd.DataFrame(store().topic_timeline(), columns=["date", "topic", "statements"])


@st.cache_data(max_entries=128, show_spinner=False)
def _page(speakers: tuple, topics: tuple, query: str, page: int, version: int) -> list[dict]:
    return statement_page(store(), speakers=list(speakers) or None, topics=list(topics) or None, query=query,
                          offset=page * PAGE_SIZE, limit=PAGE_SIZE + 1)


def _dropper(key: str, value: str):
    """A chip's ✕ for a sidebar choice: the value leaves the multiselect (a callback, before the widget exists)."""

    def drop() -> None:
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v != value]

    return drop


@guarded
def page() -> None:
    version = corpus_version()
    totals = _totals(version)
    summary = corpus_summary()
    topic_labels = labels()
    axis_labels = short_labels(taxonomy())
    st.title(bilingual("کاوش در پیکره", "Explore the corpus"))
    c1, c2, c3 = st.columns(3)  # columns run right to left (assets/goftar.css): c1 is the rightmost
    c1.metric("مقاله‌ها · articles", f"{totals['articles']:,}")
    c2.metric("بیانیه‌ها · statements", f"{totals['statements']:,}")
    c3.metric("گوینده‌ها · speakers", f"{totals['people']:,}")
    if summary.counts.empty:
        st.info(fa_en("هنوز بیانیه‌ای در پیکره نیست.", "No statements in the corpus yet."))
        return

    chosen = st.session_state.get("explore_speakers") or []
    all_topics = topic_order(summary.topics, taxonomy())
    with st.sidebar:
        speakers = st.multiselect("گوینده‌ها · speakers", speaker_options(*chosen), key="explore_speakers",
                                  format_func=plain, placeholder="همه · all")
        topics = st.multiselect("موضوع‌ها · issues", all_topics, key="explore_topics",
                                format_func=lambda t: plain(topic_labels.get(t, t)), placeholder="همه · all")
        top_n = st.slider("بیشترین گوینده‌ها · top speakers", 5, 60, 20, key="explore_top")
    view = speaker_counts(speakers or summary.ranked[:top_n])
    if topics:
        view = view[view["topic"].isin(topics)]
    order = topic_order(view["topic"].unique(), taxonomy(), with_mission=not topics)
    colors = colors_for(view["speaker"].unique())

    kind = chart_choice("explore", TIMELINE)
    if kind == "timeline":
        timeline = _timeline(version)
        if timeline.empty:
            st.info(fa_en("مقاله‌ها تاریخ ندارند.", "No article has a date yet; dates come from the text or the upload."))
        else:
            st.plotly_chart(charts.timeline(timeline, topic_order(timeline["topic"].unique(), taxonomy()),
                                            axis_labels, colors_by_topic=issue_colors()),
                            key="explore_timeline", width="stretch")
    else:
        show_chart(kind, view, order, axis_labels, colors, "explore", (version, tuple(speakers), tuple(topics), top_n))

    chart_filter = filters.current("explore")
    # A chart click narrows what the sidebar chose; both show as chips, and nothing filters the table unseen.
    filter_speakers = list(chart_filter.speakers) or speakers
    filter_topics = [t for t in (list(chart_filter.topics) or topics) if t != "—"]
    chips = [(f"گوینده: {name} ✕", _dropper("explore_speakers", name)) for name in speakers
             if not chart_filter.speakers]
    chips += [(f"موضوع: {topic_labels.get(t, t)} ✕", _dropper("explore_topics", t)) for t in topics
              if not chart_filter.topics]
    _table(filter_speakers, filter_topics, chips, topic_labels, axis_labels, version)


def _table(speakers: list[str], topics: list[str], chips: list, topic_labels: dict[str, str],
           axis_labels: dict[str, str], version: int) -> None:
    st.subheader(bilingual("بیانیه‌ها", "Statements"))
    filters.show_chips("explore", topic_labels, chips)
    query = st.text_input("جست‌وجو در بیانیه‌ها · search the statements", key="explore_search",
                          placeholder=SEARCH_PLACEHOLDER)
    signature = (tuple(speakers), tuple(topics), query.strip())
    if st.session_state.get("explore_table_signature") != signature:  # new filters: back to the first page
        st.session_state["explore_table_signature"] = signature
        st.session_state[PAGE_KEY] = 0
    number = st.session_state.get(PAGE_KEY, 0)
    rows = _page(tuple(speakers), tuple(topics), query.strip(), number, version)
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    table = pd.DataFrame(rows, columns=["statement_id", "article_id", "article", "date", "speaker", "speaker_type",
                                        "verbs", "topics", "text", "start", "end", "position"])
    table["topics"] = table["topics"].apply(lambda ids: [axis_labels.get(t, t) for t in ids])
    table["verbs"] = table["verbs"].apply(lambda verbs: "، ".join(verbs) if isinstance(verbs, list | tuple) else verbs)
    st.html(table_html(table, EXPLORE_TABLE, key="explore_table"))
    previous, position, following = st.columns([1, 2, 1])  # columns run right to left: «previous» on the right
    if following.button("صفحهٔ بعد ‹ · next page", key="explore_next_page", disabled=not more):
        st.session_state[PAGE_KEY] = number + 1
        st.rerun()
    position.caption(page_caption(number, len(rows)))
    if previous.button("› صفحهٔ قبل · previous page", key="explore_prev_page", disabled=number == 0):
        st.session_state[PAGE_KEY] = max(number - 1, 0)
        st.rerun()
    st.download_button("دانلود این صفحه · Download this page (CSV)", frame_csv_bytes(table),
                       file_name="goftar-statements.csv", mime="text/csv", key="explore_csv")
    if not table.empty:
        titles = dict(zip(table["article_id"], table["article"], strict=False))
        target = st.selectbox("باز کردن مقاله · Open an article", list(titles), format_func=lambda i: plain(titles[i]),
                              key="explore_open_choice")
        if st.button("باز کردن در خواننده · Open in reader", key="explore_open"):
            open_in_reader(int(target))


page()
