"""plotly figure builders: pure functions from a counts DataFrame (speaker, speaker_type, topic, statements).

Every figure uses the shipped Vazirmatn font and the shared speaker colours; the four mission issues come first.
Chart elements carry `customdata` = [speaker, topic] so a click can filter the statements table. Every name and
label shown passes through `components.safe.chart_text`: plotly would otherwise read `<a href>` or `<span style>` in it.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from components.palette import NO_TOPIC, NO_TOPIC_COLOR, TOPIC_COLOR, topic_colors
from components.safe import chart_text, color_class, html_text
from goftar.dates import JALALI_MONTH_NAMES, gregorian_to_jalali, jalali_text, jalali_to_gregorian, persian_digits

FONT = dict(family="Vazirmatn, Tahoma, sans-serif", size=13)
EMPTY_MESSAGE = "هنوز بیانیه‌ای نیست"
TOOLBAR_PX = 34  # plotly's toolbar sits over the top right corner: titles start below it
SPEAKER_AXIS = "گوینده · speaker"
ISSUE_AXIS = "موضوع · issue"
PAIRS_AXIS = "شمار جفت‌های بیانیه × موضوع<br>statement × issue pairs"
PAIRS_NOTE = "بیانیهٔ دوموضوعی دو بار شمرده می‌شود"  # «a statement naming two issues counts twice»
HEATMAP_CELL_PX = 52  # a row of the matrix; a column is a little wider (its label is rotated)
HEATMAP_MIN_HEIGHT = 300
HEATMAP_FRAME_PX = 150  # margins, axis titles and the room a rotated issue label leans into
HEATMAP_STRETCH_PX = 900  # from this width on, the matrix fills its container
NAME_CHAR_PX = 7  # about one Persian character at 13 px Vazirmatn
MAX_NAME_CHARS = 26  # the network cuts a longer label («…»): its hover gives the whole name
MAX_DAY_TICKS = 24  # more days than this and the axis labels weeks or months instead
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)  # months between ticks on a long timeline
SMALL_COUNT = 6  # up to this many statements a count axis ticks every whole number


def _layout_spec(title: str | None, height: int = 420, subtitle: str | None = None) -> dict:
    """Font, height and a right-aligned title kept inside the frame: measured against the plot area (not the
    container edge, where RTL text was clipped) and pushed below the toolbar. Titles are short Persian with the
    English as the subtitle, so each line fits a phone's width."""
    title_layout = None
    if title:
        title_layout = dict(text=title, x=1.0, xanchor="right", xref="container", y=1.0, yanchor="top",
                            yref="container", pad=dict(t=TOOLBAR_PX, r=16), automargin=True, font=dict(size=15))
        if subtitle:
            title_layout["subtitle"] = dict(text=subtitle, font=dict(size=11, color="#666"))
    return dict(
        title=title_layout, font=FONT, height=height,
        margin=dict(l=20, r=20, t=(TOOLBAR_PX + (70 if subtitle else 44)) if title else TOOLBAR_PX, b=40),
        paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)", hoverlabel=dict(font=FONT),
        legend=dict(font=FONT),
    )


def _figure(traces: list[dict], layout: dict) -> go.Figure:
    """A figure from plain specs, validated once (each `add_trace` or `update_*` call validates again: most of
    a chart's cost)."""
    return go.Figure(data=traces, layout=layout)


# The legend at the foot of the figure, right-aligned under the axis title, one issue a row, in a margin reserved
# for exactly its rows (`_legend_at_foot`): it never covers an axis or its labels, at 1440 px or on a 390-px phone.
# (Side by side, plotly wraps the entries to the plot area's width, which the speaker names leave narrow on a phone:
# the rows, so the room needed, changed with the screen, and a phone's legend outgrew its room and scrolled inside
# it, its last issues hidden.)
LEGEND_ROW_PX = 21
BOTTOM_LEGEND = dict(orientation="v", x=1.0, xanchor="right", xref="paper", y=0.0, yanchor="bottom",
                     yref="container", traceorder="normal", font=FONT, tracegroupgap=0)


