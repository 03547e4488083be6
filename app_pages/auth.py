"""Who is using the app: single-user local mode, or a login with roles when GOFTAR_AUTH names a config file."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import streamlit as st

from components.labels import bilingual_message, english, fa_en
from components.safe import md_text
from goftar.login import LoginConfigError, check
from goftar.store.reviews import ROLES, Actor

LOCAL_ROLE = "admin"  # without GOFTAR_AUTH the app is one analyst's own tool
LANDING = "landing_page"


def _highest(roles) -> str:
    known = [r for r in (roles or []) if r in ROLES]
    return max(known, key=ROLES.index) if known else "viewer"


@st.cache_resource(show_spinner=False)
def _config(path: str) -> dict:
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _sign_out(authenticator) -> None:
    """Forget the session's sign-in and delete the cookie (the library's «unrendered» logout does both)."""
    authenticator.logout(location="unrendered")


def current_actor() -> Actor:
    """The signed-in analyst and role; stops the page at the login form until someone signs in."""
    path = os.environ.get("GOFTAR_AUTH")
    if not path:
        with st.sidebar:
            name = st.text_input("نام تحلیلگر · Analyst", value=st.session_state.get("analyst_name", "analyst"),
                                 key="analyst_name", help=fa_en("حالت تک‌کاربرهٔ محلی؛ برای ورود و نقش‌ها GOFTAR_AUTH را تنظیم کنید.",
                                            "Local single-user mode: set GOFTAR_AUTH for logins and roles."))
        return Actor(name.strip() or "analyst", LOCAL_ROLE)
    try:
        config = check(_config(path))
        credentials, cookie = config["credentials"], config["cookie"]
    except LoginConfigError as error:
        st.error(bilingual_message(f"GOFTAR_AUTH ({path}): {error}"))
        st.stop()
    except (OSError, KeyError, TypeError, ValueError) as error:
        st.error(english(f"GOFTAR_AUTH: cannot read the login configuration {path} ({type(error).__name__})."))
        st.stop()
    import streamlit_authenticator as stauth

    authenticator = stauth.Authenticate(credentials, cookie["name"], cookie["key"],
                                        float(cookie.get("expiry_days", 7)), auto_hash=False)
    authenticator.login(location="main", key="login")
    status = st.session_state.get("authentication_status")
    if status is False:
        st.error(fa_en("نام کاربری یا گذرواژه نادرست است.", "Wrong username or password."))
        st.stop()
    if not status:
        st.info(fa_en("برای ادامه وارد شوید.", "Please sign in."))
        st.stop()
    username = st.session_state.get("username") or "?"
    role = _highest(st.session_state.get("roles") or credentials["usernames"].get(username, {}).get("roles"))
    with st.sidebar:
        st.caption(f"{md_text(st.session_state.get('name') or username)} · {role}")
        # Not the library's own button: with key="logout" its write of st.session_state["logout"] (its signed-out
        # flag) failed (StreamlitWidgetAlreadyInstantiatedError, cookie left set), and signing out after the page
        # was drawn left the page on screen. A callback signs out before the next run draws anything.
        st.button("خروج · Logout", key="logout_button", on_click=_sign_out, args=(authenticator,))
    return Actor(username, role)


def remember_landing() -> None:
    """Note the page the session's first URL named (e.g. /review), before sign-in can interrupt the run.

    Why: the sign-in cookie is read by a component whose first value reruns the script; that rerun comes from a
    browser that has not yet been told which page it is on, so it asks for the default page, and a deep link after
    a cookie sign-in landed on Read."""
    if LANDING not in st.session_state:
        st.session_state[LANDING] = PurePosixPath(urlparse(st.context.url or "").path).name


def land(current, pages) -> None:
    """Once per session: if the first URL named another page the actor may open, go there."""
    wanted = st.session_state.get(LANDING)
    st.session_state[LANDING] = ""
    if wanted and current.url_path != wanted:
        target = next((page for page in pages if page.url_path == wanted), None)
        if target is not None:
            st.switch_page(target)
