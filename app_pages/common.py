"""Streamlit glue shared by the pages: the store, the corpus version, cached views, error boundaries.

Pages render the stored analysis, never a fresh one: the engine is built only where analysis happens (adding
articles, the background re-analysis). Each rerun reads the corpus version once (`refresh_status`, called by
app.py); every cached view is keyed by it, so a rerun without a write costs one SQL statement.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from components.article_meta import untitled
from components.frames import counts_from_rows
from components.labels import bilingual_message, english, fa_en, page_caption
from components.palette import NO_TOPIC, SPEAKER_COLORS, corpus_colors, topic_colors, topic_labels, topic_order
from components.safe import md_text, plain
from goftar.dates import jalali_text
from goftar.store import ArticleMeta, Store, StoredArticle, database_url
from goftar.store.analysis import CorpusStatus, corpus_status, load_reviewed_article
from goftar.store.reviews import Actor, Reviews

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PATH = ROOT / "assets" / "samples" / "000_8002fddc3a075398.txt"
SAMPLE_TITLE = "دیدار وزیران دفاع ایران و روسیه"
ARTICLE_KEY = "article_id"  # the article the reader shows
OPEN_KEY = "open_article"  # set by other pages to open an article in the reader
STATUS_KEY = "corpus_status"
SPEAKER_OPTIONS = 300
log = logging.getLogger("goftar.app")


# The page's language: Streamlit writes <html lang="en"> and offers no setting; this one line of our own script (no
# user text in it) says Persian, so the browser picks Persian fonts, line breaking and voices. The direction is not
# set on <html>: that moves Streamlit's own chrome (its menu button lands mid-page); the stylesheet sets it on every
# block that holds Persian instead. The container is hidden (assets/goftar.css): it takes no room on the page.
PAGE_LANGUAGE = "<script>document.documentElement.lang = 'fa';</script>"


def inject_styles() -> None:
    """The reader's stylesheet and the page's language, once per run."""
    st.html(f"<style>{_stylesheet()}</style>")
    with st.container(key="page_language"):
        st.html(PAGE_LANGUAGE, unsafe_allow_javascript=True)


@functools.cache
def _stylesheet() -> str:
    return (ROOT / "assets" / "goftar.css").read_text(encoding="utf-8")


ENGINE_SPINNER = fa_en("در حال آماده‌سازی تحلیلگر… فقط بار نخست", "preparing the analyser… first time only", " · ")


@st.cache_resource(show_spinner=False)
def engine_warmup():
    """The one background build of the engine per server process (goftar/warmup.py): the Add page starts it when it
    is first shown; every path that analyses waits on it instead of building a second engine beside it."""
    from goftar.warmup import EngineWarmup

    return EngineWarmup()


def engine_ready() -> None:
    """Wait, under a spinner that says why, until the engine is built (at once when it already is)."""
    warmup = engine_warmup()
    if not warmup.ready:
        with st.spinner(ENGINE_SPINNER):
            warmup.wait()


@st.cache_resource(max_entries=1, show_spinner=False)
def _engine_for(additions_key: tuple):
    """The engine with the analysts' lexicon additions (the shared hazm objects are built once per process; the
    additions are applied again when the corpus changed)."""
    from goftar import default_engine
    from goftar.store.analysis import additions

    del additions_key  # the cache key
    return default_engine().with_additions(additions(store()))


def engine():
    """The analysis engine (shipped lexicons plus what analysts taught it): only where analysis happens."""
    engine_ready()
    return _engine_for((corpus_version(),))


def reviews() -> Reviews:
    """Analysts' decisions over the corpus store."""
    return Reviews(store())


@st.cache_resource(show_spinner="در حال باز کردن پیکره…")
def store() -> Store:
    """The corpus store; on first start it holds the sample article (the only time a page builds the engine)."""
    corpus = Store()
    with corpus.engine.connect() as connection:
        from sqlalchemy import select

        from goftar.store.models import ArticleRow

        empty = connection.scalar(select(ArticleRow.id).limit(1)) is None
    if empty:
        from goftar import default_engine

        text = SAMPLE_PATH.read_text(encoding="utf-8")
        corpus.add(default_engine().analyze(text), ArticleMeta(title=SAMPLE_TITLE, origin=SAMPLE_PATH.name))
    return corpus


def _stop(worker) -> None:
    worker.stop()


@st.cache_resource(show_spinner=False, on_release=_stop)
def reanalyzer():
    """The background re-analysis of stale articles (one per server process)."""
    from goftar.background import Reanalyzer

    return Reanalyzer(store().url).start()


