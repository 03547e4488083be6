"""Goftar — who said what about which issue in Persian news. This file only wires the pages."""

import streamlit as st

from app_pages.auth import current_actor, land, remember_landing
from app_pages.common import analysis_notice, inject_styles, lexicons_readable, reanalyzer, refresh_status

st.set_page_config(page_title="گفتار · Goftar", page_icon="🗞️", layout="wide")
inject_styles()
remember_landing()
st.session_state["actor"] = who = current_actor()
if not lexicons_readable():  # an analyst's edited lexicon with an error: say which row, analyse nothing
    st.stop()
refresh_status()  # the one query every rerun makes: the corpus version keys every cached view
reanalyzer()  # keeps the stored analyses current in the background
analysis_notice()

pages = [
    st.Page("app_pages/read.py", title="خواندن · Read", icon="📖", default=True),
    st.Page("app_pages/explore.py", title="کاوش · Explore", icon="📊", url_path="explore"),
    st.Page("app_pages/search.py", title="جست‌وجو · Search", icon="🔎", url_path="search"),
    st.Page("app_pages/review.py", title="بازبینی · Review", icon="✅", url_path="review"),
    st.Page("app_pages/quality.py", title="کیفیت و خروجی · Quality & export", icon="📏", url_path="quality"),
]
if who.may("analyst"):  # viewers read only: no Add page (the data layer refuses their writes anyway)
    pages.append(st.Page("app_pages/add.py", title="افزودن · Add articles", icon="➕", url_path="add"))
page = st.navigation(pages)
land(page, pages)
page.run()
