"""The payload corpus through every field, on SQLite and PostgreSQL: stored exactly (or refused with a reason), and
rendered by the components as inert text: no tag, attribute, link or style that the payload brought (issue 9)."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from conftest import BACKENDS
from payloads import FIELDS, PAYLOADS

from components import charts
from components.charts import speaker_issue_list_html
from components.context import context_html, neighbours
from components.frames import counts_from_rows, statements_frame
from components.history import history_html
from components.palette import speaker_colors
from components.reader import render_article_html, render_legend_html, render_statement_html
from components.search import render_hit_html
from components.tables import Column, table_html
from goftar.ingest import parse_bytes
from goftar.pipeline import ingest_records
from goftar.reviewed import apply_reviews
from goftar.store.reviews import Actor, Decision, Reviews
from goftar.store.search import statement_page

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)

# (bdi: a value analysts typed, isolated in its own direction inside a sentence of the history)
ALLOWED_TAGS = {"div", "p", "span", "mark", "ul", "li", "b", "bdi", "table", "thead", "tbody", "tr", "th", "td"}
# Attributes whose value is inert text: never a URL, a style or a script (issue 9: CSS classes only).
INERT_ATTRIBUTES = {"dir", "lang", "title", "scope", "colspan"}
CLASS_VALUE = re.compile(r"^[a-z0-9 -]+$")


class MarkupAudit(HTMLParser):
    """Every tag and attribute in a rendered fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in ALLOWED_TAGS:
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            if name in INERT_ATTRIBUTES or name.startswith("data-"):
                continue
            if name == "class" and CLASS_VALUE.match(value or ""):
                continue
            self.bad.append(f"{tag}[{name}={value!r}]")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data):
        self.bad.append("<!--")

    def handle_decl(self, decl):
        self.bad.append(f"<!{decl}>")


def assert_inert(markup: str) -> None:
    audit = MarkupAudit()
    audit.feed(markup)
    audit.close()
    assert audit.bad == [], audit.bad[:5]


TABLE = [Column("quote", "statement"), Column("speaker"), Column("role"), Column("verbs"), Column("topics", "list"),
         Column("statement", "number")]


def csv_file(payload: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["text", "title", "source"])
    writer.writerow([f"بهرام کیانفر گفت: «{payload}» دربارهٔ برجام.\nکیانفر افزود: {payload}", payload, payload])
    return buffer.getvalue().encode("utf-8")


