"""Screenshots of every page at 1440 and 390 px wide, on a corpus of synthetic articles with fictional people.

Starts `streamlit run app.py` on a free port over its own SQLite corpus (articles with titles, outlets and dates
spread over a few weeks, and a few reviews so the history and agreement show), then drives Debian's Chromium with
Playwright. Each page is captured whole: Streamlit scrolls its main pane, so the viewport is grown to the pane's
height first. For every page the script also reports whether a statement's text is on screen.

With `--dir PATH` the corpus is the `.txt` files of that folder instead (e.g. real news), imported through the same
path as `python -m goftar ingest` (titles, outlets and dates guessed from the texts), then reviewed alike.

Usage: python bench/screenshots.py [OUT_DIR] [--dir PATH]
       (default bench/results/screenshots; PNGs named page-width.png)
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {1440: 900, 390: 844}
PAGES = {"read": "", "explore": "explore", "review": "review", "quality": "quality", "add": "add", "search": "search"}
# Fictional people and outlets only: the lead paragraphs are written here, the bodies recombined from the shipped
# sample and the synthetic test articles (bench/corpus.py).
LEADS = [
    ("نشست شانگهای و آیندهٔ همکاری منطقه‌ای", "خبرگزاری پارس‌نگار",
     "به گزارش خبرنگار گروه سیاست خارجی خبرگزاری پارس‌نگار، کیوان رستگار سخنگوی وزارت امور خارجه گفت: "
     "عضویت در سازمان همکاری شانگهای فرصتی برای گسترش تجارت منطقه‌ای است."),
    ("گفت‌وگوهای برجام در وین ادامه دارد", "روزنامهٔ صبح نو",
     "به گزارش روزنامهٔ صبح نو، مهرداد کاظمیان نمایندهٔ مجلس تاکید کرد که مذاکرات برجام باید با تضمین‌های "
     "روشن همراه باشد."),
    ("قالب ۳+۳ و ثبات قفقاز", "پایگاه خبری دیده‌بان شرق",
     "به گزارش پایگاه خبری دیده‌بان شرق، سرهنگ بهروز نیک‌فر فرماندهٔ مرزبانی گفت: قالب ۳+۳ راهی برای "
     "کاهش تنش در قفقاز است."),
    ("بریکس و پول ملی در تجارت", "خبرگزاری آوای شهر",
     "به گزارش خبرگزاری آوای شهر، لیلا فرهمند معاون وزیر اقتصاد اظهار کرد: استفاده از پول ملی در تجارت "
     "با اعضای بریکس رو به افزایش است."),
]
ANALYSTS = ("مریم", "سارا")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_corpus(url: str, count: int = 16) -> None:
    """Articles with titles, outlets and dates over three weeks, and two analysts' reviews of the first ones."""
    from bench.corpus import articles
    from goftar.ingest import Record
    from goftar.pipeline import ingest_records
    from goftar.store import Store

    store = Store(url)
    bodies = articles(count, seed=11)
    records = []
    for number, body in enumerate(bodies):
        title, outlet, lead = LEADS[number % len(LEADS)]
        published = date(2023, 11, 1) + timedelta(days=(number * 3) % 21)
        records.append(Record(f"synthetic-{number}.txt", f"{lead}\n\n{body}", f"{title} ({number + 1})", outlet,
                              published))
    ingest_records(records, store, workers=1)
    add_reviews(store)


def build_corpus_from(folder: Path, url: str) -> None:
    """The folder's .txt files imported as `goftar ingest` does, and the same two analysts' reviews."""
    from goftar.pipeline import ingest_paths
    from goftar.store import Store

    files = sorted(folder.glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files in {folder}")
    store = Store(url)
    report = ingest_paths(files, store, workers=1)
    for rejection in report.rejected:
        print(f"rejected: {rejection.source}: {rejection.reason}", file=sys.stderr)
    add_reviews(store)


def add_reviews(store) -> None:
    """Two analysts review the first six statements of the queue (one rejection) so history and agreement show."""
    from goftar.store.reviews import Actor, Decision, Reviews

    reviews = Reviews(store)
    queue = reviews.queue(limit=12)
    for analyst in ANALYSTS:
        for item in queue[:6]:
            status = "rejected" if analyst == ANALYSTS[1] and item is queue[2] else "accepted"
            try:
                current = next(i for i in reviews.queue(article_id=item.article_id) if i.key == item.key)
                version = current.review.version if current.review else None
                reviews.save(Actor(analyst, "analyst"), item.article_id, item.start, item.end,
                             Decision(status=status, tags=["نمونه"] if status == "accepted" else [],
                                      note="برای آزمون" if analyst == ANALYSTS[0] else ""),
                             version, replace_other=True)
            except Exception as error:  # the screenshots matter more than every review landing
                print(f"review skipped: {type(error).__name__}: {error}", file=sys.stderr)


def serve(folder: Path, url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(folder / "streamlit.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "GOFTAR_DATABASE_URL": url}, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2):
                return process, base
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("streamlit did not start: " + (folder / "streamlit.log").read_text())


def settle(page) -> None:
    """Wait until Streamlit has stopped running the script and the charts are drawn."""
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=180_000)
    page.wait_for_timeout(1500)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget], [data-testid=stSkeleton], "
                           "[data-stale=true]')", timeout=120_000)
    page.wait_for_timeout(1500)


def statement_visible(page) -> bool | None:
    """Whether some statement's text is on screen: a table cell, the reader or Review's statement (None: the page
    has no statements)."""
    return page.evaluate("""() => {
        const el = document.querySelector('td.g-col-statement, .goftar-statement, .goftar-article .g-stmt');
        if (!el) return null;
        const box = el.getBoundingClientRect();
        return box.width > 40 && box.left >= -1 && box.right <= window.innerWidth + 1;
    }""")


def capture(out: Path, base: str) -> dict:
    from playwright.sync_api import sync_playwright

    report = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for width, height in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in PAGES.items():
                page.set_viewport_size({"width": width, "height": height})
                page.goto(f"{base}/{path}")
                try:
                    settle(page)
                except Exception as error:
                    report[f"{name}-{width}"] = f"did not load: {type(error).__name__}"
                    continue
                if page.locator("text=Page not found").count():
                    report[f"{name}-{width}"] = "no such page"
                    continue
                visible = statement_visible(page)
                tall = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
                page.set_viewport_size({"width": width, "height": min(max(height, tall), 12_000)})
                settle(page)
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                report[f"{name}-{width}"] = {"file": str(target), "statement_visible": visible}
            page.close()
        browser.close()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "bench" / "results" / "screenshots")
    parser.add_argument("--dir", type=Path, default=None, metavar="PATH",
                        help="import the .txt files of this folder instead of the synthetic corpus")
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/screens.db"
        if args.dir:
            build_corpus_from(args.dir, url)
        else:
            build_corpus(url)
        process, base = serve(Path(folder), url)
        try:
            report = capture(out, base)
        finally:
            process.terminate()
            process.wait(timeout=20)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
