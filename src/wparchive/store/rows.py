"""Records as rows, by column name: the one place that says which record field fills which column.

Rows are dicts keyed by the schema's column names (sqlite-utils' way), and the
SQL that writes them is built from those keys, so a column is named once here
and once in the schema. Upserts replace every column but the table's key. The
values are bound by position (``values(row)``, in the keys' order): SQLite's
named parameters cost a name lookup per value, 4% of a large import.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wparchive.htmltext import decode_entities, html_to_text
from wparchive.model import AuthorRecord, CommentRecord, Meta, PostRecord, SiteRecord, TermRecord
from wparchive.pingbacks import describe_link, url_key
from wparchive.sanitize import http_url
from wparchive.store.ids import Placement
from wparchive.threads.tree import ThreadPlace

Row = dict[str, Any]

# The key each table is upserted on (its unique constraint).
CONFLICT = {
    "sites": "(url)",
    "authors": "(site_id, login)",
    "terms": "(site_id, taxonomy, slug)",
    "posts": "(id)",
    "comments": "(id)",
    "pingbacks": "(comment_id)",
    "post_meta": "(post_id, position)",
    "comment_meta": "(comment_id, position)",
    "term_meta": "(term_id, position)",
}
META_OWNER = {"post_meta": "post_id", "comment_meta": "comment_id", "term_meta": "term_id"}


# Link tables have no columns to update: a row that is there stays, or is replaced whole.
PLAIN_INSERTS = {"post_terms": "INSERT OR IGNORE", "replies": "INSERT OR REPLACE"}


@lru_cache(maxsize=64)
def write_sql(table: str, columns: tuple[str, ...], returning: bool = False) -> str:
    """INSERT … ON CONFLICT (key) DO UPDATE SET every other column; ``?`` in the order of ``columns``."""
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    if table in PLAIN_INSERTS:
        return f"{PLAIN_INSERTS[table]} INTO {table} ({names}) VALUES ({marks})"
    conflict = CONFLICT[table]
    key_columns = {c.strip() for c in conflict.strip("()").split(",")}
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c not in key_columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT {conflict} DO UPDATE SET {updates}"
    return sql + (" RETURNING id" if returning else "")


def values(row: Row) -> tuple:
    """The row's values in the order of its keys, the order ``write_sql`` names its columns."""
    return tuple(row.values())


def all_values(batch: list[Row]) -> Iterator[tuple]:
    """``values`` of every row of a batch, without a Python call per row (a batch is 5,000 rows)."""
    return map(tuple, map(dict.values, batch))


def to_json(value: dict[str, Any]) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def site_row(site: SiteRecord) -> Row:
    return {
        "url": site.url,
        "title": decode_entities(site.title),
        "description": decode_entities(site.description),
        "language": site.language,
        "base_site_url": site.base_site_url,
        "base_blog_url": site.base_blog_url,
        "wxr_version": site.wxr_version,
        "extra": to_json(site.extra),
    }


def author_row(site_id: int, author: AuthorRecord) -> Row:
    return {
        "site_id": site_id,
        "wp_id": author.wp_id,
        "login": author.login,
        "display_name": decode_entities(author.display_name),
        "first_name": author.first_name,
        "last_name": author.last_name,
        "email": author.email,
        "derived": int(author.derived),
        "extra": to_json(author.extra),
    }


def term_row(site_id: int, term: TermRecord) -> Row:
    return {
        "site_id": site_id,
        "wp_id": term.wp_id,
        "taxonomy": term.taxonomy,
        "slug": term.slug,
        "name": decode_entities(term.name),
        "parent_slug": term.parent_slug,
        "description": term.description,
        "declared": 1,
        "extra": to_json(term.extra),
    }


def meta_rows(table: str, owner_id: int, meta: list[Meta]) -> list[Row]:
    owner = META_OWNER[table]
    return [
        {owner: owner_id, "position": position, "key": key, "value": value}
        for position, (key, value) in enumerate(meta, 1)
    ]


@dataclass
class Owner:
    """Where a row belongs: its site and source, and the author the writer found for it."""

    site_id: int | None
    source_id: int
    author_id: int | None = None


