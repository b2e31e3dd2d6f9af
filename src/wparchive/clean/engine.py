"""Apply the artefact rules to stored posts and comments, with an audit trail.

Every change is an ``artefacts`` row (rule, table, row, column, the exact text
that was there, its offsets, and what replaced it), and the value a column had
before its first change is kept in ``clean_originals``, so ``--undo`` restores
it exactly. Rules run on the columns that hold what the source said (the HTML
of a WXR post, the text of a scraped page); the derived column (plain text of
the HTML, HTML of the text) is computed again from the cleaned value.

Running the rules twice changes nothing the second time: they do not match
their own output, and flags (kept shortcodes) are recorded once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field

import sqlite_utils

from wparchive.clean.markers import plan
from wparchive.clean.rules import RULES, RULES_BY_NAME, Edit, Rule
from wparchive.clean.write import COLUMNS, write
from wparchive.dates import utc_now
from wparchive.htmltext import html_to_text, text_to_html

CLEANED_TABLES = ("posts", "comments")
# (column, role, is_html) of what the source said, per source kind; and the derived columns.
PRIMARY: dict[str, dict[str, tuple[tuple[str, str, bool], ...]]] = {
    "wxr": {
        "posts": (
            ("title", "title", False),
            ("content_html", "content", True),
            ("excerpt_html", "excerpt", True),
        ),
        "comments": (("content_html", "content", True),),
    },
    "text": {
        "posts": (("title", "title", False), ("content_text", "content", False)),
        "comments": (("content_text", "content", False),),
    },
}
DERIVED: dict[str, dict[str, tuple[str, Callable[[str | None], str | None]]]] = {
    "wxr": {"content_html": ("content_text", html_to_text), "excerpt_html": ("excerpt_text", html_to_text)},
    "text": {"content_text": ("content_html", text_to_html)},
}
BATCH = 500  # rows per read; with their joined copy for the pre-check, a few MB of content


@dataclass
class Change:
    rule: str
    start: int
    end: int
    original: str
    replacement: str

    @property
    def flag_only(self) -> bool:
        return self.original == self.replacement


@dataclass
class CleanReport:
    by_rule: Counter[str] = field(default_factory=Counter)
    by_table: Counter[str] = field(default_factory=Counter)
    rows_changed: int = 0
    flagged: Counter[str] = field(default_factory=Counter)
    characters_scanned: int = 0


def apply_rules(
    value: str,
    is_html: bool,
    role: str,
    rules: Iterable[Rule],
    kind: str | None = None,
    held: Container[str] | None = None,
) -> tuple[str, list[Change]]:
    """Run each rule in turn on the value; return the new value and every change.

    A rule with markers (``quick``) runs when the value as given holds one of them; ``held``, when
    known, names the rules whose markers it holds (``clean`` finds them for a whole batch at once).
    """
    changes: list[Change] = []
    contains = value.__contains__
    for rule in rules:
        # Inlined Rule.may_apply: this loop runs for every value of the archive.
        if role not in rule.columns or (kind is not None and kind not in rule.kinds):
            continue
        if rule.precheck is not None:
            if not rule.precheck(value):
                continue
        elif rule.quick and not (rule.name in held if held is not None else any(map(contains, rule.quick))):
            continue
        edits = rule.find(value, is_html)
        if not edits:
            continue
        for edit in edits:
            changes.append(
                Change(rule.name, edit.start, edit.end, value[edit.start : edit.end], edit.replacement)
            )
        value = _apply(value, edits)
    return value, changes


def _apply(value: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        value = value[: edit.start] + edit.replacement + value[edit.end :]
    return value


def select_rules(names: Iterable[str] | None) -> list[Rule]:
    if not names:
        return list(RULES)
    unknown = [n for n in names if n not in RULES_BY_NAME]
    if unknown:
        raise ValueError(f"unknown rule {unknown[0]!r}; see --list-rules")
    return [rule for rule in RULES if rule.name in set(names)]


def clean(
    db: sqlite_utils.Database,
    rules: list[Rule] | None = None,
    source_ids: list[int] | None = None,
    just_imported: bool = False,
    progress: Callable[[int], None] | None = None,
) -> CleanReport:
    """Clean stored rows (all, or those of some sources). The caller owns the transaction.

    ``just_imported``: the rows were just written from their source, so they hold raw values; a row
    whose raw value differs from the recorded original was changed by a newer export and is cleaned
    afresh. Otherwise values may already be cleaned and are cleaned further, keeping the first original.
    """
    rules = rules if rules is not None else list(RULES)
    report = CleanReport()
    if source_ids:
        marks = ",".join("?" * len(source_ids))
        kinds = dict(db.conn.execute(f"SELECT id, kind FROM sources WHERE id IN ({marks})", source_ids))
    else:
        kinds = dict(db.conn.execute("SELECT id, kind FROM sources"))
    now = utc_now()
    for table in CLEANED_TABLES:
        for rows in _batches(db, table, source_ids):
            _clean_rows(db, table, rows, kinds, rules, report, now, just_imported)
            if progress is not None:
                progress(len(rows))
    return report


def clean_archive(
    db: sqlite_utils.Database,
    rules: list[Rule],
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> CleanReport:
    """The rules over the whole archive in one transaction; a dry run rolls it back."""
    db.conn.execute("BEGIN")
    try:
        report = clean(db, rules, progress=progress)
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("ROLLBACK" if dry_run else "COMMIT")
    return report


def rows_to_clean(db: sqlite_utils.Database) -> int:
    """Posts and comments a whole-archive clean reads (the length of its progress bar)."""
    return db.conn.execute(
        "SELECT (SELECT count(*) FROM posts) + (SELECT count(*) FROM comments)"
    ).fetchone()[0]


def _batches(db: sqlite_utils.Database, table: str, source_ids: list[int] | None):
    """Rows in id order, BATCH at a time, so memory stays flat on a large archive."""
    # content_text of WXR rows and content_html of text rows are derived: fetched only for rows that change.
    columns = (
        "id, source_id, title, content_html, CASE WHEN source_kind = 'text' THEN content_text END, "
        "excerpt_html, NULL"
        if table == "posts"
        else "id, source_id, NULL, content_html, CASE WHEN source_kind = 'text' THEN content_text END, "
        "NULL, NULL"
    ).replace("source_kind", f"(SELECT kind FROM sources WHERE sources.id = {table}.source_id)")
    only = f" AND source_id IN ({','.join('?' * len(source_ids))})" if source_ids else ""
    sql = f"SELECT {columns} FROM {table} WHERE id > ?{only} ORDER BY id LIMIT {BATCH}"
    last = 0
    while True:
        rows = db.conn.execute(sql, (last, *(source_ids or ()))).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        yield rows


NAMES = ("id", "source_id", *COLUMNS)


def _known_originals(db, table: str, rows) -> dict[tuple[int, str], str]:
    marks = ",".join("?" * len(rows))
    found = db.conn.execute(
        f"SELECT row_id, column_name, value FROM clean_originals WHERE table_name = ? AND row_id IN "
        f"({marks})",
        (table, *(row[0] for row in rows)),
    )
    return {(row_id, column): value for row_id, column, value in found}


def _forget(db, table: str, row_id: int, column: str) -> None:
    """The source now says something else here: the old cleaning record no longer applies."""
    db.conn.execute(
        "DELETE FROM clean_originals WHERE table_name = ? AND row_id = ? AND column_name = ?",
        (table, row_id, column),
    )
    db.conn.execute(
        "DELETE FROM artefacts WHERE table_name = ? AND row_id = ? AND column_name = ?",
        (table, row_id, column),
    )


def _clean_rows(db, table, rows, kinds, rules, report: CleanReport, now: str, just_imported: bool) -> None:
    batch = _Batch(db, table, report, now, just_imported, _known_originals(db, table, rows))
    rows = [
        (dict(zip(NAMES, row, strict=True)), "text" if kinds.get(row[1]) == "text" else "wxr") for row in rows
    ]
    plans = {
        (kind, column): iter(
            plan(rules, [values[column] for values, k in rows if k == kind and values[column]], kind, role)
        )
        for kind in ("wxr", "text")
        for column, role, _ in PRIMARY[kind][table]
    }
    for values, kind in rows:
        new_values: dict[str, str | None] = {}
        for column, role, is_html in PRIMARY[kind][table]:
            if values[column]:
                todo, held = next(plans[(kind, column)])
                cleaned = batch.clean_value(values, column, kind, role, is_html, todo, held)
                if cleaned is not None:
                    new_values[column] = cleaned
        if new_values:
            batch.stage(values, kind, new_values)
    write(db, table, batch.artefact_rows, batch.originals, batch.updates)


@dataclass
class _Batch:
    """One batch of rows of one table being cleaned: what it will record and rewrite."""

    db: sqlite_utils.Database
    table: str
    report: CleanReport
    now: str
    just_imported: bool
    known: dict[tuple[int, str], str]
    artefact_rows: list[tuple] = field(default_factory=list)
    originals: list[tuple] = field(default_factory=list)
    updates: list[tuple] = field(default_factory=list)

    def clean_value(
        self,
        values: dict,
        column: str,
        kind: str,
        role: str,
        is_html: bool,
        rules: list[Rule],
        held: frozenset[str],
    ) -> str | None:
        """The cleaned value of one column, or None when it does not change."""
        value = values[column]
        self.report.characters_scanned += len(value)
        cleaned, changes = apply_rules(value, is_html, role, rules, kind, held)
        previous = self.known.get((values["id"], column))
        if not changes and (previous is None or not self.just_imported or previous == value):
            return None  # nothing to record (the common case, so it is decided first)
        real = [c for c in changes if not c.flag_only]
        if previous is not None and self.just_imported:
            if previous == value:
                # A re-import wrote the same raw value again: clean it the same way, already recorded.
                _count(self.report, self.table, real)
                return cleaned if real else None
            self._forget_stale(values["id"], column, kind)  # a newer export says something else here
        self.artefact_rows.extend(
            _record_changes(self.db, self.table, values, column, changes, self.report, self.now)
        )
        return cleaned if real else None

    def _forget_stale(self, row_id: int, column: str, kind: str) -> None:
        derived = DERIVED[kind].get(column)
        for stale in (column, derived[0]) if derived else (column,):
            _forget(self.db, self.table, row_id, stale)
            self.known.pop((row_id, stale), None)

    def stage(self, values: dict, kind: str, new_values: dict[str, str | None]) -> None:
        """The row's new values, their derived columns, and the originals to keep for --undo."""
        self.report.rows_changed += 1
        for column in list(new_values):
            derived = DERIVED[kind].get(column)
            if derived:
                target, function = derived
                new_values[target] = function(new_values[column])
        for column, value in new_values.items():
            stored = values.get(column)
            before = stored if stored is not None else _current(self.db, self.table, values["id"], column)
            self.originals.append(
                (self.table, values["id"], column, self.known.get((values["id"], column), before))
            )
            self.updates.append((column, value, values["id"]))


