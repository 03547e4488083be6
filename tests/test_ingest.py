"""Every input format and encoding, with fixtures the tests write; each rejection names its input and reason."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import pytest

from goftar.ingest import (
    Budget,
    Outlets,
    Record,
    Rejection,
    guess_metadata,
    html_main_text,
    jalali_to_gregorian,
    load_outlets,
    outlet,
    parse_bytes,
    parse_date,
    parse_pasted,
    parse_path,
    relative_date,
    split_title,
    with_metadata,
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
    assert record.source == "خبرگزاری نمونه"  # the outlet with its «خبرگزاری»


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
    assert records[1].source == "خبرگزاری نمونه"  # guessed from «به گزارش»
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
    assert guessed == {"title": "دیدار وزیران دفاع", "source": "ایسنا", "published": date(2023, 11, 1),
                       "date_note": None}


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("خبرنگار گروه سیاست خارجی خبرگزاری فارس", "خبرگزاری فارس"),  # the outlet, not the reporter and desk
        ("ایسنا", "ایسنا"),  # a bare outlet name
        ("خبرگزاری ایسنا", "خبرگزاری ایسنا"),  # the outlet word stays with the name
        ("ایسنا به نقل از رویترز", "ایسنا"),  # the first outlet of a chain
        ("ایرنا از مسکو", "ایرنا"),  # without the place it reports from
        ("گروه بین‌الملل مشرق", "مشرق"),  # a desk, then the outlet
        ("خبرنگار سیاسی ایرنا", "ایرنا"),  # a reporter, then the outlet
        ("خبرنگار ما", None),  # «our reporter» names no outlet
        ("باشگاه خبرنگاران جوان", "باشگاه خبرنگاران جوان"),  # an outlet whose name holds «خبرنگاران»
    ],
)
def test_outlet_not_reporter(phrase, expected):
    assert outlet(phrase) == expected


@pytest.mark.parametrize(
    ("title", "page_title", "expected"),
    [
        ("برجام زنده است | خبرگزاری فارس", False, ("برجام زنده است", "خبرگزاری فارس")),  # site after a bar
        ("خبرگزاری فارس | برجام زنده است", False, ("برجام زنده است", "خبرگزاری فارس")),  # site before a bar
        ("نشست شانگهای برگزار شد - ایسنا", True, ("نشست شانگهای برگزار شد", "ایسنا")),  # <title>: dash suffix
        ("نشست شانگهای برگزار شد - ایسنا", False, ("نشست شانگهای برگزار شد - ایسنا", None)),  # text: kept
        ("مذاکرات وین - دور هفتم", True, ("مذاکرات وین - دور هفتم", None)),  # a dash inside the headline
        ("دیدار وزیران - خبرگزاری مهر", False, ("دیدار وزیران", "خبرگزاری مهر")),  # an outlet after a dash
        ("دیدار وزیران", False, ("دیدار وزیران", None)),  # nothing to strip
    ],
)
def test_split_title_strips_the_site(title, page_title, expected):
    assert split_title(title, page_title=page_title) == expected


@pytest.mark.parametrize(
    ("text", "published", "note"),
    [
        ("عنوان\nتاریخ انتشار: ۱۴۰۲/۰۸/۱۵ - ۱۰:۳۰\nدر ۱۰ آبان ۱۴۰۲ وزیر گفت", date(2023, 11, 6), None),  # the
        # publication line wins over an earlier-named event date
        ("عنوان\nوزیر در ۱۰ آبان ۱۴۰۲ گفت که برجام زنده است", date(2023, 11, 1), None),  # the first date
        ("عنوان\nوزیر دیروز گفت که برجام زنده است", None, "دیروز"),  # relative: flagged, not guessed
        ("عنوان\nوزیر گفت که برجام زنده است", None, None),  # no date at all: nothing to flag
    ],
)
def test_guessed_dates_and_relative_notes(text, published, note):
    guessed = guess_metadata(text)
    assert guessed["published"] == published
    assert (note in guessed["date_note"]) if note else guessed["date_note"] is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("دیروز", "دیروز"),  # yesterday
        ("روز گذشته", "روز گذشته"),  # the day before
        ("۳ روز پیش", "۳ روز پیش"),  # n days ago
        ("2 days ago", "2 days ago"),  # English
        ("۱۴۰۲/۰۸/۱۵", None),  # an absolute date
        ("فرداشب", None),  # not a whole word
    ],
)
def test_relative_date(value, expected):
    assert relative_date(value) == expected


PAGE = ("<html><head><title>نشست بریکس در قازان آغاز شد | خبرگزاری فارس</title></head><body>"
        "<div class='byline'>تاریخ انتشار: ۱۴۰۲/۰۸/۱۵</div><article><p>به گزارش خبرنگار گروه سیاست خارجی خبرگزاری "
        "فارس، نشست سران بریکس در قازان آغاز شد و وزیر خارجه در این نشست گفت که همکاری‌ها ادامه دارد.</p><p>او "
        "افزود که کشورهای عضو بر گسترش تجارت با پول ملی تاکید کرده‌اند و این روند ادامه خواهد یافت.</p>"
        "</article></body></html>")


def test_html_page_metadata_title_outlet_and_published_date():
    (record,) = parse_bytes("page.html", PAGE.encode("utf-8"))
    assert (record.title, record.source, record.published) == (
        "نشست بریکس در قازان آغاز شد", "خبرگزاری فارس", date(2023, 11, 6))


def test_html_meta_published_time_is_read():
    page = PAGE.replace("<head>", "<head><meta property='article:published_time' content='2023-11-02T08:00:00Z'>")
    (record,) = parse_bytes("page.html", page.encode("utf-8"))
    assert record.published == date(2023, 11, 2)


@pytest.mark.parametrize(
    ("date_cell", "published", "warning"),
    [
        ("دیروز", None, "relative date «دیروز»"),  # relative: imported, flagged
        ("not a date", None, "could not be read"),  # unreadable: imported, flagged
        ("۱۴۰۲/۰۸/۱۰", date(2023, 11, 1), None),  # a date: no warning
    ],
)
def test_a_csv_date_that_cannot_be_stored_is_flagged(date_cell, published, warning):
    (record,) = parse_bytes("feed.csv", f"text,date\nوزیر گفت که برجام زنده است,{date_cell}\n".encode())
    assert record.published == published
    assert any(warning in w for w in record.warnings) if warning else record.warnings == ()


@pytest.mark.parametrize(
    ("date_cell", "entered", "kept"),
    [
        ("دیروز", None, ["relative date «دیروز»"]),  # no date entered: the import report still says why
        ("دیروز", date(2023, 11, 1), []),  # the analyst entered the date: the warning is settled
        ("۱۴۰۲/۰۸/۱۰", date(2023, 11, 1), []),  # a date from the start: nothing to say
    ],
)
def test_confirmed_metadata_keeps_the_warnings_a_date_does_not_settle(date_cell, entered, kept):
    text = "وزیر گفت که برجام زنده است"
    (record,) = parse_bytes("feed.csv", f"text,date\n{text},{date_cell}\n".encode())
    confirmed = with_metadata(record, "عنوان", "روزنامهٔ صبح نو", entered)
    assert (confirmed.title, confirmed.source, confirmed.published, confirmed.text) == (
        "عنوان", "روزنامهٔ صبح نو", entered, record.text)
    assert len(confirmed.warnings) == len(kept) and all(k in w for k, w in zip(kept, confirmed.warnings, strict=True))


def test_a_mixed_encoding_warning_outlives_an_entered_date():
    record = Record("old.txt", "متن", warnings=("کدگذاری آمیخته: ۲ سطر — mixed encodings",))
    assert with_metadata(record, "", "", date(2023, 11, 1)).warnings == record.warnings  # not a date warning


def test_parse_path_walks_a_folder(tmp_path):
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "two.txt").write_text(ARTICLE + " دوم", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert len([i for i in parse_path(tmp_path) if isinstance(i, Record)]) == 2


# --- hostile files: bounded before they cost anything; one bad file is one rejection line -------------------------
def zipped(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def reasons(items) -> dict[str, str]:
    return {i.source: i.reason for i in items if isinstance(i, Rejection)}


def record_names(items) -> list[str]:
    return sorted(i.source_name for i in items if isinstance(i, Record))


@pytest.fixture(scope="session")
def overlapping_bomb() -> bytes:
    """~1.3 MB: 20,000 central-directory entries, all pointing at one deflated 199 MiB member."""
    from bench.bombs import overlapping_bomb as build

    return build()


def test_overlapping_entry_bomb_is_refused_before_inflating(overlapping_bomb):
    tracemalloc.start()
    items = parsed("bomb.zip", overlapping_bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(items) == 1 and "overlapping entries" in items[0].reason
    assert peak < 64 * 1024 * 1024  # the 199 MiB member was never inflated, let alone 20,000 times


def test_nested_archives_share_one_budget():
    from bench.bombs import nested_bomb

    items = list(parse_bytes("nested.zip", nested_bomb(inner=3, member_bytes=3 * 1024 * 1024, fill=b"a"),
                             budget=Budget(bytes_left=7 * 1024 * 1024)))
    found = reasons(items)
    assert len(found) == 3  # one line per inner archive's member, none lost
    assert "no 'text' column" in found["nested.zip/part0.zip/inner.csv"]  # inflated (3 MiB of the 7), then read
    assert "already inflated" in found["nested.zip/part2.zip/inner.csv"]  # the budget is spent: never inflated


@pytest.mark.parametrize(
    ("builder", "reason"),
    [
        ("classic_bomb", "over the 209,715,200-byte limit"),  # declares 1 GiB: refused by its declared size
        ("lying_bomb", "Bad CRC-32"),  # declares 1 KiB, inflates to 64 MiB: zipfile stops at the declared size
    ],
)
def test_classic_bombs(builder, reason):
    import bench.bombs

    items = parsed("bomb.zip", getattr(bench.bombs, builder)())
    assert len(items) == 1 and reason in items[0].reason


def test_a_member_of_zeros_is_refused_from_its_first_chunk():
    from bench.bombs import deflated_zeros, zip_bytes

    data, crc = deflated_zeros(150 * 1024 * 1024)
    tracemalloc.start()
    items = parsed("zeros.zip", zip_bytes([("feed.jsonl", 8, data, crc, 150 * 1024 * 1024)]))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert reasons(items) == {"zeros.zip/feed.jsonl": "looks like a binary file, not text"}
    assert peak < 16 * 1024 * 1024


def test_entry_count_is_limited_across_nested_archives():
    inner = zipped({f"{n}.txt": ARTICLE for n in range(6)})
    items = list(parse_bytes("outer.zip", zipped({"a.zip": inner, "b.zip": inner}), budget=Budget(members_left=10)))
    assert len(record_names(items)) == 6  # the first inner archive fits the budget
    assert "entry limit" in reasons(items)["outer.zip/b.zip"]


@pytest.mark.parametrize(
    "member",
    [
        "..\\..\\x.txt",  # Windows separators climbing out
        "../x.txt",  # POSIX climbing out
        "a/../../x.txt",  # climbing out from a folder
        "/etc/x.txt",  # absolute
        "../.hidden.txt",  # hidden, but climbing out: still a line
        "C:/x.txt",  # a drive
    ],
)
def test_unsafe_member_names_get_a_rejection_line(member):
    items = parsed("slip.zip", zipped({member: ARTICLE, "ok.txt": ARTICLE + " دوم"}))
    assert record_names(items) == ["slip.zip/ok.txt"]
    assert "unsafe path" in reasons(items)[f"slip.zip/{member}"]


def entity_bomb_docx() -> bytes:
    """A Word document whose text is a billion-laughs entity (lxml stops it: «Maximum entity amplification»)."""
    import docx

    document = docx.Document()
    document.add_paragraph("LAUGH")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(buffer)
    xml = source.read("word/document.xml").decode()
    entities, previous = '<!ENTITY e0 "' + "ha" * 40 + '">', "e0"
    for level in range(1, 10):
        entities += f'<!ENTITY e{level} "{f"&{previous};" * 10}">'
        previous = f"e{level}"
    declaration, body = xml.split("?>", 1)
    xml = f"{declaration}?><!DOCTYPE w:document [{entities}]>{body.replace('LAUGH', f'&{previous};')}"
    return zipped({info.filename: xml if info.filename == "word/document.xml" else source.read(info.filename)
                   for info in source.infolist()})


DEEP_JSON = ("[" * 100_000 + "]" * 100_000).encode()  # past the C parser's recursion guard


@pytest.mark.parametrize(
    ("bad_name", "bad_data", "reason"),
    [
        ("bomb.docx", entity_bomb_docx(), "entity"),  # entity amplification in a Word document
        ("deep.json", DEEP_JSON, "nested more than"),  # RecursionError in json.loads
        ("deep2.json", json.dumps({"text": ARTICLE, "x": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},
                                  ensure_ascii=False).encode(), "nested more than"),  # under 1,000, over our limit
        ("broken.docx", b"PK\x03\x04 nothing more", "damaged archive"),  # not really a Word document
    ],
)
def test_one_bad_file_is_one_rejection_and_the_rest_import(tmp_path, bad_name, bad_data, reason):
    good = {"a.txt": ARTICLE, "b.txt": ARTICLE + " دوم"}
    items = parsed("batch.zip", zipped({**good, bad_name: bad_data}))
    assert record_names(items) == ["batch.zip/a.txt", "batch.zip/b.txt"]
    assert list(reasons(items)) == [f"batch.zip/{bad_name}"] and reason in reasons(items)[f"batch.zip/{bad_name}"]
    for name, data in {**good, bad_name: bad_data}.items():  # the same as a folder
        (tmp_path / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    items = list(parse_path(tmp_path))
    assert len(record_names(items)) == 2 and len(reasons(items)) == 1


def test_deep_jsonl_line_is_one_rejection():
    lines = [json.dumps({"text": ARTICLE}, ensure_ascii=False), "[" * 50_000 + "]" * 50_000,
             json.dumps({"text": ARTICLE + " دوم"}, ensure_ascii=False)]
    items = parsed("feed.jsonl", "\n".join(lines).encode())
    assert record_names(items) == ["feed.jsonl:1", "feed.jsonl:3"] and list(reasons(items)) == ["feed.jsonl:2"]


def test_a_huge_csv_field_loses_only_its_row():
    huge = "ب" * (5 * 1024 * 1024)  # 10 MB in UTF-8
    content = f'text,title\n"{ARTICLE}",یک\n"{huge}",دو\n"{ARTICLE} سوم",سه\n"{ARTICLE} چهارم",چهار\n'
    items = parsed("rows.csv", content.encode())
    assert [i.title for i in items if isinstance(i, Record)] == ["یک", "سه", "چهار"]
    assert list(reasons(items)) == ["rows.csv:3"] and "limit per article" in reasons(items)["rows.csv:3"]


def test_csv_row_after_a_malformed_row_is_kept():
    content = f'text,title\n"{ARTICLE}",یک\n"bad "quote" row",x\n"{ARTICLE} سوم",سه\n'
    items = parsed("rows.csv", content.encode())
    assert [i.title for i in items if isinstance(i, Record)] == ["یک", "سه"] and list(reasons(items)) == ["rows.csv:3"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/dev/zero", "not a regular file"),  # a device that never ends
        ("/dev/null", "not a regular file"),  # a device that is always empty
    ],
)
def test_special_files_are_refused_before_reading(path, reason):
    items = list(parse_path(Path(path)))
    assert len(items) == 1 and reason in items[0].reason


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    items = list(parse_path(fifo))  # opening a fifo would block until a writer came
    assert len(items) == 1 and "not a regular file" in items[0].reason


def test_an_oversized_path_is_refused_by_its_size(tmp_path):
    sparse = tmp_path / "huge.txt"
    with sparse.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: no disk used, and never read
    items = list(parse_path(sparse))
    assert len(items) == 1 and "over the 5,242,880-byte limit" in items[0].reason


def test_mixed_encodings_are_decoded_by_line_and_flagged():
    legacy = "وی افزود: گشت‌زنی ادامه دارد.".replace("ی", "ي").encode("cp1256")  # Windows-1256 has Arabic yeh
    record = only_record("mixed.txt", (ARTICLE + "\n").encode("utf-8") + legacy)
    assert "وی افزود: گشت‌زنی ادامه دارد." in record.text and ARTICLE in record.text  # both halves read right
    assert len(record.warnings) == 1 and "mixed encodings" in record.warnings[0] and "lines 2" in record.warnings[0]
    assert only_record("pure1256.txt", ARTICLE.replace("ی", "ي").encode("cp1256")).warnings == ()


def test_nul_and_overlong_metadata_are_cleaned():
    record = only_record("x.json", json.dumps({"text": ARTICLE + "\u0000", "title": "عنوان\u0000"},
                                              ensure_ascii=False).encode())
    assert "\x00" not in record.text and record.title == "عنوان"


# Fictional outlets and channels only; the shipped outlets file is not what these tests read.
AVA = Outlets.from_rows([("خبرگزاری آوای شهر", "آوای شهر", "AvayeShahr|@AvaNewsInt"), ("روزنامهٔ صبح نو",)])
BODY = "کیوان رستگار سخنگوی وزارت بازرگانی گفت: همکاری‌ها با همسایگان ادامه می‌یابد."


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (f"👈\nنشست وزیران در قازان برگزار شد\n{BODY}", "نشست وزیران در قازان برگزار شد"),  # emoji line first
        (f"🎥\n-\nرستگار به مرز رفت\n🔹\n{BODY}", "رستگار به مرز رفت"),  # two ornament lines
        (f"♦️ رستگار: همکاری ادامه دارد 🔻\n🔹\n{BODY}", "رستگار: همکاری ادامه دارد"),  # decorations around it
        (f"«همکاری ادامه دارد»\n{BODY}", "«همکاری ادامه دارد»"),  # quotes are the title's own
        (f"👈\n{BODY * 3}\n✅\n@AvayeShahr", None),  # the first line with words is the lead, not a title
    ],
)
def test_title_is_the_first_line_with_words(text, title):
    assert guess_metadata(text, AVA)["title"] == title


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (f"عنوان خبر\nبه گزارش آوای شهر به نقل از دیده‌بان شرق، {BODY}", "خبرگزاری آوای شهر"),  # the first outlet
        (f"عنوان خبر\nخبرگزاری آوای شهر: {BODY}\nبه گزارش خبرگزاری پارس‌نگار از مسکو، {BODY}",
         "خبرگزاری آوای شهر"),  # the lead-in outlet, not the one a later «به گزارش» relays
        (f"عنوان خبر\nخبرگزاري آواي شهر:\n{BODY}\nبه گزارش پارس‌نگار، {BODY}", "خبرگزاری آوای شهر"),  # Arabic ي
        (f"عنوان خبر\nبه گزارش خبرگزاری پارس‌نگار، {BODY}", "خبرگزاری پارس‌نگار"),  # an outlet not listed
        (f"عنوان خبر\nبه گزارش صبح نو، {BODY}", "روزنامهٔ صبح نو"),  # the listed name, head noun or not
        (f"عنوان خبر\n🔹\n{BODY}\n-\n@AvayeShahr\n|\nLink", "خبرگزاری آوای شهر"),  # a channel's signature
        (f"عنوان خبر\n{BODY}\n@avanewsint", "خبرگزاری آوای شهر"),  # a second handle, any case
        (f"عنوان خبر\n{BODY}\n📡\n@SomeChannel", "@SomeChannel"),  # a channel not listed: its handle
        (f"عنوان خبر\nبه گزارش پارس‌نگار، {BODY}\n@AvayeShahr", "پارس‌نگار"),  # the text's outlet wins
        (f"عنوان خبر\n{BODY}", None),  # nothing names an outlet
    ],
)
def test_source_is_the_outlet_that_filed_the_story(text, source):
    assert guess_metadata(text, AVA)["source"] == source


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("آوای شهر", "خبرگزاری آوای شهر"),  # the bare name
        ("خبرگزاری آوای شهر", "خبرگزاری آوای شهر"),  # the listed name
        ("خبرگزاري آواي شهر", "خبرگزاری آوای شهر"),  # Arabic yeh
        ("خبرگزاری آوای‌شهر", "خبرگزاری آوای شهر"),  # ZWNJ for a space
        ("پایگاه خبری آوای شهر", "خبرگزاری آوای شهر"),  # another generic head noun
        ("صبح نو", "روزنامهٔ صبح نو"),  # a listed outlet without aliases
        ("خبرگزاري  پارس‌نگار", "خبرگزاري  پارس‌نگار"),  # not listed: exactly as given
        (None, None),
    ],
)
def test_outlets_are_one_name_however_written(written, canonical):
    assert AVA.canonical(written) == canonical


def test_outlets_file_is_read_once_and_used_for_every_record(tmp_path, monkeypatch):
    listed = tmp_path / "outlets.tsv"
    listed.write_text("# name\taliases\thandles\nخبرگزاری آوای شهر\tآوای شهر\tAvayeShahr\n", encoding="utf-8")
    monkeypatch.setenv("GOFTAR_OUTLETS", str(listed))
    outlets = load_outlets()
    assert outlets.canonical("آوای شهر") == "خبرگزاری آوای شهر" and outlets.for_handle("@AvayeShahr")
    record = parse_pasted(f"عنوان خبر\n{BODY}\n@AvayeShahr")
    assert record.source == "خبرگزاری آوای شهر"  # what the Add page and the importer store
    given = parse_bytes("feed.jsonl", json.dumps({"text": BODY, "source": "خبرگزاري آواي شهر"}).encode("utf-8"))
    assert next(given).source == "خبرگزاری آوای شهر"  # a source given with the record: the same one name
    assert load_outlets(tmp_path / "missing.tsv").canonical("آوای شهر") == "آوای شهر"  # no file: names as written


def test_the_shipped_outlets_file_is_outside_the_engine_lexicons():
    from goftar.ingest import DEFAULT_OUTLETS_PATH
    from goftar.lexicon import DEFAULT_LEXICON_DIR

    assert DEFAULT_OUTLETS_PATH.is_file() and DEFAULT_OUTLETS_PATH.parent != DEFAULT_LEXICON_DIR  # no re-analysis
    assert load_outlets(DEFAULT_OUTLETS_PATH).names  # it parses, and lists outlets
