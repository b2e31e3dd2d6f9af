"""Saved web pages: a blog's posts and comment threads rebuilt from its HTML.

Pages saved from a browser, mirrored with wget or HTTrack, captured by the Wayback Machine or
found in a WARC crawl. ``prepare`` cleans the bytes (PHP noise, Wayback chrome) and decodes them,
``page`` reads what the page says about itself, ``post``/``listing``/``blogger``/``fallback`` read
its posts, ``comments``/``nesting``/``fields``/``pings`` its comments (research/scrape.md §4).
``read.read_html`` ties them together as a pure function of the page's bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from wparchive.inputs import InputSource
from wparchive.readers.base import PageContext, PageResult, ReadOptions
from wparchive.readers.html.read import read_html
from wparchive.readers.pages import PagePass, SizeCap
from wparchive.textcodec import utf16_encoding

PAGE_LIMIT = 50 * 1024 * 1024  # a page is read whole; a larger "page" is not one
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body)\b", re.I)
_FEED_BEFORE = re.compile(rb"<(?:rss|feed|rdf:RDF)\b")


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
    page_limit = PAGE_LIMIT

    def sniff(self, head: bytes) -> float:
        encoding = utf16_encoding(head)
        if encoding:
            head = head[: len(head) // 2 * 2].decode(encoding, errors="ignore").encode("utf-8")
        if _HTML_TAG.match(_after_prolog(head)):
            return 0.9
        tag = _HTML_TAG.search(head)
        if tag is None or _FEED_BEFORE.search(head, 0, tag.start()):
            return 0.0
        return 0.7  # PHP warnings or other debris before the page: still a page

    def guard(self, options: ReadOptions) -> Callable[[bytes], None]:
        return SizeCap(self.page_limit, "a web page").feed

    def read_page(self, data: bytes, context: PageContext) -> PageResult:
        return read_html(data, context)

    def passes(self, source: InputSource, options: ReadOptions) -> Iterator[PagePass]:
        yield PagePass(self, source, options, "a web page")
