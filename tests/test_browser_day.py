"""An analyst's day in Chromium (issue 12): paste with metadata, a zip with bad members, right to left in Streamlit's
own widgets, chart filters that can be seen and cleared, the chosen chart kept, and a phone's 390-px screen."""

from __future__ import annotations

import io
import sqlite3
import time
import zipfile

import pytest
from test_browser import CHROMIUM, serve

pytestmark = pytest.mark.browser

PASTED = (
    "نشست بریکس در قازان آغاز شد | خبرگزاری پارس‌نگار\n"
    "تاریخ انتشار: ۱۴۰۲/۰۸/۱۵\n"
    "به گزارش خبرنگار گروه سیاست خارجی خبرگزاری پارس‌نگار، کیوان رستگار سخنگوی وزارت خارجه گفت: "
    "همکاری با اعضای بریکس ادامه دارد."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser_day")
    for url in serve(folder):
        yield url, folder


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


def open_page(browser, url: str, width: int = 1440, height: int = 1000):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.wait_for_selector("[data-testid=stMain] h1", timeout=180_000)
    return page


def settle(page, milliseconds: int = 800) -> None:
    """Wait for Streamlit to finish the rerun."""
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000)
    page.wait_for_timeout(milliseconds)


def test_paste_fills_title_outlet_and_date_then_confirms(server, browser):
    url, _ = server
    page = open_page(browser, f"{url}/add")
    page.locator(".st-key-paste_text textarea").fill(PASTED)
    page.locator(".st-key-paste_title input").click()  # leaving the text area commits it
    # one rerun fills the three fields, but the browser may paint them one after another: wait for the last one
    page.wait_for_function(
        "document.querySelector('.st-key-paste_title input').value === 'نشست بریکس در قازان آغاز شد'"
        " && document.querySelector('.st-key-paste_date input').value !== ''"
        " && document.querySelector('.st-key-paste_source input').value !== ''", timeout=60_000)
    assert page.locator(".st-key-paste_source input").input_value() == "خبرگزاری پارس‌نگار"
    assert page.locator(".st-key-paste_date input").input_value() == "۱۴۰۲/۰۸/۱۵"
    page.locator(".st-key-paste_save button").click()
    page.wait_for_selector("text=saved and analysed", timeout=120_000)
    assert page.locator(".st-key-paste_text textarea").input_value() == ""  # the form is reset
    page.locator(".st-key-paste_open button").click()
    page.wait_for_selector("h1:has-text('نشست بریکس در قازان آغاز شد')", timeout=120_000)
    assert "۱۵ آبان ۱۴۰۲" in page.inner_text("[data-testid=stMain]")
    page.close()


def test_a_zip_with_bad_members_reports_counts_that_match(server, browser):
    url, _ = server
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("good.txt", "به گزارش خبرگزاری آوای شهر، لیلا فرهمند گفت: تجارت با پول ملی ادامه دارد.")
        archive.writestr("bad.exe", b"MZ")
        archive.writestr("../escape.txt", "x")
        archive.writestr("feed.csv", "title,date,text\nخبر آوای شهر,دیروز,لیلا فرهمند گفت: بازارچه‌های مرزی باز است.\n")
    page = open_page(browser, f"{url}/add")
    page.get_by_role("tab", name="Upload").click()
    page.locator("input[type=file]").set_input_files(
        [{"name": "batch.zip", "mimeType": "application/zip", "buffer": buffer.getvalue()}])
    page.wait_for_selector(".st-key-upload_import button", timeout=120_000)
    assert "2 rejected" in page.inner_text("[data-testid=stMain]")
    assert page.locator("[data-table=upload_rejections] tbody tr").count() == 2
    assert "این نوع پرونده پشتیبانی نمی‌شود" in page.inner_text("[data-table=upload_rejections]")  # Persian first
    note = page.locator("[data-table=upload_notes] td.g-col-statement").first  # the relative date, whole
    assert note.inner_text().startswith("تاریخ نسبی «دیروز»") and "enter the date" in note.inner_text()
    box, frame = note.bounding_box(), page.locator("[data-table=upload_notes]").bounding_box()
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1  # not cut off
    page.locator(".st-key-upload_import button").click()
    page.wait_for_selector("text=rejected 2", timeout=120_000)  # the summary counts the same two lines
    settle(page)
    assert page.locator("[data-table=upload_report] tbody tr").count() == 2
    assert page.locator(".st-key-upload_import").count() == 0  # no preview or Import button after the import
    main = page.inner_text("[data-testid=stMain]")
    assert "imported 2" in main and "imported, but check" in main and "دیروز" in main  # still flagged
    page.close()


