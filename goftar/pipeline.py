"""Import and re-analysis at archive scale: parse and analyse in workers, store in batches in this process.

    jobs (records, files) ─► executor: chunks analysed where the engine is (local processes, or a Dask cluster)
                         ─► rows ready to insert (`goftar.store.rows`) ─► Store.add_many / replace_analysis

Local worker processes are forked once this process has built the engine, so they start with it and share it;
Dask workers build their own on first use. The database is the one place results go, written only by this
process, in batches, each article whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from pathlib import Path

from goftar.ingest import HTML_SUFFIXES, SUPPORTED, TEXT_SUFFIXES, Record, Rejection, Report, parse_bytes, parse_path
from goftar.store import Store
from goftar.store.repository import store_failure_reason
from goftar.store.roles import LOCAL_ADMIN, Actor
from goftar.store.rows import (
    ArticleMeta,
    ArticleRows,
    StoredAnalysis,
    Unchanged,
    analysis_json,
    article_rows,
    unchanged,
)
from goftar.workers import worker_initializer

IN_PROCESS_BELOW = 16  # starting workers (each builds the engine) costs more than analysing a few articles
CHUNK = 32  # jobs per task sent to a worker: big enough to amortise the round trip, small enough to balance the end
IN_FLIGHT = 4  # tasks queued per worker, so workers never wait while this process writes a batch
BATCH = 256  # articles per storage transaction
SINGLE_ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx"}  # decoded and parsed in the workers
SCHEDULER_VARIABLE = "GOFTAR_DASK_SCHEDULER"
LOG = logging.getLogger(__name__)

Chunk = list
TaskResult = list


# --- executors ---------------------------------------------------------------------------------------------
class InProcess:
    """Analyse in this process (small batches, tests, the app's single article)."""

    workers = 1

    def imap(self, function: Callable[[Chunk], TaskResult], chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, TaskResult | None]]:
        """Run each chunk here, in order."""
        for chunk in chunks:
            yield chunk, function(chunk)


class LocalProcesses:
    """Worker processes on this machine (the default).

    `initializer(*initargs)` runs first in every worker (e.g. to make workers die with their parent).
    """

    def __init__(self, workers: int | None = None, *, initializer: Callable | None = None, initargs: tuple = ()) -> None:
        self.workers = workers or os.cpu_count() or 1
        self.initializer, self.initargs = initializer, initargs

    @property
    def forks(self) -> bool:
        """Workers are forked copies of this process (they start with whatever it has built)."""
        return multiprocessing.get_start_method(allow_none=False) == "fork"

    def imap(self, function: Callable[[Chunk], TaskResult], chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, TaskResult | None]]:
        """Yield (chunk, results) as chunks finish; results is None for a chunk lost with a dead worker."""
        chunks = iter(chunks)
        # every worker first guards against outliving this process (goftar.workers), then runs `initializer`
        pool = ProcessPoolExecutor(max_workers=self.workers, initializer=worker_initializer,
                                   initargs=(os.getpid(), self.initializer, *self.initargs))
        running: dict = {}
        lost: list[Chunk] = []
        try:
            while True:
                while len(running) < self.workers * IN_FLIGHT and not lost:
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    try:
                        running[pool.submit(function, chunk)] = chunk
                    except BrokenProcessPool:
                        lost.append(chunk)
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    chunk = running.pop(future)
                    try:
                        yield chunk, future.result()
                    except BrokenProcessPool:  # a worker died (killed, out of memory): the caller does it itself
                        lost.append(chunk)
            for chunk in [*lost, *chunks]:
                yield chunk, None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """Workers of a Dask distributed cluster (`dask-scheduler` / `dask-worker`); results come back to this process.

    Every worker needs this project importable (same version, same lexicons) and its requirements; none needs the
    database.
    """

    def __init__(self, address: str | None = None, *, client=None) -> None:
        self.address, self.client = address, client
        self.workers = 1

    def imap(self, function: Callable[[Chunk], TaskResult], chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, TaskResult | None]]:
        """Yield (chunk, results) as chunks finish; results is None for a chunk the cluster could not run."""
        from distributed import Client, as_completed

        client = self.client or Client(self.address)
        try:
            self.workers = max(1, sum(client.nthreads().values()))
            chunks = iter(chunks)
            finished = as_completed()
            chunk_of: dict[str, Chunk] = {}

            def submit(count: int) -> None:
                for chunk in islice(chunks, count):
                    future = client.submit(function, chunk, pure=False)
                    chunk_of[future.key] = chunk
                    finished.add(future)

            submit(self.workers * IN_FLIGHT)
            for future in finished:
                chunk = chunk_of.pop(future.key)
                try:
                    result = future.result()
                except Exception:  # a worker lost (KilledWorker) or unable to run the task: the caller does it
                    result = None
                future.release()
                yield chunk, result
                submit(1)
        finally:
            if self.client is None:
                client.close()


