"""Worker processes die with their parent: the pipeline's pool workers after a `kill -9` of the importing process."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, alive, wait_until

# The importing process, in a child: the real pipeline's local worker pool (2 workers) running an analysis that
# reports each worker's pid and never finishes (what a hostile article looked like before).
IMPORTER = """
import os, sys, time
import goftar.pipeline as pipeline

def endless(chunk):
    print(os.getpid(), flush=True)
    time.sleep(120)

executor = pipeline.make_executor(2, jobs=40)
for _ in executor.imap(endless, [[n] for n in range(40)]):
    pass
"""


def worker_pids(importer: subprocess.Popen, count: int, seconds: float) -> list[int]:
    """The worker pids the importer prints, until `count` are read or `seconds` have passed (never blocking).

    Reads the pipe's raw bytes: a buffered readline may pull several lines at once, and select() would then wait
    for data already read."""
    pids: list[int] = []
    pending = b""
    deadline = time.monotonic() + seconds
    while len(pids) < count and time.monotonic() < deadline:
        ready, _, _ = select.select([importer.stdout], [], [], 0.5)
        if not ready:
            continue
        chunk = os.read(importer.stdout.fileno(), 4096)
        if not chunk:
            break  # the importer ended
        *lines, pending = (pending + chunk).split(b"\n")
        pids += [int(line) for line in lines if line.strip().isdigit()]
    return pids


def running_importer(env: dict, attempts: int = 3) -> tuple[subprocess.Popen, list[int]]:
    """An importer with its running workers' pids. A pool that lost a worker at start (seen a few times on a
    loaded machine: the pool breaks and ends the others) is started again, at most `attempts` times."""
    for _ in range(attempts):
        importer = subprocess.Popen([sys.executable, "-c", IMPORTER], cwd=ROOT, stdout=subprocess.PIPE, env=env)
        pids = worker_pids(importer, 1, seconds=120)
        pids += worker_pids(importer, 1, seconds=5)  # the second worker, when the machine lets it start
        workers = [pid for pid in pids if alive(pid)]
        if workers:
            return importer, workers
        importer.kill()
        importer.wait(timeout=30)
    pytest.fail(f"no importer kept a running worker in {attempts} attempts")


def test_kill_9_of_the_importer_ends_its_workers():
    env = {k: v for k, v in os.environ.items() if k != "GOFTAR_DASK_SCHEDULER"}  # local worker processes only
    importer, workers = running_importer(env)
    try:
        os.kill(importer.pid, signal.SIGKILL)
        importer.wait(timeout=30)
        assert wait_until(lambda: not any(alive(pid) for pid in workers), seconds=20), workers
    finally:
        importer.kill()
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_worker_whose_parent_is_gone_at_start_exits():
    script = ("import os\nfrom goftar.workers import die_with_parent\n"
              "die_with_parent(os.getppid() + 10**6)\nprint('still here')")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "still here" not in result.stdout
