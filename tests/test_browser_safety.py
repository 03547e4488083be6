"""Hostile data in a real browser (issue 9): the payload corpus in every field, on SQLite and PostgreSQL, every
page loaded in headless Chromium; no request leaves 127.0.0.1, no link, image, iframe or formatting that a payload
brought exists in the DOM, and no script runs. With GOFTAR_AUTH, a browser that has not signed in sees no article
text."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import bcrypt
import pytest
import yaml
from conftest import BACKENDS, SAMPLE_PATH
from payloads import EVIL_HOST, FIELDS, PAYLOADS
from test_browser import CHROMIUM, require_chromium, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PER_ARTICLE = 3
TOPIC_FORM = "گفت‌وگوی امنیتی"
LOCAL_PREFIXES = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")

# Everything in the DOM that a payload could have turned into live markup. Streamlit's own chrome is told apart by
# where it points (same origin, a fragment) and by the `goftar-pwned` marker every payload of that kind carries.
DOM_AUDIT = """() => {
  const local = (url) => !url || url.startsWith(location.origin) || url.startsWith('#') || url.startsWith('data:image/svg')
                         || url.startsWith('blob:');
  const links = [...document.querySelectorAll('a[href], area[href]')]
                  .filter(a => { const h = a.getAttribute('href');
                                 return !(h.startsWith('#') || h.startsWith('/') || local(new URL(h, location.href).href)); })
                  .map(a => `${a.closest('[data-testid]')?.dataset.testid}: ${a.outerHTML.slice(0, 120)}`);
  const svgLinks = [...document.querySelectorAll('svg a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href'));
  const images = [...document.querySelectorAll('img, image, picture, video, audio, source')]
                  .map(i => i.getAttribute('src') || i.getAttribute('href') || '').filter(s => !local(new URL(s, location.href).href));
  const frames = [...document.querySelectorAll('iframe, frame, object, embed')].map(f => f.outerHTML.slice(0, 80));
  const formatted = [...document.querySelectorAll('[data-testid=stMarkdownContainer] :is(strong, em, del, code, h1, h2, '
                     + 'h3, h4, h5, h6, li, blockquote, table, a, img, .katex, span[style])')]
                  .filter(e => (e.textContent || '').includes('goftar-pwned'))
                  .filter(e => !(e.matches('h1, h2, h3, h4, h5, h6') && e.closest('[data-testid=stHeading]')))
                  .map(e => e.tagName);  // st.title's own heading holds the (escaped) title
  const markup = [...document.querySelectorAll('.goftar-article *, .goftar-legend *')]
                  .filter(e => !['P', 'SPAN', 'MARK', 'LI', 'DIV'].includes(e.tagName) || e.hasAttribute('style'))
                  .map(e => e.tagName);
  const inert = ['title', 'aria-label', 'value', 'alt', 'placeholder'];
  const evil = [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
                  .filter(a => !a.name.startsWith('data-') && !inert.includes(a.name) && a.value.includes('evil.example'))
                  .filter(a => !(a.name === 'href' && a.value.startsWith('#')))  // a heading's own anchor
                  .map(a => `${e.tagName}[${a.name}]`));
  return {links, svgLinks, images, frames, formatted, markup, evil, pwned: window.goftarPwned === 1};
}"""


def groups() -> list[list[str]]:
    return [PAYLOADS[i : i + PER_ARTICLE] for i in range(0, len(PAYLOADS), PER_ARTICLE)]


def group_csv(payloads: list[str]) -> bytes:
    """One article per group: each payload in the text, the title, the source (CSV cells)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["text", "title", "source"])
    texts = [p.replace("\x00", "") for p in payloads]  # a NUL makes the text binary (refused: test_payloads)
    lines = [f"بهرام کیانفر گفت: «{p}» دربارهٔ برجام و {TOPIC_FORM}." for p in texts]
    lines.append(f"کیانفر افزود: {' '.join(texts)}")
    writer.writerow(["\n".join(lines), " · ".join(payloads), " · ".join(payloads)])
    return buffer.getvalue().encode("utf-8")


def file_name(payload: str) -> str:
    return payload.replace("/", "∕").replace("\\", "＼").replace("\x00", "") + ".csv"  # a file name holds no slash


