"""A plain-text page as lines with offsets, classified by the cues of ``text_cues``.

Every line of the page keeps its character offsets so that whatever the reader
decides (post, comment, artefact) can be traced back to the exact text, and so
that nothing is silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wparchive.sources import text_cues as cues


@dataclass
class Line:
    index: int
    text: str  # without the newline
    start: int  # offset of the first character in the page
    kind: str = "text"  # blank/php/boiler/archive/heading/byline/header/date/reply/text
    artefact: str | None = None  # artefact kind when the line is page furniture
    data: object = None  # the parsed cue (CommentHeader, DateCue, Byline, CommentsHeading)

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


def classify(line: Line) -> None:
    """Set ``kind`` (and ``artefact``/``data``) from the cues of one line."""
    text = line.stripped
    if not text:
        line.kind = "blank"
        return
    error = cues.php_error_kind(text)
    if error:
        line.kind, line.artefact = "php", error
        return
    heading = cues.parse_comments_heading(text)
    if heading:
        line.kind, line.artefact, line.data = "heading", "theme_boilerplate", heading
        return
    boiler = cues.boilerplate_kind(text)
    if boiler:
        line.kind, line.artefact = "boiler", boiler
        return
    if cues.is_archive_header(text):
        line.kind, line.artefact = "archive", "theme_boilerplate"
        return
    header = cues.parse_comment_header(line.text)
    if header:
        line.kind, line.data = "header", header
        return
    byline = cues.parse_byline(text)
    if byline:
        line.kind, line.artefact, line.data = "byline", "signature", byline
        return
    date = cues.parse_date_line(text)
    if date:
        line.kind, line.data = "date", date
        return
    if cues.is_reply_line(text):
        line.kind = "reply"


def read_page(text: str) -> Page:
    page = Page(text, split_lines(text))
    for line in page.lines:
        classify(line)
    return page
