"""Benchmark corpora made by recombining the shipped sample and the synthetic test articles (deterministic)."""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "assets" / "samples", ROOT / "tests" / "data" / "synthetic"]


def paragraphs() -> list[str]:
    """Every paragraph of every seed article."""
    found = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            found += [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    return found


def articles(count: int, seed: int = 7) -> list[str]:
    """`count` articles of 4 to 14 paragraphs each, recombined from the seed paragraphs."""
    pool = paragraphs()
    rng = random.Random(seed)
    return ["\n\n".join(rng.choice(pool) for _ in range(rng.randint(4, 14))) for _ in range(count)]
