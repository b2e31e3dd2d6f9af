"""Blogger (Blogspot) pages: not WordPress, read with Blogger's own markup.

Blogger templates print the post in ``.post-outer``/``.post`` (``.post-title``, ``.post-body``,
``abbr.published`` or ``.date-header``), and each comment with an id ``c`` + its 19-digit Blogger
id: in today's threaded layout ``li.comment#cN`` (``cite.user``, ``span.datetime``,
``p.comment-content``, replies nested in ``div.comment-replies``), in the classic layout a
``dt.comment-author#cN`` followed by ``dd.comment-body`` and ``dd.comment-footer``. The
comment's permalink carries ``?showComment=<milliseconds since 1970>``: an exact UTC time.
Blogger's ids are not WordPress ids; they are kept in ``extra.blogger_id``.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from lxml import etree

from wparchive.dates import iso_with_offset
from wparchive.model import CommentRecord, PostRecord, TermRef
from wparchive.readers.html.locate import find_by_class
from wparchive.readers.html.names import clean_names
from wparchive.readers.html.page import PageFacts
from wparchive.readers.html.post import terms_of
from wparchive.readers.html.tree import (
    HtmlElement,
    ancestors,
    classes,
    has,
    http_url,
    inner_html,
    line_of,
    text_of,
)
from wparchive.when import page_date

_COMMENTS = etree.XPath(
    "//li[starts-with(@id, 'c')] | //dt[starts-with(@id, 'c')] | //div[starts-with(@id, 'c')]"
)
_BLOGGER_ID = re.compile(r"^c(\d{6,20})$")
_SHOW_COMMENT = re.compile(r"showComment=(\d{10,13})")
_POST_ID = re.compile(r"/feeds/(\d{6,20})/comments/|postID=(\d{6,20})")


def _next(element: HtmlElement, klass: str) -> HtmlElement | None:
    sibling = element.getnext()
    while sibling is not None and sibling.tag == "dd":
        if klass in classes(sibling):
            return sibling
        sibling = sibling.getnext()
    return None


def _when(element: HtmlElement, language: str | None) -> tuple[str | None, str | None]:
    for link in element.iter("a"):
        match = _SHOW_COMMENT.search(link.get("href") or "")
        if match:
            stamp = int(match.group(1)) / (1000 if len(match.group(1)) == 13 else 1)
            moment = datetime.fromtimestamp(stamp, tz=timezone.utc)
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), page_date(line_of(link), language)
    shown = find_by_class(element, ("datetime", "comment-timestamp", "timestamp"), anywhere=True)
    return None, page_date(line_of(shown), language) if shown is not None else None


def _comment(element: HtmlElement, position: int, parent: int | None, language: str | None) -> CommentRecord:
    if element.tag == "dt":
        body, footer = _next(element, "comment-body"), _next(element, "comment-footer")
        header = element
    else:
        body = find_by_class(element, ("comment-content", "comment-body"), anywhere=True)
        found_header = find_by_class(element, ("comment-header",), anywhere=True)
        footer = header = found_header if found_header is not None else element
    author = find_by_class(header, ("user", "comment-author"), anywhere=True)
    if author is None:
        author = next(header.iter("cite", "a"), None)
    link = next(author.iter("a"), None) if author is not None else None
    published_at, published_local = _when(footer if footer is not None else element, language)
    return CommentRecord(
        wp_id=None,
        position=position,
        parent_position=parent,
        comment_type="comment",
        status="approved",
        author_name=line_of(author) if author is not None else None,
        author_url=http_url(link.get("href")) if link is not None else None,
        published_at=published_at,
        published_local=published_local,
        content_html=inner_html(body).strip() if body is not None else None,
        content_text=text_of(body) if body is not None else None,
        by_post_author="blog-author" in classes(element),
        extra={"blogger_id": _BLOGGER_ID.match(element.get("id", "")).group(1)},  # type: ignore[union-attr]
    )


def _comments(root: HtmlElement, language: str | None) -> list[CommentRecord]:
    elements = [
        e for e in _COMMENTS(root) if _BLOGGER_ID.match(e.get("id", "")) and "comment" in e.get("class", "")
    ]
    positions = {element: index for index, element in enumerate(elements, 1)}
    records = []
    for element, position in positions.items():
        parent = next((positions[p] for p in ancestors(element) if p in positions), None)
        records.append(_comment(element, position, parent, language))
    for record, name in zip(records, clean_names([r.author_name for r in records]), strict=True):
        record.author_name = name
    return records


def _post(root: HtmlElement, facts: PageFacts) -> PostRecord:
    scope = root.xpath("//*[" + has("class", "post-outer") + "]")
    where = scope[0] if scope else root
    title = find_by_class(where, ("post-title", "entry-title"), anywhere=True)
    if title is None:
        title = next(where.iter("h1", "h3"), None)
    body = find_by_class(where, ("post-body", "entry-content"), anywhere=True)
    published = next(
        (iso_with_offset(e.get("title") or e.get("datetime")) for e in where.iter("abbr", "time")),
        (None, None),
    )
    author = find_by_class(where, ("fn", "g-profile", "post-author"), anywhere=True)
    hrefs = root.xpath("//link/@href | //a[contains(@href, 'postID=')]/@href")
    post_ids = [m.group(1) or m.group(2) for href in hrefs if (m := _POST_ID.search(href))]
    record = PostRecord(
        wp_id=None,
        post_type="post",
        status="publish",
        title=line_of(title) if title is not None else None,
        url=facts.url,
        author_login=line_of(author) if author is not None else None,
        published_at=published[0],
        published_local=published[1],
        content_html=inner_html(body).strip() if body is not None else None,
        content_text=text_of(body) if body is not None else None,
        terms=[TermRef("category", t.slug, t.name) for t in terms_of(where, facts.url)],
        extra={"platform": "blogger", **({"blogger_post_id": post_ids[0]} if post_ids else {})},
        merge=True,
    )
    return record


def read_blogger(root: HtmlElement, facts: PageFacts, warnings: list[str]) -> list[PostRecord]:
    post = _post(root, facts)
    post.comments = _comments(root, facts.language)
    return [post]
