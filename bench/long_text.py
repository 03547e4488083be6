"""Does analysis stay linear in the length of one text? One long article against ten of a tenth of its length.

The text is recombined from the seed paragraphs plus, every few paragraphs, a statement by a new fictional person
(a generated given name and family name, with a role), so entities keep growing with the text: the case where
all-pairs coreference would go quadratic. Prints the seconds and the ratio (target ≤ 2.5: linear, with noise), and
the long text against a bare hazm pass over it (target ≤ 2.0).
Usage: python bench/long_text.py [CHARACTERS]   (default 1,000,000)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import paragraphs

SYLLABLES = ["کا", "ری", "مه", "نو", "سا", "دی", "لا", "پو", "زه", "تی", "بو", "شا", "فر", "گل", "وی", "هن"]
GIVEN = ["کیانوش", "ماهان", "نیلوفر", "آرین", "سپیده", "بهراد", "ترانه", "پرهام", "شیدا", "رامتین"]
ROLES = ["سخنگوی وزارت امور خارجه", "کارشناس مسائل اوراسیا", "نماینده مجلس", "سفیر ایران در ژنو", "معاون وزیر دفاع"]


def long_text(characters: int, seed: int = 11) -> str:
    """About `characters` characters of news text in which new people keep speaking."""
    rng = random.Random(seed)
    pool = paragraphs()
    parts: list[str] = []
    size = 0
    while size < characters:
        if len(parts) % 4 == 0:
            family = "".join(rng.choice(SYLLABLES) for _ in range(3)) + rng.choice(["ی", "ان", "پور", "نیا"])
            part = (f"{rng.choice(GIVEN)} {family} {rng.choice(ROLES)} گفت: همکاری منطقه‌ای ادامه دارد. "
                    f"وی افزود: برجام و قالب ۳+۳ مهم است.")
        else:
            part = rng.choice(pool)
        parts.append(part)
        size += len(part) + 2
    return "\n\n".join(parts)


def main() -> None:
    characters = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    from goftar.engine import default_engine

    engine = default_engine()
    engine.analyze("گرم کردن: وی گفت: آری.")
    tenth = [long_text(characters // 10, seed=100 + k) for k in range(10)]
    whole = long_text(characters)
    start = time.perf_counter()
    for text in tenth:
        engine.analyze(text)
    parts_seconds = time.perf_counter() - start
    start = time.perf_counter()
    article = engine.analyze(whole)
    whole_seconds = time.perf_counter() - start
    print(f"ten texts of {characters // 10:,} characters: {parts_seconds:.2f} s")
    print(f"one text of {len(whole):,} characters: {whole_seconds:.2f} s "
          f"({len(article.entities):,} entities, {len(article.statements):,} statements)")
    print(f"ratio whole / parts: {whole_seconds / parts_seconds:.2f} (target ≤ 2.5)")
    from hazm import Normalizer, sent_tokenize, word_tokenize

    normalizer = Normalizer()
    start = time.perf_counter()
    for sentence in sent_tokenize(normalizer.normalize(whole)):
        word_tokenize(sentence)
    hazm_seconds = time.perf_counter() - start
    print(f"hazm normalize + sentence + word tokenize of the long text: {hazm_seconds:.2f} s; "
          f"analyze / hazm: {whole_seconds / hazm_seconds:.2f} (target ≤ 2.0)")


if __name__ == "__main__":
    main()
