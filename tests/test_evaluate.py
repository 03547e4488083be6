"""`python -m goftar evaluate`: the scorer on a synthetic gold file (fictional people) and its matching rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goftar.cli import main
from goftar.evaluate import compact, speaker_matches

GOLD_DIR = Path(__file__).resolve().parent / "data" / "gold"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("می‌گوید", "میگوید"),  # ZWNJ dropped
        ("كيانوش", "کیانوش"),  # Arabic ي/ك folded
        ("قالب ۳+۳", "قالب33"),  # digits Latin, punctuation and spaces dropped
        ("«نام»،", "نام"),  # guillemets and commas dropped
    ],
)
def test_compact(text, expected):
    assert compact(text) == expected


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("کاوه نیک‌سرشت", {"speaker": "کاوه نیک‌سرشت", "speaker_type": "person"}, True),  # the canonical name
        ("نیک‌سرشت", {"speaker": "کاوه نیک‌سرشت", "speaker_type": "person"}, True),  # a person's family name
        ("وی", {"speaker": "کاوه نیک‌سرشت", "speaker_type": "person"}, False),  # a pronoun never names anyone
        ("رئیس دانشگاه", {"speaker": "کاوه نیک‌سرشت", "speaker_type": "person"}, False),  # a role is a second speaker
        ("روزنامه آوای دشت", {"speaker": "آوای دشت", "speaker_type": "organization"}, True),  # the name inside
    ],
)
def test_speaker_matches(predicted, gold, expected):
    assert speaker_matches(predicted, gold) is expected


def test_evaluate_counts_hits_misses_and_wrong_speakers(capsys):
    status = main(["evaluate", "--gold", str(GOLD_DIR / "synthetic_gold.json"), "--texts", str(GOLD_DIR / "texts"),
                   "--json", "--errors"])
    figures = json.loads(capsys.readouterr().out)
    assert status == 0
    # g01: three right; g02: one missed group, one spurious statement, one wrong speaker (see the gold's comment)
    assert figures["statements"] == {"tp": 4, "fp": 1, "fn": 1, "precision": 0.8, "recall": 0.8, "f1": 0.8}
    assert figures["speaker_accuracy"] == 0.75
    assert figures["who_said_what_f1"] == 0.6
    assert figures["by_speaker_type"]["group"]["fn"] == 1
    assert figures["by_kind"]["colon"]["fp"] == 1
    assert sorted(e["error"] for e in figures["errors"]) == ["missed", "spurious", "wrong speaker"]


def test_evaluate_prints_the_summary_line(capsys):
    main(["evaluate", "--gold", str(GOLD_DIR / "synthetic_gold.json"), "--texts", str(GOLD_DIR / "texts")])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("statements P 0.800 R 0.800 F1 0.800 | speaker acc 0.750 | who-said-what F1 0.600")


def test_evaluate_without_the_gazetteer_runs(capsys):
    assert main(["evaluate", "--gold", str(GOLD_DIR / "synthetic_gold.json"), "--texts", str(GOLD_DIR / "texts"),
                 "--no-gazetteer", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}", "expected a JSON list"),  # not a list of articles
        ("[{\"id\": 1}]", "expected a JSON list"),  # articles without statements
        ("not json", "goftar:"),  # not JSON at all
    ],
)
def test_bad_gold_files_get_a_clear_message(tmp_path, capsys, content, message):
    gold = tmp_path / "gold.json"
    gold.write_text(content, encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--texts", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
