"""Reading article bytes safely: size limit, binary detection, encodings (UTF-8/BOM, UTF-16, Windows-1256)."""

from __future__ import annotations

import re
from pathlib import Path

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
PERSIAN_LETTER_RE = re.compile(r"[\u0600-\u06FF]")


class InputError(ValueError):
    """Input that cannot become an article; the message says why, for the user."""


def decode_article(data: bytes, name: str = "input") -> str:
    """Decode article bytes to text, or raise InputError naming the input and the reason."""
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
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: cannot decode the text (not UTF-8, UTF-16 or Windows-1256)") from error
    return _checked(text, name)


def _checked(text: str, name: str) -> str:
    text = text.replace("ي", "ی").replace("ك", "ک")  # Windows-1256 files carry Arabic yeh and kaf
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > max(8, len(text) // 100):
        raise InputError(f"{name}: looks like a binary file, not text")
    if not PERSIAN_LETTER_RE.search(text):
        raise InputError(f"{name}: no Persian text found")
    return text


def read_text_file(path: Path) -> str:
    """Read and decode an article file, or raise InputError with a one-line reason."""
    try:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from error
    return decode_article(data, str(path))
