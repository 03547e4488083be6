"""The RTL article reader as an HTML string: pure, escaped, well-formed (a displaCy-style span renderer).

Every fragment of article text is HTML-escaped before markup is added (`components.safe.html_text`), and no
`style`, `href`, `src` or event attribute is ever written: a speaker's colour is a CSS class (`g-spk-N`).
Overlapping spans (a topic inside a quote, a mention inside a statement) are nested; where two spans cross, the inner one is closed and reopened, and every
element of one highlight carries the same `data-span` so its text can be put back together. The output has no
newlines or leading spaces, so Markdown renderers cannot turn it into a code block.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from components.safe import color_class, html_text
from goftar.model import Article

LAYER_STATEMENT, LAYER_QUOTE, LAYER_MENTION, LAYER_TOPIC, LAYER_VERB = range(5)
# Letters of right-to-left scripts (Arabic, its supplements and presentation forms, Hebrew).
RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


def paragraph_direction(text: str) -> str:
    """«ltr» for a line of Latin script alone (a channel's «@handle», «Link»), else «rtl». In the right-to-left
    article the bidi algorithm would carry a leading «@» to the line's other end («Farsna@»); the line keeps the
    article's right alignment either way."""
    return "ltr" if LATIN_LETTER.search(text) and not RTL_LETTER.search(text) else "rtl"


def paragraph_classes(text: str, *, title: bool = False) -> str:
    """CSS classes of a paragraph: the title, or an ornament line (a channel's «🔹», a «-» between posts: no letter
    or digit), which is kept but drawn compact instead of as a blank paragraph where emoji fonts are missing."""
    if title:
        return "g-p g-title"
    return "g-p" if any(ch.isalnum() for ch in text) else "g-p g-ornament"


def role_beside(name: str, roles) -> str:
    """The first role to show beside a speaker's name, or "" when it only repeats the name («مقامات — مقامات»)."""
    role = roles[0] if roles else ""
    return "" if not role or role in name else role


@dataclass(frozen=True)
class Focus:
    """What the analyst chose: everything else is dimmed, nothing is hidden."""

    speaker: str | None = None
    topic: str | None = None

    @property
    def active(self) -> bool:
        """True when something is chosen."""
        return bool(self.speaker or self.topic)


NO_FOCUS = Focus()


@dataclass(frozen=True)
class Highlight:
    """One span to mark up."""

    span_id: str
    start: int
    end: int
    layer: int
    tag: str
    attributes: tuple[tuple[str, str], ...]


def _attrs(attributes: tuple[tuple[str, str], ...]) -> str:
    return "".join(f' {name}="{html_text(value)}"' for name, value in attributes)


def highlights(article: Article, colors: dict[str, str], labels: dict[str, str], focus: Focus = NO_FOCUS) -> list[Highlight]:
    """Every span to mark up: statements, quotes, speaker mentions, topics and reporting verbs."""
    entities = {e.id: e for e in article.entities}
    spans: list[Highlight] = []
    for statement in article.statements:
        entity = entities[statement.speaker_id]
        color = colors.get(entity.name, "#666666")
        topics = "، ".join(labels.get(t, t) for t in statement.topics) or "—"
        in_focus = (not focus.speaker or focus.speaker == entity.name) and (
            not focus.topic or focus.topic in statement.topics
        )
        classes = "g-stmt" + (" g-focus" if focus.active and in_focus else "")
        classes += " g-reviewed" if statement.status != "unreviewed" else ""
        classes += f" {color_class(color)}"
        role = role_beside(entity.name, entity.roles)
        tip = f"{entity.name}{' — ' + role if role else ''} | {topics}"
        spans.append(Highlight(
            f"s{statement.index}", statement.start, statement.end, LAYER_STATEMENT, "span",
            (("class", classes), ("data-speaker", entity.name), ("data-statement", str(statement.index)),
             ("data-tip", tip)),
        ))
        if (statement.quote_start, statement.quote_end) != (statement.start, statement.end):
            spans.append(Highlight(f"q{statement.index}", statement.quote_start, statement.quote_end, LAYER_QUOTE,
                                   "span", (("class", "g-quote"),)))
        for verb_index, verb in enumerate(statement.verbs):
            if not any(ch.isalpha() for ch in verb.text):  # a headline's «:» is punctuation, not a verb to mark
                continue
            # The surface form the analyst reads («گفت»), never hazm's internal lemma («گفت#گو»).
            spans.append(Highlight(f"v{statement.index}.{verb_index}", verb.start, verb.end, LAYER_VERB, "span",
                                   (("class", "g-verb"), ("data-tip", f"فعل گزارشی · reporting verb: {verb.text}"))))
    for entity in article.entities:
        color = colors.get(entity.name, "#666666")
        in_focus = not focus.speaker or focus.speaker == entity.name
        role = role_beside(entity.name, entity.roles)
        role = f" — {role}" if role else ""
        for number, mention in enumerate(entity.mentions):
            classes = "g-mention " + color_class(color) + (" g-focus" if focus.active and in_focus and not focus.topic else "")
            spans.append(Highlight(
                f"m{entity.id}.{number}", mention.start, mention.end, LAYER_MENTION, "mark",
                (("class", classes), ("data-speaker", entity.name), ("data-tip", f"{entity.name}{role}")),
            ))
    for number, topic in enumerate(article.topic_mentions):
        in_focus = not focus.topic or focus.topic == topic.topic
        classes = "g-topic" + (" g-focus" if focus.active and in_focus and not focus.speaker else "")
        label = labels.get(topic.topic, topic.topic)
        spans.append(Highlight(
            f"t{number}", topic.start, topic.end, LAYER_TOPIC, "span",
            (("class", classes), ("data-topic", topic.topic), ("data-label", label), ("data-tip", label)),
        ))
    spans.sort(key=lambda h: (h.start, h.layer, -h.end))
    return spans


def _render_segment(text: str, offset: int, spans: list[Highlight]) -> str:
    """Markup for text (which starts at `offset` in the article) with the spans that lie inside it."""
    end_of_text = offset + len(text)
    clipped = [h for h in spans if h.start < end_of_text and h.end > offset and h.start < h.end]
    bounds = sorted({offset, end_of_text, *(max(h.start, offset) for h in clipped),
                     *(min(h.end, end_of_text) for h in clipped)})
    out: list[str] = []
    stack: list[Highlight] = []
    for left, right in itertools.pairwise(bounds):
        active = sorted((h for h in clipped if h.start <= left and h.end >= right),
                        key=lambda h: (h.layer, h.start, -h.end))
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        for _ in range(len(stack) - keep):
            out.append(f"</{stack.pop().tag}>")
        for highlight in active[keep:]:
            out.append(f"<{highlight.tag}{_attrs(highlight.attributes)} data-span=\"{highlight.span_id}\">")
            stack.append(highlight)
        out.append(html_text(text[left - offset : right - offset]))
    while stack:
        out.append(f"</{stack.pop().tag}>")
    return "".join(out)


def render_article_html(article: Article, focus: Focus = NO_FOCUS, *, colors: dict[str, str] | None = None,
                        labels: dict[str, str] | None = None) -> str:
    """The article as RTL HTML with inline highlights; all article text escaped; one line, no indentation."""
    colors = colors or {}
    labels = labels or {}
    spans = highlights(article, colors, labels, focus)
    starts = [h.start for h in spans]  # sorted: spans never cross a paragraph, so bucket them by start
    paragraphs = []
    for number, (start, end) in enumerate(article.paragraphs):
        inside = spans[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        body = _render_segment(article.text[start:end], start, inside)
        text = article.text[start:end]
        css = paragraph_classes(text, title=number == 0 and bool(article.title))
        paragraphs.append(f'<p class="{css}" dir="{paragraph_direction(text)}" data-paragraph="{number}">{body}</p>')
    if not paragraphs:
        paragraphs.append('<p class="g-p g-empty">متنی برای نمایش نیست.</p>')
    classes = "goftar-article" + (" g-dimmed" if focus.active else "")
    return f'<div class="{classes}" dir="rtl" lang="fa">{"".join(paragraphs)}</div>'


def render_legend_html(speakers: list[tuple[str, str, int]], topics: list[tuple[str, str, int]],
                       colors: dict[str, str]) -> str:
    """Legend: speakers (name, role, statements) in their colours, then topics (Persian, English, mentions)."""
    items = []
    for name, role, count in speakers:
        role = role_beside(name, [role] if role else [])
        role_html = f'<span class="g-legend-role">{html_text(role)}</span>' if role else ""
        items.append(
            f'<li class="g-legend-speaker {color_class(colors.get(name))}"><span class="g-swatch"></span>'
            f'<span class="g-legend-name">{html_text(name)}</span>{role_html}'
            f'<span class="g-count">{count}</span></li>'
        )
    for label, english, count in topics:
        english_html = f'<span class="g-legend-role">{html_text(english)}</span>' if english else ""
        items.append(f'<li class="g-legend-topic"><span class="g-topic-swatch"></span>'
                     f'<span class="g-legend-name">{html_text(label)}</span>{english_html}'
                     f'<span class="g-count">{count}</span></li>')
    return f'<ul class="goftar-legend" dir="rtl" lang="fa">{"".join(items)}</ul>'


def render_statement_html(article: Article, start: int, end: int, *, colors: dict[str, str] | None = None,
                          labels: dict[str, str] | None = None) -> str:
    """One statement's span with the article's highlights inside it (for the review queue), RTL and escaped."""
    spans = [h for h in highlights(article, colors or {}, labels or {}) if h.start < end and h.end > start]
    body = _render_segment(article.text[start:end], start, spans)
    return f'<div class="goftar-article goftar-statement" dir="rtl" lang="fa"><p class="g-p">{body}</p></div>'


def render_plain_html(text: str) -> str:
    """An article's text without highlights (while its analysis is pending): RTL, escaped, one <p> per paragraph."""
    paragraphs = [p for p in text.split("\n") if p.strip()] or ["متنی برای نمایش نیست."]
    body = "".join(f'<p class="{paragraph_classes(p)}" dir="{paragraph_direction(p)}">{html_text(p)}</p>'
                   for p in paragraphs)
    return f'<div class="goftar-article g-pending" dir="rtl" lang="fa">{body}</div>'
