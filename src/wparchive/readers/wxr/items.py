"""Items and their comments: the elements of one ``<item>`` into a PostRecord.

``parse_item`` is the hot path of an import (every element of every item passes
through it), so the common fields are read in its loop and the rest in a helper.
"""

from __future__ import annotations

from typing import Any

from wparchive.dates import rfc822_utc, wp_gmt, wp_local
from wparchive.model import CommentRecord, PostRecord, TermRef
from wparchive.readers.wxr.fields import (
    add_extra,
    children,
    keep_unreadable,
    parse_meta,
    slugify,
    text_of,
    to_int,
)

COMMENT_STATUS = {"1": "approved", "0": "pending", "approve": "approved", "hold": "pending"}
ORDINARY_COMMENT_TYPES = {"", "comment"}
# WXR 1.0 wrote tags with domain="tag"; later versions say post_tag.
TAXONOMY_ALIASES = {"tag": "post_tag", "": "category"}


COMMENT_TEXT_FIELDS = {
    "wp:comment_author": "author_name",
    "wp:comment_author_email": "author_email",
    "wp:comment_author_url": "author_url",
    "wp:comment_author_IP": "author_ip",
}


COMMENT_INT_FIELDS = ("wp:comment_id", "wp:comment_parent", "wp:comment_user_id")
COMMENT_FIELDS = frozenset(
    (
        "wp:comment_id",
        "wp:comment_parent",
        "wp:comment_user_id",
        "wp:comment_date",
        "wp:comment_date_gmt",
        "wp:comment_content",
        "wp:comment_approved",
        "wp:comment_type",
        *COMMENT_TEXT_FIELDS,
    )
)


def parse_comment(element: Any, position: int) -> CommentRecord:
    values: dict[str, str] = {}
    meta: list[tuple[str, str]] = []
    extra: dict[str, Any] = {}
    for name, child in children(element):
        if name in COMMENT_FIELDS:
            values[name] = (child.text or "") if not len(child) else text_of(child)
        elif name == "wp:commentmeta":
            meta.append(parse_meta(child))
        else:
            add_extra(extra, child)
    get = values.get
    raw_type = get("wp:comment_type")
    comment_type = (raw_type or "").strip()
    comment_type = "comment" if comment_type in ORDINARY_COMMENT_TYPES else comment_type
    if raw_type not in (None, comment_type):
        extra["wp:comment_type"] = raw_type
    approved = get("wp:comment_approved", "").strip()
    numbers = {name: to_int(get(name)) for name in COMMENT_INT_FIELDS}
    dates = {"gmt": wp_gmt(get("wp:comment_date_gmt")), "local": wp_local(get("wp:comment_date"))}
    for name, parsed in (
        *numbers.items(),
        ("wp:comment_date_gmt", dates["gmt"]),
        ("wp:comment_date", dates["local"]),
    ):
        if parsed is None:  # most values read: only the others are looked at again
            keep_unreadable(extra, name, get(name), parsed)
    return CommentRecord(
        wp_id=numbers["wp:comment_id"],
        position=position,
        wp_parent_id=numbers["wp:comment_parent"] or None,
        comment_type=comment_type,
        comment_type_raw=raw_type,
        status=COMMENT_STATUS.get(approved, approved or None),
        author_name=get("wp:comment_author", "").strip() or None,
        author_url=get("wp:comment_author_url", "").strip() or None,
        author_email=get("wp:comment_author_email", "").strip() or None,
        author_ip=get("wp:comment_author_IP", "").strip() or None,
        user_id=numbers["wp:comment_user_id"] or None,
        published_at=dates["gmt"],
        published_local=dates["local"],
        content_html=get("wp:comment_content"),
        meta=meta,
        extra=extra,
    )


def _term_ref(element: Any) -> TermRef | None:
    domain = element.get("domain")
    nicename = element.get("nicename")
    name = text_of(element).strip()
    taxonomy = TAXONOMY_ALIASES.get(domain or "", domain or "category")
    if nicename is None:
        # WXR 1.0 writes each category twice: once bare (legacy), once with nicename.
        return TermRef(taxonomy=taxonomy, slug="", name=name) if name else None
    return TermRef(taxonomy=taxonomy, slug=nicename.strip(), name=name or None)


