"""A plain-text page as lines with offsets, classified by the cues of ``text_cues``.

Every line of the page keeps its character offsets so that whatever the reader
decides (post, comment, artefact) can be traced back to the exact text, and so
that nothing is silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import Any

from wparchive import theme_words
from wparchive.readers.text import cues
from wparchive.readers.text.markdown import looks_like_markdown, plain


@dataclass
class Line:
    index: int
    text: str  # without the newline
    start: int  # offset of the first character in the page
    kind: str = "text"  # blank/php/boiler/archive/heading/byline/header/date/reply/marker/pending/text
    artefact: str | None = None  # artefact kind when the line is page furniture
    data: Any = None  # the parsed cue (CommentHeader, DateCue, Byline, CommentsHeading)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip())

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Page:
    text: str
    lines: list[Line] = field(default_factory=list)

    def span(self, first: int, last: int) -> list[Line]:
        return self.lines[first : last + 1]


def split_lines(text: str) -> list[Line]:
    lines, offset = [], 0
    for index, raw in enumerate(text.split("\n")):
        lines.append(Line(index, raw.rstrip("\r"), offset))
        offset += len(raw) + 1
    return lines


# (kind, artefact kind or None, cue) in the order they are tried: a line takes the first that fits.
# A PHP error is tried before everything because its text can look like anything else.
CLASSIFIERS: tuple[tuple[str, str | None, Callable[[str], Any] | None], ...] = (
    ("php", None, cues.php_error_kind),
    ("heading", "theme_boilerplate", cues.parse_comments_heading),
    ("boiler", None, cues.boilerplate_kind),
    ("boiler", None, cues.theme_furniture),
    ("archive", "theme_boilerplate", cues.is_archive_header),
    ("header", None, None),  # needs the indentation: see classify()
    ("byline", "signature", cues.parse_byline),
    ("date", None, cues.parse_date_line),
    ("reply", None, cues.is_reply_line),
    ("pending", "structure", cues.is_pending_note),
)


# Markdown renders a comment's header, date and reply link as list items of their own.
_LIST_MARKERS = re.compile(r"^(?:(?:\d{1,4}\.|[•◦▪‣·*+-])\s+)+")
_ALSO_IN_LISTS = ("date", "reply")
# A list marker or a theme's comment counter alone on its line ("1", "2. 4", "* 3"): numbering.
_MARKER = re.compile(r"^(?:[•◦▪‣·*+-]|\d{1,4}[.)])?\s*\d{0,4}[.)]?$")


def classify(line: Line) -> None:
    """Set ``kind`` (and ``artefact``/``data``) from the cues of one line."""
    text = line.stripped
    if not text:
        line.kind = "blank"
        return
    if _MARKER.match(text):
        line.kind, line.artefact = "marker", "structure"
        return
    unlisted = _LIST_MARKERS.sub("", text)  # "1. • Antworten", "• 8. April 2019 @ 11:38"
    for kind, artefact, cue in CLASSIFIERS:
        found = cues.parse_comment_header(line.text) if cue is None else cue(text)
        if not found and kind in _ALSO_IN_LISTS and unlisted != text:
            found = cue(unlisted) if cue is not None else None
        if not found:
            continue
        line.kind, line.data = kind, found
        # For php and boiler lines the cue's answer is the artefact kind itself.
        line.artefact = artefact or (str(found) if kind in ("php", "boiler") else None)
        return


def mark_widget_lists(lines: list[Line]) -> None:
    """A sidebar widget (its title, "Recent Posts" or "Letzte Kommentare", then post titles one a
    line) is theme furniture, not a post or a comment."""
    for index, line in enumerate(lines):
        if line.kind not in ("boiler", "text") or not theme_words.is_widget(line.stripped):
            continue
        line.kind, line.artefact = "boiler", line.artefact or "theme_boilerplate"
        for item in islice(lines, index + 1, None):
            if item.kind != "text" or item.words > 14 or item.stripped[-1:] in ".!?":
                break
            item.kind, item.artefact = "boiler", "theme_boilerplate"


def mark_error_continuations(lines: list[Line]) -> None:
    """wpdb prints its failed query on the line after "WordPress database error": same artefact."""
    for line, following in pairwise(lines):
        if (
            line.kind == "php"
            and line.artefact == "other"
            and following.kind == "text"
            and "made by " in following.text
        ):
            following.kind, following.artefact = "php", "other"


def read_page(text: str) -> Page:
    page = Page(text, split_lines(text))
    if looks_like_markdown([line.text for line in page.lines]):
        for line in page.lines:
            line.text = plain(line.text)  # as long as before: offsets into the page stay exact
    for line in page.lines:
        classify(line)
    mark_widget_lists(page.lines)
    mark_error_continuations(page.lines)
    return page
