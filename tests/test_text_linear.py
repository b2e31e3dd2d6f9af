"""Reading and storing a text page costs about the same per kilobyte at any size.

Cost is counted, not timed: Python function calls while the reader runs, and SQLite's virtual
machine steps while the page is stored. A step that compares every comment with every other one
(reply inference once did; a batch finder did; an SQL EXISTS per comment row did) makes a page four
times larger cost sixteen times more. benchmarks/text_speed.py times the same shapes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT, count_calls, run_import

import wparchive.cli.main
from wparchive.readers.text.reader import read_text

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_text_pages import SHAPES  # noqa: E402

SMALL_KB, LARGE_KB = 64, 256
SLACK = 1.25  # per-KB cost at four times the size may be this much higher (noise, not a square)


def reader_calls(data: bytes) -> int:
    """Python function calls made while the text reader reads ``data``."""
    return count_calls(lambda: list(read_text(data, "page.txt", "http://blog.example/")))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_reading_a_text_page_costs_the_same_per_kilobyte_at_four_times_the_size(shape: str) -> None:
    make = SHAPES[shape]
    reader_calls(make(8 * 1024).encode())  # compiled patterns and caches are made once, not per page
    small = reader_calls(make(SMALL_KB * 1024).encode()) / SMALL_KB
    large = reader_calls(make(LARGE_KB * 1024).encode()) / LARGE_KB
    assert large < SLACK * small, (
        f"{shape}: {small:.0f} calls per KB at {SMALL_KB} KB, {large:.0f} at {LARGE_KB}"
    )


def sqlite_steps(monkeypatch, db_path: Path, page: Path) -> int:
    """SQLite virtual-machine steps (in thousands) of ``wparchive import`` of one page."""
    ticks = [0]
    opened = wparchive.cli.main.open_db

    def counting_open_db(path):
        db = opened(path)

        def tick() -> int:
            ticks[0] += 1
            return 0  # go on

        db.conn.set_progress_handler(tick, 1000)
        return db

    monkeypatch.setattr(wparchive.cli.main, "open_db", counting_open_db)
    result = run_import(db_path, page)
    assert result.exit_code == 0, result.output
    return ticks[0]


@pytest.mark.parametrize("shape", ["comments", "markdown"])
def test_storing_a_text_page_costs_the_same_per_kilobyte_at_four_times_the_size(
    tmp_path: Path, monkeypatch, shape: str
) -> None:
    steps = {}
    for kb in (SMALL_KB, LARGE_KB):
        page = tmp_path / f"{shape}-{kb}.txt"
        page.write_text(SHAPES[shape](kb * 1024), encoding="utf-8")
        steps[kb] = sqlite_steps(monkeypatch, tmp_path / f"{kb}.db", page) / kb
    assert steps[LARGE_KB] < SLACK * steps[SMALL_KB], f"thousands of SQLite steps per KB: {steps}"
