"""The page filter set by chart clicks, and the chips that show it (Streamlit side of components/selection.py).

One filter per page (`<prefix>_filter` in the session): a click on any chart of the page replaces it, an emptied
chart selection (double-click, Escape) clears it, and every value is a chip above the table with its own ✕ plus a
«clear all». Clearing also starts the charts afresh (their keys carry a generation number), so no chart keeps
showing a selection the table no longer uses.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components.safe import md_text
from components.selection import ChartFilter, chips, from_points

CLEAR_ALL = "پاک کردن همه · clear all"


def _filter_key(prefix: str) -> str:
    return f"{prefix}_filter"


def _generation_key(prefix: str) -> str:
    return f"{prefix}_chart_generation"


def chart_key(prefix: str, kind: str) -> str:
    """The widget key of one chart of the page (new after the filter is cleared, so its selection goes too)."""
    return f"{prefix}_{kind}_{st.session_state.get(_generation_key(prefix), 0)}"


def current(prefix: str) -> ChartFilter:
    """The page's chart filter (empty until a chart is clicked)."""
    return st.session_state.get(_filter_key(prefix)) or ChartFilter()


def on_select(prefix: str, kind: str) -> Callable[[], None]:
    """The chart's on_select callback: its selection becomes the page's filter (empty clears it)."""

    def take() -> None:
        state = st.session_state.get(chart_key(prefix, kind)) or {}
        points = (state.get("selection") or {}).get("points") if isinstance(state, dict) else None
        try:
            points = points if points is not None else state.selection.points
        except AttributeError:
            points = []
        st.session_state[_filter_key(prefix)] = from_points(points, kind)

    return take


def clear(prefix: str) -> None:
    """Drop the chart filter and restart the charts without a selection."""
    st.session_state[_filter_key(prefix)] = ChartFilter()
    st.session_state[_generation_key(prefix)] = st.session_state.get(_generation_key(prefix), 0) + 1


def _remove(prefix: str, kind: str, value: str) -> None:
    remaining = current(prefix).without(kind, value)
    if remaining.active:
        st.session_state[_filter_key(prefix)] = remaining
        st.session_state[_generation_key(prefix)] = st.session_state.get(_generation_key(prefix), 0) + 1
    else:
        clear(prefix)


def show_chips(prefix: str, labels: dict[str, str], others: list[tuple[str, Callable[[], None]]] = ()) -> None:
    """Chips for the chart filter (and `others`: (label, remove callback) of sidebar filters), and «clear all»."""
    chosen = current(prefix)
    found = chips(chosen, labels)
    if not found and not others:
        return
    with st.container(horizontal=True, horizontal_alignment="right", key=f"{prefix}_chips"):
        for number, (kind, value, label) in enumerate(found):
            st.button(md_text(label), key=f"{prefix}_chip_{number}", on_click=_remove, args=(prefix, kind, value),
                      help="برداشتن این فیلتر · remove this filter", type="secondary")
        for number, (label, remove) in enumerate(others):
            st.button(md_text(label), key=f"{prefix}_other_chip_{number}", on_click=remove,
                      help="برداشتن این فیلتر · remove this filter", type="secondary")

        def clear_everything() -> None:
            clear(prefix)
            for _, remove in others:
                remove()

        st.button(CLEAR_ALL, key=f"{prefix}_clear_all", on_click=clear_everything, type="tertiary")
