"""Worker processes that do not outlive the process that started them.

A pool's workers are forked children: if the parent is killed (`kill -9`, the OOM killer, a server restart), nothing
tells them to stop and each keeps its engine (hundreds of MB) and its CPU. Two guards, both in the worker:
- on Linux, `PR_SET_PDEATHSIG` asks the kernel to SIGKILL the worker when its parent goes (immediate, even while
  the worker is inside a long C call);
- everywhere, a daemon thread checks once a second that the parent is still the one that started it (a worker
  re-parented to init or a subreaper has lost its parent) and ends the process if not.
Pass `worker_initializer` to the pool with the parent's pid first (see `goftar.pipeline`).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_CHECK_SECONDS = 1.0


def die_with_parent(parent_pid: int) -> None:
    """Make this process end when `parent_pid` is no longer its parent."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watcher thread below still works
            pass
    if os.getppid() != parent_pid:  # the parent died before the guard was set
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="goftar-parent-watch", daemon=True).start()


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)  # no cleanup to do: the parent owned the batch, and stored articles are complete transactions


def worker_initializer(parent_pid: int, initializer=None, *args) -> None:
    """Pool initializer: guard against outliving `parent_pid`, then run the pool's own `initializer(*args)`."""
    die_with_parent(parent_pid)
    if initializer is not None:
        initializer(*args)
