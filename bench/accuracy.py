"""Accuracy on an annotated set: the evaluate command's table, with and without the known-people gazetteer.

Usage: python bench/accuracy.py DIR   (DIR holds gold.json and texts/, e.g. ../shared/devset)
The second run forgets the gazetteer (assets/lexicons/people.tsv): the engine must find people from evidence.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from goftar.engine import Engine
from goftar.evaluate import evaluate, format_report, load_gold


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])
    gold = load_gold(folder / "gold.json")
    with_gazetteer = evaluate(gold, folder / "texts", Engine().analyze)
    print(format_report(with_gazetteer))
    without = evaluate(gold, folder / "texts", Engine(use_gazetteer=False).analyze).summary()
    print(f"without the gazetteer: statements F1 {without['statements']['f1']:.3f} | speaker acc "
          f"{without['speaker_accuracy']:.3f} | who-said-what F1 {without['who_said_what_f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
