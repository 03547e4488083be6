"""Search: Persian full-text search over statements and articles, combinable with speaker, issue, date and source.

Folding makes the search ZWNJ-, space- and ي/ك-insensitive and digits match in both scripts; each word matches
as a prefix. Results are fetched page by page in SQL (FTS5 on SQLite, text search on PostgreSQL) and cached by the
corpus version.
"""

from datetime import date

import streamlit as st

from app_pages.common import (
    corpus_version,
    guarded,
    labels,
    open_in_reader,
    speaker_options,
    store,
    taxonomy,
)
from components.labels import SEARCH_PLACEHOLDER, fa_en, latin_name, page_caption
from components.palette import topic_order
from components.safe import md_text, plain
from components.search import render_hit_html
from goftar.dates import jalali_text
from goftar.store.search import search_articles, sources, statement_page

PAGE_SIZE = 20
PAGE_KEY = "search_page"


@st.cache_data(max_entries=4, show_spinner=False)
def _sources(version: int) -> list[str]:
    return sources(store())


@st.cache_data(max_entries=128, show_spinner=False)
def _statements(query: str, speakers: tuple, topics: tuple, chosen_sources: tuple, dates: tuple, page: int,
                version: int) -> list[dict]:
    return statement_page(store(), query=query, speakers=list(speakers) or None, topics=list(topics) or None,
                          sources=list(chosen_sources) or None, date_from=dates[0], date_to=dates[1],
                          offset=page * PAGE_SIZE, limit=PAGE_SIZE + 1)


@st.cache_data(max_entries=64, show_spinner=False)
def _articles(query: str, page: int, version: int) -> list[dict]:
    found = search_articles(store(), query, offset=page * PAGE_SIZE, limit=PAGE_SIZE + 1)
    return [{**row, "published": jalali_text(row["published"])} for row in found]  # dates read Jalali


def _filters(topic_labels: dict[str, str]):
    version = corpus_version()
    with st.sidebar:
        st.subheader("فیلترها · Filters")
        chosen = st.session_state.get("search_speakers") or []
        speakers = st.multiselect("گوینده‌ها · speakers", speaker_options(*chosen), key="search_speakers",
                                  format_func=plain, placeholder="همه · all")
        topics = st.multiselect("موضوع‌ها · issues", topic_order([t["id"] for t in taxonomy()], taxonomy()),
                                key="search_topics", format_func=lambda t: plain(topic_labels.get(t, t)),
                                placeholder="همه · all")
        chosen_sources = st.multiselect("منبع · source", _sources(version), key="search_sources",
                                        format_func=plain, placeholder="همه · all")
        use_dates = st.checkbox("محدودهٔ تاریخ · date range", key="search_use_dates")
        dates = (None, None)
        if use_dates:
            picked = st.date_input("از — تا · from — to", value=(date(2020, 1, 1), date.today()), key="search_dates")
            if isinstance(picked, tuple) and len(picked) == 2:
                dates = (picked[0], picked[1])
    return tuple(speakers), tuple(topics), tuple(chosen_sources), dates


@guarded
def page() -> None:
    st.title("جست‌وجو · Search")
    topic_labels = labels()
    query = st.text_input("جست‌وجو در بیانیه‌ها و مقاله‌ها · search statements and articles", key="search_query",
                          placeholder=SEARCH_PLACEHOLDER)
    speakers, topics, chosen_sources, dates = _filters(topic_labels)
    signature = (query, speakers, topics, chosen_sources, dates)
    if st.session_state.get("search_signature") != signature:  # new search: back to the first page
        st.session_state["search_signature"] = signature
        st.session_state[PAGE_KEY] = 0
    if not query.strip():
        st.caption(fa_en("واژه‌ای بنویسید؛ نیم‌فاصله، فاصله، ي/ك عربی و رقم‌های فارسی یا لاتین فرقی نمی‌کنند.",
                         "Type a word: ZWNJ or space, Arabic ي/ك, Persian or Latin digits all match alike; words "
                         "match as prefixes."))
        return
    number = st.session_state.get(PAGE_KEY, 0)
    statements_tab, articles_tab = st.tabs(["بیانیه‌ها · statements", "مقاله‌ها · articles"])
    with statements_tab:
        rows = _statements(query.strip(), speakers, topics, chosen_sources, dates, number, corpus_version())
        _statement_hits(rows[:PAGE_SIZE], query, topic_labels)
        _pager(number, len(rows) > PAGE_SIZE)
    with articles_tab:
        articles = _articles(query.strip(), number, corpus_version())
        if not articles:
            st.info(fa_en("مقاله‌ای یافت نشد.", "No article matches."))
        for row in articles[:PAGE_SIZE]:
            title = " · ".join(str(p) for p in (row["title"], latin_name(row["source"] or ""), row["published"]) if p)
            if st.button(md_text(title), key=f"search_article_{row['id']}"):  # a label renders Markdown
                open_in_reader(row["id"])


def _statement_hits(rows: list[dict], query: str, topic_labels: dict[str, str]) -> None:
    if not rows:
        st.info(fa_en("بیانیه‌ای یافت نشد.", "No statement matches."))
        return
    for row in rows:
        text_column, button_column = st.columns([6, 1])
        text_column.html(render_hit_html(row, query, topic_labels))
        if button_column.button("خواندن · read", key=f"search_open_{row['statement_id']}"):
            open_in_reader(row["article_id"], (row["start"], row["end"]))


def _pager(number: int, more: bool) -> None:
    previous, position, following = st.columns([1, 2, 1])  # columns run right to left: «previous» on the right
    if following.button("صفحهٔ بعد ‹ · next page", key="search_next_page", disabled=not more):
        st.session_state[PAGE_KEY] = number + 1
        st.rerun()
    position.caption(page_caption(number))
    if previous.button("› صفحهٔ قبل · previous page", key="search_prev_page", disabled=number == 0):
        st.session_state[PAGE_KEY] = max(number - 1, 0)
        st.rerun()


page()