def lexicons_readable() -> bool:
    """Whether the lexicon folder loads (`GOFTAR_LEXICON_DIR` may point at an analyst's copy); if not, a clear
    message naming the file and row, and False: the pages then stop before anything is analysed or stored."""
    from goftar.lexicon import LexiconError, load_lexicon

    try:
        load_lexicon()  # (cached: once per process)
    except LexiconError as error:
        st.error("فایل‌های واژه‌نامه خطا دارند؛ آن را اصلاح کنید. هیچ داده‌ای تغییر نکرده است.\n\n"
                 + english(f"A lexicon file has an error; fix it and reload. No data was changed. {error}"))
        return False
    return True


def refresh_status() -> CorpusStatus:
    """Read the corpus version and the stale count (one SQL statement per rerun)."""
    status = corpus_status(store())
    st.session_state[STATUS_KEY] = status
    return status


def status() -> CorpusStatus:
    """This rerun's corpus status (read once by app.py)."""
    return st.session_state.get(STATUS_KEY) or refresh_status()


def corpus_version() -> int:
    """Bumped by every write to the corpus (database triggers): the key of every cached view."""
    return status().version


def corpus_changed() -> None:
    """After a write: read the new version so this rerun's views refresh, and let the re-analysis look now."""
    refresh_status()
    reanalyzer().wake()


@st.cache_resource(max_entries=8, show_spinner=False)  # shared, never copied: read only
def _taxonomy(version: int) -> list[dict]:
    from goftar.lexicon import extend_lexicon, load_lexicon
    from goftar.store.analysis import additions

    topics = [a for a in additions(store()) if a["kind"] == "topic"]
    return extend_lexicon(load_lexicon(), topics).topics if topics else load_lexicon().topics


def taxonomy() -> list[dict]:
    """The issue taxonomy: the lexicon files plus issues admins added (no engine needed)."""
    return _taxonomy(corpus_version())


def issue_colors() -> dict[str, str]:
    """A colour per issue, the same in every chart and view whatever else is shown beside it: the issues the corpus
    has statements on take the first, most distinct colours (mission issues first), the rest of the taxonomy after
    them (one cached query per corpus version)."""
    present = [t for t in corpus_summary().topics if t != NO_TOPIC]
    return topic_colors([*topic_order(present, taxonomy()), *(t["id"] for t in taxonomy())])


def labels() -> dict[str, str]:
    """Display label per topic id."""
    return topic_labels(taxonomy())


@st.cache_resource(max_entries=4, show_spinner=False)  # shared, never copied: read only
def _corpus_summary(version: int) -> CorpusSummary:
    summary = store().speaker_summary(SPEAKER_OPTIONS)
    return CorpusSummary(counts=counts_from_rows(list(summary.counts)), ranked=list(summary.ranked),
                         topics=[NO_TOPIC if t is None else t for t in summary.topics])


@dataclass(frozen=True)
class CorpusSummary:
    """The corpus as Explore and the review filters show it (one SQL statement per corpus version): counts per
    speaker and issue of the SPEAKER_OPTIONS speakers with most statements (`ranked`, most first), and every issue
    with a statement («—» for none). Shared between sessions: read only."""

    counts: pd.DataFrame
    ranked: list[str]
    topics: list[str]


def corpus_summary() -> CorpusSummary:
    """The speakers with most statements, their counts per issue and the issues (SQL, once per corpus version)."""
    return _corpus_summary(corpus_version())


@st.cache_resource(max_entries=64, show_spinner=False)  # shared, never copied: read only
def _speaker_counts(names: tuple[str, ...], version: int) -> pd.DataFrame:
    return counts_from_rows(store().speaker_topic_counts(speakers=names))


def speaker_counts(names: list[str]) -> pd.DataFrame:
    """Counts per speaker and issue of these speakers (from the summary when it holds them all, else SQL)."""
    summary = corpus_summary()
    if set(names) <= set(summary.ranked):
        return summary.counts[summary.counts["speaker"].isin(names)]
    return _speaker_counts(tuple(sorted(set(names))), corpus_version())


def speakers_by_volume() -> list[str]:
    """The SPEAKER_OPTIONS speakers with most statements, the one with most first."""
    return corpus_summary().ranked


@st.cache_resource(max_entries=4, show_spinner=False)  # shared, never copied: read only
def _first_speakers(version: int) -> list[str]:
    return store().first_speaker_names(len(SPEAKER_COLORS))


