"""Figure builders: right traces, right counts, mission issues first, Persian labels."""

from __future__ import annotations

import pandas as pd
import pytest

from components import charts
from components.frames import filter_statements, speaker_topic_counts, statements_frame
from components.palette import (
    MISSION_ORDER,
    NO_TOPIC,
    NO_TOPIC_COLOR,
    SPEAKER_COLORS,
    TOPIC_COLOR,
    TOPIC_COLORS,
    corpus_colors,
    short_labels,
    speaker_colors,
    topic_order,
)


def charts_taxonomy() -> list[dict]:
    """The shipped issues (for parameters, which are built before fixtures)."""
    from goftar.lexicon import load_lexicon

    return load_lexicon().topics


@pytest.fixture(scope="module")
def counts(sample_article):
    return speaker_topic_counts(sample_article)


@pytest.fixture(scope="module")
def taxonomy(engine):
    return engine.lexicon.topics


def test_counts_frame(counts):
    by_pair = {(r.speaker, r.topic): r.statements for r in counts.itertuples()}
    assert by_pair[("محمدرضا آشتیانی", "JCPOA")] == 1
    assert by_pair[("سرگئی شایگو", "caucasus")] == 2
    assert by_pair[("سرگئی شایگو", NO_TOPIC)] == 2  # two of Shoigu's statements name no listed issue
    assert ("سرگئی شایگو", "BRICS") not in by_pair


def test_topic_order_puts_mission_issues_first(counts, taxonomy):
    order = topic_order(counts["topic"], taxonomy)
    assert order[:4] == list(MISSION_ORDER) and order[-1] == NO_TOPIC
    shoigu_only = counts[counts["speaker"] == "سرگئی شایگو"]["topic"]
    assert topic_order(shoigu_only, taxonomy)[:2] == ["3+3", "SCO"]  # only what is there
    assert topic_order(shoigu_only, taxonomy, with_mission=True)[:4] == list(MISSION_ORDER)  # always all four


def test_heatmap_cells_match_counts(counts, taxonomy):
    order = topic_order(counts["topic"], taxonomy)
    figure = charts.heatmap(counts, order, short_labels(taxonomy))
    trace = figure.data[0]
    cells = {tuple(c): int(v) for c, v in zip(trace.customdata, trace.marker.color, strict=True)}
    assert cells[("محمدرضا آشتیانی", "BRICS")] == 1 and cells[("سرگئی شایگو", "SCO")] == 1
    assert sum(cells.values()) == counts["statements"].sum()
    assert list(figure.layout.xaxis.categoryarray[:4]) == ["برجام", "قالب ۳+۳", "شانگهای", "بریکس"]
    assert "Vazirmatn" in figure.layout.font.family


def test_stacked_bars_one_trace_per_topic(counts, taxonomy):
    order = topic_order(counts["topic"], taxonomy)
    figure = charts.stacked_bars(counts, order, short_labels(taxonomy))
    assert [t.name for t in figure.data][:4] == ["برجام", "قالب ۳+۳", "شانگهای", "بریکس"]
    assert sum(sum(t.x) for t in figure.data) == counts["statements"].sum()
    assert figure.layout.barmode == "stack"


def test_sunburst_totals(counts, taxonomy):
    colors = speaker_colors(counts["speaker"])
    figure = charts.sunburst(counts, short_labels(taxonomy), colors)
    trace = figure.data[0]
    roots = {label: value for label, parent, value in zip(trace.labels, trace.parents, trace.values, strict=True) if not parent}
    assert roots == counts.groupby("speaker")["statements"].sum().to_dict()


def test_network_edges_and_nodes(counts, taxonomy):
    order = topic_order(counts["topic"], taxonomy)
    figure = charts.network(counts, order, short_labels(taxonomy), speaker_colors(counts["speaker"]))
    edges = [t for t in figure.data if t.mode == "lines"]
    assert len(edges) == len(counts)
    speakers = next(t for t in figure.data if t.name == "speakers")
    assert set(speakers.text) == {"محمدرضا آشتیانی", "سرگئی شایگو"}


