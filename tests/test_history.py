"""Review history as sentences: who changed what, from what to what, and when (Jalali)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from components.history import history_html, history_sentence

AT = datetime(2026, 12, 1, 14, 22, tzinfo=UTC)
LABELS = {"BRICS": "بریکس", "JCPOA": "برجام"}


@pytest.mark.parametrize(
    ("action", "before", "after", "expected"),
    [
        ("update", {"speaker": "بریکس", "status": "accepted"}, {"speaker": "عبدالناصر همتی", "status": "accepted"},
         "مریم گوینده را از «بریکس» به «عبدالناصر همتی» تغییر داد — ۱۴۰۵/۰۹/۱۰ ۱۴:۲۲"),  # the example
        ("create", {"speaker": "کیوان رستگار", "topics": ["JCPOA"]},
         {"speaker": "کیوان رستگار", "topics": ["JCPOA"], "status": "accepted"},
         "مریم بیانیه را پذیرفت — ۱۴۰۵/۰۹/۱۰ ۱۴:۲۲"),  # accepted as the engine had it
        ("update", {"topics": ["JCPOA"], "status": "accepted"}, {"topics": ["BRICS"], "status": "rejected"},
         "مریم موضوع «بریکس» را افزود، موضوع «برجام» را برداشت و وضعیت را از «پذیرفته» به «ردشده» تغییر داد"
         " — ۱۴۰۵/۰۹/۱۰ ۱۴:۲۲"),  # several changes in one sentence
        ("update", {"stances": {}, "tags": [], "note": ""},
         {"stances": {"JCPOA": "opposes"}, "tags": ["مهم"], "note": "دوباره بخوانید"},
         "مریم موضع دربارهٔ «برجام» را «مخالف» گذاشت، برچسب‌ها را «مهم» گذاشت و یادداشت را «دوباره بخوانید» نوشت"
         " — ۱۴۰۵/۰۹/۱۰ ۱۴:۲۲"),  # stance, tags and note
        ("add_missed", None, {"speaker": "کیوان رستگار", "topics": ["BRICS"]},
         "مریم بیانیهٔ جاافتاده‌ای از «کیوان رستگار» افزود دربارهٔ «بریکس» — ۱۴۰۵/۰۹/۱۰ ۱۴:۲۲"),  # added by hand
        ("update", {"note": "x"}, {"note": "x"}, "مریم بیانیه را بی‌تغییر ذخیره کرد — ۱۴۰۵/۰۹/۱۰ ۱۴:۲۲"),  # no change
    ],
)
def test_history_sentence(action, before, after, expected):
    event = {"analyst": "مریم", "at": AT, "action": action, "before": before, "after": after}
    assert history_sentence(event, LABELS) == expected


def test_history_html_is_escaped_newest_first_with_gregorian_tooltips():
    older = {"analyst": "<script>", "at": AT.replace(hour=9), "action": "update", "before": {}, "after": {"note": "a"}}
    newer = {"analyst": "مریم", "at": AT, "action": "update", "before": {}, "after": {"note": "b"}}
    markup = history_html([older, newer], LABELS)
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    assert markup.index("مریم") < markup.index("&lt;script&gt;")
    assert 'title="2026-12-01 14:22 UTC"' in markup and "{" not in markup
