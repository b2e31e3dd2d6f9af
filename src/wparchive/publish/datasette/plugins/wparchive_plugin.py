"""wparchive's Datasette plugin: safe HTML cells, SQL for templates, the activity chart.

Kept to one small module (Datasette's advice for one-off plugins): hooks only.
Stored HTML is sanitised again here, at render time, even though ``publish``
already sanitised the public copy: ``serve`` shows the working database. For the
same reason every URL a template turns into a link passes :func:`safe_url`
(http and https only), although the importer already keeps only those.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from datasette import hookimpl
from markupsafe import Markup, escape


def _load_autop() -> Any:
    """WordPress's paragraph rules (``wparchive.autop``): imported under ``serve``; in a published
    site, from the copy ``publish`` puts beside this file (plain Datasette has no wparchive)."""
    try:
        from wparchive.autop import autop

        return autop
    except ImportError:
        path = Path(__file__).with_name("wparchive_autop.py")
        spec = importlib.util.spec_from_file_location("wparchive_autop", path)
        if spec is None or spec.loader is None or not path.exists():
            return lambda text, breaks=True: text or ""  # shown as stored, never a crash
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.autop


autop = _load_autop()

TOO_BIG = (
    "This archive is too big to count this within the time limit of a live archive; "
    "a published copy (wparchive publish) holds it counted."
)
HTML_COLUMNS = {"content_html", "excerpt_html"}
COMMENT_TABLES = {"comments", "comment_threads"}


def _comment_policy(datasette: Any) -> dict[str, Any]:
    """The tags a comment may keep, as wparchive's configuration gives them (from ``sanitize``).

    A site without that configuration keeps no tag in comments: escaped, never raw.
    """
    policy = (datasette.plugin_config("wparchive") or {}).get("comment_html") or {}
    attributes = {tag: set(names) for tag, names in (policy.get("attributes") or {}).items()}
    return {"tags": set(policy.get("tags") or ()), "attributes": attributes}


def safe_html(value: str | None, comment_policy: dict[str, Any] | None = None) -> Markup:
    """Sanitised HTML (nh3): a post's by nh3's defaults, a comment's by ``comment_policy``."""
    if value is None:
        return Markup("")
    try:
        import nh3
    except ImportError:  # pragma: no cover - the archive's own environment has nh3
        return Markup(f"<pre>{escape(value)}</pre>")
    options: dict[str, Any] = {
        "url_schemes": {"http", "https", "mailto"},
        "link_rel": "noopener noreferrer nofollow",
    }
    if comment_policy is not None:
        options.update(comment_policy)
    return Markup(nh3.clean(str(value), **options))


