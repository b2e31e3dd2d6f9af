"""The gzip members of a file, one at a time: how a ``.warc.gz`` is read record by record.

A gzipped WARC holds each record in a gzip member of its own (the WARC standard asks for it, and
crawlers do it), so a record can be found from any offset and read on its own, and a damaged
record spoils only its own member. Reading member by member, rather than through one stream of
all of them, keeps it so: a member that does not inflate is passed over and the next one read
afresh, whereas a stream reader that met the damage would go on reading garbage as records.
"""

from __future__ import annotations

import io
import zlib
from typing import IO

MAGIC = b"\x1f\x8b\x08"
PROBE = 4096  # compressed bytes enough to inflate a record's first line
BLOCK = 1 << 16
MAX_INFLATED = 1 << 20  # inflated per step: a member that inflates a thousandfold is read in pieces


class TruncatedMember(Exception):
    """The file ends inside a member: a download cut short."""


class GzipMember(io.RawIOBase):
    """One member of a gzip file, inflated as it is read; ``end`` is where it ends, once known."""

    def __init__(self, handle: IO[bytes], start: int) -> None:
        self.handle, self.start = handle, start
        self.inflate = zlib.decompressobj(wbits=31)
        self.pending = b""
        self.end: int | None = None
        handle.seek(start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self.pending and self.end is None:
            self._inflate_more()
        count = min(len(buffer), len(self.pending))
        buffer[:count] = self.pending[:count]
        self.pending = self.pending[count:]
        return count

    def _inflate_more(self) -> None:
        data = self.inflate.unconsumed_tail or self.handle.read(BLOCK)
        if not data:
            raise TruncatedMember(f"the file ends inside the record that starts at byte {self.start}")
        self.pending = self.inflate.decompress(data, MAX_INFLATED)  # zlib.error: the member is damaged
        if self.inflate.eof:
            self.end = self.handle.tell() - len(self.inflate.unused_data)

    def drain(self) -> int:
        """Read the member to its end (what the reader of its record left); where it ends."""
        while self.end is None:
            self.pending = b""
            self._inflate_more()
        self.pending = b""
        return self.end


def is_gzipped_warc(handle: IO[bytes]) -> bool:
    """The file starts with a gzip member that inflates to a WARC record."""
    handle.seek(0)
    return _inflates_to_a_record(handle.read(PROBE))


def record_start_at_or_after(handle: IO[bytes], offset: int) -> int | None:
    """Where the first member holding a WARC record starts at or after ``offset`` (None: none does).

    A member starts where a gzip header (1f 8b 08) is followed by data that inflates to ``WARC/``;
    those three bytes inside compressed data are told apart by inflating from them.
    """
    handle.seek(offset)
    buffer, buffer_start = b"", offset
    size = 2 * PROBE  # the next record mostly starts right here: read little before reading much
    while True:
        block = handle.read(size)
        size = 1 << 20
        buffer += block
        found = buffer.find(MAGIC)
        while found >= 0 and (not block or found + PROBE <= len(buffer)):
            if _inflates_to_a_record(buffer[found : found + PROBE]):
                return buffer_start + found
            found = buffer.find(MAGIC, found + 1)
        if not block:
            return None
        # Keep what may still start a record: a candidate too near the end to probe, or a split magic.
        keep = found if found >= 0 else max(0, len(buffer) - len(MAGIC) + 1)
        buffer_start += keep
        buffer = buffer[keep:]


def _inflates_to_a_record(candidate: bytes) -> bool:
    try:
        head = zlib.decompressobj(wbits=31).decompress(candidate, 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")
