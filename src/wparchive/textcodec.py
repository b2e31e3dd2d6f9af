"""Which text encoding a page or export is in, from its first bytes.

UTF-16 files (Notepad's "Unicode", some Windows tools) have a NUL in every other
byte, which a naive check reads as binary data. They are told apart by their
byte-order mark, or, without one, by where the NUL bytes fall.
"""

from __future__ import annotations

import codecs

UTF16_BOMS = {codecs.BOM_UTF16_LE: "utf-16", codecs.BOM_UTF16_BE: "utf-16"}


def utf16_encoding(head: bytes) -> str | None:
    """``utf-16`` (BOM), ``utf-16-le`` or ``utf-16-be`` when the bytes look like UTF-16; else None."""
    if head[:2] in UTF16_BOMS:
        return "utf-16"
    sample = head[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nuls, odd_nuls = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
    # Latin text in UTF-16 has a NUL in nearly every pair; binary data has them anywhere.
    if odd_nuls >= 0.7 * pairs and even_nuls <= 0.05 * pairs:
        return "utf-16-le"
    if even_nuls >= 0.7 * pairs and odd_nuls <= 0.05 * pairs:
        return "utf-16-be"
    return None


def decode_text(data: bytes) -> str | None:
    """The text of a page: UTF-16 or UTF-8 (BOM dropped), else Windows-1252; None for binary data."""
    encoding = utf16_encoding(data)
    if encoding:
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def looks_like_markup(head: bytes) -> bool:
    """True when the document starts with markup (XML or HTML), in UTF-8 or UTF-16."""
    encoding = utf16_encoding(head)
    if encoding:
        head = head[: len(head) // 2 * 2].decode(encoding, errors="ignore").encode("utf-8")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"<") or b"<?xml" in head or b"<rss" in head
