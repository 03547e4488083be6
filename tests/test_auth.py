"""GOFTAR_AUTH: a login stands before every page, and a viewer can read but not tag."""

from __future__ import annotations

import subprocess
import sys

import bcrypt
import pytest
import streamlit as st
import yaml
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from components.safe import md_text

HOSTILE_NAME = "![Mina](http://evil.example/m.png) **Mina**"  # a display name is shown as text, never Markdown


@pytest.fixture
def auth_app(tmp_path, monkeypatch):
    users = {
        "vida": {"name": "Vida", "email": "v@example.org", "roles": ["viewer"],
                 "password": bcrypt.hashpw(b"viewer-pass", bcrypt.gensalt(4)).decode()},
        "sara": {"name": "Sara", "email": "s@example.org", "roles": ["analyst"],
                 "password": bcrypt.hashpw(b"analyst-pass", bcrypt.gensalt(4)).decode()},
        "mina": {"name": HOSTILE_NAME, "email": "m@example.org", "roles": ["analyst"],
                 "password": bcrypt.hashpw(b"mina-pass", bcrypt.gensalt(4)).decode()},
        "ali": {"name": "Ali", "email": "a@example.org", "roles": ["admin"],
                "password": bcrypt.hashpw(b"admin-pass", bcrypt.gensalt(4)).decode()},
    }
    config = {"credentials": {"usernames": users}, "cookie": {"name": "goftar_test", "key": "x" * 40, "expiry_days": 1}}
    (tmp_path / "auth.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("GOFTAR_AUTH", str(tmp_path / "auth.yaml"))
    monkeypatch.setenv("GOFTAR_DATABASE_URL", f"sqlite:///{tmp_path / 'goftar.db'}")
    st.cache_resource.clear()
    st.cache_data.clear()
    yield lambda: AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    st.cache_resource.clear()
    st.cache_data.clear()


def sign_in(app: AppTest, username: str, password: str) -> AppTest:
    app.text_input[0].input(username)
    app.text_input[1].input(password)
    return app.button[0].click().run()


def test_nothing_is_shown_before_signing_in(auth_app):
    app = auth_app()
    assert not app.title and "Please sign in" in app.info[0].value


def test_wrong_password_is_a_clear_message(auth_app):
    app = sign_in(auth_app(), "vida", "nope")
    assert "Wrong username or password" in app.error[0].value and not app.title


def test_viewer_reads_but_cannot_tag(auth_app):
    app = sign_in(auth_app(), "vida", "viewer-pass")
    assert app.title[0].value == "دیدار وزیران دفاع ایران و روسیه"
    app.switch_page("app_pages/review.py").run()
    assert any("viewer" in info.value for info in app.info)
    assert not [b for b in app.button if b.key in ("review_accept", "review_reject", "review_save")]


def test_the_signed_in_name_is_shown_as_text(auth_app):
    app = sign_in(auth_app(), "mina", "mina-pass")
    assert f"{md_text(HOSTILE_NAME)} · analyst" in [caption.value for caption in app.caption]


def test_analyst_can_tag(auth_app):
    app = sign_in(auth_app(), "sara", "analyst-pass")
    app.switch_page("app_pages/review.py").run()
    app.button(key="review_accept").click().run()
    assert any("saved" in s.value for s in app.success) or "2 / 12" in app.markdown[0].value


def test_hash_password_command():
    result = subprocess.run([sys.executable, "-m", "goftar", "hash-password"], input="s3cret\n", capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0 and bcrypt.checkpw(b"s3cret", result.stdout.strip().encode())


def test_logout_signs_out(auth_app):
    app = sign_in(auth_app(), "sara", "analyst-pass")
    assert app.title
    app.button(key="logout_button").click().run()
    assert not app.exception, app.exception  # was StreamlitWidgetAlreadyInstantiatedError on key "logout"
    assert not app.title and "Please sign in" in app.info[0].value
    assert app.session_state["authentication_status"] is None


def test_viewer_has_no_add_page_and_no_reanalysis(auth_app):
    app = sign_in(auth_app(), "vida", "viewer-pass")
    with pytest.raises(ValueError, match="Known pages") as refused:  # the Add page is not registered for a viewer
        app.switch_page("app_pages/add.py")
    assert "review.py" in str(refused.value) and "add.py'" not in str(refused.value).split("Known pages")[1]
    assert not [b for b in app.button if b.key in ("paste_save", "upload_import", "reanalyze")]


# Every control that writes to the corpus, by page (the admin sees them all, so the viewer's check is not vacuous).
WRITE_CONTROLS = {
    "app_pages/read.py": {"missed_save"},  # mark a missed statement
    "app_pages/explore.py": set(),
    "app_pages/search.py": set(),
    "app_pages/review.py": {"review_accept", "review_reject", "review_save", "new_topic_add"},  # decisions, issues
    "app_pages/quality.py": set(),  # exports only read
}


def test_a_viewer_sees_no_write_control_on_any_page(auth_app):
    shown = {}
    for username, password in [("vida", "viewer-pass"), ("ali", "admin-pass")]:
        app = sign_in(auth_app(), username, password)
        for page in WRITE_CONTROLS:
            app.switch_page(page).run()
            assert not app.exception, (username, page, app.exception)
            shown[username, page] = {str(b.key) for b in app.button}
    for page, writes in WRITE_CONTROLS.items():
        assert writes <= shown["ali", page], page  # the admin has them
        assert not writes & shown["vida", page] and not any(k.startswith("addition_") for k in shown["vida", page])


def test_add_page_refuses_a_viewer_even_when_reached(tmp_path, monkeypatch):
    from goftar.store.reviews import Actor

    monkeypatch.setenv("GOFTAR_DATABASE_URL", f"sqlite:///{tmp_path / 'goftar.db'}")
    st.cache_resource.clear()
    page = AppTest.from_file(str(ROOT / "app_pages" / "add.py"), default_timeout=120)
    page.session_state["actor"] = Actor("vida", "viewer")
    page.run()
    assert any("analyst role" in info.value for info in page.info)
    assert not [b for b in page.button if b.key in ("paste_save", "upload_import", "reanalyze")]
    st.cache_resource.clear()


def test_analyst_adds_but_does_not_reanalyse(auth_app):
    app = sign_in(auth_app(), "sara", "analyst-pass")
    app.switch_page("app_pages/add.py").run()
    keys = {b.key for b in app.button}
    assert "paste_save" in keys and "reanalyze" not in keys


def write_config(tmp_path, monkeypatch, *, key: str, password: str | None = None) -> None:
    from goftar.login import EXAMPLE_PATH

    config = yaml.safe_load(EXAMPLE_PATH.read_text(encoding="utf-8"))
    config["cookie"]["key"] = key
    hashed = bcrypt.hashpw(b"pass", bcrypt.gensalt(4)).decode()
    for user in config["credentials"]["usernames"].values():
        user["password"] = password or hashed
    (tmp_path / "auth.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("GOFTAR_AUTH", str(tmp_path / "auth.yaml"))


@pytest.mark.parametrize(
    ("key", "password", "message"),
    [
        ("REPLACE_WITH_A_LONG_RANDOM_SECRET", None, "placeholder"),  # the example's key, left as it is
        ("short-secret", None, "at least 32"),  # 12 bytes
        ("ک" * 15, None, "30 bytes"),  # 15 Persian letters are 30 bytes, not 15
        ("k" * 40, "$2b$12$REPLACE_WITH_A_BCRYPT_HASH", "not a bcrypt hash"),  # the example's password placeholder
    ],
)
def test_unsafe_login_file_refuses_to_start(tmp_path, monkeypatch, key, password, message):
    write_config(tmp_path, monkeypatch, key=key, password=password)
    monkeypatch.setenv("GOFTAR_DATABASE_URL", f"sqlite:///{tmp_path / 'goftar.db'}")
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    st.cache_resource.clear()
    assert not app.exception and not app.text_input and not app.title  # no login form, no page
    assert message in app.error[0].value


def test_a_safe_login_file_passes():
    from goftar.login import check

    config = {"credentials": {"usernames": {"sara": {"password": bcrypt.hashpw(b"p", bcrypt.gensalt(4)).decode()}}},
              "cookie": {"name": "goftar_auth", "key": "s" * 32}}
    assert check(config) is config
