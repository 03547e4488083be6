"""render_article_html: escaped, well-formed, RTL, every highlight's text equal to its span."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from components.palette import speaker_colors, topic_labels
from components.reader import (
    Focus,
    paragraph_classes,
    paragraph_direction,
    render_article_html,
    render_legend_html,
    role_beside,
)

VOID = {"br", "img", "hr", "meta", "input"}


class Collector(HTMLParser):
    """Checks nesting and collects, per data-span, the text inside it (a highlight may be split in pieces)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.texts: dict[str, str] = {}
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag not in VOID:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1][0] if self.stack else None}"
        self.stack.pop()

    def handle_data(self, data):
        self.text += data
        for _, attributes in self.stack:
            if "data-span" in attributes:
                key = attributes["data-span"]
                self.texts[key] = self.texts.get(key, "") + data


def parse(markup: str) -> Collector:
    collector = Collector()
    collector.feed(markup)
    collector.close()
    assert collector.stack == [], "unclosed elements"
    return collector


@pytest.fixture(scope="module")
def rendered(sample_article, engine):
    colors = speaker_colors(e.name for e in sample_article.entities)
    return render_article_html(sample_article, colors=colors, labels=topic_labels(engine.lexicon.topics))


def test_markup_is_rtl_and_persian(rendered):
    collector = parse(rendered)
    tag, attributes = collector.tags[0]
    assert tag == "div" and attributes["dir"] == "rtl" and attributes["lang"] == "fa"


def test_markup_has_no_lines_markdown_could_reinterpret(rendered):
    assert "\n" not in rendered.replace("\n\n", "") or all(not line.startswith((" ", "\t")) for line in rendered.splitlines())
    assert "\n\n" not in rendered


def test_every_highlight_text_equals_its_span(sample_article, rendered):
    collector = parse(rendered)
    text = sample_article.text
    for statement in sample_article.statements:
        assert collector.texts[f"s{statement.index}"] == text[statement.start : statement.end]
        for number, verb in enumerate(statement.verbs):
            assert collector.texts[f"v{statement.index}.{number}"] == text[verb.start : verb.end]
    for entity in sample_article.entities:
        for number, mention in enumerate(entity.mentions):
            assert collector.texts[f"m{entity.id}.{number}"] == text[mention.start : mention.end]
    for number, topic in enumerate(sample_article.topic_mentions):
        assert collector.texts[f"t{number}"] == text[topic.start : topic.end]


def test_visible_text_is_the_article_text(sample_article, rendered):
    paragraphs = [sample_article.text[a:b] for a, b in sample_article.paragraphs]
    assert parse(rendered).text == "".join(paragraphs)


def test_topic_inside_a_quote_nests(engine):
    article = engine.analyze("پرویز تابنده سفیر ایران در ژنو گفت: «برجام باید احیا شود.»")
    collector = parse(render_article_html(article))
    quote_topic = [t for t in collector.tags if t[1].get("class", "").startswith("g-topic")]
    assert quote_topic and collector.texts[quote_topic[0][1]["data-span"]] == "برجام"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",  # a script tag
        '<img src=x onerror="alert(1)">',  # an event handler
        "</div><div onclick=alert(1)>",  # breaking out of the container
        "&lt;b&gt; & \" '",  # entities and quotes stay literal
    ],
)
def test_article_text_is_escaped(engine, hostile):
    article = engine.analyze(f"وزیر دفاع گفت: {hostile} برجام")
    markup = render_article_html(article)
    collector = parse(markup)
    assert not any(tag in ("script", "img") for tag, _ in collector.tags)
    assert not any(name.startswith("on") for _, attributes in collector.tags for name in attributes)
    assert collector.text == article.text  # shown as characters: «<», «>», «&» are text, not markup
    assert "<" in collector.text or "&" in collector.text


def test_focus_marks_only_the_chosen_speaker(sample_article):
    markup = render_article_html(sample_article, Focus(speaker="سرگئی شایگو"))
    collector = parse(markup)
    assert "g-dimmed" in collector.tags[0][1]["class"]
    focused = {a.get("data-speaker") for t, a in collector.tags if "g-stmt" in a.get("class", "") and "g-focus" in a["class"]}
    dimmed = {a.get("data-speaker") for t, a in collector.tags if "g-stmt" in a.get("class", "") and "g-focus" not in a["class"]}
    assert focused == {"سرگئی شایگو"} and dimmed == {"محمدرضا آشتیانی"}
    assert collector.text == parse(render_article_html(sample_article)).text  # nothing hidden


