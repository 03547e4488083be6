"""Import batches: parse → analyse (in worker processes) → store (one transaction per article)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from goftar.ingest import Record, Rejection, Report, parse_path
from goftar.model import Article
from goftar.store import ArticleMeta, Store
from goftar.store.repository import store_failure_reason
from goftar.store.roles import LOCAL_ADMIN, Actor
from goftar.workers import worker_initializer

IN_PROCESS_BELOW = 16  # starting workers (each imports hazm) costs more than analysing a few articles
CHUNK = 64


_ENGINE = None


def _init_worker(additions: list[dict]) -> None:
    """Build this process's engine once, with the analysts' lexicon additions."""
    global _ENGINE
    from goftar.engine import default_engine

    _ENGINE = default_engine().with_additions(additions)


def _analyze_record(record: Record) -> tuple[str, Article | None, str | None]:
    if _ENGINE is None:
        _init_worker([])
    try:
        return record.source_name, _ENGINE.analyze(record.text, title=None, source=record.source), None
    except Exception as error:  # one bad article must not stop the batch
        return record.source_name, None, f"analysis failed ({type(error).__name__}: {error})"


def _analyzed(records: list[Record], workers: int, additions: list[dict]) -> Iterator[tuple[str, Article | None, str | None]]:
    if not records:  # a batch that was all rejections (a zip bomb) must not pay for building the engine
        return
    _init_worker(additions)
    if workers <= 1 or len(records) < IN_PROCESS_BELOW:
        yield from map(_analyze_record, records)
        return
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, initializer=worker_initializer,
                                 initargs=(os.getpid(), _init_worker, additions)) as pool:
            for result in pool.map(_analyze_record, records, chunksize=CHUNK):
                done += 1
                yield result
    except BrokenProcessPool:
        # A worker died (killed, out of memory): finish the rest here; stored articles are complete already.
        yield from map(_analyze_record, records[done:])


def ingest_records(
    items: Iterable[Record | Rejection],
    store: Store,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    actor: Actor = LOCAL_ADMIN,
) -> Report:
    """Store every record; rejections and failures are reported, never raised, and never half-stored.

    A viewer's batch is refused (PermissionDenied) before anything is analysed; the store checks each add too."""
    actor.require("analyst")
    report = Report()
    records: list[Record] = []
    for item in items:
        if isinstance(item, Rejection):
            report.rejected.append(item)
        else:
            records.append(item)
            report.warnings.extend(Rejection(item.source_name, warning) for warning in item.warnings)
    by_name = {r.source_name: r for r in records}
    workers = workers or min(os.cpu_count() or 1, 4)
    from goftar.store.reviews import Reviews

    additions = Reviews(store).additions() if records else []
    for done, (name, article, error) in enumerate(_analyzed(records, workers, additions), start=1):
        if article is None:
            report.rejected.append(Rejection(name, error or "analysis failed"))
        else:
            record = by_name[name]
            meta = ArticleMeta(title=record.title, source=record.source, published=record.published,
                               url=record.url, origin=name)
            try:
                result = store.add(article, meta, actor=actor)
            except Exception as failure:  # the article's transaction was rolled back whole
                report.rejected.append(Rejection(name, store_failure_reason(failure)))
            else:
                if result.status == "duplicate":
                    report.duplicates += 1
                    report.duplicate_names.append(name)
                else:
                    report.imported += 1
                    report.imported_names.append(name)
        if progress:
            progress(done, len(records))
    return report


def ingest_paths(paths: Iterable[Path], store: Store, *, workers: int | None = None, show_progress: bool = False) -> Report:
    """Import files and folders; a tqdm progress bar on stderr when asked."""
    items = [item for path in paths for item in parse_path(Path(path))]
    if not show_progress:
        return ingest_records(items, store, workers=workers)
    from tqdm import tqdm

    total = sum(1 for item in items if isinstance(item, Record))
    with tqdm(total=total, unit="article", file=sys.stderr, disable=total < 2) as bar:
        return ingest_records(items, store, workers=workers, progress=lambda done, _total: bar.update(1))
