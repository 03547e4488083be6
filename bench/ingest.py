"""Ingest throughput: parse + analyse (worker processes) + store, on SQLite and PostgreSQL.

Prints articles per second, and the ratio to analysing the same articles in one process without storing
(the baseline, run in the same process). Target: 10,000 articles in under 2 minutes on 2 cores with SQLite.
Usage: python bench/ingest.py [N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import articles


def run(url: str, texts: list[str], workers: int) -> tuple[float, dict]:
    from goftar.ingest import Record
    from goftar.pipeline import ingest_records
    from goftar.store import Store

    store = Store(url)
    records = [Record(f"bench:{n}", text) for n, text in enumerate(texts)]
    start = time.perf_counter()
    report = ingest_records(records, store, workers=workers)
    elapsed = time.perf_counter() - start
    counts = store.counts()
    store.dispose()
    return elapsed, {**report.to_dict(), "rejected": len(report.rejected), **counts}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--postgres", default=None, help="also measure on this PostgreSQL URL (a fresh schema)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    texts = list(dict.fromkeys(articles(args.count, seed=11)))  # recombination can repeat a text: keep unique ones

    from goftar import default_engine

    engine = default_engine()
    sample = texts[: min(1000, len(texts))]
    start = time.perf_counter()
    for text in sample:
        engine.analyze(text)
    baseline_rate = len(sample) / (time.perf_counter() - start)
    print(f"unique articles: {len(texts)}; baseline analyse-only, 1 process: {baseline_rate:,.0f} articles/s")

    with tempfile.TemporaryDirectory() as folder:
        elapsed, result = run(f"sqlite:///{folder}/bench.db", texts, args.workers)
    rate = len(texts) / elapsed
    print(f"sqlite:     {elapsed:6.1f} s  {rate:,.0f} articles/s  ratio to baseline {rate / baseline_rate:.2f}  {result}")
    if args.postgres:
        from sqlalchemy import create_engine, text

        schema = f"goftar_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            separator = "&" if "?" in args.postgres else "?"
            elapsed, result = run(f"{args.postgres}{separator}options=-csearch_path%3D{schema}", texts, args.workers)
            rate = len(texts) / elapsed
            print(f"postgresql: {elapsed:6.1f} s  {rate:,.0f} articles/s  ratio to baseline "
                  f"{rate / baseline_rate:.2f}  {result}")
        finally:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
