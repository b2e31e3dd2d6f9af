"""The reader registry: every format wparchive reads, and how an input's format is found.

Each reader says how sure it is, from an input's first 64 KiB, that the input is
its format; the most confident one reads it. Adding a format is one module and
one line in ``READERS``.
"""

from __future__ import annotations

from wparchive.readers.base import Reader, Refused
from wparchive.readers.disqus import DisqusReader
from wparchive.readers.feed import FeedReader
from wparchive.readers.html import HtmlReader
from wparchive.readers.rest import RestReader, saved_as_json
from wparchive.readers.text import TextReader
from wparchive.readers.wxr import WxrReader

READERS: tuple[Reader, ...] = (
    WxrReader(),
    DisqusReader(),
    HtmlReader(),
    FeedReader(),
    TextReader(),
    RestReader(),
)
# Readers of inputs read whole, one page at a time: their pages can be read in worker processes.
PAGE_READERS = (HtmlReader, FeedReader, TextReader, RestReader)
HEAD_BYTES = 1 << 16


FORMATS = tuple(reader.kind for reader in READERS)


def reader_named(kind: str) -> Reader:
    """The reader of a format the user named (``--format``)."""
    return next(reader for reader in READERS if reader.kind == kind)


def detect(head: bytes, name: str | None = None) -> Reader:
    """The reader most sure it can read an input that starts with ``head``; Refused when none is.

    A page where the ``name`` (a path, a crawl's URL) says a REST API response is (``.json``,
    ``wp-json/``) goes to the REST reader, which refuses it in one line (a 404 page saved as JSON)."""
    confidence, reader = max(
        ((reader.sniff(head), reader) for reader in READERS), key=lambda scored: scored[0]
    )  # ties: first listed
    if confidence <= 0:
        raise Refused(
            "not a format wparchive reads (a WordPress export, a web page, a feed or a text page): "
            "it holds binary data"
        )
    if name and reader.kind in ("html", "text") and saved_as_json(name):
        return reader_named("rest")
    return reader