def safe_url(value: Any) -> str | None:
    """The URL when it is absolute http(s) and holds no control character; None otherwise.

    The same test as ``wparchive.sanitize.http_url``, written again here on purpose: this
    file is copied into published sites, which plain Datasette serves without wparchive.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(ord(c) < 32 or c == "\x7f" for c in text)
    ):
        return None
    return text


FTS_OPERATORS = {"AND", "OR", "NOT"}
_FTS_PARTS = re.compile(r'"[^"]*"|[^\s"]+|"')


def fts_query(text: str | None) -> str:
    """What a person typed, as an FTS5 query that cannot be a syntax error.

    Every word and "quoted phrase" becomes a quoted FTS5 string (so ``don't``, ``C++``,
    ``web-2.0`` search for their words); ``AND``, ``OR`` and ``NOT`` in capitals after a term
    stay operators (one with no term after it is dropped), and a trailing ``*`` stays a prefix
    search, as the search help says. Nothing searchable gives ``""``, which matches nothing.
    """
    terms: list[str] = []
    for part in _FTS_PARTS.findall(text or ""):
        if part in FTS_OPERATORS and terms and terms[-1] not in FTS_OPERATORS:
            terms.append(part)  # an operator after a term; a leading one is searched as a word
            continue
        words = part[1:-1] if len(part) > 1 and part[0] == part[-1] == '"' else part.strip('"')
        prefix = words.endswith("*")
        words = words.rstrip("*")
        if not any(character.isalnum() for character in words):
            continue
        terms.append('"' + words.replace('"', '""') + '"' + ("*" if prefix else ""))
    while terms and terms[-1] in FTS_OPERATORS:
        terms.pop()
    return " ".join(terms) or '""'


@hookimpl
def prepare_connection(conn: sqlite3.Connection, datasette: Any) -> None:
    """``wparchive_fts(q)`` for the search queries, and a cap on the size of any value a query can
    build (a public copy's config names the cap).

    ``select replace(hex(zeroblob(250000000)), '0', 'a')`` built 500 MB in one request;
    with the cap SQLite stops it with "string or blob too big". Python 3.11+ only.
    """
    conn.create_function("wparchive_fts", 1, fts_query, deterministic=True)
    cap = (datasette.plugin_config("wparchive") or {}).get("max_value_bytes")
    if cap and hasattr(conn, "setlimit"):
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, int(cap))


@hookimpl
def render_cell(value: Any, column: str, table: str | None, datasette: Any) -> Markup | None:
    if column == "description" and table == "terms" and isinstance(value, str):
        return Markup('<div class="wp-html">') + safe_html(value) + Markup("</div>")  # a term's HTML
    if column in HTML_COLUMNS and isinstance(value, str):
        policy = _comment_policy(datasette) if table in COMMENT_TABLES else None
        return Markup('<div class="wp-html">') + safe_html(autop(value), policy) + Markup("</div>")
    if column == "reading_page" and isinstance(value, str) and value.startswith("/post/"):
        return Markup('<a class="read" href="{}">read</a>').format(value)
    if column == "snippet" and isinstance(value, str):
        # FTS5 snippet(): the text is the stored plain text; only the <mark> tags are ours.
        return Markup(
            str(escape(value)).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
        )
    return None


def every_month(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with a zero row for each month between the first and the last that had none."""
    known = {row["month"]: row for row in rows if _is_month(row.get("month"))}
    if not known:
        return []
    first, last = min(known), max(known)
    year, month = int(first[:4]), int(first[5:7])
    filled = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        filled.append(known.get(key) or {"month": key, "posts": 0, "comments": 0})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return filled


def _is_month(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 7 and value[:4].isdigit() and value[5:7].isdigit()


def _labelled(rows: list[dict[str, Any]], index: int, by_year: bool) -> bool:
    """About eight to twelve labels: every Nth month, or every Nth January on a long axis."""
    if not by_year:
        return index % max(1, len(rows) // 8) == 0
    month = rows[index]["month"]
    years_apart = int(month[:4]) - int(rows[0]["month"][:4])
    return month.endswith("-01") and years_apart % max(1, len(rows) // 144) == 0


def activity_chart(rows: list[dict[str, Any]]) -> Markup:
    """Posts and comments per month as an inline SVG bar chart (no script, no network).

    Every month between the first and the last is on the axis, empty ones too, so a gap in a
    blog's life shows as a gap; the axis is labelled by year when the range is long.
    """
    if rows and rows[0].get("timed_out"):
        return Markup(f"<p>{TOO_BIG}</p>")
    rows = every_month(rows)
    if not rows:
        return Markup("<p>No dated posts or comments.</p>")
    width, height, left, bottom = 900, 220, 40, 30
    peak = max(max(r["posts"], r["comments"]) for r in rows) or 1
    step = (width - left) / len(rows)
    bar = max(step / 2 - 0.5, 0.5)
    parts = [
        f'<svg class="activity-chart" role="img" viewBox="0 0 {width} {height + bottom}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>Posts and comments per month, {escape(rows[0]['month'])} to "
        f"{escape(rows[-1]['month'])}</title>",
    ]
    by_year = len(rows) > 36
    for index, row in enumerate(rows):
        x = left + index * step
        for offset, key, colour in ((0, "posts", "#2b6cb0"), (bar, "comments", "#dd8a2b")):
            h = height * row[key] / peak
            if h:
                parts.append(
                    f'<rect x="{x + offset:.1f}" y="{height - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{colour}"><title>{escape(row["month"])}: {row[key]} {key}</title></rect>'
                )
        if _labelled(rows, index, by_year):
            label = row["month"][:4] if by_year else row["month"]
            parts.append(f'<text x="{x:.1f}" y="{height + 18}" font-size="11">{escape(label)}</text>')
    parts.append(f'<text x="0" y="12" font-size="11">{peak}</text></svg>')
    legend = (
        '<p class="legend"><span style="color:#2b6cb0">■</span> posts '
        '<span style="color:#dd8a2b">■</span> comments</p>'
    )
    return Markup("".join(parts) + legend)


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, Any]:
    async def sql(
        query: str, params: dict[str, Any] | None = None, database: str | None = None
    ) -> list[dict[str, Any]]:
        db = datasette.get_database(database)
        results = await db.execute(query, params or {})
        return [dict(row) for row in results.rows]

    def safe_post_html(value: str | None) -> Markup:
        """A post as WordPress shows it: paragraphs made from its blank lines, then sanitised."""
        return safe_html(autop(value))

    def safe_comment_html(value: str | None) -> Markup:
        return safe_html(autop(value), _comment_policy(datasette))

    return {
        "too_big": TOO_BIG,
        "archive_database": datasette.get_database().name,  # the archive's name in links to its pages
        "sql": sql,
        "activity_chart": activity_chart,
        "safe_post_html": safe_post_html,
        "safe_comment_html": safe_comment_html,
        "safe_url": safe_url,
    }
