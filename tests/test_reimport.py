"""Importing again gives the same archive, even for records without ids; repeated items show once.

Issue 8 §9 and §11: items and comments without a WordPress id, files cut before the id, scraped pages
re-imported without --site, and an export that holds the same post twice.
"""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, query, run_import, scalar, table_dump
from wxr_build import comment, export, item

PAGE = FIXTURES / "text" / "pages" / "100_sourdough-starter.txt"


def _write(tmp_path: Path, data: bytes, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_items_and_comments_without_ids_are_stored_once_however_often_imported(
    tmp_path: Path, db_path: Path
) -> None:
    data = export(
        item(
            None,
            title="No id, but a guid",
            guid="https://blog.example.org/?p=a",
            comments=[comment(None), comment(None, author="Dan")],
        ),
        item(None, title="No id, no guid", guid="", link=""),
        item(None, title="No id, no guid", guid="", link="", date="2020-02-02 02:02:02"),
    )
    path = _write(tmp_path, data)
    for _ in range(3):
        assert run_import(db_path, path).exit_code == 0
    assert scalar(db_path, "SELECT count(*) FROM posts") == 3
    assert scalar(db_path, "SELECT count(*) FROM comments") == 2
    before = table_dump(db_path, exclude=("sources",))
    run_import(db_path, path)
    assert table_dump(db_path, exclude=("sources",)) == before


def test_two_identical_id_less_comments_are_two_comments(tmp_path: Path, db_path: Path) -> None:
    path = _write(
        tmp_path, export(item(1, comments=[comment(None, content="+1"), comment(None, content="+1")]))
    )
    for _ in range(2):
        run_import(db_path, path)
    assert scalar(db_path, "SELECT count(*) FROM comments") == 2


def test_a_file_cut_before_the_id_gains_no_post_on_reimport(tmp_path: Path, db_path: Path) -> None:
    whole = export(item(1, title="First"), item(2, title="Second, cut in its content", content="x" * 2000))
    cut = whole[: whole.index(b"x" * 1000)]  # the second item ends before <wp:post_id>
    path = _write(tmp_path, cut)
    for _ in range(3):
        assert run_import(db_path, path).exit_code == 0
    assert scalar(db_path, "SELECT count(*) FROM posts") == 2
    # The whole file later: the cut item is the same post, now with its id and full text.
    run_import(db_path, _write(tmp_path, whole, "whole.xml"))
    assert query(db_path, "SELECT wp_id, length(content_html) FROM posts ORDER BY wp_id") == [
        (1, 13),
        (2, 2000),
    ]


def test_a_page_reimported_without_site_stays_where_it_was(tmp_path: Path, db_path: Path) -> None:
    run_import(db_path, PAGE, extra=("--site", "https://sourdough.example.org/"))
    before = table_dump(db_path, exclude=("sources",))
    run_import(db_path, PAGE)
    assert table_dump(db_path, exclude=("sources",)) == before
    assert [url for (url,) in query(db_path, "SELECT url FROM sites")] == ["https://sourdough.example.org/"]


def test_a_page_imported_again_under_another_site_moves_there(tmp_path: Path, db_path: Path) -> None:
    run_import(db_path, PAGE)
    comments = scalar(db_path, "SELECT count(*) FROM comments")
    run_import(db_path, PAGE, extra=("--site", "https://sourdough.example.org/"))
    assert query(
        db_path, "SELECT sites.url, count(*) FROM posts JOIN sites ON sites.id = posts.site_id GROUP BY 1"
    ) == [("https://sourdough.example.org/", 1)]
    assert scalar(db_path, "SELECT count(*) FROM comments") == comments


def _twice(tmp_path: Path) -> Path:
    first = item(
        5,
        title="Draft title",
        content="<p>earlier text</p>",
        comments=[comment(1, content="on the first copy")],
    )
    second = item(
        5, title="Final title", content="<p>later text</p>", comments=[comment(2, content="on the last copy")]
    )
    child = item(6, title="An attachment", post_type="attachment", status="inherit", parent=5)
    return _write(tmp_path, export(first, child, second))


def test_a_post_repeated_in_an_export_shows_once_as_its_last_occurrence(
    tmp_path: Path, db_path: Path
) -> None:
    run_import(db_path, _twice(tmp_path))
    assert scalar(db_path, "SELECT count(*) FROM posts WHERE title IN ('Draft title', 'Final title')") == 2, (
        "both kept"
    )
    assert [t for (t,) in query(db_path, "SELECT title FROM published_posts")] == ["Final title"]
    assert scalar(db_path, "SELECT title FROM posts WHERE superseded = 1") == "Draft title"
    visible = scalar(db_path, "SELECT id FROM posts WHERE title = 'Final title'")
    assert scalar(db_path, "SELECT parent_id FROM posts WHERE title = 'An attachment'") == visible
    assert [c for (c,) in query(db_path, "SELECT content_text FROM comment_threads")] == ["on the last copy"]
    assert scalar(db_path, "SELECT sum(posts) FROM activity_by_month") == 1
    before = table_dump(db_path, exclude=("sources",))
    run_import(db_path, _twice(tmp_path))
    assert table_dump(db_path, exclude=("sources",)) == before, "re-import is idempotent"


def test_a_newer_export_holding_the_post_once_makes_it_visible_again(tmp_path: Path, db_path: Path) -> None:
    run_import(db_path, _twice(tmp_path))
    run_import(db_path, _write(tmp_path, export(item(5, title="Newest title")), "newer.xml"))
    assert [t for (t,) in query(db_path, "SELECT title FROM published_posts")] == ["Newest title"]
