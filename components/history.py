"""A statement's review history, and what the engine learned, as sentences an analyst reads (not the stored
before/after dictionaries, kinds and ids).

«مریم گوینده را از «بریکس» به «عبدالناصر همتی» تغییر داد — ۱۴۰۵/۰۹/۱۰ ۱۴:۲۲». Pure: the page renders the HTML, where
every name and value analysts typed is isolated in its own direction (`<bdi>`): an English note inside a Persian
sentence otherwise carries the quotation marks and the words around it to the wrong side.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from components.safe import html_text
from goftar.dates import jalali_text

STATUS_VERBS = {"accepted": "پذیرفت", "rejected": "رد کرد", "corrected": "اصلاح کرد", "unreviewed": "بازگشود"}
STATUS_NAMES = {"accepted": "پذیرفته", "rejected": "ردشده", "corrected": "اصلاح‌شده", "unreviewed": "بازبینی‌نشده"}
STANCE_NAMES = {"supports": "موافق", "opposes": "مخالف", "neutral": "بی‌طرف", "unclear": "نامشخص"}
ADDITION_STATUS = {"active": "فعال", "revoked": "لغوشده"}
# Around a value in a sentence meant for HTML: become <bdi>…</bdi> once the sentence is escaped (private-use
# characters, removed from the values themselves).
_OPEN, _CLOSE = "\ue000", "\ue001"


def _plain_value(value: str) -> str:
    return value


def _marked_value(value: str) -> str:
    return f"{_OPEN}{str(value).replace(_OPEN, '').replace(_CLOSE, '')}{_CLOSE}"


def _isolated_html(sentence: str) -> str:
    """A sentence with marked values as escaped HTML, each value in a <bdi>."""
    return html_text(sentence).replace(_OPEN, "<bdi>").replace(_CLOSE, "</bdi>")


def _names(ids, labels: dict[str, str]) -> str:
    return "، ".join(labels.get(i, i) for i in ids) or "هیچ"


def _join(clauses: list[str]) -> str:
    if len(clauses) <= 1:
        return "".join(clauses)
    return "، ".join(clauses[:-1]) + " و " + clauses[-1]


def _changes(before: dict, after: dict, labels: dict[str, str], value: Callable[[str], str]) -> list[str]:
    """One clause per value that changed, in the order an analyst decides them (`value` wraps what analysts typed)."""

    def _quoted(text: str) -> str:
        return f"«{value(text)}»"

    clauses = []
    if "speaker" in after and after.get("speaker") != before.get("speaker"):
        if before.get("speaker"):
            clauses.append(f"گوینده را از {_quoted(before['speaker'])} به {_quoted(after.get('speaker') or '—')} "
                           "تغییر داد")
        else:
            clauses.append(f"گوینده را {_quoted(after.get('speaker') or '—')} گذاشت")
    old_topics, new_topics = list(before.get("topics") or []), list(after.get("topics") or [])
    if "topics" in after and sorted(old_topics) != sorted(new_topics):
        added = [t for t in new_topics if t not in old_topics]
        removed = [t for t in old_topics if t not in new_topics]
        if added:
            clauses.append(f"موضوع {_quoted(_names(added, labels))} را افزود")
        if removed:
            clauses.append(f"موضوع {_quoted(_names(removed, labels))} را برداشت")
    old_stances, new_stances = dict(before.get("stances") or {}), dict(after.get("stances") or {})
    for topic in sorted(set(old_stances) | set(new_stances)):
        if old_stances.get(topic) != new_stances.get(topic):
            stance = STANCE_NAMES.get(new_stances.get(topic, "unclear"), new_stances.get(topic, ""))
            clauses.append(f"موضع دربارهٔ {_quoted(labels.get(topic, topic))} را {_quoted(stance)} گذاشت")
    if sorted(before.get("tags") or []) != sorted(after.get("tags") or []) and "tags" in after:
        tags = "، ".join(after.get("tags") or [])
        clauses.append(f"برچسب‌ها را {_quoted(tags)} گذاشت" if tags else "برچسب‌ها را برداشت")
    if (before.get("note") or "") != (after.get("note") or "") and "note" in after:
        note = after.get("note") or ""
        clauses.append(f"یادداشت را {_quoted(note if len(note) <= 80 else note[:79] + '…')} نوشت" if note
                       else "یادداشت را پاک کرد")
    old_status, new_status = before.get("status"), after.get("status")
    if new_status and new_status != old_status and new_status != "corrected":
        if old_status:
            clauses.append(f"وضعیت را از {_quoted(STATUS_NAMES.get(old_status, old_status))} به "
                           f"{_quoted(STATUS_NAMES.get(new_status, new_status))} تغییر داد")
        else:
            clauses.append(f"بیانیه را {STATUS_VERBS.get(new_status, new_status)}")
    return clauses


def history_sentence(event: dict, labels: dict[str, str] | None = None, *, wrap=_plain_value) -> str:
    """One event (analyst, at, action, before, after) as a Persian sentence ending with its Jalali date and time."""
    labels = labels or {}
    who = wrap(event.get("analyst") or "—")
    before, after = dict(event.get("before") or {}), dict(event.get("after") or {})
    if event.get("action") == "add_missed":
        speaker = after.get("speaker") or "—"
        text = f"{who} بیانیهٔ جاافتاده‌ای از «{wrap(speaker)}» افزود"
        if after.get("topics"):
            text += f" دربارهٔ «{wrap(_names(after['topics'], labels))}»"
    else:
        clauses = _changes(before, after, labels, wrap)
        text = f"{who} " + (_join(clauses) if clauses else "بیانیه را بی‌تغییر ذخیره کرد")
    at = event.get("at")
    when = jalali_text(at.replace(tzinfo=None) if isinstance(at, datetime) else at)
    return f"{text} — {when}" if when else text


def history_html(events: list[dict], labels: dict[str, str] | None = None) -> str:
    """The history, newest first, as an escaped RTL list; the Gregorian time is in each line's tooltip."""
    items = []
    for event in reversed(events):
        at = event.get("at")
        tip = at.strftime("%Y-%m-%d %H:%M UTC") if isinstance(at, datetime) else ""
        sentence = history_sentence(event, labels, wrap=_marked_value)
        items.append(f'<li title="{html_text(tip)}">{_isolated_html(sentence)}</li>')
    return f'<ul class="goftar-history" dir="rtl" lang="fa">{"".join(items)}</ul>'


