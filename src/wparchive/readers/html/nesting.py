"""Who answers whom on a page: the parent of each comment, from the markup, with the evidence named.

WordPress nests a reply inside its parent's element (a ``ul|ol.children`` list in the parent's
``<li>``, or bare nested ``<div>``s with ``style=div``), so the nearest enclosing comment is the
parent. Three kinds of markup say it otherwise, and are read in this order (research/scrape.md
§4 step 3):

- ``wpdiscuz-id``: wpDiscuz writes the parent into the id (``wc-comm-12_7``; ``_0`` is top level);
- ``dom``: the nearest enclosing comment;
- ``children-sibling``: a theme callback that closes ``</li>`` itself leaves the replies' list
  *after* the parent's element (the WordPress.com h4 theme): the comment just before the list;
- ``depth-class``: ``comment_class()`` prints ``depth-N``; when the nesting found disagrees with
  it (a theme that prints a flat list), the parent of a depth-d comment is the last comment of
  depth d-1 before it.

At ``thread_comments_depth`` WordPress prints deeper replies beside their parent at the deepest
level, so the page's parent is the nearest printed ancestor, not the database's; an export of the
same site corrects it (``store.merge``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wparchive.readers.html.comments import FoundComment
from wparchive.readers.html.tree import HtmlElement, ancestors, classes, previous_element

_DEPTH = re.compile(r"^(?:depth|wc_comment_level|wpd_comment_level|comment-depth|level)-(\d{1,3})$")
_REPLY_LISTS = frozenset(("ul", "ol", "div"))


@dataclass
class Parent:
    wp_id: int | None
    evidence: str | None  # wpdiscuz-id / dom / children-sibling / depth-class; None at top level


def stated_depth(comment: FoundComment) -> int | None:
    for token in comment.tokens:
        match = _DEPTH.match(token)
        if match:
            return int(match.group(1))
    return None


def _enclosing(element: HtmlElement, containers: dict[HtmlElement, int]) -> int | None:
    for parent in ancestors(element):
        if parent in containers:
            return containers[parent]
        if parent.tag == "body":
            return None
    return None


def _sibling_parent(element: HtmlElement, containers: dict[HtmlElement, int]) -> int | None:
    """The replies' list follows the parent's element instead of sitting inside it."""
    for parent in ancestors(element):
        if parent.tag in _REPLY_LISTS and ("children" in classes(parent) or parent.tag != "div"):
            before = previous_element(parent)
            if before is not None and before in containers:
                return containers[before]
            if "children" in classes(parent):
                return None
        if parent in containers or parent.tag == "body":
            return None
    return None


def _dom_parents(comments: list[FoundComment]) -> list[Parent]:
    containers = {c.element: c.wp_id for c in comments}
    for comment in comments:
        for part in comment.parts:
            containers.setdefault(part, comment.wp_id)
    parents = []
    for comment in comments:
        if comment.id_parent is not None:
            parents.append(Parent(comment.id_parent or None, "wpdiscuz-id" if comment.id_parent else None))
            continue
        enclosing = _enclosing(comment.element, containers)
        if enclosing is not None:
            parents.append(Parent(enclosing, "dom"))
            continue
        sibling = _sibling_parent(comment.element, containers)
        parents.append(Parent(sibling, "children-sibling" if sibling is not None else None))
    return parents


def _depths(comments: list[FoundComment], parents: list[Parent]) -> list[int]:
    """Each comment's depth in the tree ``parents`` makes (1 at top level); parents come first."""
    depth_of: dict[int, int] = {}
    depths = []
    for comment, parent in zip(comments, parents, strict=True):
        depth = depth_of.get(parent.wp_id, 0) + 1 if parent.wp_id is not None else 1
        depth_of.setdefault(comment.wp_id, depth)
        depths.append(depth)
    return depths


def _by_depth_classes(comments: list[FoundComment], stated: list[int]) -> list[Parent]:
    last_at: dict[int, int] = {}
    parents = []
    for comment, depth in zip(comments, stated, strict=True):
        parent = last_at.get(depth - 1) if depth > 1 else None
        parents.append(Parent(parent, "depth-class" if parent is not None else None))
        last_at[depth] = comment.wp_id
        for deeper in [d for d in last_at if d > depth]:
            del last_at[deeper]
    return parents


def find_parents(comments: list[FoundComment]) -> list[Parent]:
    """The parent of every comment (in page order), from the strongest evidence the page gives."""
    parents = _dom_parents(comments)
    stated = [stated_depth(c) for c in comments]
    if comments and all(d is not None for d in stated) and not any(c.id_parent is not None for c in comments):
        levels = [d for d in stated if d is not None]
        if levels != _depths(comments, parents):
            by_class = _by_depth_classes(comments, levels)
            # Keep what the nesting says wherever it agrees with the classes; the classes fill the rest.
            nested = _depths(comments, parents)
            parents = [
                p if n == level else c
                for p, c, n, level in zip(parents, by_class, nested, levels, strict=True)
            ]
    return parents
