"""The SQLite store: schema (sqlite-utils Migrations) and ``ensure_db_shape``.

The schema is the data contract of ``docs/data-contract.md``. Tables are created
explicitly with types and keys (never inferred from a first row) through
migrations, so later versions can evolve a database in place. Every command ends
with :func:`ensure_db_shape`, which is idempotent: indexes, full-text search
kept in sync by triggers, and the views.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

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
        db.execute(f"CREATE UNIQUE INDEX {table}_site_source_key ON {table} (site_id, source_key) WHERE source_key IS NOT NULL")


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


INDEXES = {
    "posts": [
        ["site_id", "post_type", "status"], ["published_at"], ["url_key"], ["guid"], ["parent_id"], ["author_id"],
        ["source_id"], ["site_id", "wp_parent_id"],
    ],
    "comments": [
        ["post_id", "thread_path"], ["parent_id"], ["root_id"], ["published_at"], ["author_name"], ["comment_type"],
        ["source_id"], ["author_id"],
    ],
    "terms": [["parent_id"]],
    "post_terms": [["term_id"]],
    "pingbacks": [["post_id"], ["source_post_id"], ["source_url_key"]],
    "replies": [["answers_id"]],
    "artefacts": [["table_name", "row_id"], ["rule"]],
    "sources": [["sha256"]],
}
FTS_CONFIG = {
    "posts": ["title", "excerpt_text", "content_text"],
    "comments": ["author_name", "content_text"],
}
VIEWS = {
    "published_posts": """
        SELECT posts.id, sites.title AS site, posts.title, posts.url, posts.published_at,
               coalesce(authors.display_name, posts.author_name) AS author,
               (SELECT count(*) FROM comments c WHERE c.post_id = posts.id
                  AND c.status = 'approved' AND c.comment_type = 'comment') AS comment_count,
               posts.excerpt_text, posts.content_text
        FROM posts
        JOIN sites ON sites.id = posts.site_id
        LEFT JOIN authors ON authors.id = posts.author_id
        WHERE posts.post_type = 'post' AND posts.status = 'publish' AND NOT posts.superseded
    """,
    "comment_threads": """
        SELECT comments.post_id, posts.title AS post_title, comments.id, comments.parent_id,
               comments.root_id, comments.depth, comments.thread_path, comments.comment_type,
               comments.status, comments.author_name, comments.published_at, comments.content_text
        FROM comments JOIN posts ON posts.id = comments.post_id
        WHERE NOT posts.superseded
        ORDER BY comments.post_id, comments.thread_path
    """,
    "pingbacks_in": """
        SELECT pingbacks.comment_id, comments.comment_type, pingbacks.post_id,
               target.title AS post_title, target.url AS post_url,
               pingbacks.source_url, pingbacks.source_title, pingbacks.source_site,
               pingbacks.source_post_id, source.title AS source_post_title,
               comments.published_at, pingbacks.excerpt
        FROM pingbacks
        JOIN comments ON comments.id = pingbacks.comment_id
        LEFT JOIN posts AS target ON target.id = pingbacks.post_id
        LEFT JOIN posts AS source ON source.id = pingbacks.source_post_id
    """,
    "activity_by_month": """
        SELECT site_id, month, sum(posts) AS posts, sum(comments) AS comments FROM (
            SELECT site_id, substr(published_at, 1, 7) AS month, 1 AS posts, 0 AS comments
            FROM posts WHERE post_type = 'post' AND status = 'publish' AND published_at IS NOT NULL AND NOT superseded
            UNION ALL
            SELECT comments.site_id, substr(comments.published_at, 1, 7), 0, 1
            FROM comments JOIN posts ON posts.id = comments.post_id
            WHERE comments.status = 'approved' AND comments.published_at IS NOT NULL AND NOT posts.superseded
        ) GROUP BY site_id, month ORDER BY site_id, month
    """,
    "orphan_comments": """
        SELECT id, post_id, wp_id, wp_parent_id, author_name, published_at
        FROM comments WHERE wp_parent_id IS NOT NULL AND parent_id IS NULL
    """,
}


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


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Idempotent finishing step of every command: indexes, FTS, views."""
    migrations.apply(db)
    ensure_indexes(db)
    ensure_fts(db)
    ensure_views(db)


def index_name(table: str, columns: list[str]) -> str:
    """The name sqlite-utils gives an index (``idx_posts_site_id_post_type``)."""
    return f"idx_{table}_{'_'.join(columns)}"


def ensure_indexes(db: sqlite_utils.Database) -> None:
    """Create the indexes that are missing; one query when none is (it runs once per source)."""
    present = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    for table, indexes in INDEXES.items():
        for columns in indexes:
            if index_name(table, columns) not in present:
                db.table(table).create_index(columns, index_name=index_name(table, columns), if_not_exists=True)


FTS_TRIGGER_SUFFIXES = ("_ai", "_ad", "_au")


def ensure_fts(db: sqlite_utils.Database) -> None:
    """Full-text indexes with their triggers, rebuilt whenever they do not match their table.

    A run killed between creating ``posts_fts`` and its triggers (sqlite-utils
    commits in between) used to leave an empty index that nothing repaired: 3,641
    posts, 0 searchable. So the index is checked on every run, not only created.
    """
    for table, columns in FTS_CONFIG.items():
        fts = f"{table}_fts"
        if not db[fts].exists() or not _has_fts_triggers(db, table):
            db.table(table).enable_fts(columns, fts_version="FTS5", tokenize="porter", create_triggers=True, replace=True)
        elif _indexed_rows(db, fts) not in (None, db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]):
            with db.atomic():
                db.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _has_fts_triggers(db: sqlite_utils.Database, table: str) -> bool:
    names = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,))}
    return {table + suffix for suffix in FTS_TRIGGER_SUFFIXES} <= names


def _indexed_rows(db: sqlite_utils.Database, fts: str) -> int | None:
    """Rows in the index (FTS5 keeps one per document in ``<fts>_docsize``); None if it cannot tell."""
    if not db[f"{fts}_docsize"].exists():
        return None
    return db.conn.execute(f"SELECT count(*) FROM {fts}_docsize").fetchone()[0]


def ensure_views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)
