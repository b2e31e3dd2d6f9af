"""``wparchive publish``: a privacy-safe public copy plus a Datasette site directory.

Hiding a column in Datasette hides nothing from SQL, and an immutable database
can be downloaded whole, so private values are removed from the file itself:
commenter and author e-mails, IP addresses, post passwords, comments that are
not approved, posts that are not published (drafts, pending, private, future,
password-protected, revisions, trashed), their meta, comment meta (Akismet keeps
IPs there), protected post meta (keys starting with "_"), page bytes and the
pre-cleaning originals. Then the HTML is sanitised, the full-text indexes are
rebuilt from what is left (so no token of a removed text remains), WAL is turned
off and the file is vacuumed.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import sqlite_utils

from wparchive.datasette_site import write_site_files
from wparchive.sanitize import clean_comment_html, clean_post_html
from wparchive.store import ensure_db_shape

PUBLIC_DB = "archive.db"
PUBLIC_POST_STATUSES = ("publish", "inherit")

PRIVACY_STATEMENTS = [
    # Posts that were never public, and old versions of public ones.
    f"""DELETE FROM posts WHERE status NOT IN {PUBLIC_POST_STATUSES!r}
        OR coalesce(password, '') != '' OR post_type = 'revision'""",
    # Attachments and other 'inherit' rows follow their parent.
    """DELETE FROM posts WHERE status = 'inherit' AND parent_id IS NOT NULL
        AND parent_id NOT IN (SELECT id FROM posts)""",
    "DELETE FROM comments WHERE coalesce(status, '') != 'approved' OR post_id NOT IN (SELECT id FROM posts)",
    "UPDATE comments SET author_email = NULL, author_ip = NULL",
    "UPDATE authors SET email = NULL",
    "UPDATE posts SET password = NULL",
    "DELETE FROM comment_meta",
    r"DELETE FROM post_meta WHERE post_id NOT IN (SELECT id FROM posts) OR key LIKE '\_%' ESCAPE '\'",
    "DELETE FROM post_terms WHERE post_id NOT IN (SELECT id FROM posts)",
    "DELETE FROM replies WHERE comment_id NOT IN (SELECT id FROM comments) OR answers_id NOT IN (SELECT id FROM comments)",
    "DELETE FROM pingbacks WHERE comment_id NOT IN (SELECT id FROM comments)",
    "UPDATE pingbacks SET source_post_id = NULL WHERE source_post_id NOT IN (SELECT id FROM posts)",
    "UPDATE comments SET parent_id = NULL WHERE parent_id NOT IN (SELECT id FROM comments)",
    "UPDATE posts SET parent_id = NULL WHERE parent_id NOT IN (SELECT id FROM posts)",
    """DELETE FROM artefacts WHERE (table_name = 'posts' AND row_id NOT IN (SELECT id FROM posts))
        OR (table_name = 'comments' AND row_id NOT IN (SELECT id FROM comments))""",
    "DELETE FROM source_blobs",
    "DELETE FROM clean_originals",
    # Scraped-page artefacts quote lines of the page, which may belong to removed comments.
    "DELETE FROM artefacts WHERE table_name = 'source_blobs'",
]


class PublishError(Exception):
    pass


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (WAL content included)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def remove_private(db: sqlite_utils.Database) -> dict[str, int]:
    """Delete or blank every private value; return how many rows each step touched."""
    counts = {}
    with db.atomic():
        for statement in PRIVACY_STATEMENTS:
            cursor = db.conn.execute(statement)
            counts[" ".join(statement.split())[:60]] = cursor.rowcount
    return counts


def sanitise_html(db: sqlite_utils.Database) -> None:
    with db.atomic():
        for post_id, content, excerpt in db.conn.execute("SELECT id, content_html, excerpt_html FROM posts").fetchall():
            db.conn.execute(
                "UPDATE posts SET content_html = ?, excerpt_html = ? WHERE id = ?",
                (clean_post_html(content), clean_post_html(excerpt), post_id),
            )
        for comment_id, content in db.conn.execute("SELECT id, content_html FROM comments").fetchall():
            db.conn.execute("UPDATE comments SET content_html = ? WHERE id = ?", (clean_comment_html(content), comment_id))


def add_facet_columns(db: sqlite_utils.Database) -> None:
    """Columns Datasette can facet on directly: month, year, categories and tags as JSON arrays."""
    for column in ("year", "month", "categories", "tags"):
        if column not in db["posts"].columns_dict:
            db.execute(f"ALTER TABLE posts ADD COLUMN {column} TEXT")
    if "month" not in db["comments"].columns_dict:
        db.execute("ALTER TABLE comments ADD COLUMN month TEXT")
    with db.atomic():
        db.execute("UPDATE posts SET year = substr(published_at, 1, 4), month = substr(published_at, 1, 7)")
        db.execute("UPDATE comments SET month = substr(published_at, 1, 7)")
        for taxonomy, column in (("category", "categories"), ("post_tag", "tags")):
            db.execute(
                f"""UPDATE posts SET {column} = (
                    SELECT json_group_array(terms.name) FROM post_terms JOIN terms ON terms.id = post_terms.term_id
                    WHERE post_terms.post_id = posts.id AND terms.taxonomy = ?)""",
                (taxonomy,),
            )


def finish_file(db: sqlite_utils.Database) -> None:
    """Rebuild and optimise full-text search, drop the WAL, vacuum: the file holds only what is left."""
    for table in ("posts_fts", "comments_fts"):
        if db[table].exists():
            db.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
            db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    db.conn.commit()
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("VACUUM")


def write_inspect_data(site_dir: Path) -> None:
    """Precomputed counts; in a config directory this also makes the database immutable."""
    result = subprocess.run(
        [sys.executable, "-m", "datasette", "inspect", str(site_dir / PUBLIC_DB), "--inspect-file", str(site_dir / "inspect-data.json")],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise PublishError(f"datasette inspect failed: {result.stderr.strip().splitlines()[-1] if result.stderr else ''}")


def publish(
    db_path: Path, site_dir: Path, include_private: bool = False, step: Callable[[str], None] = lambda message: None
) -> dict[str, Any]:
    """Write SITE_DIR: the public copy, metadata, settings, templates, plugin, inspect data.

    ``step`` is told what is being done, for a progress display (stderr in the CLI).
    """
    site_dir.mkdir(parents=True, exist_ok=True)
    # Built under another name and renamed when done: a run that fails half-way
    # must not leave an archive.db that still holds private values where it will be served.
    partial = site_dir / (PUBLIC_DB + ".partial")
    try:
        removed, summary = _build_public_copy(db_path, partial, include_private, step)
        os.replace(partial, site_dir / PUBLIC_DB)
    finally:
        partial.unlink(missing_ok=True)
    step("writing the Datasette configuration")
    write_site_files(site_dir, summary, public_copy=True)
    write_inspect_data(site_dir)
    return {"removed": removed, "summary": summary, "include_private": include_private}


def _build_public_copy(
    db_path: Path, target: Path, include_private: bool, step: Callable[[str], None]
) -> tuple[dict[str, int], dict[str, object]]:
    step("copying the archive")
    copy_database(db_path, target)
    db = sqlite_utils.Database(target)
    try:
        step("keeping private values" if include_private else "removing private values")
        removed = {} if include_private else remove_private(db)
        step("sanitising HTML")
        sanitise_html(db)
        add_facet_columns(db)
        ensure_db_shape(db)
        step("rebuilding the search index and vacuuming")
        finish_file(db)
        return removed, archive_summary(db)
    finally:
        db.close()


def archive_summary(db: sqlite_utils.Database) -> dict[str, object]:
    conn = db.conn
    sites = [dict(zip(("id", "title", "url"), row)) for row in conn.execute("SELECT id, title, url FROM sites ORDER BY id")]
    first, last = conn.execute(
        "SELECT min(published_at), max(published_at) FROM posts WHERE post_type = 'post' AND published_at IS NOT NULL"
    ).fetchone()
    return {
        "sites": sites,
        "posts": conn.execute("SELECT count(*) FROM posts WHERE post_type = 'post'").fetchone()[0],
        "pages": conn.execute("SELECT count(*) FROM posts WHERE post_type = 'page'").fetchone()[0],
        "comments": conn.execute("SELECT count(*) FROM comments WHERE comment_type = 'comment'").fetchone()[0],
        "pingbacks": conn.execute("SELECT count(*) FROM pingbacks").fetchone()[0],
        "first": first,
        "last": last,
    }

