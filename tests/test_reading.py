"""Decoding article bytes: encodings kept, bad input named with a reason."""

from __future__ import annotations

import pytest

from goftar.reading import MAX_ARTICLE_BYTES, InputError, decode_article

TEXT = "وزیر دفاع گفت: همکاری‌ها ادامه می‌یابد."


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8 with BOM"),
        (TEXT.encode("utf-16"), "utf-16 with BOM"),
        (TEXT.replace("ی", "ي").encode("cp1256"), "windows-1256 (Arabic yeh, as such files have it)"),
    ],
)
def test_encodings_decode(data, label):
    text = decode_article(data, label)
    assert "وزیر دفاع گفت" in text


def test_zwnj_survives_every_encoding():
    for data in (TEXT.encode("utf-8"), TEXT.encode("utf-16"), TEXT.replace("ی", "ي").encode("cp1256")):
        assert "همکاری\u200cها" in decode_article(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),  # nothing at all
        (b"   \n  ", "empty"),  # whitespace only
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20, "binary"),  # an executable
        (b"hello world, no persian here", "no Persian"),  # wrong language
        (b"x" * (MAX_ARTICLE_BYTES + 1), "limit"),  # too large
    ],
)
def test_bad_input_is_named_with_a_reason(data, reason):
    with pytest.raises(InputError, match=reason) as error:
        decode_article(data, "article.txt")
    assert str(error.value).startswith("article.txt:")
