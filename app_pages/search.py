"""Search: Persian full-text search over statements (filled in by the search step)."""

import streamlit as st

st.title("جست‌وجو · Search")