def colors_for(names) -> dict[str, str]:
    """Speaker colours as `speaker_colors` gives them over every speaker of the corpus, so every page agrees: it
    needs only the corpus's first names in sorted order (one small query per corpus version)."""
    return corpus_colors(names, _first_speakers(corpus_version()))


def speaker_options(*keep: str) -> list[str]:
    """Speakers to offer in a picker: the SPEAKER_OPTIONS with most statements, plus `keep` (a list of every one of
    thousands of speakers would be sent to the browser on every rerun)."""
    top = speakers_by_volume()[:SPEAKER_OPTIONS]
    return [*top, *sorted({k for k in keep if k and k not in top})]


@st.cache_resource(max_entries=64, show_spinner=False)
def _reviewed_article(article_id: int, version: int):
    return load_reviewed_article(store(), article_id)


def reviewed_article(article_id: int):
    """(stored article, its stored analysis with analysts' decisions applied — None while it awaits analysis).

    Cached per article and corpus version: frozen objects, shared, never copied."""
    return _reviewed_article(article_id, corpus_version())


@st.cache_data(max_entries=256, show_spinner=False)
def _find_articles(query: str, page: int, size: int, version: int) -> list[dict]:
    from goftar.store.search import find_articles

    return find_articles(store(), query, offset=page * size, limit=size + 1)


def open_in_reader(article_id: int, statement: tuple[int, int] | None = None) -> None:
    """Show this article (and statement span) in the reader."""
    st.session_state[OPEN_KEY] = article_id
    st.session_state["read_statement"] = (article_id, *statement) if statement else None
    st.switch_page("app_pages/read.py")


@st.cache_data(max_entries=64, show_spinner=False)
def _title_of(article_id: int, version: int) -> str:
    from goftar.store.search import article_label

    return article_label(store(), article_id)


def article_picker(prefix: str, *, size: int = 20, allow_any: bool = False) -> int | None:
    """A search box (title, source, date, speaker) with paged results, instead of a selectbox of every article.

    Returns the chosen article id (None for «any» when `allow_any`; without it, the newest article at first)."""
    select_key, page_key = f"{prefix}_select", f"{prefix}_page"
    query = st.text_input("جست‌وجوی مقاله · find an article", key=f"{prefix}_query",
                          placeholder="عنوان، منبع، تاریخ یا گوینده · title, source, date or speaker")
    if st.session_state.get(f"{prefix}_last_query") != query:
        st.session_state[page_key] = 0
        st.session_state[f"{prefix}_last_query"] = query
    page = st.session_state.get(page_key, 0)
    found = _find_articles(query.strip(), page, size, corpus_version())
    more = len(found) > size
    titles = {row["id"]: _label(row) for row in found[:size]}
    requested = None if allow_any else st.session_state.pop(OPEN_KEY, None)
    current = requested if requested is not None else st.session_state.get(select_key)
    if current is not None and current not in titles:  # keep the article on screen while paging or searching
        titles = {current: _title_of(current, corpus_version()), **titles}
    options = ([None] if allow_any else []) + list(titles)
    if not options:
        st.caption(fa_en("مقاله‌ای یافت نشد.", "No article matches."))
        return None
    if requested is not None or st.session_state.get(select_key) not in options:
        st.session_state[select_key] = current if current in options else options[0]
    chosen = st.selectbox("مقاله · article", options, key=select_key,
                          format_func=lambda i: "همه · any" if i is None else plain(titles.get(i, f"#{i}")))
    previous, position, following = st.columns([1, 2, 1])  # columns run right to left: «previous» on the right
    if following.button("‹", key=f"{prefix}_next_page", disabled=not more, help="صفحهٔ بعد · next page"):
        st.session_state[page_key] = page + 1
        st.rerun()
    position.caption(page_caption(page))
    if previous.button("›", key=f"{prefix}_prev_page", disabled=page == 0, help="صفحهٔ قبل · previous page"):
        st.session_state[page_key] = max(page - 1, 0)
        st.rerun()
    return chosen


def _label(row: dict) -> str:
    parts = [row["title"]]
    if row.get("source"):
        parts.append(row["source"])  # as article_label writes it: the picker keeps one label per article
    if row.get("published"):
        parts.append(jalali_text(row["published"]))  # as article_label writes it: Jalali
    return " · ".join(parts)


