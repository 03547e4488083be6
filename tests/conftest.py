"""Shared fixtures: the engine and the analysed sample are expensive, so they are built once per session."""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PATH = ROOT / "assets" / "samples" / "000_8002fddc3a075398.txt"
SYNTHETIC_DIR = Path(__file__).resolve().parent / "data" / "synthetic"
_REAL_MAIN = sys.modules["__main__"]


@pytest.fixture(autouse=True)
def _real_main_module():
    """Put pytest's own `__main__` back after every test.

    Streamlit's script runner (every AppTest) installs the app script as `__main__` and never restores it; a process
    started with the spawn method then runs the whole app before its target (the races test's analysts did, and
    under load never reached their work)."""
    yield
    sys.modules["__main__"] = _REAL_MAIN


@pytest.fixture(scope="session")
def engine():
    """The process-wide engine over the shipped lexicons."""
    from goftar import default_engine

    return default_engine()


@pytest.fixture(scope="session")
def headline_engine(engine):
    """An engine that also makes colon headlines («X: …») statements; shares the hazm objects."""
    from goftar.engine import Engine

    twin = Engine.__new__(Engine)
    twin.__dict__.update(engine.__dict__)
    twin.headline_statements = True
    return twin


@pytest.fixture(scope="session")
def sample_article(engine):
    """The canonical sample article (Ashtiani and Shoigu), analysed."""
    return engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def synthetic_expectations() -> dict:
    """Expected output for the synthetic articles."""
    data = json.loads((SYNTHETIC_DIR / "expected.json").read_text(encoding="utf-8"))
    data.pop("_comment", None)
    return data


def assert_spans_index_the_text(article) -> None:
    """Every sentence, mention, statement, verb and topic span slices exactly its reported text."""
    text = article.text
    for sentence in article.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    for entity in article.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    for statement in article.statements:
        assert text[statement.start : statement.end] == statement.text
        assert statement.start <= statement.quote_start <= statement.quote_end <= statement.end
        for verb in statement.verbs:
            assert text[verb.start : verb.end] == verb.text
    for topic in article.topic_mentions:
        assert text[topic.start : topic.end] == topic.text


def synthetic_names() -> list[str]:
    """File names of the synthetic articles."""
    return sorted(p.name for p in SYNTHETIC_DIR.glob("synthetic_*.txt"))


POSTGRES_URL = os.environ.get("GOFTAR_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _postgres_schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture
def database_url(request, tmp_path):
    """A fresh empty database: a SQLite file, or a private schema on the test PostgreSQL server."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    if not POSTGRES_URL:
        if os.environ.get("CI"):
            pytest.fail("GOFTAR_TEST_POSTGRES_URL is not set in CI")
        pytest.skip("GOFTAR_TEST_POSTGRES_URL is not set")
    from sqlalchemy import create_engine, text

    schema = f"goftar_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(POSTGRES_URL, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(database_url):
    """A migrated Store on the fresh database."""
    from goftar.store import Store

    corpus = Store(database_url)
    yield corpus
    corpus.dispose()


def html_table(test, name: str = "statements"):
    """A components.tables table shown by an AppTest run, as a DataFrame keyed by the headers' English names."""
    import html
    import re

    import pandas as pd

    body = next((e.proto.body for e in test.get("html") if f'data-table="{name}"' in e.proto.body), None)
    assert body is not None, f"no {name} table on the page"
    headers = [html.unescape(h) for h in re.findall(r'<th scope="col" title="([^"]*)">', body)]
    rows = [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr data-speaker=[^>]*>(.*?)</tr>", body)]
    return pd.DataFrame(rows, columns=headers)


def alive(pid: int) -> bool:
    """Running (a zombie waiting for an init that does not reap is dead for this purpose)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_until(condition, seconds: float) -> bool:
    """Poll `condition` until it holds or `seconds` have passed (a bound on waiting, never a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()
