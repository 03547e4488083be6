"""Building the engine ahead of the first analysis, in a background thread (no Streamlit import).

The engine's lexicons and hazm objects take seconds to build, once per process (`goftar.engine.default_engine` keeps
them). Built on the first paste, they held the analyst under a spinner for 10–12 s; built when the Add page is first
shown, they are usually ready by the time a text is pasted. Every path that needs the engine waits on the same
warm-up rather than building a second copy beside it (the cache does not lock: two first calls build twice).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("goftar.warmup")


def _build_default_engine() -> object:
    from goftar.engine import default_engine

    return default_engine()


class EngineWarmup:
    """Runs `build` once in a daemon thread; `wait()` blocks until it has finished (started there if need be)."""

    def __init__(self, build: Callable[[], object] = _build_default_engine) -> None:
        self._build = build
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.error = ""  # why the build failed ("" while it has not): the first analysis builds again and says why

    def start(self) -> EngineWarmup:
        """Start building (once; a second call does nothing)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="goftar-engine-warmup", daemon=True)
                self._thread.start()
        return self

    @property
    def started(self) -> bool:
        """Whether the build has been started."""
        return self._thread is not None

    @property
    def ready(self) -> bool:
        """Whether the build has finished (failed builds count: there is nothing left to wait for)."""
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Start the build if it was not, and wait for it; False if `timeout` seconds passed first."""
        return self.start()._done.wait(timeout)

    def _run(self) -> None:
        try:
            self._build()
        except Exception as error:  # a broken lexicon file: the analysis that needs the engine reports it
            self.error = f"{type(error).__name__}: {error}"
            log.exception("building the engine in the background failed")
        finally:
            self._done.set()
