"""Comment threading: parents, depth, a depth-first sort key and the thread root.

Real exports list replies before their parents (research/wxr.md §0.3), so a
post's comments are threaded only once all of them have been read. A reply
whose parent is absent (spam parents are never exported) keeps its
``wp_parent_id`` but gets no parent: it is never re-pointed at another comment.

``depth`` counts as WordPress does ("threaded comments N levels deep", the
``depth-N`` CSS class): a top-level comment has depth 1, its replies depth 2.

``thread_path`` is ``/``-joined segments ``<published_at>-<id>`` from the root
down; every segment has the same width, so sorting a post's comments by
``thread_path`` gives them depth-first, siblings by date then id. The recursive
CTE in ``docs/datasette.md`` builds the same key from ``parent_id``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

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


def path_segment(published_at: str | None, key: int) -> str:
    """The fixed-width sort segment of one comment (same format as the SQL oracle)."""
    return f"{published_at or NO_DATE}-{key:010d}"


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
    places: list[ThreadPlace | None] = [None] * len(nodes)
    for index in range(len(nodes)):
        _place(index, nodes, parents, dangling, places)
    return [place for place in places if place is not None]


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


def _place(
    index: int,
    nodes: Sequence[ThreadNode],
    parents: list[int | None],
    dangling: list[bool],
    places: list[ThreadPlace | None],
) -> ThreadPlace:
    # Iterative walk up to the nearest placed ancestor: threads can be deep.
    chain = []
    current: int | None = index
    while current is not None and places[current] is None:
        chain.append(current)
        current = parents[current]
    for item in reversed(chain):
        node = nodes[item]
        segment = path_segment(node.published_at, node.key if node.key is not None else node.order)
        parent = parents[item]
        if parent is None:
            places[item] = ThreadPlace(None, item, 1, segment, dangling[item])
        else:
            above = places[parent]
            assert above is not None
            places[item] = ThreadPlace(parent, above.root, above.depth + 1, f"{above.path}/{segment}")
    placed = places[index]
    assert placed is not None
    return placed


def insertion_order(places: Sequence[ThreadPlace]) -> list[int]:
    """Indexes ordered so that every parent comes before its replies."""
    return sorted(range(len(places)), key=lambda i: (places[i].depth, i))
