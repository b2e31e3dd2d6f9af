"""Comments of a plain-text page, segmented one by one in page order.

Three shapes, decided from the comment zone's own lines:

* ``headers``: each comment opens with a header line ("3. Jane says",
  "Jane says:", "Jane said..."), maybe followed by a date and closed by "Reply";
* ``items``: a numbered list whose items start with the comment text, nested
  replies shown by "•" bullets and deeper indentation;
* ``headerless``: names, numbers and dates were stripped; comments are bare
  paragraphs. Boundaries come from signatures, greetings, continuation cues,
  and above all from the post author's batch reply, whose parts address the
  earlier commenters in order (``text_segment``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wparchive.pingbacks import split_title
from wparchive.readers.text import cues
from wparchive.readers.text.page import Line
from wparchive.threads import names

# A header the page's repetition revealed (a name beside a date) rather than one a theme's words
# mark ("Jane says:"): the comment is very likely there, but the page does not say so in words.
LEARNED_HEADER = 0.8
_ELLIPSIS_START = re.compile(r"^\s*\[(?:…|\.\.\.)\]")
_CLOSINGS = {
    "thanks",
    "thank you",
    "cheers",
    "regards",
    "best",
    "love",
    "xoxo",
    "ciao",
    "enjoy",
    "amen",
    "namaste",
}


@dataclass
class Piece:
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class CommentDraft:
    position: int
    kind: str = "comment"
    author: str | None = None  # stated on the page
    author_inferred: str | None = None
    date: str | None = None
    time: str | None = None
    indent: int = 0
    number: int | None = None
    parent: int | None = None  # position of the comment it is nested under
    pieces: list[Piece | None] = field(default_factory=list)  # None = paragraph break
    structure: list[Piece] = field(default_factory=list)  # headers, dates, "Reply" lines
    signature: Piece | None = None
    link: cues.LinkItem | None = None
    trackback_list: bool = False
    by_post_author: bool | None = None
    pending: bool = False  # shown "awaiting moderation" (the page was saved by the commenter)
    confidence: float = 1.0
    found_by: str = "header"  # what set the comment apart: header, learned header, list item, paragraphs
    segments: list[tuple[int, str | None]] = field(default_factory=list)  # (paragraph index, addressed name)

    @property
    def paragraphs(self) -> list[list[Piece]]:
        groups: list[list[Piece]] = [[]]
        for piece in self.pieces:
            if piece is None:
                if groups[-1]:
                    groups.append([])
            else:
                groups[-1].append(piece)
        return [group for group in groups if group]

    @property
    def text(self) -> str:
        return "\n\n".join("\n".join(p.text for p in group) for group in self.paragraphs)

    @property
    def has_text(self) -> bool:
        return any(piece is not None for piece in self.pieces)

    @property
    def start(self) -> int | None:
        real = [p for p in self.pieces if p is not None]
        return real[0].start if real else None

    @property
    def end(self) -> int | None:
        real = [p for p in self.pieces if p is not None]
        return real[-1].end if real else None

    def add_structure(self, line: Line) -> None:
        offset = line.text.find(line.stripped)
        self.structure.append(Piece(line.start + max(offset, 0), line.stripped))

    def add_line(self, line: Line, text: str | None = None) -> None:
        if line.kind == "blank":
            if self.pieces and self.pieces[-1] is not None:
                self.pieces.append(None)
            return
        value = text if text is not None else line.stripped
        offset = line.text.find(value)
        self.pieces.append(Piece(line.start + max(offset, 0), value))


def zone_mode(lines: list[Line]) -> str:
    if any(line.kind == "header" for line in lines):
        return "footers" if _headers_close_comments(lines) else "headers"
    numbered = [cues.parse_list_item(line.text) for line in lines if line.kind in ("text", "header")]
    if sum(1 for item in numbered if item and item.number is not None) >= 2:
        return "items"
    return "headerless"  # bare "Pingback: …" lines among bare paragraphs are handled there


def _headers_close_comments(lines: list[Line]) -> bool:
    """The classic theme signs each comment below its text ("Comment by Name — date"): text stands
    before the first header, and none after the last."""
    headers = [index for index, line in enumerate(lines) if line.kind == "header"]
    before = any(line.kind == "text" for line in lines[: headers[0]])
    after = any(line.kind == "text" for line in lines[headers[-1] + 1 :])
    return before and not after


def parse_footers(lines: list[Line]) -> list[CommentDraft]:
    """Comments whose header comes after their text: each header closes the text above it."""
    comments: list[CommentDraft] = []
    pending: list[Line] = []
    for line in lines:
        if line.kind == "header":
            comment = _new_from_header(comments, line)
            for number, above in enumerate(pending):
                item = cues.parse_list_item(above.text) if number == 0 else None
                comment.add_line(above, item.text if item else None)  # "  1. text": the list's number
                if item is not None:
                    comment.number, comment.indent = item.number, item.indent
            pending = []
        elif line.kind in ("text", "blank", "byline", "date") and (pending or line.kind != "blank"):
            pending.append(line)
    for comment in comments:
        while comment.pieces and comment.pieces[-1] is None:
            comment.pieces.pop()
    return comments


def _starts_trackback_list(item: cues.ListItem | None, comments: list[CommentDraft]) -> bool:
    return bool(item and item.number == 1 and comments and _ELLIPSIS_START.match(item.text))


def _is_trackback_entry(item: cues.ListItem, comments: list[CommentDraft], in_trackbacks: bool) -> bool:
    """A numbered entry under a "Trackbacks" heading, or the "1. …" that opens such a list."""
    return _starts_trackback_list(item, comments) or (in_trackbacks and bool(item.number))


def _new_trackback(comments: list[CommentDraft], line: Line, item: cues.ListItem) -> CommentDraft:
    titled = cues.ping_header(item.text)
    if titled is not None:
        # "1. What to do with green tomatoes says:": the entry's header is the linking post's title.
        comment = CommentDraft(
            len(comments) + 1, indent=item.indent, number=item.number, found_by="list item"
        )
        comment.add_structure(line)
        comment.link = cues.LinkItem("trackback", *split_title(titled))
        comments.append(comment)
    else:
        comment = _new_item(comments, line, item)
    comment.kind, comment.trackback_list = "trackback", True
    return comment


def parse_headers(lines: list[Line]) -> list[CommentDraft]:
    """Comments that open with "Name says" header lines (numbered or not)."""
    comments: list[CommentDraft] = []
    current: CommentDraft | None = None
    in_trackbacks = False
    for line in lines:
        if _trackbacks_heading(line):
            in_trackbacks, current = True, None
            continue
        item = cues.parse_list_item(line.text) if line.kind in ("text", "header") else None
        if item is not None and _is_trackback_entry(item, comments, in_trackbacks):
            in_trackbacks, current = True, _new_trackback(comments, line, item)
            continue
        link_text = item.text if item else line.stripped
        if line.kind == "text" and cues.parse_link_item(link_text):
            current = _new_item(comments, line, item or cues.ListItem(line.indent, None, line.stripped))
            continue
        if line.kind == "header":
            current = _new_from_header(comments, line)
        elif current is not None:
            _continue_after_header(current, line)
    return comments


def _new_from_header(comments: list[CommentDraft], line: Line) -> CommentDraft:
    header = line.data
    comment = CommentDraft(len(comments) + 1, author=header.name, number=header.number, indent=line.indent)
    if header.date:
        comment.date, comment.time = header.date.date, header.date.time
    if header.by_post_author:
        comment.by_post_author = True
    if header.learned:
        comment.found_by, comment.confidence = "learned header", LEARNED_HEADER
    if header.ping and header.name:
        title, site = split_title(header.name)
        comment.kind, comment.link, comment.author = "pingback", cues.LinkItem("pingback", title, site), None
    comment.parent = _parent_by_indent(comments, comment.indent, nested_only_if_deeper=True)
    comment.add_structure(line)
    comments.append(comment)
    return comment


def _continue_after_header(comment: CommentDraft, line: Line) -> None:
    """A date right under the header is the comment's date; "Reply" is structure; the rest is text."""
    if line.kind == "date" and not any(p for p in comment.pieces if p is not None):
        comment.date, comment.time = line.data.date, line.data.time
        comment.add_structure(line)
    elif line.kind in ("reply", "marker", "pending"):
        comment.add_structure(line)
        comment.pending = comment.pending or line.kind == "pending"
    elif line.kind in ("text", "blank", "byline", "date"):
        item = cues.parse_list_item(line.text) if not comment.has_text else None
        # A converter prints the comment's body as a list item of its own ("• Naja… das …").
        comment.add_line(line, item.text if item and item.number is None else None)


