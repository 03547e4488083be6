"""The background re-analysis: a thread in the server notices stale articles, a child process re-analyses them."""

from __future__ import annotations

import io
import os
import select
import signal
import subprocess
import sys

import pytest
from conftest import BACKENDS, ROOT, SAMPLE_PATH, alive, wait_until

import goftar.background as background
import goftar.pipeline as pipeline
from goftar.background import Progress, ReanalysisFailed, Reanalyzer
from goftar.store.analysis import corpus_status, load_article, mark_stale, sync_staleness


@pytest.mark.parametrize(("progress", "running"), [
    (Progress(), False),  # idle
    (Progress(3, 10), True),  # working
    (Progress(10, 10), False),  # done
])
def test_progress_running(progress, running):
    assert progress.running is running


def never_in_this_process(*_args, **_kwargs):
    pytest.fail("the server process analysed an article")


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_a_child_process_reanalyses_stale_articles(store, engine, database_url, monkeypatch):
    article_id = store.add(engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8"))).article_id
    monkeypatch.setattr(pipeline, "_engine_for", never_in_this_process)  # the engine is the child's alone
    worker = Reanalyzer(database_url, poll=0.2)
    try:
        assert worker.step() == 0  # first look: records what the analyses were made with, nothing stale
        mark_stale(store)
        worker.start().wake()
        assert wait_until(lambda: corpus_status(store).stale == 0, seconds=180)
        assert wait_until(lambda: worker.progress == Progress(1, 1), seconds=30), worker.progress
        assert len(load_article(store, article_id)[1].statements) == 12
        assert wait_until(lambda: worker.child_pid is None, seconds=30)  # the child ends with its work
    finally:
        worker.stop()


def test_nothing_stale_starts_no_process(store, engine, database_url, monkeypatch):
    store.add(engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8")))
    monkeypatch.setattr(background.subprocess, "Popen", never_in_this_process)
    worker = Reanalyzer(database_url)
    try:
        assert worker.step() == worker.step() == 0 and worker.progress == Progress()
    finally:
        worker.stop()


def test_a_child_that_dies_is_reported_and_retried_later(store, engine, database_url, tmp_path):
    store.add(engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8")))
    launches = tmp_path / "launches"
    dying = [sys.executable, "-c", f"open({str(launches)!r}, 'a').write('x'); import os, signal; "
                                   "os.kill(os.getpid(), signal.SIGKILL)"]
    worker = Reanalyzer(database_url, poll=0.1, retry=3600)
    try:
        worker.step()
        mark_stale(store)
        worker.command = lambda: dying
        worker.start()
        assert wait_until(lambda: worker.progress.error, seconds=60)  # what the sidebar shows
        assert "SIGKILL" in worker.progress.error and corpus_status(store).stale == 1
        worker.stop()
        worker = Reanalyzer(database_url, retry=3600)
        worker.command = lambda: dying
        with pytest.raises(ReanalysisFailed, match="killed by SIGKILL"):
            worker.step()
        assert worker.step() == 0 and launches.read_text() == "xx"  # not again before `retry` seconds
        del worker.command  # the real child, once the retry delay has passed
        worker._retry_at = 0.0
        assert worker.step() == 1 and corpus_status(store).stale == 0 and not worker.progress.error
    finally:
        worker.stop()


def test_an_article_that_fails_keeps_its_analysis_and_the_child_says_so(store, engine, monkeypatch):
    article_id = store.add(engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8"))).article_id
    mark_stale(store)
    monkeypatch.setattr(pipeline, "_reanalyze_stored", lambda job: (job[0], None, "analysis failed (ValueError: x)"))
    said = io.StringIO()
    assert background.reanalyze_in_child(store, workers=1, out=said) == 1  # what the child does, here
    assert said.getvalue().splitlines()[-1] == (f"failed 1 articles kept their previous analysis (article "
                                                f"{article_id}: analysis failed (ValueError: x))")
    assert corpus_status(store).stale == 1 and load_article(store, article_id)[1] is not None


def test_what_a_failed_child_said_is_the_error(store, engine, database_url):
    store.add(engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8")))
    worker = Reanalyzer(database_url)
    worker.command = lambda: [sys.executable, "-c", "print('progress 0 1'); print('failed it went wrong'); exit(1)"]
    try:
        worker.step()
        mark_stale(store)
        with pytest.raises(ReanalysisFailed, match=r"^it went wrong$"):
            worker.step()
    finally:
        worker.stop()


# The app's server, in a child: a re-analysis thread that has started its child process, then waits.
SERVER = """
import sys, time
from goftar.background import Reanalyzer

worker = Reanalyzer(sys.argv[1], poll=0.1).start()
while worker.child_pid is None:
    time.sleep(0.02)
print(worker.child_pid, flush=True)
time.sleep(300)
"""


def test_the_child_ends_when_the_server_is_killed(store, engine, database_url):
    store.add(engine.analyze(SAMPLE_PATH.read_text(encoding="utf-8")))
    sync_staleness(store)
    mark_stale(store)
    server = subprocess.Popen([sys.executable, "-c", SERVER, database_url], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True)
    child = None
    try:
        ready, _, _ = select.select([server.stdout], [], [], 120)
        assert ready, "the server started no re-analysis process in 120 s"
        child = int(server.stdout.readline())
        assert alive(child)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
        assert wait_until(lambda: not alive(child), seconds=20)
    finally:
        server.kill()
        if child and alive(child):
            os.kill(child, signal.SIGKILL)
