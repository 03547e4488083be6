"""Turning files into articles: every format and encoding analysts bring, with a clear reason for each rejection.

Formats: pasted text, .txt/.md, .html/.htm (main text by trafilatura, ZWNJ protected), .docx, .json/.jsonl/.csv
(one article per record: `text`, optional `title`, `source`, `date`, `url`), and .zip archives of any of these.
Records inside a file are named `file:line` (CSV/JSONL line, JSON item number) or `archive/member`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from goftar.reading import MAX_ARTICLE_BYTES, InputError, decode_article

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES | {".docx", ".zip"}
MAX_ARCHIVE_MEMBERS = 20_000
MAX_FILE_BYTES = 200 * 1024 * 1024  # a whole CSV/JSONL/zip may hold many articles
ZWNJ = "\u200c"
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ZWNJ_PLACEHOLDERS = ("⁂", "⸎", "⁑")  # printable, so trafilatura's sanitizer keeps them


@dataclass(frozen=True)
class Record:
    """One article to import, with whatever metadata came with it."""

    source_name: str
    text: str
    title: str | None = None
    source: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True)
class Rejection:
    """An input that was not imported, and why."""

    source: str
    reason: str


@dataclass
class Report:
    """Outcome of an import batch."""

    imported: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    duplicate_names: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The documented JSON form."""
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": [{"source": r.source, "reason": r.reason} for r in self.rejected],
        }


# --- dates -------------------------------------------------------------------------------------------------
JALALI_MONTHS = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6,
    "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
NUMERIC_DATE_RE = re.compile(r"(?<!\d)(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?!\d)")
WORD_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s+(" + "|".join(JALALI_MONTHS) + r")\s+(?:ماه\s+)?(\d{4})(?!\d)")


def jalali_to_gregorian(year: int, month: int, day: int) -> date:
    """Gregorian date of a Jalali (Solar Hijri) date, by the 33-year arithmetic calendar."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        raise ValueError(f"no Jalali date {year}/{month}/{day}")
    # Days from 1 Farvardin 1 AP (622-03-21 in the proleptic Gregorian calendar Python uses) to the given date.
    epoch = date(622, 3, 21).toordinal()
    years = year - 1
    days = years * 365 + (8 * years + 29) // 33  # leap years before `year` in the 33-year cycle
    days += (month - 1) * 31 if month <= 7 else 6 * 31 + (month - 7) * 30
    return date.fromordinal(epoch + days + day - 1)


def parse_date(value: str | None) -> date | None:
    """A date from «2023-11-01», «1402/08/10», «۱۴۰۲/۰۸/۱۰» or «۱۰ آبان ۱۴۰۲»; None if there is none."""
    if not value:
        return None
    text = str(value).translate(DIGITS)
    match = NUMERIC_DATE_RE.search(text)
    try:
        if match:
            year, month, day = (int(g) for g in match.groups())
            return jalali_to_gregorian(year, month, day) if year < 1700 else date(year, month, day)
        match = WORD_DATE_RE.search(text)
        if match:
            return jalali_to_gregorian(int(match.group(3)), JALALI_MONTHS[match.group(2)], int(match.group(1)))
    except ValueError:
        return None
    return None


# --- guessing metadata ----------------------------------------------------------------------------------------
LEAD_SOURCE_RE = re.compile(r"به\s+(?:گزارش|نقل\s+از)\s+(?:خبرگزاری\s+|پایگاه\s+خبری\s+|روزنامه\s+)?([^،,:\n]{2,40})[،,:]")


def guess_metadata(text: str) -> dict:
    """Title, source and date guessed from the text: a short first line, «به گزارش X», the first date."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = None
    if lines and len(lines) > 1 and len(lines[0]) <= 160 and not lines[0].endswith((".", "،", ":")):
        if not LEAD_SOURCE_RE.match(lines[0]):
            title = lines[0]
    source_match = LEAD_SOURCE_RE.search(text[:2000])
    return {
        "title": title,
        "source": source_match.group(1).strip() if source_match else None,
        "published": parse_date(text[:3000]),
    }


# --- formats --------------------------------------------------------------------------------------------------
def html_main_text(html: str) -> str:
    """Main text of an HTML page (boilerplate, navigation and scripts dropped), with every ZWNJ kept."""
    import trafilatura

    placeholder = next((p for p in ZWNJ_PLACEHOLDERS if p not in html), None)
    if placeholder is None:
        raise InputError("cannot protect ZWNJ in this page")
    protected = html.replace(ZWNJ, placeholder).replace("&zwnj;", placeholder).replace("&#8204;", placeholder)
    protected = protected.replace("&#x200c;", placeholder).replace("&#x200C;", placeholder)
    extracted = trafilatura.extract(protected, include_comments=False, include_tables=False, favor_precision=True)
    if not extracted:
        extracted = trafilatura.extract(protected, include_comments=False, favor_recall=True) or ""
    return extracted.replace(placeholder, ZWNJ)


def docx_text(data: bytes) -> str:
    """Paragraph text of a Word document."""
    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())


