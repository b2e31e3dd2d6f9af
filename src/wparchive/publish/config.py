"""The Datasette configuration for an archive, generated from one Python dict.

Datasette 0.65 reads ``metadata.yml`` (descriptive keys, table options, stored
queries) and ``settings.json``; Datasette 1.0 reads ``datasette.yaml`` (stored
queries, table options, settings) and ignores ``settings.json``
(research/datasette.md §2.9). Both are written from the same dict so they
cannot drift, and the same directory serves on both versions.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from wparchive.sanitize import COMMENT_ATTRIBUTES, COMMENT_TAGS

PACKAGE_DIR = Path(__file__).parent / "datasette"
AUTOP_MODULE = Path(__file__).parent.parent / "autop.py"
DATABASE = "archive"

SEARCH_POSTS = """
select posts.id, posts.title, posts.published_at, sites.title as site,
       snippet(posts_fts, -1, '<mark>', '</mark>', '…', 24) as snippet,
       '/post/' || posts.id as reading_page
from posts_fts
join posts on posts.id = posts_fts.rowid
join sites on sites.id = posts.site_id
where posts_fts match wparchive_fts(:q) and posts.post_type in ('post', 'page') and not posts.superseded
order by bm25(posts_fts, 5.0, 2.0, 1.0)
limit 200
"""
SEARCH_COMMENTS = """
select comments.id, comments.author_name, comments.published_at, posts.title as post,
       snippet(comments_fts, -1, '<mark>', '</mark>', '…', 20) as snippet,
       '/post/' || posts.id || '#comment-' || comments.id as reading_page
from comments_fts
join comments on comments.id = comments_fts.rowid
join posts on posts.id = comments.post_id
where comments_fts match wparchive_fts(:q) and not posts.superseded
order by bm25(comments_fts, 2.0, 1.0)
limit 200
"""
THREAD = """
select comments.id, comments.depth,
       substr('                              ', 1, 2 * (comments.depth - 1))
         || coalesce(comments.author_name, '(name not given)') as who,
       comments.comment_type, comments.published_at, comments.content_text, comments.parent_id
from comments
where comments.post_id = cast(:post_id as integer)
order by comments.thread_path
"""
TOP_COMMENTERS = """
select author_name, count(*) as comments, count(distinct post_id) as posts,
       min(coalesce(published_at, published_local)) as first,
       max(coalesce(published_at, published_local)) as last
from comments
where comment_type = 'comment' and author_name is not null
group by author_name order by comments desc limit 100
"""
PINGBACK_NETWORK = """
select coalesce(pingbacks.source_site, pingbacks.source_url) as from_site,
       source.title as from_post, target.title as to_post, pingbacks.source_url, comments.comment_type,
       comments.published_at
from pingbacks
join comments on comments.id = pingbacks.comment_id
left join posts as target on target.id = pingbacks.post_id
left join posts as source on source.id = pingbacks.source_post_id
order by comments.published_at
"""
SEEN_ON_PAGES = """
select sightings.table_name as what, coalesce(posts.title, comment_posts.title) as post,
       comments.author_name as commenter, sightings.url as page, sightings.captured_at,
       sightings.comment_page
