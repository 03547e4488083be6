"""Server-side time to build the Read and Explore pages on a corpus of analysed articles (AppTest, no browser).

Baseline: the same AppTest machinery running a one-line Streamlit script, in the same process.
Targets: a filter change on Read under 300 ms; the Explore page under 1 s (corpus of 1,000 articles).
Usage: python bench/pages.py [N]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import articles  # noqa: E402

REPEATS = 7


def median_ms(action) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    from streamlit.testing.v1 import AppTest

    from goftar.ingest import Record
    from goftar.pipeline import ingest_records
    from goftar.store import Store

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/pages.db"
        texts = list(dict.fromkeys(articles(count, seed=5)))
        report = ingest_records([Record(f"bench:{n}", t) for n, t in enumerate(texts)], Store(url), workers=2)
        os.environ["GOFTAR_DATABASE_URL"] = url
        trivial = Path(folder) / "trivial.py"
        trivial.write_text("import streamlit as st\nst.write('x')\n", encoding="utf-8")
        baseline_app = AppTest.from_file(str(trivial), default_timeout=120).run()
        baseline = median_ms(baseline_app.run)

        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        start = time.perf_counter()
        app.run()
        cold_read = (time.perf_counter() - start) * 1000
        assert not app.exception, app.exception
        speakers = [s for s in app.selectbox(key="focus_speaker").options if s != "__all__"]
        choices = iter([speakers[0], "__all__"] * REPEATS)
        filter_change = median_ms(lambda: app.selectbox(key="focus_speaker").select(next(choices)).run())
        warm_read = median_ms(app.run)

        start = time.perf_counter()
        app.switch_page("app_pages/explore.py").run()
        cold_explore = (time.perf_counter() - start) * 1000
        assert not app.exception, app.exception
        warm_explore = median_ms(app.run)
        values = iter([10, 20] * REPEATS)
        explore_filter = median_ms(lambda: app.slider(key="explore_top").set_value(next(values)).run())

        start = time.perf_counter()
        app.switch_page("app_pages/review.py").run()
        cold_review = (time.perf_counter() - start) * 1000
        assert not app.exception, app.exception
        review_next = median_ms(lambda: app.button(key="review_next").click().run())

    print(f"corpus: {report.imported} articles stored")
    print(f"baseline (one-line app rerun):      {baseline:7.1f} ms")
    print(f"Read, first build (cold caches):    {cold_read:7.1f} ms")
    print(f"Read, rerun:                        {warm_read:7.1f} ms  ratio {warm_read / baseline:.1f}")
    print(f"Read, speaker filter change:        {filter_change:7.1f} ms  ratio {filter_change / baseline:.1f}  (target < 300 ms)")
    print(f"Explore, first build (SQL + charts):{cold_explore:7.1f} ms  (target < 1000 ms)")
    print(f"Explore, rerun:                     {warm_explore:7.1f} ms  ratio {warm_explore / baseline:.1f}")
    print(f"Explore, top-speakers change:       {explore_filter:7.1f} ms  ratio {explore_filter / baseline:.1f}")
    print(f"Review, first build:                {cold_review:7.1f} ms")
    print(f"Review, next statement:             {review_next:7.1f} ms  ratio {review_next / baseline:.1f}")


if __name__ == "__main__":
    main()
