"""The app in a real browser: `streamlit run` on a free port, headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app served by `streamlit run` on localhost, with its own SQLite corpus."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("Debian's chromium is not installed here (apt-get install chromium)")
    folder = tmp_path_factory.mktemp("browser")
    port = free_port()
    environment = {**os.environ, "GOFTAR_DATABASE_URL": f"sqlite:///{folder / 'goftar.db'}"}
    log = open(folder / "streamlit.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        process.terminate()
        pytest.fail("streamlit did not start: " + (folder / "streamlit.log").read_text())
    yield url, folder
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_reader_in_chromium(server, tmp_path):
    from playwright.sync_api import sync_playwright

    url, _ = server
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url)
        try:
            article = page.wait_for_selector(".goftar-article", timeout=180_000)
        except Exception:  # say what the page showed instead, and what the server logged
            log = (server[1] / "streamlit.log").read_text(encoding="utf-8", errors="replace")[-3000:]
            pytest.fail(f"the reader did not appear; page text: {page.inner_text('body')[:1500]!r}; log: {log}")
        page.wait_for_timeout(1500)
        assert page.evaluate("getComputedStyle(document.querySelector('.goftar-article')).direction") == "rtl"
        for speaker in ("محمدرضا آشتیانی", "سرگئی شایگو"):
            assert page.locator(f'mark.g-mention[data-speaker="{speaker}"]').first.is_visible()
        assert page.locator(".g-topic[data-topic='JCPOA']").first.is_visible()
        assert page.evaluate("document.fonts.check('16px Vazirmatn')")
        assert article.is_visible()
        screenshot = tmp_path / "reader.png"
        page.screenshot(path=str(screenshot))

        # a click on a cell of the who × issue chart filters the statements table
        cell = page.locator(".js-plotly-plot .scatterlayer .point").first
        cell.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        box = cell.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_function(
            "[...document.querySelectorAll('[data-testid=stCaptionContainer]')].some(c => c.innerText.includes('filtered by'))",
            timeout=30_000,
        )
        browser.close()
    assert screenshot.stat().st_size > 20_000
    outside = [r for r in requests if not r.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]
    assert outside == [], "the page fetched something from the network"
