"""One filter per page, set by a click on any of its charts and shown as chips above the table (pure part).

A chart click replaces the page's filter (the latest click wins, whichever chart it came from); an emptied chart
selection (double-click, Escape) clears it; each chip removes its own value. Nothing falls back to an older, invisible
selection: the filter the table uses is exactly the chips shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.palette import NO_TOPIC


@dataclass(frozen=True)
class ChartFilter:
    """Speakers and issues (topic ids) the page's table is filtered to; empty means everything."""

    speakers: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    origin: str = ""  # the chart the filter came from (its selection is cleared with the filter)

    @property
    def active(self) -> bool:
        """True when the table is filtered."""
        return bool(self.speakers or self.topics)

    def without(self, kind: str, value: str) -> ChartFilter:
        """The filter with one chip removed."""
        if kind == "speaker":
            return ChartFilter(tuple(s for s in self.speakers if s != value), self.topics, self.origin)
        return ChartFilter(self.speakers, tuple(t for t in self.topics if t != value), self.origin)


def from_points(points: list[dict] | None, origin: str = "") -> ChartFilter:
    """The filter a chart selection stands for: its points' customdata = [speaker, topic] ("" for none)."""
    speakers: list[str] = []
    topics: list[str] = []
    for point in points or []:
        custom = point.get("customdata") or []
        if len(custom) == 2:
            if custom[0] and custom[0] not in speakers:
                speakers.append(custom[0])
            if custom[1] and custom[1] not in topics:
                topics.append(custom[1])
    return ChartFilter(tuple(speakers), tuple(topics), origin)


def chips(chart_filter: ChartFilter, labels: dict[str, str]) -> list[tuple[str, str, str]]:
    """(kind, value, label) per chip: «گوینده: نام ✕», «موضوع: برچسب ✕»."""
    found = [("speaker", s, f"گوینده: {s} ✕") for s in chart_filter.speakers]
    found += [("topic", t, f"موضوع: {labels.get(t, t) if t != NO_TOPIC else 'بدون موضوع'} ✕")
              for t in chart_filter.topics]
    return found
