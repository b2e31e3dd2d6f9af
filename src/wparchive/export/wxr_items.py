"""One ``<item>`` of a WXR 1.2 file (a post with its terms, meta and comments) as text.

Fields are written as WordPress's exporter writes them (``wp:post_date`` on the site's clock,
``wp:post_date_gmt`` in UTC, ``category domain nicename``, comment fields in export order), so
WordPress's importer and every parser described in research/wxr.md read them. A value the reader
could not parse when it imported the post (kept in ``extra`` under the field's name) is written
back as it was given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from wparchive.dates import utc_to_rfc822
from wparchive.export.xmltext import cdata, element, extra_elements, text
from wparchive.model import CommentRecord, PostRecord

APPROVED = {"approved": "1", "pending": "0"}
POST_DATES = ("wp:post_date", "wp:post_date_gmt", "wp:post_modified", "wp:post_modified_gmt")
COMMENT_RAW = frozenset(("wp:comment_date", "wp:comment_date_gmt", "wp:comment_type", "wp:comment_id"))
POST_RAW = frozenset((*POST_DATES, "pubDate", "wp:post_id", "wp:post_parent", "wp:menu_order"))


@dataclass
class Ids:
    """WordPress ids for posts and comments that have none (read from scraped pages): new ids past
    the site's highest, so an import into WordPress gets a complete, consistent file."""

    next_post: int
    next_comment: int
    posts: dict[str, int] = field(default_factory=dict)

    def post_id(self, post: PostRecord, key: str) -> int:
        if post.wp_id is not None:
            return post.wp_id
        if key not in self.posts:
            self.posts[key], self.next_post = self.next_post, self.next_post + 1
        return self.posts[key]

    def comment_ids(self, comments: list[CommentRecord]) -> list[int]:
        """A WordPress id for each of a post's comments, in their order (positions may repeat when
        pages of one post were merged, so they are not keys)."""
        found: list[int] = []
        for comment in comments:
            if comment.wp_id is not None:
                found.append(comment.wp_id)
            else:
                found.append(self.next_comment)
                self.next_comment += 1
        return found


def wp_date(iso: str | None) -> str:
    """``2019-03-16T10:00:00Z`` -> ``2019-03-16 10:00:00``; none -> WordPress's zero date."""
    if not iso:
        return "0000-00-00 00:00:00"
    return iso.rstrip("Z").replace("T", " ")[:19]


def item_xml(post: PostRecord, post_id: int, ids: Ids) -> str:
    return "<item>\n" + "\n".join(_item_parts(post, post_id, ids)) + "\n</item>\n"


def _item_parts(post: PostRecord, post_id: int, ids: Ids) -> Iterator[str]:
    raw = post.extra
    yield element("title", post.title, as_cdata=True)
    yield element("link", post.url)
    yield element("pubDate", raw.get("pubDate") or utc_to_rfc822(post.published_at))
    yield element("dc:creator", post.author_login, as_cdata=True)
    yield f'<guid isPermaLink="false">{text(post.guid or "")}</guid>'
    yield "<description></description>"
    yield element("content:encoded", post.content_html, as_cdata=True)
    yield element("excerpt:encoded", post.excerpt_html, as_cdata=True)
    yield element("wp:post_id", raw.get("wp:post_id", post_id))
    local = {"wp:post_date": post.published_local, "wp:post_modified": post.modified_local}
    utc = {"wp:post_date_gmt": post.published_at, "wp:post_modified_gmt": post.modified_at}
    for name in POST_DATES:
        yield element(name, raw.get(name) or wp_date({**local, **utc}[name]), as_cdata=True)
    yield element("wp:comment_status", post.comment_status, as_cdata=True)
    yield element("wp:ping_status", post.ping_status, as_cdata=True)
    yield element("wp:post_name", post.slug, as_cdata=True)
    yield element("wp:status", post.status, as_cdata=True)
    yield element("wp:post_parent", raw.get("wp:post_parent", post.wp_parent_id or 0))
    yield element("wp:menu_order", raw.get("wp:menu_order", post.menu_order or 0))
    yield element("wp:post_type", post.post_type, as_cdata=True)
    yield element("wp:post_password", post.password, as_cdata=True)
    yield element("wp:is_sticky", int(post.is_sticky))
    if post.attachment_url:
        yield element("wp:attachment_url", post.attachment_url, as_cdata=True)
    for ref in post.terms:
        attributes = f'domain="{text(ref.taxonomy)}" nicename="{text(ref.slug)}"'
        yield f"<category {attributes}>{cdata(ref.name or '')}</category>"
    yield from extra_elements(raw, skip=POST_RAW)
    for key, value in post.meta:
        yield _meta("wp:postmeta", key, value)
    # In the order the source gave them (the read layer gives thread order), so a re-import numbers
    # them as the archive does; WordPress's importer sorts them by id anyway.
    comments = sorted(post.comments, key=lambda comment: comment.position)
    comment_ids = ids.comment_ids(comments)
    by_position: dict[int, int] = {}
    for comment, comment_id in zip(comments, comment_ids, strict=True):
        by_position.setdefault(comment.position, comment_id)  # what a page's parent_position names
    for comment, comment_id in zip(comments, comment_ids, strict=True):
        yield _comment_xml(comment, comment_id, by_position)


def _meta(tag: str, key: str, value: str | None) -> str:
    pair = element("wp:meta_key", key, as_cdata=True) + element("wp:meta_value", value, as_cdata=True)
    return f"<{tag}>{pair}</{tag}>"


def _comment_xml(comment: CommentRecord, comment_id: int, by_position: dict[int, int]) -> str:
    raw = comment.extra
    parent = comment.wp_parent_id or (
        by_position.get(comment.parent_position) if comment.parent_position else None
    )
    kind = comment.comment_type or ""
    parts = [
        element("wp:comment_id", raw.get("wp:comment_id", comment_id)),
        element("wp:comment_author", comment.author_name, as_cdata=True),
        element("wp:comment_author_email", comment.author_email, as_cdata=True),
        element("wp:comment_author_url", comment.author_url),
        element("wp:comment_author_IP", comment.author_ip),
        element("wp:comment_date", raw.get("wp:comment_date") or wp_date(comment.published_local)),
        element("wp:comment_date_gmt", raw.get("wp:comment_date_gmt") or wp_date(comment.published_at)),
        element("wp:comment_content", comment.content_html, as_cdata=True),
        element("wp:comment_approved", APPROVED.get(comment.status or "", comment.status or "")),
        element("wp:comment_type", raw.get("wp:comment_type", kind), as_cdata=True),
        element("wp:comment_parent", parent or 0),
        element("wp:comment_user_id", comment.user_id or 0),
        *extra_elements(raw, skip=COMMENT_RAW),
        *(_meta("wp:commentmeta", key, value) for key, value in comment.meta),
    ]
    return "<wp:comment>" + "".join(parts) + "</wp:comment>"