def test_timeline_one_line_per_topic(taxonomy):
    rows = pd.DataFrame([{"date": "2023-11-01", "topic": "JCPOA", "statements": 3},
                         {"date": "2023-11-02", "topic": "JCPOA", "statements": 1},
                         {"date": "2023-11-02", "topic": "SCO", "statements": 2}])
    figure = charts.timeline(rows, ["JCPOA", "SCO"], short_labels(taxonomy))
    assert [(t.name, list(t.y)) for t in figure.data] == [("برجام", [3, 1]), ("شانگهای", [2])]


@pytest.mark.parametrize("builder", ["heatmap", "stacked_bars", "network"])
def test_empty_counts_give_a_message_not_an_error(builder, taxonomy):
    empty = pd.DataFrame(columns=["speaker", "speaker_type", "topic", "statements"])
    figure = getattr(charts, builder)(empty, [], short_labels(taxonomy), *(([{}]) if builder == "network" else []))
    assert figure.layout.annotations[0].text == charts.EMPTY_MESSAGE


def test_statements_frame_and_filter(sample_article):
    frame = statements_frame(sample_article)
    assert len(frame) == 12 and frame.iloc[0]["speaker"] == "محمدرضا آشتیانی"
    assert len(filter_statements(frame, ["سرگئی شایگو"], None)) == 6
    assert len(filter_statements(frame, None, ["JCPOA"])) == 1
    assert len(filter_statements(frame, ["سرگئی شایگو"], ["BRICS"])) == 0
    assert len(filter_statements(frame, None, [NO_TOPIC])) == 3


def test_speaker_colors_are_stable_and_distinct():
    names = ["الف", "ب", "پ", "ت", "ث"]
    first = speaker_colors(names)
    assert first == speaker_colors(reversed(names))
    assert len(set(first.values())) == len(names)


