"""The reader's pages of a published archive: search, a site's posts, a commenter, the link network.

Each page is a template in ``templates/pages/``; this plugin gives them their data as template
functions (the SQL lives here, in one place, not in the templates). Like ``wparchive_plugin`` it
runs in published sites without wparchive installed, so it imports only Datasette and the
standard library. Every query is parameterised; what a person typed reaches FTS5 only through
``wparchive_fts`` (``wparchive_plugin.fts_query``).
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode, urlsplit

from datasette import hookimpl
from datasette.database import QueryInterrupted
from markupsafe import Markup, escape

PAGE_SIZE = 20
NETWORK_NODES = 40  # the busiest sites of the link network; the rest are listed, not drawn
_HIT_FILTERS = """
where (:kind = '' or kind = :kind) and (:site = '' or site_id = cast(:site as integer))
  and (:year = '' or substr(at, 1, 4) = :year) and (:author = '' or author = :author)
"""
# Posts and comments matching the words, without snippets: ranked and counted first, so that only
# the page shown pays for its snippets.
SEARCH_HITS = """(
  select 'post' as kind, posts.post_type as type, posts.id as post_id, null as comment_id,
         posts.title as title, posts.author_name as author,
         coalesce(posts.published_at, posts.published_local) as at,
         posts.site_id as site_id, bm25(posts_fts, 5.0, 2.0, 1.0) as rank
  from posts_fts join posts on posts.id = posts_fts.rowid
  where posts_fts match wparchive_fts(:q) and posts.post_type in ('post', 'page') and not posts.superseded
  union all
  select 'comment', comments.comment_type, comments.post_id, comments.id, posts.title,
         comments.author_name,
         coalesce(comments.published_at, comments.published_local), posts.site_id,
         bm25(comments_fts, 2.0, 1.0)
  from comments_fts join comments on comments.id = comments_fts.rowid
  join posts on posts.id = comments.post_id
  where comments_fts match wparchive_fts(:q) and not posts.superseded
) as hits
"""
RANKED_LIMIT = 20_000  # matches ranked by relevance; past this, newest-added first
BROAD_PAGES = 50  # pages of a search listed newest first
COUNT_LIMIT = 10_000  # filtered matches counted exactly up to this
FTS_MATCHES = """select (select count(*) from posts_fts where posts_fts match wparchive_fts(:q))
  + (select count(*) from comments_fts where comments_fts match wparchive_fts(:q)) as n"""
_BROAD_FILTERS = """(:site = '' or posts.site_id = cast(:site as integer))
      and (:year = '' or substr({at}, 1, 4) = :year)
      and (:author = '' or {author} = :author)"""
_POST_FILTERS = _BROAD_FILTERS.format(
    at="coalesce(posts.published_at, posts.published_local)", author="posts.author_name"
)
_COMMENT_FILTERS = _BROAD_FILTERS.format(
    at="coalesce(comments.published_at, comments.published_local)", author="comments.author_name"
)
# A common word: posts, then comments, each newest-added first, read from FTS5 in rowid order and
# stopped after the page (no ranking of every match).
BROAD_HITS = f"""select * from (
  select * from (
    select 'post' as kind, posts.post_type as type, posts.id as post_id, null as comment_id,
           posts.title as title, posts.author_name as author,
           coalesce(posts.published_at, posts.published_local) as at, posts.site_id as site_id,
           0 as part, posts_fts.rowid as seq
    from posts_fts join posts on posts.id = posts_fts.rowid
    where posts_fts match wparchive_fts(:q) and posts.post_type in ('post', 'page') and not posts.superseded
      and :kind in ('', 'post') and {_POST_FILTERS}
    order by posts_fts.rowid desc limit :window)
  union all
  select * from (
    select 'comment', comments.comment_type, comments.post_id, comments.id, posts.title,
           comments.author_name, coalesce(comments.published_at, comments.published_local),
           posts.site_id, 1, comments_fts.rowid
    from comments_fts join comments on comments.id = comments_fts.rowid
    join posts on posts.id = comments.post_id
    where comments_fts match wparchive_fts(:q) and not posts.superseded and :kind in ('', 'comment')
      and {_COMMENT_FILTERS}
    order by comments_fts.rowid desc limit :window)
) order by part, seq desc limit :limit offset :offset"""
POST_SNIPPETS = """select rowid as id, snippet(posts_fts, -1, char(1), char(2), '…', 28) as snippet
from posts_fts where posts_fts match wparchive_fts(:q) and rowid in ({ids})"""
COMMENT_SNIPPETS = """select rowid as id, snippet(comments_fts, -1, char(1), char(2), '…', 28) as snippet
from comments_fts where comments_fts match wparchive_fts(:q) and rowid in ({ids})"""


# Figures the front page and /commenters show, computed once for the public copy: grouping a
# million comments on every visit takes most of Datasette's one-second limit. ``publish`` stores each
# as a table of the public copy; ``summary`` reads the table when it exists, else runs the SQL
# (``serve`` on the working archive).
SUMMARIES = {
    "summary_activity": """SELECT month, sum(posts) AS posts, sum(comments) AS comments
        FROM activity_by_month WHERE month IS NOT NULL GROUP BY month ORDER BY month""",
    "summary_sites": """SELECT sites.id, coalesce(sites.title, sites.url) AS name, sites.url,
        (SELECT count(*) FROM posts WHERE posts.site_id = sites.id AND post_type = 'post' AND NOT superseded)
            AS posts,
        (SELECT count(*) FROM comments WHERE comments.site_id = sites.id AND comment_type = 'comment')
            AS comments,
        (SELECT min(coalesce(published_at, published_local)) FROM posts
            WHERE posts.site_id = sites.id AND post_type = 'post' AND NOT superseded) AS first,
        (SELECT max(coalesce(published_at, published_local)) FROM posts
            WHERE posts.site_id = sites.id AND post_type = 'post' AND NOT superseded) AS last
        FROM sites ORDER BY name""",
    "summary_commenters": """SELECT comments.author_name AS name, count(*) AS comments,
        count(DISTINCT comments.post_id) AS posts, count(DISTINCT comments.site_id) AS sites,
        min(coalesce(comments.published_at, comments.published_local)) AS first,
        max(coalesce(comments.published_at, comments.published_local)) AS last
        FROM comments JOIN posts ON posts.id = comments.post_id
        WHERE comments.comment_type = 'comment' AND coalesce(comments.author_name, '') != ''
          AND NOT posts.superseded
        GROUP BY comments.author_name ORDER BY comments DESC, name LIMIT 200""",
}


async def summary(db: Any, name: str) -> list[dict[str, Any]]:
    """The rows of one of ``SUMMARIES``: from its table in a published copy, else computed."""
    if await db.table_exists(name):
        return await _rows(db, f"select * from {name}", {})
    try:
        return await _rows(db, SUMMARIES[name], {})
    except QueryInterrupted:  # too big to group within the time limit: the page says so, not a 500
        return [{"timed_out": True}]


def highlight(snippet: str | None) -> Markup:
    """An FTS5 snippet whose matches were marked with \\x01 and \\x02: escaped, then <mark>ed."""
    text = str(escape(snippet or ""))
    return Markup(text.replace("\x01", "<mark>").replace("\x02", "</mark>"))


def search_arguments(args: Any) -> dict[str, Any]:
    """The search form's values from the query string, each a string ('' when absent)."""
    values = {name: (args.get(name) or "").strip() for name in ("q", "kind", "site", "year", "author")}
    if values["kind"] not in ("", "post", "comment"):
        values["kind"] = ""
    if not values["site"].isdigit():
        values["site"] = ""
    if not (values["year"].isdigit() and len(values["year"]) == 4):
        values["year"] = ""
    page = args.get("page") or "1"
    values["page"] = max(1, min(int(page), 10_000)) if page.isdigit() else 1
    return values


