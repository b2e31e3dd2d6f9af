"""Where the posts of a plain-text page are, and what they are called.

A page holds one post (title on the first line, maybe a byline, the body) or,
on a tag/category/date archive, several posts each under a heading. Titles are
recognised by shape (a short line without a closing full stop, standing on its
own), bylines and sign-offs give the author, and a page with no title line may
still name its post in a trackback excerpt ("[…] Title by Author …"), which
is used and flagged as inferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from wparchive.readers.text import cues
from wparchive.readers.text.page import Line
from wparchive.threads import names

TITLE_MAX_WORDS = 16
_TRACKBACK_TITLE = re.compile(
    r"^\s*\[(?:…|\.\.\.)\]\s*(?P<title>[A-Z0-9“\"'‘][^\[\]]{2,120}?)"
    r"\s+by\s+(?P<author>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\b"
)


@dataclass
class PostDraft:
    title: str | None = None
    title_source: str | None = None  # first_line / heading / pingback_excerpt
    title_line: int | None = None
    author: str | None = None
    author_source: str | None = None  # byline / signature / trackback
    date: str | None = None
    body: list[Line] = field(default_factory=list)
    artefact_lines: list[Line] = field(default_factory=list)  # bylines, sign-offs, taglines
    declared_comment_count: int | None = None

    @property
    def body_text(self) -> str:
        return join_paragraphs(self.body)


def join_paragraphs(lines: list[Line]) -> str:
    """Lines to text: indentation dropped, blank lines kept as paragraph breaks."""
    out: list[str] = []
    for line in lines:
        text = line.stripped
        if not text:
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(text)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def looks_like_title(line: Line) -> bool:
    """A short line that does not read as a sentence of the body."""
    text = line.stripped
    if not text or line.kind not in ("text", "header") or line.words > TITLE_MAX_WORDS:
        return False
    if text[-1] in ".,;:" or text.endswith("…"):
        return False
    if (
        cues.parse_list_item(line.text)
        or names.parse_signature(text)
        or text.startswith(("http://", "https://", "["))
    ):
        return False
    return text[0].isupper() or text[0].isdigit() or text[0] in "“\"'‘¿¡"


def _next_content(lines: list[Line], index: int) -> Line | None:
    for line in islice(lines, index + 1, None):  # a slice would copy the rest of the page each time
        if line.kind != "blank":
            return line
    return None


def _is_heading(lines: list[Line], position: int) -> bool:
    """A title inside an archive: stands alone between blank lines, followed by prose."""
    line = lines[position]
    if not looks_like_title(line):
        return False
    before_blank = position == 0 or lines[position - 1].kind in ("blank", "archive", "boiler")
    after_blank = position + 1 >= len(lines) or lines[position + 1].kind in ("blank", "byline")
    following = _next_content(lines, position)
    if following is None or not (before_blank and after_blank):
        return False
    if following.kind == "byline":
        return True
    return following.kind == "text" and following.words >= 12


def split_archive(lines: list[Line]) -> list[PostDraft]:
    """Posts of an archive page: one per heading."""
    posts: list[PostDraft] = []
    for position, line in enumerate(lines):
        if _is_heading(lines, position) and not (posts and not _has_prose(posts[-1])):
            posts.append(PostDraft(title=line.stripped, title_source="heading", title_line=line.index))
            continue
        if not posts:
            continue
        _add_to_post(posts[-1], line)
    return posts


def _has_prose(post: PostDraft) -> bool:
    return any(line.kind == "text" for line in post.body)


def _add_to_post(post: PostDraft, line: Line) -> None:
    if line.kind in ("php", "boiler", "heading", "archive"):
        return  # page furniture: recorded as an artefact, not body text
    if line.kind == "byline" and (post.author is None or not _has_prose(post)):
        byline = line.data
        post.author, post.author_source = post.author or byline.author, post.author_source or "byline"
        post.date = post.date or (byline.date.date if byline.date else None)
        post.artefact_lines.append(line)
        return
    if line.kind == "date" and not _has_prose(post) and post.date is None:
        post.date = line.data.date  # a date heading above or below the title (Blogger)
        post.artefact_lines.append(line)
        return
    post.body.append(line)


def single_post(lines: list[Line]) -> PostDraft:
    """The post of a single-post page: title line, optional byline, body."""
    post = PostDraft()
    content = [line for line in lines if line.kind != "blank"]
    rest = lines
    if content and content[0].kind == "date" and len(content) > 2:
        post.date = content[0].data.date
        post.artefact_lines.append(content[0])
        rest = lines[lines.index(content[0]) + 1 :]
        content = content[1:]
    if content and looks_like_title(content[0]) and len(content) > 1:
        first = content[0]
        post.title, post.title_source, post.title_line = first.stripped, "first_line", first.index
        rest = rest[rest.index(first) + 1 :]
    for line in rest:
        _add_to_post(post, line)
    return post


def apply_sign_off(post: PostDraft) -> None:
    """An author's sign-off closing the body ("–ME “Liz” Strauss") gives the author."""
    body = post.body
    for position in range(len(body) - 1, max(-1, len(body) - 6), -1):
        line = body[position]
        if line.kind == "blank":
            continue
        name = sign_off_name(line.stripped)
        if name:
            post.author = post.author or name
            post.author_source = post.author_source or "signature"
            tail = [line for line in body[position:] if line.kind != "blank"]
            post.artefact_lines.extend(tail)
            post.body = body[:position]
            return
        if line.words > 6:
            return


def sign_off_name(text: str) -> str | None:
    """ "–ME “Liz” Strauss" -> "Liz Strauss"; "— Tom" -> "Tom" (a dashed line only)."""
    if not text or text[0] not in "-–—~":
        return None
    value = names.parse_signature(text)
    if not value:
        return None
    words = [w.strip("“”\"'‘’") for w in value.split()]
    # Initials in capitals ("ME") come before the name people use.
    parts = [w for w in words if w and not (w.isupper() and len(w) <= 3)]
    if not parts or not all(w[0].isupper() for w in parts):
        return None
    return " ".join(parts)


def title_from_trackbacks(texts: list[str]) -> tuple[str, str] | None:
    """ "[…] You Are What You Share by Dawud Miracle who …" -> (title, author)."""
    for text in texts:
        match = _TRACKBACK_TITLE.match(text)
        if match:
            return match.group("title").strip(" “”\"'‘’"), match.group("author")
    return None