def test_focus_on_a_topic(sample_article):
    collector = parse(render_article_html(sample_article, Focus(topic="JCPOA")))
    focused = [a for t, a in collector.tags if "g-stmt" in a.get("class", "") and "g-focus" in a["class"]]
    assert len({a["data-statement"] for a in focused}) == 1


def test_empty_article_renders_a_message(engine):
    collector = parse(render_article_html(engine.analyze("")))
    assert "متنی برای نمایش نیست" in collector.text


def test_legend_escapes_and_counts():
    markup = render_legend_html([("<b>x</b>", "role & co", 3)], [("برجام", "JCPOA", 2)], {"<b>x</b>": "#123456"})
    collector = parse(markup)
    assert "<b>x</b>" in collector.text and not any(tag == "b" for tag, _ in collector.tags)
    assert "3" in collector.text and "برجام" in collector.text and "JCPOA" in collector.text


@pytest.mark.parametrize(
    ("line", "direction"),
    [
        ("@SampleChannel", "ltr"),  # a channel's signature: «@» stays in front of the handle
        ("Link", "ltr"),
        ("کیوان رستگار گفت: برجام", "rtl"),
        ("CNN گزارش داد", "rtl"),  # Persian with a Latin word first is still a Persian line
        ("-", "rtl"),  # no letters: the article's direction
        ("🔹", "rtl"),
    ],
)
def test_paragraph_direction(line, direction):
    assert paragraph_direction(line) == direction


@pytest.mark.parametrize(
    ("line", "title", "classes"),
    [
        ("🔹", False, "g-p g-ornament"),  # a channel's bullet line: kept, drawn compact
        ("-", False, "g-p g-ornament"),
        ("۱۴۰۲", False, "g-p"),  # digits are content
        ("کیوان رستگار گفت.", False, "g-p"),
        ("🔴 عنوان", True, "g-p g-title"),
    ],
)
def test_paragraph_classes(line, title, classes):
    assert paragraph_classes(line, title=title) == classes


def test_latin_only_paragraph_reads_left_to_right(engine):
    article = engine.analyze("کیوان رستگار سخنگوی وزارت بازرگانی گفت: برجام زنده است.\n🔹\n@SampleChannel\nLink")
    collector = parse(render_article_html(article))
    paragraphs = [a for t, a in collector.tags if t == "p"]
    assert [a["dir"] for a in paragraphs] == ["rtl", "rtl", "ltr", "ltr"]
    assert "g-ornament" in paragraphs[1]["class"] and "g-ornament" not in paragraphs[0]["class"]
    assert collector.text == "".join(article.text[a:b] for a, b in article.paragraphs)  # nothing added or lost


@pytest.mark.parametrize(
    ("name", "roles", "shown"),
    [
        ("مقامات", ("مقامات",), ""),  # a group named by its role: the role would only repeat the name
        ("سخنگوی وزارت خارجه", ("سخنگوی وزارت خارجه",), ""),
        ("کیوان رستگار", ("سخنگوی وزارت بازرگانی",), "سخنگوی وزارت بازرگانی"),
        ("کیوان رستگار", (), ""),
    ],
)
def test_role_beside(name, roles, shown):
    assert role_beside(name, roles) == shown


def test_legend_and_tips_do_not_repeat_a_name_as_its_role(engine):
    legend = parse(render_legend_html([("مقامات", "مقامات", 2), ("کیوان رستگار", "سخنگو", 1)], [], {}))
    roles = [a for t, a in legend.tags if a.get("class") == "g-legend-role"]
    assert len(roles) == 1 and "سخنگو" in legend.text
    article = engine.analyze("سخنگوی وزارت خارجه گفت: برجام زنده است.")
    tips = [a["data-tip"] for t, a in parse(render_article_html(article)).tags if "data-speaker" in a]
    assert tips and all(" — " not in tip for tip in tips)
