"""The full-text index follows cleaning (issue 14): after ``clean`` and after ``clean --undo`` it
holds exactly the words of its table; an UPDATE re-indexes a row only when it changes an indexed
column (migration m008); the rules' markers, found for a whole batch at once, say what they say
value by value."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from conftest import FIXTURES, query, run_import, scalar
from wxr_build import comment, export, item

from wparchive.clean.engine import apply_rules
from wparchive.clean.markers import SEPARATOR, marked, markers_held, plan
from wparchive.clean.rules import RULES, Rule
from wparchive.cli import cli
from wparchive.store.schema import FTS_TABLES, open_db
from wparchive.store.shape import FTS_CONFIG

WARNING = (
    "<br />\n<b>Warning</b>:  mysql_connect(): Too many connections in "
    "<b>/var/www/wp-includes/wp-db.php</b> on line <b>1038</b><br />\n"
)


def dirty_archive(tmp_path: Path) -> Path:
    """Posts and comments with artefacts in indexed columns (text, title), imported raw."""
    posts = [
        item(
            n,
            title=f"Post {n}",
            content=(WARNING if n % 2 else "") + f"<p>Plain words {n}, doesnâ€™t matter.</p>",
            comments=[comment(n, content="Write to [email&#160;protected] today")] if n < 3 else [],
        )
        for n in range(1, 6)
    ]
    page = tmp_path / "dirty.xml"
    page.write_bytes(export(*posts))
    db_path = tmp_path / "archive.db"
    assert run_import(db_path, page, extra=("--no-clean",)).exit_code == 0
    with sqlite3.connect(db_path) as conn:  # an entity left in a title (import decodes those it reads)
        conn.execute("UPDATE posts SET title = 'Ben &amp; Jerry' WHERE id = 2")
    return db_path


def in_step(db_path: Path) -> None:
    """FTS5 checks its index against the content table only when asked with rank 1 (SQLite 3.40)."""
    with sqlite3.connect(db_path) as conn:
        for table in FTS_TABLES:
            conn.execute(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)")


def matches(db_path: Path, table: str, words: str) -> int:
    return scalar(db_path, f"SELECT count(*) FROM {table}_fts WHERE {table}_fts MATCH ?", (words,))


def test_clean_and_undo_keep_the_search_index_in_step(tmp_path: Path) -> None:
    db_path = dirty_archive(tmp_path)
    raw = [matches(db_path, "posts", w) for w in ("mysql_connect", "doesnâ", "amp")]
    assert raw == [3, 5, 1] and matches(db_path, "comments", "protected") == 2
    runner = CliRunner()
    assert "changed 7 rows" in runner.invoke(cli, ["clean", str(db_path)]).output
    in_step(db_path)
    assert [matches(db_path, "posts", w) for w in ("mysql_connect", "doesnâ", "amp")] == [0, 0, 0]
    assert matches(db_path, "posts", "doesn") == 5 and matches(db_path, "posts", "title:jerry") == 1
    assert matches(db_path, "comments", "protected") == 0 and matches(db_path, "comments", "today") == 2
    assert "changed 0 rows" in runner.invoke(cli, ["clean", str(db_path)]).output
    in_step(db_path)
    assert runner.invoke(cli, ["clean", str(db_path), "--undo"]).exit_code == 0
    in_step(db_path)
    assert [matches(db_path, "posts", w) for w in ("mysql_connect", "doesnâ", "amp")] == raw
    assert matches(db_path, "comments", "protected") == 2


def test_a_failed_clean_leaves_table_and_index_as_they_were(tmp_path: Path) -> None:
    db_path = dirty_archive(tmp_path)
    before = query(db_path, "SELECT id, title, content_html, content_text FROM posts ORDER BY id")
    db = open_db(db_path)
    db.conn.execute(
        "CREATE TRIGGER fail BEFORE UPDATE OF content_html ON posts WHEN new.id = 5 "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    db.conn.commit()
    result = CliRunner().invoke(cli, ["clean", str(db_path)])
    assert result.exit_code != 0
    db.conn.execute("DROP TRIGGER fail")
    db.conn.commit()
    db.conn.close()
    assert query(db_path, "SELECT id, title, content_html, content_text FROM posts ORDER BY id") == before
    in_step(db_path)
    assert matches(db_path, "posts", "mysql_connect") == 3


def sqlite_utils_triggers(db_path: Path) -> None:
    """The triggers an archive made before m008 has (sqlite-utils': any UPDATE re-indexes the row)."""
    db = sqlite_utils.Database(db_path)
    for table, columns in FTS_CONFIG.items():
        db[table].disable_fts()
        db[table].enable_fts(columns, fts_version="FTS5", tokenize="porter", create_triggers=True)
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_fts_triggers_on_indexed_columns'")
    db.conn.commit()
    db.conn.close()


def index_writes(db_path: Path, sql: str) -> int:
    """Rows an UPDATE writes beyond the rows it updates (the index's own tables, through triggers)."""
    with sqlite3.connect(db_path) as conn:
        before = conn.total_changes
        updated = conn.execute(sql).rowcount
        return conn.total_changes - before - updated


def test_m008_reindexes_a_row_only_when_an_indexed_column_changes(tmp_path: Path) -> None:
    db_path = dirty_archive(tmp_path)
    sqlite_utils_triggers(db_path)
    assert index_writes(db_path, "UPDATE posts SET status = 'draft' WHERE id = 1") > 0
    open_db(db_path).conn.close()
    sql = query(db_path, "SELECT sql FROM sqlite_master WHERE name IN ('posts_au', 'comments_au') ORDER BY 1")
    assert all(' AFTER UPDATE OF "id", ' in row[0] for row in sql) and len(sql) == 2
    assert index_writes(db_path, "UPDATE posts SET status = 'publish', menu_order = 3") == 0
    assert index_writes(db_path, "UPDATE comments SET status = 'spam' WHERE id = 1") == 0
    assert index_writes(db_path, "UPDATE posts SET title = 'Fresh title' WHERE id = 1") > 0
    assert index_writes(db_path, "UPDATE comments SET author_name = 'Zed' WHERE id = 1") > 0
    in_step(db_path)
    assert matches(db_path, "posts", "fresh") == 1 and matches(db_path, "comments", "zed") == 1
    assert matches(db_path, "posts", "title:post AND title:1") == 0


TRICKY = [
    "plain words only",
    "Warning: x in /a.php on line 3\nShare this:",
    "emoji 😀 then doesnâ€™t and Ã alone",
    "tail marker Warn",  # "Warning" split over the separator with the next value
    "ing: y in /b.php on line 4",
    "[caption id='1']<img src='a.jpg'> A fern[/caption] &amp;amp;",
    "Ben &amp;amp; Jerry&#8217;s",
    "Chapter\x0b One\x00with controls",
    "web.archive.org The Wayback Machine - https://web.archive.org/web/2010/http://b/",
    '<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3></div>',
    "Ç ñ ü Ð Ñ Å Â",
    "",
]


@pytest.mark.parametrize("kind", ["wxr", "text"])
@pytest.mark.parametrize("role", ["content", "title", "excerpt"])
def test_markers_found_for_a_batch_say_what_each_value_says(kind: str, role: str) -> None:
    """The batch plan and ``apply_rules`` with it give what the rules gave value by value, after the
    batch check of the joined values (the engine before issue 14)."""
    values = [value for value in TRICKY if value]
    joined = SEPARATOR.join(values)
    before = [rule for rule in RULES if rule.may_apply(joined)]
    for is_html in (True, False):
        for value, (rules, held) in zip(values, plan(RULES, values, kind, role), strict=True):
            got = apply_rules(value, is_html, role, rules, kind, held)
            assert got == apply_rules(value, is_html, role, before, kind), value


def test_markers_are_found_in_each_value_as_in_finds_them() -> None:
    """Overlapping markers, markers that start alike, markers split between two values, emoji."""

    def rule(name: str, *quick: str) -> Rule:
        return Rule(name, "", "", "", lambda value, is_html: [], quick=quick)

    rules = [r for r in RULES if marked(r)]
    rules += [rule("a", "Warning", "Warn"), rule("b", "ingot", "Noticed", "ice"), rule("c", "WarningNotice")]
    rules += [rule("d", "Standards", "Sharedaddy"), rule("e", "Machine")]  # inside other markers
    fragments = [marker for r in rules for marker in r.quick]
    fragments += ["Warn", "ing", "Shar", "Notic", "😀", "é", "Ã©", "\n", "\x00", " ", "x"]
    generator = random.Random(14)
    values = ["".join(generator.choices(fragments, k=generator.randint(0, 6))) for _ in range(600)]
    expected = {
        index: frozenset(r.name for r in rules if any(marker in value for marker in r.quick))
        for index, value in enumerate(values)
    }
    assert markers_held(values, rules) == {index: names for index, names in expected.items() if names}


def test_a_new_archive_reindexes_only_on_updates_of_indexed_columns(tmp_path: Path) -> None:
    db_path = tmp_path / "new.db"
    assert run_import(db_path, FIXTURES / "wxr" / "wellformed" / "comment-meta.xml").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        triggers = dict(
            conn.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('posts_au', 'comments_au')")
        )
    assert set(triggers) == {"posts_au", "comments_au"}
    assert all("AFTER UPDATE OF" in sql for sql in triggers.values()), triggers
