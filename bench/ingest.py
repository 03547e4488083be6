"""Ingest throughput against analysis alone, in one run: wall time, CPU-seconds per process, how busy the cores are.

Runs, on the same corpus and the same number of worker processes:
  1. analysis alone: the workers analyse every article and throw the result away (the floor);
  2. `ingest_records` into a fresh SQLite file;
  3. with --postgres URL, `ingest_records` into a fresh schema on that server.
For each: wall seconds, articles/s, CPU-seconds of this (parent) process and of each worker, total CPU against
analysis alone, the CPU-seconds the workers spent inside `analyze()` in that very run (so the cost of everything else
is measured under the same load), and the cores busy in each tenth of the run (process tree CPU / wall). The machine's load average is
printed with the figures, since other work on the machine changes wall times but hardly CPU-seconds.

Corpus: long articles with many speakers recombined from the synthetic test articles with varied fictional names
(`bench.corpus.archive_articles`), or every article found under --dir (any format `goftar ingest` reads).
With --rounds K the three runs alternate over K slices of the corpus and are added up, so that the load of a shared
machine changing during the benchmark weighs on each kind alike. The engine is built in this process before the
first run (as `goftar ingest` does before forking its workers); its build time is printed apart.
With --reanalyze, the SQLite corpus is then re-analysed (`goftar reanalyze`) in the same rounds, each round's
slice three times after analysis alone of it again (the floor of these): as stored (the same engine finds the
same: every article is kept whole, `goftar.store.unchanged`), after an engine upgrade that changed no finding,
and with every stored statement altered first (none kept: the worst case); see CHANGES.
Usage: python bench/ingest.py [N] [--workers 2] [--postgres URL] [--dir PATH] [--skip-sqlite] [--rounds K] [--reanalyze]
"""

from __future__ import annotations

import argparse
import ast
import os
import resource
import sys
import tempfile
import threading
import time
import uuid
from functools import partial
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil

from bench.corpus import archive_articles


class CpuMonitor:
    """CPU-seconds of this process and of each child, sampled from the OS while a run lasts."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.me = psutil.Process()
        self.children: dict[int, float] = {}
        self.timeline: list[tuple[float, float]] = []  # (seconds since start, CPU-seconds of the tree)
        self._stop = threading.Event()

    def _tree_cpu(self) -> float:
        for child in self.me.children(recursive=True):
            try:
                times = child.cpu_times()
            except psutil.Error:
                continue
            self.children[child.pid] = times.user + times.system
        mine = self.me.cpu_times()
        return mine.user + mine.system + sum(self.children.values())

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.timeline.append((time.perf_counter() - self.started, self._tree_cpu() - self.base))

    def __enter__(self) -> CpuMonitor:
        self.started = time.perf_counter()
        self.own_start = self.me.cpu_times()
        self.reaped_start = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.base = self._tree_cpu() - sum(self.children.values())
        self.children.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.wall = time.perf_counter() - self.started
        self._stop.set()
        self._thread.join()
        own = self.me.cpu_times()
        reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.parent_cpu = own.user + own.system - self.own_start.user - self.own_start.system
        # exact total of the workers once they have exited (the samples can miss their last quarter second)
        self.children_cpu = (reaped.ru_utime + reaped.ru_stime - self.reaped_start.ru_utime - self.reaped_start.ru_stime)
        self.children_cpu = max(self.children_cpu, sum(self.children.values()))

    @property
    def total_cpu(self) -> float:
        return self.parent_cpu + self.children_cpu

    def busy_by_tenth(self) -> list[float]:
        """Cores busy (CPU-seconds per second) of the process tree in each tenth of the run."""
        points = [(0.0, 0.0), *self.timeline, (self.wall, self.total_cpu)]
        tenths = []
        for k in range(10):
            start, end = self.wall * k / 10, self.wall * (k + 1) / 10
            tenths.append((_cpu_at(points, end) - _cpu_at(points, start)) / (end - start))
        return tenths


def _cpu_at(points: list[tuple[float, float]], moment: float) -> float:
    for (t0, c0), (t1, c1) in pairwise(points):
        if t0 <= moment <= t1:
            return c0 + (c1 - c0) * ((moment - t0) / (t1 - t0) if t1 > t0 else 1.0)
    return points[-1][1]


ANALYSIS_TIMES = Path(tempfile.mkdtemp(prefix="goftar_bench_"))  # per worker pid: CPU-seconds inside analyze()
_analysis_cpu = [0.0, 0.0]  # inside analyze(), building the engine


def _timed_run_chunk(task, additions, fingerprint, chunk):
    """`pipeline._run_chunk`, timing the engine's own work in this worker (written down after every chunk)."""
    from goftar import pipeline

    start = time.process_time()
    engine = pipeline._engine_for(additions, fingerprint)
    _analysis_cpu[1] += time.process_time() - start

    def analyze(*args, **kwargs):
        start = time.process_time()
        try:
            return engine.analyze(*args, **kwargs)
        finally:
            _analysis_cpu[0] += time.process_time() - start

    results = pipeline._run_chunk_with(analyze, task, chunk)
    (ANALYSIS_TIMES / str(os.getpid())).write_text(repr(tuple(_analysis_cpu)))
    return results


