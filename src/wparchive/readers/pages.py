"""Inputs read whole, one page at a time: saved pages, feeds, plain-text pages.

Such a reader is a pure function of the page's bytes (``PageReader.read_page``). One pass reads the
bytes, no more of them than a page may hold, and hands them to it; ``ingest`` can instead hand many
pages to worker processes and store what they return in order.
"""

from __future__ import annotations

from collections.abc import Iterator

from wparchive.inputs import InputSource
from wparchive.model import Record
from wparchive.readers.base import PageContext, PageReader, PageResult, PassOutcome, ReadOptions, Refused


class SizeCap:
    """Counts bytes as read: a gzip trailer says 19 bytes for a page of 4 GiB + 19 bytes."""

    def __init__(self, limit: int, what: str) -> None:
        self.limit, self.seen, self.what = limit, 0, what

    def feed(self, block: bytes) -> None:
        self.seen += len(block)
        if self.seen > self.limit:
            raise Refused(f"too large for {self.what} (more than {self.limit >> 20} MiB once decompressed)")


def read_whole(source: InputSource, limit: int, what: str) -> bytes:
    with source.open() as stream:
        data = stream.read(limit + 1)
    SizeCap(limit, what).feed(data)
    return data


def context_of(source: InputSource, options: ReadOptions) -> PageContext:
    return PageContext(source.label, source.url, source.captured_at, source.charset, options.site_url)


def outcome_of(result: PageResult) -> PassOutcome:
    return PassOutcome(
        status=result.status,
        warnings=result.warnings,
        items_read=result.posts,
        url=result.url,
        captured_at=result.captured_at,
    )


class PagePass:
    """The one pass of a page-like input: the reader's pure function over the bytes read whole."""

    def __init__(self, reader: PageReader, source: InputSource, options: ReadOptions, what: str) -> None:
        self.reader, self.source, self.options, self.what = reader, source, options, what
        self.result: PageResult | None = None

    def records(self) -> Iterator[Record]:
        data = read_whole(self.source, self.reader.page_limit, self.what)
        self.result = self.reader.read_page(data, context_of(self.source, self.options))
        yield from self.result.records

    def outcome(self) -> PassOutcome:
        assert self.result is not None
        return outcome_of(self.result)


class DonePass:
    """A page already read (in a worker process): its records, as a pass."""

    def __init__(self, result: PageResult) -> None:
        self.result = result

    def records(self) -> Iterator[Record]:
        yield from self.result.records

    def outcome(self) -> PassOutcome:
        return outcome_of(self.result)