def test_every_payload_in_every_field(store, engine):
    records, refused = [], []
    for payload in PAYLOADS:  # text, title, source and a CSV cell come in a CSV file named after the payload
        for item in parse_bytes(f"{payload}.csv", csv_file(payload)):
            (records if hasattr(item, "text") else refused).append(item)
    report = ingest_records(records, store, workers=1)
    refused += report.rejected
    assert all(r.reason and "Traceback" not in r.reason for r in refused)  # refused with a reason
    # nothing is refused: a stray NUL byte is dropped (PostgreSQL cannot store it), the rest is stored as text
    assert refused == []
    stored = {a.origin: store.article(a.id) for a in store.articles()}
    # payloads that differ only in characters no text keeps (NUL, escapes) become one article: a duplicate
    assert len(stored) == len(PAYLOADS) - len(refused) - report.duplicates

    reviews = Reviews(store)
    shown = 0
    for payload in PAYLOADS:
        article = stored.get(f"{payload}.csv:2")
        if article is None:
            continue
        assert (article.title, article.source) == (payload.strip(), payload.strip())  # stored exactly
        item = reviews.queue(article_id=article.id)[0]
        # speaker name, note, tag and the analyst's own name, all hostile
        state = reviews.save(Actor(payload[:200], "analyst"), item.article_id, item.start, item.end,
                             Decision(speaker=payload, note=payload, tags=[payload]), None)
        assert (state.speaker, state.note, state.tags, state.analyst) == (payload, payload, (payload,), payload[:200])

        analysed = apply_reviews(engine.analyze(article.original_text, title=article.title),
                                 reviews.for_article(article.id))
        colors = speaker_colors([payload, *(e.name for e in analysed.entities)])
        labels = {"JCPOA": payload}
        assert_inert(render_article_html(analysed, colors=colors, labels=labels))
        assert_inert(render_statement_html(analysed, item.start, item.end, colors=colors, labels=labels))
        assert_inert(render_legend_html([(payload, payload, 1)], [(payload, payload, 1)], colors))
        assert_inert(table_html(statements_frame(analysed, labels), TABLE))
        assert_inert(history_html(reviews.history(item.article_id, item.start, item.end), labels))
        assert_inert("".join(context_html(sentence, payload) for sentence in neighbours(analysed, item.start, item.end)))
        shown += 1

    hits = statement_page(store, query="کیانفر", limit=10 * len(PAYLOADS))  # Search: hits with hostile fields
    assert len({hit["article_id"] for hit in hits}) == len(stored)  # every article has its hits
    for hit in hits:
        assert_inert(render_hit_html(hit, "کیانفر", {"JCPOA": hit["speaker"]}))

    counts = counts_from_rows(store.speaker_topic_counts())
    topics = sorted(counts["topic"].unique())
    labels = dict(zip(topics, PAYLOADS, strict=False))
    colors = speaker_colors(counts["speaker"])
    assert_inert(speaker_issue_list_html(counts, topics, labels, colors))
    for figure in (charts.heatmap(counts, topics, labels), charts.stacked_bars(counts, topics, labels),
                   charts.sunburst(counts, labels, colors), charts.network(counts, topics, labels, colors),
                   charts.timeline(pd.DataFrame({"date": ["2024-01-01"] * len(topics), "topic": topics,
                                                 "statements": [1] * len(topics)}), topics, labels)):
        for trace in figure.data:
            for key in ("x", "y", "text", "labels", "name"):
                values = trace[key] if key in trace else None
                values = [values] if isinstance(values, str) else list(values if values is not None else [])
                assert not [v for v in values if isinstance(v, str) and "<" in v], (trace.type, key)
    tried = len(PAYLOADS) * len(FIELDS)
    print(f"\n{store.dialect}: {len(PAYLOADS)} payloads × {len(FIELDS)} fields = {tried}; "
          f"{shown} articles rendered inert, {len(refused)} refused with a reason")
    # the payload with a NUL and an escape is stored without them, under its cleaned name; every other one is shown
    assert shown == len([p for p in PAYLOADS if "\x00" not in p])


def test_control_characters_in_an_analysts_text_are_dropped(store, engine):
    store.add(engine.analyze("بهرام کیانفر گفت: نشست موفق بود."))
    reviews = Reviews(store)
    item = reviews.queue()[0]
    state = reviews.save(Actor("ana\x00\x1b"), item.article_id, item.start, item.end,
                         Decision(speaker="کیان\x00فر", note="یادداشت\x00\x1b[31m", tags=["\x00", "برچسب\x07"]), None)
    assert (state.speaker, state.note, state.tags) == ("کیانفر", "یادداشت[31m", ("برچسب",))  # PostgreSQL too
    assert state.analyst == "ana" and reviews.history(item.article_id, item.start, item.end)[0]["analyst"] == "ana"
    again = reviews.save(Actor("an\x00a"), item.article_id, item.start, item.end, Decision(note="دوباره"),
                         state.version)  # the same analyst: her own decision, nothing to confirm
    assert (again.analyst, again.note) == ("ana", "دوباره")


def test_control_characters_in_a_csv_cell_do_not_lose_the_article(store):
    data = "text,title,source\n\"بهرام کیانفر گفت: نشست موفق بود.\",\"عنوان\x00بد\x1b\",\"منبع\x07\"\n".encode()
    report = ingest_records(list(parse_bytes("cells.csv", data)), store, workers=1)
    assert (report.imported, report.rejected) == (1, [])  # PostgreSQL cannot store NUL: dropped, not refused
    stored = store.articles()[0]
    assert (stored.title, stored.source) == ("عنوانبد", "منبع")
