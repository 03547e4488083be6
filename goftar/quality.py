"""How good is the engine on our corpus, and how much do analysts agree (Cohen's kappa per field)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


def cohen_kappa(first: Sequence, second: Sequence) -> float | None:
    """Cohen's kappa of two raters' labels for the same items; None when there is nothing to compare."""
    if len(first) != len(second):
        raise ValueError("both raters must label the same items")
    total = len(first)
    if total == 0:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / total
    counts_a, counts_b = Counter(first), Counter(second)
    expected = sum(counts_a[label] * counts_b[label] for label in counts_a.keys() | counts_b.keys()) / total**2
    if expected == 1:  # both raters used one and the same label throughout
        return 1.0
    return (observed - expected) / (1 - expected)


def last_decisions(events: list[dict]) -> dict[str, dict[int, dict]]:
    """Each analyst's latest values per review, from the event log (events in time order)."""
    decisions: dict[str, dict[int, dict]] = {}
    for event in events:
        decisions.setdefault(event["analyst"], {})[event["review_id"]] = event["after"]
    return decisions


def agreement(events: list[dict], first: str, second: str) -> dict[str, dict]:
    """Kappa per field (status, speaker, topics, stance) on the statements both analysts decided."""
    decisions = last_decisions(events)
    a, b = decisions.get(first, {}), decisions.get(second, {})
    shared = sorted(a.keys() & b.keys())
    fields: dict[str, tuple[list, list]] = {"status": ([], []), "speaker": ([], []), "topics": ([], []),
                                            "stance": ([], [])}
    for review_id in shared:
        x, y = a[review_id], b[review_id]
        for name in ("status", "speaker"):
            fields[name][0].append(x.get(name))
            fields[name][1].append(y.get(name))
        for topic in sorted(set(x.get("topics", [])) | set(y.get("topics", []))):
            fields["topics"][0].append(topic in x.get("topics", []))
            fields["topics"][1].append(topic in y.get("topics", []))
        for topic in sorted(set(x.get("stances", {})) & set(y.get("stances", {}))):
            fields["stance"][0].append(x["stances"][topic])
            fields["stance"][1].append(y["stances"][topic])
    return {name: {"kappa": cohen_kappa(*pair), "items": len(pair[0])} for name, pair in fields.items()} | {
        "statements": {"kappa": None, "items": len(shared)}
    }


@dataclass(frozen=True)
class Score:
    """Precision and recall with the counts behind them."""

    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float | None:
        """TP / (TP + FP)."""
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else None

    @property
    def recall(self) -> float | None:
        """TP / (TP + FN)."""
        relevant = self.true_positive + self.false_negative
        return self.true_positive / relevant if relevant else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None


def engine_quality(reviews: list) -> dict[str, Score]:
    """Engine vs analyst-reviewed statements: speaker attribution and topics.

    Attribution: an engine statement accepted with the engine's speaker is a hit; a rejected one or one whose
    speaker was corrected is a false positive; a corrected speaker and every statement added by hand are misses.
    Topics (micro-averaged over reviewed, not rejected, engine statements): engine topics vs reviewed topics.
    """
    tp = fp = fn = 0
    topic_tp = topic_fp = topic_fn = 0
    for review in reviews:
        if review.origin == "analyst":
            fn += 1
            continue
        if review.status == "rejected":
            fp += 1
            continue
        if review.speaker == review.engine_speaker:
            tp += 1
        else:
            fp += 1
            fn += 1
        engine, reviewed = set(review.engine_topics), set(review.topics)
        topic_tp += len(engine & reviewed)
        topic_fp += len(engine - reviewed)
        topic_fn += len(reviewed - engine)
    return {"attribution": Score(tp, fp, fn), "topics": Score(topic_tp, topic_fp, topic_fn)}
