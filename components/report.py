"""An import's report as analysts read it: counts that equal the lists below them, reasons in Persian with the
English beside them (pure, no Streamlit)."""

from __future__ import annotations

import re

from components.labels import PERSIAN_LETTER, fa_en
from goftar.ingest import Rejection, Report

# The engine's reasons are English (the CLI and logs read them); the page shows the Persian first. First match wins.
PERSIAN_REASONS = [
    (r"unsupported file type", "این نوع پرونده پشتیبانی نمی‌شود"),
    (r"file is empty", "پرونده خالی است"),
    (r"no 'text' column", "پروندهٔ CSV ستون text ندارد"),
    (r"record has no 'text'", "این رکورد متن ندارد"),
    (r"malformed CSV", "سطر CSV نادرست است"),
    (r"nested more than \d+ levels", "JSON بیش از اندازه تودرتو است"),
    (r"malformed JSON|not a JSON object", "JSON نادرست است"),
    (r"unsafe path", "مسیر ناامن در بایگانی؛ خوانده نشد"),
    (r"archives nested", "بایگانیِ درون بایگانیِ دیگر باز نمی‌شود"),
    (r"overlapping entries|zip bomb", "بایگانی ناامن؛ باز نشد"),
    (r"entr(y|ies).*limit", "شمار پرونده‌های بایگانی بیش از حد است"),
    (r"already inflated|inflates past|declares .* inflated", "حجم بازشدهٔ بارگذاری بیش از حد است"),
    (r"is over the .*limit|over [\d,]+ bytes", "بزرگ‌تر از اندازهٔ مجاز است"),
    (r"binary file", "پرونده متنی نیست (دودویی است)"),
    (r"cannot decode", "رمزگذاری متن شناخته نشد"),
    (r"damaged archive|cannot read the member", "بایگانی آسیب‌دیده است"),
    (r"budget ran out", "وقت بارگذاری تمام شد؛ دوباره بارگذاری کنید"),
    (r"cannot read the file|malformed XML", "پرونده خوانده نشد"),
    (r"analysis failed", "تحلیل نشد"),
    (r"duplicate", "تکراری است"),
]


def bilingual_reason(reason: str) -> str:
    """«فارسی — English»; a reason that already starts in Persian is kept as it is. Plain text: a page escapes it,
    then isolates the English (`components.labels.bilingual_message`; escaping drops bidi controls)."""
    if PERSIAN_LETTER.match(reason.strip()[:1] or " "):
        return reason
    persian = next((fa for pattern, fa in PERSIAN_REASONS if re.search(pattern, reason, re.IGNORECASE)),
                   "وارد نشد")
    return f"{persian} — {reason}"


def combined(read_rejections: list[Rejection], report: Report | None) -> Report:
    """One report for an upload: what could not be read joins what was not imported, so «rejected N» counts the
    same lines the list shows (a zip's bad members among them)."""
    merged = Report()
    if report is not None:
        merged.imported, merged.duplicates = report.imported, report.duplicates
        merged.imported_names = list(report.imported_names)
        merged.duplicate_names = list(report.duplicate_names)
        merged.warnings = list(report.warnings)
        merged.rejected = list(report.rejected)
    known = {(r.source, r.reason) for r in merged.rejected}
    merged.rejected = [*(r for r in read_rejections if (r.source, r.reason) not in known), *merged.rejected]
    return merged


def summary(report: Report) -> str:
    """«وارد شد ۳ · تکراری ۱ · رد شد ۲ — imported 3, duplicates 1, rejected 2»: the numbers of the lists shown."""
    imported, duplicates, rejected = report.imported, report.duplicates, len(report.rejected)
    return fa_en(f"وارد شد: {imported} · تکراری: {duplicates} · رد شد: {rejected}",
                 f"imported {imported}, duplicates {duplicates}, rejected {rejected}")


def rejection_rows(rejections: list[Rejection]) -> list[dict]:
    """Table rows for rejections: the input's name and the bilingual reason, whole (the table wraps it)."""
    return [{"input": r.source, "reason": bilingual_reason(r.reason)} for r in rejections]
