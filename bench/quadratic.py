"""Repeated tokens against goftar.analyze: time per doubling of the input (linear code doubles, quadratic quadruples).

Each case repeats one unit (a title, a role, a name…) N times inside one sentence that is attributed, for N doubling
from a start size; the ratio printed is time(2N) / time(N), measured in one run (best of a few repeats).
Usage: python bench/quadratic.py [START [DOUBLINGS]]   (default 250 units, 4 doublings)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# A unit repeated; fictional people only.
CASES = {
    "title «دکتر»": "دکتر ",
    "title chain «سردار سرلشکر»": "سردار سرلشکر ",
    "role head «معاون»": "معاون ",
    "role phrase «سخنگوی وزارت امور خارجه»": "سخنگوی وزارت امور خارجه ",
    "given name «کیوان»": "کیوان ",
    "title and name «دکتر کیوان رستگار»": "دکتر کیوان رستگار ",
    "pronoun «وی»": "وی ",
    "country «روسیه»": "روسیه ",
}
LEAD = "به گزارش خبرگزاری نمونه، "
TAIL = " گفت: همکاری در چارچوب شانگهای ادامه دارد.\n"
REPEATS = 3
SLOW_SECONDS = 20  # stop doubling a case once one run takes this long


def seconds(analyze, text: str) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        analyze(text)
        best = min(best, time.perf_counter() - start)
        if best > SLOW_SECONDS / REPEATS:
            break
    return best


def main() -> None:
    start = int(sys.argv[1]) if len(sys.argv) > 1 else 250
    doublings = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    from goftar import default_engine

    analyze = default_engine().analyze
    analyze(LEAD + "دکتر " * 10 + TAIL)  # warm up
    print(f"{'case':42} {'units':>6} {'kB':>6} {'seconds':>9} {'ratio':>6}")
    for case, unit in CASES.items():
        previous = None
        for step in range(doublings + 1):
            count = start * 2**step
            text = LEAD + unit * count + TAIL
            took = seconds(analyze, text)
            ratio = f"{took / previous:6.2f}" if previous else "     -"
            print(f"{case:42} {count:6} {len(text.encode()) / 1024:6.1f} {took:9.3f} {ratio}", flush=True)
            previous = took
            if took > SLOW_SECONDS:
                print(f"{case:42} stopped: one run took over {SLOW_SECONDS} s")
                break


if __name__ == "__main__":
    main()
