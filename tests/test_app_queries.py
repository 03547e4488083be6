"""Work sized to the screen: a rerun of any page costs at most 3 SQL statements (counted with SQLAlchemy events)."""

from __future__ import annotations

import pytest
import streamlit as st
from conftest import ROOT
from sqlalchemy import event
from streamlit.testing.v1 import AppTest

MAX_STATEMENTS = 3


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The app on its own SQLite file, warmed up (the first build fills the caches)."""
    monkeypatch.setenv("GOFTAR_DATABASE_URL", f"sqlite:///{tmp_path / 'goftar.db'}")
    st.cache_resource.clear()
    st.cache_data.clear()
    test = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not test.exception
    yield test
    st.cache_resource.clear()
    st.cache_data.clear()


class StatementCounter:
    """Counts the SQL statements the pages' store sends (the background re-analysis has its own engine)."""

    def __init__(self) -> None:
        from app_pages.common import store

        self.engine = store().engine
        self.statements: list[str] = []

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)

    def _count(self, _conn, _cursor, statement, *_args) -> None:
        self.statements.append(statement)


def rerun_statements(app: AppTest, action) -> list[str]:
    with StatementCounter() as counter:
        action()
    assert not app.exception
    return counter.statements


@pytest.mark.parametrize("page", [
    "app_pages/read.py",  # the reader: the stored analysis, cached per article and corpus version
    "app_pages/explore.py",  # aggregates, totals and the table page, cached by the corpus version
    "app_pages/search.py",  # the search page without a query
    "app_pages/review.py",  # the queue and the statement in hand
    "app_pages/quality.py",  # scores and agreement; exports only on click
    "app_pages/add.py",  # nearly empty until something is pasted or uploaded
])
def test_a_rerun_costs_at_most_three_statements(app, page):
    app.switch_page(page).run()
    assert not app.exception
    statements = rerun_statements(app, app.run)
    assert len(statements) <= MAX_STATEMENTS, statements


@pytest.mark.parametrize(("page", "interact"), [
    ("app_pages/read.py", lambda a: a.selectbox(key="focus_speaker").select("سرگئی شایگو").run()),  # focus change
    ("app_pages/explore.py", lambda a: a.slider(key="explore_top").set_value(10).run()),  # top-speakers change
    ("app_pages/explore.py", lambda a: a.segmented_control(key="explore_chart").set_value("bars").run()),  # chart
    ("app_pages/review.py", lambda a: a.button(key="review_next").click().run()),  # next statement
])
def test_a_widget_change_costs_at_most_three_statements(app, page, interact):
    app.switch_page(page).run()
    statements = rerun_statements(app, lambda: interact(app))
    assert len(statements) <= MAX_STATEMENTS, statements