@pytest.mark.parametrize("size", [3, 20, 400])
def test_corpus_colors_match_the_whole_corpus_from_its_first_names(size):
    corpus = [f"گوینده {number}" for number in range(size)]
    shown = [corpus[0], corpus[-1], corpus[size // 2], "کسی بیرون از پیکره", "دیگری بیرون"]
    colors = corpus_colors(shown, sorted(corpus)[:len(SPEAKER_COLORS)])
    whole = speaker_colors(corpus)
    assert {n: colors[n] for n in shown if n in whole} == {n: whole[n] for n in shown if n in whole}
    assert set(colors) == set(shown) and set(colors.values()) <= set(SPEAKER_COLORS)
    if size < len(SPEAKER_COLORS):  # a small corpus: names outside it share out colours among themselves
        assert colors["کسی بیرون از پیکره"] != colors["دیگری بیرون"]


def test_titles_stay_inside_the_frame_and_below_the_toolbar(counts, taxonomy):
    order = topic_order(counts["topic"], taxonomy)
    for figure in (charts.stacked_bars(counts, order, short_labels(taxonomy)),
                   charts.network(counts, order, short_labels(taxonomy), speaker_colors(counts["speaker"]))):
        title = figure.layout.title
        assert (title.xanchor, title.x, title.pad.r) == ("right", 1.0, 16)  # right-aligned, inside the frame
        assert title.pad.t >= charts.TOOLBAR_PX and figure.layout.margin.t > title.pad.t


def test_bars_say_they_count_statement_issue_pairs_and_keep_the_legend_off_the_axis(counts, taxonomy):
    figure = charts.stacked_bars(counts, topic_order(counts["topic"], taxonomy), short_labels(taxonomy))
    assert figure.layout.xaxis.title.text == charts.PAIRS_AXIS
    assert "دو بار" in figure.layout.title.subtitle.text
    legend = figure.layout.legend  # at the foot of the figure, in a margin reserved for it: never over the axis
    assert (legend.yref, legend.y, legend.yanchor) == ("container", 0.0, "bottom") and figure.layout.margin.b >= 90
    rows = len(figure.data)  # one issue a row: the room it needs is the same on any screen
    assert legend.orientation == "v" and figure.layout.margin.b == 90 + charts.LEGEND_ROW_PX * rows
    assert figure.layout.yaxis.title.text == charts.SPEAKER_AXIS


@pytest.mark.parametrize(("statements", "whole"), [(2, True), (40, False)])  # few: one tick per statement
def test_a_small_count_axis_ticks_whole_numbers(taxonomy, statements, whole):
    counts = pd.DataFrame([{"speaker": "کیوان رستگار", "speaker_type": "person", "topic": "JCPOA",
                            "statements": statements}])
    axis = charts.stacked_bars(counts, ["JCPOA"], short_labels(taxonomy)).layout.xaxis
    assert (axis.dtick == 1) is whole  # 2 statements: ticks 0, 1, 2 — never 0.5, 1.5


def test_heatmap_has_axis_titles(counts, taxonomy):
    figure = charts.heatmap(counts, topic_order(counts["topic"], taxonomy), short_labels(taxonomy))
    assert (figure.layout.xaxis.title.text, figure.layout.yaxis.title.text) == (charts.ISSUE_AXIS, charts.SPEAKER_AXIS)


def test_timeline_axis_is_days_named_in_jalali(taxonomy):
    rows = pd.DataFrame([{"date": "2023-11-01", "topic": "JCPOA", "statements": 3},
                         {"date": "2023-11-02", "topic": "JCPOA", "statements": 1}])
    figure = charts.timeline(rows, ["JCPOA"], short_labels(taxonomy))
    axis = figure.layout.xaxis
    assert axis.type == "date" and list(axis.ticktext) == ["۱۴۰۲/۰۸/۱۰", "۱۴۰۲/۰۸/۱۱"]  # one tick a day, no hours
    assert "2023-11-01" in figure.data[0].text[0]  # Gregorian on hover
    assert (figure.layout.yaxis.dtick, figure.layout.yaxis.tick0) == (1, 0)  # 3 statements: no «0.2» ticks
    assert figure.layout.margin.b >= 130  # the slanted dates and the axis title have their room under the plot


@pytest.mark.parametrize(
    ("first", "last", "labels"),
    [
        ("2023-11-01", "2023-11-29", ["۱۴۰۲/۰۸/۱۰", "۱۴۰۲/۰۸/۱۷", "۱۴۰۲/۰۸/۲۴", "۱۴۰۲/۰۹/۰۱", "۱۴۰۲/۰۹/۰۸"]),  # weeks
        ("2023-10-01", "2024-01-31", ["آبان ۱۴۰۲", "آذر ۱۴۰۲", "دی ۱۴۰۲", "بهمن ۱۴۰۲"]),  # Jalali months
        ("2020-03-20", "2023-03-21", ["فروردین ۱۳۹۹", "مهر ۱۳۹۹", "فروردین ۱۴۰۰", "مهر ۱۴۰۰", "فروردین ۱۴۰۱",
                                      "مهر ۱۴۰۱", "فروردین ۱۴۰۲"]),  # years: every few months, at most 12 ticks
    ],
)
def test_a_long_timeline_ticks_weeks_or_jalali_months(taxonomy, first, last, labels):
    days = pd.date_range(first, last, freq="D")
    rows = pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "topic": "JCPOA", "statements": 10})
    axis = charts.timeline(rows, ["JCPOA"], short_labels(taxonomy)).layout.xaxis
    assert list(axis.ticktext) == labels and len(axis.tickvals) == len(labels)
    assert all(pd.Timestamp(first) <= pd.Timestamp(v) <= pd.Timestamp(last) for v in axis.tickvals)


def test_speaker_issue_list_for_phones(counts, taxonomy):
    order = topic_order(counts["topic"], taxonomy)
    markup = charts.speaker_issue_list_html(counts, order, short_labels(taxonomy), speaker_colors(counts["speaker"]))
    assert markup.startswith('<ul class="goftar-matrix-list" dir="rtl"')
    assert markup.count("<li") == counts["speaker"].nunique()
    assert "برجام <b>1</b>" in markup
    hostile = pd.DataFrame([{"speaker": "<img src=x>", "speaker_type": "person", "topic": "JCPOA", "statements": 1}])
    assert "<img" not in charts.speaker_issue_list_html(hostile, ["JCPOA"], {})


