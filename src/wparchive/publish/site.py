"""``wparchive publish``: a privacy-safe public copy plus a Datasette site directory.

The copy is built in a private folder beside SITE_DIR (mode 0700, same file
system, never inside SITE_DIR): copied with SQLite's backup API, private values
removed (:mod:`wparchive.store.privacy`), HTML sanitised, full-text indexes rebuilt
from what is left (so no token of a removed text remains), WAL off and vacuumed.
Only then is it renamed to ``SITE_DIR/archive.db``, so at no moment does a file
that Datasette could serve hold a private value. The private folder is removed
on success, on any error, and on SIGTERM, SIGHUP and Ctrl-C; a folder left by a
run killed with SIGKILL is removed by the next publish.

SITE_DIR belongs to wparchive once it has published there (``.wparchive-site.json``
lists what it wrote); a non-empty folder that publish did not write is refused
unless ``force`` is given, and then only publish's own files are replaced.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlite_utils

from wparchive.publish.config import OWNED_MARKER, PACKAGE_DIR, write_site_files
from wparchive.sanitize import clean_comment_html, clean_post_html
from wparchive.store.privacy import PUBLIC_POST_TYPES, HeldBack, remove_private
from wparchive.store.shape import ensure_db_shape
from wparchive.store.workcopy import Interrupted, copy_database, private_work_folder

PUBLIC_DB = "archive.db"


class PublishError(Exception):
    pass


def sanitise_html(db: sqlite_utils.Database) -> None:
    with db.atomic():
        for post_id, content, excerpt in db.conn.execute(
            "SELECT id, content_html, excerpt_html FROM posts"
        ).fetchall():
            db.conn.execute(
                "UPDATE posts SET content_html = ?, excerpt_html = ? WHERE id = ?",
                (clean_post_html(content), clean_post_html(excerpt), post_id),
            )
        for comment_id, content in db.conn.execute("SELECT id, content_html FROM comments").fetchall():
            db.conn.execute(
                "UPDATE comments SET content_html = ? WHERE id = ?", (clean_comment_html(content), comment_id)
            )


def add_summary_tables(db: sqlite_utils.Database) -> None:
    """The public copy's summary tables (from what is public: private rows are already gone), with
    the SQL the site's pages plugin runs live when they are absent (``serve``)."""
    for table, select in _pages_plugin().SUMMARIES.items():
        db.execute(f"DROP TABLE IF EXISTS {table}")
        db.execute(f"CREATE TABLE {table} AS {select}")


