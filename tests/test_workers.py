"""Worker processes die with their parent: the pipeline's pool workers after a `kill -9` of the importing process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

# The importing process, in a child: the real pipeline's local worker pool (2 workers) running an analysis that
# reports each worker's pid and never finishes (what a hostile article looked like before).
IMPORTER = """
import os, sys, time
import goftar.pipeline as pipeline

def endless(chunk):
    print(os.getpid(), flush=True)
    time.sleep(600)

executor = pipeline.make_executor(2, jobs=40)
for _ in executor.imap(endless, [[n] for n in range(40)]):
    pass
"""


def alive(pid: int) -> bool:
    """Running (a zombie waiting for an init that does not reap is dead for this purpose)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_kill_9_of_the_importer_ends_its_workers():
    importer = subprocess.Popen([sys.executable, "-c", IMPORTER], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        workers = []
        while len(workers) < 2:
            line = importer.stdout.readline()
            assert line, "the importer ended before starting its workers"
            if line.strip().isdigit():
                workers.append(int(line))
        assert all(alive(pid) for pid in workers)
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
