"""Score the engine against a gold set of annotated statements (who said what about which issue).

The gold format is the development set's: a JSON list of articles, each with `id`, `file` (a text file name),
`people` (name, aliases, roles) and `statements` (sentence_start, sentence_char_offset, speaker, speaker_norm,
speaker_type, topics, topics_optional). Matching ignores normalisation: both sides are compacted (Arabic ي/ك
folded, ZWNJ, marks, punctuation and spaces dropped, digits Latin) before comparison.

- A predicted statement matches a gold one when its sentence contains the gold sentence's first words; one
  prediction per gold (sentence, speaker).
- The speaker is right when it is the gold canonical name, or, for a person, contains the family name.
- Headline lines (the text's first line) count only where the gold annotates them; an unmatched prediction of
  kind `continuation` is neither right nor wrong (the gold leaves quote continuations unannotated).
- who-said-what counts a statement only when both the statement and its speaker are right.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from goftar.model import Article

PRONOUNS = frozenset({"وی", "او", "ایشان"})
SCORED_TOPICS = frozenset({"jcpoa", "sco", "brics", "3+3", "sanctions", "caucasus", "terrorism", "multipolarity",
                           "syria", "ukraine"})
_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "ۀ": "ه", **{
    d: str(i % 10) for i, d in enumerate("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")}})
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u200c\u200d\u200e\u200f\u00ad]")
_NON_WORD = re.compile(r"[\W_]+")


def compact(text: str) -> str:
    """Letters and digits only, folded: the form both sides are compared in."""
    return _NON_WORD.sub("", _MARKS.sub("", unicodedata.normalize("NFC", text or "").translate(_FOLD)))


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def speaker_matches(predicted: str, gold: dict) -> bool:
    """The predicted speaker names the gold speaker: its canonical name, or a person's family name."""
    found = compact(predicted)
    if not found or predicted.strip() in PRONOUNS:
        return False
    expected = compact(gold.get("speaker_norm") or gold["speaker"])
    if found == expected or (len(expected) >= 4 and expected in found) or (len(found) >= 4 and found in expected):
        return True
    words = (gold.get("speaker_norm") or gold["speaker"]).split()
    if gold.get("speaker_type") == "person" and words:
        family = compact(words[-1])
        return len(family) >= 3 and family in found
    return False


