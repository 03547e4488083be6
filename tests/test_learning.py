"""goftar.learning: a speaker correction teaches an alias only when the mention is a plausible name of the speaker."""

from __future__ import annotations

import pytest

from goftar.learning import alias_lesson, alias_problem
from goftar.lexicon import load_lexicon

SPEAKER = "بهرام کیانفر"  # fictional


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.mark.parametrize(("mention", "speaker", "learnable"), [
    ("کیانفر", SPEAKER, True),  # the family name of the speaker
    ("آقای کیانفر", SPEAKER, True),  # a title before the name
    ("بهرام کیانفرد", SPEAKER, True),  # a misspelling the engine did not know
    ("ارتشبد شایگو", "سرگئی کوژوگتوویچ شایگو", True),  # rank and family name
    ("بریکس", SPEAKER, False),  # an issue of the taxonomy (the case that poisoned the lexicon)
    ("BRICS", SPEAKER, False),  # its Latin form
    ("برجام", SPEAKER, False),  # another issue
    ("ایران", SPEAKER, False),  # a country
    ("مسکو", SPEAKER, False),  # a capital, listed with the countries
    ("سازمان ملل", SPEAKER, False),  # an organisation
    ("ناتو", SPEAKER, False),  # an organisation's short name
    ("وی", SPEAKER, False),  # a pronoun
    ("او", SPEAKER, False),  # another pronoun
    ("این مقام", SPEAKER, False),  # a demonstrative
    ("سخنگو", SPEAKER, False),  # a bare role
    ("سخنگوی وزارت خارجه", SPEAKER, False),  # a role phrase
    ("ارتشبد", SPEAKER, False),  # a title alone
    ("لاوروف", SPEAKER, False),  # the known name of someone else
    ("لاوروف", "سرگئی لاوروف", False),  # already that person's name: nothing to learn
    ("بهرام", SPEAKER, False),  # a given name alone: every Bahram would become him
    ("علی محمدرضا", SPEAKER, False),  # given names only
    (SPEAKER, SPEAKER, False),  # the speaker's own name
    ("بهرام کیانفر، سخنگوی شورا", SPEAKER, False),  # a name with an apposition is not an alias
    ("<script>", SPEAKER, False),  # markup is not a name
    ("http://evil.example", SPEAKER, False),  # nor a URL
    ("", SPEAKER, False),  # nothing
    ("یک دو سه چهار پنج شش هفت", SPEAKER, False),  # too long for a name
])
def test_alias_guard(lexicon, mention, speaker, learnable):
    problem = alias_problem(mention, speaker, lexicon)
    assert (problem is None) == learnable, problem
    if problem:
        assert " — " in problem  # Persian with English beside it


def test_issue_forms_taught_by_analysts_are_guarded_too(lexicon):
    assert alias_problem("دریای خزر", SPEAKER, lexicon) is None
    assert "issue" in alias_problem("دریای خزر", SPEAKER, lexicon, extra_topic_forms=["دریای خزر"])


def test_an_alias_taught_for_someone_else_is_not_taught_again(lexicon):
    taught = {"کیانفر": "بهرام کیانفر"}
    assert "کیانفر" in alias_problem("کیانفر", "مهرداد کیانفر", lexicon, taught_aliases=taught)  # another person's
    assert alias_problem("کیانفر", SPEAKER, lexicon, taught_aliases=taught) is not None  # already known: no-op
    assert alias_problem("کیانفر", "مهرداد کیانفر", lexicon) is None  # not taught yet: may be learned


def test_lesson_says_what_will_be_learned(lexicon):
    lesson = alias_lesson("  کیانفر ", SPEAKER, lexicon)
    assert (lesson.mention, lesson.speaker, lesson.learnable) == ("کیانفر", SPEAKER, True)
    assert not alias_lesson("بریکس", SPEAKER, lexicon).learnable
