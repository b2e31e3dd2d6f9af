"""Damaged input never produces a traceback: a seeded fuzz over a real-shaped export.

Each case damages the demo export in one of the ways exports get damaged
(cut short, bytes dropped or inserted, control bytes, a stray '&' or '<',
Latin-1 bytes) and imports it. Whatever the damage, the command ends with exit
code 0 (imported, maybe recovered) or 1 (a one-line error), and the archive
stays consistent: no comment without its post, no half-written source.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, query
from wparchive.cli import cli

SOURCE = (FIXTURES / "demo" / "night-sky.xml").read_bytes()
DAMAGE = ["truncate", "drop", "insert_control", "insert_amp", "insert_lt", "latin1", "swap_tags", "insert_garbage"]


def damage(data: bytes, rng: random.Random, how: str) -> bytes:
    at = rng.randrange(len(data))
    if how == "truncate":
        return data[:at]
    if how == "drop":
        return data[:at] + data[at + rng.randint(1, 400) :]
    if how == "insert_control":
        return data[:at] + bytes([rng.choice([1, 2, 8, 11, 12, 27, 31])]) * rng.randint(1, 3) + data[at:]
    if how == "insert_amp":
        return data[:at] + b"&" + data[at:]
    if how == "insert_lt":
        return data[:at] + b"<" + data[at:]
    if how == "latin1":
        return data[:at] + b"\xe9\xe8\xff" + data[at:]
    if how == "swap_tags":
        return data.replace(b"</wp:comment>", b"</wp:commentx>", 1)
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 50))) + data[at:]


@pytest.mark.parametrize("seed", range(40))
def test_damaged_export_imports_or_fails_cleanly(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    how = DAMAGE[seed % len(DAMAGE)]
    path = tmp_path / "damaged.xml"
    path.write_bytes(damage(SOURCE, rng, how))
    db_path = tmp_path / "archive.db"
    result = CliRunner().invoke(cli, ["import", str(db_path), str(path), "--quiet"])
    assert result.exception is None or isinstance(result.exception, SystemExit), (how, repr(result.exception))
    assert result.exit_code in (0, 1), (how, result.output)
    if result.exit_code == 1:
        assert result.output.startswith("Error: "), result.output
        assert not db_path.exists(), "a failed first import leaves no archive behind"
        return
    status = query(db_path, "SELECT status FROM sources")[0][0]
    assert status in ("ok", "recovered")
    assert query(db_path, "SELECT count(*) FROM comments WHERE post_id NOT IN (SELECT id FROM posts)")[0][0] == 0


PAGES = sorted((FIXTURES / "text" / "pages").glob("*.txt"))
LINE_DAMAGE = ["drop", "duplicate", "swap", "cut", "bullet", "blank"]


def damage_page(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        if not lines:
            break
        how, at = rng.choice(LINE_DAMAGE), rng.randrange(len(lines))
        if how == "drop":
            del lines[at]
        elif how == "duplicate":
            lines.insert(at, lines[at])
        elif how == "swap":
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif how == "cut":
            lines[at] = lines[at][: rng.randrange(len(lines[at]) + 1)]
        elif how == "bullet":
            lines[at] = rng.choice(["  • ", "  7. ", "@", "Pingback: x « y", "[…] "]) + lines[at]
        else:
            lines.insert(at, "")
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(30))
def test_damaged_text_page_imports_or_fails_cleanly(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    page = tmp_path / "page.txt"
    page.write_text(damage_page(rng.choice(PAGES).read_text(encoding="utf-8"), rng), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "archive.db"), str(page), "--quiet"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.output
