"""apply_reviews: the article as analysts decided it."""

from __future__ import annotations

from dataclasses import dataclass

from goftar.reviewed import apply_reviews


@dataclass
class Review:
    start: int
    end: int
    status: str
    speaker: str | None
    speaker_type: str
    topics: tuple[str, ...]
    origin: str = "engine"


def test_no_reviews_is_the_same_article(sample_article):
    assert apply_reviews(sample_article, []) is sample_article


def test_rejected_speaker_changed_topics_changed_and_added(sample_article):
    first, second = sample_article.statements[0], sample_article.statements[6]
    gap = sample_article.sentences[-1]
    reviews = [
        Review(first.start, first.end, "rejected", None, "person", ()),
        Review(second.start, second.end, "corrected", "نمایندهٔ روسیه", "person", ("SCO",)),
        Review(gap.start, gap.end, "accepted", "طرفین", "group", ("caucasus",), origin="analyst"),
    ]
    reviewed = apply_reviews(sample_article, reviews)
    speakers = [s.speaker for s in reviewed.statements]
    assert len(reviewed.statements) == 12  # one rejected, one added
    assert speakers.count("محمدرضا آشتیانی") == 5 and speakers.count("نمایندهٔ روسیه") == 1
    changed = next(s for s in reviewed.statements if s.speaker == "نمایندهٔ روسیه")
    assert changed.topics == ("SCO",) and changed.status == "corrected"
    assert changed.mention.entity == changed.speaker_id  # the mention follows the corrected speaker
    added = reviewed.statements[-1]
    assert (added.speaker, added.speaker_type, added.kind, added.status) == ("طرفین", "group", "analyst", "added")
    assert reviewed.text[added.start : added.end] == added.text
    assert [s.index for s in reviewed.statements] == list(range(12))
    for entity in reviewed.entities:
        for mention in entity.mentions:
            assert mention.entity == entity.id and reviewed.text[mention.start : mention.end] == mention.text


@dataclass
class KeyedReview(Review):
    statement_speaker: str | None = None


def test_a_review_finds_its_statement_under_another_spelling_of_the_speaker():
    from goftar import analyze

    article = analyze("حمید رضا کیانی گفت: مرزها امن است.")
    statement = article.statements[0]
    # the store names the speaker as the spelling it met first («حمیدرضا کیانی», in another article)
    review = KeyedReview(statement.start, statement.end, "corrected", "حمیدرضا کیانی", "person", ("SCO",),
                         statement_speaker="حمیدرضا کیانی")
    reviewed = apply_reviews(article, [review])
    assert [(s.speaker, s.topics, s.status) for s in reviewed.statements] == [("حمید رضا کیانی", ("SCO",), "corrected")]
    assert len(reviewed.entities) == 1  # the analyst's speaker is the article's own, not a second entity
