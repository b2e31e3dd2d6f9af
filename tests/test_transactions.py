"""Re-runs are idempotent, newer exports update in place, and a source that
fails half-way leaves the archive exactly as it was."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest
from conftest import FIXTURES, query, run_import, scalar, source_row, table_dump

from wparchive.store import writer as writer_module

DEMO = FIXTURES / "demo"
GARDEN = DEMO / "kitchen-garden.xml"
NIGHT_SKY = DEMO / "night-sky.xml"


def test_importing_twice_gives_the_same_database(db_path: Path) -> None:
    run_import(db_path, DEMO)
    before = table_dump(db_path)
    fts_before = query(db_path, "SELECT rowid FROM posts_fts WHERE posts_fts MATCH 'garden' ORDER BY rowid")
    run_import(db_path, DEMO)
    after = table_dump(db_path)

    def strip(rows):  # without sources.imported_at
        return [tuple(v for i, v in enumerate(r) if i != 6) for r in rows]

    assert strip(after.pop("sources")) == strip(before.pop("sources"))
    assert after == before
    assert (
        query(db_path, "SELECT rowid FROM posts_fts WHERE posts_fts MATCH 'garden' ORDER BY rowid")
        == fts_before
    )
    assert query(db_path, "INSERT INTO posts_fts(posts_fts) VALUES ('integrity-check')") == []


def test_a_newer_export_updates_the_site_in_place(db_path: Path, tmp_path: Path) -> None:
    run_import(db_path, GARDEN)
    post_id, wp_id, title = query(
        db_path,
        "SELECT id, wp_id, title FROM posts WHERE post_type = 'post' AND status = 'publish' "
        "ORDER BY wp_id LIMIT 1",
    )[0]
    comments_before = scalar(db_path, "SELECT count(*) FROM comments")
    newer = tmp_path / "newer.xml"
    text = GARDEN.read_bytes().replace(
        f"<![CDATA[{title}]]></title>".encode(), b"<![CDATA[Renamed in the newer export]]></title>", 1
    )
    assert text != GARDEN.read_bytes(), "the fixture's first post title must be CDATA-wrapped"
    newer.write_bytes(text)
    run_import(db_path, newer)
    assert query(db_path, "SELECT id, title FROM posts WHERE wp_id = ?", (wp_id,)) == [
        (post_id, "Renamed in the newer export")
    ]
    assert scalar(db_path, "SELECT count(*) FROM comments") == comments_before
    assert scalar(db_path, "SELECT count(*) FROM sites") == 1
    assert scalar(db_path, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'renamed'") == 1


def _archive_with_one_site(db_path: Path) -> dict:
    assert run_import(db_path, NIGHT_SKY).exit_code == 0
    return table_dump(db_path, exclude=("sources",))


def test_a_write_error_half_way_leaves_the_archive_as_it_was(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _archive_with_one_site(db_path)
    sources_before = query(db_path, "SELECT * FROM sources")
    calls = {"n": 0}
    original = writer_module.SourceWriter.write_post

    def failing_write_post(self, post):
        calls["n"] += 1
        if calls["n"] == 8:  # well after the site, authors, terms and several posts
            self.flush()
            raise sqlite3.OperationalError("disk I/O error")
        return original(self, post)

    monkeypatch.setattr(writer_module.SourceWriter, "write_post", failing_write_post)
    result = run_import(db_path, GARDEN)
    assert result.exit_code == 1
    assert "could not write to the archive: disk I/O error" in result.output
    assert "Traceback" not in result.output
    assert calls["n"] == 8
    assert table_dump(db_path, exclude=("sources",)) == before
    sources = query(db_path, "SELECT * FROM sources")
    assert sources[: len(sources_before)] == sources_before
    new_rows = "SELECT status FROM sources WHERE id > ?"
    assert query(db_path, new_rows, (len(sources_before),)) == [("failed",)]


def test_a_gzip_cut_short_fails_cleanly_and_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    before = _archive_with_one_site(db_path)
    packed = gzip.compress(GARDEN.read_bytes())
    broken = tmp_path / "garden.xml.gz"
    broken.write_bytes(packed[: len(packed) * 2 // 3])
    result = run_import(db_path, broken)
    assert result.exit_code == 1
    assert "could not read the input" in result.output
    assert table_dump(db_path, exclude=("sources",)) == before


def test_a_failed_source_does_not_stop_the_others(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<html><body>not an export</body></html>")
    result = run_import(db_path, bad, GARDEN)
    assert result.exit_code == 1
    assert scalar(db_path, "SELECT count(*) FROM sites") == 1
    assert dict(query(db_path, "SELECT status, count(*) FROM sources GROUP BY 1")) == {"failed": 1, "ok": 1}


def test_a_failed_reimport_keeps_the_earlier_good_source_row(
    db_path: Path, tmp_path: Path, monkeypatch
) -> None:
    run_import(db_path, GARDEN)
    good = source_row(db_path)

    def broken(self, post):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(writer_module.SourceWriter, "write_post", broken)
    assert run_import(db_path, GARDEN).exit_code == 1
    assert source_row(db_path)["status"] == good["status"] == "ok"
    assert scalar(db_path, "SELECT count(*) FROM sources") == 1


def test_a_dangling_reference_is_refused_before_commit(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _archive_with_one_site(db_path)
    original = writer_module.SourceWriter.finish

    def finish_with_a_bad_row(self):
        self.conn.execute("INSERT INTO post_terms (post_id, term_id) VALUES (987654, 987654)")
        original(self)

    monkeypatch.setattr(writer_module.SourceWriter, "finish", finish_with_a_bad_row)
    result = run_import(db_path, GARDEN)
    assert result.exit_code == 1
    assert "foreign key check failed" in result.output
    assert table_dump(db_path, exclude=("sources",)) == before
