"""Statement frames read like the article: text first, numbers from 1, surface verbs, Persian labels, no blanks."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from components.frames import HEADERS, KIND_LABELS, STATEMENT_COLUMNS, statements_frame, verb_texts


def test_statement_text_comes_first_and_numbers_start_at_one(sample_article):
    frame = statements_frame(sample_article)
    assert list(frame.columns[:2]) == ["quote", "speaker"]  # the rightmost column in an RTL table
    assert frame["statement"].tolist() == list(range(1, len(frame) + 1))
    assert frame["sentence"].min() >= 1


def test_verbs_are_surface_forms_never_lemmas(sample_article):
    frame = statements_frame(sample_article)
    assert not frame["verbs"].str.contains("#").any()
    assert "گفت" in set(frame["verbs"])


def test_kinds_and_statuses_are_persian_and_unreviewed_is_blank(sample_article):
    frame = statements_frame(sample_article)
    assert set(frame["kind"]) <= set(KIND_LABELS.values())
    assert set(frame["status"]) == {""}  # nothing reviewed: an empty cell, not «unreviewed»


@pytest.mark.parametrize(
    ("verbs", "expected"),
    [
        ((("گفت", "گفت#گو"),), "گفت"),  # the surface form, not hazm's lemma
        ((("تصریح کرد", "کرد#کن"), ("افزود", "افزود#افزا")), "تصریح کرد، افزود"),  # two verbs, in order
        (((":", ":"),), ""),  # a headline's colon is no verb
        ((), ""),  # an «according to» statement may have none
    ],
)
def test_verb_texts(verbs, expected):
    statement = SimpleNamespace(verbs=[SimpleNamespace(text=t, lemma=lemma) for t, lemma in verbs])
    assert verb_texts(statement) == expected


def test_every_shown_column_has_a_persian_header():
    assert all(column in HEADERS for column in STATEMENT_COLUMNS)
    assert all(persian != english for persian, english in HEADERS.values())


@pytest.mark.parametrize(
    ("text", "speaker", "shows_role"),
    [
        ("سخنگوی وزارت خارجه گفت: برجام زنده است.", "سخنگوی وزارت خارجه", False),  # named by the role: not twice
        ("مقامات گفتند که برجام زنده است.", "مقامات", False),  # a group named by its role
        ("کیوان رستگار سخنگوی وزارت بازرگانی گفت: برجام زنده است.", "کیوان رستگار", True),  # a person's role
    ],
)
def test_the_role_column_never_repeats_the_speaker(engine, text, speaker, shows_role):
    frame = statements_frame(engine.analyze(text))
    assert frame["speaker"].tolist() == [speaker]
    role = frame["role"].iloc[0]
    assert bool(role) == shows_role and (not role or role not in speaker)
