"""Every input format and encoding, with fixtures the tests write; each rejection names its input and reason."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest

from goftar.ingest import (
    Record,
    Rejection,
    guess_metadata,
    html_main_text,
    jalali_to_gregorian,
    parse_bytes,
    parse_date,
    parse_path,
)
from goftar.reading import MAX_ARTICLE_BYTES

ARTICLE = "به گزارش خبرگزاری نمونه، سرهنگ کیوان رستگار فرمانده مرزبانی گفت: همکاری‌ها با همسایگان ادامه می‌یابد."


def parsed(name: str, data: bytes) -> list[Record | Rejection]:
    return list(parse_bytes(name, data))


def only_record(name: str, data: bytes) -> Record:
    items = parsed(name, data)
    assert len(items) == 1 and isinstance(items[0], Record), items
    return items[0]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.txt", ARTICLE.encode("utf-8")),  # plain UTF-8
        ("bom.txt", b"\xef\xbb\xbf" + ARTICLE.encode("utf-8")),  # UTF-8 with BOM
        ("utf16.txt", ARTICLE.encode("utf-16")),  # UTF-16 with BOM
        ("arabic.md", ARTICLE.replace("ی", "ي").encode("cp1256")),  # Windows-1256 with Arabic yeh
    ],
)
def test_text_encodings_keep_zwnj_and_fold_arabic_letters(name, data):
    record = only_record(name, data)
    assert "همکاری\u200cها" in record.text and "ي" not in record.text
    assert record.source == "نمونه"


def test_html_main_text_drops_scripts_and_navigation_and_keeps_zwnj():
    page = (
        "<html><head><title>خبر آزمایشی</title><script>alert('x')</script></head><body>"
        "<nav><a href='/'>صفحه اصلی</a> <a href='/x'>سیاسی</a></nav>"
        f"<article><h1>خبر آزمایشی</h1><p>{ARTICLE}</p><p>وی افزود: رزمایش‌های مشترک در چارچوب شانگهای "
        "برگزار می‌شود و این همکاری‌ها گسترش می‌یابد.</p></article>"
        "<footer>تمامی حقوق محفوظ است</footer><script>track()</script></body></html>"
    )
    record = only_record("page.html", page.encode("utf-8"))
    assert "می\u200cیابد" in record.text and "رزمایش\u200cهای" in record.text
    assert "alert" not in record.text and "track" not in record.text and "صفحه اصلی" not in record.text
    assert record.title == "خبر آزمایشی"


def test_html_entity_zwnj_is_kept():
    assert "\u200c" in html_main_text(f"<html><body><article><p>{ARTICLE.replace(chr(0x200c), '&zwnj;')} "
                                      "و این متن به اندازه کافی بلند است تا استخراج شود.</p></article></body></html>")


def test_docx_built_with_python_docx():
    import docx

    document = docx.Document()
    document.add_paragraph("عنوان آزمایشی")
    document.add_paragraph(ARTICLE)
    buffer = io.BytesIO()
    document.save(buffer)
    record = only_record("article.docx", buffer.getvalue())
    assert "همکاری\u200cها" in record.text and record.title == "عنوان آزمایشی"


def test_csv_with_a_broken_row_names_the_line():
    content = (
        "text,title,source,date\n"
        f"\"{ARTICLE}\",خبر یک,ایرنا,1402/08/10\n"
        "\"متن شکسته\",بی,ستون,اضافه,بیشتر\n"
        f"\"{ARTICLE.replace('رستگار', 'رستگاری')}\",خبر سه,,2023-11-02\n"
    )
    items = parsed("batch.csv", content.encode("utf-8"))
    records = [i for i in items if isinstance(i, Record)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [r.title for r in records] == ["خبر یک", "خبر سه"]
    assert records[0].published == date(2023, 11, 1) and records[0].source == "ایرنا"
    assert records[1].source == "نمونه"  # guessed from «به گزارش»
    assert [r.source for r in rejections] == ["batch.csv:3"] and "fields" in rejections[0].reason


def test_csv_without_text_column():
    assert parsed("x.csv", "title\nفقط عنوان\n".encode()) == [Rejection("x.csv", "the CSV file has no 'text' column")]


def test_jsonl_with_a_malformed_line():
    lines = [json.dumps({"text": ARTICLE, "url": "https://example.test/1"}, ensure_ascii=False), "{not json",
             json.dumps(["not", "an", "object"]), json.dumps({"title": "no text"})]
    items = parsed("feed.jsonl", "\n".join(lines).encode("utf-8"))
    assert isinstance(items[0], Record) and items[0].url == "https://example.test/1"
    assert [(i.source, i.reason.split(" (")[0]) for i in items[1:]] == [
        ("feed.jsonl:2", "malformed JSON"), ("feed.jsonl:3", "the line is not a JSON object"),
        ("feed.jsonl:4", "the record has no 'text'"),
    ]


def test_json_list_and_malformed_json():
    items = parsed("list.json", json.dumps([{"text": ARTICLE}, {"text": ""}], ensure_ascii=False).encode())
    assert isinstance(items[0], Record) and items[1] == Rejection("list.json:2", "the record has no 'text'")
    broken = parsed("broken.json", b'{"text": "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85",\n  oops}')
    assert broken[0].source == "broken.json:2" and "malformed JSON" in broken[0].reason


def test_zip_of_mixed_files_names_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", ARTICLE)
        archive.writestr("nested/b.jsonl", json.dumps({"text": ARTICLE + " دوم"}, ensure_ascii=False))
        archive.writestr("empty.txt", "")
        archive.writestr("image.png", b"\x89PNG\r\n")
    items = parsed("batch.zip", buffer.getvalue())
    assert sorted(i.source_name for i in items if isinstance(i, Record)) == ["batch.zip/a.txt", "batch.zip/nested/b.jsonl:1"]
    rejected = {i.source: i.reason for i in items if isinstance(i, Rejection)}
    assert rejected["batch.zip/empty.txt"] == "the file is empty"
    assert rejected["batch.zip/image.png"].startswith("unsupported file type")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),  # nothing
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary"),  # binary content
        ("huge.txt", "ب".encode() * (MAX_ARTICLE_BYTES // 2 + 10), "limit"),  # over 5 MB
        ("english.txt", b"no persian text at all", "no Persian"),  # wrong language
        ("bad.zip", b"PK\x03\x04 not really a zip", "cannot read"),  # corrupt archive
        ("slides.pptx", b"whatever", "unsupported"),  # unknown type
    ],
)
def test_bad_files_are_rejected_with_a_reason(name, data, reason):
    items = parsed(name, data)
    assert len(items) == 1 and isinstance(items[0], Rejection)
    assert items[0].source == name and reason in items[0].reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-11-01", date(2023, 11, 1)),  # ISO
        ("1402/08/10", date(2023, 11, 1)),  # Jalali, Latin digits
        ("۱۴۰۲/۰۸/۱۰", date(2023, 11, 1)),  # Jalali, Persian digits
        ("۱۴۰۲ / ۰۸ / ۱۰", date(2023, 11, 1)),  # as hazm spaces it
        ("۱۰ آبان ۱۴۰۲", date(2023, 11, 1)),  # Jalali month name
        ("یکشنبه ۱ فروردین ۱۴۰۳", date(2024, 3, 20)),  # Nowruz in a leap cycle
        ("1399/12/30", date(2021, 3, 20)),  # the leap day of a leap year
        ("no date here", None),  # nothing to read
        ("1402/13/40", None),  # impossible date
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_jalali_rejects_impossible_days():
    with pytest.raises(ValueError):
        jalali_to_gregorian(1402, 7, 31)


def test_guess_metadata_from_text():
    guessed = guess_metadata("دیدار وزیران دفاع\n\nبه گزارش ایسنا، در تاریخ ۱۰ آبان ۱۴۰۲ وزیر دفاع گفت: …")
    assert guessed == {"title": "دیدار وزیران دفاع", "source": "ایسنا", "published": date(2023, 11, 1)}


def test_parse_path_walks_a_folder(tmp_path):
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "two.txt").write_text(ARTICLE + " دوم", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert len([i for i in parse_path(tmp_path) if isinstance(i, Record)]) == 2
