"""The archive's schema: the data contract as sqlite-utils Migrations, and opening an archive.

The schema is the data contract of ``docs/data-contract.md``. Tables are created
explicitly with types and keys (never inferred from a first row) through
migrations, so later versions can evolve a database in place.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations
from sqlite_utils.db import quote_identifier

from wparchive.htmltext import decode_entities

migrations = Migrations("wparchive")

SCHEMA_V1 = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT,
    kind TEXT NOT NULL,
    url TEXT,
    size INTEGER,
    imported_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('ok', 'recovered', 'failed')),
    warnings TEXT NOT NULL DEFAULT '[]',
    error TEXT,
    summary TEXT,
    site_id INTEGER REFERENCES sites(id),
    tool_version TEXT
);
CREATE TABLE source_blobs (
    source_id INTEGER PRIMARY KEY REFERENCES sources(id),
    content BLOB
);
CREATE TABLE sites (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    description TEXT,
    language TEXT,
    base_site_url TEXT,
    base_blog_url TEXT,
    wxr_version TEXT,
    extra TEXT
);
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    wp_id INTEGER,
    login TEXT NOT NULL,
    display_name TEXT,
    first_name TEXT,
    last_name TEXT,
    email TEXT,
    derived INTEGER NOT NULL DEFAULT 0,
    extra TEXT,
    UNIQUE (site_id, login)
);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    source_id INTEGER REFERENCES sources(id),
    wp_id INTEGER,
    post_type TEXT,
    status TEXT,
    title TEXT,
    slug TEXT,
    url TEXT,
    url_key TEXT,
    guid TEXT,
    author_id INTEGER REFERENCES authors(id),
    author_name TEXT,
    published_at TEXT,
    published_local TEXT,
    modified_at TEXT,
    modified_local TEXT,
    parent_id INTEGER REFERENCES posts(id),
    wp_parent_id INTEGER,
    menu_order INTEGER,
    comment_status TEXT,
    ping_status TEXT,
    password TEXT,
    is_sticky INTEGER NOT NULL DEFAULT 0,
    attachment_url TEXT,
    excerpt_html TEXT,
    excerpt_text TEXT,
    content_html TEXT,
    content_text TEXT,
    declared_comment_count INTEGER,
    duplicate_of_wp_id INTEGER,
    occurrence INTEGER,
    extra TEXT
);
CREATE UNIQUE INDEX posts_site_wp_id ON posts (site_id, wp_id) WHERE wp_id IS NOT NULL;
CREATE UNIQUE INDEX posts_site_duplicate ON posts (site_id, duplicate_of_wp_id, occurrence)
    WHERE duplicate_of_wp_id IS NOT NULL;
CREATE UNIQUE INDEX posts_site_url ON posts (site_id, url) WHERE url IS NOT NULL;
CREATE TABLE terms (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    wp_id INTEGER,
    taxonomy TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT,
    parent_id INTEGER REFERENCES terms(id),
    parent_slug TEXT,
    description TEXT,
    declared INTEGER NOT NULL DEFAULT 1,
    extra TEXT,
    UNIQUE (site_id, taxonomy, slug)
);
CREATE TABLE post_terms (
    post_id INTEGER NOT NULL REFERENCES posts(id),
    term_id INTEGER NOT NULL REFERENCES terms(id),
    PRIMARY KEY (post_id, term_id)
);
CREATE TABLE post_meta (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id),
    position INTEGER NOT NULL,
    key TEXT,
    value TEXT,
    UNIQUE (post_id, position)
);
CREATE TABLE term_meta (
    id INTEGER PRIMARY KEY,
    term_id INTEGER NOT NULL REFERENCES terms(id),
    position INTEGER NOT NULL,
    key TEXT,
    value TEXT,
    UNIQUE (term_id, position)
);
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites(id),
    post_id INTEGER REFERENCES posts(id),
    source_id INTEGER REFERENCES sources(id),
    wp_id INTEGER,
    position INTEGER,
    parent_id INTEGER REFERENCES comments(id),
    wp_parent_id INTEGER,
    depth INTEGER NOT NULL DEFAULT 1,
    thread_path TEXT,
    root_id INTEGER REFERENCES comments(id),
    comment_type TEXT NOT NULL DEFAULT 'comment',
    status TEXT,
    author_name TEXT,
    author_url TEXT,
    author_email TEXT,
    author_ip TEXT,
    user_id INTEGER,
    author_id INTEGER REFERENCES authors(id),
    by_post_author INTEGER NOT NULL DEFAULT 0,
    published_at TEXT,
    published_local TEXT,
    content_html TEXT,
    content_text TEXT,
    confidence REAL NOT NULL DEFAULT 1.0,
    duplicate_of_wp_id INTEGER,
    occurrence INTEGER,
    extra TEXT
);
CREATE UNIQUE INDEX comments_site_wp_id ON comments (site_id, wp_id) WHERE wp_id IS NOT NULL;
CREATE UNIQUE INDEX comments_site_duplicate ON comments (site_id, duplicate_of_wp_id, occurrence)
    WHERE duplicate_of_wp_id IS NOT NULL;
CREATE TABLE comment_meta (
    id INTEGER PRIMARY KEY,
    comment_id INTEGER NOT NULL REFERENCES comments(id),
    position INTEGER NOT NULL,
    key TEXT,
    value TEXT,
    UNIQUE (comment_id, position)
);
CREATE TABLE replies (
    comment_id INTEGER NOT NULL REFERENCES comments(id),
    answers_id INTEGER NOT NULL REFERENCES comments(id),
    evidence TEXT NOT NULL,
    confidence REAL NOT NULL DEFAULT 1.0,
    PRIMARY KEY (comment_id, answers_id)
);
CREATE TABLE pingbacks (
    comment_id INTEGER PRIMARY KEY REFERENCES comments(id),
    post_id INTEGER REFERENCES posts(id),
    source_url TEXT,
    source_url_key TEXT,
    source_title TEXT,
    source_site TEXT,
    excerpt TEXT,
    source_post_id INTEGER REFERENCES posts(id)
);
CREATE TABLE artefacts (
    id INTEGER PRIMARY KEY,
    source_id INTEGER REFERENCES sources(id),
    table_name TEXT,
    row_id INTEGER,
    column_name TEXT,
    rule TEXT,
    text TEXT,
    start INTEGER,
    "end" INTEGER,
    created_at TEXT
);
"""


