"""Server-side time of every page action on a large corpus (AppTest, no browser), with the in-process baseline.

The corpus (default 10,000 articles with varied fictional people, titles, sources and dates; bench/corpus.py) is
ingested by `python -m goftar ingest` in a subprocess, so this process never builds the engine: the first page must
show without it. Then, in this process:

- baseline: the same AppTest machinery rerunning a one-line Streamlit script;
- every row of issue 10's table: Explore first build and filter changes, Read article switch and rerun, Review
  next statement, the Quality & export page, the exports against one SQL query + pandas `to_csv`, search;
- SQL statements per rerun (counted with SQLAlchemy events).

Usage: python bench/pages.py [N] [--db URL] [--workers 2]
  --db reuses (or fills, when empty) that database, e.g. a kept SQLite file or a PostgreSQL URL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REPEATS = 7


def cpu_ms(action, repeats: int = 3) -> float:
    """The least CPU time of this process over `repeats` runs (steadier than wall time on a shared machine)."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times) * 1000


def median_ms(action, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def once_ms(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def fill(url: str, count: int, workers: int, folder: Path) -> None:
    """Ingest `count` generated articles into `url` in a subprocess (the engine stays out of this process)."""
    path = folder / "corpus.jsonl"
    subprocess.run([sys.executable, "-m", "bench.corpus", str(count), str(path)], check=True, cwd=ROOT)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "goftar", "ingest", str(path), "--workers", str(workers), "--json"],
                   check=True, env={**os.environ, "GOFTAR_DATABASE_URL": url}, cwd=ROOT, stdout=subprocess.DEVNULL)
    print(f"ingested {count} articles in {time.perf_counter() - start:.0f} s")


