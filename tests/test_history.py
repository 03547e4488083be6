"""Review history as sentences: who changed what, from what to what, and when (Jalali)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from components.history import addition_html, addition_sentence, history_html, history_sentence

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


def test_values_analysts_typed_are_isolated_in_their_own_direction():
    event = {"analyst": "sara", "at": AT, "action": "update", "before": {"note": ""},
             "after": {"note": "check <b>this</b> فارسی", "tags": ["tag", "مهم"]}}
    markup = history_html([event], LABELS)
    # an English note inside a Persian sentence keeps its quotation marks and words where they belong
    assert "<bdi>sara</bdi>" in markup and "«<bdi>check &lt;b&gt;this&lt;/b&gt; فارسی</bdi>»" in markup
    assert "<bdi>tag، مهم</bdi>" in markup and "<b>" not in markup
    assert "\ue000" not in markup and "<bdi>" not in history_sentence(event, LABELS)  # plain text stays plain
    smuggled = {**event, "analyst": "x\ue001</bdi><i>"}  # a private-use marker in a value is no tag
    assert "<i>" not in history_html([smuggled], LABELS) and history_html([smuggled]).count("<bdi>") == (
        history_html([smuggled]).count("</bdi>"))


TAUGHT = datetime(2026, 12, 1, 8, 36, tzinfo=UTC)


@pytest.mark.parametrize(
    ("addition", "expected"),
    [
        ({"kind": "person_alias", "value": "کیوان رستگار", "target": "سخنگوی دولت", "added_by": "مریم",
          "added_at": TAUGHT, "status": "active"},
         "«کیوان رستگار» همان «سخنگوی دولت» خوانده می‌شود — آموخته از مریم، ۱۴۰۵/۰۹/۱۰ ۰۸:۳۶ — فعال"),  # an alias
        ({"kind": "topic_form", "value": "توافق هسته‌ای", "target": "JCPOA", "added_by": "مریم",
          "added_at": TAUGHT, "status": "revoked"},
         "«توافق هسته‌ای» نشانهٔ موضوع «برجام» خوانده می‌شود — آموخته از مریم، ۱۴۰۵/۰۹/۱۰ ۰۸:۳۶ — لغوشده"),  # the
        # issue's label, never its id
        ({"kind": "topic", "value": "caucasus", "target": "caucasus", "added_by": "سارا", "added_at": TAUGHT,
          "status": "active", "details": {"label_fa": "قفقاز", "label_en": "Caucasus", "forms": ["قفقاز", "۳+۳"]}},
         "موضوع تازهٔ «قفقاز» با شکل‌های «قفقاز، ۳+۳» — آموخته از سارا، ۱۴۰۵/۰۹/۱۰ ۰۸:۳۶ — فعال"),  # a new issue
    ],
)
def test_what_the_engine_learned_reads_as_a_sentence(addition, expected):
    assert addition_sentence(addition, LABELS) == expected
    markup = addition_html(addition, LABELS)
    assert "person_alias" not in markup and "topic_form" not in markup and "active" not in markup
    assert 'dir="rtl"' in markup and "<bdi>" in markup
