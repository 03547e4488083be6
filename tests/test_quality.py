"""Cohen's kappa and agreement between analysts, checked on hand-computed examples."""

from __future__ import annotations

import pytest

from goftar.quality import Score, agreement, cohen_kappa


def test_kappa_hand_computed():
    # 10 items; A says yes 6 times, B says yes 5 times; they agree on 4 yes and 3 no.
    # po = 7/10 = 0.7; pe = 0.6*0.5 + 0.4*0.5 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    a = ["yes"] * 6 + ["no"] * 4
    b = ["yes"] * 4 + ["no"] * 2 + ["yes"] * 1 + ["no"] * 3
    assert cohen_kappa(a, b) == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (["x", "y", "x"], ["x", "y", "x"], 1.0),  # perfect agreement
        (["x", "x"], ["x", "x"], 1.0),  # one label only, always agreed
        (["x", "y"], ["y", "x"], -1.0),  # systematic disagreement
        ([], [], None),  # nothing to compare
    ],
)
def test_kappa_edges(a, b, expected):
    assert cohen_kappa(a, b) == (pytest.approx(expected) if expected is not None else None)


def test_kappa_needs_the_same_items():
    with pytest.raises(ValueError):
        cohen_kappa([1, 2], [1])


def test_agreement_uses_each_analysts_last_decision():
    events = [
        {"review_id": 1, "analyst": "a", "after": {"status": "accepted", "speaker": "p", "topics": ["SCO"], "stances": {"SCO": "supports"}}},
        {"review_id": 1, "analyst": "b", "after": {"status": "accepted", "speaker": "p", "topics": ["SCO"], "stances": {"SCO": "opposes"}}},
        {"review_id": 2, "analyst": "a", "after": {"status": "rejected", "speaker": "q", "topics": [], "stances": {}}},
        {"review_id": 2, "analyst": "b", "after": {"status": "accepted", "speaker": "q", "topics": [], "stances": {}}},
        {"review_id": 2, "analyst": "b", "after": {"status": "rejected", "speaker": "q", "topics": [], "stances": {}}},
        {"review_id": 3, "analyst": "a", "after": {"status": "accepted", "speaker": "r", "topics": [], "stances": {}}},
    ]
    result = agreement(events, "a", "b")
    assert result["statements"]["items"] == 2
    assert result["status"] == {"kappa": 1.0, "items": 2} and result["speaker"]["kappa"] == 1.0
    assert result["stance"]["items"] == 1 and result["stance"]["kappa"] == 0.0


def test_score():
    score = Score(true_positive=8, false_positive=2, false_negative=4)
    assert (score.precision, score.recall) == (0.8, pytest.approx(2 / 3))
    assert score.f1 == pytest.approx(2 * 0.8 * (2 / 3) / (0.8 + 2 / 3))
    assert Score(0, 0, 0).precision is None