def _pages_plugin() -> Any:
    """The site's pages plugin, loaded from its file (Datasette loads it the same way)."""
    path = PACKAGE_DIR / "plugins" / "wparchive_pages.py"
    spec = importlib.util.spec_from_file_location("wparchive_pages", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_facet_columns(db: sqlite_utils.Database) -> None:
    """Columns Datasette can facet on directly: month, year, categories and tags as JSON arrays.

    A site known only from scraped pages has no title; facets and links label it by its URL
    rather than "None".
    """
    db.execute("UPDATE sites SET title = url WHERE coalesce(trim(title), '') = ''")
    for column in ("year", "month", "categories", "tags"):
        if column not in db["posts"].columns_dict:
            db.execute(f"ALTER TABLE posts ADD COLUMN {column} TEXT")
    if "month" not in db["comments"].columns_dict:
        db.execute("ALTER TABLE comments ADD COLUMN month TEXT")
    with db.atomic():
        when = "coalesce(published_at, published_local)"  # pages often show only the local time
        db.execute(f"UPDATE posts SET year = substr({when}, 1, 4), month = substr({when}, 1, 7)")
        db.execute(f"UPDATE comments SET month = substr({when}, 1, 7)")
        for taxonomy, column in (("category", "categories"), ("post_tag", "tags")):
            db.execute(
                f"""UPDATE posts SET {column} = (
                    SELECT json_group_array(terms.name)
                    FROM post_terms JOIN terms ON terms.id = post_terms.term_id
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


def largest_value(db: sqlite_utils.Database) -> int:
    """Bytes of the longest text the copy holds (the public site's value-size cap must let it be read)."""
    return db.conn.execute(
        """SELECT max(coalesce(max(length(CAST(content_html AS BLOB))), 0),
                      coalesce(max(length(CAST(content_text AS BLOB))), 0))
           FROM (SELECT content_html, content_text FROM posts
                 UNION ALL SELECT content_html, content_text FROM comments)"""
    ).fetchone()[0]


def write_inspect_data(site_dir: Path) -> None:
    """Precomputed counts; in a config directory this also makes the database immutable."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "datasette",
            "inspect",
            str(site_dir / PUBLIC_DB),
            "--inspect-file",
            str(site_dir / "inspect-data.json"),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise PublishError(
            f"datasette inspect failed: {result.stderr.strip().splitlines()[-1] if result.stderr else ''}"
        )


def check_site_dir(site_dir: Path, force: bool) -> None:
    """Refuse a folder of someone else's files (publish would overwrite their templates/, plugins/)."""
    if not site_dir.exists():
        return
    if not site_dir.is_dir():
        raise PublishError(f"{site_dir} is not a folder")
    if (site_dir / OWNED_MARKER).exists() or force:
        return
    if any(site_dir.iterdir()):
        raise PublishError(
            f"{site_dir} is not empty and was not written by wparchive publish; choose an empty or new "
            f"folder, "
            "or add --force to replace only the files publish writes"
        )


def publish(
    db_path: Path,
    site_dir: Path,
    include_private: bool = False,
    step: Callable[[str], None] = lambda message: None,
    force: bool = False,
    public_types: tuple[str, ...] = (),
    allow_sql: bool = False,
    title: str | None = None,
) -> dict[str, Any]:
    """Write SITE_DIR: the public copy, metadata, settings, templates, plugin, inspect data.

    ``step`` is told what is being done, for a progress display (stderr in the CLI).
    ``public_types`` adds custom post types to the public ones (post, page, attachment).
    """
    check_site_dir(site_dir, force)
    site_dir = site_dir.resolve()
    try:
        with private_work_folder(site_dir.parent) as work:
            private_copy = work / PUBLIC_DB
            held, summary, largest = _build_public_copy(
                db_path, private_copy, include_private, (*PUBLIC_POST_TYPES, *public_types), step
            )
            summary["title"] = title or summary["title"]
            site_dir.mkdir(parents=True, exist_ok=True)
            os.chmod(private_copy, 0o644)  # from here on it is the public copy
            os.replace(private_copy, site_dir / PUBLIC_DB)
    except Interrupted as stop:
        raise PublishError(f"publish {stop}; nothing was published") from None
    step("writing the Datasette configuration")
    written = write_site_files(
        site_dir, summary, public_copy=True, allow_sql=allow_sql, max_value_bytes=largest
    )
    write_inspect_data(site_dir)
    (site_dir / OWNED_MARKER).write_text(
        json.dumps(
            {"written_by": "wparchive publish", "files": sorted([PUBLIC_DB, "inspect-data.json", *written])},
            indent=2,
        )
    )
    return {"held_back": held, "summary": summary, "include_private": include_private}


def _build_public_copy(
    db_path: Path,
    target: Path,
    include_private: bool,
    public_types: tuple[str, ...],
    step: Callable[[str], None],
) -> tuple[HeldBack, dict[str, object], int]:
    step("copying the archive")
    copy_database(db_path, target)
    os.chmod(target, 0o600)
    db = sqlite_utils.Database(target)
    try:
        ensure_db_shape(db)  # views and search of the current version, before the copy loses private columns
        step("keeping private values" if include_private else "removing private values")
        held = HeldBack() if include_private else remove_private(db, public_types)
        step("sanitising HTML")
        sanitise_html(db)
        add_facet_columns(db)
        add_summary_tables(db)
        step("rebuilding the search index and vacuuming")
        finish_file(db)
        return held, archive_summary(db), largest_value(db)
    finally:
        db.close()


# Title words too common to tell a visitor what an archive is about (only words of five letters
# or more are counted, in any language).
_COMMON = """about after again always another because before being between could every first great
little making never other really should still their there these thing things those through today
where which while without would years notes posts einem einen einer nicht sobre"""
_COMMON_WORDS = frozenset(_COMMON.split())
PLACEHOLDERS = 3


def frequent_title_words(conn: sqlite3.Connection, wanted: int = PLACEHOLDERS) -> list[str]:
    """The words the archive's post titles use most: search placeholders that fit this archive."""
    counts: Counter[str] = Counter()
    for (title,) in conn.execute(
        "SELECT title FROM posts WHERE post_type = 'post' AND NOT superseded AND title IS NOT NULL "
        "LIMIT 20000"
    ):
        for word in {w.lower() for w in re.findall(r"[^\W\d_]{5,}", title)}:
            if word not in _COMMON_WORDS:
                counts[word] += 1
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:wanted]]


def archive_title(sites: list[dict[str, object]]) -> str:
    """One heading for the archive: its site's name, or how many blogs it holds."""
    if len(sites) == 1:
        return f"{sites[0]['title'] or sites[0]['url']}: an archive"
    return f"An archive of {len(sites)} blogs" if sites else "A WordPress archive"


def archive_summary(db: sqlite_utils.Database, title: str | None = None) -> dict[str, object]:
    conn = db.conn
    sites = [
        dict(zip(("id", "title", "url"), row, strict=True))
        for row in conn.execute("SELECT id, title, url FROM sites ORDER BY id")
    ]
    visible = "post_type = 'post' AND NOT superseded"
    first, last = conn.execute(
        f"SELECT min(published_at), max(published_at) FROM posts WHERE {visible} AND published_at IS NOT NULL"
    ).fetchone()
    return {
        "title": title or archive_title(sites),
        "placeholders": frequent_title_words(conn),
        "sites": sites,
        "posts": conn.execute(f"SELECT count(*) FROM posts WHERE {visible}").fetchone()[0],
        "pages": conn.execute(
            "SELECT count(*) FROM posts WHERE post_type = 'page' AND NOT superseded"
        ).fetchone()[0],
        "comments": conn.execute("SELECT count(*) FROM comments WHERE comment_type = 'comment'").fetchone()[
            0
        ],
        "pingbacks": conn.execute("SELECT count(*) FROM pingbacks").fetchone()[0],
        "first": first,
        "last": last,
    }
