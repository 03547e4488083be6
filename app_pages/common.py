"""Streamlit glue shared by the pages: cached engine and store, the current article, error boundaries."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import streamlit as st

from components.palette import speaker_colors, topic_labels
from goftar import Article, Engine, default_engine
from goftar.store import ArticleMeta, Store, StoredArticle, database_url
from goftar.store.reviews import Actor, Reviews

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PATH = ROOT / "assets" / "samples" / "000_8002fddc3a075398.txt"
SAMPLE_TITLE = "دیدار وزیران دفاع ایران و روسیه"
ARTICLE_KEY = "article_id"
log = logging.getLogger("goftar.app")


def inject_styles() -> None:
    """The reader's stylesheet, once per run."""
    st.html(f"<style>{(ROOT / 'assets' / 'goftar.css').read_text(encoding='utf-8')}</style>")


@st.cache_resource(show_spinner="در حال بارگذاری موتور تحلیل…")
def _engine_for(additions_key: tuple) -> Engine:
    """The engine with the analysts' lexicon additions (rebuilt only when they change)."""
    del additions_key  # the cache key
    return default_engine().with_additions(reviews().additions())


def engine() -> Engine:
    """The analysis engine: shipped lexicons plus what analysts taught it."""
    key = tuple((a["id"], a["status"]) for a in reviews().additions(status=None))
    return _engine_for(key)


def reviews() -> Reviews:
    """Analysts' decisions over the corpus store."""
    return Reviews(store())


@st.cache_resource(show_spinner="در حال باز کردن پیکره…")
def store() -> Store:
    """The corpus store; on first start it holds the sample article."""
    corpus = Store()
    if not corpus.article_ids():
        text = SAMPLE_PATH.read_text(encoding="utf-8")
        corpus.add(default_engine().analyze(text), ArticleMeta(title=SAMPLE_TITLE, origin=SAMPLE_PATH.name))
    return corpus


@st.cache_data(max_entries=512, show_spinner=False)
def _analyzed(text: str, engine_version: str, additions_key: tuple) -> Article:
    del engine_version, additions_key  # cache key only
    return engine().analyze(text)


def analyzed(text: str, engine_version: str) -> Article:
    """The analysis of a text (cached per text, engine version and lexicon additions)."""
    key = tuple((a["id"], a["status"]) for a in reviews().additions(status=None))
    return _analyzed(text, engine_version, key)


def taxonomy() -> list[dict]:
    """The issue taxonomy from the lexicon files."""
    return engine().lexicon.topics


def labels() -> dict[str, str]:
    """Display label per topic id."""
    return topic_labels(taxonomy())


@st.cache_data(ttl=30, show_spinner=False)
def corpus_speakers(_version: int) -> list[str]:
    """Every speaker name in the corpus (for colours that agree across pages)."""
    return sorted({row["speaker"] for row in store().speaker_topic_counts()})


def colors_for(names) -> dict[str, str]:
    """Speaker colours computed over the whole corpus plus these names, so every page agrees."""
    return speaker_colors([*corpus_speakers(corpus_version()), *names])


def corpus_version() -> int:
    """Changes whenever articles are added or re-analysed (invalidates cached corpus views)."""
    return st.session_state.get("corpus_version", 0)


def corpus_changed() -> None:
    """Mark the corpus as changed."""
    st.session_state["corpus_version"] = corpus_version() + 1
    st.cache_data.clear()


def article_title(stored: StoredArticle) -> str:
    """The title to show: stored title, else the first words of the text."""
    if stored.title:
        return stored.title
    words = stored.display_text.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def guarded(render):
    """Run a page body; an unexpected error becomes a clear message, never a traceback."""

    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        try:
            return render(*args, **kwargs)
        except Exception as error:  # Streamlit's rerun/stop are BaseException and pass through
            log.exception("page failed")
            st.error(
                "این بخش نتوانست نمایش داده شود. داده‌های شما دست نخورده است.\n\n"
                f"This part of the page failed ({type(error).__name__}); no data was changed. "
                "The details are in the server log."
            )
            if "database" in type(error).__module__ or "sqlalchemy" in type(error).__module__:
                st.info(f"Database: `{database_url().split('@')[-1]}` — check that it is reachable.")
            return None

    return wrapper


def chart_selection(key: str) -> tuple[list[str], list[str]]:
    """Speakers and topics of the points clicked in a chart (customdata = [speaker, topic])."""
    try:
        points = st.session_state[key]["selection"]["points"]
    except (KeyError, TypeError):  # no chart event yet
        points = []
    speakers, topics = [], []
    for point in points:
        custom = point.get("customdata") or []
        if len(custom) == 2:
            if custom[0]:
                speakers.append(custom[0])
            if custom[1]:
                topics.append(custom[1])
    return speakers, topics


def actor() -> Actor:
    """The current analyst (set once per run by app.py)."""
    return st.session_state.get("actor") or Actor("analyst", "viewer")


CHART_TABS = ["چه کسی دربارهٔ چه · who × issue", "میله‌ای · bars", "خورشیدی · sunburst", "شبکه · network"]


def chart_tabs(counts, order: list[str], axis_labels: dict[str, str], colors: dict[str, str], prefix: str,
               extra_tabs: tuple[str, ...] = ()) -> list:
    """The four speaker × issue charts in tabs that keep the chosen one across reruns (only its chart is built).
    A click on the heatmap or the bars sets the page's one filter (app_pages/filters.py); on a phone the heatmap
    is replaced by a list (assets/goftar.css).

    Returns the containers of `extra_tabs` (e.g. the corpus timeline) for the caller to fill when open."""
    from app_pages.filters import chart_key, on_select
    from components import charts

    tabs = st.tabs([*CHART_TABS, *extra_tabs], key=f"{prefix}_tabs", on_change="rerun")
    if tabs[0].open is not False:
        with tabs[0]:
            st.plotly_chart(charts.heatmap(counts, order, axis_labels), key=chart_key(prefix, "heatmap"),
                            on_select=on_select(prefix, "heatmap"), selection_mode="points", width="stretch")
            st.html(charts.speaker_issue_list_html(counts, order, axis_labels, colors))
            st.caption("روی یک خانه کلیک کنید تا جدول بیانیه‌ها فیلتر شود؛ با ✕ روی برچسب فیلتر پاک می‌شود. — Click a "
                       "cell to filter the statements; ✕ on a chip clears it.")
    if tabs[1].open:
        with tabs[1]:
            st.plotly_chart(charts.stacked_bars(counts, order, axis_labels), key=chart_key(prefix, "bars"),
                            on_select=on_select(prefix, "bars"), selection_mode="points", width="stretch")
    if tabs[2].open:
        with tabs[2]:
            st.plotly_chart(charts.sunburst(counts, axis_labels, colors), key=f"{prefix}_sunburst", width="stretch")
    if tabs[3].open:
        with tabs[3]:
            st.plotly_chart(charts.network(counts, order, axis_labels, colors), key=f"{prefix}_network",
                            width="stretch")
    return tabs[len(CHART_TABS):]
