"""Documentation that can drift: every command in the README with an example,
every table and column of the schema in docs/data-contract.md."""

from __future__ import annotations

import re
import sqlite3

import pytest
from conftest import ROOT

from wparchive.cli import cli
from wparchive.store.schema import migrations

README = (ROOT / "README.md").read_text()
CONTRACT = (ROOT / "docs" / "data-contract.md").read_text()


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_documented_with_an_example(command: str) -> None:
    assert f"### `wparchive {command}" in README
    assert re.search(rf"^\$ wparchive {command} ", README, re.M), f"no example of wparchive {command}"
    assert cli.commands[command].help, f"{command} has no help text"


def test_quick_start_is_the_two_make_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert re.findall(r"^make (\w+)", quick_start, re.M) == ["demo", "test"]


def schema() -> dict[str, list[str]]:
    conn = sqlite3.connect(":memory:")
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    migrations.apply(db)
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'"
        )
    ]
    return {t: [r[1] for r in conn.execute(f"PRAGMA table_info([{t}])")] for t in tables}


def contract_section(table: str) -> str:
    """The text of the data contract's sections whose heading names the table."""
    sections = CONTRACT.split("\n## ")[1:]
    return "\n".join(s for s in sections if table in re.findall(r"\w+", s.split("\n", 1)[0].split(":")[0]))


@pytest.mark.parametrize("table", sorted(schema()))
def test_every_table_and_column_is_in_the_data_contract(table: str) -> None:
    section = contract_section(table)
    assert section, f"docs/data-contract.md has no section headed {table}"
    for column in schema()[table]:
        assert f"`{column}`" in section, f"{table}.{column} is not in its section of docs/data-contract.md"
