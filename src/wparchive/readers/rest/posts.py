"""Posts, pages and attachments of a REST API response (``wp/v2/posts``, ``pages``, ``media``, custom
post types), with what ``_embed`` adds: the author, the terms, the first comments, the featured image.

Each is a page's view of the post (``merge=True``): an export of the same site keeps its values (the
raw content, where the API shows it rendered) and the response fills what the archive lacks. Ids
that have no column (the author's and the terms' when nothing is embedded, the featured image's)
are kept in ``extra.rest``.
"""

from __future__ import annotations

import re
from typing import Any

from wparchive.dates import wp_gmt, wp_local
from wparchive.htmltext import html_to_text
from wparchive.model import AuthorRecord, PostRecord, TermRef
from wparchive.readers.rest.comments import replies_of
from wparchive.readers.rest.fields import ids, link, number, rendered, scalar, text, wp_id
from wparchive.readers.rest.site import author_record, is_term, is_user

_MORE = re.compile(r"\s*(?:\[(?:\u2026|\.\.\.)\]|\u2026)\s*$")  # the "[…]" WordPress ends a made excerpt with


def _excerpt(value: Any, content_html: str | None) -> str | None:
    """The post's own excerpt: the stored one a ``context=edit`` response has; else the shown one unless
    WordPress made it from the content (its first 55 words, then "[…]"), which an export does not hold."""
    if isinstance(value, dict) and isinstance(value.get("raw"), str):
        return value["raw"]
    shown = rendered(value)
    said = " ".join(_MORE.sub("", html_to_text(shown) or "").split())
    if not said or " ".join((html_to_text(content_html) or "").split()).startswith(said):
        return None
    return shown


def is_post(obj: dict[str, Any]) -> bool:
    return (
        isinstance(obj.get("type"), str)
        and "id" in obj
        and any(k in obj for k in ("title", "content", "guid"))
    )


def _rest_ids(obj: dict[str, Any]) -> dict[str, Any]:
    said = {
        "author": wp_id(obj.get("author")),
        "featured_media": wp_id(obj.get("featured_media")),
        "categories": ids(obj.get("categories")) or None,
        "tags": ids(obj.get("tags")) or None,
        "format": scalar(obj.get("format")),
        "template": scalar(obj.get("template")),
    }
    if isinstance(obj.get("content"), dict) and obj["content"].get("protected") is True:
        said["protected"] = True
    return {key: value for key, value in said.items() if value is not None}


def post_record(
    obj: dict[str, Any], authors: dict[str, AuthorRecord], extras: list[PostRecord]
) -> PostRecord:
    """One post; its embedded author goes to ``authors``, its embedded featured image to ``extras``."""
    extra: dict[str, Any] = {}
    media = obj.get("type") == "attachment"
    post = PostRecord(
        wp_id=wp_id(obj.get("id")),
        post_type=scalar(obj.get("type")),
        status=scalar(obj.get("status")) or ("inherit" if media else None),  # what attachments always have
        title=rendered(obj.get("title")),
        slug=scalar(obj.get("slug")),
        url=link(obj.get("link"), extra, "url"),
        guid=rendered(obj.get("guid")),
        published_at=wp_gmt(text(obj.get("date_gmt"))),
        published_local=wp_local(text(obj.get("date"))),
        modified_at=wp_gmt(text(obj.get("modified_gmt"))),
        modified_local=wp_local(text(obj.get("modified"))),
        wp_parent_id=wp_id(obj.get("post") if media else obj.get("parent")),
        menu_order=number(obj.get("menu_order")),
        comment_status=scalar(obj.get("comment_status")),
        ping_status=scalar(obj.get("ping_status")),
        is_sticky=obj.get("sticky") is True,
        excerpt_html=rendered(obj.get("caption")) if media else None,
        content_html=rendered(obj.get("description" if media else "content")),
        attachment_url=link(obj.get("source_url"), extra, "attachment_url") if media else None,
        extra=extra,
        merge=True,
    )
    if not media:
        post.excerpt_html = _excerpt(obj.get("excerpt"), post.content_html)
    rest = _rest_ids(obj)
    if rest:
        extra["rest"] = rest
    if rest.get("protected") and not post.content_html:
        post.content_html = None  # a password-protected post's content is not shown: it is not empty
    embedded = obj.get("_embedded")
    if isinstance(embedded, dict):
        _embedded(embedded, post, authors, extras)
    return post


def _embedded(
    embedded: dict[str, Any], post: PostRecord, authors: dict[str, AuthorRecord], extras: list[PostRecord]
) -> None:
    for obj in _objects(embedded.get("author")):
        author = author_record(obj) if is_user(obj) else None
        if author is not None:
            authors.setdefault(author.login, author)
            post.author_login = author.login
            break
    for group in embedded.get("wp:term") or []:
        for obj in _objects(group):
            if is_term(obj):
                post.terms.append(
                    TermRef(obj["taxonomy"].strip(), obj["slug"].strip(), text(obj.get("name")))
                )
    post.comments = replies_of(embedded.get("replies"), post.extra.get("rest", {}).get("author"))
    for obj in _objects(embedded.get("wp:featuredmedia")):
        if is_post(obj):
            extras.append(post_record(obj, authors, []))


def _objects(value: Any) -> list[dict[str, Any]]:
    return [obj for obj in value if isinstance(obj, dict)] if isinstance(value, list) else []