class Counter:
    """SQL statements sent through one engine."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1

    def during(self, action) -> int:
        before = self.count
        action()
        return self.count - before


def measure(url: str) -> list[tuple[str, float, str]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["GOFTAR_DATABASE_URL"] = url
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        trivial = Path(folder) / "trivial.py"
        trivial.write_text("import streamlit as st\nst.write('x')\n", encoding="utf-8")
        baseline_app = AppTest.from_file(str(trivial), default_timeout=120).run()
        baseline = median_ms(baseline_app.run)
    rows.append(("baseline: one-line app rerun", baseline, ""))

    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    rows.append(("first page (Read), cold: store, caches", once_ms(app.run), ""))
    assert not app.exception, app.exception
    from goftar.engine import default_engine

    engine_built = default_engine.cache_info().currsize > 0
    rows.append(("engine built by the pages", 0.0, "yes" if engine_built else "no (analysis only in background)"))
    from app_pages.common import store

    counter = Counter(store().engine)

    # Read
    focus = [s for s in app.selectbox(key="focus_speaker").options if s != "__all__"]
    choices = iter([focus[0], "__all__"] * REPEATS)
    statements = counter.during(lambda: app.selectbox(key="focus_speaker").select(next(choices)).run())
    rows.append(("Read, a rerun (focus change)",
                 median_ms(lambda: app.selectbox(key="focus_speaker").select(next(choices)).run()) if focus
                 else median_ms(app.run), f"{statements} SQL"))
    from goftar.store.search import find_articles

    ids = iter([row["id"] for row in find_articles(store(), limit=REPEATS + 2)][1:])
    statements = counter.during(lambda: app.selectbox(key="read_select").select(next(ids)).run())
    rows.append(("Read, switch article",
                 median_ms(lambda: app.selectbox(key="read_select").select(next(ids)).run(), REPEATS), f"{statements} SQL"))

    def write_elsewhere() -> None:  # what any save does to the version: every cached view must refresh
        from sqlalchemy import text

        with store().engine.begin() as connection:
            if store().dialect == "postgresql":
                connection.execute(text("SELECT nextval('goftar_corpus_version')"))
            else:
                connection.execute(text("UPDATE corpus_meta SET number = number + 1 WHERE name = 'version'"))

    def rerun_after_write() -> None:
        write_elsewhere()
        app.run()

    rows.append(("Read, rerun after a write elsewhere (caches refresh)", median_ms(rerun_after_write, 3), ""))

    # Explore
    st.cache_data.clear()  # cold: the aggregates are computed again, as after a write
    rows.append(("Explore, first build (SQL aggregates + one chart, cold)",
                 once_ms(lambda: app.switch_page("app_pages/explore.py").run()), ""))
    assert not app.exception, app.exception
    rows.append(("Explore, rerun after a write elsewhere (cold again)", median_ms(rerun_after_write, 3), ""))
    statements = counter.during(app.run)
    rows.append(("Explore, rerun", median_ms(app.run), f"{statements} SQL"))
    values = iter([10, 20] * (REPEATS + 1))
    statements = counter.during(lambda: app.slider(key="explore_top").set_value(next(values)).run())
    rows.append(("Explore, top-speakers slider change",
                 median_ms(lambda: app.slider(key="explore_top").set_value(next(values)).run()), f"{statements} SQL"))
    speakers = iter(app.multiselect(key="explore_speakers").options[: REPEATS + 1])
    statements = counter.during(lambda: app.multiselect(key="explore_speakers").set_value([next(speakers)]).run())
    rows.append(("Explore, a new speaker filter (new SQL page)",
                 median_ms(lambda: app.multiselect(key="explore_speakers").set_value([next(speakers)]).run()),
                 f"{statements} SQL"))
    app.multiselect(key="explore_speakers").set_value([]).run()

    # Review
    rows.append(("Review, first build", once_ms(lambda: app.switch_page("app_pages/review.py").run()), ""))
    assert not app.exception, app.exception
    statements = counter.during(lambda: app.button(key="review_next").click().run())
    rows.append(("Review, next statement", median_ms(lambda: app.button(key="review_next").click().run()),
                 f"{statements} SQL"))

    # Quality & export
    rows.append(("Quality & export page, first build",
                 once_ms(lambda: app.switch_page("app_pages/quality.py").run()), ""))
    assert not app.exception, app.exception
    statements = counter.during(app.run)
    rows.append(("Quality & export page, rerun", median_ms(app.run), f"{statements} SQL"))
    rows += exports(store())
    rows += searches(store())
    return rows


def exports(corpus) -> list[tuple[str, float, str]]:
    import pandas as pd
    from sqlalchemy import select

    from goftar.export import export_bytes
    from goftar.store.models import PersonRow, StatementRow

    def baseline() -> None:
        query = select(StatementRow.article_id, StatementRow.start, StatementRow.end, StatementRow.text,
                       PersonRow.name).join(PersonRow, PersonRow.id == StatementRow.speaker_id)
        with corpus.engine.connect() as connection:
            pd.read_sql(query, connection).to_csv(index=False)

    def export_queries_only() -> None:
        from goftar.export import flat_frame

        flat_frame(corpus)

    base, base_cpu = median_ms(baseline, 3), cpu_ms(baseline)
    queries = median_ms(export_queries_only, 3)
    csv, csv_cpu = median_ms(lambda: export_bytes(corpus, "csv"), 3), cpu_ms(lambda: export_bytes(corpus, "csv"))
    xlsx, xlsx_cpu = median_ms(lambda: export_bytes(corpus, "xlsx"), 3), cpu_ms(lambda: export_bytes(corpus, "xlsx"))
    statements = corpus.counts()["statements"]
    return [(f"export baseline: one SQL query + to_csv ({statements:,} statements)", base, f"CPU {base_cpu:.0f} ms"),
            ("export: its queries into a frame (no writing)", queries, f"ratio {queries / base:.2f}"),
            ("export CSV", csv, f"ratio {csv / base:.2f}, CPU ratio {csv_cpu / base_cpu:.2f}"),
            ("export XLSX (goftar.xlsx, streamed)", xlsx, f"ratio {xlsx / base:.2f}, CPU ratio {xlsx_cpu / base_cpu:.2f}")]


def searches(corpus) -> list[tuple[str, float, str]]:
    from goftar.store.search import search_articles, statement_page

    words = ["برجام", "همکاری", "می گوید", "۳+۳", "شانگهای", "وزیر", "تروریستی"]
    statement_times = [once_ms(lambda w=w: statement_page(corpus, query=w, limit=21)) for w in words]
    article_times = [once_ms(lambda w=w: search_articles(corpus, w, limit=21)) for w in words]
    return [("search statements (page of 20), median of 7 queries", statistics.median(statement_times),
             f"max {max(statement_times):.0f} ms"),
            ("search articles (page of 20), median of 7 queries", statistics.median(article_times),
             f"max {max(article_times):.0f} ms")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--db", default=None, help="database URL to reuse or fill (default: a temporary SQLite file)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{folder}/pages.db"
        from goftar.store import Store

        corpus = Store(url)
        stored = corpus.counts()
        corpus.dispose()
        if stored["articles"] < args.count:
            fill(url, args.count - stored["articles"], args.workers, Path(folder))
        rows = measure(url)
        corpus = Store(url, migrate=False)
        counts = corpus.counts()
        corpus.dispose()
    baseline = rows[0][1]
    print(f"corpus: {counts['articles']:,} articles, {counts['statements']:,} statements, {counts['people']:,} "
          f"speakers ({url.split('://')[0]})")
    for name, ms, note in rows:
        ratio = f"×{ms / baseline:5.1f}" if ms and baseline else "      "
        print(f"{name:58s} {ms:9.1f} ms  {ratio}  {note}")


if __name__ == "__main__":
    main()