def hostile_corpus(url: str) -> int:
    """The corpus: payload articles (from CSV files named after payloads), decisions with payload speakers, notes,
    tags and analyst names, and an issue whose labels are payloads. Returns the number of articles."""
    from goftar.ingest import Record, parse_bytes
    from goftar.pipeline import ingest_records
    from goftar.store import Store
    from goftar.store.reviews import Actor, Decision, Reviews

    store = Store(url)
    reviews = Reviews(store)
    reviews.add_topic(Actor("admin", "admin"), "hostile", PAYLOADS[46], PAYLOADS[9], [TOPIC_FORM])
    records = [item for payloads in groups() for item in parse_bytes(file_name(payloads[0]), group_csv(payloads))]
    report = ingest_records([r for r in records if isinstance(r, Record)], store, workers=1)
    decided = 0
    for payloads, article in zip(groups(), sorted(store.articles(), key=lambda a: a.id), strict=False):
        for item, payload in zip(reviews.queue(article_id=article.id), payloads, strict=False):
            reviews.save(Actor(payload[:200] or "x", "analyst"), item.article_id, item.start, item.end,
                         Decision(speaker=payload.replace("\x00", "") or "x", note=payload, tags=[payload, "برچسب"]),
                         None)
            decided += 1
    store.dispose()
    assert decided == len(PAYLOADS)  # every payload is a speaker, a note, a tag and an analyst's name once
    return report.imported


def streamlit_server(folder: Path, environment: dict):
    """`streamlit run app.py` with `environment` (test_browser.serve), as a context manager."""
    return contextlib.contextmanager(serve)(folder, environment)


@pytest.fixture(scope="module")
def chromium():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


