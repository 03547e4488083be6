"""Background re-analysis: keeps the stored analyses current while the pages only read them.

A daemon thread with its own Store (its queries never mix with a page's). Every few seconds it reads the corpus
version; when it moved (or the engine or lexicon files changed) it marks the affected articles stale
(`sync_staleness`), then re-analyses the stale ones through the store's usual writes. The engine is built only
when there is something to analyse. No Streamlit import.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from goftar.store import Store
from goftar.store.analysis import base_key, corpus_status, reanalyze_stale, sync_staleness

log = logging.getLogger("goftar.background")
KEY_CHECK_SECONDS = 60.0  # how often the lexicon files are fingerprinted again


@dataclass(frozen=True)
class Progress:
    """Where the current re-analysis stands (total 0: idle)."""

    done: int = 0
    total: int = 0
    error: str = ""

    @property
    def running(self) -> bool:
        """Whether articles are being re-analysed now."""
        return self.total > 0 and self.done < self.total


class Reanalyzer:
    """Runs `step` in a daemon thread every `poll` seconds, or at once after `wake()`."""

    def __init__(self, url: str, *, poll: float = 3.0) -> None:
        self.store = Store(url, migrate=False)
        self.poll = poll
        self.progress = Progress()
        self._seen_version: int | None = None
        self._key: str | None = None
        self._key_checked = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Reanalyzer:
        """Start the thread (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="goftar-reanalysis", daemon=True)
            self._thread.start()
        return self

    def wake(self) -> None:
        """Look for work now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        """Stop after the current article."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.store.dispose()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except Exception as error:  # a failed round is retried at the next poll; the pages keep working
                log.exception("background re-analysis failed")
                self.progress = Progress(self.progress.done, self.progress.total, f"{type(error).__name__}: {error}")
            self._wake.wait(self.poll)
            self._wake.clear()

    def step(self) -> int:
        """One round: notice changes, mark stale articles, re-analyse them; returns how many were re-analysed."""
        now = time.monotonic()
        if self._key is None or now - self._key_checked > KEY_CHECK_SECONDS:
            key = base_key()
            if key != self._key:
                self._key, self._seen_version = key, None
            self._key_checked = now
        status = corpus_status(self.store)
        if status.version != self._seen_version:
            sync_staleness(self.store, self._key)
            status = corpus_status(self.store)
        if not status.stale:
            self._seen_version = status.version
            return 0
        self.progress = Progress(0, status.stale)
        done = reanalyze_stale(self.store, progress=self._report, should_stop=self._stop.is_set)
        self.progress = Progress(done, done)
        self._seen_version = None  # the writes moved the version: look again (cheap when nothing changed)
        return done

    def _report(self, done: int, total: int) -> None:
        self.progress = Progress(done, total)