@dataclass
class Tally:
    """Counts behind one row of the report."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_right: int = 0

    def row(self) -> dict:
        precision, recall, f1 = _prf(self.tp, self.fp, self.fn)
        *_, who_f1 = _prf(self.speaker_right, self.fp + self.tp - self.speaker_right,
                                    self.fn + self.tp - self.speaker_right)
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(precision, 3),
                "recall": round(recall, 3), "f1": round(f1, 3),
                "speaker_accuracy": round(self.speaker_right / self.tp, 3) if self.tp else 0.0,
                "who_said_what_f1": round(who_f1, 3)}


@dataclass
class Evaluation:
    """The figures of one run, overall and broken down."""

    total: Tally = field(default_factory=Tally)
    topics: Counter = field(default_factory=Counter)
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_speaker_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    per_article: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        overall = self.total.row()
        *_, topic_f1 = _prf(self.topics["tp"], self.topics["fp"], self.topics["fn"])
        return {
            "statements": {k: overall[k] for k in ("tp", "fp", "fn", "precision", "recall", "f1")},
            "speaker_accuracy": overall["speaker_accuracy"],
            "who_said_what_f1": overall["who_said_what_f1"],
            "topics_f1": round(topic_f1, 3),
            "by_kind": {k: v.row() for k, v in sorted(self.by_kind.items())},
            "by_speaker_type": {k: v.row() for k, v in sorted(self.by_speaker_type.items())},
            "articles": len(self.per_article),
        }


def _merged_gold(statements: list[dict]) -> list[dict]:
    """One gold statement per (sentence, speaker): clauses of one speaker in one sentence are one statement."""
    merged: dict[tuple, dict] = {}
    for gold in statements:
        key = (gold.get("sentence_char_offset"), gold["speaker"])
        if key in merged:
            previous = merged[key]
            merged[key] = dict(previous, topics=list(dict.fromkeys(previous["topics"] + gold["topics"])),
                               topics_optional=list(dict.fromkeys(previous.get("topics_optional", [])
                                                                  + gold.get("topics_optional", []))))
        else:
            merged[key] = gold
    return sorted(merged.values(), key=lambda g: g.get("sentence_char_offset", 0))


def score_article(article: Article, gold_article: dict, evaluation: Evaluation) -> None:
    """Add one article's matches and errors to `evaluation`."""
    gold = _merged_gold(gold_article["statements"])
    headline_end = 0 if any(g.get("line") == 1 for g in gold) else len(article.text.split("\n", 1)[0])
    predicted = [s for s in article.statements if s.start >= headline_end]
    contexts = [compact(s.text) for s in predicted]
    used: set[int] = set()
    tally = Tally()
    for expected in gold:
        key = compact(expected["sentence_start"])
        candidates = [i for i, ctx in enumerate(contexts) if i not in used and key and key in ctx]
        speaker_type = expected.get("speaker_type", "")
        if not candidates:
            tally.fn += 1
            evaluation.by_speaker_type[speaker_type].fn += 1
            evaluation.errors.append({"article": gold_article["id"], "error": "missed", "sentence": expected[
                "sentence_start"], "gold_speaker": expected["speaker"], "mention": expected.get("speaker_mention", ""),
                "verb": expected.get("verb", "")})
            continue
        best = next((i for i in candidates if speaker_matches(predicted[i].speaker, expected)), candidates[0])
        used.add(best)
        statement = predicted[best]
        right = speaker_matches(statement.speaker, expected)
        for row in (tally, evaluation.by_kind[statement.kind], evaluation.by_speaker_type[speaker_type]):
            row.tp += 1
            row.speaker_right += right
        if not right:
            evaluation.errors.append({"article": gold_article["id"], "error": "wrong speaker", "sentence": expected[
                "sentence_start"], "gold_speaker": expected["speaker"], "predicted": statement.speaker,
                "mention": expected.get("speaker_mention", ""), "kind": statement.kind})
        wanted = {t.lower() for t in expected.get("topics", [])} & SCORED_TOPICS
        optional = {t.lower() for t in expected.get("topics_optional", [])} & SCORED_TOPICS
        found = {t.lower() for t in statement.topics} & SCORED_TOPICS
        evaluation.topics.update(tp=len(found & wanted), fn=len(wanted - found), fp=len(found - wanted - optional))
        if wanted - found or found - wanted - optional:
            evaluation.errors.append({"article": gold_article["id"], "error": "topics", "sentence": expected[
                "sentence_start"], "gold_topics": sorted(wanted), "predicted_topics": sorted(found)})
    for i, statement in enumerate(predicted):
        if i in used or statement.kind == "continuation":
            continue
        tally.fp += 1
        evaluation.by_kind[statement.kind].fp += 1
        evaluation.errors.append({"article": gold_article["id"], "error": "spurious", "sentence": statement.text[:90],
                                  "predicted": statement.speaker, "kind": statement.kind})
    for name in ("tp", "fp", "fn", "speaker_right"):
        setattr(evaluation.total, name, getattr(evaluation.total, name) + getattr(tally, name))
    evaluation.per_article.append({"id": gold_article["id"], "gold": len(gold), "predicted": len(predicted),
                                   **tally.row()})


def evaluate(gold_articles: Iterable[dict], texts_dir: Path, analyze: Callable[[str], Article]) -> Evaluation:
    """Analyse each gold article's text from `texts_dir` and score it."""
    evaluation = Evaluation()
    for gold_article in gold_articles:
        path = Path(texts_dir) / Path(gold_article["file"]).name
        article = analyze(path.read_text(encoding="utf-8"))
        score_article(article, gold_article, evaluation)
    return evaluation


def load_gold(path: Path) -> list[dict]:
    """The gold articles of one file; a clear ValueError when it is not in the expected shape."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(a, dict) and "statements" in a and "file" in a for a in data):
        raise ValueError(f"{path}: expected a JSON list of articles with 'file' and 'statements'")
    return data


def format_report(evaluation: Evaluation) -> str:
    """The human-readable table: one line per article, breakdowns, then the summary line."""
    summary = evaluation.summary()
    lines = [f"{row['id']}: gold {row['gold']} pred {row['predicted']} matched {row['tp']} F1 {row['f1']:.2f} "
             f"speaker {row['speaker_accuracy']:.2f}" for row in evaluation.per_article]
    for title, rows in (("by construction kind", summary["by_kind"]), ("by gold speaker type", summary["by_speaker_type"])):
        lines.append(title + ":")
        for name, row in rows.items():
            lines.append(f"  {name or '-':<14} tp {row['tp']:>3} fp {row['fp']:>3} fn {row['fn']:>3}  "
                         f"P {row['precision']:.2f} R {row['recall']:.2f}  speaker {row['speaker_accuracy']:.2f}")
    statements = summary["statements"]
    lines.append(f"statements P {statements['precision']:.3f} R {statements['recall']:.3f} F1 {statements['f1']:.3f} | "
                 f"speaker acc {summary['speaker_accuracy']:.3f} | who-said-what F1 {summary['who_said_what_f1']:.3f} | "
                 f"topics F1 {summary['topics_f1']:.3f} | articles {summary['articles']}")
    return "\n".join(lines)
