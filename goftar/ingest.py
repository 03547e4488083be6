"""Turning files into articles: every format and encoding analysts bring, with a clear reason for each rejection.

Formats: pasted text, .txt/.md, .html/.htm (main text by trafilatura, ZWNJ protected), .docx, .json/.jsonl/.csv
(one article per record: `text`, optional `title`, `source`, `date`, `url`), and .zip archives of any of these.
Records inside a file are named `file:line` (CSV/JSONL line, JSON item number) or `archive/member`.

Hostile files are bounded before they cost anything: a path is checked (regular file, size) before it is read; an
archive's entries are checked (count, overlapping entries, declared sizes) before any is inflated, and members are
inflated by counting the bytes that actually come out, against one budget shared with nested archives. Every file
is parsed inside its own error boundary, so one bad file is one rejection line and the rest of the batch imports.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path, PurePosixPath

from goftar.dates import jalali_to_gregorian
from goftar.reading import (
    MAX_ARTICLE_BYTES,
    InputError,
    decode_article,
    decode_lines,
    looks_binary,
    mixed_encoding_warning,
    read_capped,
)
from goftar.text import fold, without_controls

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson", ".csv"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES | {".docx", ".zip"}
MAX_ARCHIVE_MEMBERS = 20_000  # entries of one upload, nested archives included
MAX_FILE_BYTES = 200 * 1024 * 1024  # a whole CSV/JSONL/zip may hold many articles
MAX_DOCX_BYTES = 50 * 1024 * 1024  # a Word document, inflated (python-docx reads every part into memory)
MAX_EXPANDED_BYTES = 256 * 1024 * 1024  # everything one upload may inflate to, nested archives included
MAX_JSON_DEPTH = 32  # an article record is an object in a list; anything much deeper is not an article feed
MAX_REASON_CHARS = 300
READ_CHUNK = 1024 * 1024
ZIP_LOCAL_HEADER_BYTES = 30  # fixed part of a zip local file header
# A zip member path that climbs out of the archive or names a drive: never written anywhere, but not imported silently.
UNSAFE_MEMBER_RE = re.compile(r"(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[A-Za-z]:")
# A field of up to 4 articles' worth of characters is read whole (then rejected as over the article limit, one row);
# a longer one is a csv.Error for its row. The csv module buffers a field at 4 bytes per character: bounded here.
CSV_FIELD_CHARS = 4 * MAX_ARTICLE_BYTES
csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_CHARS))
ZWNJ = "\u200c"
ZWNJ_PLACEHOLDERS = ("⁂", "⸎", "⁑")  # printable, so trafilatura's sanitizer keeps them
DEFAULT_OUTLETS_PATH = Path(__file__).resolve().parent.parent / "assets" / "outlets.tsv"


@dataclass(frozen=True)
class Record:
    """One article to import, with whatever metadata came with it."""

    source_name: str
    text: str
    title: str | None = None
    source: str | None = None
    published: date | None = None
    url: str | None = None
    warnings: tuple[str, ...] = ()  # imported, but the analyst should know (e.g. mixed encodings)


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
    imported_names: list[str] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)  # imported with a caveat: source and what to check

    def to_dict(self) -> dict:
        """The documented JSON form; `warnings` only when there are some."""
        form = {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": [{"source": r.source, "reason": r.reason} for r in self.rejected],
        }
        if self.warnings:
            form["warnings"] = [{"source": w.source, "warning": w.reason} for w in self.warnings]
        return form


@dataclass
class Budget:
    """What one upload (a file and every archive nested in it) may still cost: inflated bytes and archive entries.

    `pace(name)`, if set, is asked before each archive member is inflated and before each record of a CSV/JSON/JSONL
    file is read: a reason not to read it (the upload's time or article count ran out), or None to go on. What it
    refuses still gets a rejection line: a member by its name, the rest of a records file by its range of lines."""

    bytes_left: int = MAX_EXPANDED_BYTES
    members_left: int = MAX_ARCHIVE_MEMBERS
    pace: Callable[[str], str | None] | None = None

    def refusal(self, name: str) -> str | None:
        """Why `name` is not to be read now, or None."""
        return self.pace(name) if self.pace is not None else None


class OverBudget(InputError):
    """An input would inflate past a limit; raised while counting, before the bytes are kept."""


# --- dates -------------------------------------------------------------------------------------------------
JALALI_MONTHS = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6,
    "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}
DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
NUMERIC_DATE_RE = re.compile(r"(?<!\d)(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?!\d)")
WORD_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s+(" + "|".join(JALALI_MONTHS) + r")\s+(?:ماه\s+)?(\d{4})(?!\d)")


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
LEAD_SOURCE_RE = re.compile(r"به\s+(?:گزارش|نقل\s+از)\s+([^،,:\n]{2,80})[،,:]")
# Words that start an outlet's name: the source is the outlet, not the reporter or desk that filed the story.
OUTLET_HEADS = (r"(?:باشگاه\s+خبرنگاران(?:\s+جوان)?|خبرگزاری|روزنام[هۀ]|پایگاه\s+(?:خبری|اطلاع[\s\u200c]*رسانی)|"
                r"پایگاه|شبکه|وبگاه|سایت|خبرنامه|هفته[\s\u200c]*نام[هۀ]|ماهنام[هۀ]|نشریه|مجله|رادیو|تلویزیون)"
                r"[\u0654\u0650]?")  # with the ezafe written or not: «روزنامهٔ صبح نو», «خبرگزاریِ …»
OUTLET_HEAD_RE = re.compile(OUTLET_HEADS + r"(?=\s|$)")
# «خبرگزاری فارس: …» opening a line of the lead: the outlet that filed the story (old Fars items start so), even
# when a later «به گزارش خبرگزاری فرانسه» names the outlet it relays.
LEAD_IN_RE = re.compile(r"^[^\S\n]*(" + OUTLET_HEADS + r"(?:[^\S\n]+[^\s:：،,«»\"]+){1,4})[^\S\n]*[:：]",
                        re.MULTILINE)
LEAD_IN_LINES = 3  # lines with words, after the title, where a lead-in may stand
# A news channel's signature at the foot of a post: «@Farsna». Named in assets/outlets.tsv, it gives the
# outlet; otherwise the handle itself is the source.
HANDLE_RE = re.compile(r"^@([A-Za-z][A-Za-z0-9_]{2,31})$")
SIGNATURE_LINES = 6  # the last lines of a post, where a channel signs
# Older texts write Persian with Arabic yeh and kaf («خبرگزاري»): one spelling, so one outlet name.
ARABIC_LETTERS = str.maketrans({"ي": "ی", "ك": "ک"})
# «خبرنگار گروه سیاسی ایرنا», «گروه بین‌الملل مشرق»: the reporter and the desk come before the outlet's name.
REPORTER_HEAD_RE = re.compile(r"^(?:خبرنگار(?:ان)?|گروه|سرویس|دبیر|حوزه|تحریریه|واحد)(?=\s|$)")
DESK_WORDS = {"ما", "اعزامی", "سیاسی", "اقتصادی", "بین\u200cالملل", "بین\u200cالمللی", "اجتماعی",
              "فرهنگی", "ورزشی", "دفاعی", "امنیتی", "پارلمانی", "دیپلماسی", "دیپلماتیک", "خارجی", "داخلی", "خبری",
              "خبرنگار", "گروه", "سرویس"}
# «به گزارش ایسنا به نقل از رویترز», «به گزارش ایرنا از مسکو»: the first outlet, without the place it reports from.
SOURCE_TAIL_RE = re.compile(r"\s+(?:به\s+نقل\s+از|از|در|و)\s+.*$")
# «عنوان | خبرگزاری فارس», «عنوان - ایسنا»: a site's name after (or before) the headline.
TITLE_BAR_RE = re.compile(r"\s*[|｜]\s*")
TITLE_DASH_RE = re.compile(r"\s+[-–—»:]{1,2}\s+")
MAX_SITE_WORDS = 5
PUBLISHED_RE = re.compile(
    r"(?:تاریخ\s*(?:انتشار|انتشار\s+خبر|خبر|ارسال)|زمان\s+انتشار|منتشر\s+شده\s+در|انتشار)\s*[:：]?\s*([^\n]{0,60})"
)
RELATIVE_DATE_RE = re.compile(
    r"(?<![\w\u200c])(?:پریروز|دیروز|امروز|فردا|روز\s+گذشته|شب\s+گذشته|هفته\s+(?:گذشته|پیش|آینده)|"
    r"ماه\s+(?:گذشته|پیش|آینده)|سال\s+(?:گذشته|پیش|آینده)|(?:[\d۰-۹]+|چند|دو|سه)\s+(?:روز|هفته|ماه|ساعت)\s+پیش|"
    r"بامداد\s+امروز|عصر\s+(?:امروز|دیروز)|yesterday|today|\d+\s+(?:days?|hours?|weeks?)\s+ago)(?![\w\u200c])",
    re.IGNORECASE,
)


def relative_date(value: str | None) -> str | None:
    """The relative date named in `value` («دیروز», «روز گذشته», «3 days ago»), or None: it cannot be stored."""
    if not value:
        return None
    match = RELATIVE_DATE_RE.search(str(value))
    return match.group(0) if match else None


DATE_WARNING_START = "تاریخ"  # every `date_warning` starts so, and no other warning does


def date_warning(value: str) -> str:
    """Why a date given with an article was not stored (Persian, then English)."""
    relative = relative_date(value)
    if relative:
        return (f"{DATE_WARNING_START} نسبی «{relative}» ذخیره نشد؛ تاریخ را وارد کنید — relative date «{relative}» "
                "not stored (no day to count from): enter the date")
    return f"{DATE_WARNING_START} «{value[:40]}» خوانده نشد — the date «{value[:40]}» could not be read; not stored"


def with_metadata(record: Record, title: str | None, source: str | None, published: date | None) -> Record:
    """The record with the title, source and date an analyst confirmed. Its warnings stay (the import report lists
    them), except a date warning once a date is given: the analyst settled it."""
    warnings = record.warnings if published is None else tuple(
        w for w in record.warnings if not w.startswith(DATE_WARNING_START))
    return Record(record.source_name, record.text, title or None, source or None, published, record.url, warnings)


def outlet(phrase: str | None) -> str | None:
    """The outlet named in «به گزارش …»: «خبرنگار گروه سیاست خارجی خبرگزاری فارس» → «خبرگزاری فارس»."""
    if not phrase:
        return None
    phrase = " ".join(phrase.translate(ARABIC_LETTERS).split())
    head = OUTLET_HEAD_RE.search(phrase)
    if head:
        named = SOURCE_TAIL_RE.sub("", phrase[head.start():])
        return named if len(named.split()) > 1 or head.group(0) == named else None
    phrase = SOURCE_TAIL_RE.sub("", phrase)
    if REPORTER_HEAD_RE.match(phrase):
        last = phrase.split()[-1]
        return None if last in DESK_WORDS else last
    return phrase if len(phrase.split()) <= MAX_SITE_WORDS else None


def split_title(title: str | None, *, page_title: bool = False) -> tuple[str | None, str | None]:
    """(headline, site) of a title: «برجام زنده است | خبرگزاری فارس» → («برجام زنده است», «خبرگزاری فارس»).

    A part after a bar is always the site's. After a dash, a short part is the site's when it names an outlet, or
    when the title is an HTML page's <title> (where sites put their name); a dash inside a headline stays."""
    if not title:
        return None, None
    title = " ".join(title.split())
    site = None
    parts = [p for p in TITLE_BAR_RE.split(title) if p]
    if len(parts) > 1:
        title = max(parts, key=len)
        others = [p for p in parts if p is not title]
        site = next((p for p in others if OUTLET_HEAD_RE.search(p)), others[-1])
    separators = list(TITLE_DASH_RE.finditer(title))
    if separators:
        head, tail = title[: separators[-1].start()], title[separators[-1].end():]
        lead, body = title[: separators[0].start()], title[separators[0].end():]
        if _site_like(tail, head, page_title):
            title, site = head, site or tail
        elif _site_like(lead, body, False):
            title, site = body, site or lead
    return title or None, site


def _site_like(part: str, rest: str, page_title: bool) -> bool:
    if not rest or len(part.split()) > MAX_SITE_WORDS:
        return False
    return bool(OUTLET_HEAD_RE.search(part)) or (page_title and len(part) * 2 < len(rest))


def published_in(text: str) -> date | None:
    """The date a page says it was published («تاریخ انتشار: ۱۴۰۲/۰۸/۱۵»), else None."""
    for match in PUBLISHED_RE.finditer(text):
        found = parse_date(match.group(1))
        if found:
            return found
    return None


def guess_metadata(text: str, outlets: Outlets | None = None) -> dict:
    """Title, source and date guessed from the text: a short first line with words, the outlet that filed the story
    (see `lead_outlet`), the date the page says it was published, else the first date. `date_note` says why no date
    was taken when the lead has only a relative one («دیروز»)."""
    outlets = outlets if outlets is not None else load_outlets()
    lines = [line.strip() for line in text.splitlines() if has_letters(line)]  # not a channel's «🔹» or «-»
    title = site = None
    if len(lines) > 1 and len(lines[0]) <= 160 and not lines[0].endswith((".", "،", ":")):
        if not LEAD_SOURCE_RE.match(lines[0]):
            title, site = split_title(_undecorated(lines[0]))
    lead = lines[1 : 1 + LEAD_IN_LINES] if title else lines[:LEAD_IN_LINES]
    source = lead_outlet(text, lead) or (site and site.translate(ARABIC_LETTERS)) or signature_outlet(text, outlets)
    published = published_in(text[:5000]) or parse_date(text[:3000])
    note = None
    if published is None:
        relative = relative_date(text[:3000])
        note = date_warning(relative) if relative else None
    return {"title": title, "source": outlets.canonical(source), "published": published, "date_note": note}


def has_letters(line: str) -> bool:
    """Whether a line holds a letter: a channel's emoji line («👈», «🔹»), a «-» or a «|» holds none."""
    return any(ch.isalpha() for ch in line)


def _undecorated(line: str) -> str:
    """A title without the emoji or bullets a channel puts around it («♦️ …», «… 🔻»); brackets and quotes stay."""
    start, end = 0, len(line)
    while start < end and not (line[start].isalnum() or line[start] in "«(\"'"):
        start += 1
    while end > start and not (line[end - 1].isalnum() or line[end - 1] in "»)\"'?!؟"):
        end -= 1
    return line[start:end].strip()


def lead_outlet(text: str, lead_lines: Sequence[str] = ()) -> str | None:
    """The outlet that filed the story: whichever comes first of a lead-in line («خبرگزاری فارس: …», among
    `lead_lines`) and «به گزارش X»; of «به گزارش فارس به نقل از الجزیره», the first outlet (فارس), never the one
    it relays."""
    found: list[tuple[int, str]] = []
    for line in lead_lines:
        lead_in = LEAD_IN_RE.match(line.translate(ARABIC_LETTERS))
        named = outlet(lead_in.group(1)) if lead_in else None
        if named:
            found.append((text.find(line), named))
            break
    reported = LEAD_SOURCE_RE.search(text[:2000])
    named = outlet(reported.group(1)) if reported else None
    if named:
        found.append((reported.start(), named))
    return min(found)[1] if found else None


def signature_outlet(text: str, outlets: Outlets | None = None) -> str | None:
    """The outlet a channel post signs with at its foot («@Farsna»): the one outlets.tsv names for the handle, else
    the handle itself («@SomeChannel»); None without a signature."""
    outlets = outlets if outlets is not None else load_outlets()
    tail = [line.strip() for line in text.strip().splitlines()[-SIGNATURE_LINES:]]
    for line in reversed(tail):
        handle = HANDLE_RE.match(line)
        if handle:
            return outlets.for_handle(handle.group(1)) or line
    return None


@dataclass(frozen=True)
class Outlets:
    """News outlets from `assets/outlets.tsv`: one name per outlet however a text writes it, and the
    channel handles that sign its posts. Names are compared without the generic head noun (خبرگزاری، روزنامه،
    پایگاه خبری…), spacing, ZWNJ or Arabic letter forms, so «فارس», «خبرگزاری فارس» and «خبرگزاري فارس» are one."""

    names: Mapping[str, str] = field(default_factory=dict)  # comparison key → the outlet's name
    handles: Mapping[str, str] = field(default_factory=dict)  # handle, lower case, without «@» → the outlet's name

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[str]]) -> Outlets:
        """From rows of (name, aliases separated by «|», handles separated by «|»); the last two may be missing."""
        names: dict[str, str] = {}
        handles: dict[str, str] = {}
        for row in rows:
            name = " ".join(row[0].split()) if row else ""
            if not name:
                continue
            for alias in [name, *_listed(row, 1)]:
                names.setdefault(outlet_key(alias), name)
            for handle in _listed(row, 2):
                handles.setdefault(handle.lstrip("@").lower(), name)
        return cls(names, handles)

    def canonical(self, name: str | None) -> str | None:
        """The outlet's listed name, else `name` exactly as given (a source that came with a record is stored as
        written; the guessed ones are already in Persian letters, single-spaced)."""
        if not name:
            return None
        return self.names.get(outlet_key(name), name)

    def for_handle(self, handle: str) -> str | None:
        """The outlet whose channel signs with this handle («Farsna» or «@Farsna»), or None."""
        return self.handles.get(handle.lstrip("@").lower())


