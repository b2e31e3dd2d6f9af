"""The plain-text reader: the visible text of a blog page (a crawl's text, a copy from a browser).

``reader`` finds the page's regions and reads them; ``page`` splits and classifies
lines, ``cues`` holds the line patterns, ``posts``, ``comments`` and ``segment``
read the posts and the comment list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from wparchive.inputs import InputSource
from wparchive.model import PostRecord, Record
from wparchive.readers.base import PassOutcome, ReadOptions, Refused
from wparchive.readers.text.reader import read_text
from wparchive.textcodec import decode_text, looks_like_markup

TEXT_PAGE_LIMIT = 50 * 1024 * 1024  # a page is read whole; larger is not a page
UNFILED = "unknown:scraped-pages"  # the site of pages that name none


class TextReader:
    kind = "text"

    def sniff(self, head: bytes) -> float:
        if decode_text(head) is None:
            return 0.0
        return 0.1 if looks_like_markup(head) else 0.4

    def guard(self, options: ReadOptions) -> Callable[[bytes], None]:
        return _SizeCap(TEXT_PAGE_LIMIT).feed

    def passes(self, source: InputSource, options: ReadOptions) -> Iterator[TextPass]:
        yield TextPass(source, options.site_url or UNFILED)


class _SizeCap:
    """Counted as read: a gzip trailer says 19 bytes for a page of 4 GiB + 19 bytes."""

    def __init__(self, limit: int) -> None:
        self.limit, self.seen = limit, 0

    def feed(self, block: bytes) -> None:
        self.seen += len(block)
        if self.seen > self.limit:
            raise Refused(f"too large for a text page (more than {self.limit >> 20} MiB once decompressed)")


class TextPass:
    def __init__(self, source: InputSource, site_url: str) -> None:
        self.source, self.site_url, self.posts = source, site_url, 0

    def records(self) -> Iterator[Record]:
        with self.source.open() as stream:
            data = stream.read(TEXT_PAGE_LIMIT + 1)
        _SizeCap(TEXT_PAGE_LIMIT).feed(data)
        for record in read_text(data, self.source.label, self.site_url):
            self.posts += isinstance(record, PostRecord)
            yield record

    def outcome(self) -> PassOutcome:
        return PassOutcome(items_read=self.posts)
