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


@pytest.fixture
def auth_app(tmp_path, monkeypatch):
    users = {
        "vida": {"name": "Vida", "email": "v@example.org", "roles": ["viewer"],
                 "password": bcrypt.hashpw(b"viewer-pass", bcrypt.gensalt(4)).decode()},
        "sara": {"name": "Sara", "email": "s@example.org", "roles": ["analyst"],
                 "password": bcrypt.hashpw(b"analyst-pass", bcrypt.gensalt(4)).decode()},
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


def test_analyst_can_tag(auth_app):
    app = sign_in(auth_app(), "sara", "analyst-pass")
    app.switch_page("app_pages/review.py").run()
    app.button(key="review_accept").click().run()
    assert any("saved" in s.value for s in app.success) or "2 / 12" in app.markdown[0].value


def test_hash_password_command():
    result = subprocess.run([sys.executable, "-m", "goftar", "hash-password"], input="s3cret\n", capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0 and bcrypt.checkpw(b"s3cret", result.stdout.strip().encode())
