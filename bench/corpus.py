"""Benchmark corpora made by recombining the shipped sample and the synthetic test articles (deterministic).

`articles` recombines paragraphs; `varied_records` also gives every article its own fictional people (the
persons the engine finds in the seed articles renamed, consistently within an article, from given names in the
lexicon and generated surnames), a title, a source and a date, so a large corpus has thousands of speakers like a
real one.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "assets" / "samples", ROOT / "tests" / "data" / "synthetic"]
SURNAME_ROOTS = ("نیک", "مهر", "آذر", "سپهر", "کیان", "بهار", "روشن", "فرخ", "شاد", "نوید", "آرین", "پویا", "سرو",
                 "ماه", "دلاور", "نامور", "بهروز", "امید", "رهنما", "پارسا")
SURNAME_ENDINGS = ("فر", "نیا", "پور", "زاده", "کیا", "نژاد", "منش", "راد", "وند", "خواه")
NEWS_SOURCES = ("خبرگزاری آزمایشی", "روزنامه نمونه", "پایگاه خبری آزمون", "شبکه خبر فرضی", "خبرگزاری مثال")


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


def seed_people() -> list[tuple[str, str]]:
    """(full name, surname) of every person of two or more words the engine finds in the seed paragraphs."""
    from goftar import default_engine

    engine = default_engine()
    people: dict[str, str] = {}
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            for entity in engine.analyze(path.read_text(encoding="utf-8")).entities:
                words = entity.name.split()
                if entity.type == "person" and len(words) >= 2:
                    people[entity.name] = words[-1]
    return sorted(people.items(), key=lambda item: -len(item[0]))  # longest first: replace full names first


def _given_names() -> list[str]:
    path = ROOT / "assets" / "lexicons" / "given_names.txt"
    names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#") and " " not in line.strip()]
    return names[:400] or ["کامران", "بهرام", "نسرین"]


def varied_records(count: int, seed: int = 5) -> list[dict]:
    """`count` distinct article records (text, title, source, date) with varied fictional people."""
    pool = paragraphs()
    people = seed_people()
    given = _given_names()
    surnames = [root + ("\u200c" if ending in ("زاده",) else "") + ending
                for root in SURNAME_ROOTS for ending in SURNAME_ENDINGS]
    rng = random.Random(seed)
    records, seen = [], set()
    start = date(2022, 1, 1)
    while len(records) < count:
        text = "\n\n".join(rng.choice(pool) for _ in range(rng.randint(4, 14)))
        for full, surname in people:
            if surname not in text:
                continue
            new_surname = rng.choice(surnames)
            text = text.replace(full, f"{rng.choice(given)} {new_surname}").replace(surname, new_surname)
        if text in seen:
            continue
        seen.add(text)
        first_words = " ".join(text.split()[:8])
        records.append({"text": text, "title": f"{first_words} ({len(records) + 1})",
                        "source": rng.choice(NEWS_SOURCES),
                        "date": (start + timedelta(days=rng.randint(0, 1000))).isoformat()})
    return records


# Fictional surnames for the archive-like corpus: invented stems and common endings (no real person is meant).
SURNAME_STEMS = ["آذر", "مهر", "کیان", "رستگار", "نوروز", "بهار", "کاوه", "سپهر", "فرهمند", "دلاور", "آریان", "نیک",
                 "پارسا", "روشن", "شاهین", "البرز", "سهند", "تابان", "یزدان", "ماهان", "بردیا", "ارغوان", "سامان",
                 "پویان", "آرمان", "نستوه", "شکیبا", "فروزان", "درخشان", "امید"]
ARCHIVE_SURNAME_ENDINGS = ["", "ی", "\u200cنژاد", "\u200cپور", "\u200cزاده", "\u200cفر", "\u200cنیا", "\u200cمنش", "\u200cراد", "یان"]
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
    surnames = [stem + ending for stem in SURNAME_STEMS for ending in ARCHIVE_SURNAME_ENDINGS]
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


if __name__ == "__main__":  # python -m bench.corpus N FILE.jsonl: the records, one JSON object a line
    import json
    import sys

    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for record in varied_records(int(sys.argv[1])):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
