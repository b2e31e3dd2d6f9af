"""What every reader is: a pure function from an input's bytes to records, in one or more passes.

A reader knows nothing of SQLite. It says how sure it is that it can read an
input from its first bytes (``sniff``), may watch the bytes of the first full
read (``guard``, which can refuse an input before anything is built from it),
and reads the input in passes: most readers need one; the WXR reader reads a
damaged export again, repaired, and a third time in recover mode. A pass that
finds damage the next pass can mend raises :class:`ReadAgain`; the importer then
throws away what the pass wrote and asks for the next one (feedparser's strict
parser first, lenient second, with the reason kept).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from wparchive.inputs import InputSource
from wparchive.model import Record

ProgressFactory = Callable[[str, int], Any]  # (label, size) -> a click progress bar or similar


class Refused(Exception):
    """The input cannot be read by this reader, or at all; the message is one line for the user."""


class ReadAgain(Exception):
    """This pass met damage that a later pass can repair; nothing this pass wrote is kept."""


@dataclass
class ReadOptions:
    site_url: str | None = None  # the site scraped pages are filed under
    max_item_bytes: int = 32 << 20  # the largest export item (or channel header) read into memory
    progress: ProgressFactory | None = None
    format: str | None = None  # a reader's kind to read every input with, instead of detecting it
    every_page: bool = False  # a crawl's every HTML page, not only those of WordPress and Blogger blogs


@dataclass
class PassOutcome:
    """What a finished pass says about its source, for the ``sources`` row and the summary.

    ``warnings`` come from reading; ``losses`` say what recover mode could not read
    and are listed after the writer's own warnings.
    """

    status: str = "ok"  # or "recovered"
    warnings: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)
    items_read: int = 0
    items_in_file: int | None = None
    url: str | None = None  # a page's own URL, for the sources row
    captured_at: str | None = None  # when a page was saved or crawled


@dataclass
class PageContext:
    """What is known of a page besides its bytes."""

    label: str
    url: str | None = None  # where it was fetched from (a WARC record's target URI)
    captured_at: str | None = None  # UTC, ISO 8601 with Z
    charset: str | None = None  # the charset its HTTP response declared
    site_url: str | None = None  # --site-url: file the page under this site


@dataclass
class PageResult:
    """What reading one page gave: its records, and what the ``sources`` row says of it."""

    records: list[Record]
    url: str | None = None
    captured_at: str | None = None
    status: str = "ok"
    warnings: list[str] = field(default_factory=list)
    posts: int = 0


class Pass(Protocol):
    def records(self) -> Iterator[Record]:
        """The records of the input; raises ReadAgain or Refused part-way when it must."""

    def outcome(self) -> PassOutcome:
        """Asked once ``records()`` is exhausted."""


class PageReader(Protocol):
    """A reader of inputs read whole, one page at a time: a pure function of the bytes, so pages can
    be read in worker processes (``--jobs``) or on a cluster and give the same records."""

    kind: str
    page_limit: int  # the largest page it reads, in bytes once decompressed

    def read_page(self, data: bytes, context: PageContext) -> PageResult:
        """The page's records; raises Refused (one line) when it cannot be read."""


class Reader(Protocol):
    kind: str  # sources.kind of what it reads

    def sniff(self, head: bytes) -> float:
        """0 (not mine) to 1 (certainly mine), from the first 64 KiB."""

    def guard(self, options: ReadOptions) -> Callable[[bytes], None] | None:
        """Watches the blocks of the hashing pass; may raise Refused (too large, a bomb)."""

    def passes(self, source: InputSource, options: ReadOptions) -> Iterator[Pass]:
        """One pass, or more when a pass raises ReadAgain; ends by raising Refused when out of ways."""