def analysis_cpu_of_workers() -> tuple[float, float]:
    """CPU-seconds the workers spent inside analyze() and building their engine so far (and forget them)."""
    inside = building = 0.0
    for path in ANALYSIS_TIMES.iterdir():
        analysing, built = ast.literal_eval(path.read_text())
        inside, building = inside + analysing, building + built
        path.unlink()
    return inside, building


def _analyse_only(record) -> None:
    from goftar import pipeline

    pipeline._running.analyze(record.text, title=None, source=record.source)


def analysis_alone(records: list, workers: int) -> CpuMonitor:
    """The same executor, chunks and engine as an ingest, minus the rows and the storage."""
    from goftar import pipeline

    executor = pipeline.make_executor(workers, jobs=len(records))
    function = partial(_timed_run_chunk, _analyse_only, [], pipeline._fingerprint([]))
    with CpuMonitor() as monitor:
        for _chunk, _results in executor.imap(function, pipeline._chunked(records, pipeline._chunk_size(len(records), executor.workers))):
            pass
    monitor.analysis_cpu, monitor.build_cpu = analysis_cpu_of_workers()
    return monitor


def ingest(url: str, records: list, workers: int) -> tuple[CpuMonitor, dict]:
    from goftar.pipeline import ingest_records
    from goftar.store import Store

    store = Store(url)
    server = _server_process(store)
    server_start = _cpu(server)
    with CpuMonitor() as monitor:
        report = ingest_records(records, store, workers=workers)
    monitor.analysis_cpu, monitor.build_cpu = analysis_cpu_of_workers()
    server_cpu = _cpu(server) - server_start if server else None
    counts = store.counts()
    store.dispose()
    return monitor, {"imported": report.imported, "duplicates": report.duplicates, "rejected": len(report.rejected),
                     **counts, **({"server CPU-s (writing backend)": round(server_cpu, 1)} if server else {})}


# What a re-analysis finds changed, made so in the stored rows of its slice first (`:low`/`:high`: its article ids):
# nothing (the same engine finds the same: every article kept whole, `goftar.store.unchanged`); only the engine
# version (an upgrade that changed no finding: the analyses are rewritten, every statement kept, its version
# updated); every statement (none equals the new ones: all deleted, inserted and indexed again; the worst case).
CHANGES = {
    "nothing changed": (),
    "new engine version": (
        "UPDATE article_analyses SET analysis = replace(analysis, '\"engine_version\":\"' || engine_version || '\"', "
        "'\"engine_version\":\"old\"'), engine_version = 'old' WHERE article_id BETWEEN :low AND :high",
        "UPDATE statements SET engine_version = 'old' WHERE article_id BETWEEN :low AND :high",
    ),
    "every statement changed": (
        "UPDATE article_analyses SET analysis = '{}' WHERE article_id BETWEEN :low AND :high",
        "UPDATE statements SET kind = kind || '~' WHERE article_id BETWEEN :low AND :high",
    ),
}