def article_title(stored: StoredArticle) -> str:
    """The title to show: stored title, else the first words of the text."""
    return stored.title or untitled(stored.display_text)


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
                + english(f"This part of the page failed ({type(error).__name__}); no data was changed. "
                          "The details are in the server log.")
            )
            if "database" in type(error).__module__ or "sqlalchemy" in type(error).__module__:
                st.info(english(f"Database: `{database_url().split('@')[-1]}` — check that it is reachable."))
            return None

    return wrapper


def actor() -> Actor:
    """The current analyst (set once per run by app.py)."""
    return st.session_state.get("actor") or Actor("analyst", "viewer")


CHART_HINT = fa_en("روی یک خانه کلیک کنید تا جدول بیانیه‌ها فیلتر شود؛ ✕ روی هر برچسب آن را برمی‌دارد.",
                   "Click a cell to filter the statements; ✕ on a chip removes it.")


CHARTS = {
    "heatmap": "چه کسی دربارهٔ چه · who × issue",
    "bars": "میله‌ای · bars",
    "sunburst": "خورشیدی · sunburst",
    "network": "شبکه · network",
}


def chart_choice(prefix: str, extra: dict[str, str] | None = None) -> str:
    """Which chart to show: only the visible one is built (a figure costs tens of milliseconds)."""
    options = {**CHARTS, **(extra or {})}
    chosen = st.segmented_control("نمودار · chart", list(options), key=f"{prefix}_chart", default="heatmap",
                                  format_func=options.get, label_visibility="collapsed")
    return chosen or "heatmap"


def show_chart(kind: str, counts, order: list[str], axis_labels: dict[str, str], colors: dict[str, str],
               prefix: str, cache_key: tuple) -> None:
    """Show one speaker × issue chart, built once per `cache_key` (what the counts depend on: filters and corpus
    version). A click on the heatmap or the bars sets the page's one filter, shown as chips above the table
    (app_pages/filters.py); on a phone the heatmap is replaced by a list (assets/goftar.css)."""
    from app_pages.filters import chart_key, on_select
    from components import charts

    figure = _figure(prefix, kind, cache_key, counts, order, axis_labels, colors)
    if figure is None:
        return
    width = "content" if figure.layout.width else "stretch"  # a small matrix keeps the width it was built for
    if kind in ("heatmap", "bars"):
        st.plotly_chart(figure, key=chart_key(prefix, kind), on_select=on_select(prefix, kind),
                        selection_mode="points", width=width)
    else:
        st.plotly_chart(figure, key=f"{prefix}_{kind}", width=width)
    if kind == "heatmap":
        st.html(charts.speaker_issue_list_html(counts, order, axis_labels, colors))
        if not counts.empty:  # nothing to click on an empty chart; on a phone, where the list replaces the
            with st.container(key=f"{prefix}_chart_hint"):  # matrix, there is no cell to click (assets/goftar.css)
                st.caption(CHART_HINT)


@st.cache_resource(max_entries=32, show_spinner=False)
def _figure(prefix: str, kind: str, cache_key: tuple, _counts, _order, _axis_labels, _colors):
    """A chart built once per prefix, kind and key (plotly's validation is most of a chart's cost)."""
    from components import charts

    builders = {
        "heatmap": lambda: charts.heatmap(_counts, _order, _axis_labels),
        "bars": lambda: charts.stacked_bars(_counts, _order, _axis_labels, issue_colors()),
        "sunburst": lambda: charts.sunburst(_counts, _axis_labels, _colors),
        "network": lambda: charts.network(_counts, _order, _axis_labels, _colors),
    }
    return builders[kind]() if kind in builders else None


def analysis_notice() -> None:
    """«N articles being re-analysed», with progress, while the background re-analysis works."""
    if not status().stale:
        return

    @st.fragment(run_every=3)
    def notice() -> None:
        current = refresh_status() if st.session_state.get("_notice_ran") else status()
        st.session_state["_notice_ran"] = True
        progress = reanalyzer().progress
        if not current.stale:
            st.success(fa_en("تحلیل دوباره تمام شد.", "Re-analysis finished."))
            return
        share = progress.done / progress.total if progress.total else 0.0
        st.progress(min(share, 1.0), text=fa_en(f"{current.stale:,} مقاله در حال تحلیل دوباره",
                                                f"{current.stale:,} articles being re-analysed", " · "))
        if progress.error:
            st.caption(f"⚠️ {bilingual_message(md_text(progress.error))}")  # an error may quote stored text

    with st.sidebar:
        notice()