from sightings
left join posts on sightings.table_name = 'posts' and posts.id = sightings.row_id
left join comments on sightings.table_name = 'comments' and comments.id = sightings.row_id
left join posts as comment_posts on comment_posts.id = comments.post_id
where coalesce(posts.id, comments.post_id) = cast(:post_id as integer)
order by sightings.captured_at, sightings.table_name desc, sightings.position
"""
ACTIVITY = """
select month, sum(posts) as posts, sum(comments) as comments
from activity_by_month group by month order by month
"""

QUERIES = {
    "search_posts": {
        "sql": SEARCH_POSTS,
        "title": "Search posts",
        "hide_sql": True,
        "description": "Full-text search over titles, excerpts and text, best matches first (200 at most; "
        'the search page at /search pages through all). Words, "a phrase", OR, NOT, prefix*; '
        "anything else typed is searched as words.",
    },
    "search_comments": {
        "sql": SEARCH_COMMENTS,
        "title": "Search comments",
        "hide_sql": True,
        "description": "Full-text search over comments and their authors' names (200 at most; the "
        "search page at /search pages through all).",
    },
    "thread": {
        "sql": THREAD,
        "title": "A post's comment thread",
        "description": "Every comment of a post in reading order, indented by depth.",
    },
    "top_commenters": {"sql": TOP_COMMENTERS, "title": "Top commenters"},
    "pingback_network": {
        "sql": PINGBACK_NETWORK,
        "title": "Who linked to whom",
        "description": "Pingbacks and trackbacks: the linking page and post, and the post linked to.",
    },
    "activity": {"sql": ACTIVITY, "title": "Posts and comments per month"},
    "seen_on_pages": {
        "sql": SEEN_ON_PAGES,
        "title": "Where a post and its comments were seen",
        "description": "Every saved page, capture or feed that showed a post or one of its comments, and "
        "when it was captured: a comment deleted later survives in the capture that showed it.",
    },
}

COLUMN_DESCRIPTIONS = {
    "posts": {
        "title": "Post title",
        "post_type": "post, page, attachment, nav_menu_item, …",
        "status": "publish, draft, private, …",
        "published_at": "Publication time, UTC",
        "published_local": "Publication time on the site's clock",
        "content_html": "The post as written (sanitised for display)",
        "content_text": "Plain text, for search",
        "author_name": "Author's display name",
        "url": "Permalink (the export's link, or a saved page's canonical URL)",
    },
    "comments": {
        "depth": "1 for a top-level comment, 2 for a reply, …",
        "thread_path": "Sort by this to read a thread depth-first",
        "root_id": "The thread's first comment",
        "parent_id": "The comment this one replies to",
        "comment_type": "comment, pingback or trackback",
        "confidence": "1.0 when the source stated the structure, lower when inferred",
        "content_html": "The comment as written (sanitised for display)",
    },
    "replies": {
        "evidence": "nesting, wxr_parent, quote, salutation, mention, reciprocity, echo",
        "confidence": "How sure the link is",
    },
    "pingbacks": {"source_post_id": "The linking post, when it is in this archive"},
    "artefacts": {"text": "Exactly what was removed or changed", "rule": "The cleaning rule or reader cue"},
    "sightings": {
        "url": "The saved page (or feed) that showed the post or comment",
        "captured_at": "When that page was captured (Wayback, WARC); empty for a mirror's files",
        "comment_page": "The comment page (comment-page-N) it was shown on",
        "row_id": "The post's or comment's id (see table_name)",
    },
}

TABLES = {
    "posts": {
        "label_column": "title",
        "sort_desc": "published_at",
        "facets": ["post_type", "status", "author_name", "site_id"],
    },
    "comments": {"sort_desc": "published_at", "facets": ["comment_type", "status", "author_name"]},
    "authors": {"label_column": "display_name"},
    "sites": {"label_column": "title"},
    "terms": {"label_column": "name", "facets": ["taxonomy"]},
    "published_posts": {
        "sort_desc": "published_at",
        "facets": ["author", "site"],
        "fts_table": "posts_fts",
        "fts_pk": "id",
    },
    "comment_threads": {"facets": ["comment_type", "status"], "fts_table": "comments_fts", "fts_pk": "id"},
    "pingbacks_in": {"facets": ["comment_type", "source_site"]},
    "artefacts": {"facets": ["rule", "table_name"], "sort_desc": "id"},
    "sightings": {"facets": ["table_name", "comment_page"], "sort_desc": "captured_at"},
    "clean_originals": {"hidden": True},
    "source_blobs": {"hidden": True},
}
PUBLIC_FACETS = {
    "posts": [
        "post_type",
        "status",
        "author_name",
        {"array": "categories"},
        {"array": "tags"},
        "year",
        "month",
        "site_id",
    ],
    "comments": ["comment_type", "status", "author_name", "month"],
}


OWNED_MARKER = ".wparchive-site.json"  # the files publish wrote in SITE_DIR, so that it replaces only those
MIN_VALUE_CAP = 1 << 20


def public_settings(allow_sql: bool) -> dict[str, Any]:
    """Datasette's limits for a site anyone can reach (docs/datasette.md, "Limits of the public site").

    Arbitrary SQL is off unless asked for: one anonymous query built a 500 MB value
    and took 3.2 GB. Stored queries, table pages, facets and search still work.
    """
    return {
        "default_page_size": 50,
        "max_returned_rows": 200 if allow_sql else 1000,
        "sql_time_limit_ms": 1000,
        "facet_time_limit_ms": 1000,  # a first, uncached facet of a large table needs more than 300 ms
        "max_csv_mb": 20,
        "default_allow_sql": allow_sql,
        "default_cache_ttl": 3600,
    }


def value_cap(largest_value: int) -> int:
    """SQLite's cap on any one value a query may build: room for the longest stored text, no more."""
    return max(MIN_VALUE_CAP, 2 * largest_value)


