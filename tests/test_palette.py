"""The issue palette: issues far apart in colour, «no issue» a neutral grey."""

from __future__ import annotations

import itertools
import math

import pytest

from components.palette import NO_TOPIC, NO_TOPIC_COLOR, TOPIC_COLORS, topic_colors


def lab(color: str) -> tuple[float, float, float]:
    """CIE L*a*b* of an sRGB hex colour (D65), to compare colours as the eye does."""
    def linear(c: float) -> float:
        return ((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92

    r, g, b = (linear(int(color[i : i + 2], 16) / 255) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def difference(first: str, second: str) -> float:
    """CIE76 ΔE: about 2 is just noticeable; the old palette had two purples 8 apart."""
    return math.dist(lab(first), lab(second))


def test_no_two_issue_colours_look_alike():
    closest = min(difference(a, b) for a, b in itertools.combinations(TOPIC_COLORS, 2))
    assert closest >= 20
    assert len(set(TOPIC_COLORS)) == len(TOPIC_COLORS)


def test_no_issue_is_a_neutral_grey_unlike_every_issue():
    _, a, b = lab(NO_TOPIC_COLOR)
    assert math.hypot(a, b) < 3  # no hue
    assert min(difference(NO_TOPIC_COLOR, color) for color in TOPIC_COLORS) >= 20


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        (["JCPOA", "SCO"], {"JCPOA": TOPIC_COLORS[0], "SCO": TOPIC_COLORS[1]}),  # in the order given
        ([NO_TOPIC, "JCPOA"], {"JCPOA": TOPIC_COLORS[0]}),  # «no issue» takes no issue's colour
        (["JCPOA", "JCPOA", "gaza"], {"JCPOA": TOPIC_COLORS[0], "gaza": TOPIC_COLORS[1]}),  # once each
    ],
)
def test_topic_colors(topics, expected):
    assert topic_colors(topics) == {**expected, NO_TOPIC: NO_TOPIC_COLOR}
