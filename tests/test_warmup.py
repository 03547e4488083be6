"""The engine built ahead in a background thread: once, waited on by whoever needs it, failures kept, not raised."""

from __future__ import annotations

import threading

from goftar.warmup import EngineWarmup


def test_the_build_runs_once_in_the_background_and_wait_returns_when_it_is_done():
    gate, calls = threading.Event(), []

    def build():
        calls.append(threading.current_thread().name)
        gate.wait(30)

    warmup = EngineWarmup(build)
    assert not warmup.started and not warmup.ready
    warmup.start().start()  # a second start (another page run) builds nothing more
    assert warmup.started and not warmup.ready and not warmup.wait(timeout=0.05)  # still building
    gate.set()
    assert warmup.wait(timeout=30) and warmup.ready and warmup.error == ""
    assert calls == ["goftar-engine-warmup"]  # once, in its own thread, never on the page's


def test_wait_starts_the_build_when_nobody_did():
    built = []
    warmup = EngineWarmup(lambda: built.append(True))
    assert warmup.wait(timeout=30) and built == [True]


def test_a_failed_build_is_reported_not_raised():
    def broken():
        raise ValueError("a broken lexicon line")

    warmup = EngineWarmup(broken)
    assert warmup.wait(timeout=30) and warmup.ready  # nothing left to wait for
    assert warmup.error == "ValueError: a broken lexicon line"


def test_the_default_build_is_the_process_engine(engine):
    warmup = EngineWarmup()
    assert warmup.wait(timeout=120) and not warmup.error
    from goftar import default_engine

    assert default_engine() is engine  # the one the pipeline and the pages use
