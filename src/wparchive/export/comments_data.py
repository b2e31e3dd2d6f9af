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
from typing import Any

from wparchive.autop import autop
from wparchive.export.generators import dump_yaml
from wparchive.htmltext import decode_entities, text_to_html
from wparchive.model import CommentRecord, PostRecord
from wparchive.pingbacks import LINK_TYPES, describe_link
from wparchive.sanitize import clean_comment_html, http_url


def thread(post: PostRecord, include_private: bool = False) -> list[dict[str, Any]]:
    """The post's comments, depth first, each as a mapping of plain values."""
    return thread_of(post.comments, include_private)


def thread_of(comments: list[CommentRecord], include_private: bool = False) -> list[dict[str, Any]]:
    """Comments of one post, depth first, each as a mapping of plain values."""
    ids = _ids(comments)
    found = []
    for comment, depth in _depth_first(comments):
        parent = ids.get(comment.parent_position) if comment.parent_position is not None else None
        found.append(_comment(comment, ids[comment.position], parent, depth, include_private))
    return found


def _ids(comments: list[CommentRecord]) -> dict[int, str]:
    """Position -> ``_id``: the WordPress id when the post's comments do not repeat it."""
    repeated = Counter(c.wp_id for c in comments if c.wp_id is not None)
    return {
        c.position: str(c.wp_id) if c.wp_id is not None and repeated[c.wp_id] == 1 else f"p{c.position}"
        for c in comments
    }


def _depth_first(comments: list[CommentRecord]) -> list[tuple[CommentRecord, int]]:
    """Comments with their depth, each after its parent (iteratively: threads can be thousands deep).

    The store's thread order is kept among siblings. A comment whose parent is not in the list (held
    back, or never exported) is a top-level one; a cycle (which the store breaks, but a hand-edited
    archive may hold) is cut where it is first met."""
    positions = {c.position for c in comments}
    children: dict[int | None, list[CommentRecord]] = {}
    for comment in comments:
        parent = comment.parent_position if comment.parent_position in positions else None
        children.setdefault(parent, []).append(comment)
    ordered: list[tuple[CommentRecord, int]] = []
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
    comment: CommentRecord, own_id: str, parent_id: str | None, depth: int, include_private: bool
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
        "url": http_url(comment.author_url),
        "date": comment.published_at or comment.published_local,
        "date_local": comment.published_local,
        "by_post_author": bool(comment.by_post_author),
        "message": clean_comment_html(autop(html or "")) or "",
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
        return "[\n" + ",\n".join(json.dumps(c, ensure_ascii=False) for c in comments) + "\n]\n"
    return dump_yaml(comments, readable=False)