def stored_articles(folder) -> int:
    with sqlite3.connect(folder / "goftar.db") as connection:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]


def steady(count, seconds: float = 6.0, limit: float = 120.0) -> int:
    """`count()` once it has not changed for `seconds` (at most `limit` seconds of waiting)."""
    last, since, deadline = count(), time.monotonic(), time.monotonic() + limit
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = count()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= seconds:
            break
    return last


@pytest.fixture
def own_server(tmp_path):
    """A server of its own: the import below adds many articles, which the other tests' corpus must not hold."""
    for url in serve(tmp_path):
        yield url, tmp_path


def test_closing_the_tab_stops_its_import(own_server, browser):
    """Issue 13: an upload kept running after its browser closed. Streamlit stops a closed session's run at its
    next page update; the import updates its progress bar after every step of 16 articles."""
    url, folder = own_server
    total = 190  # one process, steps of 16 (200 and more go to worker processes in steps of 200)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(total):  # long enough that the import takes a while
            archive.writestr(f"{n}.txt", "به گزارش خبرگزاری آوای شهر، " + " ".join(
                f"لیلا فرهمند در نشست شمارهٔ {n} بند {k} گفت: گشت مرزی شمارهٔ {k} انجام شد." for k in range(100)))
    page = open_page(browser, f"{url}/add")
    before = stored_articles(folder)  # (the first page creates the corpus)
    page.get_by_role("tab", name="Upload").click()
    page.locator("input[type=file]").set_input_files(
        [{"name": "many.zip", "mimeType": "application/zip", "buffer": buffer.getvalue()}])
    page.wait_for_selector(".st-key-upload_import button", timeout=120_000)
    page.locator(".st-key-upload_import button").click()
    page.wait_for_function(f"/stored \\d+ of {total}/.test(document.body.innerText)", timeout=180_000)
    page.close()  # the tab goes away in the middle of the import
    stored = steady(lambda: stored_articles(folder)) - before
    assert 16 <= stored < total and stored % 16 == 0, stored  # whole steps, and the rest never analysed
    log = (folder / "streamlit.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log


def test_streamlit_widgets_run_right_to_left(server, browser):
    url, _ = server
    page = open_page(browser, url)
    page.wait_for_selector(".goftar-article", timeout=180_000)
    page.wait_for_selector("[data-testid=stSelectbox] [role=group]", timeout=60_000)
    styles = page.evaluate("""() => {
        const style = (selector, property) => {
            const element = document.querySelector(selector);
            return element ? getComputedStyle(element)[property] : null;
        };
        return {
            select: style('[data-testid=stSelectbox] [role=group]', 'direction'),
            label: style('[data-testid=stSidebar] [data-testid=stWidgetLabel]', 'direction'),
            input: style('[data-testid=stTextInput] input', 'unicodeBidi'),
            nav: style('[data-testid=stSidebarNav]', 'direction'),
        };
    }""")
    assert styles == {"select": "rtl", "label": "rtl", "input": "plaintext", "nav": "rtl"}
    page.wait_for_function("document.documentElement.lang === 'fa'", timeout=60_000)  # the page says Persian
    assert page.locator(".st-key-page_language").bounding_box() is None  # and its script takes no room
    page.goto(f"{url}/add")
    page.wait_for_selector(".st-key-paste_text textarea", timeout=120_000)
    assert page.evaluate("getComputedStyle(document.querySelector('.st-key-paste_text textarea')).unicodeBidi") == (
        "plaintext")  # dir=auto's CSS form: Persian right to left, a pasted URL left to right
    assert page.evaluate("getComputedStyle(document.querySelector('[role=tablist]')).direction") == "rtl"
    page.close()


def test_tooltips_do_not_overlap_or_leave_the_article(server, browser):
    url, _ = server
    for width in (1440, 390):
        page = open_page(browser, url, width=width, height=900)
        page.wait_for_selector(".goftar-article mark.g-mention", timeout=180_000)
        mentions = page.locator(".goftar-article .g-stmt mark.g-mention[data-tip]")
        for index in range(min(mentions.count(), 6)):
            mention = mentions.nth(index)
            mention.scroll_into_view_if_needed()
            mention.hover()
            page.wait_for_timeout(150)
            shown = page.evaluate("""() => [...document.querySelectorAll('.goftar-article [data-tip]:hover')]
                .filter(e => getComputedStyle(e, '::after').content !== 'none').length""")
            assert shown == 1  # the name's tip only, not its statement's as well
            inside = page.evaluate("""() => {
                const hovered = [...document.querySelectorAll('.goftar-article [data-tip]:hover')].pop();
                const paragraph = hovered.closest('.g-p').getBoundingClientRect();
                const after = getComputedStyle(hovered, '::after');
                return parseFloat(after.width) <= paragraph.width + 1 && after.right === '0px';
            }""")
            assert inside  # no wider than its paragraph and aligned to its right edge: nothing clipped
        page.close()


def statement_rows(page, table: str = "statements") -> int:
    return page.locator(f"[data-table={table}] tbody tr").count()


def test_a_chart_click_is_a_chip_kept_across_tabs_and_cleared_by_it(server, browser):
    url, _ = server
    page = open_page(browser, url)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=180_000)
    page.locator(".st-key-read_select input").click()  # the sample (other tests add articles)
    page.get_by_role("option", name="دیدار وزیران دفاع ایران و روسیه").click()
    page.wait_for_selector("h1:has-text('دیدار وزیران دفاع ایران و روسیه')", timeout=60_000)
    settle(page)
    everything = statement_rows(page)
    cell = page.locator(".js-plotly-plot .scatterlayer .point").first
    cell.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = cell.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".st-key-article_clear_all", timeout=60_000)
    settle(page)
    filtered = statement_rows(page)
    assert 0 < filtered < everything
    assert "گوینده" in page.inner_text(".st-key-article_chips") and "✕" in page.inner_text(".st-key-article_chips")

    page.locator(".st-key-article_chart").get_by_role("radio", name="bars").click()  # another chart: it stays
    settle(page)  # chosen, and the filter stays
    assert "bars" in page.locator(".st-key-article_chart [role=radio][aria-checked=true]").inner_text()
    assert statement_rows(page) == filtered
    page.locator(".st-key-article_clear_all button").first.click()  # the chips say how to clear it
    settle(page)
    assert statement_rows(page) == everything and page.locator(".st-key-article_chips").count() == 0
    assert "bars" in page.locator(".st-key-article_chart [role=radio][aria-checked=true]").inner_text()  # kept
    page.close()


