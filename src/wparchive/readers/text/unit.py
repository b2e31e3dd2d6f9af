"""A paragraph of bare comment text, with what the segmenter notices about it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Unit:
    """A paragraph (or a line, on pages written one paragraph per line)."""

    text: str
    index: int
    signature: str | None = None
    addressed: str | None = None
    link: bool = False  # a "Pingback: …" line: a comment of its own
    signed: bool = False  # a paragraph whose last line is a sign-off: the comment ends here
    closing: bool = False  # "Cheers," / "Grüße aus Köln," above a sign-off: part of the comment before

    @property
    def words(self) -> int:
        return len(self.text.split())
