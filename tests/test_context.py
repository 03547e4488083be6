"""Review's context: the sentences around a statement, and the best guess for a missed statement's speaker."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from components.context import best_guess_speaker, context_html, missed_candidates, neighbours


def test_neighbours_of_a_statement(sample_article):
    statement = sample_article.statements[1]
    before, after = neighbours(sample_article, statement.start, statement.end)
    assert before.index == statement.sentence - 1 and after.index == statement.sentence + 1


def test_the_first_sentence_has_nothing_before(sample_article):
    first = sample_article.sentences[0]
    before, after = neighbours(sample_article, first.start, first.end)
    assert before is None and after.index == 1
    assert context_html(before, "پیش") == ""


def test_context_is_escaped_and_rtl(sample_article):
    sentence = sample_article.sentences[0]
    markup = context_html(sentence.__class__(0, 0, 5, 0, "<b>x</b>"), "جملهٔ پیش · before")
    assert "<b>" not in markup and 'dir="rtl"' in markup and "جملهٔ پیش" in markup


def test_best_guess_is_someone_named_in_the_sentence_else_the_last_speaker(sample_article):
    covered = {s.sentence for s in sample_article.statements}
    missed = [s for s in sample_article.sentences if s.index not in covered]
    assert missed, "the sample has sentences without a statement"
    for sentence in missed:
        guess = best_guess_speaker(sample_article, sentence)
        named = {e.name for e in sample_article.entities for m in e.mentions
                 if sentence.start <= m.start < sentence.end and m.kind != "pronoun"}
        earlier = [s for s in sample_article.statements if s.end <= sentence.start]
        assert guess in named if named else guess == (max(earlier, key=lambda s: s.end).speaker if earlier else guess)
    # never alphabetical: a sentence after Shoigu's statements guesses within the article's speakers
    assert {best_guess_speaker(sample_article, s) for s in missed} <= {e.name for e in sample_article.entities}


def _sentences(*texts):
    """A stand-in article: sentences one after another, each a paragraph (what `neighbours` reads)."""
    from goftar.model import Sentence

    sentences, start = [], 0
    for index, text in enumerate(texts):
        sentences.append(Sentence(index, start, start + len(text), index, text))
        start += len(text) + 1
    return SimpleNamespace(sentences=sentences)


@pytest.mark.parametrize(
    ("texts", "statement", "before", "after"),
    [
        (("کیوان رستگار گفت:", "🔹", "برجام زنده است.", "-", "او افزود که گفت‌وگو ادامه دارد."), 2,
         "کیوان رستگار گفت:", "او افزود که گفت‌وگو ادامه دارد."),  # a channel's ornaments are skipped
        (("♦️", "برجام زنده است.", "👈", "🔹"), 1, None, None),  # nothing with words around it
        (("۱۴۰۲", "برجام زنده است.", "او افزود."), 1, None, "او افزود."),  # a number alone is no context
    ],
)
def test_neighbours_skip_sentences_without_words(texts, statement, before, after):
    article = _sentences(*texts)
    span = article.sentences[statement]
    found = neighbours(article, span.start, span.end)
    assert [s.text if s else None for s in found] == [before, after]


def test_missed_candidates_have_words_and_no_statement():
    article = _sentences("♦", "کیوان رستگار گفت: برجام زنده است.", "-", "او افزود که گفت‌وگو ادامه دارد.", "👈 ۱۴۰۲")
    article.statements = [SimpleNamespace(sentence=1)]
    # the ornaments, the dash and a line of a number and an emoji are no one's words; the stated sentence is done
    assert [s.text for s in missed_candidates(article)] == ["او افزود که گفت‌وگو ادامه دارد."]