def make_executor(workers: int | None = None, scheduler: str | None = None, jobs: int | None = None, *,
                  initializer: Callable | None = None, initargs: tuple = ()):
    """Dask when a scheduler is given (or `GOFTAR_DASK_SCHEDULER` is set), else local processes, else this one.

    `initializer(*initargs)` runs first in each local worker process.
    """
    scheduler = scheduler or os.environ.get(SCHEDULER_VARIABLE)
    if scheduler:
        return DaskCluster(scheduler)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or (jobs is not None and jobs < IN_PROCESS_BELOW):
        return InProcess()
    return LocalProcesses(workers, initializer=initializer, initargs=initargs)


# --- what runs in a worker ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RawFile:
    """A single-article file's bytes, decoded and parsed in the worker."""

    source_name: str
    data: bytes


_ENGINES: dict = {}  # per process: fingerprint of the analysts' additions → engine (only the latest is kept)
_running = threading.local()  # .analyze: the analyse function of the chunk this thread runs (Dask runs threads)


def _fingerprint(additions: list[dict]) -> str:
    return hashlib.sha256(json.dumps(additions, sort_keys=True, default=str).encode()).hexdigest()


def _engine_for(additions: list[dict], fingerprint: str):
    """This process's engine with the analysts' lexicon additions, built on first use."""
    engine = _ENGINES.get(fingerprint)
    if engine is None:
        from goftar.engine import default_engine

        engine = default_engine().with_additions(additions)
        _ENGINES.clear()
        _ENGINES[fingerprint] = engine
    return engine


def _prepare(executor, additions: list[dict], fingerprint: str) -> None:
    """Forked workers: build the engine here once, before they start, so they share it instead of each building one
    (same wall time as building in parallel, half the CPU on two workers, and the memory shared copy-on-write)."""
    if isinstance(executor, LocalProcesses) and executor.forks:
        _engine_for(additions, fingerprint)


def _run_chunk(task: Callable, additions: list[dict], fingerprint: str, chunk: Chunk) -> TaskResult:
    def analyze(*args, **kwargs):  # the engine is built on the first article, not for a chunk of unreadable files
        return _engine_for(additions, fingerprint).analyze(*args, **kwargs)

    return _run_chunk_with(analyze, task, chunk)


def _run_chunk_with(analyze: Callable, task: Callable, chunk: Chunk) -> TaskResult:
    _running.analyze = analyze
    return [task(job) for job in chunk]


@dataclass(frozen=True)
class RecordWarning:
    """A record imported with a caveat the analyst should know (e.g. mixed encodings)."""

    source_name: str
    warning: str


def _analyze_record(record: Record | RawFile) -> list[ArticleRows | Rejection | RecordWarning]:
    """One import job → the rows to store (and the record's warnings), or why not (one bad article must not stop
    the batch)."""
    if isinstance(record, RawFile):
        return [outcome for item in parse_bytes(record.source_name, record.data)
                for outcome in (_analyze_record(item) if isinstance(item, Record) else [item])]
    try:
        article = _running.analyze(record.text, title=None, source=record.source)
        meta = ArticleMeta(title=record.title, source=record.source, published=record.published, url=record.url,
                           origin=record.source_name)
        rows = article_rows(article, meta)
    except Exception as error:
        return [Rejection(record.source_name, f"analysis failed ({type(error).__name__}: {error})")]
    return [*(RecordWarning(record.source_name, warning) for warning in record.warnings), rows]


def _reanalyze_stored(job: tuple[int, str, StoredAnalysis | None]) -> tuple[int, ArticleRows | Unchanged | None, str | None]:
    """One stored article analysed again → its new rows, or `Unchanged` when the analysis is what is stored (told
    here, from the stored analysis the job carries: then only a marker travels back and nothing is written)."""
    article_id, original_text, stored = job
    try:
        article = _running.analyze(original_text, title=None)
        analysis = analysis_json(article)
        return article_id, unchanged(article, analysis, stored) or article_rows(article, search=False,
                                                                                 analysis=analysis), None
    except Exception as error:
        return article_id, None, f"analysis failed ({type(error).__name__}: {error})"


# --- what runs here ----------------------------------------------------------------------------------------
def _chunked(jobs: Iterable, size: int) -> Iterator[Chunk]:
    jobs = iter(jobs)
    while chunk := list(islice(jobs, size)):
        yield chunk


