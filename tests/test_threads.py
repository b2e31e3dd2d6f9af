"""Comment threading: parents resolved after the whole item, depth-first order
by ``thread_path`` equal to a recursive CTE over ``parent_id``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXTERNAL_WXR, FIXTURES, query, run_import

from wparchive.threads.tree import ThreadNode, resolve_threads

CTE_ORDER = """
WITH RECURSIVE tree(id, post_id, path) AS (
    SELECT id, post_id,
           coalesce(published_at, '0000-00-00T00:00:00Z') || '-'
               || printf('%010d', coalesce(wp_id, duplicate_of_wp_id, position))
    FROM comments WHERE parent_id IS NULL
    UNION ALL
    SELECT c.id, c.post_id,
           tree.path || '/' || coalesce(c.published_at, '0000-00-00T00:00:00Z') || '-'
               || printf('%010d', coalesce(c.wp_id, c.duplicate_of_wp_id, c.position))
    FROM comments c JOIN tree ON c.parent_id = tree.id
)
SELECT id FROM tree ORDER BY post_id, path
"""

THREADED_FILES = [
    FIXTURES / "demo" / "kitchen-garden.xml",
    FIXTURES / "wxr" / "wellformed" / "comments-reply-before-parent.xml",
    FIXTURES / "wxr" / "wellformed" / "comments-deep-thread.xml",
    FIXTURES / "wxr" / "wellformed" / "comments-identical-dates.xml",
    EXTERNAL_WXR / "real-blogs" / "chrisjrob-chrisjrob.github.io" / "wordpress.xml",
    EXTERNAL_WXR / "real-blogs" / "cedricporter-cedricporter.github.com" / "wordpress.xml",
    EXTERNAL_WXR / "wordpress-importer" / "phpunit" / "data" / "theme-unit-test-data.xml",
]


@pytest.mark.parametrize("path", THREADED_FILES, ids=lambda p: p.parent.name + "/" + p.name)
def test_thread_order_equals_a_recursive_cte(path: Path, db_path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent (the ../shared corpus is not beside the repo)")
    assert run_import(db_path, path).exit_code == 0
    by_path = [row[0] for row in query(db_path, "SELECT id FROM comments ORDER BY post_id, thread_path")]
    by_cte = [row[0] for row in query(db_path, CTE_ORDER)]
    assert by_path == by_cte
    assert len(by_path) == query(db_path, "SELECT count(*) FROM comments")[0][0]


@pytest.mark.parametrize("path", THREADED_FILES, ids=lambda p: p.parent.name + "/" + p.name)
def test_thread_order_is_depth_first_with_siblings_by_date(path: Path, db_path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent (the ../shared corpus is not beside the repo)")
    run_import(db_path, path)
    rows = query(
        db_path,
        "SELECT id, post_id, parent_id, depth, published_at FROM comments ORDER BY post_id, thread_path",
    )
    ancestors: list[int] = []  # the open branch: from a top-level comment down to the last row
    current_post = None
    last_child_date: dict[tuple[int, int | None], str] = {}
    for comment_id, post_id, parent_id, depth, published_at in rows:
        if post_id != current_post:
            current_post, ancestors = post_id, []
        # Depth-first: a reply's parent is still on the open branch
        # (a breadth-first order would have left it).
        while ancestors and ancestors[-1] != parent_id:
            ancestors.pop()
        assert parent_id is None or ancestors, f"comment {comment_id} is not inside its parent's subtree"
        ancestors.append(comment_id)
        assert depth == len(ancestors), "depth counts the levels from the top (1 = top level)"
        key = (post_id, parent_id)
        date = published_at or ""
        assert last_child_date.get(key, "") <= date, "siblings are ordered by date"
        last_child_date[key] = date


def test_deepest_thread_in_theme_unit_test_data_is_ten_levels(db_path: Path) -> None:
    path = EXTERNAL_WXR / "wordpress-importer" / "phpunit" / "data" / "theme-unit-test-data.xml"
    if not path.exists():
        pytest.skip("the ../shared corpus is not beside the repo")
    run_import(db_path, path)
    assert query(db_path, "SELECT max(depth) FROM comments")[0][0] == 10


def node(key, parent=None, date="2020-01-01T00:00:00Z"):
    return ThreadNode(key, parent, date, key or 0)


def test_reply_listed_before_its_parent_is_still_threaded() -> None:
    places = resolve_threads(
        [node(3, 2, "2020-01-03T00:00:00Z"), node(1), node(2, 1, "2020-01-02T00:00:00Z")]
    )
    assert [(p.parent, p.root, p.depth) for p in places] == [(2, 1, 3), (None, 1, 1), (1, 1, 2)]
    assert sorted(range(3), key=lambda i: places[i].path) == [1, 2, 0], (
        "read parent, reply, reply to the reply"
    )


def test_missing_parent_is_never_re_pointed() -> None:
    places = resolve_threads([node(1), node(5, 4711)])
    assert places[1].parent is None and places[1].dangling and places[1].depth == 1


def test_a_parent_cycle_is_cut_not_looped() -> None:
    places = resolve_threads([node(1, 2), node(2, 1)])
    assert sum(p.parent is None for p in places) == 1
    assert all(p.depth in (1, 2) for p in places)


def test_a_very_deep_chain_does_not_recurse() -> None:
    nodes = [node(1)] + [node(i, i - 1) for i in range(2, 5001)]
    assert resolve_threads(nodes)[-1].depth == 5000