class Watch:
    """Requests, dialogs and DOM audits of one page."""

    def __init__(self, page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.audits = 0
        self.findings: list[tuple[str, dict]] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.route(f"**/*{EVIL_HOST}*", lambda route: route.abort())  # never let one out, but count it above

    def settle(self) -> None:
        """Wait until Streamlit has finished the run (no spinner, no stale elements)."""
        self.page.wait_for_timeout(400)
        self.page.wait_for_function(
            "!document.querySelector('[data-testid=stStatusWidget]') && "
            "!document.querySelector('[data-stale=true]')", timeout=120_000)

    def audit(self, where: str) -> None:
        self.settle()
        found = self.page.evaluate(DOM_AUDIT)
        self.audits += 1
        if any(found.values()):
            self.findings.append((where, found))

    @property
    def outside(self) -> list[str]:
        return [r for r in self.requests if not r.startswith(LOCAL_PREFIXES)]


PICKER_PAGE = 20  # articles per page of the Read page's picker and of Search (app_pages.search.PAGE_SIZE)


def choose_next(page, key: str) -> None:
    """Pick the option after the selected one in a selectbox (by widget key), with the keyboard."""
    page.locator(f".st-key-{key} input").click()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_payload_corpus_in_chromium(chromium, tmp_path, database_url):
    articles = hostile_corpus(database_url)
    assert articles == len(groups())
    with streamlit_server(tmp_path, {"GOFTAR_DATABASE_URL": database_url, "GOFTAR_AUTH": ""}) as url:
        page = chromium.new_page(viewport={"width": 1440, "height": 1000})
        watch = Watch(page)
        page.goto(url)
        page.wait_for_selector(".goftar-article", timeout=180_000)
        # Read: every article in turn (titles, sources, text, speakers, legend, charts, focus lists)
        titles = set()
        for index in range(articles):
            if index and index % PICKER_PAGE == 0:  # the picker shows 20 at a time: the next page, then its first
                page.locator(".st-key-read_next_page button").first.click()
                watch.settle()
            if index:
                choose_next(page, "read_select")
            watch.audit(f"read #{index}")
            titles.add(page.locator("h1").first.inner_text())
        assert len(titles) == articles  # every article was shown
        page.locator(".st-key-focus_speaker input").click()  # the focus list open: payload speaker names
        watch.audit("read focus list")
        page.keyboard.press("Escape")
        page.get_by_text("Mark a missed statement").click()
        watch.audit("read missed statement")

        # Review: decisions by analysts with hostile names, notes and tags; the learning preview; admin lists
        page.goto(f"{url}/review")
        page.wait_for_selector(".goftar-statement", timeout=120_000)
        for step in range(8):
            watch.audit(f"review #{step}")
            page.locator(".st-key-review_next button").click()
        page.get_by_text("تاریخچه · History", exact=True).click()
        page.get_by_text("What the engine learned (admin)", exact=False).first.click()
        watch.audit("review history and additions")
        page.locator(".st-key-review_speaker input").click()
        watch.audit("review speaker list")
        page.keyboard.press("Escape")

        # Explore and Quality: corpus charts, filters, tables, analysts' names
        page.goto(f"{url}/explore")
        page.wait_for_selector(".js-plotly-plot", timeout=120_000)
        for tab in ("bars", "sunburst", "network"):
            page.locator(".st-key-explore_chart button", has_text=tab).first.click()  # the chart switch
            watch.audit(f"explore {tab}")
        page.goto(f"{url}/quality")
        page.wait_for_selector(".st-key-kappa_first", timeout=120_000)
        watch.audit("quality")

        # Search: statements found (speaker, article, source, issues) and the articles found, as buttons
        page.goto(f"{url}/search")
        page.locator(".st-key-search_query input").fill("کیانفر")
        page.keyboard.press("Enter")
        page.wait_for_selector(".goftar-hit", timeout=120_000)
        watch.audit("search statements")
        page.get_by_role("tab", name="articles").click()
        assert page.locator("[class*=st-key-search_article_] button").count() == PICKER_PAGE  # one page of titles
        watch.audit("search articles")
        page.get_by_role("tab", name="statements").click()  # the one pager is under the statements
        page.locator(".st-key-search_next_page button").click()
        watch.settle()
        page.get_by_role("tab", name="articles").click()
        watch.audit("search articles, next page")
        for key in ("search_speakers", "search_sources"):  # the pickers' lists: payload names and sources
            page.locator(f".st-key-{key} input").click()
            watch.audit(f"search {key} list")
            page.keyboard.press("Escape")

        # Add: upload files named after payloads (duplicates and rejections list their names)
        page.goto(f"{url}/add")
        page.get_by_role("tab", name="Upload").click()
        uploads = [{"name": file_name(p[0]), "mimeType": "text/csv", "buffer": group_csv(p)} for p in groups()]
        uploads += [{"name": file_name(p).removesuffix(".csv") + ".exe", "mimeType": "application/octet-stream",
                     "buffer": b"MZ"} for p in PAYLOADS]  # every payload a file name, in the rejection list
        page.locator("input[type=file]").set_input_files(uploads)
        page.wait_for_selector(".st-key-upload_import button", timeout=120_000)
        watch.audit("add upload preview")
        page.locator(".st-key-upload_import button").click()
        page.wait_for_selector("[data-testid=stAlertContentInfo]", timeout=120_000)
        watch.audit("add upload report")
        assert page.locator("[data-table=upload_report] tbody tr").count() == len(PAYLOADS)  # each name, refused
        body = page.inner_text("body")
        page.close()

    tried = len(PAYLOADS) * len(FIELDS)
    print(f"\nchromium on {database_url.split(':')[0]}: {len(PAYLOADS)} payloads × {len(FIELDS)} fields = {tried} tried, {watch.audits} page states "
          f"audited, {len(watch.requests)} requests, {len(watch.outside)} outside 127.0.0.1, "
          f"{len(watch.findings)} states with live markup, {len(watch.dialogs)} dialogs")
    assert "duplicates" in body and "Traceback" not in body
    assert watch.outside == [], watch.outside[:5]
    assert watch.findings == [], [(where, {k: v for k, v in found.items() if v}) for where, found in watch.findings]
    assert watch.dialogs == []


def test_without_signing_in_no_article_text_is_sent(chromium, tmp_path):
    users = {"sara": {"name": "Sara", "email": "s@example.org", "roles": ["analyst"],
                      "password": bcrypt.hashpw(b"analyst-pass", bcrypt.gensalt(4)).decode()}}
    config = {"credentials": {"usernames": users}, "cookie": {"name": "goftar_t", "key": "k" * 40, "expiry_days": 1}}
    (tmp_path / "auth.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    environment = {"GOFTAR_DATABASE_URL": f"sqlite:///{tmp_path / 'goftar.db'}",
                   "GOFTAR_AUTH": str(tmp_path / "auth.yaml")}
    from goftar import default_engine
    from goftar.store import Store

    sample = SAMPLE_PATH.read_text(encoding="utf-8")
    seeded = Store(environment["GOFTAR_DATABASE_URL"])
    seeded.add(default_engine().analyze(sample))  # a corpus with text to leak
    seeded.dispose()
    sample_words = [line.split()[:4] for line in sample.splitlines() if len(line) > 40]
    with streamlit_server(tmp_path, environment) as url:
        page = chromium.new_page()
        frames: list[str] = []
        page.on("websocket", lambda socket: socket.on("framereceived", lambda frame: frames.append(
            frame if isinstance(frame, str) else frame.decode("utf-8", "ignore"))))
        for path in ("", "/explore", "/review", "/quality", "/add"):
            page.goto(f"{url}{path}")
            page.wait_for_selector("input[type=password]", timeout=120_000)
            page.wait_for_timeout(1000)
            body = page.inner_text("body")
            assert not any(" ".join(words) in body for words in sample_words), path
            assert page.locator(".goftar-article, .goftar-statement, .js-plotly-plot").count() == 0
        page.close()
    sent = "".join(frames)
    assert frames and not any(" ".join(words) in sent for words in sample_words)  # not even in the websocket
