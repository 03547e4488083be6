"""Repeated tokens against goftar.analyze: time per doubling of the input (linear code doubles, quadratic quadruples).

Each case repeats one unit (a title, a role, a name…) N times inside one sentence that is attributed, for N doubling
from a start size; the ratio printed is time(2N) / time(N), measured in one run (CPU time, best of a few repeats, so
other processes on the machine do not skew it). The default reaches 32,000 units (a few hundred kB): a quadratic
path can look linear below a few thousand units (a list searched per word was 2.3 per doubling at 2,000 units and
3.8 at 32,000).
Usage: python bench/quadratic.py [START [DOUBLINGS]]   (default 1,000 units, 5 doublings)
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
    "organisation «وزارت امور خارجه»": "وزارت امور خارجه ",
    "statement «کیوان رستگار گفت:»": "کیوان رستگار گفت: ",
}
LEAD = "به گزارش خبرگزاری نمونه، "
TAIL = " گفت: همکاری در چارچوب شانگهای ادامه دارد.\n"
REPEATS = 3
SLOW_SECONDS = 20  # stop doubling a case once one run takes this long


def seconds(analyze, text: str) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.process_time()
        analyze(text)
        best = min(best, time.process_time() - start)
        if best > SLOW_SECONDS / REPEATS:
            break
    return best


def main() -> None:
    start = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    doublings = int(sys.argv[2]) if len(sys.argv) > 2 else 5
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
