"""The Streamlit app through AppTest: pages start, the reader shows the sample, widgets filter, input is escaped."""

from __future__ import annotations

import json

import pytest
import streamlit as st
from conftest import ROOT, html_table
from streamlit.testing.v1 import AppTest

from components.labels import LRI, PERSIAN_LETTER, english

ASHTIANI = "محمدرضا آشتیانی"
SHOIGU = "سرگئی شایگو"


@pytest.fixture
def app(tmp_path, monkeypatch):
    """A fresh app on its own SQLite file (caches cleared so no other test's corpus leaks in)."""
    monkeypatch.setenv("GOFTAR_DATABASE_URL", f"sqlite:///{tmp_path / 'goftar.db'}")
    st.cache_resource.clear()
    st.cache_data.clear()
    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    yield test
    st.cache_resource.clear()
    st.cache_data.clear()


def statements_table(test: AppTest):
    """The Read page's statements table (right-to-left HTML, components/tables.py)."""
    return html_table(test, "statements")


def html_bodies(test: AppTest) -> str:
    return "".join(element.proto.body for element in test.get("html"))


def test_app_starts_on_the_sample(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "دیدار وزیران دفاع ایران و روسیه"
    bodies = html_bodies(app)
    assert 'dir="rtl"' in bodies and ASHTIANI in bodies and SHOIGU in bodies
    table = statements_table(app)
    assert set(table["speaker"]) == {ASHTIANI, SHOIGU} and len(table) == 12


def test_a_broken_lexicon_stops_the_app_with_a_clear_message(app, tmp_path, monkeypatch):
    from test_cli import broken_lexicon

    from goftar.lexicon import load_lexicon

    monkeypatch.setenv("GOFTAR_LEXICON_DIR", str(broken_lexicon(tmp_path)))
    load_lexicon.cache_clear()
    try:
        app.run()
    finally:
        load_lexicon.cache_clear()
    assert not app.exception
    assert "reporting_verbs.tsv" in app.error[0].value and "No data was changed" in app.error[0].value
    assert not app.title  # nothing analysed: the pages did not run


def test_choosing_a_speaker_filters_the_table(app):
    app.run()
    app.selectbox(key="focus_speaker").select(SHOIGU).run()
    table = statements_table(app)
    assert set(table["speaker"]) == {SHOIGU} and len(table) == 6
    assert "g-dimmed" in html_bodies(app)


def test_choosing_a_topic_filters_the_table(app):
    app.run()
    app.selectbox(key="focus_topic").select("BRICS").run()
    table = statements_table(app)
    assert list(table["speaker"]) == [ASHTIANI]


@pytest.mark.parametrize("page", ["app_pages/explore.py", "app_pages/add.py"])
def test_other_pages_start(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    assert not app.error


def test_pasted_article_opens_in_the_reader(app):
    app.run()
    app.switch_page("app_pages/add.py").run()
    text = "سرهنگ کیوان رستگار فرمانده مرزبانی گفت: همکاری با همسایگان در چارچوب شانگهای ادامه دارد."
    app.text_area(key="paste_text").input(text).run()
    app.button(key="paste_save").click().run()
    assert not app.exception
    assert "saved" in app.success[0].value and app.text_area(key="paste_text").value == ""  # confirmed, reset
    assert app.success[0].value.endswith(english("saved and analysed."))  # its «.» stays at the English's end
    app.button(key="paste_open").click().run()
    bodies = html_bodies(app)
    assert "کیوان رستگار" in bodies and "g-mention" in bodies
    assert list(statements_table(app)["speaker"]) == ["کیوان رستگار"]


PASTED_WITH_METADATA = (
    "نشست بریکس در قازان آغاز شد | خبرگزاری پارس‌نگار\n"
    "تاریخ انتشار: ۱۴۰۲/۰۸/۱۵\n"
    "به گزارش خبرنگار گروه سیاست خارجی خبرگزاری پارس‌نگار، کیوان رستگار سخنگوی وزارت خارجه گفت: "
    "همکاری با اعضای بریکس ادامه دارد."
)


def test_pasted_metadata_fills_the_form_and_a_second_paste_is_a_duplicate(app):
    app.run()
    app.switch_page("app_pages/add.py").run()
    app.text_area(key="paste_text").input(PASTED_WITH_METADATA).run()
    assert app.text_input(key="paste_title").value == "نشست بریکس در قازان آغاز شد"  # site suffix stripped
    assert app.text_input(key="paste_source").value == "خبرگزاری پارس‌نگار"  # the outlet, not the reporter
    assert app.text_input(key="paste_date").value == "۱۴۰۲/۰۸/۱۵"  # «تاریخ انتشار», shown in Jalali
    app.text_input(key="paste_title").input("عنوان ویرایش‌شده").run()  # an edited field is the analyst's
    app.button(key="paste_save").click().run()
    assert not app.exception and "عنوان ویرایش‌شده" in app.success[0].value
    app.text_area(key="paste_text").input(PASTED_WITH_METADATA).run()
    app.button(key="paste_save").click().run()
    assert f"{LRI}duplicate: this text is already in the corpus" in app.info[0].value  # the English isolated
    app.button(key="paste_open").click().run()
    assert app.title[0].value == "عنوان ویرایش‌شده"
    assert "خبرگزاری پارس‌نگار" in app.caption[0].value and "۱۵ آبان ۱۴۰۲" in app.caption[0].value
    assert "عنوان ویرایش‌شده · خبرگزاری پارس‌نگار · ۱۴۰۲/۰۸/۱۵" in app.selectbox(key="read_select").options  # Jalali


def test_a_relative_date_is_flagged_on_the_form(app):
    app.run()
    app.switch_page("app_pages/add.py").run()
    app.text_area(key="paste_text").input("عنوان خبر\nکیوان رستگار دیروز گفت: همکاری ادامه دارد.").run()
    assert app.text_input(key="paste_date").value == ""
    assert any("دیروز" in w.value for w in app.warning)
    app.button(key="paste_save").click().run()
    assert not app.exception and app.success  # saved, and the confirmation still says the date is missing
    assert any("saved, but check" in w.value and "دیروز" in w.value for w in app.warning)


def test_hostile_html_is_shown_escaped(app):
    app.run()
    app.switch_page("app_pages/add.py").run()
    app.text_area(key="paste_text").input('وزیر دفاع گفت: <script>alert(1)</script> <img src=x onerror=alert(2)> برجام').run()
    app.button(key="paste_save").click().run()
    app.button(key="paste_open").click().run()
    reader = next(e.proto.body for e in app.get("html") if "goftar-article" in e.proto.body)
    assert "<script" not in reader and "<img" not in reader
    assert "&lt;script&gt;" in reader and "&lt;img" in reader


def test_empty_paste_is_a_clear_message(app):
    app.run()
    app.switch_page("app_pages/add.py").run()
    app.button(key="paste_save").click().run()
    assert not app.exception
    assert "empty" in app.error[0].value


def test_same_corpus_after_restart(app, tmp_path):
    app.run()
    app.switch_page("app_pages/add.py").run()
    app.text_area(key="paste_text").input("دکتر نسرین افشار کارشناس مسائل قفقاز گفت: قالب ۳+۳ آینده دارد.").run()
    app.button(key="paste_save").click().run()
    st.cache_resource.clear()  # a server restart: the store and engine are built again from the same file
    st.cache_data.clear()
    restarted = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    choices = restarted.selectbox(key="read_select").options
    assert len(choices) == 2


def test_a_focus_is_a_chip_that_clears_it(app):
    app.run()
    app.selectbox(key="focus_speaker").select(SHOIGU).run()
    assert len(statements_table(app)) == 6
    chip = app.button(key="article_other_chip_0")
    assert SHOIGU in chip.label
    chip.click().run()
    assert app.selectbox(key="focus_speaker").value == "__all__" and len(statements_table(app)) == 12


def test_a_chart_filter_shows_as_chips_and_clear_all_resets_the_charts(app):
    from components.safe import md_text
    from components.selection import ChartFilter

    app.run()
    app.session_state["article_filter"] = ChartFilter((SHOIGU,), ("SCO",), "heatmap")  # what a cell click sets
    app.run()
    assert len(statements_table(app)) == 1
    labels = [b.label for b in app.button if b.key and b.key.startswith("article_chip_")]
    assert labels == [md_text(f"گوینده: {SHOIGU} ✕"), md_text("موضوع: شانگهای · SCO ✕")]  # escaped Markdown
    app.button(key="article_chip_1").click().run()  # one chip: the issue goes, the speaker stays
    assert len(statements_table(app)) == 6
    app.button(key="article_clear_all").click().run()
    assert len(statements_table(app)) == 12 and app.session_state["article_chart_generation"] == 2


def test_quality_page_builds_an_export_only_on_click(app):
    app.run()
    app.switch_page("app_pages/quality.py").run()
    assert not app.exception and not app.get("download_button")  # nothing is built while the page renders
    app.selectbox(key="export_format").select("xlsx").run()
    app.button(key="export_build").click().run()
    assert not app.exception and len(app.get("download_button")) == 1


def test_search_finds_a_statement_and_opens_it_in_the_reader(app):
    app.run()
    app.switch_page("app_pages/search.py").run()
    app.text_input(key="search_query").input("برجام").run()
    assert not app.exception and '<mark class="g-hit">برجام</mark>' in html_bodies(app)
    opener = next(b for b in app.button if (b.key or "").startswith("search_open_"))
    opener.click().run()
    assert not app.exception and app.title[0].value == "دیدار وزیران دفاع ایران و روسیه"
    assert any("بیانیهٔ برگزیده" in c.value for c in app.caption)  # the opened statement is shown


def test_explore_search_box_filters_the_table(app):
    app.run()
    app.switch_page("app_pages/explore.py").run()
    app.text_input(key="explore_search").input("برجام").run()
    table = html_table(app, "explore_table")
    assert not app.exception and len(table) == 1 and "برجام" in table["statement"].iloc[0]


def test_article_picker_searches_by_speaker(app):
    app.run()
    app.switch_page("app_pages/add.py").run()
    app.text_area(key="paste_text").input("دکتر نسرین افشار کارشناس مسائل قفقاز گفت: قالب ۳+۳ آینده دارد.").run()
    app.button(key="paste_save").click().run()
    app.switch_page("app_pages/read.py").run()
    assert len(app.selectbox(key="read_select").options) == 2
    app.text_input(key="read_query").input("افشار").run()  # a speaker's name finds her article
    assert not app.exception and len(app.selectbox(key="read_select").options) == 1


def test_stale_articles_show_the_reanalysis_notice(app):
    app.run()
    from app_pages.common import store
    from goftar.store.analysis import mark_stale

    mark_stale(store())
    app.run()
    notices = [p.proto.text for p in app.get("progress")]
    assert not app.exception and any("articles being re-analysed" in text for text in notices)
    assert app.title[0].value == "دیدار وزیران دفاع ایران و روسیه"  # the stored analysis is shown meanwhile


def test_reanalyse_button_queues_the_corpus_for_the_background(app):
    app.run()
    app.switch_page("app_pages/add.py").run()
    app.button(key="reanalyze").click().run()
    assert not app.exception and not app.error
    assert "1 articles queued for re-analysis" in app.success[0].value


def test_only_the_add_page_builds_the_engine_ahead(app):
    from app_pages.common import ENGINE_SPINNER, engine_warmup

    app.run()  # the reader: the first page stays fast, no engine built for it
    app.switch_page("app_pages/explore.py").run()
    assert not app.exception and not engine_warmup().started
    app.switch_page("app_pages/add.py").run()
    assert not app.exception and engine_warmup().started  # building while the analyst finds a text
    assert engine_warmup().wait(timeout=120) and not engine_warmup().error
    assert "first time only" in ENGINE_SPINNER


def test_explore_bars_give_the_corpus_issues_the_first_colours_and_no_issue_grey(app):
    from components.palette import NO_TOPIC_COLOR, TOPIC_COLORS

    app.run()
    app.switch_page("app_pages/explore.py").run()
    app.session_state["explore_chart"] = "bars"
    app.run()
    assert not app.exception
    traces = json.loads(app.get("plotly_chart")[0].proto.spec)["data"]
    colors = [trace["marker"]["color"] for trace in traces]
    assert traces[-1]["name"] == "بدون موضوع" and colors[-1] == NO_TOPIC_COLOR  # a remainder, drawn in grey
    assert colors[:-1] == list(TOPIC_COLORS[: len(colors) - 1])  # the corpus's issues: the most distinct colours


# Hostile Markdown in every field a page can show: each carries both markers, which `md_text` escapes
# («evil\.example», «goftar\-pwned»). Fictional.
HOSTILE_TITLE = "![goftar-pwned](http://evil.example/title.png) **goftar-pwned**"
HOSTILE_SOURCE = "[goftar-pwned](http://evil.example/source)"
HOSTILE_NAME = "<img src=http://evil.example/name.gif> :red[goftar-pwned]"
MARKDOWN_VALUES = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success")
MARKDOWN_LABELS = ("button", "checkbox", "selectbox", "multiselect", "text_input", "text_area", "radio", "expander",
                   "tabs", "metric")


def markdown_texts(test: AppTest) -> list[str]:
    """Every string the page handed to an API that renders Markdown: texts, messages and labels (selectbox options
    are plain text and are not among them)."""
    return ([element.value for kind in MARKDOWN_VALUES for element in getattr(test, kind)]
            + [element.label for kind in MARKDOWN_LABELS for element in getattr(test, kind)])


def assert_shown_as_text(test: AppTest, where: str) -> None:
    """The hostile strings reached Markdown surfaces of the page, and every time escaped."""
    from components.safe import md_text

    assert not test.exception, (where, test.exception)
    texts = markdown_texts(test)
    leaked = [text for text in texts if "evil.example" in text or "goftar-pwned" in text]
    assert leaked == [], (where, leaked[:3])
    assert any(md_text("goftar-pwned") in text for text in texts), where  # the hostile text was on the page


def test_hostile_text_is_escaped_in_every_markdown_label_of_every_page(app):
    import os

    from sqlalchemy import delete

    from goftar.store import Store
    from goftar.store.models import ArticleAnalysisRow
    from goftar.store.reviews import Actor, Decision, Reviews

    app.run()
    app.switch_page("app_pages/add.py").run()
    app.text_area(key="paste_text").input("بهرام کیانفر گفت: نشست دربارهٔ برجام موفق بود.").run()
    app.text_input(key="paste_title").input(HOSTILE_TITLE).run()
    app.text_input(key="paste_source").input(HOSTILE_SOURCE).run()
    app.button(key="paste_save").click().run()
    assert_shown_as_text(app, "add: saved notice")
    store = Store(os.environ["GOFTAR_DATABASE_URL"], migrate=False)
    reviews = Reviews(store)
    item = reviews.queue()[0]  # the newest article's statement
    assert item.article_title == HOSTILE_TITLE
    reviews.save(Actor(HOSTILE_NAME, "analyst"), item.article_id, item.start, item.end,
                 Decision(speaker=HOSTILE_NAME, note=HOSTILE_SOURCE, tags=[HOSTILE_TITLE]), None)

    app.button(key="paste_open").click().run()  # the article chosen in the reader
    app.switch_page("app_pages/read.py").run()  # Read: title, source line, focus chip (AppTest stays on its page)
    app.selectbox(key="focus_speaker").select(HOSTILE_NAME).run()
    assert_shown_as_text(app, "read")
    app.switch_page("app_pages/review.py").run()  # another analyst's decision, its name and note
    assert any("Last decided by" in warning.value for warning in app.warning)
    assert_shown_as_text(app, "review")
    app.switch_page("app_pages/explore.py").run()
    app.multiselect(key="explore_speakers").select(HOSTILE_NAME).run()  # a chip per chosen speaker
    assert_shown_as_text(app, "explore")
    app.switch_page("app_pages/search.py").run()
    app.text_input(key="search_query").input("برجام").run()  # statements, and articles as buttons
    assert any(button.key == f"search_article_{item.article_id}" for button in app.button)
    assert_shown_as_text(app, "search")

    with store.engine.begin() as connection:  # its analysis gone: the reader shows the title over plain text
        connection.execute(delete(ArticleAnalysisRow).where(ArticleAnalysisRow.article_id == item.article_id))
    store.dispose()
    st.cache_resource.clear()
    app.switch_page("app_pages/read.py").run()
    assert any("waiting for its re-analysis" in info.value for info in app.info)
    assert_shown_as_text(app, "read: pending")

    from app_pages.common import reanalyzer
    from goftar.background import Progress
    from goftar.store.analysis import mark_stale

    worker = reanalyzer()  # the app's own (one per process): held still, with a failure that quotes stored text
    worker.stop()
    worker.progress = Progress(0, 1, f"IntegrityError: {HOSTILE_TITLE}")
    mark_stale(Store(os.environ["GOFTAR_DATABASE_URL"], migrate=False))
    app.run()
    assert any("IntegrityError" in caption.value for caption in app.caption)  # the sidebar's re-analysis notice
    assert_shown_as_text(app, "re-analysis notice")


WIDGET_KINDS = ("text_input", "text_area", "selectbox", "multiselect", "button", "checkbox", "slider", "date_input",
                "expander", "tabs")


def persian_first(text: str) -> bool:
    """Whether the first letter of `text` is Persian («فارسی · English»), or it has no letters at all («‹»)."""
    letters = [ch for ch in text if ch.isalpha()]
    return not letters or PERSIAN_LETTER.match(letters[0]) is not None


@pytest.mark.parametrize("page", ["app_pages/read.py", "app_pages/explore.py", "app_pages/search.py",
                                  "app_pages/review.py", "app_pages/quality.py", "app_pages/add.py"])
def test_every_label_and_tooltip_reads_persian_first(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    checked = 0
    for kind in WIDGET_KINDS:
        for widget in getattr(app, kind):
            label, tip = getattr(widget, "label", "") or "", getattr(widget, "help", "") or ""
            assert persian_first(label), (kind, label)  # «فارسی · English», one order everywhere
            assert PERSIAN_LETTER.search(label) or PERSIAN_LETTER.search(tip), (kind, label, tip)  # «‹»: its tip
            assert not tip or persian_first(tip), (kind, label, tip)  # no English-only tooltip
            checked += 1
    assert checked >= 3
