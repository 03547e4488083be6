"""Import reports: counts equal the lists, reasons in Persian with the English beside them."""

from __future__ import annotations

import io
import zipfile

import pytest

from components.report import bilingual_reason, combined, rejection_rows, summary
from goftar.ingest import Rejection, Report
from goftar.uploads import read_files


@pytest.mark.parametrize(
    ("reason", "persian"),
    [
        ("unsupported file type '.exe' (supported: .csv)", "این نوع پرونده پشتیبانی نمی‌شود"),  # wrong type
        ("the file is empty", "پرونده خالی است"),  # empty
        ("unsafe path in the archive (climbs out of it or is absolute); not read", "مسیر ناامن"),  # zip slip
        ("looks like a binary file, not text", "دودویی"),  # binary
        ("malformed CSV row: 3 fields, the header has 2", "سطر CSV نادرست است"),  # bad CSV row
        ("JSON nested more than 32 levels deep", "تودرتو"),  # deep JSON
        ("something nobody foresaw", "وارد نشد"),  # anything else still gets Persian first
    ],
)
def test_bilingual_reason(reason, persian):
    shown = bilingual_reason(reason)
    assert persian in shown.split(" — ")[0] and shown.endswith(reason)  # Persian first, the English whole beside it


def test_a_persian_reason_is_kept():
    reason = "وقت این بارگذاری (۳۰۰ ثانیه) تمام شد — not read"
    assert bilingual_reason(reason) == reason


def test_a_zip_with_bad_members_counts_them_as_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("good.txt", "به گزارش ایسنا، کیوان رستگار گفت: همکاری‌ها ادامه می‌یابد.")
        archive.writestr("bad.exe", b"MZ")
        archive.writestr("../escape.txt", "x")
    records, rejections = read_files([("batch.zip", buffer.getvalue())])
    imported = Report(imported=1, imported_names=["batch.zip/good.txt"])
    report = combined(rejections, imported)
    assert len(records) == 1 and len(report.rejected) == 2
    assert "رد شد: 2" in summary(report) and "rejected 2" in summary(report)  # the count equals the list
    assert [row["input"] for row in rejection_rows(report.rejected)] == ["batch.zip/bad.exe", "batch.zip/../escape.txt"]


def test_combined_does_not_count_a_line_twice():
    line = Rejection("a.txt", "the file is empty")
    report = combined([line], Report(rejected=[line]))
    assert report.rejected == [line]