def _merge_term_refs(refs: list[TermRef]) -> list[TermRef]:
    """Drop legacy bare references that duplicate a nicename reference."""
    named = {(r.taxonomy, (r.name or "").lower()) for r in refs if r.slug}
    merged, seen = [], set()
    for ref in refs:
        if not ref.slug:
            if (ref.taxonomy, (ref.name or "").lower()) in named:
                continue
            ref = TermRef(ref.taxonomy, slugify(ref.name or ""), ref.name)
        if (ref.taxonomy, ref.slug) in seen or not ref.slug:
            continue
        seen.add((ref.taxonomy, ref.slug))
        merged.append(ref)
    return merged


# Item children stored as plain strings on the record: key -> attribute.
POST_TEXT_FIELDS = {
    "title": "title",
    "link": "url",
    "guid": "guid",
    "dc:creator": "author_login",
    "content:encoded": "content_html",
    "excerpt:encoded": "excerpt_html",
    "wp:post_name": "slug",
    "wp:status": "status",
    "wp:post_type": "post_type",
    "wp:comment_status": "comment_status",
    "wp:ping_status": "ping_status",
    "wp:post_password": "password",
    "wp:attachment_url": "attachment_url",
}
POST_INT_FIELDS = {"wp:post_id": "wp_id", "wp:post_parent": "wp_parent_id", "wp:menu_order": "menu_order"}
POST_DATE_FIELDS = ("wp:post_date", "wp:post_date_gmt", "wp:post_modified", "wp:post_modified_gmt", "pubDate")
# Scalars are trimmed: some exporters pad every value with newlines and spaces
# (``<wp:post_password>\n<![CDATA[ ]]>\n``), which would read as a password.
# Text bodies (content, excerpt) are never trimmed.
STRIPPED_FIELDS = {
    "title",
    "link",
    "guid",
    "dc:creator",
    "wp:post_name",
    "wp:status",
    "wp:post_type",
    "wp:comment_status",
    "wp:ping_status",
    "wp:post_password",
    "wp:attachment_url",
}


def parse_item(element: Any) -> PostRecord:
    post = PostRecord(wp_id=None)
    dates: dict[str, str] = {}
    refs: list[TermRef] = []
    for name, child in children(element):
        if name in POST_TEXT_FIELDS:
            value = (child.text or "") if not len(child) else text_of(child)
            if name in STRIPPED_FIELDS:
                value = value.strip()
            setattr(post, POST_TEXT_FIELDS[name], value if value != "" else None)
        elif name in POST_INT_FIELDS:
            number = to_int(child.text)
            setattr(post, POST_INT_FIELDS[name], number)
            keep_unreadable(post.extra, name, child.text, number)
        elif name in POST_DATE_FIELDS:
            dates[name] = text_of(child)
        elif name == "wp:postmeta":  # the commonest children, read here rather than through a call
            post.meta.append(parse_meta(child))
        elif name == "wp:comment":
            post.comments.append(parse_comment(child, len(post.comments) + 1))
        else:
            _read_item_part(post, name, child, refs)
    post.terms = _merge_term_refs(refs)
    _apply_post_dates(post, dates)
    if post.wp_parent_id == 0:
        post.wp_parent_id = None
    return post


def _read_item_part(post: PostRecord, name: str, child: Any, refs: list[TermRef]) -> None:
    """The item's other children: terms, stickiness, and what goes to ``extra``."""
    if name == "category":
        ref = _term_ref(child)
        if ref:
            refs.append(ref)
    elif name == "wp:is_sticky":
        post.is_sticky = (child.text or "").strip() == "1"
    elif name != "description" or text_of(child).strip():  # <description> is always empty in core exports
        add_extra(post.extra, child)


def _apply_post_dates(post: PostRecord, dates: dict[str, str]) -> None:
    post.published_local = wp_local(dates.get("wp:post_date"))
    post.published_at = wp_gmt(dates.get("wp:post_date_gmt"))
    if post.published_at is None and post.status in ("publish", "inherit", "private", "future"):
        # Some exporters leave post_date_gmt zero for published posts; pubDate is UTC.
        post.published_at = rfc822_utc(dates.get("pubDate"))
    post.modified_local = wp_local(dates.get("wp:post_modified"))
    post.modified_at = wp_gmt(dates.get("wp:post_modified_gmt"))
    if dates.get("pubDate") and not post.published_at:
        post.extra["pubDate"] = dates["pubDate"]
    parsed = {
        "wp:post_date": post.published_local,
        "wp:post_modified": post.modified_local,
        "wp:post_modified_gmt": post.modified_at,
    }
    parsed["wp:post_date_gmt"] = wp_gmt(dates.get("wp:post_date_gmt"))
    for name, value in parsed.items():
        keep_unreadable(post.extra, name, dates.get(name), value)
