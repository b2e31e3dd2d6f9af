"""Comment threading: parents, depth, a depth-first sort key and the thread root.

Real exports list replies before their parents (research/wxr.md §0.3), so a
post's comments are threaded only once all of them have been read. A reply
whose parent is absent (spam parents are never exported) keeps its
``wp_parent_id`` but gets no parent: it is never re-pointed at another comment.

``depth`` counts as WordPress does ("threaded comments N levels deep", the
``depth-N`` CSS class): a top-level comment has depth 1, its replies depth 2.

``thread_path`` is the comment's place in the post's depth-first reading order
(siblings by date, then id), written as a fixed-width number: sorting a post's
comments by it reads every thread depth-first. It used to spell out every
ancestor (``<date>-<id>/<date>-<id>/…``), which grows with the square of the
depth: a 5,000-deep reply chain in a 1.5 MB export made an 814 MB database.
The recursive CTE in ``docs/datasette.md`` gives the same order from
``parent_id``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NO_DATE = "0000-00-00T00:00:00Z"


@dataclass
class ThreadNode:
    """Input: one comment of a post, identified by its position in the list."""

    key: int | None  # the id replies refer to (WordPress comment id)
    parent_key: int | None
    published_at: str | None
    order: int  # tie-breaker and id segment when the key is unknown


@dataclass
class ThreadPlace:
    """Output: where a comment sits in its thread (indexes into the input list)."""

    parent: int | None
    root: int
    depth: int
    path: str
    dangling: bool = False


PATH_WIDTH = 10


def sibling_key(node: ThreadNode) -> tuple[str, int]:
    """Siblings are read by date, then by id (the position when there is no id)."""
    return (node.published_at or NO_DATE, node.key if node.key is not None else node.order)


def resolve_threads(nodes: Sequence[ThreadNode]) -> list[ThreadPlace]:
    """Thread a post's comments; parents are found by key among the same post."""
    by_key = {node.key: index for index, node in enumerate(nodes) if node.key is not None}
    parents: list[int | None] = []
    dangling: list[bool] = []
    for index, node in enumerate(nodes):
        parent = by_key.get(node.parent_key) if node.parent_key else None
        parents.append(parent if parent != index else None)
        dangling.append(bool(node.parent_key) and parent is None)
    _break_cycles(parents, dangling)
    return _walk(nodes, parents, dangling)


def _break_cycles(parents: list[int | None], dangling: list[bool]) -> None:
    """A parent chain that loops (damaged data) is cut where it closes; linear time."""
    state = [0] * len(parents)  # 0 unvisited, 1 on the current walk, 2 known to reach a root
    for start in range(len(parents)):
        walk = []
        current: int | None = start
        while current is not None and state[current] == 0:
            state[current] = 1
            walk.append(current)
            current = parents[current]
        if current is not None and state[current] == 1:
            parents[current] = None  # ``current`` closes the loop: make it a root
            dangling[current] = True
        for index in walk:
            state[index] = 2


def _walk(nodes: Sequence[ThreadNode], parents: list[int | None], dangling: list[bool]) -> list[ThreadPlace]:
    """Depth-first over the forest with an explicit stack (threads can be thousands deep)."""
    children: list[list[int]] = [[] for _ in nodes]
    roots: list[int] = []
    for index, parent in enumerate(parents):
        (roots if parent is None else children[parent]).append(index)
    places: list[ThreadPlace | None] = [None] * len(nodes)
    stack = sorted(roots, key=lambda i: sibling_key(nodes[i]), reverse=True)
    rank = 0
    while stack:
        index = stack.pop()
        rank += 1
        parent = parents[index]
        above = places[parent] if parent is not None else None
        path = f"{rank:0{PATH_WIDTH}d}"
        if above is None:
            places[index] = ThreadPlace(None, index, 1, path, dangling[index])
        else:
            places[index] = ThreadPlace(parent, above.root, above.depth + 1, path)
        stack.extend(sorted(children[index], key=lambda i: sibling_key(nodes[i]), reverse=True))
    return [place for place in places if place is not None]


def insertion_order(places: Sequence[ThreadPlace]) -> list[int]:
    """Indexes ordered so that every parent comes before its replies."""
    return sorted(range(len(places)), key=lambda i: (places[i].depth, i))