def _counts(rows):
    """A counts frame from (speaker, topic, statements) rows (fictional people)."""
    return pd.DataFrame([{"speaker": s, "speaker_type": "person", "topic": t, "statements": n} for s, t, n in rows])


def test_bars_show_no_issue_in_grey_and_each_issue_in_its_own_colour(taxonomy):
    counts = _counts([("کیوان رستگار", "sanctions", 2), ("کیوان رستگار", "nuclear", 1), ("کیوان رستگار", NO_TOPIC, 5),
                      ("لیلا فرهمند", "JCPOA", 1)])
    order = topic_order(counts["topic"], taxonomy, with_mission=True)
    figure = charts.stacked_bars(counts, order, short_labels(taxonomy))
    colors = {t.customdata[0][1]: t.marker.color for t in figure.data}
    assert colors[NO_TOPIC] == NO_TOPIC_COLOR  # a remainder, not an issue: it must not draw the eye
    issues = [c for t, c in colors.items() if t != NO_TOPIC]
    assert len(set(issues)) == len(issues) == 3 and NO_TOPIC_COLOR not in issues
    assert set(issues) == set(TOPIC_COLORS[:3])  # the issues shown take the first, most distinct colours
    given = charts.stacked_bars(counts, order, short_labels(taxonomy), {"nuclear": "#123456", NO_TOPIC: "#ff0000"})
    given_colors = {t.customdata[0][1]: t.marker.color for t in given.data}
    assert given_colors["nuclear"] == "#123456" and given_colors[NO_TOPIC] == NO_TOPIC_COLOR  # the page's colours


@pytest.mark.parametrize(
    ("rows", "columns", "sized"),
    [
        ([("کیوان رستگار", "BRICS", 1)], ["بریکس"], True),  # one cell: a small plot, not a 1×1 matrix stretched
        ([("کیوان رستگار", "SCO", 2), ("لیلا فرهمند", NO_TOPIC, 1)], ["شانگهای", "بدون موضوع"], True),
        ([("کیوان رستگار", t["id"], 1) for t in charts_taxonomy()], [t["label_fa"] for t in charts_taxonomy()], False),
    ],
)
def test_heatmap_drops_empty_issues_and_keeps_a_small_matrix_small(taxonomy, rows, columns, sized):
    counts = _counts(rows)
    order = topic_order(counts["topic"], taxonomy, with_mission=True)  # all four mission issues asked for
    figure = charts.heatmap(counts, order, short_labels(taxonomy))
    assert list(figure.layout.xaxis.categoryarray) == columns  # no column without a statement
    assert (figure.layout.width is not None) == sized  # a wide matrix fills its container
    if sized:
        assert figure.layout.width < charts.HEATMAP_STRETCH_PX and figure.layout.height == charts.HEATMAP_MIN_HEIGHT


def test_network_names_are_axis_labels_that_the_margins_fit(taxonomy):
    long_name = "بولتن دانشمندان اتمی یک کشور بسیار دور و ناشناخته"
    counts = _counts([(long_name, "JCPOA", 2), ("کیوان رستگار", NO_TOPIC, 1)])
    figure = charts.network(counts, topic_order(counts["topic"], taxonomy), short_labels(taxonomy),
                            speaker_colors(counts["speaker"]))
    speakers_axis, topics_axis = figure.layout.yaxis2, figure.layout.yaxis
    assert (speakers_axis.side, topics_axis.side) == ("right", "left")
    assert speakers_axis.automargin and topics_axis.automargin  # plotly makes room for the names at any width
    assert list(topics_axis.ticktext) == ["برجام", "بدون موضوع"]
    shown = list(speakers_axis.ticktext)
    assert shown[1] == "کیوان رستگار" and shown[0].endswith("…") and len(shown[0]) == charts.MAX_NAME_CHARS
    speakers = next(t for t in figure.data if t.name == "speakers")
    assert speakers.text[0] == long_name  # the hover gives the whole name
    topics = next(t for t in figure.data if t.name == "topics")
    assert list(topics.marker.color) == [TOPIC_COLOR, NO_TOPIC_COLOR]