def post_row(post: PostRecord, place: Placement, owner: Owner, author_name: str | None) -> Row:
    """One dict literal (it runs for every item of an export): ids from ``place``, the rest from the post."""
    text = post.content_text if post.content_text is not None else html_to_text(post.content_html)
    return {
        "id": place.row_id,
        "site_id": owner.site_id,
        "source_id": owner.source_id,
        "wp_id": place.wp_id,
        "duplicate_of_wp_id": place.duplicate_of,
        "occurrence": place.occurrence,
        "post_type": post.post_type,
        "status": post.status,
        "title": decode_entities(post.title),
        "slug": post.slug,
        "url": post.url,
        "url_key": url_key(post.url),
        "guid": post.guid,
        "author_id": owner.author_id,
        "author_name": decode_entities(author_name),
        "published_at": post.published_at,
        "published_local": post.published_local,
        "modified_at": post.modified_at,
        "modified_local": post.modified_local,
        "wp_parent_id": post.wp_parent_id,
        "menu_order": post.menu_order,
        "comment_status": post.comment_status,
        "ping_status": post.ping_status,
        "password": post.password,
        "is_sticky": int(post.is_sticky),
        "attachment_url": post.attachment_url,
        "excerpt_html": post.excerpt_html,
        "excerpt_text": html_to_text(post.excerpt_html),
        "content_html": post.content_html,
        "content_text": text,
        "declared_comment_count": post.declared_comment_count,
        "source_key": post.source_key,
        "confidence": post.confidence,
        "extra": to_json(post.extra),
    }


@dataclass
class InThread:
    """Where a comment sits: its post, its parent and root rows, its depth and sort key."""

    post_id: int
    parent_id: int | None
    root_id: int
    place: ThreadPlace


def comment_row(
    comment: CommentRecord, slot: Placement, owner: Owner, thread: InThread, by_post_author: bool
) -> Row:
    """One dict literal (this runs for every comment of an export)."""
    text = comment.content_text if comment.content_text is not None else html_to_text(comment.content_html)
    return {
        "id": slot.row_id,
        "site_id": owner.site_id,
        "post_id": thread.post_id,
        "source_id": owner.source_id,
        "wp_id": slot.wp_id,
        "duplicate_of_wp_id": slot.duplicate_of,
        "occurrence": slot.occurrence,
        "parent_id": thread.parent_id,
        "depth": thread.place.depth,
        "thread_path": thread.place.path,
        "root_id": thread.root_id,
        "author_id": owner.author_id,
        "by_post_author": int(by_post_author),
        "position": comment.position,
        "wp_parent_id": comment.wp_parent_id,
        "comment_type": comment.comment_type,
        "status": comment.status,
        "author_name": decode_entities(comment.author_name),
        "author_url": comment.author_url,
        "author_email": comment.author_email,
        "author_ip": comment.author_ip,
        "user_id": comment.user_id,
        "published_at": comment.published_at,
        "published_local": comment.published_local,
        "content_html": comment.content_html,
        "content_text": text,
        "confidence": comment.confidence,
        "source_key": comment.source_key,
        "extra": to_json(comment.extra),
    }


def pingback_row(comment_id: int, post_id: int, comment: CommentRecord) -> Row:
    # The name decoded first: "Post &raquo; Blog" is split at its "»" as "Post » Blog" is.
    name = decode_entities(comment.author_name)
    info = describe_link(comment.comment_type, name, comment.author_url, comment.content_html)
    if comment.named_link is not None:
        # Scraped "Pingback: Title « Site" lines: the page said it, not an author field.
        info.source_title, info.source_site = comment.named_link.title, comment.named_link.site
        info.excerpt = None
    return {
        "comment_id": comment_id,
        "post_id": post_id,
        "source_url": info.source_url,
        "source_url_key": info.source_url_key,
        "source_title": decode_entities(info.source_title),
        "source_site": decode_entities(info.source_site),
        "excerpt": info.excerpt,
    }


def without_url(row: Row) -> Row:
    """A post row whose permalink another item of the archive holds: the link moves to extra."""
    extra = json.loads(row["extra"] or "{}")
    extra["duplicate_link"] = row["url"]
    return {**row, "url": None, "url_key": None, "extra": to_json(extra)}


def stable_post_key(post: PostRecord) -> str:
    """A key for an item without a WordPress id that is the same on every import of the file."""
    if post.guid:
        return "guid:" + post.guid
    if post.url:
        return "url:" + post.url
    return "hash:" + _digest(
        post.post_type, post.published_local or post.published_at, post.title, post.author_login
    )


def stable_comment_key(comment: CommentRecord) -> str:
    """A key for a comment without a WordPress id (what it says, who said it, when)."""
    return "hash:" + _digest(
        comment.comment_type,
        comment.author_name,
        comment.author_email,
        comment.published_at or comment.published_local,
        comment.content_html,
    )


def _digest(*parts: str | None) -> str:
    return hashlib.sha1(
        "\x1f".join(part or "" for part in parts).encode("utf-8", "surrogatepass")
    ).hexdigest()


def links_must_be_http(record: PostRecord | CommentRecord, fields: tuple[str, ...]) -> None:
    """Only absolute http(s) URLs stay in link columns; anything else (javascript:, data:) moves to extra."""
    for name in fields:
        value = getattr(record, name)
        if value and http_url(value) is None:
            record.extra[f"{name}_not_http"] = value
            setattr(record, name, None)