def reanalysis(url: str, workers: int, article_ids: list[int], change: tuple[str, ...]) -> CpuMonitor:
    """`goftar reanalyze` of these articles, after making `change` to what is stored for them."""
    from sqlalchemy import text

    from goftar.pipeline import reanalyze_corpus
    from goftar.store import Store

    store = Store(url)
    with store.engine.begin() as connection:
        for sql in change:
            connection.execute(text(sql), {"low": article_ids[0], "high": article_ids[-1]})
    with CpuMonitor() as monitor:
        outcome = reanalyze_corpus(store, workers=workers, article_ids=article_ids)
    monitor.analysis_cpu, monitor.build_cpu = analysis_cpu_of_workers()
    store.dispose()
    assert not outcome.failed, outcome.failed[:3]
    assert outcome.articles == len(article_ids)
    return monitor


def _server_process(store) -> psutil.Process | None:
    """The PostgreSQL backend serving the store's (pooled, reused) connection, when the server is on this machine."""
    if store.dialect != "postgresql":
        return None
    from sqlalchemy import text

    with store.engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    try:
        process = psutil.Process(pid)
        process.cpu_times()
        return process
    except psutil.Error:
        return None


def _cpu(process: psutil.Process | None) -> float:
    if process is None:
        return 0.0
    try:
        times = process.cpu_times()
    except psutil.Error:
        return 0.0
    return times.user + times.system


class Rounds:
    """Several runs of one kind added up (the same figures as a CpuMonitor, without the timeline)."""

    def __init__(self, monitors: list[CpuMonitor]) -> None:
        self.wall = sum(m.wall for m in monitors)
        self.parent_cpu = sum(m.parent_cpu for m in monitors)
        self.children_cpu = sum(m.children_cpu for m in monitors)
        self.total_cpu = self.parent_cpu + self.children_cpu
        self.analysis_cpu = sum(m.analysis_cpu for m in monitors)
        self.build_cpu = sum(m.build_cpu for m in monitors)
        self.children = {f"{k}:{pid}": cpu for k, m in enumerate(monitors) for pid, cpu in m.children.items()}
        self.busy = [m.total_cpu / m.wall for m in monitors]


