"""The background re-analysis thread: notices stale articles, re-analyses them, reports progress."""

from __future__ import annotations

import time

import pytest
from conftest import BACKENDS, SAMPLE_PATH

from goftar.background import Progress, Reanalyzer
from goftar.store.analysis import corpus_status, load_article, mark_stale


@pytest.mark.parametrize(("progress", "running"), [
    (Progress(), False),  # idle
    (Progress(3, 10), True),  # working
    (Progress(10, 10), False),  # done
])
def test_progress_running(progress, running):
    assert progress.running is running


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_thread_reanalyses_stale_articles(store, engine, database_url):
    article_id = store.add(engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8"))).article_id
    worker = Reanalyzer(database_url, poll=0.2)
    try:
        assert worker.step() == 0  # first look: records what the analyses were made with, nothing stale
        mark_stale(store)
        worker.start().wake()
        deadline = time.monotonic() + 120
        while corpus_status(store).stale and time.monotonic() < deadline:
            time.sleep(0.2)
        assert corpus_status(store).stale == 0 and worker.progress == Progress(1, 1)
        assert len(load_article(store, article_id)[1].statements) == 12
    finally:
        worker.stop()
