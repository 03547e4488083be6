"""Text layer: display text, folding, offset tokens, sentences, the map back to the original."""

from __future__ import annotations

import pytest
from conftest import assert_spans_index_the_text
from hypothesis import given, settings
from hypothesis import strategies as st

from goftar.text import TOKEN_RE, ZWNJ, align_offsets, fold, tokenize, without_controls


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


@pytest.mark.parametrize(("value", "expected"), [
    ("کیان\x00فر", "کیانفر"),  # a NUL, which PostgreSQL refuses
    ("یادداشت\x1b[31m", "یادداشت[31m"),  # a terminal escape
    ("a\x7fb\x08c", "abc"),  # DEL and backspace
    ("سطر\nسطر\tستون\r", "سطر\nسطر\tستون\r"),  # line breaks and tabs stay
    ("نیم\u200cفاصله \u200f", "نیم\u200cفاصله \u200f"),  # ZWNJ and RLM are not controls here
])
def test_without_controls(value, expected):
    assert without_controls(value) == expected


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


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("سند_۱۴۰۲ منتشر شد", ["سند", "_", "۱۴۰۲", "منتشر", "شد"]),  # «_» is a token of its own, never part of a word
        ("گفت‌و‌گو_ها", ["گفت‌و‌گو", "_", "ها"]),  # ZWNJ joins word parts, «_» does not
        ("مِهر ‌ ماه", ["مِهر", "ماه"]),  # diacritics stay inside the word; a lone ZWNJ is no token
    ],
)
def test_tokens_around_underscores_and_marks(text, surfaces):
    assert [t.text for t in tokenize(text)] == surfaces


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("اب پ_ ‌.«»ً۱2a\n،")), max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_tokenize_equals_the_reference_pattern(text, first, last):
    """Property: the fast path (text without «_») and the slow one give the tokens of TOKEN_RE over any window."""
    start, end = min(first, last, len(text)), min(max(first, last), len(text))
    reference = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text, start, end)]
    assert [(t.start, t.end, t.text) for t in tokenize(text, start, end)] == reference


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("اب پ.!?؟⸮ \u200c۱")), max_size=60))
def test_sentences_are_hazms(engine, paragraph):
    """Property: without quotes, the sentence spans are exactly the sentences hazm's SentenceTokenizer returns."""
    display = " ".join(paragraph.split())
    spans = engine.layer.sentences(display, engine.layer.paragraphs(display))
    assert [display[a:b] for a, b, _ in spans] == engine.layer._sentence_tokenizer.tokenize(display)


def test_sentences_keep_a_quote_whole(engine):
    display = "«جمله اول. جمله دوم.» وی گفت. جمله بعدی."
    spans = engine.layer.sentences(display, engine.layer.paragraphs(display))
    assert [display[a:b] for a, b, _ in spans] == ["«جمله اول. جمله دوم.» وی گفت.", "جمله بعدی."]


@pytest.mark.parametrize(
    ("display", "sentences"),
    [
        # a quote a colon opened and an end mark closed ends its sentence, with no space after the end mark
        ("وی گفت: «نشست برگزار شد.» او افزود که گفت‌وگو ادامه دارد.",
         ["وی گفت: «نشست برگزار شد.»", "او افزود که گفت‌وگو ادامه دارد."]),
        # …a quote of several sentences too
        ("وی گفت: «اول. دوم.» او افزود: سوم.", ["وی گفت: «اول. دوم.»", "او افزود: سوم."]),
        # a quote that opens the sentence keeps its attribution after it
        ("«نشست برگزار شد.» وی این را گفت.", ["«نشست برگزار شد.» وی این را گفت."]),
        # a colon quote closed without an end mark goes on
        ("وی گفت: «نشست برگزار شد» و رفت.", ["وی گفت: «نشست برگزار شد» و رفت."]),
    ],
)
def test_a_colon_quote_closed_by_an_end_mark_ends_the_sentence(engine, display, sentences):
    spans = engine.layer.sentences(display, engine.layer.paragraphs(display))
    assert [display[a:b] for a, b, _ in spans] == sentences


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