def describe(name: str, monitor, articles: int, floor) -> str:
    if isinstance(monitor, Rounds):
        workers = f"{monitor.children_cpu:.1f} in all"
        busy = "cores busy per round: " + " ".join(f"{b:.1f}" for b in monitor.busy)
    else:
        workers = " + ".join(f"{cpu:.1f}" for cpu in sorted(monitor.children.values(), reverse=True)) or "-"
        busy = "cores busy per tenth of the run: " + " ".join(f"{b:.1f}" for b in monitor.busy_by_tenth())
    ratio = f"  CPU ratio to analysis alone {monitor.total_cpu / floor.total_cpu:.2f}" if floor else ""
    rest = monitor.total_cpu - monitor.analysis_cpu - monitor.build_cpu
    inside = (f"{'':<16} in this run: analyze() {monitor.analysis_cpu:.1f} s, engine builds {monitor.build_cpu:.1f} s, "
              f"everything else {rest:.1f} s = {rest / monitor.analysis_cpu:.1%} of analyze()\n")
    return (f"{name:<16} wall {monitor.wall:6.1f} s  {articles / monitor.wall:6.0f} articles/s  "
            f"CPU {monitor.total_cpu:6.1f} s (parent {monitor.parent_cpu:.1f}, workers {workers}){ratio}\n"
            f"{inside}{'':<16} {busy}")


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", default=None, help="also measure on this PostgreSQL URL (a fresh schema)")
    parser.add_argument("--dir", type=Path, default=None, help="articles from this folder instead of the synthetic mix")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--reanalyze", action="store_true",
                        help="then re-analyse the whole SQLite corpus (goftar reanalyze) against analysis alone")
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate the runs over this many slices of the corpus, so that a change in the "
                             "machine's load hits every kind alike (the engine is then built once, here, and the "
                             "workers forked with it)")
    args = parser.parse_args()

    from goftar import pipeline
    from goftar.ingest import Record, parse_path

    pipeline._run_chunk = _timed_run_chunk  # workers are forked from here: they time analyze() for the report

    if args.dir:
        records = [item for item in parse_path(args.dir) if isinstance(item, Record)][: args.count]
    else:
        records = [Record(f"bench:{n}", text) for n, text in enumerate(archive_articles(args.count))]
    characters = sum(len(r.text) for r in records)
    print(f"{len(records)} articles, {characters / len(records):,.0f} characters on average; {args.workers} workers; "
          f"{os.cpu_count()} cores; {args.rounds} round(s); {load()}")
    start = time.process_time()
    pipeline._engine_for([], pipeline._fingerprint([]))
    print(f"engine built in this process: {time.process_time() - start:.1f} CPU-s; workers are forked with it")
    slices = [records[k * len(records) // args.rounds : (k + 1) * len(records) // args.rounds]
              for k in range(args.rounds)]
    runs: dict[str, list] = {"analysis alone": [], "ingest sqlite": [], "ingest postgres": []}
    print(f"[{load()}]", flush=True)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        sqlite_url = f"sqlite:///{folder}/bench.db"
        postgres_url = schema = admin = None
        if args.postgres:
            from sqlalchemy import create_engine, text

            schema = f"goftar_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.postgres)
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            separator = "&" if "?" in args.postgres else "?"
            postgres_url = f"{args.postgres}{separator}options=-csearch_path%3D{schema}"
        try:
            for part in slices:
                runs["analysis alone"].append(analysis_alone(part, args.workers))
                if not args.skip_sqlite:
                    monitor, results["ingest sqlite"] = ingest(sqlite_url, part, args.workers)
                    runs["ingest sqlite"].append(monitor)
                if postgres_url:
                    monitor, result = ingest(postgres_url, part, args.workers)
                    server = results.get("ingest postgres", {}).get("server CPU-s (writing backend)", 0)
                    result["server CPU-s (writing backend)"] = round(
                        server + result.get("server CPU-s (writing backend)", 0), 1)
                    results["ingest postgres"] = result
                    runs["ingest postgres"].append(monitor)
                if args.rounds > 1:
                    print(f"  round done [{load()}]", flush=True)
            if args.reanalyze and not args.skip_sqlite:  # in rounds too, each against analysis alone just before
                from goftar.store import Store

                reader = Store(sqlite_url)
                ids = reader.article_ids()  # (stored in the corpus order, so the slices match)
                reader.dispose()
                runs["analysis alone, again"] = []
                for k, part in enumerate(slices):
                    part_ids = ids[k * len(ids) // args.rounds : (k + 1) * len(ids) // args.rounds]
                    runs["analysis alone, again"].append(analysis_alone(part, args.workers))
                    for what, change in CHANGES.items():
                        runs.setdefault(f"reanalyze sqlite, {what}", []).append(
                            reanalysis(sqlite_url, args.workers, part_ids, change))
                    if args.rounds > 1:
                        print(f"  re-analysis round done [{load()}]", flush=True)
        finally:
            if schema:
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    floor = None
    for name, monitors in runs.items():
        if not monitors:
            continue
        total = monitors[0] if len(monitors) == 1 else Rounds(monitors)
        if name.startswith("analysis alone"):  # the floor of the kinds after it
            floor = None
        print(describe(name, total, len(records), floor))
        if name in results:
            print(f"{'':<16} {results[name]}")
        floor = floor or total
    print(f"finished [{load()}]")


if __name__ == "__main__":
    main()
