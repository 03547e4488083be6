"""Reading article bytes safely: size limit, binary detection, encodings (UTF-8/BOM, UTF-16, Windows-1256)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
PERSIAN_LETTER_RE = re.compile(r"[\u0600-\u06FF]")


class InputError(ValueError):
    """Input that cannot become an article; the message says why, for the user."""


def looks_binary(data: bytes) -> bool:
    """Many NUL bytes mean a binary file; one or two in a text file are stray characters."""
    return data.count(b"\x00") > max(8, len(data) // 1000)


def decode_article(data: bytes, name: str = "input", warnings: list[str] | None = None) -> str:
    """Decode article bytes to text, or raise InputError naming the input and the reason.

    A file mixing UTF-8 and Windows-1256 lines is decoded line by line and a warning is appended to `warnings`."""
    if not data or not data.strip():
        raise InputError(f"{name}: the file is empty")
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(f"{name}: {len(data):,} bytes is over the {MAX_ARTICLE_BYTES:,}-byte limit per article")
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:].decode("utf-8", errors="strict"), name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(data.decode("utf-16"), name)
        except UnicodeDecodeError as error:
            raise InputError(f"{name}: not valid UTF-16 ({error.reason})") from error
    if b"\x00" in data:
        if looks_binary(data):
            raise InputError(f"{name}: looks like a binary file, not text")
        data = data.replace(b"\x00", b"")  # a stray NUL in a text file (a cell, a title): dropped, the text kept
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    mixed = decode_lines(data)
    if mixed is not None:
        text, legacy_lines = mixed
        if warnings is not None:
            warnings.append(mixed_encoding_warning(legacy_lines))
        return _checked(text, name)
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: cannot decode the text (not UTF-8, UTF-16 or Windows-1256)") from error
    return _checked(text, name)


def decode_lines(data: bytes) -> tuple[str, list[int]] | None:
    """Text of a file that mixes UTF-8 lines and Windows-1256 lines (e.g. two sources pasted together), with the
    numbers of the Windows-1256 lines; None when the file is not mixed.

    A line counts as UTF-8 only if it decodes and holds Persian letters: Windows-1256 bytes sometimes form valid
    UTF-8 by chance, but then decode to Latin letters, never to Persian."""
    lines = data.split(b"\n")
    decoded, legacy, utf8_persian = [], [], 0
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and (line.isascii() or PERSIAN_LETTER_RE.search(text)):
            utf8_persian += not line.isascii()
            decoded.append(text)
            continue
        try:
            decoded.append(line.decode("cp1256"))
        except UnicodeDecodeError:
            return None
        legacy.append(number)
    if not utf8_persian or not legacy:
        return None
    return "\n".join(decoded), legacy


def mixed_encoding_warning(legacy_lines: list[int]) -> str:
    """The report's warning for a file decoded line by line."""
    shown = ", ".join(str(n) for n in legacy_lines[:5]) + ("…" if len(legacy_lines) > 5 else "")
    return (f"کدگذاری آمیخته: {len(legacy_lines)} سطر با Windows-1256 خوانده شد — mixed encodings: "
            f"{len(legacy_lines)} line(s) read as Windows-1256 (lines {shown}), the rest as UTF-8; check the text")


def _checked(text: str, name: str) -> str:
    text = text.replace("ي", "ی").replace("ك", "ک")  # Windows-1256 files carry Arabic yeh and kaf
    text = text.replace("\x00", "")  # PostgreSQL refuses NUL in text; dropped so both databases store the same
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > max(8, len(text) // 100):
        raise InputError(f"{name}: looks like a binary file, not text")
    if not PERSIAN_LETTER_RE.search(text):
        raise InputError(f"{name}: no Persian text found")
    return text


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; devices, pipes and sockets are refused before opening
    (reading /dev/zero never ends, opening a fifo blocks) and the size is checked before and while reading."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: پروندهٔ معمولی نیست — not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise InputError(f"{path}: {info.st_size:,} bytes is over the {limit:,}-byte limit")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from error
    if len(data) > limit:  # it grew after the check
        raise InputError(f"{path}: over the {limit:,}-byte limit")
    return data


def read_text_file(path: Path) -> str:
    """Read and decode an article file, or raise InputError with a one-line reason."""
    return decode_article(read_capped(path, MAX_ARTICLE_BYTES), str(path))