def _record_changes(
    db, table: str, values: dict, column: str, changes: list[Change], report: CleanReport, now: str
) -> list[tuple]:
    """Count the changes and return their artefacts rows; a flag already on record is not repeated."""
    rows = []
    for change in changes:
        if change.flag_only:
            if _already_flagged(db, table, values["id"], column, change):
                continue
            report.flagged[change.rule] += 1
        else:
            report.by_rule[change.rule] += 1
            report.by_table[table] += 1
        rows.append(
            (
                values["source_id"],
                table,
                values["id"],
                column,
                change.rule,
                change.original,
                change.start,
                change.end,
                change.replacement,
                now,
            )
        )
    return rows


def _current(db, table: str, row_id: int, column: str) -> str | None:
    return db.conn.execute(f"SELECT {column} FROM {table} WHERE id = ?", (row_id,)).fetchone()[0]


def _count(report: CleanReport, table: str, changes: list[Change]) -> None:
    for change in changes:
        report.by_rule[change.rule] += 1
        report.by_table[table] += 1


def _already_flagged(db, table: str, row_id: int, column: str, change: Change) -> bool:
    return (
        db.conn.execute(
            "SELECT 1 FROM artefacts WHERE table_name = ? AND row_id = ? AND column_name = ? AND rule = ? "
            "AND text = ? LIMIT 1",
            (table, row_id, column, change.rule, change.original),
        ).fetchone()
        is not None
    )


