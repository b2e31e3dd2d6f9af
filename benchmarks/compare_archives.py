"""Build an archive from every real input in ../shared, or compare two archives table by table.

Used to show that a change of structure changes no behaviour: build once before, once after, compare.

    python benchmarks/compare_archives.py build before.db
    python benchmarks/compare_archives.py compare before.db after.db

``build`` imports every file of ../shared/external/wxr and the seed pages. ``compare`` prints
each table's row count and the rows that differ (times of import and of cleaning are left out:
they differ on every run), and exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
INPUTS = [SHARED / "external" / "wxr", SHARED / "seeds" / "pages"]
# Columns that record when something ran, not what was stored.
VOLATILE = {("sources", "imported_at"), ("artefacts", "created_at"), ("_sqlite_migrations", "applied_at")}


def build(db: Path) -> None:
    missing = [str(p) for p in INPUTS if not p.is_dir()]
    if missing:
        sys.exit(f"missing: {', '.join(missing)} (the shared corpus must be beside the repository)")
    db.unlink(missing_ok=True)
    files = sorted(
        p
        for folder in INPUTS
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in (".xml", ".zip", ".gz", ".txt")
    )
    # One command per file, in a fixed order: the same archive whatever the folder walk order.
    for path in files:
        subprocess.run(
            [sys.executable, "-m", "wparchive", "import", str(db), str(path), "--quiet"], capture_output=True
        )
    print(f"{db}: imported {len(files)} inputs")


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%_fts%' ORDER BY name"
        )
    ]


def _rows(conn: sqlite3.Connection, table: str) -> tuple[list[str], list[tuple]]:
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])") if (table, r[1]) not in VOLATILE]
    names = ", ".join(f"[{c}]" for c in columns)
    return columns, conn.execute(f"SELECT {names} FROM [{table}] ORDER BY rowid").fetchall()


def compare(first: Path, second: Path) -> int:
    a, b = sqlite3.connect(first), sqlite3.connect(second)
    differences = 0
    for table in sorted(set(_tables(a)) | set(_tables(b))):
        if table not in _tables(a) or table not in _tables(b):
            print(f"{table}: only in {'the first' if table in _tables(a) else 'the second'}")
            differences += 1
            continue
        (columns_a, rows_a), (columns_b, rows_b) = _rows(a, table), _rows(b, table)
        if columns_a != columns_b:
            print(f"{table}: columns differ: {columns_a} / {columns_b}")
            differences += 1
            continue
        changed = [(x, y) for x, y in zip(rows_a, rows_b, strict=False) if x != y]
        state = "same" if not changed and len(rows_a) == len(rows_b) else "DIFFERENT"
        print(f"{table:<20} {len(rows_a):>7} rows  {len(rows_b):>7} rows  {state}")
        for x, y in changed[:3]:
            print(f"    {x!r:.300}\n    {y!r:.300}")
        differences += state != "same"
    return 1 if differences else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build").add_argument("db", type=Path)
    both = commands.add_parser("compare")
    both.add_argument("first", type=Path)
    both.add_argument("second", type=Path)
    args = parser.parse_args()
    if args.command == "build":
        build(args.db)
    else:
        sys.exit(compare(args.first, args.second))


if __name__ == "__main__":
    main()