def addition_sentence(addition: dict, labels: dict[str, str] | None = None, *, wrap=_plain_value) -> str:
    """What the engine learned (a lexicon addition) as a Persian sentence, «“X” is read as Y», with who taught it,
    when and whether it is in force; never its kind («person_alias») or an issue's id."""
    labels = labels or {}
    kind, phrase, target = addition.get("kind"), addition.get("value") or "", addition.get("target") or ""
    details = addition.get("details") or {}
    if kind == "person_alias":
        text = f"«{wrap(phrase)}» همان «{wrap(target)}» خوانده می‌شود"
    elif kind == "topic_form":
        text = f"«{wrap(phrase)}» نشانهٔ موضوع «{wrap(labels.get(target, target))}» خوانده می‌شود"
    elif kind == "topic":
        label = details.get("label_fa") or labels.get(target, target)
        forms = "، ".join(details.get("forms") or [])
        text = f"موضوع تازهٔ «{wrap(label)}»" + (f" با شکل‌های «{wrap(forms)}»" if forms else "")
    else:
        text = f"«{wrap(phrase)}» → «{wrap(target)}»"
    who, at = addition.get("added_by"), addition.get("added_at")
    when = jalali_text(at.replace(tzinfo=None) if isinstance(at, datetime) else at)
    status = ADDITION_STATUS.get(addition.get("status"), addition.get("status") or "")
    credit = "، ".join(part for part in (f"آموخته از {wrap(who)}" if who else "", when) if part)
    return " — ".join(part for part in (text, credit, status) if part)


def addition_html(addition: dict, labels: dict[str, str] | None = None) -> str:
    """`addition_sentence` as escaped right-to-left HTML, every name and phrase isolated in its own direction."""
    sentence = _isolated_html(addition_sentence(addition, labels, wrap=_marked_value))
    return f'<p class="goftar-history" dir="rtl" lang="fa">{sentence}</p>'
