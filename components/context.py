"""What Review shows around a statement, and whom the missed-statement form proposes (pure, no Streamlit).

The statement alone is often unreadable («او افزود: …»); the sentence before names who «او» is and the one after
says whether the quote goes on. For a sentence the engine left without a statement, the best guess for its speaker
is someone named in it, else the speaker of the nearest statement before it (news quotes run on), else the nearest
after it.
"""

from __future__ import annotations

from components.safe import html_text
from goftar.model import Article, Sentence


def neighbours(article: Article, start: int, end: int) -> tuple[Sentence | None, Sentence | None]:
    """The sentences with words just before and just after the span [start, end) (None at either end of the
    article). A channel's «🔹» or a «-» between posts is a sentence of its own, but no context: it is skipped."""
    before = [s for s in article.sentences if s.end <= start and has_words(s.text)]
    after = [s for s in article.sentences if s.start >= end and has_words(s.text)]
    return (before[-1] if before else None), (after[0] if after else None)


def has_words(text: str) -> bool:
    """Whether the text holds a letter (an emoji, a dash or a number alone says nothing around a statement)."""
    return any(ch.isalpha() for ch in text)


def context_html(sentence: Sentence | None, label: str) -> str:
    """One neighbouring sentence, dimmed and labelled («جملهٔ پیش · before»); escaped; "" when there is none."""
    if sentence is None:
        return ""
    return (f'<p class="goftar-context" dir="rtl" lang="fa"><span class="g-context-label">{html_text(label)}</span>'
            f'{html_text(sentence.text)}</p>')


def missed_candidates(article: Article) -> list[Sentence]:
    """Sentences an analyst may mark as a missed statement: those with words and no statement yet (a channel's «♦»
    or «-» between posts is no statement anyone made)."""
    covered = {s.sentence for s in article.statements}
    return [s for s in article.sentences if s.index not in covered and has_words(s.text)]


def best_guess_speaker(article: Article, sentence: Sentence) -> str | None:
    """The speaker to preselect for a sentence marked as a missed statement (see the module docstring)."""
    named = sorted(((m.start, e.name) for e in article.entities for m in e.mentions
                    if sentence.start <= m.start < sentence.end and m.kind not in ("pronoun",)), key=lambda p: p[0])
    if named:
        return named[0][1]
    earlier = [s for s in article.statements if s.end <= sentence.start]
    if earlier:
        return max(earlier, key=lambda s: s.end).speaker
    later = [s for s in article.statements if s.start >= sentence.end]
    return min(later, key=lambda s: s.start).speaker if later else None
