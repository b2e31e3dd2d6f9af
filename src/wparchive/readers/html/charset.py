"""The text encoding of a saved page: byte-order mark, the HTTP header, the page's own declaration,
then a detector; and the recovery of pages whose declaration is wrong.

Browsers follow the WHATWG rules: a BOM wins, then the transport's ``charset``, then a ``<meta>``
declaration in the first bytes; ``iso-8859-1`` and ``us-ascii`` mean Windows-1252. Old blogs break
them in two common ways, both read here as the author meant: a page declared Latin-1 whose bytes
are UTF-8 (the theme's header was never updated), and a UTF-8 page with stray Windows-1252 bytes
(a plugin's output pasted in), read byte by byte as Windows-1252 where UTF-8 fails.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from wparchive.textcodec import utf16_encoding

_META_CHARSET = re.compile(rb"""<meta\b[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_PRESCAN_BYTES = 4096  # the spec scans 1024; WordPress heads put many tags before the meta
_WINDOWS_1252_ALIASES = {"latin_1", "iso8859_1", "ascii", "iso8859_15", "cp1252"}
_DETECT_BYTES = 1 << 18


@dataclass
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def _mixed_utf8(error: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 inside a UTF-8 page: read it as Windows-1252 (Latin-1 where undefined)."""
    assert isinstance(error, UnicodeDecodeError)
    byte = error.object[error.start : error.start + 1]
    return byte.decode("cp1252", errors="ignore") or byte.decode("latin-1"), error.start + 1


codecs.register_error("wparchive-cp1252", _mixed_utf8)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    if codec in _WINDOWS_1252_ALIASES:
        return "cp1252"
    if codec.startswith("utf-16") or codec.startswith("utf-32"):
        return "utf-8"  # a UTF-16 declaration in a byte-oriented page is wrong by definition
    return codec


def declared_encoding(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    return _codec(match.group(1).decode("ascii", "ignore")) if match else None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _detected(data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported when needed: most pages declare their charset

    best = from_bytes(data[:_DETECT_BYTES]).best()
    return (_codec(best.encoding) or "cp1252") if best else "cp1252"


def choose_encoding(data: bytes, transport_charset: str | None = None) -> Decoded:
    """How to read the page's bytes (``text`` left empty), with the reason when it was not plain."""
    if data.startswith(codecs.BOM_UTF8):
        return Decoded("", "utf-8")
    declared = _codec(transport_charset) or declared_encoding(data)
    if declared in (None, "utf-8"):
        if _is_utf8(data):
            return Decoded("", "utf-8")
        if declared == "utf-8":
            return Decoded(
                "",
                "utf-8",
                ["the page is declared UTF-8 but holds bytes that are not; those were read as Windows-1252"],
            )
        encoding = _detected(data)
        return Decoded("", encoding, [f"the page declares no charset; read as {encoding}"])
    if declared == "cp1252" and not data.isascii() and _is_utf8(data):
        return Decoded("", "utf-8", ["the page is declared Latin-1 but its bytes are UTF-8; read as UTF-8"])
    return Decoded("", declared)


def decode_with(data: bytes, encoding: str) -> str:
    """The text of bytes in ``encoding``; stray bytes of a UTF-8 page read as Windows-1252."""
    if encoding == "utf-8":
        return data.decode("utf-8", "wparchive-cp1252").removeprefix("\ufeff")
    return data.decode(encoding, "replace")


def as_bytes(data: bytes) -> bytes:
    """UTF-16 pages as UTF-8 bytes, so every later step reads ASCII-compatible bytes."""
    encoding = utf16_encoding(data)
    if encoding is None:
        return data
    return data.decode(encoding, "replace").lstrip("\ufeff").encode("utf-8")
