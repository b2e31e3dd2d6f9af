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
POST_SNIPPETS = """select rowid as id, snippet(posts_fts, -1, char(1), char(2), '…', 28) as snippet
from posts_fts where posts_fts match wparchive_fts(:q) and rowid in ({ids})"""
COMMENT_SNIPPETS = """select rowid as id, snippet(comments_fts, -1, char(1), char(2), '…', 28) as snippet
from comments_fts where comments_fts match wparchive_fts(:q) and rowid in ({ids})"""


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


async def _rows(db: Any, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in (await db.execute(sql, params)).rows]


async def search(db: Any, args: Any) -> dict[str, Any]:
    """One page of results for the search page: entries, the total, and links to the pages."""
    values = search_arguments(args)
    result: dict[str, Any] = {"values": values, "hits": [], "total": 0, "pages": 0}
    if not values["q"]:
        return result
    params = {k: v for k, v in values.items() if k != "page"}
    total = await _rows(db, f"select count(*) as n from {SEARCH_HITS} {_HIT_FILTERS}", params)
    result["total"] = total[0]["n"]
    result["pages"] = math.ceil(result["total"] / PAGE_SIZE)
    params.update(limit=PAGE_SIZE, offset=(values["page"] - 1) * PAGE_SIZE)
    hits = await _rows(
        db, f"select * from {SEARCH_HITS} {_HIT_FILTERS} order by rank limit :limit offset :offset", params
    )
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


def network_svg(nodes: list[str], edges: dict[tuple[str, str], int], archived: set[str | None]) -> Markup:
    """Nodes on a circle, an arrow per linking pair (thicker for more links), archived sites filled."""
    if not nodes:
        return Markup("<p>No pingbacks between sites in this archive.</p>")
    width, height, radius = 960, 640, 260  # room beside the circle for the sites' names
    centre, middle = width / 2, height / 2
    place = {
        node: (
            centre + radius * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
            middle + radius * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2),
        )
        for i, node in enumerate(nodes)
    }
    parts = [
        f'<svg class="link-network" role="img" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        "<title>Who linked to whom: sites and the pingbacks between them</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#7a869a"/></marker></defs>',
    ]
    for (source, target), links in edges.items():
        if source in place and target in place:
            (x1, y1), (x2, y2) = place[source], place[target]
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

    return {
        "search_placeholder": search_placeholder,
        "page_number": page_number,
        "month_name": month_name,
        "taxonomy_label": taxonomy_label,
        "search_archive": search_archive,
        "link_network": link_network,
        "page_link": page_link,
        "site_of": site_of,
        "PAGE_SIZE": PAGE_SIZE,
    }
