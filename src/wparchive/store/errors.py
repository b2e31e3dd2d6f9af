"""One line for a write the archive refused, whatever was being written (a source, a shard)."""

from __future__ import annotations

import sqlite3


def write_error(error: sqlite3.Error, what: str = "source", undone: str = "nothing was stored") -> str:
    """A broken reference and a busy archive say what they are; anything else says SQLite's words.

    ``what`` is what was being written ("source", "shard") and ``undone`` what the rollback means
    for it, so that each command's line says it in its own terms."""
    if "FOREIGN KEY" in str(error):
        return (
            f"foreign key check failed: a row of this {what} points at a row that is not in the archive; "
            f"{undone}"
        )
    if "locked" in str(error) or "busy" in str(error):
        return "the archive is busy: another program is writing to it; try again when it has finished"
    return f"could not write to the archive: {error}"