@migrations()
def m001_initial_schema(db: sqlite_utils.Database) -> None:
    for statement in SCHEMA_V1.split(";"):
        if statement.strip():
            db.execute(statement)


@migrations()
def m002_scraped_page_keys(db: sqlite_utils.Database) -> None:
    """Scraped pages have no WordPress ids: posts and comments are keyed by page and position."""
    for table in ("posts", "comments"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN source_key TEXT")
        db.execute(
            f"CREATE UNIQUE INDEX {table}_site_source_key ON {table} (site_id, source_key) WHERE source_key "
            f"IS NOT NULL"
        )


@migrations()
def m003_cleaning_audit(db: sqlite_utils.Database) -> None:
    """What a cleaning rule put in place of the text it changed, and each value before cleaning."""
    db.execute("ALTER TABLE artefacts ADD COLUMN replacement TEXT")
    db.execute(
        """CREATE TABLE clean_originals (
            table_name TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            column_name TEXT NOT NULL,
            value TEXT,
            PRIMARY KEY (table_name, row_id, column_name)
        )"""
    )


@migrations()
def m004_post_confidence(db: sqlite_utils.Database) -> None:
    """A post read from a scraped page may have an inferred title or boundaries: say how sure."""
    db.execute("ALTER TABLE posts ADD COLUMN confidence REAL NOT NULL DEFAULT 1.0")


@migrations()
def m005_superseded_posts(db: sqlite_utils.Database) -> None:
    """An export that holds the same post twice: the last occurrence is the post, the others are flagged."""
    db.execute("ALTER TABLE posts ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0")


@migrations()
def m006_page_sightings(db: sqlite_utils.Database) -> None:
    """Saved pages: when a page was captured, and every post and comment each page showed.

    A post seen on several pages (captures of one URL, comment pages, a listing) is one row; each
    page that showed it is a ``sightings`` row, so merging sources loses no provenance.
    """
    db.execute("ALTER TABLE sources ADD COLUMN captured_at TEXT")
    db.execute(
        """CREATE TABLE sightings (
            source_id INTEGER NOT NULL REFERENCES sources(id),
            table_name TEXT NOT NULL CHECK (table_name IN ('posts', 'comments')),
            row_id INTEGER NOT NULL,
            url TEXT,
            captured_at TEXT,
            comment_page INTEGER,
            position INTEGER,
            PRIMARY KEY (source_id, table_name, row_id)
        )"""
    )
    db.execute("CREATE INDEX sightings_row ON sightings (table_name, row_id)")


# Values stored as text with their character references decoded (docs/data-contract.md).
DECODED_COLUMNS = (
    ("sites", "title"),
    ("sites", "description"),
    ("authors", "display_name"),
    ("terms", "name"),
    ("posts", "title"),
    ("posts", "author_name"),
    ("comments", "author_name"),
    ("pingbacks", "source_title"),
    ("pingbacks", "source_site"),
)


@migrations()
def m007_decoded_text_values(db: sqlite_utils.Database) -> None:
    """Names and titles stored before import decoded them ("Tom&#039;s") are decoded in place, so
    the archive is the same as a fresh import of its sources, and a re-import meets its id-less
    comments again (they are keyed on the decoded name)."""
    for table, column in DECODED_COLUMNS:
        changed = [
            (decoded, row_id)
            for row_id, value in db.execute(
                f"SELECT rowid, {column} FROM {table} WHERE {column} LIKE '%&%;%'"
            )
            if (decoded := decode_entities(value)) != value
        ]
        db.conn.executemany(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", changed)


FTS_TABLES = ("posts", "comments")  # each with its ``<table>_fts`` index (store.shape.ensure_fts)


def fts_update_trigger(table: str, columns: list[str]) -> str:
    """The trigger that keeps ``<table>_fts`` in step with an UPDATE of ``table``, as sqlite-utils
    writes it but fired only by the columns the index holds (and ``id``, the rowid it is keyed on)."""
    fts = quote_identifier(f"{table}_fts")
    quoted = [quote_identifier(column) for column in columns]
    names = ", ".join(quoted)
    return (
        f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF "id", {names} ON "{table}" BEGIN\n'
        f"  INSERT INTO {fts} ({fts}, rowid, {names}) VALUES('delete', old.rowid, "
        f"{', '.join('old.' + q for q in quoted)});\n"
        f"  INSERT INTO {fts} (rowid, {names}) VALUES (new.rowid, {', '.join('new.' + q for q in quoted)});\n"
        "END"
    )


@migrations()
def m008_fts_triggers_on_indexed_columns(db: sqlite_utils.Database) -> None:
    """An UPDATE re-indexes a row only when it changes a column the full-text index holds: a new
    status or comment count no longer deletes and re-adds the row's words. An index made later
    (``store.shape.ensure_fts``: a new archive, a repair) has sqlite-utils' trigger until ensure_fts
    calls ``narrow_fts_update_trigger`` too."""
    for table in FTS_TABLES:
        narrow_fts_update_trigger(db, table)


def narrow_fts_update_trigger(db: sqlite_utils.Database, table: str) -> None:
    """Make ``<table>_au`` (sqlite-utils fires it on an UPDATE of any column) ``fts_update_trigger``,
    in one step: a failure leaves the trigger that was there."""
    columns = [row[1] for row in db.execute(f"PRAGMA table_info({table}_fts)")]
    exists = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?", (f"{table}_au",)
    ).fetchone()[0]
    if not (columns and exists):
        return
    db.execute("SAVEPOINT fts_update_trigger")
    try:
        db.execute(f'DROP TRIGGER "{table}_au"')
        db.execute(fts_update_trigger(table, columns))
    except BaseException:
        db.execute("ROLLBACK TO fts_update_trigger")
        db.execute("RELEASE fts_update_trigger")
        raise
    db.execute("RELEASE fts_update_trigger")


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (or create) an archive and bring its schema up to date."""
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    # Foreign keys are enforced; an import defers the check to its COMMIT
    # (PRAGMA defer_foreign_keys), so a source that would leave a dangling
    # reference is rolled back whole. SQLite keeps a running count of violations,
    # so the check costs the same for the 10,000th source as for the first (a
    # PRAGMA foreign_key_check per source re-read the whole archive each time).
    db.execute("PRAGMA foreign_keys = ON")
    migrations.apply(db)
    return db