def _trackbacks_heading(line: Line) -> bool:
    """A "Trackbacks" heading below the comments: what follows is the trackback list."""
    return line.kind == "heading" and getattr(line.data, "kind", None) == "trackbacks"


def _parent_by_indent(
    comments: list[CommentDraft], indent: int, nested_only_if_deeper: bool = False
) -> int | None:
    """The nearest earlier comment that is less indented: the one this is nested under."""
    for earlier in reversed(comments):
        if earlier.trackback_list:
            continue
        if earlier.indent < indent:
            return earlier.position
        if earlier.indent == indent and nested_only_if_deeper:
            return earlier.parent
    return None


def _new_item(comments: list[CommentDraft], line: Line, item: cues.ListItem) -> CommentDraft:
    comment = CommentDraft(len(comments) + 1, indent=item.indent, number=item.number, found_by="list item")
    comment.add_structure(line)
    link = cues.parse_link_item(item.text)
    if link:
        comment.kind, comment.link = link.kind, link
    comment.add_line(line, item.text)
    comments.append(comment)
    return comment


def parse_items(lines: list[Line]) -> list[CommentDraft]:
    """A numbered comment list; "•" items nested by indentation; continuation lines."""
    comments: list[CommentDraft] = []
    current: CommentDraft | None = None
    expected: int | None = None
    in_trackbacks = False
    for line in lines:
        if _trackbacks_heading(line):
            in_trackbacks, current = True, None
            continue
        item = cues.parse_list_item(line.text) if line.kind in ("text", "header") else None
        if item is None and line.kind == "text" and cues.parse_link_item(line.stripped):
            item = cues.ListItem(line.indent, expected, line.stripped)  # an unnumbered "Pingback: …" line
        if item is not None and _is_trackback_entry(item, comments, in_trackbacks):
            in_trackbacks, current = True, _new_trackback(comments, line, item)
            continue
        starts_item = item is not None and (
            item.number is None or expected is None or item.number == expected or current is None
        )
        if item is not None and starts_item and not in_trackbacks:
            current = _new_item(comments, line, item)
            if item.number is not None:
                expected = item.number + 1
            else:
                current.parent = _parent_by_indent(comments[:-1], item.indent)
            continue
        if current is not None:
            _continue_item(current, line)
    return comments


