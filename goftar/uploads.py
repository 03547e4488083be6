"""An upload batch within a wall-time budget: files read, then articles analysed and stored, in steps.

Whatever the budget leaves undone is a rejection line (upload it again), so the report still accounts for every
input. `progress` is called after every step, and while a big file is read at least every `PROGRESS_SECONDS`
(between archive members and records): the app updates its progress bar there, which is also where Streamlit stops
a run whose session has ended (the browser was closed), so an abandoned upload stops within a step.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator

from goftar.ingest import Budget, Record, Rejection, Report, parse_bytes
from goftar.pipeline import ingest_records
from goftar.store import Store
from goftar.store.roles import Actor

BATCH_SECONDS = 300.0  # wall time one upload may take to read, and again to analyse
MAX_UPLOAD_ARTICLES = 20_000  # articles one upload may hold (all kept in memory for the page's preview)
PROGRESS_SECONDS = 0.5  # while one file is read, the page hears from it at least this often
STEP = 16  # articles analysed between checks of the clock
STEP_CHARS = 1_000_000  # … or fewer, when they are long (about 2 s of analysis)
PARALLEL_FROM = 200  # below this many articles, worker processes cost more than they save
PARALLEL_STEP_CHARS = 4 * STEP_CHARS


def out_of_time(step: str, seconds: float) -> str:
    """The rejection reason for an input the budget did not reach."""
    return (f"وقت این بارگذاری ({seconds:.0f} ثانیه) تمام شد — not {step}: the upload's {seconds:.0f}-second budget "
            "ran out; upload this again on its own")


def too_many(limit: int) -> str:
    """The rejection reason for articles past the per-upload count."""
    return (f"بیش از {limit:,} مقاله در یک بارگذاری — not read: over the {limit:,}-article limit per upload; "
            "split the file, or import it with `python -m goftar ingest`")


def read_files(files: Iterable[tuple[str, bytes]], *, seconds: float = BATCH_SECONDS, budget: Budget | None = None,
               clock: Callable[[], float] = time.monotonic, max_articles: int = MAX_UPLOAD_ARTICLES,
               progress: Callable[[int, str], None] | None = None) -> tuple[list[Record], list[Rejection]]:
    """Records and rejections of every (name, bytes) file; one inflation budget, one clock and one article count
    for the whole upload, checked before each file, archive member and record.

    `progress(files_done, name)` is called after each file, and inside a long one (an archive, a feed) at least
    every PROGRESS_SECONDS with the member or record being read."""
    deadline = clock() + seconds
    records: list[Record] = []
    rejections: list[Rejection] = []
    budget = budget if budget is not None else Budget()
    done = 0
    heard = deadline - seconds  # when the page last heard from the reading

    def refusal(name: str) -> str | None:
        nonlocal heard
        now = clock()
        if progress and now - heard >= PROGRESS_SECONDS:
            heard = now
            progress(done, name)
        if now > deadline:
            return out_of_time("read", seconds)
        if len(records) >= max_articles:
            return too_many(max_articles)
        return None

    budget.pace = refusal
    for name, data in files:
        refused = refusal(name)
        for item in [Rejection(name, refused)] if refused else parse_bytes(name, data, budget=budget):
            (records if isinstance(item, Record) else rejections).append(item)
        done += 1
        if progress:
            progress(done, name)
    return records, rejections


def _steps(records: list[Record], count: int, chars: int) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive steps of at most `count` articles and `chars` characters (at least one article)."""
    start = 0
    while start < len(records):
        end, size = start, 0
        while end < len(records) and end - start < count and (end == start or size + len(records[end].text) <= chars):
            size += len(records[end].text)
            end += 1
        yield start, end
        start = end


def import_records(records: list[Record], store: Store, actor: Actor, *, seconds: float = BATCH_SECONDS,
                   progress: Callable[[int, int], None] | None = None,
                   clock: Callable[[], float] = time.monotonic) -> Report:
    """Analyse and store `records` in steps until `seconds` have passed; every record ends up in the report.

    A step is a few articles, or fewer when they are long, so the clock (and the page, through `progress`) is
    consulted every few seconds however the upload is made up."""
    deadline = clock() + seconds
    report = Report()
    parallel = len(records) >= PARALLEL_FROM
    count, chars = (PARALLEL_FROM, PARALLEL_STEP_CHARS) if parallel else (STEP, STEP_CHARS)
    for start, end in _steps(records, count, chars):
        if clock() > deadline:
            report.rejected.extend(Rejection(r.source_name, out_of_time("analysed", seconds)) for r in records[start:])
            break
        part = ingest_records(records[start:end], store, actor=actor, workers=None if parallel else 1)
        report.imported += part.imported
        report.duplicates += part.duplicates
        report.rejected += part.rejected
        report.imported_names += part.imported_names
        report.duplicate_names += part.duplicate_names
        report.warnings += part.warnings
        if progress:
            progress(end, len(records))
    return report