def _listed(row: Sequence[str], column: int) -> list[str]:
    return [item.strip() for item in (row[column] if len(row) > column else "").split("|") if item.strip()]


def outlet_key(name: str) -> str:
    """What two spellings of one outlet share: the name without its generic head noun, folded (goftar.text.fold)."""
    name = " ".join(name.translate(ARABIC_LETTERS).split())
    head = OUTLET_HEAD_RE.match(name)
    rest = name[head.end():].strip() if head else ""
    return fold(rest or name)


def load_outlets(path: str | Path | None = None) -> Outlets:
    """The outlets file: `assets/outlets.tsv`, or the file `GOFTAR_OUTLETS` names; none listed when there is no
    such file. Read once per path. Not in `assets/lexicons/`: every file there is part of the engine's fingerprint,
    and an outlet added would send the whole corpus to re-analysis for nothing (the engine never reads outlets)."""
    return _outlets_in(Path(path or os.environ.get("GOFTAR_OUTLETS") or DEFAULT_OUTLETS_PATH))


@lru_cache(maxsize=4)
def _outlets_in(path: Path) -> Outlets:
    if not path.is_file():
        return Outlets()
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return Outlets.from_rows(csv.reader(lines, delimiter="\t"))


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


def _record(name: str, fields: dict, warnings: tuple[str, ...] = ()) -> Record | Rejection:
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejection(name, "the record has no 'text'")
    if len(text) > MAX_ARTICLE_BYTES:  # at least as many bytes as characters: over, without encoding it to count
        return Rejection(name, f"over {MAX_ARTICLE_BYTES:,} bytes, the limit per article")
    try:
        # NUL is dropped (PostgreSQL refuses it in text; SQLite would keep it): both databases store the same
        text = decode_article(text.replace("\x00", "").encode("utf-8", errors="replace"), name)
    except InputError as error:
        return Rejection(name, _reason(error, name))
    guessed = guess_metadata(text)
    date_text = _clean(fields.get("date"))
    given_date = parse_date(date_text)
    if date_text and given_date is None:  # kept visible: a dropped date would look like a page without one
        warnings = (*warnings, date_warning(date_text))
    elif not date_text and guessed["published"] is None and guessed["date_note"]:
        warnings = (*warnings, guessed["date_note"])
    return Record(
        source_name=name,
        text=text,
        title=_clean(fields.get("title")) or guessed["title"],
        source=load_outlets().canonical(_clean(fields.get("source")) or guessed["source"] or _clean(fields.get("site"))),
        published=given_date or guessed["published"],
        url=_clean(fields.get("url")),
        warnings=warnings,
    )