def site_config(
    summary: dict[str, Any],
    public_copy: bool,
    database: str = DATABASE,
    allow_sql: bool = False,
    max_value_bytes: int = 0,
) -> dict[str, Any]:
    """The whole configuration as one dict (metadata and config are cut from it)."""
    tables = json.loads(json.dumps(TABLES))
    for table, descriptions in COLUMN_DESCRIPTIONS.items():
        tables.setdefault(table, {})["columns"] = descriptions
    settings: dict[str, Any] = {"default_page_size": 50, "sql_time_limit_ms": 3000, "default_cache_ttl": 5}
    # The plugin renders comments with sanitize's allowlist, handed over here (it runs without wparchive).
    plugin: dict[str, Any] = {
        "comment_html": {
            "tags": sorted(COMMENT_TAGS),
            "attributes": {tag: sorted(names) for tag, names in COMMENT_ATTRIBUTES.items()},
        },
        "placeholders": summary.get("placeholders") or [],
    }
    if public_copy:
        for table, facets in PUBLIC_FACETS.items():
            tables[table]["facets"] = facets
        settings = public_settings(allow_sql)
        plugin["max_value_bytes"] = value_cap(max_value_bytes)
    plugins = {"wparchive": plugin}
    return {
        "title": summary.get("title") or "A WordPress archive",
        "description_html": (
            f"<p>{summary.get('posts', 0)} posts and {summary.get('comments', 0)} comments, "
            f"{(summary.get('first') or '')[:10]} to {(summary.get('last') or '')[:10]}, rebuilt with "
            f"wparchive.</p>"
        ),
        "about": "Rebuilt with wparchive",
        "plugins": plugins,
        "databases": {database: {"tables": tables, "queries": QUERIES}},
        "settings": settings,
    }


def write_site_files(
    site_dir: Path,
    summary: dict[str, Any],
    public_copy: bool,
    database: str = DATABASE,
    allow_sql: bool = False,
    max_value_bytes: int = 0,
) -> list[str]:
    """metadata.yml, datasette.yaml, settings.json, templates/, plugins/ in SITE_DIR; returns what it wrote.

    Files are written one by one: a user's own template or plugin beside them is never
    removed; a file that an earlier publish wrote and this one does not is.
    """
    config = site_config(summary, public_copy, database, allow_sql, max_value_bytes)
    settings = config.pop("settings")
    metadata = dict(config)
    written = {
        "metadata.yml": yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True),
        "datasette.yaml": yaml.safe_dump(
            {
                "settings": settings,
                "plugins": config["plugins"],
                "databases": {
                    database: {"tables": config["databases"][database]["tables"], "queries": QUERIES}
                },
            },
            sort_keys=False,
            allow_unicode=True,
        ),
        "settings.json": json.dumps(settings, indent=2),
    }
    for name, text in written.items():
        (site_dir / name).write_text(text)
    copied = [
        _copy_package_file(source, site_dir)
        for folder in ("templates", "plugins")
        for source in _package_files(folder)
    ]
    # The plugin's paragraph rules, for sites served by plain Datasette (wparchive not installed).
    shutil.copyfile(AUTOP_MODULE, site_dir / "plugins" / "wparchive_autop.py")
    names = [*written, *copied, "plugins/wparchive_autop.py"]
    for stale in set(owned_files(site_dir)) - set(names) - {"archive.db", "inspect-data.json"}:
        (site_dir / stale).unlink(missing_ok=True)
    return names


def _package_files(folder: str) -> list[Path]:
    return sorted(
        p for p in (PACKAGE_DIR / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )


def _copy_package_file(source: Path, site_dir: Path) -> str:
    relative = source.relative_to(PACKAGE_DIR)
    target = site_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return relative.as_posix()


def owned_files(site_dir: Path) -> list[str]:
    """What an earlier publish wrote in SITE_DIR (relative paths), from its marker file."""
    try:
        return list(json.loads((site_dir / OWNED_MARKER).read_text())["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return []
