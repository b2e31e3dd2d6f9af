"""Where a text page's regions are: the post (or the posts of a listing) and the comment list.

The comment list starts at its heading or at the first comment's header or pingback line, and ends
where the comment form begins; a page without either may still have bare comments after the
author's sign-off ("– Liz"). Archive pages have no comment list: their "2 Comments »" are counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from wparchive import theme_words
from wparchive.readers.text import cues
from wparchive.readers.text import posts as tp
from wparchive.readers.text.page import Line, Page

LISTING_REPEATS = 2  # "Continue reading" links or bare counts: a listing of posts
PROSE_WORDS = 20  # a line this long is prose
# Paragraphs of prose between a count and the first comment header: the post, so the count was the
# post's ("80 Comments" beside its title). Fewer may be a first comment signed below its text.
POST_PARAGRAPHS = 3
FORM_LABEL_DISTANCE = 3  # lines below a comment form's heading where "Comment" is its field label


@dataclass
class Layout:
    posts_first: int
    posts_last: int
    comments_first: int | None
    comments_last: int | None
    archive: bool
    declared_count: int | None


def _furniture(line: Line) -> bool:
    return line.kind in ("blank", "boiler", "php", "heading", "archive", "reply", "marker", "pending")


def find_layout(page: Page) -> Layout:
    lines = page.lines
    last = len(lines) - 1
    while last >= 0 and _furniture(lines[last]) and lines[last].kind != "heading":
        last -= 1
    archive = any(line.kind == "archive" for line in lines[: max(1, last // 2 + 1)]) or is_listing(lines)
    if archive:
        # Archive pages list posts; their "2 Comments »" lines are counts, not comment lists.
        return Layout(0, last, None, None, True, None)
    start, declared = _comments_start(lines)
    if start is None:
        return Layout(0, last, None, None, archive, None)
    return Layout(0, start - 1, start, _comments_end(lines, start, last), archive, declared)


def is_listing(lines: list[Line]) -> bool:
    """A home, archive or search page: several "Continue reading" links or bare comment counts
    ("3 Comments", "Keine Kommentare"), and no comment header anywhere."""
    if any(line.kind == "header" for line in lines):
        return False
    more = sum(1 for line in lines if line.kind == "boiler" and theme_words.is_more(line.stripped))
    counts = sum(1 for line in lines if _bare_count(line))
    return more >= LISTING_REPEATS or counts >= LISTING_REPEATS


def _bare_count(line: Line) -> bool:
    if line.kind == "heading":
        return bool(line.data.bare)
    return line.kind == "boiler" and theme_words.is_none(line.stripped)


def _opens_comment(line: Line) -> bool:
    """A comment header, or a pingback line ("Pingback: …", maybe as a list item)."""
    if line.kind == "header":
        return True
    if line.kind != "text" or line.index == 0:
        return False
    item = cues.parse_list_item(line.text)
    return cues.parse_link_item(item.text if item else line.stripped) is not None


def _comments_start(lines: list[Line]) -> tuple[int | None, int | None]:
    """Where the comment list starts, and the count its heading declares.

    The comment heading ("12 thoughts on …"), or the first comment's header or pingback line
    when it comes first. When the page has comment headers, a count printed beside the post's
    title ("80 Comments") is not that heading: prose (the post) stands between it and the first
    header, and the heading nearest above the first header is the one.
    """
    headers = any(line.kind == "header" for line in lines)
    heading: Line | None = None
    prose = 0
    form = False
    form_at = -FORM_LABEL_DISTANCE - 1
    for line in lines:
        if _form_label(line, form_at):
            continue  # "Comment" under "Leave a Reply": the form's label, not a heading
        if line.kind == "heading" and line.data.kind != "trackbacks":
            if not headers:
                return line.index, line.data.count
            heading, prose = line, 0
        elif line.kind == "boiler" and line.artefact == "comment_form_boilerplate":
            form, form_at = True, line.index
        elif headers and line.kind == "text" and line.words >= PROSE_WORDS and not _opens_comment(line):
            prose += 1
            if prose >= POST_PARAGRAPHS:
                heading = None  # the post's paragraphs after the count: it was not the heading
        if _opens_comment(line) and (line.kind == "header" or not headers):
            if heading is None and form and line.kind == "header":
                return None, None  # after the form, no heading: a sidebar's latest comments
            return (heading.index, heading.data.count) if heading is not None else (line.index, None)
    return None, None


def _form_label(line: Line, form_at: int) -> bool:
    return (
        line.kind == "heading" and line.data.kind == "title" and line.index - form_at <= FORM_LABEL_DISTANCE
    )


def _comments_end(lines: list[Line], start: int, last: int) -> int:
    """The comment list ends where the comment form (or "Comments are closed.") or a sidebar
    widget begins, once a comment has begun: what follows is the form, the sidebar and the footer."""
    zone = list(islice(lines, start, last + 1))
    headers = any(line.kind == "header" for line in zone)
    opening = ("header",) if headers else ("header", "text")
    begun = False
    for line in zone:
        if line.kind in opening and line.index > start:
            begun = True
        elif line.kind == "boiler" and line.artefact == "comment_form_boilerplate":
            if begun:
                return line.index - 1
            if not headers:
                return start  # "Comments", then at once the form: there are none
        elif begun and line.kind == "boiler" and theme_words.is_widget(line.stripped):
            return line.index - 1  # the sidebar (a theme that puts the form above the comments)
    return last


def sign_off_split(page: Page, layout: Layout) -> None:
    """No comment heading: an author's sign-off line ends the post, bare comments follow."""
    if layout.comments_first is not None or layout.archive:
        return
    content = [line for line in page.lines[: layout.posts_last + 1] if line.kind == "text"]
    for position, line in enumerate(content[3:], 3):
        name = tp.sign_off_name(line.stripped)
        if name and position < len(content) - 1:
            tail = content[position + 1 : position + 3]
            end = line.index
            author_first = name.split()[0].lower()
            for extra in tail:
                if extra.words <= 5 and author_first in extra.stripped.lower():
                    end = extra.index
                else:
                    break
            layout.comments_first, layout.comments_last = end + 1, layout.posts_last
            layout.posts_last = end
            return
