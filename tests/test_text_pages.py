"""Plain-text pages through the real import: nothing lost, bytes kept, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SHARED, query, run_import, table_dump

PAGES = sorted((FIXTURES / "text" / "pages").glob("*.txt")) + sorted(
    (SHARED / "seeds" / "pages").glob("*.txt")
)


def fold(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_line_ends_in_a_post_a_comment_or_an_artefact(page: Path, db_path: Path) -> None:
    assert run_import(db_path, page).exit_code == 0
    stored = [
        fold(t)
        for (t,) in query(
            db_path,
            "SELECT title FROM posts UNION ALL SELECT content_text FROM posts "
            "UNION ALL SELECT content_text FROM comments",
        )
    ]
    artefacts = sorted(
        (fold(t) for (t,) in query(db_path, "SELECT text FROM artefacts")), key=len, reverse=True
    )
    for line in page.read_text(encoding="utf-8").splitlines():
        rest = fold(line)
        for artefact in artefacts:
            if artefact and artefact in rest:
                rest = fold(rest.replace(artefact, " ", 1))
        rest = rest.lstrip("•◦0123456789. ")
        # Whole, in one title, post or comment: not pieced together from the ends of two.
        assert not rest or any(rest in text for text in stored), f"lost: {line!r}"


@pytest.mark.parametrize("page", PAGES[:4], ids=lambda p: p.stem)
def test_page_bytes_are_kept_and_reimport_changes_nothing(page: Path, db_path: Path) -> None:
    every_artefact = (
        'SELECT id, source_id, table_name, row_id, column_name, rule, text, start, "end", replacement '
        "FROM artefacts"
    )
    run_import(db_path, page)
    assert query(db_path, "SELECT content FROM source_blobs") == [(page.read_bytes(),)]
    before, artefacts_before = table_dump(db_path), query(db_path, every_artefact)
    sources_before = query(
        db_path,
        "SELECT id, path, sha256, kind, url, size, status, warnings, error, summary, site_id FROM sources",
    )
    run_import(db_path, page)
    after = table_dump(db_path)
    assert artefacts_before and query(db_path, every_artefact) == artefacts_before

    assert after.pop("sources") and before.pop("sources")  # compared below, without imported_at
    sources = (
        "SELECT id, path, sha256, kind, url, size, status, warnings, error, summary, site_id FROM sources"
    )
    assert query(db_path, sources) == sources_before
    after.pop("artefacts"), before.pop("artefacts")  # compared above, without created_at
    assert after == before
    assert query(db_path, "SELECT kind, status FROM sources") == [("text", "ok")]


def test_artefacts_point_at_their_text_in_the_page(db_path: Path) -> None:
    page = PAGES[0]
    run_import(db_path, page)
    content = page.read_text(encoding="utf-8")
    for text, start, end in query(db_path, 'SELECT text, start, "end" FROM artefacts'):
        assert content[start:end] == text


def test_a_text_page_filed_under_a_site_keeps_what_an_export_said_of_it(db_path: Path) -> None:
    assert run_import(db_path, FIXTURES / "wxr" / "wellformed" / "comment-meta.xml").exit_code == 0
    before = query(db_path, "SELECT url, title, description FROM sites")
    page = sorted((FIXTURES / "text" / "pages").glob("*.txt"))[0]
    assert run_import(db_path, page, extra=("--site", before[0][0])).exit_code == 0
    assert query(db_path, "SELECT url, title, description FROM sites") == before