def undo(db: sqlite_utils.Database) -> tuple[int, int]:
    """Put back every value cleaning changed (at import and by ``clean``), exactly; forget the
    cleaning artefacts. Returns the values and the rows restored."""
    values, rows = 0, 0
    for table in CLEANED_TABLES:
        table_values, table_rows = _restore(db, table)
        values, rows = values + table_values, rows + table_rows
    db.conn.execute("DELETE FROM clean_originals")
    db.conn.execute(
        f"DELETE FROM artefacts WHERE table_name IN ({','.join('?' * len(CLEANED_TABLES))})", CLEANED_TABLES
    )
    return values, rows


_ORIGINALS = f"""SELECT row_id, column_name, value FROM clean_originals
                 WHERE table_name = ? AND column_name IN ({",".join("?" * len(NAMES))})
                   AND (row_id, column_name) > (?, ?) ORDER BY row_id, column_name LIMIT {BATCH}"""


def _restore(db: sqlite_utils.Database, table: str) -> tuple[int, int]:
    """A table's originals, read a batch at a time (a large archive's are many values of full text),
    each batch's rows put back in one UPDATE per set of columns, as ``clean`` writes them."""
    rows = db.conn.execute(
        f"SELECT count(DISTINCT row_id) FROM clean_originals WHERE table_name = ? "
        f"AND column_name IN ({','.join('?' * len(NAMES))})",
        (table, *NAMES),
    ).fetchone()[0]
    values, last = 0, (-1, "")
    while batch := db.conn.execute(_ORIGINALS, (table, *NAMES, *last)).fetchall():
        last = (batch[-1][0], batch[-1][1])
        write(db, table, [], [], [(column, value, row_id) for row_id, column, value in batch])
        values += len(batch)
    return values, rows
