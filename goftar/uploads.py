"""An upload batch within a wall-time budget: files read, then articles analysed and stored, in steps.

Whatever the budget leaves undone is a rejection line (upload it again), so the report still accounts for every
input. `progress` is called after every step: the app updates its progress bar there, which is also where
Streamlit stops a run whose session has ended (the browser was closed), so an abandoned upload stops within a step.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from goftar.ingest import Budget, Record, Rejection, Report, parse_bytes
from goftar.pipeline import ingest_records
from goftar.store import Store
from goftar.store.roles import Actor

BATCH_SECONDS = 300.0  # wall time one upload may take to read, and again to analyse
STEP = 16  # articles analysed between checks of the clock
PARALLEL_FROM = 200  # below this many articles, worker processes cost more than they save


def out_of_time(step: str, seconds: float) -> str:
    """The rejection reason for an input the budget did not reach."""
    return (f"وقت این بارگذاری ({seconds:.0f} ثانیه) تمام شد — not {step}: the upload's {seconds:.0f}-second budget "
            "ran out; upload this again on its own")


def read_files(files: Iterable[tuple[str, bytes]], *, seconds: float = BATCH_SECONDS, budget: Budget | None = None,
               clock: Callable[[], float] = time.monotonic,
               progress: Callable[[int, str], None] | None = None) -> tuple[list[Record], list[Rejection]]:
    """Records and rejections of every (name, bytes) file; one inflation budget for the whole upload.

    `progress(files_done, name)` is called after each file (the page's per-file progress bar)."""
    deadline = clock() + seconds
    records: list[Record] = []
    rejections: list[Rejection] = []
    budget = budget if budget is not None else Budget()
    for done, (name, data) in enumerate(files, start=1):
        if clock() > deadline:
            rejections.append(Rejection(name, out_of_time("read", seconds)))
        else:
            for item in parse_bytes(name, data, budget=budget):
                (records if isinstance(item, Record) else rejections).append(item)
        if progress:
            progress(done, name)
    return records, rejections


def import_records(records: list[Record], store: Store, actor: Actor, *, seconds: float = BATCH_SECONDS,
                   progress: Callable[[int, int], None] | None = None,
                   clock: Callable[[], float] = time.monotonic) -> Report:
    """Analyse and store `records` in steps until `seconds` have passed; every record ends up in the report."""
    deadline = clock() + seconds
    report = Report()
    parallel = len(records) >= PARALLEL_FROM
    step = PARALLEL_FROM if parallel else STEP
    for start in range(0, len(records), step):
        if clock() > deadline:
            report.rejected.extend(Rejection(r.source_name, out_of_time("analysed", seconds)) for r in records[start:])
            break
        part = ingest_records(records[start : start + step], store, actor=actor, workers=None if parallel else 1)
        report.imported += part.imported
        report.duplicates += part.duplicates
        report.rejected += part.rejected
        report.imported_names += part.imported_names
        report.duplicate_names += part.duplicate_names
        report.warnings += part.warnings
        if progress:
            progress(min(start + step, len(records)), len(records))
    return report
