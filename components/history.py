"""A statement's review history as sentences an analyst reads, not the stored before/after dictionaries.

«مریم گوینده را از «بریکس» به «عبدالناصر همتی» تغییر داد — ۱۴۰۵/۰۹/۱۰ ۱۴:۲۲». Pure: the page renders the HTML.
"""

from __future__ import annotations

from datetime import datetime

from components.safe import html_text
from goftar.dates import jalali_text

STATUS_VERBS = {"accepted": "پذیرفت", "rejected": "رد کرد", "corrected": "اصلاح کرد", "unreviewed": "بازگشود"}
STATUS_NAMES = {"accepted": "پذیرفته", "rejected": "ردشده", "corrected": "اصلاح‌شده", "unreviewed": "بازبینی‌نشده"}
STANCE_NAMES = {"supports": "موافق", "opposes": "مخالف", "neutral": "بی‌طرف", "unclear": "نامشخص"}


def _quoted(value: str) -> str:
    return f"«{value}»"


def _names(ids, labels: dict[str, str]) -> str:
    return "، ".join(labels.get(i, i) for i in ids) or "هیچ"


def _join(clauses: list[str]) -> str:
    if len(clauses) <= 1:
        return "".join(clauses)
    return "، ".join(clauses[:-1]) + " و " + clauses[-1]


def _changes(before: dict, after: dict, labels: dict[str, str]) -> list[str]:
    """One clause per value that changed, in the order an analyst decides them."""
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


def history_sentence(event: dict, labels: dict[str, str] | None = None) -> str:
    """One event (analyst, at, action, before, after) as a Persian sentence ending with its Jalali date and time."""
    labels = labels or {}
    who = event.get("analyst") or "—"
    before, after = dict(event.get("before") or {}), dict(event.get("after") or {})
    if event.get("action") == "add_missed":
        speaker = after.get("speaker") or "—"
        text = f"{who} بیانیهٔ جاافتاده‌ای از {_quoted(speaker)} افزود"
        if after.get("topics"):
            text += f" دربارهٔ {_quoted(_names(after['topics'], labels))}"
    else:
        clauses = _changes(before, after, labels)
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
        items.append(f'<li title="{html_text(tip)}">{html_text(history_sentence(event, labels))}</li>')
    return f'<ul class="goftar-history" dir="rtl" lang="fa">{"".join(items)}</ul>'
