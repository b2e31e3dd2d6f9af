"""Pages in a layout the reader does not know: the post's text by trafilatura, comments by repetition.

trafilatura (the best-measured main-text extractor, research/scrape.md §7) finds the body; the
title, author and date come from the same places as on any page. Comments, where the page has
them, show as a list of like elements (same tag, same classes) inside an element whose id or class
says "comment": each item is a comment, its first name-like element the author, its date-like
element the date, the rest the text. Nothing states this structure, so such comments carry a
confidence below 1.
"""

from __future__ import annotations

import re
from collections import Counter

from wparchive.dates import iso_with_offset
from wparchive.model import CommentRecord, PostRecord
from wparchive.readers.html.names import clean_names
from wparchive.readers.html.page import PageFacts
from wparchive.readers.html.post import read_post
from wparchive.readers.html.tree import (
    HtmlElement,
    ancestors,
    classes,
    http_url,
    inner_html,
    line_of,
    text_of,
)
from wparchive.when import page_date

GUESSED = 0.5  # confidence of comments found by repeated structure alone
_AREA = re.compile(r"comment|discussion|responses|replies|reactions", re.I)
_NOT_AREA = re.compile(r"comment-?form|respond|reply-?form|comment-?count|comments-link|no-?comments", re.I)
_AUTHOR = re.compile(r"author|user|name|poster|cite|commenter", re.I)
_DATE = re.compile(r"date|time|posted|published|when|ago", re.I)
_TEXT = re.compile(r"content|text|body|message|comment-?body", re.I)


def _signature(element: HtmlElement) -> tuple[str, str]:
    tokens = sorted(t for t in classes(element) if not re.search(r"\d", t))
    return element.tag, " ".join(tokens)


def _comment_items(root: HtmlElement) -> list[HtmlElement]:
    """The largest group of like elements under an element named for comments."""
    best: list[HtmlElement] = []
    areas: dict[HtmlElement, None] = {}
    for area in root.iter("div", "section", "ol", "ul", "aside"):
        label = f"{area.get('id', '')} {area.get('class', '')}"
        if (
            _AREA.search(label)
            and not _NOT_AREA.search(label)
            and not any(a in areas for a in ancestors(area))
        ):
            areas[area] = None
    for area in areas:  # outermost areas only: each element is looked at once
        for holder in area.iter("ol", "ul", "div", "section"):
            children = [c for c in holder if isinstance(c.tag, str)]
            counts = Counter(_signature(c) for c in children)
            if not counts:
                continue
            signature, count = counts.most_common(1)[0]
            if count >= 2 and count > len(best) and signature[0] not in ("script", "style", "form", "input"):
                best = [c for c in children if _signature(c) == signature]
    return best


def _first(item: HtmlElement, pattern: re.Pattern[str], tags: tuple[str, ...]) -> HtmlElement | None:
    for element in item.iter():
        if element is item or not isinstance(element.tag, str):
            continue
        if pattern.search(element.get("class", "")) or element.tag in tags:
            return element
    return None


def _guessed_comment(item: HtmlElement, position: int, parent: int | None, facts: PageFacts) -> CommentRecord:
    author = _first(item, _AUTHOR, ("cite",))
    date = _first(item, _DATE, ("time",))
    text = _first(item, _TEXT, ())
    published_at, published_local = (
        iso_with_offset(date.get("datetime")) if date is not None else (None, None)
    )
    if date is not None and not published_local:
        published_local = page_date(line_of(date), facts.language)
    link = next(author.iter("a"), None) if author is not None else None
    body = text if text is not None else item
    return CommentRecord(
        wp_id=None,
        position=position,
        parent_position=parent,
        status="approved",
        author_name=line_of(author)[:200] if author is not None else None,
        author_url=http_url(link.get("href"), facts.url) if link is not None else None,
        published_at=published_at,
        published_local=published_local,
        content_html=inner_html(body).strip(),
        content_text=text_of(body),
        confidence=GUESSED,
        by_post_author=False,
        extra={"found_by": "repeated structure"},
    )


def body_by_trafilatura(html: bytes) -> tuple[str | None, str | None]:
    import trafilatura  # imported on first use: it is only needed for pages in unknown layouts

    document = trafilatura.bare_extraction(html.decode("utf-8"), include_comments=False, with_metadata=False)
    body = getattr(document, "body", None)
    if body is None:
        return None, None
    return inner_html(body).strip(), getattr(document, "text", None)


def read_unknown(root: HtmlElement, html: bytes, facts: PageFacts, warnings: list[str]) -> list[PostRecord]:
    draft = read_post(root, facts)
    content_html, content_text = body_by_trafilatura(html)
    items = _comment_items(root)
    positions = {item: index for index, item in enumerate(items, 1)}
    comments = [
        _guessed_comment(
            item, position, next((positions[p] for p in ancestors(item) if p in positions), None), facts
        )
        for item, position in positions.items()
    ]
    for comment, name in zip(comments, clean_names([c.author_name for c in comments]), strict=True):
        comment.author_name = name
    if comments:
        warnings.append(
            f"an unknown page layout: {len(comments)} comments found by repeated structure "
            f"(confidence {GUESSED})"
        )
    post = PostRecord(
        wp_id=None,
        post_type="post",
        status="publish",
        title=draft.title,
        url=draft.url,
        author_login=draft.author,
        published_at=draft.published_at,
        published_local=draft.published_local,
        content_html=content_html or draft.content_html,
        content_text=content_text or draft.content_text,
        confidence=0.8,
        extra={"platform": "unknown", "body_by": "trafilatura" if content_html else "markup"},
        merge=True,
    )
    post.comments = comments
    return [post]