def _continue_item(comment: CommentDraft, line: Line) -> None:
    """A "Reply" line, or a date before the first text, is structure; the rest is the item's text."""
    if line.kind in ("reply", "marker") or (
        line.kind == "date" and len([p for p in comment.pieces if p]) <= 1
    ):
        comment.add_structure(line)
        if line.kind == "date":
            comment.date, comment.time = line.data.date, line.data.time
    elif line.kind in ("text", "blank", "byline", "date", "header"):
        comment.add_line(line)


def split_trailing_date(comment: CommentDraft) -> None:
    """Blogger-style themes print the date after the comment text ("5/19/2012 8:14 AM")."""
    real = [p for p in comment.pieces if p is not None]
    if len(real) < 2:
        return
    date = cues.parse_date_line(real[-1].text)
    if date is None:
        return
    comment.date, comment.time = comment.date or date.date, comment.time or date.time
    comment.structure.append(real[-1])
    index = len(comment.pieces) - 1 - comment.pieces[::-1].index(real[-1])
    comment.pieces = comment.pieces[:index]
    while comment.pieces and comment.pieces[-1] is None:
        comment.pieces.pop()


def split_signature(comment: CommentDraft) -> None:
    """A last line like "@debworks", "— Priya" or a bare "TryAngela" is a sign-off."""
    real = [p for p in comment.pieces if p is not None]
    if len(real) < 2:
        return
    last = real[-1]
    name = names.parse_signature(last.text)
    if name is None and names.BARE_NAME.match(last.text) and last.text.lower() not in _CLOSINGS:
        first_word = last.text.split()[0]
        if first_word not in names.NOT_NAMES:
            name = last.text
    if not name:
        return
    comment.signature = last
    comment.author_inferred = comment.author_inferred or name.lstrip("—–-~ ").strip()
    index = len(comment.pieces) - 1 - comment.pieces[::-1].index(last)
    comment.pieces = comment.pieces[:index]
    while comment.pieces and comment.pieces[-1] is None:
        comment.pieces.pop()
