"""A post's comment thread as a generator's data file: the shape Staticman-style templates read.

Staticman stores each comment with ``_id``, ``_parent`` (the ``_id`` it answers; empty for a
top-level comment), ``name``, ``url``, ``message`` and ``date``; templates of Hugo and Jekyll themes
read those names. We write one list per post (a file per comment would make 30,000 files of a big
blog) and add what WordPress knew: the WordPress id, the type (comment, pingback, trackback), the
status, the depth, and for a ping the linking page's title and site.

The list is in reading order, depth first: every reply right after its parent's earlier replies,
so a template can nest it by ``depth`` alone, without recursion (each ``depth`` is at most one
more than the previous comment's). ``_id`` is ``comment-<WordPress id>``'s number, so the anchors
of old links (``/post/#comment-123``) still find their comment; a comment without an id (read from
a page) gets ``p<position>``.

``message`` is HTML: the paragraphs WordPress makes on display (``autop``), then sanitised with
WordPress's comment allowlist (``sanitize.clean_comment_html``), so a template may print it raw.
``url`` is the commenter's link only when it is http(s). E-mail and IP are written only with
``--include-private`` (a private migration, into Staticman or Remark42), and no template shows them.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from typing import Any, NamedTuple

import nh3

from wparchive.autop import autop
from wparchive.export.generators import dump_yaml
from wparchive.htmltext import decode_entities, text_to_html
from wparchive.model import CommentRecord, PostRecord
from wparchive.pingbacks import LINK_TYPES, describe_link
from wparchive.sanitize import COMMENT_ATTRIBUTES, COMMENT_TAGS, URL_SCHEMES, http_url

# sanitize.clean_comment_html() with its allowlist built once, not for every comment (nh3.clean()
# builds a cleaner per call: most of a thread's time). The same rules, so the same HTML.
_CLEANER = nh3.Cleaner(
    tags=COMMENT_TAGS,
    attributes=COMMENT_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer nofollow",
)
_JSON = json.JSONEncoder(ensure_ascii=False)  # json.dumps(c, ensure_ascii=False), built once
# Commenters come back: their links are checked once per worker.
_http_url = lru_cache(maxsize=4096)(http_url)


class ThreadComment(NamedTuple):
    """What a data file holds of a comment: a record's fields that ``thread_of`` reads (a tuple is
    quicker to hand to a worker process than the whole record, with its meta)."""

    position: int
    wp_id: int | None
    parent_position: int | None
    comment_type: str
    status: str | None
    author_name: str | None
    author_url: str | None
    author_email: str | None
    author_ip: str | None
    published_at: str | None
    published_local: str | None
    content_html: str | None
    content_text: str | None
    by_post_author: bool | None


def thread_comments(comments: list[CommentRecord]) -> list[ThreadComment]:
    """The fields of each comment that its thread's data file holds."""
    return [
        ThreadComment(
            c.position, c.wp_id, c.parent_position, c.comment_type, c.status, c.author_name, c.author_url,
            c.author_email, c.author_ip, c.published_at, c.published_local, c.content_html, c.content_text,
            c.by_post_author,
        )
        for c in comments
    ]  # fmt: skip


def thread(post: PostRecord, include_private: bool = False) -> list[dict[str, Any]]:
    """The post's comments, depth first, each as a mapping of plain values."""
    return thread_of(thread_comments(post.comments), include_private)


def thread_of(comments: list[ThreadComment], include_private: bool = False) -> list[dict[str, Any]]:
    """Comments of one post, depth first, each as a mapping of plain values."""
    ids = _ids(comments)
    found = []
    for comment, depth in _depth_first(comments):
        parent = ids.get(comment.parent_position) if comment.parent_position is not None else None
        found.append(_comment(comment, ids[comment.position], parent, depth, include_private))
    return found


def _ids(comments: list[ThreadComment]) -> dict[int, str]:
    """Position -> ``_id``: the WordPress id when the post's comments do not repeat it."""
    repeated = Counter(c.wp_id for c in comments if c.wp_id is not None)
    return {
        c.position: str(c.wp_id) if c.wp_id is not None and repeated[c.wp_id] == 1 else f"p{c.position}"
        for c in comments
    }


def _depth_first(comments: list[ThreadComment]) -> list[tuple[ThreadComment, int]]:
    """Comments with their depth, each after its parent (iteratively: threads can be thousands deep).

    The store's thread order is kept among siblings. A comment whose parent is not in the list (held
    back, or never exported) is a top-level one; a cycle (which the store breaks, but a hand-edited
    archive may hold) is cut where it is first met."""
    positions = {c.position for c in comments}
    children: dict[int | None, list[ThreadComment]] = {}
    for comment in comments:
        parent = comment.parent_position if comment.parent_position in positions else None
        children.setdefault(parent, []).append(comment)
    ordered: list[tuple[ThreadComment, int]] = []
    seen: set[int] = set()
    roots = children.get(None, [])
    unreached = [c for c in comments if c.parent_position in positions]
    for start in [*roots, *unreached]:
        stack = [(start, 1)]
        while stack:
            comment, depth = stack.pop()
            if comment.position in seen:
                continue
            seen.add(comment.position)
            ordered.append((comment, depth))
            stack += [(child, depth + 1) for child in reversed(children.get(comment.position, []))]
    return ordered


def _comment(
    comment: ThreadComment, own_id: str, parent_id: str | None, depth: int, include_private: bool
) -> dict[str, Any]:
    html = comment.content_html if comment.content_html is not None else text_to_html(comment.content_text)
    name = decode_entities(comment.author_name)
    found: dict[str, Any] = {
        "_id": own_id,
        "_parent": parent_id,
        "wp_id": comment.wp_id,
        "type": comment.comment_type or "comment",
        "status": comment.status,
        "depth": depth,
        "name": name,
        "url": _http_url(comment.author_url),
        "date": comment.published_at or comment.published_local,
        "date_local": comment.published_local,
        "by_post_author": bool(comment.by_post_author),
        "message": _CLEANER.clean(autop(html or "")),
    }
    if comment.comment_type in LINK_TYPES:
        link = describe_link(comment.comment_type, name, comment.author_url, comment.content_html)
        found.update(source_title=link.source_title, source_site=link.source_site)
    if include_private:
        found.update(email=comment.author_email, ip=comment.author_ip)
    return found


def data_text(comments: list[dict[str, Any]], suffix: str) -> str:
    """The thread as a data file: JSON one comment per line (readable, and json's C encoder, which
    ``indent`` would not use), or YAML for ``.yml``."""
    if suffix == ".json":
        return "[\n" + ",\n".join(_JSON.encode(c) for c in comments) + "\n]\n"
    return dump_yaml(comments, readable=False)