# The first and last dated post or comment: each min()/max() alone in its SELECT, so SQLite reads
# them from the published_at indexes instead of scanning a million comments.
YEAR_BOUNDS = """select
  (select min(published_at) from comments) as c_first, (select max(published_at) from comments) as c_last,
  (select min(coalesce(published_at, published_local)) from posts) as p_first,
  (select max(coalesce(published_at, published_local)) from posts) as p_last"""


async def archive_years(db: Any) -> list[str]:
    """Every year from the archive's first dated post or comment to its last, newest first."""
    bounds = (await _rows(db, YEAR_BOUNDS, {}))[0]
    years = [int(v[:4]) for v in bounds.values() if isinstance(v, str) and v[:4].isdigit()]
    return [str(year) for year in range(max(years), min(years) - 1, -1)] if years else []


async def _rows(db: Any, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def search(db: Any, args: Any) -> dict[str, Any]:
    """One page of results for the search page: entries, the total, and links to the pages.

    Up to ``RANKED_LIMIT`` matches are ranked by relevance (bm25 over every match); a word found in
    more (a common word in a million comments) is listed newest-added first instead, which FTS5
    streams in index order, so the page answers in milliseconds rather than timing out.
    """
    values = search_arguments(args)
    result: dict[str, Any] = {"values": values, "hits": [], "total": 0, "pages": 0}
    if not values["q"]:
        return result
    params = {k: v for k, v in values.items() if k != "page"}
    try:
        matches = await _fts_matches(db, values["q"])
        result["broad"] = matches > RANKED_LIMIT
        result["total"], result["more"] = await _count(db, params, matches)
        last_page = BROAD_PAGES if result["broad"] else math.ceil(result["total"] / PAGE_SIZE)
        result["pages"] = min(math.ceil(result["total"] / PAGE_SIZE), last_page)
        hits = await _page_of_hits(db, params, values["page"], result["broad"])
    except QueryInterrupted:  # Datasette's time limit stopped a query
        result["timed_out"] = True
        return result
    await _add_snippets(db, values["q"], hits)
    sites = {row["id"]: row["title"] for row in await _rows(db, "select id, title from sites", {})}
    for hit in hits:
        hit["site"] = sites.get(hit["site_id"])
        hit["url"] = f"/post/{hit['post_id']}" + (
            f"#comment-{hit['comment_id']}" if hit["comment_id"] else ""
        )
    result["hits"] = hits
    result["links"] = {
        "previous": _page_link(values, values["page"] - 1) if values["page"] > 1 else None,
        "next": _page_link(values, values["page"] + 1) if values["page"] < result["pages"] else None,
    }
    return result


async def _fts_matches(db: Any, q: str) -> int:
    """Posts and comments whose index holds the words: FTS5 alone, no join, fast at any size."""
    found = await _rows(db, FTS_MATCHES, {"q": q})
    return int(found[0]["n"] or 0)


async def _count(db: Any, params: dict[str, Any], matches: int) -> tuple[int, bool]:
    """(results, whether there are more than that): the index's count without filters, else the
    filtered matches counted up to ``COUNT_LIMIT``."""
    if not any(params[name] for name in ("kind", "site", "year", "author")):
        return matches, False
    found = await _rows(
        db,
        f"select count(*) as n from (select 1 from {SEARCH_HITS} {_HIT_FILTERS} limit :cap)",
        {**params, "cap": COUNT_LIMIT + 1},
    )
    return min(found[0]["n"], COUNT_LIMIT), found[0]["n"] > COUNT_LIMIT


async def _page_of_hits(db: Any, params: dict[str, Any], page: int, broad: bool) -> list[dict[str, Any]]:
    offset = (page - 1) * PAGE_SIZE
    if not broad:
        sql = f"select * from {SEARCH_HITS} {_HIT_FILTERS} order by rank limit :limit offset :offset"
        return await _rows(db, sql, {**params, "limit": PAGE_SIZE, "offset": offset})
    window = {**params, "window": offset + PAGE_SIZE, "limit": PAGE_SIZE, "offset": offset}
    return await _rows(db, BROAD_HITS, window)


async def _add_snippets(db: Any, q: str, hits: list[dict[str, Any]]) -> None:
    for kind, sql, key in (("post", POST_SNIPPETS, "post_id"), ("comment", COMMENT_SNIPPETS, "comment_id")):
        ids = [int(hit[key]) for hit in hits if hit["kind"] == kind]
        if not ids:
            continue
        found = await _rows(db, sql.format(ids=",".join(map(str, ids))), {"q": q})
        snippets = {row["id"]: row["snippet"] for row in found}
        for hit in hits:
            if hit["kind"] == kind:
                hit["snippet"] = highlight(snippets.get(hit[key]))


def _page_link(values: dict[str, Any], page: int) -> str:
    kept = {k: v for k, v in values.items() if v and k != "page"}
    return "/search?" + urlencode({**kept, "page": page})


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September"]
MONTHS += ["October", "November", "December"]
TAXONOMIES = {"category": "Category", "post_tag": "Tag", "post_format": "Format"}


def month_name(month: str | None) -> str:
    """ "2019-03" -> "March 2019" (what is not a month is shown as it is)."""
    text = month or ""
    if len(text) >= 7 and text[:4].isdigit() and text[5:7].isdigit() and 1 <= int(text[5:7]) <= 12:
        return f"{MONTHS[int(text[5:7]) - 1]} {text[:4]}"
    return text


def taxonomy_label(taxonomy: str | None) -> str:
    return TAXONOMIES.get(taxonomy or "", (taxonomy or "Term").replace("_", " ").capitalize())


def site_of(url: str | None) -> str | None:
    """The host a link points to, without "www." (the node of the link network)."""
    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    return host[4:] if host and host.startswith("www.") else host


NETWORK_EDGES = """
select coalesce(source_site.url, pingbacks.source_url) as source, target_site.url as target,
       count(*) as links
from pingbacks
join posts as target on target.id = pingbacks.post_id
join sites as target_site on target_site.id = target.site_id
left join posts as source on source.id = pingbacks.source_post_id
left join sites as source_site on source_site.id = source.site_id
group by 1, 2
"""


async def network(db: Any) -> dict[str, Any]:
    """Sites as nodes and pingbacks between them as weighted edges, with the drawing."""
    edges: dict[tuple[str, str], int] = {}
    for row in await _rows(db, NETWORK_EDGES, {}):
        source, target = site_of(row["source"]), site_of(row["target"])
        if source and target and source != target:
            edges[(source, target)] = edges.get((source, target), 0) + row["links"]
    archived = {site_of(row["url"]) for row in await _rows(db, "select url from sites", {})}
    weight: dict[str, int] = {}
    for (source, target), links in edges.items():
        weight[source] = weight.get(source, 0) + links
        weight[target] = weight.get(target, 0) + links
    drawn = sorted(weight, key=lambda node: (-weight[node], node))[:NETWORK_NODES]
    listed = sorted(edges.items(), key=lambda item: (-item[1], item[0]))
    return {
        "svg": network_svg(drawn, edges, archived),
        "edges": [{"source": s, "target": t, "links": n} for (s, t), n in listed],
        "nodes": len(weight),
        "drawn": len(drawn),
    }


def _layout(
    nodes: list[str], edges: dict[tuple[str, str], int], archived: set[str | None], width: int, height: int
) -> dict[str, tuple[float, float]]:
    """Where each site is drawn: the archive's own sites on an inner ring, the sites that linked to
    them (or that they linked to) on an outer ellipse, each next to the archived site it shares most
    links with, so arrows stay short and names do not pile up."""
    inner = [node for node in nodes if node in archived]
    outer = [node for node in nodes if node not in archived]
    if not inner or not outer:  # one kind only: one ring
        inner, outer = [], nodes
    centre, middle = width / 2, height / 2
    place: dict[str, tuple[float, float]] = {}
    for i, node in enumerate(inner):
        angle = 2 * math.pi * i / len(inner) - math.pi / 2
        place[node] = (centre + 120 * math.cos(angle), middle + 90 * math.sin(angle))
    order = {node: i for i, node in enumerate(inner)}

    def partner(node: str) -> tuple[int, str]:
        shared = {hub: edges.get((node, hub), 0) + edges.get((hub, node), 0) for hub in inner}
        best = max(shared, key=lambda hub: (shared[hub], hub)) if shared else None
        return (order.get(best, 0) if best is not None else 0, node)

    ring = sorted(outer, key=partner)
    for i, node in enumerate(ring):
        angle = 2 * math.pi * (i + 0.5) / len(ring) - math.pi / 2
        place[node] = (
            centre + (width / 2 - 230) * math.cos(angle),
            middle + (height / 2 - 40) * math.sin(angle),
        )
    return place


def network_svg(nodes: list[str], edges: dict[tuple[str, str], int], archived: set[str | None]) -> Markup:
    """The sites and an arrow per linking pair (thicker for more links); archived sites filled."""
    if not nodes:
        return Markup("<p>No pingbacks between sites in this archive.</p>")
    width, height = 960, 720  # room beside the ellipse for the sites' names
    centre = width / 2
    place = _layout(nodes, edges, archived, width, height)
    parts = [
        f'<svg class="link-network" role="img" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        "<title>Who linked to whom: sites and the pingbacks between them</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
        'markerUnits="userSpaceOnUse" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#7a869a"/></marker></defs>',
    ]
    for (source, target), links in edges.items():
        if source in place and target in place:
            (x1, y1), (x2, y2) = place[source], place[target]
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            x2, y2 = x2 - 8 * (x2 - x1) / length, y2 - 8 * (y2 - y1) / length  # the arrow ends at the circle
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#7a869a" '
                f'stroke-width="{min(1 + math.log2(links), 6):.1f}" marker-end="url(#arrow)">'
                f"<title>{escape(source)} → {escape(target)}: {links} pingback{'s' * (links != 1)}"
                "</title></line>"
            )
    for node, (x, y) in place.items():
        fill = "#2b6cb0" if node in archived else "#ffffff"
        anchor = "start" if x >= centre else "end"
        dx = 9 if x >= centre else -9
        parts.append(
            f'<g class="node"><circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{fill}" stroke="#2b6cb0"/>'
            f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="{anchor}">'
            f"{escape(node)}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@hookimpl
def extra_template_vars(datasette: Any, request: Any) -> dict[str, Any]:
    async def search_archive(database: str | None = None) -> dict[str, Any]:
        return await search(datasette.get_database(database), request.args if request else {})

    async def years(database: str | None = None) -> list[str]:
        return await archive_years(datasette.get_database(database))

    async def link_network(database: str | None = None) -> dict[str, Any]:
        return await network(datasette.get_database(database))

    def page_link(page: int) -> str:
        """This page's address with another ``page`` number, its other arguments kept."""
        args = {k: request.args.get(k) for k in (request.args.keys() if request else []) if k != "page"}
        return f"{request.path if request else ''}?{urlencode({**args, 'page': page})}"

    def page_number() -> int:
        page = request.args.get("page") if request else None
        return max(1, min(int(page), 100_000)) if page and page.isdigit() else 1

    def search_placeholder() -> str:
        """Words this archive's titles use most ("compost, rhubarb"), not words of a demo."""
        words = (datasette.plugin_config("wparchive") or {}).get("placeholders") or []
        return ", ".join(words[:3]) if words else "words to look for"

    async def archive_summary(name: str, database: str | None = None) -> list[dict[str, Any]]:
        return await summary(datasette.get_database(database), name)

    return {
        "archive_summary": archive_summary,
        "search_placeholder": search_placeholder,
        "page_number": page_number,
        "month_name": month_name,
        "taxonomy_label": taxonomy_label,
        "search_archive": search_archive,
        "archive_years": years,
        "link_network": link_network,
        "page_link": page_link,
        "site_of": site_of,
        "PAGE_SIZE": PAGE_SIZE,
    }
