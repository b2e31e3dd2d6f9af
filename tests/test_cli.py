"""The command line as a user meets it: output streams, --quiet, stats, entry points."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, run_import

from wparchive import __version__
from wparchive.cli import cli
from wparchive.progress import progress_bar, short_label

DEMO = FIXTURES / "demo"


def test_import_prints_a_reconciliation_summary(db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", str(db_path), str(DEMO / "kitchen-garden.xml")])
    assert result.exit_code == 0, result.output
    assert "kitchen-garden.xml: ok" in result.stdout
    assert "comments by type:" in result.stdout
    assert "dangling parents 0" in result.stdout


def test_progress_goes_to_stderr_and_quiet_silences_everything(db_path: Path) -> None:
    command = [sys.executable, "-m", "wparchive", "import", str(db_path), str(DEMO)]
    loud = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "kitchen-garden.xml" in loud.stderr  # the progress bar's label
    assert "Traceback" not in loud.stderr
    quiet = subprocess.run(command + ["--quiet"], capture_output=True, text=True, check=True)
    assert quiet.stdout == "" and quiet.stderr == ""


def test_json_summary(db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["import", str(db_path), str(DEMO / "night-sky.xml"), "--json"])
    summaries = json.loads(result.stdout)
    assert summaries[0]["status"] == "ok"
    counts = summaries[0]["summary"]["posts"]
    assert all(entry["read"] == entry["stored"] for entry in counts.values())


def test_stats(db_path: Path) -> None:
    run_import(db_path, DEMO)
    result = CliRunner().invoke(cli, ["stats", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "The Kitchen Garden" in result.output and "Night Sky Notes" in result.output
    assert "deepest threads:" in result.output
    figures = json.loads(CliRunner().invoke(cli, ["stats", str(db_path), "--json"]).output)
    assert len(figures["sites"]) == 2
    assert figures["date_range"]["first"] < figures["date_range"]["last"]
    assert figures["pingbacks"]["internal"] >= 2


def test_stats_on_a_missing_database_is_a_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", str(tmp_path / "nope.db")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_a_file_that_is_not_a_database_is_a_one_line_error(tmp_path: Path) -> None:
    not_db = tmp_path / "notes.db"
    not_db.write_text("these are my notes, not a database")
    result = CliRunner().invoke(cli, ["import", str(not_db), str(DEMO / "night-sky.xml")])
    assert result.exit_code == 1
    assert "cannot open as an SQLite archive" in result.output
    assert not_db.read_text() == "these are my notes, not a database"


def test_version_and_short_help() -> None:
    assert __version__ in CliRunner().invoke(cli, ["--version"]).output
    assert "Usage:" in CliRunner().invoke(cli, ["import", "-h"]).output


def test_stats_of_scraped_text_says_nothing_is_none(db_path: Path) -> None:
    page = db_path.parent / "page.txt"
    page.write_text("A title\n\nSome text of the post, long enough to be read as a post body.\n")
    run_import(db_path, page)
    result = CliRunner().invoke(cli, ["stats", str(db_path)])
    assert result.exit_code == 0 and "None" not in result.output, result.output


def test_publish_json_names_what_was_held_back(db_path: Path, tmp_path: Path) -> None:
    run_import(db_path, DEMO)
    result = CliRunner().invoke(cli, ["publish", str(db_path), str(tmp_path / "site"), "--json"])
    figures = json.loads(result.output)
    assert figures["posts"] > 0 and figures["private_values_kept"] is False
    assert figures["held_back"]["posts"] and figures["title"] == "An archive of 2 blogs"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("columns", [80, 120])
def test_progress_lines_fit_the_terminal(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    label = "thomaslarock.WordPress.2020-2024-with-a-very-long-name.xml: documents"
    with progress_bar(1000, label) as bar:
        bar.update(400)
        bar.render_progress()
    shown = re.sub(r"\x1b\[[?0-9;]*[a-zA-Z]", "", screen.getvalue())  # cursor codes take no room
    lines = [line for line in re.split(r"[\r\n]", shown) if line.strip()]
    assert lines and max(len(line.rstrip()) for line in lines) <= columns
    assert short_label(label).startswith("thomaslarock") and short_label(label).endswith("documents")