def _chunk_size(jobs: int | None, workers: int) -> int:
    if jobs is None:
        return CHUNK
    return max(1, min(CHUNK, jobs // (workers * IN_FLIGHT)))


def _results(executor, function: Callable, fallback: Callable, jobs: Iterable, size: int) -> Iterator[tuple[int, TaskResult]]:
    """(jobs done, results) per chunk; chunks the executor lost are analysed here."""
    for chunk, results in executor.imap(function, _chunked(jobs, size)):
        if results is None:
            LOG.warning("a worker was lost: %d articles are analysed in this process instead", len(chunk))
            results = fallback(chunk)
        yield len(chunk), results


def ingest_records(
    items: Iterable[Record | RawFile | Rejection],
    store: Store,
    *,
    workers: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    executor=None,
    actor: Actor = LOCAL_ADMIN,
) -> Report:
    """Store every record; rejections and failures are reported, never raised, and never half-stored.

    `items` may be a generator (read as the workers need more). `progress(done, total)` is called after each
    stored batch, counting jobs (records or files); total is None when `items` has no length.
    A viewer's batch is refused (PermissionDenied) before anything is analysed; the store checks each batch too.
    """
    actor.require("analyst")
    report = Report()
    total = sum(1 for item in items if not isinstance(item, Rejection)) if isinstance(items, Sized) else None

    def jobs() -> Iterator[Record | RawFile]:
        for item in items:
            if isinstance(item, Rejection):
                report.rejected.append(item)
            else:
                yield item

    queue = jobs()
    first = next(queue, None)
    if first is None:  # a batch that was all rejections (a zip bomb) must not pay for building the engine
        return report
    queue = chain([first], queue)
    from goftar.store.reviews import Reviews

    additions = Reviews(store).additions()
    fingerprint = _fingerprint(additions)
    executor = executor or make_executor(workers, jobs=total)
    _prepare(executor, additions, fingerprint)
    size = _chunk_size(total, executor.workers)
    # looked up now, so that a replaced `_analyze_record` (tests) is what the workers run
    function = partial(_run_chunk, _analyze_record, additions, fingerprint)
    pending: list[ArticleRows] = []
    done = unstored_jobs = 0

    def store_pending() -> None:
        nonlocal done, unstored_jobs
        for rows, outcome in zip(pending, store.add_many(pending, actor=actor), strict=True):
            if isinstance(outcome, Exception):  # the article's transaction was rolled back whole
                report.rejected.append(Rejection(rows.origin, store_failure_reason(outcome)))
            elif outcome.status == "duplicate":
                report.duplicates += 1
                report.duplicate_names.append(rows.origin)
            else:
                report.imported += 1
                report.imported_names.append(rows.origin)
        pending.clear()
        done, unstored_jobs = done + unstored_jobs, 0
        if progress:
            progress(done, total)

    for count, results in _results(executor, function, function, queue, size):
        for outcome in (outcome for job_outcomes in results for outcome in job_outcomes):
            if isinstance(outcome, RecordWarning):
                report.warnings.append(Rejection(outcome.source_name, outcome.warning))
            elif isinstance(outcome, Rejection):
                report.rejected.append(outcome)
            else:
                pending.append(outcome)
        unstored_jobs += count
        if len(pending) >= BATCH:
            store_pending()
    store_pending()
    imported = set(report.imported_names)  # a warning is a caveat on what was stored: a duplicate or a record
    report.warnings = [w for w in report.warnings if w.source in imported]  # that failed to store has none
    return report


def import_files(paths: Iterable[Path]) -> list[Path]:
    """Every file to import: the files given, and the supported files under the folders given, in order."""
    files = []
    for path in map(Path, paths):
        files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED) \
            if path.is_dir() else [path]
    return files


def import_jobs(paths: Iterable[Path]) -> Iterator[Record | RawFile | Rejection]:
    """Jobs for files and folders, read one at a time: single-article files travel as bytes (the workers decode and
    parse them); CSV/JSON/JSONL and archives, which hold many articles, are split into records here."""
    for file in import_files(paths):
        if file.suffix.lower() not in SINGLE_ARTICLE_SUFFIXES:
            yield from parse_path(file)
            continue
        try:
            yield RawFile(str(file), file.read_bytes())
        except OSError as error:
            yield Rejection(str(file), f"cannot read ({error.strerror or error})")


def ingest_paths(paths: Iterable[Path], store: Store, *, workers: int | None = None, show_progress: bool = False,
                 executor=None, actor: Actor = LOCAL_ADMIN) -> Report:
    """Import files and folders, read as the workers need them; a tqdm progress bar on stderr when asked."""
    files = import_files(paths)
    one_article_each = all(f.suffix.lower() in SINGLE_ARTICLE_SUFFIXES for f in files)
    executor = executor or make_executor(workers, jobs=len(files) if one_article_each else None)
    jobs = import_jobs(files)
    if not show_progress:
        return ingest_records(jobs, store, executor=executor, actor=actor)
    from tqdm import tqdm

    with tqdm(total=len(files) if one_article_each else None, unit="article", file=sys.stderr,
              disable=len(files) < 2) as bar:
        return ingest_records(jobs, store, executor=executor, actor=actor,
                              progress=lambda done, _total: bar.update(done - bar.n))


@dataclass
class Reanalysis:
    """Outcome of a re-analysis run."""

    articles: int = 0  # articles this run went through
    resumed: bool = False  # it continued a run that had been stopped
    failed: list[tuple[int, str]] = field(default_factory=list)  # (article id, reason): the old analysis is kept
    stale_reviews: int = 0  # reviews whose sentence changed


def reanalyze_corpus(
    store: Store,
    *,
    workers: int | None = None,
    executor=None,
    progress: Callable[[int, int], None] | None = None,
    restart: bool = False,
    analyze: Callable | None = None,
    article_ids: Iterable[int] | None = None,
    actor: Actor = LOCAL_ADMIN,
) -> Reanalysis:
    """Re-run the engine over the corpus (or only `article_ids`) on every core (or `executor`), analysts' decisions
    kept; admin only.

    Resumable: a run over the corpus that was stopped (killed, machine down) continues where it stopped, unless
    `restart`. `analyze`, if given, is used in this process instead of the engine with the analysts' additions.
    """
    from goftar.store.reviews import Reviews

    actor.require("admin")
    if article_ids is None:
        ids, resumed = store.start_reanalysis(restart=restart)
    else:  # a few articles (an alias revoked): no resumable run, the corpus-wide bookkeeping is left alone
        ids, resumed = sorted(set(article_ids)), False
    outcome = Reanalysis(articles=len(ids), resumed=resumed)
    if analyze is not None:
        executor = InProcess()
        function = partial(_run_chunk_with, analyze, _reanalyze_stored)
    else:
        additions = Reviews(store).additions()
        executor = executor or make_executor(workers, jobs=len(ids))
        _prepare(executor, additions, _fingerprint(additions))
        function = partial(_run_chunk, _reanalyze_stored, additions, _fingerprint(additions))

    def stored_texts() -> Iterator[tuple[int, str, StoredAnalysis | None]]:
        for start in range(0, len(ids), 500):
            yield from store.reanalysis_jobs(ids[start : start + 500])

    pending: list[tuple[int, ArticleRows | Unchanged | None]] = []
    done = 0

    def store_pending() -> None:
        nonlocal done
        for (article_id, _), failure in zip(pending, store.replace_analysis(pending), strict=True):
            if failure is not None:
                outcome.failed.append((article_id, store_failure_reason(failure)))
        done += len(pending)
        pending.clear()
        if progress:
            progress(done, len(ids))

    size = _chunk_size(len(ids), executor.workers)
    for _count, results in _results(executor, function, function, stored_texts(), size):
        for article_id, rows, error in results:
            if error:
                outcome.failed.append((article_id, error))
            pending.append((article_id, rows))
        if len(pending) >= BATCH:
            store_pending()
    store_pending()
    outcome.stale_reviews = Reviews(store).flag_changed_sentences()
    return outcome


def reanalyze_stale_articles(
    store: Store,
    *,
    workers: int | None = None,
    executor=None,
    progress: Callable[[int, int], None] | None = None,
    actor: Actor = LOCAL_ADMIN,
) -> Reanalysis:
    """Re-analyse the stale articles (those a lexicon, engine or taught change may alter: `sync_staleness`,
    `mark_stale`) through the pipeline, until none is left; the engine is built only if there is one.

    Articles that become stale meanwhile are done in the same call; an article whose analysis fails keeps its
    previous one, stays stale and is not tried twice in one call (reported in `failed`).
    `progress(done, total)` counts over the whole call; total grows when more articles become stale."""
    from goftar.store.analysis import stale_ids

    outcome = Reanalysis()
    tried: set[int] = set()
    while ids := [article_id for article_id in stale_ids(store) if article_id not in tried]:
        tried.update(ids)
        before, total = outcome.articles, outcome.articles + len(ids)
        part = reanalyze_corpus(store, workers=workers, executor=executor, article_ids=ids, actor=actor,
                                progress=(lambda done, _ids, before=before, total=total: progress(before + done, total))
                                if progress else None)
        outcome.articles += part.articles
        outcome.failed += part.failed
        outcome.stale_reviews += part.stale_reviews
    return outcome