def _clean(value) -> str | None:
    if value is None or isinstance(value, dict | list):  # metadata is a plain value; a structure is not a title
        return None
    value = without_controls(str(value)).strip()  # PostgreSQL cannot store NUL; none of them shows
    return value or None


def _reason(error: Exception, name: str) -> str:
    """A one-line reason: the input's name is already in the report line, and no reason is a wall of text."""
    text = " ".join(str(error).removeprefix(f"{name}: ").split())
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


def _lines(text: str, *, keepends: bool = False) -> Iterator[str]:
    """The lines of a container file one at a time (io.StringIO would copy it at 4 bytes a character)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end] if keepends else text[start:end].rstrip("\r\n")
        start = end


def _rest(name: str, first: int, last: int, reason: str) -> Rejection:
    """One line for the records a budget left unread: «feed.csv:20002–31000» (lines of the file)."""
    return Rejection(f"{name}:{first}" + (f"–{last}" if last > first else ""), reason)


def _records_csv(name: str, text: str, warnings: tuple[str, ...] = (),
                 budget: Budget | None = None) -> Iterator[Record | Rejection]:
    budget = budget if budget is not None else Budget()
    reader = csv.reader(_lines(text, keepends=True))
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
        except csv.Error as error:  # the reader resumes at the next line: one rejected row, the rest read on
            yield Rejection(f"{name}:{line}", f"malformed CSV row ({error})")
            continue
        if not any(cell.strip() for cell in row):
            continue
        refused = budget.refusal(f"{name}:{line}")
        if refused:
            yield _rest(name, line, _last_csv_line(reader), refused)
            return
        if len(row) != len(header):
            yield Rejection(f"{name}:{line}", f"malformed CSV row: {len(row)} fields, the header has {len(header)}")
            continue
        yield _record(f"{name}:{line}", dict(zip(header, row, strict=True)), warnings)


def _last_csv_line(reader) -> int:
    """The last line of a CSV file whose rows are skipped unread (the C reader only splits them)."""
    while True:
        try:
            next(reader)
        except StopIteration:
            return reader.line_num
        except csv.Error:
            continue


def _records_jsonl(name: str, text: str, warnings: tuple[str, ...] = (),
                   budget: Budget | None = None) -> Iterator[Record | Rejection]:
    budget = budget if budget is not None else Budget()
    lines = enumerate(_lines(text), start=1)
    for number, line in lines:
        if not line.strip():
            continue
        refused = budget.refusal(f"{name}:{number}")
        if refused:
            last = max((n for n, rest in lines if rest.strip()), default=number)
            yield _rest(name, number, last, refused)
            return
        try:
            item = _json(line)
        except json.JSONDecodeError as error:
            yield Rejection(f"{name}:{number}", f"malformed JSON ({error.msg})")
            continue
        except InputError as error:
            yield Rejection(f"{name}:{number}", str(error))
            continue
        if not isinstance(item, dict):
            yield Rejection(f"{name}:{number}", "the line is not a JSON object")
            continue
        yield _record(f"{name}:{number}", item, warnings)


def _json(text: str):
    """Parsed JSON no deeper than MAX_JSON_DEPTH (the C parser's own guard is a RecursionError near 1,000)."""
    try:
        data = json.loads(text)
    except RecursionError:
        data = None
    else:
        if _depth_within(data, MAX_JSON_DEPTH):
            return data
    raise InputError(f"JSON nested more than {MAX_JSON_DEPTH} levels deep")


def _depth_within(data, limit: int) -> bool:
    """Whether no list or object in `data` is nested deeper than `limit` (iterative: depth is what is in doubt)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return False
            stack.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict) else value))
    return True


def _records_json(name: str, text: str, warnings: tuple[str, ...] = (),
                  budget: Budget | None = None) -> Iterator[Record | Rejection]:
    budget = budget if budget is not None else Budget()
    try:
        data = _json(text)
    except json.JSONDecodeError as error:
        yield Rejection(f"{name}:{error.lineno}", f"malformed JSON ({error.msg})")
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, start=1):
        refused = budget.refusal(f"{name}:{number}") if len(items) > 1 else None
        if refused:
            yield _rest(name, number, len(items), refused)
            return
        if not isinstance(item, dict):
            yield Rejection(f"{name}:{number}", "the item is not a JSON object")
            continue
        yield _record(f"{name}:{number}" if len(items) > 1 else name, item, warnings)


def parse_bytes(name: str, data: bytes, *, depth: int = 0, budget: Budget | None = None) -> Iterator[Record | Rejection]:
    """Records (or rejections) from one named file's bytes; the suffix decides the format.

    Never raises for bad input: whatever goes wrong inside one file (a malformed docx, a JSON nested too deep, a
    parser's own error) becomes a rejection line for that file, after any records it yielded before."""
    budget = budget if budget is not None else Budget()
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUPPORTED:
        yield _unsupported(name, suffix)
        return
    if not data or data.isspace():  # (not data.strip(): that would copy a whole archive)
        yield Rejection(name, "the file is empty")
        return
    if len(data) > size_limit(suffix):
        yield Rejection(name, f"{len(data):,} bytes is over the {size_limit(suffix):,}-byte limit for {suffix} files")
        return
    try:
        if suffix == ".zip":
            yield from _zip(name, data, depth, budget)
        elif suffix == ".docx":
            yield _record(name, {"text": docx_text(data, budget, name)})
        elif suffix in HTML_SUFFIXES:
            html, warnings = _decode_any(data, name)
            title, site = split_title(_html_title(html), page_title=True)
            yield _record(name, {"text": html_main_text(html), "title": title, "site": site, "date": _html_date(html)},
                          warnings)
        elif suffix in TEXT_SUFFIXES:
            warnings: list[str] = []
            text = decode_article(data, name, warnings)
            yield _record(name, {"text": text}, tuple(warnings))
        else:
            text, warnings = _decode_any(data, name)
            parser = {".csv": _records_csv, ".json": _records_json}.get(suffix, _records_jsonl)
            yield from parser(name, text, warnings, budget)
    except InputError as error:
        yield Rejection(name, _reason(error, name))
    except zipfile.BadZipFile as error:
        yield Rejection(name, _reason(f"cannot read the file (damaged archive: {error})", name))
    except RecursionError:
        yield Rejection(name, "cannot read the file (nested too deeply)")
    except MemoryError:
        yield Rejection(name, "cannot read the file (not enough memory for it)")
    except Exception as error:  # a parser's own failure (lxml, python-docx, trafilatura): this file only
        kind = type(error).__name__
        if kind == "XMLSyntaxError":
            kind = "malformed XML or entity expansion"
        yield Rejection(name, _reason(f"cannot read the file ({kind}: {error})", name))


def _unsupported(name: str, suffix: str) -> Rejection:
    return Rejection(name, f"unsupported file type '{suffix or 'none'}' (supported: {', '.join(sorted(SUPPORTED))})")


def size_limit(suffix: str) -> int:
    """Largest file of this type read at all: an article, a Word document, or a container of many articles."""
    if suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
        return MAX_ARTICLE_BYTES
    if suffix == ".docx":
        return MAX_DOCX_BYTES
    return MAX_FILE_BYTES


def _decode_any(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decode a container file (HTML, CSV, JSON) without the per-article checks; warnings for mixed encodings."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), ()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), ()
    if b"\x00" in data:
        if looks_binary(data):
            raise InputError(f"{name}: looks like a binary file, not text")
        data = data.replace(b"\x00", b"")  # a stray NUL in a text file (a cell, a title): dropped, the text kept
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    mixed = decode_lines(data)
    if mixed is not None:
        return mixed[0], (mixed_encoding_warning(mixed[1]),)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: cannot decode the text (not UTF-8, UTF-16 or Windows-1256)")
    return str(best), ()


def _html_title(html: str) -> str | None:
    match = re.search(r"<title[^>]*>(.*?)</title>", html, re.IGNORECASE | re.DOTALL)
    if not match:
        return None
    import html as html_lib

    title = html_lib.unescape(re.sub(r"\s+", " ", match.group(1))).strip()
    return title[:300] or None


HTML_DATE_META_RE = re.compile(
    r"<meta\s[^>]*(?:property|name|itemprop)\s*=\s*[\"'](?:article:published_time|datePublished|date|pubdate|"
    r"og:published_time|publish[-_]date)[\"'][^>]*>", re.IGNORECASE)
META_CONTENT_RE = re.compile(r"content\s*=\s*[\"']([^\"']{4,60})[\"']", re.IGNORECASE)
TAG_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.IGNORECASE | re.DOTALL)


def _html_date(html: str) -> str | None:
    """The publication date a page declares (a meta tag, else «تاریخ انتشار: …» in its text), as an ISO date.

    trafilatura keeps the article body and drops the byline where sites print the date, so the page is read here."""
    for tag in HTML_DATE_META_RE.finditer(html[:200_000]):
        content = META_CONTENT_RE.search(tag.group(0))
        found = parse_date(content.group(1)) if content else None
        if found:
            return found.isoformat()
    import html as html_lib

    visible = html_lib.unescape(TAG_RE.sub(" ", html[:500_000]))
    found = published_in(visible)
    return found.isoformat() if found else None


def _checked_entries(archive: zipfile.ZipFile, name: str, budget: Budget, total_limit: int) -> list[zipfile.ZipInfo]:
    """The archive's entries once they pass the checks that cost nothing to inflate: entry count against the
    upload's budget, no two entries sharing compressed bytes, declared sizes within `total_limit`.

    Overlapping entries are how a 1 MB zip declares thousands of copies of one 200 MiB member: no archiver writes
    them, so they are refused outright. Entries are compared by where their data starts and the least it can take
    (a 30-byte local header and the compressed size)."""
    entries = archive.infolist()
    if len(entries) > budget.members_left:
        raise OverBudget(f"{name}: {len(entries):,} entries is over the {MAX_ARCHIVE_MEMBERS:,}-entry limit per upload")
    budget.members_left -= len(entries)
    spans = sorted((e.header_offset, e.header_offset + ZIP_LOCAL_HEADER_BYTES + e.compress_size) for e in entries)
    for (_, previous_end), (start, _) in pairwise(spans):
        if start < previous_end:
            raise OverBudget(f"{name}: بایگانی ناامن — overlapping entries share compressed data (a zip bomb); "
                             "not opened")
    declared = sum(e.file_size for e in entries)
    if declared > total_limit:
        raise OverBudget(f"{name}: declares {declared:,} bytes inflated, over the {total_limit:,}-byte limit")
    return entries


def _inflate(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limit: int, *, text: bool) -> bytes:
    """An entry's bytes, counted as they come out (a declared size can lie): more than `limit` is refused.

    A `text` member (article or records) whose first chunk holds NUL bytes without a UTF-16 mark is binary: it is
    refused there, before the rest is inflated (a member of zeros is the cheapest bomb to build)."""
    buffer, size = io.BytesIO(), 0  # BytesIO hands its buffer over without a copy: one member in memory, not two
    with archive.open(entry) as stream:
        while chunk := stream.read(READ_CHUNK):
            if text and not size and b"\x00" in chunk and not chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise InputError("looks like a binary file, not text")
            size += len(chunk)
            if size > limit:
                raise OverBudget(f"inflates past {limit:,} bytes")
            buffer.write(chunk)
    return buffer.getvalue()


def docx_text(data: bytes, budget: Budget | None = None, name: str = "document.docx") -> str:
    """Paragraph text of a Word document (its zip checked first: python-docx would inflate every part)."""
    import docx

    budget = budget if budget is not None else Budget()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = _checked_entries(archive, name, budget, min(MAX_DOCX_BYTES, budget.bytes_left))
    budget.bytes_left -= sum(e.file_size for e in entries)  # zipfile never inflates past a declared size
    document = docx.Document(io.BytesIO(data))
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())


def _zip(name: str, data: bytes, depth: int, budget: Budget) -> Iterator[Record | Rejection]:
    if depth > 1:
        yield Rejection(name, "archives nested more than one level are not opened")
        return
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in _checked_entries(archive, name, budget, 2**62):  # sizes are checked member by member below
            if entry.is_dir() or "__MACOSX" in entry.filename:
                continue
            member_name = f"{name}/{entry.filename}"
            if UNSAFE_MEMBER_RE.search(entry.filename):
                yield Rejection(member_name, "unsafe path in the archive (climbs out of it or is absolute); not read")
                continue
            if re.split(r"[\\/]", entry.filename)[-1].startswith("."):  # hidden files (.DS_Store) are not articles
                continue
            suffix = PurePosixPath(entry.filename.replace("\\", "/")).suffix.lower()
            if suffix not in SUPPORTED:
                yield _unsupported(member_name, suffix)
                continue
            limit = min(size_limit(suffix), budget.bytes_left)
            if entry.file_size > size_limit(suffix):
                yield Rejection(member_name, f"{entry.file_size:,} bytes is over the {size_limit(suffix):,}-byte limit "
                                             f"for {suffix} files")
                continue
            if entry.file_size > budget.bytes_left:
                yield Rejection(member_name, f"the upload already inflated to {MAX_EXPANDED_BYTES:,} bytes; not read")
                continue
            refused = budget.refusal(member_name)
            if refused:
                yield Rejection(member_name, refused)
                continue
            try:
                member_data = _inflate(archive, entry, limit, text=suffix not in {".zip", ".docx"})
            except InputError as error:
                yield Rejection(member_name, _reason(error, member_name))
                continue
            except Exception as error:  # encrypted, damaged or lying about its size: this member only
                yield Rejection(member_name, _reason(f"cannot read the member ({error})", member_name))
                continue
            budget.bytes_left -= len(member_data)
            yield from parse_bytes(member_name, member_data, depth=depth + 1, budget=budget)


def parse_path(path: Path) -> Iterator[Record | Rejection]:
    """Records from a file, or from every supported file under a folder (checked before it is read)."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED and not p.is_dir()):
            yield from parse_path(child)
        return
    try:
        data = read_capped(path, size_limit(path.suffix.lower()))
    except InputError as error:
        yield Rejection(str(path), _reason(error, str(path)))
        return
    yield from parse_bytes(str(path), data)


def parse_pasted(text: str, name: str = "pasted text") -> Record | Rejection:
    """A record from text pasted into the app."""
    return _record(name, {"text": text})