def _record(name: str, fields: dict) -> Record | Rejection:
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejection(name, "the record has no 'text'")
    try:
        text = decode_article(text.encode("utf-8"), name)
    except InputError as error:
        return Rejection(name, str(error).removeprefix(f"{name}: "))
    guessed = guess_metadata(text)
    return Record(
        source_name=name,
        text=text,
        title=_clean(fields.get("title")) or guessed["title"],
        source=_clean(fields.get("source")) or guessed["source"],
        published=parse_date(_clean(fields.get("date"))) or guessed["published"],
        url=_clean(fields.get("url")),
    )


def _clean(value) -> str | None:
    if value is None:
        return None
    value = CONTROL_CHARACTERS.sub("", str(value)).strip()  # PostgreSQL cannot store NUL; none of them shows
    return value or None


def _records_csv(name: str, text: str) -> Iterator[Record | Rejection]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        yield Rejection(name, "the CSV file is empty")
        return
    except csv.Error as error:
        yield Rejection(f"{name}:1", f"malformed CSV header ({error})")
        return
    if "text" not in header:
        yield Rejection(name, "the CSV file has no 'text' column")
        return
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Rejection(f"{name}:{line}", f"malformed CSV row ({error})")
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Rejection(f"{name}:{line}", f"malformed CSV row: {len(row)} fields, the header has {len(header)}")
            continue
        yield _record(f"{name}:{line}", dict(zip(header, row, strict=True)))


def _records_jsonl(name: str, text: str) -> Iterator[Record | Rejection]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            yield Rejection(f"{name}:{number}", f"malformed JSON ({error.msg})")
            continue
        if not isinstance(item, dict):
            yield Rejection(f"{name}:{number}", "the line is not a JSON object")
            continue
        yield _record(f"{name}:{number}", item)


def _records_json(name: str, text: str) -> Iterator[Record | Rejection]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield Rejection(f"{name}:{error.lineno}", f"malformed JSON ({error.msg})")
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            yield Rejection(f"{name}:{number}", "the item is not a JSON object")
            continue
        yield _record(f"{name}:{number}" if len(items) > 1 else name, item)


def parse_bytes(name: str, data: bytes, *, depth: int = 0) -> Iterator[Record | Rejection]:
    """Records (or rejections) from one named file's bytes; the suffix decides the format."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUPPORTED:
        yield Rejection(name, f"unsupported file type '{suffix or 'none'}' (supported: {', '.join(sorted(SUPPORTED))})")
        return
    if not data.strip():
        yield Rejection(name, "the file is empty")
        return
    if len(data) > MAX_FILE_BYTES:
        yield Rejection(name, f"{len(data):,} bytes is over the {MAX_FILE_BYTES:,}-byte limit per file")
        return
    try:
        if suffix == ".zip":
            yield from _zip(name, data, depth)
        elif suffix == ".docx":
            yield _record(name, {"text": docx_text(data)})
        elif suffix in HTML_SUFFIXES:
            if len(data) > MAX_ARTICLE_BYTES:
                raise InputError(f"{len(data):,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte limit per article")
            html = _decode_any(data, name)
            yield _record(name, {"text": html_main_text(html), "title": _html_title(html)})
        elif suffix in TEXT_SUFFIXES:
            yield _record(name, {"text": decode_article(data, name)})
        else:
            text = _decode_any(data, name)
            parser = {".csv": _records_csv, ".json": _records_json}.get(suffix, _records_jsonl)
            yield from parser(name, text)
    except InputError as error:
        yield Rejection(name, str(error).removeprefix(f"{name}: "))
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as error:
        yield Rejection(name, f"cannot read the file ({type(error).__name__}: {error})")


def _decode_any(data: bytes, name: str) -> str:
    """Decode a container file (HTML, CSV, JSON) without the per-article checks."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot decode the text (not UTF-8, UTF-16 or Windows-1256)")
    return str(best)


def _html_title(html: str) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    if not match:
        return None
    import html as html_lib

    title = html_lib.unescape(re.sub(r"\s+", " ", match.group(1))).strip()
    return title[:300] or None


def _zip(name: str, data: bytes, depth: int) -> Iterator[Record | Rejection]:
    if depth > 1:
        yield Rejection(name, "archives nested more than one level are not opened")
        return
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not PurePosixPath(m.filename).name.startswith(".")]
        if len(members) > MAX_ARCHIVE_MEMBERS:
            yield Rejection(name, f"{len(members):,} files is over the {MAX_ARCHIVE_MEMBERS:,}-file limit per archive")
            return
        for member in members:
            if "__MACOSX" in member.filename:
                continue
            member_name = f"{name}/{member.filename}"
            if member.file_size > MAX_FILE_BYTES:
                yield Rejection(member_name, f"{member.file_size:,} bytes is over the limit per file")
                continue
            yield from parse_bytes(member_name, archive.read(member), depth=depth + 1)


def parse_path(path: Path) -> Iterator[Record | Rejection]:
    """Records from a file, or from every supported file under a folder."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED):
            yield from parse_path(child)
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Rejection(str(path), f"cannot read ({error.strerror or error})")
        return
    yield from parse_bytes(str(path), data)


def parse_pasted(text: str, name: str = "pasted text") -> Record | Rejection:
    """A record from text pasted into the app."""
    return _record(name, {"text": text})
