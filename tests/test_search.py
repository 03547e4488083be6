"""components.search: search hits as escaped right-to-left HTML with the query's words marked."""

from __future__ import annotations

import pytest

from components.search import highlight_html, render_hit_html


@pytest.mark.parametrize(("text", "query", "expected"), [
    ("توافق برجام", "برجام", 'توافق <mark class="g-hit">برجام</mark>'),  # a word
    ("<b>برجام</b>", "برجام", '&lt;b&gt;<mark class="g-hit">برجام</mark>&lt;/b&gt;'),  # text around is escaped
    ("a & b", "b", 'a &amp; <mark class="g-hit">b</mark>'),  # entities escaped
    ("بدون نتیجه", "برجام", "بدون نتیجه"),  # no hit: just the escaped text
    ("\u202eتوافق برجام", "برجام", 'توافق <mark class="g-hit">برجام</mark>'),  # a bidi override is dropped
])
def test_highlight_html(text, query, expected):
    assert highlight_html(text, query) == expected


def test_hit_is_rtl_and_escapes_every_field():
    row = {"speaker": "<i>x</i>", "article": "عنوان <script>", "date": "2024-01-01", "source": "منبع",
           "topics": ["JCPOA"], "text": "دربارهٔ برجام <img src=x onerror=alert(1)>"}
    html = render_hit_html(row, "برجام", {"JCPOA": "برجام · JCPOA"})
    assert 'dir="rtl"' in html and 'lang="fa"' in html and '<mark class="g-hit">برجام</mark>' in html
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert '<span title="2024-01-01">۱۴۰۲/۱۰/۱۱</span>' in html  # the date Jalali, the Gregorian on hover
