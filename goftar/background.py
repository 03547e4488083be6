"""Background re-analysis: keeps the stored analyses current while the pages only read them.

A thread in the app's server watches; a child process works. Every few seconds the thread reads the corpus version
(with its own Store: its queries never mix with a page's); when it moved (or the engine or lexicon files changed) it
marks the affected articles stale (`sync_staleness`). When articles are stale it starts `python -m goftar.background`,
which builds the engine and re-analyses them through the pipeline (`reanalyze_stale_articles`, on every core, at a
lower priority than the pages), and follows the progress the child prints. So the analysis never holds the server's
GIL, and the engine's memory is the child's, freed when it ends. A child that fails or dies is reported
(`Progress.error`) and started again `retry` seconds later; it ends with the server (`goftar.workers.die_with_parent`)
or at `stop()`. Nothing is started while nothing is stale. No Streamlit import.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from goftar.store import Store
from goftar.store.analysis import base_key, corpus_status, sync_staleness

log = logging.getLogger("goftar.background")
KEY_CHECK_SECONDS = 60.0  # how often the lexicon files are fingerprinted again
RETRY_SECONDS = 30.0  # after a failed or killed child, before the next one (each builds the engine again)
NICENESS = 10  # the child and its workers yield the cores to the server's pages
ROOT = Path(__file__).resolve().parent.parent  # where `goftar` is importable from


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


class ReanalysisFailed(RuntimeError):
    """The child process failed (some articles could not be re-analysed) or died."""


class Reanalyzer:
    """Runs `step` in a daemon thread every `poll` seconds, or at once after `wake()`.

    `workers`: analysis processes of the child (default: one per core).
    """

    def __init__(self, url: str, *, poll: float = 3.0, retry: float = RETRY_SECONDS, workers: int | None = None) -> None:
        self.url = url
        self.store = Store(url, migrate=False)
        self.poll, self.retry, self.workers = poll, retry, workers
        self.progress = Progress()
        self._seen_version: int | None = None
        self._key: str | None = None
        self._key_checked = 0.0
        self._retry_at = 0.0
        self._child: subprocess.Popen | None = None
        self._child_lock = threading.Lock()  # `stop` never misses a child being started
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def child_pid(self) -> int | None:
        """The process re-analysing now, if any."""
        child = self._child
        return child.pid if child is not None else None

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
        """Stop the thread and end the child (its batch in progress is rolled back, every stored one is whole)."""
        self._stop.set()
        self._wake.set()
        with self._child_lock:
            if self._child is not None:
                self._child.terminate()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.store.dispose()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except Exception as error:  # a failed round is retried later; the pages keep working
                log.error("background re-analysis failed: %s", error)
                self.progress = Progress(self.progress.done, self.progress.total, f"{type(error).__name__}: {error}")
            self._wake.wait(self.poll)
            self._wake.clear()

    def step(self) -> int:
        """One round: notice changes, mark stale articles, have a child re-analyse them; returns how many it did.

        Call it from a thread that lives as long as the child may (the Linux guard of `die_with_parent` ends the
        child when the thread that started it ends)."""
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
        if now < self._retry_at:
            return 0
        self.progress = Progress(0, status.stale)
        try:
            done = self._run_child()
        except ReanalysisFailed:
            self._retry_at = time.monotonic() + self.retry
            raise
        self.progress = Progress(done, done)
        self._seen_version = None  # the writes moved the version: look again (cheap when nothing changed)
        return done

    def command(self) -> list[str]:
        """The child's command line."""
        command = [sys.executable, "-m", "goftar.background", "--parent", str(os.getpid())]
        return command + (["--workers", str(self.workers)] if self.workers else [])

    def _run_child(self) -> int:
        environment = {**os.environ, "GOFTAR_DATABASE_URL": self.url,  # (not on the command line: it may hold a password)
                       "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
        with self._child_lock:
            if self._stop.is_set():
                return 0
            child = self._child = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                                   text=True, env=environment)
        done, failure = 0, ""
        try:
            for line in child.stdout:  # its stderr (logs, a traceback) goes to the server's
                kind, _, rest = line.strip().partition(" ")
                if kind == "progress":
                    done, total = map(int, rest.split())
                    self.progress = Progress(done, total)
                elif kind == "finished":
                    done = int(rest)
                elif kind == "failed":
                    failure = rest
        finally:
            child.stdout.close()
            code = child.wait()
            with self._child_lock:
                self._child = None
        if code != 0 and not self._stop.is_set():
            raise ReanalysisFailed(failure or f"the re-analysis process ended ({_exit_reason(code)})")
        return done


def _exit_reason(code: int) -> str:
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


# --- the child process ----------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """`python -m goftar.background --parent PID`: re-analyse the stale articles of `GOFTAR_DATABASE_URL`, printing
    `progress DONE TOTAL` lines, then `finished COUNT` (and `failed REASON`, exit code 1, if some kept their old
    analysis)."""
    parser = argparse.ArgumentParser(prog="python -m goftar.background")
    parser.add_argument("--parent", type=int, required=True, help="end when this process (the app's server) ends")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    from goftar.workers import die_with_parent

    die_with_parent(args.parent)
    if hasattr(os, "nice"):  # (POSIX)
        os.nice(NICENESS)
    return reanalyze_in_child(Store(migrate=False), workers=args.workers)


def reanalyze_in_child(store: Store, *, workers: int | None = None, out=None) -> int:
    """The child's work: re-analyse the stale articles through the pipeline, telling the thread how it goes on
    `out` (default: standard output); the exit code."""
    from goftar.pipeline import reanalyze_stale_articles

    out = out or sys.stdout

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    outcome = reanalyze_stale_articles(store, workers=workers, progress=lambda done, total: say(f"progress {done} {total}"))
    say(f"finished {outcome.articles}")
    if outcome.failed:
        article_id, reason = outcome.failed[0]
        say(f"failed {len(outcome.failed)} articles kept their previous analysis (article {article_id}: "
            f"{' '.join(reason.split())})")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
