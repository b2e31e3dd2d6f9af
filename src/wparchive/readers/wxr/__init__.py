"""The WXR reader: WordPress's own export (Tools → Export), plain, gzipped or in a zip.

Streams with lxml ``iterparse`` (``parse``), turns elements into records
(``fields``), repairs damaged bytes on the way (``stream``) and decides how to
read a damaged file again (``ladder``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing, nullcontext
from typing import Any

from lxml import etree

from wparchive.inputs import InputSource
from wparchive.model import PostRecord, Record
from wparchive.readers.base import PassOutcome, ReadAgain, ReadOptions, Refused
from wparchive.readers.wxr.ladder import (
    MAX_ATTEMPTS,
    Attempt,
    describe,
    next_attempt,
    recovery_losses,
    refuse_bombs,
)
from wparchive.readers.wxr.parse import ReaderState, read_wxr
from wparchive.readers.wxr.stream import HeadCleaningStream, ItemSizeGuard, RepairingStream
from wparchive.textcodec import looks_like_markup

WXR_NAMESPACE_MARK = b"wordpress.org/export/"


class WxrReader:
    kind = "wxr"

    def sniff(self, head: bytes) -> float:
        if not looks_like_markup(head):
            return 0.0
        # Markup naming WXR's namespace is an export; other XML most likely one (if not, the reader says why).
        return 1.0 if WXR_NAMESPACE_MARK in head else 0.5

    def guard(self, options: ReadOptions) -> Callable[[bytes], None]:
        return ItemSizeGuard(options.max_item_bytes).feed

    def passes(self, source: InputSource, options: ReadOptions) -> Iterator[WxrPass]:
        attempt = Attempt(max_item_bytes=options.max_item_bytes)
        repairs: list[str] = []
        for _ in range(MAX_ATTEMPTS):
            reading = WxrPass(source, attempt, repairs, options)
            yield reading
            if reading.syntax_error is None:
                return
            attempt = next_attempt(attempt, reading.syntax_error, repairs)
        raise Refused("gave up after repeated repair attempts")


class WxrPass:
    """One reading of the file in one way (strict, repaired, recovered)."""

    def __init__(
        self, source: InputSource, attempt: Attempt, repairs: list[str], options: ReadOptions
    ) -> None:
        self.source = source
        self.attempt = attempt
        self.repairs = repairs
        self.options = options
        self.state = ReaderState()
        self.syntax_error: str | None = None  # what stopped this pass (a string: it crosses pipes)
        self.stream: HeadCleaningStream | RepairingStream | None = None

    def records(self) -> Iterator[Record]:
        raw = self.source.open()
        label = self.source.label + (" (repairing)" if self.attempt.repair else "")
        bar = self.options.progress(label, self.source.size) if self.options.progress else None
        self.stream = stream = self._stream(raw, bar)
        with closing(raw), bar if bar is not None else nullcontext():
            try:
                yield from self._read_holding_the_last_post(stream)
            except etree.XMLSyntaxError as error:
                refuse_bombs(error)
                self.syntax_error = describe(error)
                raise ReadAgain(self.syntax_error) from None

    def _stream(self, raw: Any, bar: Any) -> HeadCleaningStream | RepairingStream:
        update = bar.update if bar is not None else None
        if self.attempt.repair:
            return RepairingStream(raw, update, self.attempt.extra_prefixes, self.attempt.max_item_bytes)
        return HeadCleaningStream(raw, update, self.attempt.max_item_bytes)

    def _read_holding_the_last_post(self, stream: HeadCleaningStream | RepairingStream) -> Iterator[Record]:
        """Every record; the last post waits until the end, to be marked if the file was cut inside it."""
        last: PostRecord | None = None
        for record in read_wxr(stream, self.state, recover=self.attempt.recover):
            if isinstance(record, PostRecord):
                if last is not None:
                    yield last
                last = record
            else:
                yield record
        if isinstance(stream, RepairingStream):
            stream.drain()  # so that the item count covers the whole file
        if last is not None:
            if self._cut_inside_the_last_item():
                last.extra["incomplete"] = True
            yield last

    def _cut_inside_the_last_item(self) -> bool:
        stream = self.stream
        return (
            self.attempt.recover
            and isinstance(stream, RepairingStream)
            and stream.items_closed < stream.items_in_file
        )

    def outcome(self) -> PassOutcome:
        stream, state = self.stream, self.state
        assert stream is not None
        warnings = (
            list(self.repairs) + stream.repair_warnings()
            if isinstance(stream, RepairingStream)
            else list(stream.warnings)
        )
        warnings += [
            f"declared the undeclared namespace prefix '{p}:' with a placeholder URI"
            for p in self.attempt.extra_prefixes
        ]
        warnings += state.warnings
        items_in_file = stream.items_in_file if isinstance(stream, RepairingStream) else None
        losses: list[str] = []
        if self.attempt.recover and isinstance(stream, RepairingStream):
            losses = recovery_losses(stream.items_in_file, state.items_read)
            if self._cut_inside_the_last_item() and state.items_read:
                losses.append(
                    "the file is truncated: the last item is incomplete (kept, with extra.incomplete = true)"
                )
        recovered = self.attempt.repair or bool(state.doctype) or bool(getattr(stream, "warnings", None))
        return PassOutcome(
            "recovered" if recovered else "ok",
            warnings,
            losses,
            state.items_read,
            items_in_file or state.items_read,
        )