def test_phone_shows_the_statement_text(server, browser):
    url, folder = server
    for path, table in (("", "statements"), ("explore", "explore_table")):
        page = open_page(browser, f"{url}/{path}", width=390, height=844)
        page.wait_for_selector(f"[data-table={table}] td.g-col-statement", timeout=180_000)
        settle(page)  # measured once the run is over: mid-run the table can sit in a column still being laid out
        cell = page.wait_for_selector(f"[data-table={table}] td.g-col-statement", timeout=60_000)
        cell.scroll_into_view_if_needed()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["width"] > 250  # the whole width, on screen
        assert cell.inner_text().strip()[:5] == page.evaluate(  # it starts at its first word
            "document.querySelector('td.g-col-statement').textContent.trim().slice(0, 5)")
        page.screenshot(path=str(folder / f"phone-{table}.png"), full_page=False)
        if path == "":
            page.wait_for_selector(".goftar-matrix-list li", state="visible", timeout=60_000)  # the matrix as a list
            assert not page.locator("[class*=st-key-article_heatmap]").first.is_visible()
            assert not page.locator(".st-key-article_chart_hint").is_visible()  # no «click a cell» without cells
        page.close()


def test_a_dimmed_name_shows_a_readable_tip(server, browser):
    url, _ = server
    page = open_page(browser, url, width=1440, height=900)
    page.wait_for_selector(".goftar-article mark.g-mention", timeout=180_000)
    page.locator(".st-key-read_select input").click()  # the sample (other tests add articles)
    page.get_by_role("option", name="دیدار وزیران دفاع ایران و روسیه").click()
    page.wait_for_selector("h1:has-text('دیدار وزیران دفاع ایران و روسیه')", timeout=60_000)
    settle(page)
    page.locator(".st-key-focus_speaker input").click()
    page.get_by_role("option", name="سرگئی شایگو").click()
    page.wait_for_selector(".goftar-article.g-dimmed", timeout=60_000)
    settle(page)
    dimmed = page.locator('.goftar-article .g-stmt:not(.g-focus) mark.g-mention[data-speaker="محمدرضا آشتیانی"]').first
    dimmed.scroll_into_view_if_needed()
    dimmed.hover()
    page.wait_for_timeout(200)
    tip = page.evaluate("""() => {
        const hovered = [...document.querySelectorAll('.goftar-article [data-tip]:hover')].pop();
        let opacity = 1, filtered = false;
        for (let e = hovered; e && !e.classList.contains('goftar-article'); e = e.parentElement) {
            opacity *= parseFloat(getComputedStyle(e).opacity);
            filtered = filtered || getComputedStyle(e).filter !== 'none';
        }
        const after = getComputedStyle(hovered, '::after');
        return {opacity, filtered, width: parseFloat(after.width),
                paragraph: hovered.closest('.g-p').getBoundingClientRect().width};
    }""")
    # whole while pointed at: a faint tip, or one boxed into the name by a `filter`, could not be read
    assert tip["opacity"] == 1 and not tip["filtered"], tip
    assert 60 < tip["width"] <= tip["paragraph"] + 1, tip
    page.close()


