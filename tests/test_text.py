"""Text layer: display text, folding, offset tokens, sentences, the map back to the original."""

from __future__ import annotations

import pytest
from conftest import assert_spans_index_the_text
from hypothesis import given, settings
from hypothesis import strategies as st

from goftar.text import ZWNJ, align_offsets, fold, tokenize


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("كشور", "کشور"),  # Arabic kaf
        ("يك", "یک"),  # Arabic yeh
        ("تأکید", "تاکید"),  # hamza on alef
        ("رئیس", "ریيس".replace("ي", "ی")),  # hamza on yeh folds to yeh
        ("می\u200cگوید", "میگوید"),  # ZWNJ removed from keys
        ("۲۰۲۳", "2023"),  # Persian digits
        ("خانهٔ", "خانه"),  # hamza above
    ],
)
def test_fold(surface, key):
    assert fold(surface) == key


def test_display_text_normalizes_and_keeps_zwnj(engine):
    display = engine.layer.display_text("همکاری های دفاعی 3+3 می دانیم")
    assert "همکاری\u200cهای" in display and "می\u200cدانیم" in display
    assert "۳ + ۳" in display


def test_display_text_one_paragraph_per_line(engine):
    display = engine.layer.display_text("پاراگراف اول.\r\n\r\n\nپاراگراف دوم.\nپاراگراف سوم.")
    assert display.split("\n\n") == ["پاراگراف اول.", "پاراگراف دوم.", "پاراگراف سوم."]
    assert engine.layer.paragraphs(display) == [(0, 13), (15, 28), (30, 43)]


def test_tokens_index_the_text():
    text = "وی گفت: «همکاری‌ها ادامه دارد.»"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["وی", "گفت", ":", "«", "همکاری‌ها", "ادامه", "دارد", ".", "»"]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_sentences_keep_a_quote_whole(engine):
    display = "«جمله اول. جمله دوم.» وی گفت. جمله بعدی."
    spans = engine.layer.sentences(display, engine.layer.paragraphs(display))
    assert [display[a:b] for a, b, _ in spans] == ["«جمله اول. جمله دوم.» وی گفت.", "جمله بعدی."]


def test_align_offsets_maps_back_through_normalization(engine):
    original = "همکاری های 3+3 در قفقاز"
    display = engine.layer.display_text(original)
    offsets = align_offsets(original, display)
    start = display.index("قفقاز")
    assert original[offsets[start] : offsets[start + len("قفقاز")]] == "قفقاز"


PERSIAN_WORDS = ["وزیر", "دفاع", "ایران", "گفت", "افزود", "وی", "برجام", "شانگهای", "همکاری", "های", "می", "دانیم",
                 "3+3", "۳+۳", "بریکس", "«", "»", ":", "،", ".", "سرهنگ", "کاظمی", "اظهار", "کرد", "تحریم", "يك", "كشور",
                 # the constructions' markers: lead-ins, partitives, datelines, participles, invisible marks
                 "به گزارش", "بر اساس", "آنطور که", "یکی از", "برخی از", "این", "گزارش", "گفته", "تهدید به", "خواستار",
                 "شد", "خبرگزاری", "روزنامه", "سایت", "دکتر", "؛", "\u00ad", "\u200f"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(PERSIAN_WORDS), st.sampled_from([" ", " ", ZWNJ, "\n", "\n\n", "  ", ""])),
        min_size=1,
        max_size=60,
    )
)
def test_every_reported_span_equals_its_text(engine, pieces):
    """Property: for generated Persian text, every offset the engine reports slices out exactly its text."""
    article = engine.analyze("".join(word + gap for word, gap in pieces))
    assert_spans_index_the_text(article)
    offsets = article._offset_map
    assert len(offsets) == len(article.text) + 1 and offsets == sorted(offsets)
