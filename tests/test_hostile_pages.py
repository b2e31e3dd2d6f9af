"""Hostile and oversized saved pages: one line of error or a flagged, partial import, never a
traceback; the reader's work linear in the comments of a page. No test here is timed: the linear-cost
test counts the reader's function calls (benchmarks/html_import.py times the same shapes)."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT, count_calls, query, run_import, scalar

from wparchive.readers.base import PageContext
from wparchive.readers.html.read import read_html

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_pages import comment_heavy, deeply_nested  # noqa: E402


def test_the_reader_work_grows_linearly_with_the_comments_of_a_page() -> None:
    small = count_calls(read_html, comment_heavy(200), PageContext("small"))
    large = count_calls(read_html, comment_heavy(2000), PageContext("large"))
    assert large / 2000 < 1.2 * small / 200, (
        f"{small / 200:.0f} calls per comment at 200, {large / 2000:.0f} at 2000"
    )


def test_nesting_past_the_parsers_limit_is_cut_flagged_and_kept_up_to_the_cut(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_bytes(deeply_nested(1000))
    db_path = tmp_path / "archive.db"
    result = run_import(db_path, page)
    assert result.exit_code == 0, result.output
    status, warnings = query(db_path, "SELECT status, warnings FROM sources")[0]
    assert status == "recovered" and "deeper than the parser's limit" in warnings
    kept = scalar(db_path, "SELECT count(*) FROM comments")
    assert 50 < kept < 1000
    assert scalar(db_path, "SELECT max(depth) FROM comments") == kept, "the chain kept is one thread"


def test_a_page_larger_than_a_page_can_be_is_refused_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    with open(page, "wb") as out:
        out.write(b"<!DOCTYPE html><html><body>")
        block = b"<p>" + b"junk " * 2000 + b"</p>\n"
        for _ in range((51 << 20) // len(block) + 1):
            out.write(block)
    db_path = tmp_path / "archive.db"
    result = run_import(db_path, page)
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "too large" in errors[0] and len(errors) == 2


def test_binary_junk_named_html_is_refused_and_the_other_pages_import(tmp_path: Path) -> None:
    folder = tmp_path / "mirror"
    folder.mkdir()
    (folder / "junk.html").write_bytes(bytes(range(256)) * 4096)
    (folder / "post.html").write_bytes(comment_heavy(3))
    db_path = tmp_path / "archive.db"
    result = run_import(db_path, folder)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "junk.html" in result.output and "binary" in result.output
    assert scalar(db_path, "SELECT count(*) FROM comments") == 3
