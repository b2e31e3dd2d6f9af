"""A large export is parsed in a child process while the archive is written: the same archive.

``readahead`` forks a reader for inputs above ``MIN_BYTES``; here the threshold is lowered so that
every fixture goes through the child, and each archive is compared, table by table, with the one
built when the pass runs in this process: well-formed exports, damaged ones that need the repair
ladder (a pass that fails in the child must lead to the same next attempt), and refused ones.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURES, run_import, scalar, table_dump

from wparchive import readahead

EXPORTS = sorted((FIXTURES / "wxr").rglob("*.xml"))
VOLATILE = frozenset({"imported_at", "created_at", "applied_at", "cleaned_at"})


def _content(db_path: Path) -> dict[str, list[tuple]]:
    return table_dump(db_path, ("_sqlite_migrations",), VOLATILE) if db_path.exists() else {}


@pytest.fixture(autouse=True)
def single_threaded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other tests of the session leave threads behind (a Dask client's event loop); the import in
    ``wparchive import`` runs without, so the child must be forked here too, not skipped."""
    monkeypatch.setattr(readahead.threading, "active_count", lambda: 1)


def _import(db_path: Path, path: Path, min_bytes: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setattr(readahead, "MIN_BYTES", min_bytes)
    result = run_import(db_path, path)
    return result.exit_code, result.output


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: p.name)
def test_reading_ahead_gives_the_same_archive(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, ahead = tmp_path / "here.db", tmp_path / "ahead.db"
    assert _import(here, path, 1 << 40, monkeypatch) == _import(ahead, path, 0, monkeypatch)
    assert _content(here) == _content(ahead)


def test_a_reading_process_that_dies_fails_the_source_and_stores_nothing(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = FIXTURES / "wxr" / "wellformed" / "comments-deep-thread.xml"
    seen: list[object] = []

    def dying(record: object) -> None:
        seen.append(record)
        if len(seen) == 3:
            os._exit(9)  # as the kernel's OOM killer would: no goodbye through the queue

    assert run_import(db_path, FIXTURES / "wxr" / "wellformed" / "sticky-post.xml").exit_code == 0
    posts = scalar(db_path, "SELECT count(*) FROM posts")
    monkeypatch.setattr(readahead, "MIN_BYTES", 0)
    monkeypatch.setattr(readahead, "prepare", dying)
    result = run_import(db_path, export)
    assert result.exit_code != 0
    assert "the process reading the input stopped (exit code 9)" in result.output
    assert "Traceback" not in result.output
    assert scalar(db_path, "SELECT count(*) FROM posts") == posts
    assert scalar(db_path, "SELECT status FROM sources ORDER BY id DESC LIMIT 1") == "failed"


def test_small_inputs_and_threaded_processes_read_in_place(monkeypatch: pytest.MonkeyPatch) -> None:
    class Pass:
        pass

    reading = Pass()
    assert readahead.read_ahead(reading, readahead.MIN_BYTES - 1) is reading  # type: ignore[arg-type]
    monkeypatch.setattr(readahead.threading, "active_count", lambda: 2)
    assert readahead.read_ahead(reading, readahead.MIN_BYTES) is reading  # type: ignore[arg-type]
