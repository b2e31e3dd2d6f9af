"""A saved page's bytes made ready to parse: noise cut out and recorded, Wayback undone, text decoded.

PHP warnings, xdebug tables and wpdb errors are printed by the server into the page, often before
``<!DOCTYPE`` where an HTML parser would move them into the body as if they were content; a
Wayback capture adds the archive's scripts, toolbar and trailer; a lazy-load plugin that runs
``DOMDocument::saveHTML`` nests a whole second document inside the post. All of these are found
on the bytes, before parsing, and each removal becomes an artefact whose offsets count bytes of
the stored page (of its UTF-8 form when the page was UTF-16), so nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wparchive import furniture
from wparchive.model import ArtefactRecord
from wparchive.readers.html import wayback
from wparchive.readers.html.charset import as_bytes, choose_encoding, decode_with

_PAGE_START = re.compile(rb"<!doctype\s+html|<html[\s>]", re.I)
_NESTED_DOCUMENT = re.compile(
    rb"<!DOCTYPE[^>]{0,300}>\s*<html[^>]{0,300}>\s*(?:<head>.{0,2000}?</head>\s*)?<body[^>]{0,300}>",
    re.I | re.S,
)
_NESTED_END = re.compile(rb"</body>\s*</html>", re.I)
_END_OF_PAGE = re.compile(rb"</(?:body|html)\s*>", re.I)
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_TAG = re.compile(rb"<[a-zA-Z!/]")
PREFIX_LIMIT = 2048  # debris before <!DOCTYPE that is longer, or holds a paragraph, is kept and reported


@dataclass
class Prepared:
    html: bytes  # UTF-8, ready for the parser
    text_encoding: str
    artefacts: list[ArtefactRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    capture: wayback.Capture | None = None
    truncated: bool = False


@dataclass
class _Cut:
    start: int
    end: int
    rule: str


# A pattern is only run over a page that holds its marker (a substring search, or a pattern that
# starts with a literal, is far faster than a pattern that may start anywhere).
_PHP_LEVEL = re.compile(rb"<b>(?:PHP )?(?:Warning|Notice|Deprecated|Strict Standards|[A-Za-z ]*error)</b>:")
_MARKERS = (
    lambda data: b"xdebug-error" in data,
    lambda data: b"</b>:" in data and _PHP_LEVEL.search(data) is not None,
    lambda data: b"headers already sent" in data,
)


def _cuts(data: bytes) -> list[_Cut]:
    cuts = [
        _Cut(m.start(), m.end(), "php_errors")
        for present, pattern in zip(_MARKERS, furniture.PHP_ERROR_MARKUP, strict=True)
        if present(data)
        for m in pattern.finditer(data)
    ]
    if b"wpdberror" in data:
        cuts += [
            _Cut(m.start(), m.end(), "database_errors")
            for m in furniture.DATABASE_ERROR_MARKUP.finditer(data)
        ]
    if wayback.is_capture(data):
        cuts += [
            _Cut(m.start(), m.end(), "wayback_toolbar") for p in wayback.CHROME for m in p.finditer(data)
        ]
    cuts.sort(key=lambda cut: (cut.start, -cut.end))
    kept: list[_Cut] = []
    for cut in cuts:  # overlapping matches (a warning inside the toolbar): the first, longest one
        if not kept or cut.start >= kept[-1].end:
            kept.append(cut)
    return kept


def _prefix_cut(data: bytes, cuts: list[_Cut]) -> _Cut | None:
    """Text left before <!DOCTYPE once the errors are cut (PHP text output, a stray echo)."""
    start_of_page = _PAGE_START.search(data, 0, 1 << 20)
    if not start_of_page or start_of_page.start() == 0:
        return None
    end = start_of_page.start()
    remaining = bytearray(data[:end])
    for cut in cuts:
        if cut.start < end:
            remaining[cut.start : min(cut.end, end)] = b" " * (min(cut.end, end) - cut.start)
    leftover = bytes(remaining).strip(b" \t\r\n\xef\xbb\xbf")
    if not leftover or len(leftover) > PREFIX_LIMIT or b"<p" in leftover.lower():
        return None
    rule = "php_errors" if furniture.php_error_kind(leftover.decode("utf-8", "replace")) else "page_prefix"
    return _Cut(0, end, rule)


def _nested_documents(data: bytes, start: int) -> list[_Cut]:
    """A second document inside the page (DOMDocument::saveHTML output): its wrapper tags, not its body."""
    cuts = []
    for match in _NESTED_DOCUMENT.finditer(data, start):
        closing = _NESTED_END.search(data, match.end())
        if closing is None:
            break
        cuts += [
            _Cut(match.start(), match.end(), "nested_document"),
            _Cut(closing.start(), closing.end(), "nested_document"),
        ]
    return cuts


def _ends_as_a_page(data: bytes) -> bool:
    """A page that was not cut off closes its body or html near the end (comments after it aside)."""
    tail = _COMMENT.sub(b"", data[-8192:])
    return _END_OF_PAGE.search(tail) is not None


def _apply(data: bytes, cuts: list[_Cut], decoded_as: str) -> tuple[bytes, list[ArtefactRecord]]:
    pieces, artefacts, position = [], [], 0
    for cut in sorted(cuts, key=lambda c: c.start):
        if cut.start < position:
            continue
        pieces.append(data[position : cut.start])
        text = decode_with(data[cut.start : cut.end], decoded_as)
        artefacts.append(ArtefactRecord(text, cut.rule, cut.start, cut.end))
        position = cut.end
    pieces.append(data[position:])
    return b"".join(pieces), artefacts


def prepare(data: bytes, transport_charset: str | None = None) -> Prepared:
    """Cut the noise out of a page's bytes, restore a capture's URLs and decode it."""
    data = as_bytes(data)
    cuts = _cuts(data)
    prefix = _prefix_cut(data, cuts)
    if prefix is not None:
        cuts = [prefix] + [c for c in cuts if c.start >= prefix.end]
    first_page = _PAGE_START.search(data, prefix.end if prefix else 0)
    if first_page is not None:
        cuts += [
            c
            for c in _nested_documents(data, first_page.end())
            if all(c.end <= k.start or c.start >= k.end for k in cuts)
        ]
    capture = wayback.capture_of(data) if wayback.is_capture(data) else None
    encoding = choose_encoding(data, transport_charset)
    cleaned, artefacts = _apply(data, cuts, encoding.encoding)
    warnings = list(encoding.warnings)
    if capture is not None:
        cleaned, restored = wayback.restore_urls(cleaned)
        if restored:
            warnings.append(
                f"a Wayback Machine capture: {restored} rewritten URLs turned back into the originals"
            )
    html = decode_with(cleaned, encoding.encoding).encode("utf-8")
    truncated = _TAG.search(data) is not None and not _ends_as_a_page(data)
    return Prepared(html, encoding.encoding, artefacts, warnings, capture, truncated)
