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


def require_chromium() -> None:
    """Skip where Debian's chromium is not installed (a developer's machine); in CI its absence is a failure, since
    .ci/run installs it."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("Debian's chromium is not installed here (apt-get install chromium)")


def serve(folder: Path, extra_environment: dict[str, str] | None = None):
    """`streamlit run app.py` on a free localhost port with its own SQLite corpus; yields the URL."""
    require_chromium()
    port = free_port()
    environment = {**os.environ, "GOFTAR_DATABASE_URL": f"sqlite:///{folder / 'goftar.db'}", **(extra_environment or {})}
    log = open(folder / "streamlit.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start: " + (folder / "streamlit.log").read_text())
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app served by `streamlit run` on localhost, with its own SQLite corpus."""
    folder = tmp_path_factory.mktemp("browser")
    for url in serve(folder):
        yield url, folder


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
        page.wait_for_selector(".st-key-article_clear_all", timeout=30_000)  # the filter shows as chips
        browser.close()
    assert screenshot.stat().st_size > 20_000
    outside = [r for r in requests if not r.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))]
    assert outside == [], "the page fetched something from the network"


COOKIE_NAME, COOKIE_KEY = "goftar_browser_test", "browser-test-secret-" + "k" * 24


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory):
    """The app with GOFTAR_AUTH: one analyst, sara / analyst-pass."""
    import bcrypt
    import yaml

    folder = tmp_path_factory.mktemp("browser_auth")
    config = {"credentials": {"usernames": {"sara": {
        "name": "Sara", "email": "s@example.org", "roles": ["analyst"],
        "password": bcrypt.hashpw(b"analyst-pass", bcrypt.gensalt(4)).decode()}}},
        "cookie": {"name": COOKIE_NAME, "key": COOKIE_KEY, "expiry_days": 1}}
    (folder / "auth.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for url in serve(folder, {"GOFTAR_AUTH": str(folder / "auth.yaml")}):
        yield url, folder


def launch(playwright):
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])


def login_form_shown(page) -> None:
    page.wait_for_selector("text=Please sign in", timeout=120_000)


def session_cookie(context):
    return next((c for c in context.cookies() if c["name"] == COOKIE_NAME), None)


def test_sign_in_then_logout_clears_the_cookie(auth_server):
    from playwright.sync_api import sync_playwright

    url, folder = auth_server
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = context.new_page()
        page.goto(url)
        login_form_shown(page)
        page.get_by_role("textbox", name="Username").fill("sara")
        page.get_by_role("textbox", name="Password").fill("analyst-pass")
        page.get_by_role("button", name="Login").click()
        page.wait_for_selector(".goftar-article", timeout=120_000)
        page.wait_for_function(f"document.cookie.includes('{COOKIE_NAME}=')", timeout=30_000)
        assert session_cookie(context) is not None
        # The library sets the cookie from page script, so it cannot be HttpOnly (documented in the README).
        assert session_cookie(context)["httpOnly"] is False and session_cookie(context)["sameSite"] == "Strict"

        page.get_by_role("button", name="خروج · Logout").click()
        login_form_shown(page)
        page.wait_for_function(f"!document.cookie.includes('{COOKIE_NAME}=')", timeout=30_000)
        assert session_cookie(context) is None
        log = (folder / "streamlit.log").read_text(encoding="utf-8", errors="replace")
        assert "StreamlitWidgetAlreadyInstantiatedError" not in log and "Traceback" not in page.inner_text("body")

        page.reload()
        login_form_shown(page)
        page.wait_for_timeout(2000)  # a cookie sign-in would have replaced the form by now
        assert page.locator(".goftar-article").count() == 0 and page.get_by_role("textbox", name="Password").is_visible()
        browser.close()


def test_deep_link_after_a_cookie_sign_in_lands_on_its_page(auth_server):
    import jwt
    from playwright.sync_api import sync_playwright

    url, _ = auth_server
    token = jwt.encode({"username": "sara", "exp_date": time.time() + 3600}, COOKIE_KEY, algorithm="HS256")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        context.add_cookies([{"name": COOKIE_NAME, "value": token, "url": url}])
        page = context.new_page()
        page.goto(f"{url}/review")
        page.wait_for_selector("h1:has-text('Review statements')", timeout=120_000)
        page.wait_for_timeout(3000)  # the cookie component's first value triggers a rerun: still on Review after it
        assert page.locator("h1:has-text('Review statements')").count() == 1
        assert page.url.rstrip("/").endswith("/review")
        browser.close()
