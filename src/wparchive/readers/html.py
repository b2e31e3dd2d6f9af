"""Saved HTML pages: recognised, not read yet.

Until the HTML reader exists (issue 10), a page saved from a browser, a mirror or
the Wayback Machine is named for what it is, in one line, instead of being
called a broken WordPress export.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from wparchive.inputs import InputSource
from wparchive.readers.base import Pass, ReadOptions, Refused
from wparchive.textcodec import utf16_encoding

_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body)\b", re.I)


def _after_prolog(head: bytes) -> bytes:
    """The head without a BOM, an XML declaration and comments in front (scanned, not backtracked)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<?xml"):
        end = text.find(b"?>")
        text = text[end + 2 :].lstrip() if end >= 0 else b""
    while text.startswith(b"<!--"):
        end = text.find(b"-->")
        text = text[end + 3 :].lstrip() if end >= 0 else b""
    return text


class HtmlReader:
    kind = "html"

    def sniff(self, head: bytes) -> float:
        encoding = utf16_encoding(head)
        if encoding:
            head = head[: len(head) // 2 * 2].decode(encoding, errors="ignore").encode("utf-8")
        return 0.9 if _HTML_TAG.match(_after_prolog(head)) else 0.0

    def guard(self, options: ReadOptions) -> Callable[[bytes], None] | None:
        return None

    def passes(self, source: InputSource, options: ReadOptions) -> Iterator[Pass]:
        raise Refused("HTML pages are not supported yet: this is a saved web page, not a WordPress export")
        yield  # a generator, like every reader's passes
