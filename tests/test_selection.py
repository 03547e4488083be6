"""The page filter from chart clicks, and the chips that show and remove it."""

from __future__ import annotations

import pytest

from components.selection import ChartFilter, chips, from_points


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ([{"customdata": ["مریم", "JCPOA"]}], (("مریم",), ("JCPOA",))),  # a heatmap cell: speaker and issue
        ([{"customdata": ["مریم", ""]}], (("مریم",), ())),  # a network speaker node: the speaker only
        ([{"customdata": ["", "SCO"]}], ((), ("SCO",))),  # a topic node
        ([{"customdata": ["مریم", "JCPOA"]}, {"customdata": ["مریم", "SCO"]}], (("مریم",), ("JCPOA", "SCO"))),  # two
        ([], ((), ())),  # an emptied selection (double-click, Escape): no filter
        (None, ((), ())),  # no event yet
        ([{"x": 1}], ((), ())),  # a point without customdata filters nothing
    ],
)
def test_from_points(points, expected):
    chosen = from_points(points, "heatmap")
    assert (chosen.speakers, chosen.topics) == expected
    assert chosen.active == bool(expected[0] or expected[1])


def test_chips_and_removing_one():
    chosen = ChartFilter(("مریم",), ("JCPOA", "—"), "bars")
    assert chips(chosen, {"JCPOA": "برجام"}) == [
        ("speaker", "مریم", "گوینده: مریم ✕"), ("topic", "JCPOA", "موضوع: برجام ✕"),
        ("topic", "—", "موضوع: بدون موضوع ✕")]
    assert chosen.without("topic", "JCPOA").topics == ("—",)
    assert not chosen.without("speaker", "مریم").without("topic", "JCPOA").without("topic", "—").active
