"""Every real WXR file in ../shared/external/wxr imports with the counts an
independent oracle found (tests/data/make_external_counts.py scans the raw text
with regular expressions, not with lxml), or is refused when it is not WXR."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXTERNAL_WXR, needs_shared, query, run_import, scalar, source_row

ORACLE = json.loads((Path(__file__).parent / "data" / "external_wxr_counts.json").read_text())

pytestmark = needs_shared


def _stored(db_path: Path, sql: str) -> dict[str, int]:
    return {key: count for key, count in query(db_path, sql)}


@pytest.mark.parametrize("relative", sorted(ORACLE))
def test_external_file_imports_as_the_oracle_expects(relative: str, db_path: Path) -> None:
    expected = ORACLE[relative]
    result = run_import(db_path, EXTERNAL_WXR / relative)
    if expected["expect"] == "refused":
        assert result.exit_code == 1
        error_lines = [
            line
            for line in result.output.splitlines()
            if line.startswith("Error: ") and "not a WXR file" in line
        ]
        assert len(error_lines) == 1, result.output
        assert not db_path.exists(), "a refused file imported alone leaves no archive"
        return
    source = source_row(db_path)
    assert result.exit_code == 0, result.output
    assert source["status"] == expected["expect"], source["warnings"]
    if expected["expect"] == "recovered":
        assert source["warnings"], "a recovered source must say what was repaired"
    summary = source["summary"]
    read_posts = {key: counts["read"] for key, counts in summary["posts"].items() if counts["read"]}
    assert read_posts == expected["posts_by_type_status"]
    assert summary["items_read"] == expected["items"]
    assert scalar(db_path, "SELECT count(*) FROM posts") == expected["items"]
    read_types = {key: counts["read"] for key, counts in summary["comments_by_type"].items()}
    read_statuses = {key: counts["read"] for key, counts in summary["comments_by_status"].items()}
    assert read_types == expected["comments_by_type"]
    assert read_statuses == expected["comments_by_status"]
    assert (
        _stored(db_path, "SELECT comment_type, count(*) FROM comments GROUP BY 1")
        == expected["comments_by_type"]
    )
    assert (
        _stored(db_path, "SELECT coalesce(status, ''), count(*) FROM comments GROUP BY 1")
        == expected["comments_by_status"]
    )
    assert (
        scalar(db_path, "SELECT count(*) FROM comments WHERE wp_parent_id IS NOT NULL") == expected["replies"]
    )
    assert (
        scalar(db_path, "SELECT count(*) FROM posts WHERE post_type = 'attachment'")
        == expected["attachments"]
    )
    assert scalar(db_path, "SELECT count(*) FROM post_meta") == expected["postmeta"]
    assert scalar(db_path, "SELECT count(*) FROM comment_meta") == expected["commentmeta"]
    assert scalar(db_path, "SELECT count(*) FROM term_meta") == expected["termmeta"]
    author_blocks = expected["authors"] + expected.get("wp_author_elements", 0)
    assert scalar(db_path, "SELECT count(*) FROM authors WHERE derived = 0") == author_blocks
    assert (
        _stored(db_path, "SELECT taxonomy, count(*) FROM terms WHERE declared = 1 GROUP BY 1")
        == expected["channel_terms"]
    )
    assert scalar(db_path, "SELECT wxr_version FROM sites") == expected["wxr_version"]


@pytest.mark.parametrize(
    "relative", sorted(k for k, v in ORACLE.items() if v["expect"] != "refused" and v["comments"])
)
def test_every_reply_is_threaded_under_its_own_parent(relative: str, db_path: Path) -> None:
    """A reply points at the comment whose WordPress id it names, on the same post, or at nothing."""
    run_import(db_path, EXTERNAL_WXR / relative)
    rows = query(
        db_path,
        """SELECT c.wp_parent_id, p.wp_id, c.post_id, p.post_id, c.depth, p.depth, c.root_id, p.root_id
           FROM comments c LEFT JOIN comments p ON p.id = c.parent_id WHERE c.wp_parent_id IS NOT NULL""",
    )
    for wp_parent, parent_wp_id, post, parent_post, depth, parent_depth, root, parent_root in rows:
        if parent_wp_id is None:
            continue  # dangling: parent not in the file
        assert parent_wp_id == wp_parent
        assert post == parent_post
        assert depth == parent_depth + 1
        assert root == parent_root
    dangling = scalar(db_path, "SELECT count(*) FROM orphan_comments")
    assert dangling == source_row(db_path)["summary"]["dangling_parents"]


@pytest.mark.parametrize(
    "relative", sorted(k for k, v in ORACLE.items() if v["comments_by_type"].get("pingback"))
)
def test_pingbacks_get_a_pingbacks_row_with_source(relative: str, db_path: Path) -> None:
    run_import(db_path, EXTERNAL_WXR / relative)
    links = Counter(
        dict(
            query(
                db_path,
                "SELECT comment_type, count(*) FROM comments "
                "WHERE comment_type IN ('pingback', 'trackback') GROUP BY 1",
            )
        )
    )
    assert scalar(db_path, "SELECT count(*) FROM pingbacks") == sum(links.values())
    assert scalar(db_path, "SELECT count(*) FROM pingbacks WHERE source_url IS NULL") == 0
    assert (
        scalar(
            db_path,
            "SELECT count(*) FROM pingbacks p JOIN comments c ON c.id = p.comment_id "
            "WHERE p.post_id != c.post_id",
        )
        == 0
    )
