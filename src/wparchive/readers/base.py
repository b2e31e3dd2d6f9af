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


class Pass(Protocol):
    def records(self) -> Iterator[Record]:
        """The records of the input; raises ReadAgain or Refused part-way when it must."""

    def outcome(self) -> PassOutcome:
        """Asked once ``records()`` is exhausted."""


class Reader(Protocol):
    kind: str  # sources.kind of what it reads

    def sniff(self, head: bytes) -> float:
        """0 (not mine) to 1 (certainly mine), from the first 64 KiB."""

    def guard(self, options: ReadOptions) -> Callable[[bytes], None] | None:
        """Watches the blocks of the hashing pass; may raise Refused (too large, a bomb)."""

    def passes(self, source: InputSource, options: ReadOptions) -> Iterator[Pass]:
        """One pass, or more when a pass raises ReadAgain; ends by raising Refused when out of ways."""
