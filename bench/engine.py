"""Engine speed and memory against a bare hazm pass, in one process (ratios, since machines are noisy).

Baseline per article: hazm normalize + sent_tokenize + word_tokenize of every sentence.
Measured per article: goftar.analyze (normalization, sentences, tokens, speakers, statements, topics).
Usage: python bench/engine.py [N] [REPEAT]   (default 1000 articles, each timed 3 times)

Each side's time for an article is the CPU time of its fastest run (as `timeit` advises: slower runs measure the
machine's other work, not the code), so the ratio holds on a shared machine.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import articles


def timed(function, texts) -> list[float]:
    """Seconds per text."""
    times = []
    for text in texts:
        start = time.process_time()
        function(text)
        times.append(time.process_time() - start)
    return times


def peak_bytes(function, texts) -> int:
    """Peak traced allocation while running function over texts."""
    tracemalloc.start()
    for text in texts:
        function(text)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    from hazm import Normalizer, sent_tokenize, word_tokenize

    from goftar import default_engine

    normalizer = Normalizer()
    engine = default_engine()

    def baseline(text: str) -> None:
        for sentence in sent_tokenize(normalizer.normalize(text)):
            word_tokenize(sentence)

    texts = articles(count)
    warm = articles(20, seed=99)
    timed(baseline, warm)
    timed(engine.analyze, warm)
    # interleave per article, alternating which side goes first, so drift on a noisy machine hits both alike;
    # keep each article's fastest run of each side
    base_times, engine_times = [float("inf")] * count, [float("inf")] * count
    for _ in range(repeat):
        for index, text in enumerate(texts):
            pair = [(baseline, base_times), (engine.analyze, engine_times)]
            for function, sink in pair if index % 2 else reversed(pair):
                sink[index] = min(sink[index], timed(function, [text])[0])
    base_median = statistics.median(base_times)
    engine_median = statistics.median(engine_times)
    statements = sum(len(engine.analyze(t).statements) for t in texts[:100])
    base_peak = peak_bytes(baseline, texts[:50])
    engine_peak = peak_bytes(engine.analyze, texts[:50])
    characters = statistics.median(len(t) for t in texts)
    print(f"articles: {count} (median {characters:.0f} characters), statements in first 100: {statements}")
    print(f"baseline hazm normalize+sent+word: median {base_median * 1000:.2f} ms/article")
    print(f"goftar.analyze:                    median {engine_median * 1000:.2f} ms/article")
    print(f"time ratio analyze/baseline: {engine_median / base_median:.2f} (target <= 2.0); "
          f"total {sum(engine_times) / sum(base_times):.2f}; fastest of {repeat} runs per article")
    print(f"peak traced memory over 50 articles: baseline {base_peak / 1e6:.1f} MB, analyze {engine_peak / 1e6:.1f} MB, "
          f"ratio {engine_peak / max(base_peak, 1):.2f}")


if __name__ == "__main__":
    main()
