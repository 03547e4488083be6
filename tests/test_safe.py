"""components.safe: one rule for untrusted text (HTML, Markdown, plotly, plain widgets, colour classes)."""

from __future__ import annotations

import html
import re

import pytest
from conftest import ROOT
from payloads import PAYLOADS

from components.palette import SPEAKER_COLORS
from components.safe import NO_COLOR_CLASS, WORD_JOINER, chart_text, color_class, html_text, md_text, plain

ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")


@pytest.mark.parametrize(("value", "expected"), [
    ("محمدرضا آشتیانی", "محمدرضا آشتیانی"),  # Persian text passes unchanged
    ("نیم‌فاصله", "نیم‌فاصله"),  # ZWNJ stays: Persian needs it
    ("\u200fراست\u200e", "\u200fراست\u200e"),  # LRM/RLM marks stay
    ("\u202egnp.exe\u202c", "gnp.exe"),  # a right-to-left override cannot reverse what follows
    ("\u2067شایگو\u2069", "شایگو"),  # isolates go too: the reader sees logical order
    ("a\x00b\x1bc", "abc"),  # control characters vanish
    ("\ufeffBOM", "BOM"),  # a stray byte-order mark
    (None, ""),  # nothing
    (42, "42"),  # numbers become text
])
def test_plain(value, expected):
    assert plain(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),  # a tag becomes text
    ('" onmouseover="x', "&quot; onmouseover=&quot;x"),  # cannot leave a double-quoted attribute
    ("' onfocus='x", "&#x27; onfocus=&#x27;x"),  # nor a single-quoted one
    ("&lt;", "&amp;lt;"),  # an entity stays literal
    ("برجام & بریکس", "برجام &amp; بریکس"),  # Persian with an ampersand
    ("\u202eevil", "evil"),  # bidi override dropped
])
def test_html_text(value, expected):
    assert html_text(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("[x](http://evil.example)", r"\[x\]\(http¦\:\/\/evil\.example\)"),  # a link is text
    ("![p](https://e.example/p.png)", r"\!\[p\]\(https¦\:\/\/e\.example\/p\.png\)"),  # an image too
    ("www.evil.example", r"www¦\.evil\.example"),  # a GFM autolink is split by a word joiner
    ("HTTP://EVIL.EXAMPLE", r"HTTP¦\:\/\/EVIL\.EXAMPLE"),  # in any case
    ("a@evil.example", r"a\@¦evil\.example"),  # and an e-mail address
    ("**bold**", r"\*\*bold\*\*"),  # emphasis
    ("$x^2$", r"\$x\^2\$"),  # KaTeX
    (":red[x] :smile:", r"\:red\[x\] \:smile\:"),  # Streamlit colour directive and emoji shortcode
    ("<b>x</b>", r"\<b\>x\<\/b\>"),  # HTML is a literal in Markdown
    ("# heading\n- item", r"\# heading \- item"),  # no block structure: lines joined
    ("1. U.S.", r"1\. U\.S\."),  # an ordered list marker
    ("وزیر گفت: «برجام»", r"وزیر گفت\: «برجام»"),  # Persian keeps its letters and guillemets
    ("back\\slash", r"back\\slash"),  # a backslash escapes itself
])
def test_md_text(value, expected):
    assert md_text(value) == expected.replace("¦", WORD_JOINER)  # ¦ stands for the invisible word joiner


@pytest.mark.parametrize(("value", "expected"), [
    ("<a href='http://evil.example'>x</a>", "&lt;a href='http://evil.example'&gt;x&lt;/a&gt;"),  # no plotly link
    ("<span style='font-size:90px'>x</span>", "&lt;span style='font-size:90px'&gt;x&lt;/span&gt;"),  # no style
    ("آشتیانی", "آشتیانی"),  # names unchanged
])
def test_chart_text(value, expected):
    assert chart_text(value) == expected


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_is_inert_in_every_helper(payload):
    marked_up = html_text(payload)
    assert "<" not in marked_up and ">" not in marked_up and '"' not in marked_up and "'" not in marked_up
    assert html.unescape(marked_up) == plain(payload)  # the text itself is kept, only made inert
    markdown = md_text(payload)
    assert not re.search(r"(?<!\\)[!-/:-@\[-`{-~]", ESCAPED.sub("", markdown))  # every ASCII punctuation escaped
    shown = ESCAPED.sub(lambda m: m.group(0)[1], markdown).replace(WORD_JOINER, "")
    assert shown == " ".join(plain(payload).split())  # what the reader sees is the payload, as text
    assert not re.search(r"(?i)https?:|www\.|@\w", ESCAPED.sub(lambda m: m.group(0)[1], markdown))  # no autolink
    assert "<" not in chart_text(payload) and "\u202e" not in chart_text(payload)


@pytest.mark.parametrize(("color", "expected"), [
    (SPEAKER_COLORS[0], "g-spk-0"),  # first palette colour
    (SPEAKER_COLORS[-1], f"g-spk-{len(SPEAKER_COLORS) - 1}"),  # last
    ("#666666", NO_COLOR_CLASS),  # the reader's neutral grey
    ("red;background:url(http://evil.example)", NO_COLOR_CLASS),  # anything else never reaches markup
    (None, NO_COLOR_CLASS),  # no colour
])
def test_color_class(color, expected):
    assert color_class(color) == expected


def test_every_colour_class_is_in_the_stylesheet():
    css = (ROOT / "assets" / "goftar.css").read_text(encoding="utf-8")
    for index, color in enumerate(SPEAKER_COLORS):
        assert f".g-spk-{index} {{ --spk: {color}; }}" in css
    assert f".{NO_COLOR_CLASS} " in css
