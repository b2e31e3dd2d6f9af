"""Thread a post again from what the archive holds of it, whichever sources wrote its comments.

When pages, feeds and an export each bring comments of one post, the thread is the union: parents
come from WordPress's ``wp_parent_id`` where a row has one (an export's, or a page's nesting),
else from the ``parent_id`` a page gave a comment without an id. ``threads.tree`` then gives
depth, reading order and root, exactly as for one export. Only rows whose place changed are
written.
"""

from __future__ import annotations

import sqlite3

from wparchive.threads.tree import ThreadNode, resolve_threads

_COMMENTS = """SELECT id, wp_id, wp_parent_id, parent_id, coalesce(published_at, published_local), position,
                      depth, thread_path, root_id
               FROM comments WHERE post_id = ? ORDER BY id"""


def rethread_post(conn: sqlite3.Connection, post_id: int) -> None:
    found = conn.execute(_COMMENTS, (post_id,)).fetchall()
    if not found:
        return
    key_of = {row_id: (wp_id if wp_id is not None else -row_id) for row_id, wp_id, *_ in found}
    nodes = []
    for row_id, _wp_id, wp_parent_id, parent_id, published, position, *_ in found:
        # WordPress's parent id where the row has one (a parent not in the archive leaves the reply at
        # the top); else the parent row a page gave a comment without an id.
        parent_key = wp_parent_id or (key_of.get(parent_id) if parent_id is not None else None)
        nodes.append(ThreadNode(key_of[row_id], parent_key, published, position or 0))
    places = resolve_threads(nodes)
    row_ids = [row[0] for row in found]
    updates = []
    for row, place in zip(found, places, strict=True):
        parent = row_ids[place.parent] if place.parent is not None else None
        wanted = (parent, place.depth, place.path, row_ids[place.root])
        if (row[3], row[6], row[7], row[8]) != wanted:
            updates.append((*wanted, row[0]))
    conn.executemany(
        "UPDATE comments SET parent_id = ?, depth = ?, thread_path = ?, root_id = ? WHERE id = ?", updates
    )


def rethread_mixed_posts(conn: sqlite3.Connection, source_id: int) -> None:
    """Posts this source wrote comments of, that also hold comments of other sources (pages read
    before an export): threaded again over all of them."""
    for (post_id,) in conn.execute(
        # The posts first, then one look per post: an EXISTS per comment row scanned the post's
        # comments once for each of them (quadratic in a post's comments).
        """SELECT p.post_id FROM (SELECT DISTINCT post_id FROM comments WHERE source_id = ?) AS p
           WHERE EXISTS (SELECT 1 FROM comments o WHERE o.post_id = p.post_id AND o.source_id != ?)""",
        (source_id, source_id),
    ).fetchall():
        rethread_post(conn, post_id)
