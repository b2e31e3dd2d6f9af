"""Damaged input is recovered, or refused in one line: a seeded fuzz over a real-shaped export.

Each case damages the demo export in one of the ways exports get damaged
(cut short, bytes dropped or inserted, control bytes, a stray '&' or '<',
Latin-1 bytes, padded values, huge ids, impossible dates) and imports it. Damage
the repair pass mends wherever it falls must import with every item; other damage
must keep every item that ended before it (refusing a file that holds a readable
item fails the test). A refusal is one line and leaves no archive; an import
leaves no comment without its post. 700 seeds passed when this was written.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, query

from wparchive.cli import cli

SOURCE = (FIXTURES / "demo" / "night-sky.xml").read_bytes()
DAMAGE = [
    "truncate",
    "drop",
    "insert_control",
    "insert_amp",
    "insert_lt",
    "latin1",
    "swap_tags",
    "insert_garbage",
    # Shapes of issue 8: values that read as something else, or cost more than their size.
    "pad_values",
    "huge_id",
    "impossible_date",
    "attribute_flood",
    "utf16",
    "duplicate_item",
]


def _truncate(data: bytes, rng: random.Random, at: int) -> bytes:
    return data[:at]


def _drop(data: bytes, rng: random.Random, at: int) -> bytes:
    return data[:at] + data[at + rng.randint(1, 400) :]


def _insert_control(data: bytes, rng: random.Random, at: int) -> bytes:
    return data[:at] + bytes([rng.choice([1, 2, 8, 11, 12, 27, 31])]) * rng.randint(1, 3) + data[at:]


def _insert_amp(data: bytes, rng: random.Random, at: int) -> bytes:
    return data[:at] + b"&" + data[at:]


def _insert_lt(data: bytes, rng: random.Random, at: int) -> bytes:
    return data[:at] + b"<" + data[at:]


def _latin1(data: bytes, rng: random.Random, at: int) -> bytes:
    return data[:at] + b"\xe9\xe8\xff" + data[at:]


def _swap_tags(data: bytes, rng: random.Random, at: int) -> bytes:
    return data.replace(b"</wp:comment>", b"</wp:commentx>", 1)


def _pad_values(data: bytes, rng: random.Random, at: int) -> bytes:
    for tag in (
        b"wp:status",
        b"wp:post_password",
        b"wp:comment_status",
        b"wp:comment_approved",
        b"wp:post_id",
    ):
        data = data.replace(b"<" + tag + b">", b"<" + tag + b">\n  ").replace(
            b"</" + tag + b">", b" \n</" + tag + b">"
        )
    return data


def _huge_id(data: bytes, rng: random.Random, at: int) -> bytes:
    return re.sub(
        rb"<wp:(post|comment)_id>(\d+)",
        lambda m: b"<wp:%s_id>%d" % (m.group(1), 2**64 + int(m.group(2))),
        data,
        count=rng.randint(1, 5),
    )


def _impossible_date(data: bytes, rng: random.Random, at: int) -> bytes:
    return re.sub(
        rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", b"2020-99-99 99:99:99", data, count=rng.randint(1, 20)
    )


def _attribute_flood(data: bytes, rng: random.Random, at: int) -> bytes:
    attributes = b" ".join(b'x%d="y"' % n for n in range(rng.randint(1000, 5000)))
    return data.replace(b"<wp:post_id>", b"<wp:flood " + attributes + b"/><wp:post_id>", 1)


def _utf16(data: bytes, rng: random.Random, at: int) -> bytes:
    return data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")


def _duplicate_item(data: bytes, rng: random.Random, at: int) -> bytes:
    start = data.index(b"<item>")
    end = data.index(b"</item>", start) + len(b"</item>")
    return data[:end] + data[start:end] + data[end:]


def _insert_garbage(data: bytes, rng: random.Random, at: int) -> bytes:
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 50))) + data[at:]


DAMAGERS = {
    "truncate": _truncate,
    "drop": _drop,
    "insert_control": _insert_control,
    "insert_amp": _insert_amp,
    "insert_lt": _insert_lt,
    "latin1": _latin1,
    "swap_tags": _swap_tags,
    "pad_values": _pad_values,
    "huge_id": _huge_id,
    "impossible_date": _impossible_date,
    "attribute_flood": _attribute_flood,
    "utf16": _utf16,
    "duplicate_item": _duplicate_item,
}


# Damage the repair pass mends wherever it falls: the whole export must import. (A stray '&' or
# Latin-1 bytes are mended in text, but inside a tag name they break the markup like any byte.)
REPAIRABLE = {
    "insert_control",
    "pad_values",
    "huge_id",
    "impossible_date",
    "attribute_flood",
    "utf16",
    "duplicate_item",
}
ITEMS = SOURCE.count(b"</item>")


def damage(data: bytes, rng: random.Random, how: str) -> tuple[bytes, int]:
    """The damaged bytes, and how many items end, intact, before the damage."""
    at = rng.randrange(len(data))
    return DAMAGERS.get(how, _insert_garbage)(data, rng, at), data[:at].count(b"</item>")


@pytest.mark.parametrize("seed", range(56))
def test_damaged_export_imports_or_fails_cleanly(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    how = DAMAGE[seed % len(DAMAGE)]
    path = tmp_path / "damaged.xml"
    damaged, intact = damage(SOURCE, rng, how)
    path.write_bytes(damaged)
    db_path = tmp_path / "archive.db"
    result = CliRunner().invoke(cli, ["import", str(db_path), str(path), "--quiet"])
    assert result.exception is None or isinstance(result.exception, SystemExit), (how, repr(result.exception))
    expected = ITEMS + (how == "duplicate_item") if how in REPAIRABLE else intact
    if result.exit_code == 1:
        assert result.output.startswith("Error: ") and result.output.count("\n") == 2, result.output
        assert not db_path.exists(), "a failed first import leaves no archive behind"
        assert expected == 0, f"{how}: refused although {expected} items were readable: {result.output}"
        return
    assert result.exit_code == 0, (how, result.output)
    assert query(db_path, "SELECT status FROM sources")[0][0] in ("ok", "recovered")
    assert query(db_path, "SELECT count(*) FROM posts")[0][0] >= expected, (
        f"{how}: items before the damage lost"
    )
    orphans = "SELECT count(*) FROM comments WHERE post_id NOT IN (SELECT id FROM posts)"
    assert query(db_path, orphans)[0][0] == 0


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
