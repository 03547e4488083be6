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


# Fictional surnames for the archive-like corpus: invented stems and common endings (no real person is meant).
SURNAME_STEMS = ["آذر", "مهر", "کیان", "رستگار", "نوروز", "بهار", "کاوه", "سپهر", "فرهمند", "دلاور", "آریان", "نیک",
                 "پارسا", "روشن", "شاهین", "البرز", "سهند", "تابان", "یزدان", "ماهان", "بردیا", "ارغوان", "سامان",
                 "پویان", "آرمان", "نستوه", "شکیبا", "فروزان", "درخشان", "امید"]
SURNAME_ENDINGS = ["", "ی", "\u200cنژاد", "\u200cپور", "\u200cزاده", "\u200cفر", "\u200cنیا", "\u200cمنش", "\u200cراد", "یان"]
PEOPLE_PREFIXES = ("کاخ", "وزارت", "نماینده")  # speakers in the synthetic articles that are not people


def synthetic_people() -> list[str]:
    """Full names of the fictional people who speak in the synthetic articles."""
    import json

    expected = json.loads((ROOT / "tests" / "data" / "synthetic" / "expected.json").read_text(encoding="utf-8"))
    names = {name for key, value in expected.items() if key.endswith(".txt") for name in value.get("statements", [])}
    return sorted(n for n in names if len(n.split()) == 2 and not n.startswith(PEOPLE_PREFIXES))


def archive_articles(count: int, seed: int = 11, paragraphs_per_article: tuple[int, int] = (12, 40)) -> list[str]:
    """`count` long articles with many different speakers: paragraphs recombined as in `articles`, and in each
    article every fictional speaker renamed (full name and surname alone) to a name drawn from thousands."""
    pool = paragraphs()
    people = synthetic_people()
    given = [line.strip() for line in (ROOT / "assets" / "lexicons" / "given_names.txt").read_text(encoding="utf-8")
             .splitlines() if line.strip() and not line.startswith("#")]
    surnames = [stem + ending for stem in SURNAME_STEMS for ending in SURNAME_ENDINGS]
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        text = "\n\n".join(rng.choice(pool) for _ in range(rng.randint(*paragraphs_per_article)))
        for name in people:
            new_given, new_surname = rng.choice(given), rng.choice(surnames)
            for spelling in (name, name.replace("ی", "ي").replace("ک", "ك")):  # one article uses Arabic letters
                text = text.replace(spelling, f"{new_given} {new_surname}").replace(spelling.split()[1], new_surname)
        texts.append(text)
    return texts
