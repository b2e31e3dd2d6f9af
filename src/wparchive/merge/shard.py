"""A shard: another archive, opened read-only and checked before anything of it is merged.

It is never written, migrated or locked: without a write-ahead log beside it the file is opened
``immutable`` (SQLite creates no ``-wal`` or ``-shm`` file next to it), with one (a writer still has
it open, or died) ``mode=ro``, so what that log holds is read too. Every error of the shard's
connection becomes a :class:`ShardError`, one line for the user.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from wparchive.store.schema import migrations

Row = dict[str, Any]
Params = tuple[Any, ...] | dict[str, Any]


class ShardError(Exception):
    """A shard that cannot be merged; the message is one line."""


def _uri(path: Path) -> str:
    beside = [Path(f"{path}{suffix}") for suffix in ("-wal", "-journal")]
    mode = "mode=ro" if any(p.exists() for p in beside) else "immutable=1"
    return f"{path.resolve().as_uri()}?{mode}"


def _same_file(path: Path, db: sqlite_utils.Database) -> bool:
    for _, name, file in db.conn.execute("PRAGMA database_list").fetchall():
        if name == "main" and file and Path(file).exists() and path.samefile(file):
            return True
    return False


class Shard:
    """A read-only connection to a shard, and the queries the merge asks of it."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    @classmethod
    def open(cls, path: Path, archive: sqlite_utils.Database) -> Shard:
        """Open and check the shard: an archive of this schema, undamaged, not the archive itself."""
        if not path.is_file():
            raise ShardError("no such file" if not path.exists() else "not a file")
        if _same_file(path, archive):
            raise ShardError("this is the archive being merged into")
        try:
            conn = sqlite3.connect(_uri(path), uri=True)
        except sqlite3.Error as error:
            raise ShardError(f"cannot open it: {error}") from None
        shard = cls(path, conn)
        try:
            shard._check(archive)
        except BaseException:
            conn.close()
            raise
        return shard

    def close(self) -> None:
        self.conn.close()

    def _check(self, archive: sqlite_utils.Database) -> None:
        try:
            tables = {r["name"] for r in self.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except ShardError as error:
            reason = str(error).split(": ", 1)[-1]
            if "not a database" in reason:
                raise ShardError(f"not a wparchive archive: {reason}") from None
            raise ShardError(f"the file is damaged: {reason}") from None
        if "_sqlite_migrations" not in tables or "sources" not in tables:
            raise ShardError("an SQLite database, but not a wparchive archive (no wparchive schema)")
        applied = [
            r["name"]
            for r in self.rows(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                (migrations.name,),
            )
        ]
        wanted = [m.name for m in migrations.applied(archive)]
        if set(applied) != set(wanted):
            raise ShardError(_version_mismatch(applied, wanted))
        damage = [r["quick_check"] for r in self.rows("PRAGMA quick_check(3)")]
        if damage != ["ok"]:
            raise ShardError(f"the file is damaged: {'; '.join(damage)}")

    def rows(self, sql: str, params: Params = ()) -> list[Row]:
        return list(self.iter_rows(sql, params))

    def one(self, sql: str, params: Params = ()) -> Row | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def iter_rows(self, sql: str, params: Params = ()) -> Iterator[Row]:
        """Rows as dicts, streamed; a damaged page met on the way is a ShardError."""
        try:
            cursor = self.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            for values in cursor:
                yield dict(zip(names, values, strict=True))
        except sqlite3.Error as error:
            raise ShardError(f"cannot read it: {error}") from None

    def count(self, table: str) -> int:
        found = self.one(f"SELECT count(*) AS n FROM {table}")
        return int(found["n"]) if found else 0


def _version_mismatch(applied: list[str], wanted: list[str]) -> str:
    newer = [name for name in applied if name not in wanted]
    if newer:
        return f"written by a newer wparchive (schema {newer[-1]}); merge it with that version"
    missing = [name for name in wanted if name not in applied]
    return (
        f"written by an older wparchive (its schema lacks {missing[0]}); open it once with this version "
        "(e.g. wparchive stats SHARD brings it up to date) and merge again"
    )
