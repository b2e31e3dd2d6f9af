"""Comment headers that a page's own repetition reveals.

A theme prints every comment under the same header: "Name says:", "Name on DATE said:", "Name |
DATE", or the name on one line and the date on the next. Headers the line cues recognise alone
(a "says" word of some language) need no help. Lines that only *might* be headers become headers
when the page repeats their shape: a name and a date on one line, or a short name-like line right
above a date line. The shape seen most often wins, if it is seen at least twice after a comment
heading (three times on a page without one), under more than one name (one name every time is a
listing's byline), and, without a heading, with "Reply" lines rather than "Continue reading"
lines between its occurrences. Everything here is one pass over the lines.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import islice

from wparchive import theme_words
from wparchive.readers.text import cues
from wparchive.readers.text.page import Line
from wparchive.readers.text.shown import DateCue, is_badge, name_and_date, plausible_name, split_badge

MIN_REPEATS = 2  # after a comment heading
MIN_REPEATS_BARE = 3  # on a page without one
PROSE_WORDS = 20  # a line this long is prose: without a heading, comments come after the first
NAME_LINE_WORDS = 5
REGULAR_RUN = 5
REGULAR_NAMES = 3
_LOOKAHEAD = 2  # lines between a name line and its date line (a blank, a "says" line)


@dataclass
class Candidate:
    line: Line
    shape: str  # "name date" (one line) or "name/date" (two lines)
    name: str
    date: DateCue | None
    by_post_author: bool
    number: int | None
    ping: bool = False


def _item_text(line: Line) -> tuple[str, int | None]:
    item = cues.parse_list_item(line.text)
    return (item.text.strip(), item.number) if item else (line.stripped, None)


def _name_line(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= NAME_LINE_WORDS
        and plausible_name(text)
        and text[-1] not in ":,"
        and not theme_words.is_reply(text)
        and not theme_words.is_more(text)
    )


def _next_date(lines: list[Line], index: int) -> tuple[DateCue, bool] | None:
    """The date line just under a name line, and whether a post-author badge stands between."""
    badge = False
    for line in islice(lines, index + 1, index + 2 + _LOOKAHEAD):
        if line.kind == "date":
            return line.data, badge
        if is_badge(line.stripped):
            badge = True
        elif line.kind != "blank" and not cues.SAYS_LINE.match(line.stripped):
            return None
    return None


def candidates(lines: list[Line], start: int) -> list[Candidate]:
    """Lines from ``start`` that could open a comment, each with its shape."""
    found = []
    for line in islice(lines, start, None):
        if line.kind != "text":
            continue
        text, number = _item_text(line)
        glued = cues.GLUED_SAYS.match(text)
        if glued and plausible_name(glued.group("name")):
            below = _next_date(lines, line.index)
            name, badge = split_badge(glued.group("name"))
            date = below[0] if below else None
            found.append(Candidate(line, "name+says", name, date, badge or bool(below and below[1]), number))
            continue
        paired = name_and_date(text)
        if paired is not None:
            found.append(
                Candidate(
                    line, "name date", paired.name, paired.date, paired.by_post_author, number, paired.ping
                )
            )
            continue
        titled = name_and_date(text, titled=True) if _excerpt_below(lines, line.index) else None
        if titled is not None:  # a ping: the linking post's title, then "[…] excerpt […]"
            found.append(Candidate(line, "name date", titled.name, titled.date, False, number, ping=True))
            continue
        if _name_line(text) and not is_badge(text):
            below = _next_date(lines, line.index)
            if below is not None:
                name, badge = split_badge(text)
                found.append(Candidate(line, "name/date", name, below[0], badge or below[1], number))
    return found


def _excerpt_below(lines: list[Line], index: int) -> bool:
    """The next line with text opens with "[…]": a ping's excerpt of the linking post."""
    following = next((line for line in islice(lines, index + 1, index + 3) if line.kind != "blank"), None)
    return following is not None and cues.EXCERPT_START.match(following.stripped) is not None


def _first_prose(lines: list[Line]) -> int:
    return next((line.index for line in lines if line.kind == "text" and line.words >= PROSE_WORDS), 0)


def _between(lines: list[Line], chosen: list[Candidate]) -> tuple[int, int]:
    """How many gaps between occurrences hold a "Reply" line, and how many a listing's lines."""
    replies = listing = 0
    for before, after in zip(chosen, chosen[1:] + [None], strict=True):
        stop = after.line.index if after else min(len(lines), before.line.index + 40)
        gap = lines[before.line.index + 1 : stop]
        in_header = cues.ENDS_WITH_REPLY.search(before.line.text) is not None
        replies += in_header or any(line.kind == "reply" for line in gap)
        listing += any(
            theme_words.is_more(line.stripped) or theme_words.is_none(line.stripped) for line in gap
        )
    return replies, listing


def _regular(chosen: list[Candidate]) -> bool:
    """Without a heading or "Reply" lines, a long run of headers by many people still is a
    discussion (Thesis prints neither): five or more, under three or more names."""
    return len(chosen) >= REGULAR_RUN and len({c.name.lower() for c in chosen}) >= REGULAR_NAMES


def learn_headers(lines: list[Line]) -> int:
    """Promote the page's repeated header shape to comment headers; how many were promoted."""
    heading = next((line.index for line in lines if line.kind == "heading"), None)
    start = heading + 1 if heading is not None else _first_prose(lines) + 1
    found = candidates(lines, start)
    if not found:
        return 0
    shape, count = Counter(c.shape for c in found).most_common(1)[0]
    chosen = [c for c in found if c.shape == shape]
    if count < (MIN_REPEATS if heading is not None else MIN_REPEATS_BARE):
        return 0
    if len({c.name.lower() for c in chosen}) < 2:
        return 0  # one name every time: a byline of a listing, not a discussion
    replies, listing = _between(lines, chosen)
    if listing * 4 > len(chosen):
        return 0
    if heading is None and replies * 2 < len(chosen) and not _regular(chosen):
        return 0
    for candidate in chosen:
        candidate.line.kind = "header"
        candidate.line.data = cues.CommentHeader(
            candidate.name,
            candidate.number,
            candidate.date,
            candidate.by_post_author,
            candidate.ping,
            learned=True,
        )
    return len(chosen)
