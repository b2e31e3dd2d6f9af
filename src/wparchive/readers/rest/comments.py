"""Comments of a REST API response (``wp/v2/comments``, or a post's ``_embedded.replies``).

Each comment keeps its WordPress id, its parent's id and its post's id, so comments met in an
export, on a saved page or in another response are the same rows. A response lists the comments of
many posts (newest first): each post it names is a thin page's view (``merge=True``, only its id
and the URL its comments link to) that carries them, as a comment feed's are carried.
"""

from __future__ import annotations

from typing import Any

from wparchive.dates import wp_gmt, wp_local
from wparchive.model import CommentRecord, PostRecord
from wparchive.readers.html.page import without_comment_page
from wparchive.readers.rest.fields import link, rendered, scalar, text, wp_id
from wparchive.sanitize import http_url

# WordPress's REST names for comment_approved; "hold" is the 0 the archive calls pending.
_STATUS = {"approved": "approved", "approve": "approved", "hold": "pending", "unapproved": "pending"}


def is_comment(obj: dict[str, Any]) -> bool:
    return "post" in obj and "author_name" in obj


def comment_record(obj: dict[str, Any], position: int) -> CommentRecord:
    extra: dict[str, Any] = {}
    status = scalar(obj.get("status"))
    user = wp_id(obj.get("author"))
    comment_link = link(obj.get("link"), extra, "link")
    if comment_link:
        extra["rest"] = {"link": comment_link}
    kind = scalar(obj.get("type")) or "comment"
    return CommentRecord(
        wp_id=wp_id(obj.get("id")),
        position=position,
        wp_parent_id=wp_id(obj.get("parent")),
        comment_type=kind,
        status=_STATUS.get(status, status) if status else None,
        author_name=text(obj.get("author_name")),
        author_url=link(obj.get("author_url"), extra, "author_url"),
        author_email=text(obj.get("author_email")) or None,  # context=edit only
        author_ip=text(obj.get("author_ip")) or None,
        user_id=user,
        published_at=wp_gmt(text(obj.get("date_gmt"))),
        published_local=wp_local(text(obj.get("date"))),
        content_html=rendered(obj.get("content")),
        by_post_author=None,
        extra=extra,
    )


def post_url(comment_link: str | None) -> str | None:
    """The post's URL from its comment's (``…/hello/comment-page-2/#comment-5``)."""
    if not comment_link:
        return None
    return http_url(without_comment_page(comment_link.split("#")[0]))


def comments_by_post(objects: list[dict[str, Any]], warnings: list[str]) -> list[PostRecord]:
    """The comments, grouped under thin views of the posts they belong to, in the response's order."""
    posts: dict[int, PostRecord] = {}
    orphans = 0
    for position, obj in enumerate(objects, 1):
        comment = comment_record(obj, position)
        post_id = wp_id(obj.get("post"))
        if post_id is None:
            orphans += 1
            continue
        post = posts.get(post_id)
        if post is None:
            url = post_url(comment.extra.get("rest", {}).get("link"))
            post = posts[post_id] = PostRecord(
                wp_id=post_id, url=url, extra={"listing": "rest-comments"}, merge=True
            )
        post.comments.append(comment)
    if orphans:
        warnings.append(f"{orphans} comments name no post (their 'post' is 0 or missing): not imported")
    return list(posts.values())


def replies_of(embedded: Any, author: int | None) -> list[CommentRecord]:
    """A post's ``_embedded.replies``: its first comments, as an embed shows them: no UTC date, no
    status (the comments route gives approved comments unless asked for others: approved)."""
    found: list[CommentRecord] = []
    for group in embedded if isinstance(embedded, list) else []:
        for obj in group if isinstance(group, list) else []:
            if isinstance(obj, dict) and "author_name" in obj and "id" in obj:
                comment = comment_record(obj, len(found) + 1)
                comment.status = comment.status or "approved"
                comment.by_post_author = bool(author) and comment.user_id == author
                found.append(comment)
    return found