def _legend_at_foot(layout: dict, entries: int, axis_px: int) -> dict:
    """The layout with the bottom legend and room for its rows under `axis_px` of axis labels and title."""
    rows = entries if entries > 1 else 0  # one trace shows no legend
    layout["height"] += LEGEND_ROW_PX * rows
    layout["margin"]["b"] = axis_px + LEGEND_ROW_PX * rows
    layout["legend"] = BOTTOM_LEGEND
    return layout


def _empty(title: str) -> go.Figure:
    layout = _layout_spec(title, height=240)
    layout.update(xaxis=dict(visible=False), yaxis=dict(visible=False), annotations=[dict(
        text=EMPTY_MESSAGE, showarrow=False, font=dict(size=16, **{k: v for k, v in FONT.items() if k != "size"}))])
    return _figure([], layout)


def _cells(counts: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Statements per speaker and topic (the few rows of a chart, summed in plain Python: cheaper than pandas)."""
    cells: dict[str, dict[str, int]] = {}
    for speaker, topic, n in zip(counts["speaker"], counts["topic"], counts["statements"], strict=True):
        row = cells.setdefault(speaker, {})
        row[topic] = row.get(topic, 0) + int(n)
    return cells


def _by_volume(cells: dict[str, dict[str, int]]) -> list[str]:
    """Speakers, the one with most statements first (ties by name)."""
    totals = {speaker: sum(row.values()) for speaker, row in cells.items()}
    return sorted(totals, key=lambda speaker: (-totals[speaker], speaker))


def _speakers_by_volume(counts: pd.DataFrame) -> list[str]:
    return _by_volume(_cells(counts))


def heatmap(counts: pd.DataFrame, topics: list[str], labels: dict[str, str], title: str | None = None) -> go.Figure:
    """Speaker × topic matrix of statement counts; square markers so a cell can be clicked to filter."""
    if counts.empty:
        return _empty(title or "")
    cells = _cells(counts)
    speakers = _by_volume(cells)
    topics = [t for t in topics if any(cells[s].get(t) for s in speakers)]  # an empty column is noise
    xs, ys, values, custom = [], [], [], []
    for speaker in speakers:
        for topic in topics:
            value = cells[speaker].get(topic, 0)
            if value:
                xs.append(chart_text(labels.get(topic, topic)))
                ys.append(chart_text(speaker))
                values.append(value)
                custom.append([speaker, topic])
    peak = max(values) if values else 1
    trace = dict(
        type="scatter", x=xs, y=ys, mode="markers+text", text=[str(v) for v in values],
        textfont=dict(color="white", **FONT), customdata=custom,
        marker=dict(symbol="square", size=[26 + 18 * math.sqrt(v / peak) for v in values], color=values,
                    colorscale=[[0, "#f6d8a8"], [1, "#9c2f1f"]], cmin=0, cmax=peak, line=dict(width=0),
                    showscale=False),
        hovertemplate="%{y}<br>%{x}<br>%{marker.color} بیانیه<extra></extra>",
        name="heatmap",
    )
    layout = _layout_spec(title, height=max(HEATMAP_MIN_HEIGHT, 140 + HEATMAP_CELL_PX * len(speakers)))
    width = heatmap_width(len(topics), max(len(s) for s in speakers))
    if width:  # a small matrix keeps its size: stretched, one cell sat alone in a wide, empty plot
        layout["width"] = width
    # Right to left: the first (mission) issues stand next to the speaker names on the right.
    layout["xaxis"] = dict(categoryorder="array", categoryarray=[chart_text(labels.get(t, t)) for t in topics],
                           autorange="reversed", side="top", title=dict(text=ISSUE_AXIS, font=dict(size=12, color="#666")),
                           showgrid=True, gridcolor="rgba(0,0,0,.06)", tickangle=-35, automargin=True)
    layout["yaxis"] = dict(categoryorder="array", categoryarray=[chart_text(s) for s in reversed(speakers)], side="right",
                           showgrid=True, automargin=True, title=dict(text=SPEAKER_AXIS, font=dict(size=12, color="#666")),
                           gridcolor="rgba(0,0,0,.06)")
    return _figure([trace], layout)


def heatmap_width(columns: int, longest_name: int) -> int | None:
    """The width in pixels a heatmap of `columns` issues needs beside names of `longest_name` characters (the
    names, the rotated issue labels and a cell per column), or None when that is more than a wide screen's plot
    (the chart then fills its container)."""
    width = HEATMAP_FRAME_PX + NAME_CHAR_PX * min(longest_name, MAX_NAME_CHARS) + HEATMAP_CELL_PX * 1.4 * columns
    return None if width >= HEATMAP_STRETCH_PX else int(width)


def stacked_bars(counts: pd.DataFrame, topics: list[str], labels: dict[str, str], colors_by_topic: dict[str, str] | None = None,
                 title: str = "بیانیه‌های هر گوینده به تفکیک موضوع") -> go.Figure:
    """One horizontal bar per speaker, stacked by topic (mission issues first). A bar's length counts
    statement × issue pairs (a statement naming two issues is in two segments), which the subtitle and axis say.
    Issues take `colors_by_topic` (the pages give every issue its colour over the whole taxonomy), else colours
    far apart over the issues shown; «no issue» is grey."""
    if counts.empty:
        return _empty(title)
    cells = _cells(counts)
    speakers = list(reversed(_by_volume(cells)))
    palette = _issue_palette([t for t in topics if any(cells[s].get(t) for s in speakers)], colors_by_topic)
    names = [chart_text(s) for s in speakers]
    traces = []
    for topic in topics:
        values = [cells[s].get(topic, 0) for s in speakers]
        if not any(values):
            continue
        label = chart_text(labels.get(topic, topic))
        traces.append(dict(
            type="bar", y=names, x=values, orientation="h", name=label, marker=dict(color=palette[topic]),
            customdata=[[s, topic] for s in speakers],
            hovertemplate="%{y}<br>" + label.replace("%", "%%") + ": %{x}<extra></extra>",
        ))
    layout = _legend_at_foot(_layout_spec(title, height=max(320, 170 + 40 * len(speakers)), subtitle=PAIRS_NOTE),
                             len(traces), axis_px=90)
    layout.update(barmode="stack",
                  xaxis=dict(autorange="reversed", title=dict(text=PAIRS_AXIS, font=dict(size=12, color="#666")),
                             automargin=True,  # bars grow from the speaker names on the right
                             **_whole_numbers(max(sum(cells[s].values()) for s in speakers))),
                  yaxis=dict(side="right", automargin=True,
                             title=dict(text=SPEAKER_AXIS, font=dict(size=12, color="#666"))))
    return _figure(traces, layout)


def _issue_palette(shown: list[str], given: dict[str, str] | None) -> dict[str, str]:
    """A colour per issue shown: the one given, else one of TOPIC_COLORS in the order shown; grey for «no issue»."""
    return {**topic_colors(shown), **(given or {}), NO_TOPIC: NO_TOPIC_COLOR}


def sunburst(counts: pd.DataFrame, labels: dict[str, str], colors: dict[str, str],
             title: str = "گوینده ← موضوع") -> go.Figure:
    """Speaker → topic sunburst sized by statement counts."""
    if counts.empty:
        return _empty(title)
    ids, names, parents, values, marker_colors, custom = [], [], [], [], [], []
    for speaker, group in counts.groupby("speaker"):
        ids.append(f"s::{speaker}")
        names.append(chart_text(speaker))
        parents.append("")
        values.append(int(group["statements"].sum()))
        marker_colors.append(colors.get(speaker, "#888888"))
        custom.append([speaker, ""])
        for row in group.itertuples():
            ids.append(f"s::{speaker}::{row.topic}")
            names.append(chart_text(labels.get(row.topic, row.topic)))
            parents.append(f"s::{speaker}")
            values.append(int(row.statements))
            marker_colors.append(NO_TOPIC_COLOR if row.topic == NO_TOPIC or row.topic not in labels else TOPIC_COLOR)
            custom.append([speaker, row.topic])
    trace = dict(type="sunburst", ids=ids, labels=names, parents=parents, values=values, branchvalues="total",
                 marker=dict(colors=marker_colors), customdata=custom, insidetextorientation="horizontal",
                 hovertemplate="%{label}: %{value}<extra></extra>")
    return _figure([trace], _layout_spec(title, height=480))


def network(counts: pd.DataFrame, topics: list[str], labels: dict[str, str], colors: dict[str, str],
            title: str = "شبکهٔ گوینده و موضوع") -> go.Figure:
    """Bipartite speaker–topic graph: speakers on the right, topics on the left, edge width by statements."""
    linked = counts[counts["statements"] > 0]
    if linked.empty:
        return _empty(title)
    speakers = _speakers_by_volume(linked)
    topic_list = [t for t in topics if t in set(linked["topic"])]

    def spread(count: int) -> list[float]:
        return [1.0 - (i + 0.5) / count for i in range(count)]

    speaker_y = dict(zip(speakers, spread(len(speakers)), strict=True))
    topic_y = dict(zip(topic_list, spread(len(topic_list)), strict=True))
    peak = linked["statements"].max()
    traces = [
        dict(type="scatter", x=[1, 0], y=[speaker_y[row.speaker], topic_y[row.topic]], mode="lines",
             hoverinfo="skip", line=dict(width=1 + 7 * row.statements / peak, color=colors.get(row.speaker, "#888888")),
             opacity=0.55, showlegend=False)
        for row in linked.itertuples() if row.topic in topic_y
    ]
    # The names are the tick labels of a y axis on each side: plotly sizes the margins to them (automargin) at any
    # width, where text beside the nodes ran past the frame on a phone.
    traces.append(dict(
        type="scatter", x=[1] * len(speakers), y=[speaker_y[s] for s in speakers], yaxis="y2", mode="markers",
        text=[chart_text(s) for s in speakers], cliponaxis=False,
        marker=dict(size=18, color=[colors.get(s, "#888888") for s in speakers]),
        customdata=[[s, ""] for s in speakers], name="speakers", showlegend=False,
        hovertemplate="%{text}<extra></extra>",
    ))
    traces.append(dict(
        type="scatter", x=[0] * len(topic_list), y=[topic_y[t] for t in topic_list], mode="markers",
        text=[chart_text(labels.get(t, t)) for t in topic_list], cliponaxis=False,
        marker=dict(size=16, color=[NO_TOPIC_COLOR if t == NO_TOPIC else TOPIC_COLOR for t in topic_list],
                    symbol="diamond"), customdata=[["", t] for t in topic_list],
        name="topics", showlegend=False, hovertemplate="%{text}<extra></extra>",
    ))
    layout = _layout_spec(title, height=max(320, 60 * max(len(speakers), len(topic_list))))
    layout["xaxis"] = dict(visible=False, range=[-0.03, 1.03], fixedrange=True)
    label_axis = dict(range=[-0.05, 1.05], showgrid=False, zeroline=False, showline=False, automargin=True,
                      fixedrange=True, ticks="outside", ticklen=14, tickcolor="rgba(0,0,0,0)", tickmode="array")
    layout["yaxis"] = dict(label_axis, side="left", tickvals=[topic_y[t] for t in topic_list],
                           ticktext=[chart_text(short_label(labels.get(t, t))) for t in topic_list])
    layout["yaxis2"] = dict(label_axis, side="right", overlaying="y", tickvals=[speaker_y[s] for s in speakers],
                            ticktext=[chart_text(short_label(s)) for s in speakers])
    return _figure(traces, layout)


def short_label(name: str, limit: int = MAX_NAME_CHARS) -> str:
    """A name cut to `limit` characters with «…» (beside a chart's nodes; the hover gives it whole)."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def timeline(rows: pd.DataFrame, topics: list[str], labels: dict[str, str],
             title: str = "روند موضوع‌ها در زمان", colors_by_topic: dict[str, str] | None = None) -> go.Figure:
    """Statements per topic per publication date (rows: date, topic, statements), on an axis of days: ticks are
    Jalali dates when there are few days, and every point's hover gives the Jalali and Gregorian date."""
    if rows.empty:
        return _empty(title)
    palette = _issue_palette([t for t in topics if t in set(rows["topic"])], colors_by_topic)
    rows = rows.assign(date=pd.to_datetime(rows["date"]).dt.normalize())
    traces = []
    for topic in topics:
        series = rows[rows["topic"] == topic].sort_values("date")
        if series.empty:
            continue
        label = chart_text(labels.get(topic, topic))
        hover = [f"{jalali_text(d.date())} ({d.date().isoformat()})" for d in series["date"]]
        traces.append(dict(type="scatter", x=series["date"], y=series["statements"], mode="lines+markers",
                           name=label, line=dict(color=palette[topic], width=2),
                           customdata=[["", topic]] * len(series), text=hover,
                           hovertemplate=label.replace("%", "%%") + "<br>%{text}: %{y}<extra></extra>"))
    days = sorted(rows["date"].unique())
    axis = dict(type="date", title=dict(text="تاریخ انتشار · publication date", font=dict(size=12, color="#666")),
                hoverformat="%Y-%m-%d", automargin=True, tickmode="array", tickangle=-35)
    if len(days) <= MAX_DAY_TICKS:  # a day per tick, named in Jalali: never hours between two dates
        axis.update(tickvals=days, ticktext=[jalali_text(pd.Timestamp(d).date()) for d in days])
    else:  # a week or a Jalali month per tick, named in Jalali too
        ticks = jalali_ticks(pd.Timestamp(days[0]).date(), pd.Timestamp(days[-1]).date())
        axis.update(tickvals=[pd.Timestamp(d) for d, _ in ticks], ticktext=[text for _, text in ticks])
    layout = _legend_at_foot(_layout_spec(title, height=400), len(traces), axis_px=130)  # dates lean down
    layout.update(xaxis=axis, yaxis=dict(
        title=dict(text="بیانیه‌ها · statements", font=dict(size=12, color="#666")), rangemode="tozero", automargin=True,
        **_whole_numbers(rows["statements"].max())))
    return _figure(traces, layout)


def _whole_numbers(peak) -> dict:
    """Axis settings that keep a count axis to whole numbers: plotly ticks a small range at 0.2, 0.5…"""
    return dict(tick0=0, dtick=1) if peak <= SMALL_COUNT else {}


def jalali_ticks(first: date, last: date, most: int = 12) -> list[tuple[date, str]]:
    """(Gregorian date, label) ticks over [first, last]: a week apart within two months («۱۴۰۲/۰۸/۱۰»), else the first
    day of Jalali months, every n-th so there are at most `most` («آبان ۱۴۰۲»)."""
    if (last - first).days <= 62:
        return [(first + timedelta(days=7 * n), jalali_text(first + timedelta(days=7 * n)))
                for n in range((last - first).days // 7 + 1)]
    year, month, _ = gregorian_to_jalali(first)
    months = []
    while (start := jalali_to_gregorian(year, month, 1)) <= last:
        if start >= first:
            months.append((year, month, start))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    # a step that keeps the ticks on the same months every year (Farvardin, Mehr…), the smallest that fits
    step = next((n for n in MONTH_STEPS if math.ceil(len(months) / n) <= most), MONTH_STEPS[-1])
    return [(start, persian_digits(f"{JALALI_MONTH_NAMES[month - 1]} {year}")) for year, month, start in months
            if ((year * 12 + month - 1) % step) == 0]


def speaker_issue_list_html(counts: pd.DataFrame, topics: list[str], labels: dict[str, str],
                            colors: dict[str, str] | None = None) -> str:
    """The who × issue matrix for a narrow screen: one row per speaker (most statements first) with its issues and
    counts as chips, so nothing overlaps at 390 px. Escaped; shown on phones only (assets/goftar.css)."""

    if counts.empty:
        return f'<div class="goftar-matrix-list" dir="rtl" lang="fa"><p>{EMPTY_MESSAGE}</p></div>'
    rank = {t: i for i, t in enumerate(topics)}
    cells = _cells(counts)
    items = []
    for speaker in _by_volume(cells):
        chips = "".join(
            f'<span class="g-chip">{html_text(labels.get(t, t))} <b>{int(n)}</b></span>'
            for t, n in sorted(cells[speaker].items(), key=lambda pair: (rank.get(pair[0], len(rank)), pair[0])) if n
        )
        css = color_class((colors or {}).get(speaker))
        items.append(f'<li class="{css}"><span class="g-swatch"></span><span class="g-matrix-name">'
                     f'{html_text(speaker)}</span><span class="g-matrix-chips">{chips}</span></li>')
    return f'<ul class="goftar-matrix-list" dir="rtl" lang="fa">{"".join(items)}</ul>'