def test_phone_keeps_the_counts_on_one_row(server, browser):
    url, _ = server
    page = open_page(browser, url, width=390, height=844)
    page.wait_for_selector("[data-testid=stMetric]", timeout=180_000)
    settle(page)
    boxes = [page.locator("[data-testid=stMetric]").nth(i).bounding_box() for i in range(3)]
    assert len({round(box["y"]) for box in boxes}) == 1  # side by side, not three screens' worth stacked
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= 390 for box in boxes)
    clipped = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMetricLabel] [data-testid=stMarkdownContainer]')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
    assert clipped == []  # each label whole (wrapped), not cut to «…ments»
    page.close()


def test_sidebar_page_names_are_whole(server, browser):
    url, _ = server
    page = open_page(browser, f"{url}/quality")  # its name is the longest, and bold as the current page
    page.wait_for_function(  # the app's stylesheet is in (it comes with the first run's st.html, after the nav)
        "getComputedStyle(document.querySelector('[data-testid=stSidebarNav]')).direction === 'rtl'", timeout=60_000)
    cut = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stSidebarNav] span')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
    assert cut == []  # «کیفیت و خروجی · Quality & export» whole, not «…ality & export»
    page.close()


def test_chart_titles_and_legends_stay_inside_the_frame(server, browser):
    url, _ = server
    for width in (1440, 390):
        page = open_page(browser, f"{url}/explore", width=width, height=1000)
        page.wait_for_selector(".st-key-explore_chart", timeout=180_000)
        for kind in ("bars", "network"):
            page.locator(".st-key-explore_chart").get_by_role("radio", name=kind).click()
            settle(page, 1500)
            chart = page.locator("[data-testid=stPlotlyChart]").first
            chart.scroll_into_view_if_needed()
            chart.hover()  # the toolbar shows while the pointer is on the chart
            page.wait_for_timeout(300)
            boxes = page.evaluate("""() => {
                const chart = document.querySelector('[data-testid=stPlotlyChart]');
                const box = e => { const r = e && e.getBoundingClientRect(); return r && r.width ? r : null; };
                return {frame: box(chart), title: box(chart.querySelector('.gtitle')),
                        toolbar: box(chart.querySelector('.modebar')), legend: box(chart.querySelector('.legend')),
                        axis: box(chart.querySelector('.xtitle'))};
            }""")
            frame, title, toolbar = boxes["frame"], boxes["title"], boxes["toolbar"]
            assert frame["left"] - 1 <= title["left"] and title["right"] <= frame["right"] + 1, (width, kind)
            assert toolbar is None or title["top"] >= toolbar["bottom"] - 1, (width, kind)  # not under the toolbar
            if boxes["legend"]:  # the bars' legend: inside the frame, under the axis title, never over it
                legend = boxes["legend"]
                assert legend["bottom"] <= frame["bottom"] + 1 and legend["top"] >= boxes["axis"]["bottom"] - 1, (width, kind, boxes)
        page.close()


def test_phone_review_form_runs_in_task_order(server, browser):
    url, _ = server
    page = open_page(browser, f"{url}/review", width=390, height=844)
    page.wait_for_selector(".st-key-review_note textarea", timeout=180_000)
    settle(page)
    order = ["review_speaker", "review_topics", "review_tags", "review_note", "review_accept"]
    tops = [page.locator(f".st-key-{key}").bounding_box()["y"] for key in order]
    assert tops == sorted(tops)  # who said it and about what first, then tags and note, then the decision
    statement = page.locator(".goftar-statement").bounding_box()
    assert statement["y"] < tops[0] and statement["x"] >= 0 and statement["x"] + statement["width"] <= 390
    page.close()
