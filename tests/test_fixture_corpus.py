"""The self-describing fixture corpora (feedparser style, see fixtures/README.md).

Each file in fixtures/wxr/wellformed, fixtures/wxr/illformed and fixtures/html (saved
pages of every theme family, era and language, fixtures/html/README.md) carries a
header comment with its description, the expected status, warnings or error, and SQL
expectations. Adding an edge case is adding one file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, query, run_import, source_row

CORPUS = sorted((FIXTURES / "wxr").glob("*/*.xml"))
HTML_CORPUS = sorted((FIXTURES / "html").glob("*.html"))
HEADER = re.compile(r"<!--\s*\n(Description:.*?)-->", re.S)


def parse_header(path: Path) -> dict[str, list[str]]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    match = HEADER.search(text)
    assert match, f"{path.name} has no Description header"
    fields: dict[str, list[str]] = {}
    for line in match.group(1).splitlines():
        if ": " in line:
            key, value = line.split(": ", 1)
            fields.setdefault(key.strip(), []).append(value.strip())
    return fields


def alternatives(value: str) -> list[str]:
    return [part.strip().lower() for part in value.split(" | ")]


def as_text(value: object) -> str:
    return "None" if value is None else str(value)


def test_corpus_is_not_empty() -> None:
    assert len(CORPUS) >= 40
    assert len(HTML_CORPUS) >= 40


@pytest.mark.parametrize("path", CORPUS + HTML_CORPUS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(path: Path, db_path: Path) -> None:
    header = parse_header(path)
    accepted = alternatives(header["Status"][0])
    # The WXR corpus is for the WXR reader (one file is an HTML page a WXR importer must refuse).
    forced = ("--format", "wxr") if path.suffix == ".xml" else ()
    result = run_import(db_path, path, extra=forced)
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert "refused" in accepted, f"{path.name} was refused: {result.output}"
        errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
        assert errors, "a refused file gets a one-line error"
        for expected in header.get("Error", []):
            assert any(alt in errors[0].lower() for alt in alternatives(expected)), errors[0]
        assert not db_path.exists(), "a refused file imported alone leaves no archive behind"
        return
    source = source_row(db_path)
    assert source["status"] in accepted, (source["status"], source["warnings"])
    warnings = [w.lower() for w in source["warnings"]]
    for expected in header.get("Warning", []):
        assert any(alt in w for alt in alternatives(expected) for w in warnings), (
            expected,
            source["warnings"],
        )
    for expectation in header.get("Expect", []):
        sql, expected = re.split(r" =>(?: |$)", expectation, maxsplit=1)
        rows = query(db_path, sql)
        actual = rows[0][0] if rows else None
        assert as_text(actual) == expected.strip(), f"{sql} gave {actual!r}"
