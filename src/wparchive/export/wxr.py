"""``--format wxr``: a WXR 1.2 file per site that WordPress's importer (and wparchive's) reads.

Written streaming, post by post, from the store's read layer: the channel (site, authors, terms
with parents before children), then one ``<item>`` per post with its terms, meta and comments
(``wxr_items``). Every post, page, attachment and custom type the archive holds is written, with
its comments, their parents and types; a blog rebuilt from scraped pages gets WordPress ids for
what had none, so it can go back into WordPress. OUT is a file (``blog.xml``) when one site is
exported, else a folder with one file per site.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import sqlite_utils

from wparchive.export.base import ExportError, ExportJob, Written
from wparchive.export.wxr_items import Ids, item_xml
from wparchive.export.xmltext import KNOWN_NAMESPACES, ROOT_PREFIXES, element, extra_elements
from wparchive.model import AuthorRecord, PostRecord, SiteRecord, TermRecord
from wparchive.pingbacks import url_key
from wparchive.store.read import read_authors, read_posts, read_site, read_terms

WXR_VERSION = "1.2"
CHANNEL_RAW = frozenset(("pubDate", "generator"))
TERM_TAGS = {
    "category": ("wp:category", "wp:category_nicename", "wp:category_parent", "wp:cat_name",
                 "wp:category_description"),
    "post_tag": ("wp:tag", "wp:tag_slug", None, "wp:tag_name", "wp:tag_description"),
}  # fmt: skip


def write(job: ExportJob) -> Written:
    written = Written()
    targets = _targets(job)
    for site_id, path in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as out:
            posts, comments = _write_site(out, job, site_id)
        written.files.append(path)
        written.posts += posts
        written.comments += comments
    return written


def _targets(job: ExportJob) -> dict[int, Path]:
    """Where each site's file goes: OUT itself for one site and an .xml name, else OUT/<host>.xml."""
    if job.out.suffix.lower() == ".xml":
        if len(job.site_ids) != 1:
            raise ExportError(f"{job.out} is one file but the archive holds {len(job.site_ids)} sites; "
                              "name a folder, or choose a site with --site")  # fmt: skip
        return {job.site_ids[0]: job.out}
    if job.out.exists() and not job.out.is_dir():
        raise ExportError(f"{job.out} exists and is not a folder")
    names: dict[int, Path] = {}
    for site_id in job.site_ids:
        site = read_site(job.db, site_id)
        stem = (url_key(site.url) or f"site-{site_id}").replace("/", "_").strip("._") or f"site-{site_id}"
        names[site_id] = job.out / f"{stem}.xml"
    return names


def _write_site(out: TextIO, job: ExportJob, site_id: int) -> tuple[int, int]:
    site = read_site(job.db, site_id)
    out.write(_head(site))
    for author in read_authors(job.db, site_id):
        if not author.derived:  # made up from dc:creator at import: the original file had no block
            out.write(_author_xml(author))
    for term in _parents_first(list(read_terms(job.db, site_id))):
        out.write(_term_xml(term))
    out.write("".join(line + "\n" for line in extra_elements(site.extra, skip=frozenset(("pubDate",)))))
    ids = _ids(job.db, site_id)
    posts = comments = 0
    for post in read_posts(job.db, site_id):
        out.write(item_xml(post, ids.post_id(post, _key(post)), ids))
        posts += 1
        comments += len(post.comments)
        job.advance(1)
    out.write("</channel>\n</rss>\n")
    return posts, comments


def _head(site: SiteRecord) -> str:
    namespaces = " ".join(f'xmlns:{prefix}="{KNOWN_NAMESPACES[prefix]}"' for prefix in ROOT_PREFIXES)
    lines = [
        '<?xml version="1.0" encoding="UTF-8" ?>',
        "<!-- A WordPress eXtended RSS (WXR) file written by wparchive export: import it with "
        "Tools > Import > WordPress. -->",
        f'<rss version="2.0" {namespaces}>',
        "<channel>",
        element("title", site.title),
        element("link", site.base_blog_url or site.url),
        element("description", site.description),
        element("pubDate", site.extra.get("pubDate")),
        element("language", site.language),
        element("wp:wxr_version", WXR_VERSION),
        element("wp:base_site_url", site.base_site_url or site.url),
        element("wp:base_blog_url", site.base_blog_url or site.url),
    ]
    return "\n".join(lines) + "\n"


def _author_xml(author: AuthorRecord) -> str:
    parts = [
        element("wp:author_id", author.wp_id),
        element("wp:author_login", author.login, as_cdata=True),
        element("wp:author_email", author.email, as_cdata=True),
        element("wp:author_display_name", author.display_name, as_cdata=True),
        element("wp:author_first_name", author.first_name, as_cdata=True),
        element("wp:author_last_name", author.last_name, as_cdata=True),
    ]
    return "<wp:author>" + "".join(parts) + "</wp:author>\n"


def _parents_first(terms: list[TermRecord]) -> Iterator[TermRecord]:
    """Terms with every parent before its children (WordPress's importer needs the parent first)."""
    by_key = {(t.taxonomy, t.slug): t for t in terms}
    done: set[tuple[str, str]] = set()

    def visit(term: TermRecord, seen: frozenset) -> Iterator[TermRecord]:
        key = (term.taxonomy, term.slug)
        if key in done or key in seen:
            return
        parent = by_key.get((term.taxonomy, term.parent_slug or ""))
        if parent is not None:
            yield from visit(parent, seen | {key})
        done.add(key)
        yield term

    for term in terms:
        yield from visit(term, frozenset())


def _term_xml(term: TermRecord) -> str:
    tags = TERM_TAGS.get(term.taxonomy)
    meta = "".join(
        f"<wp:termmeta>{element('wp:meta_key', k, as_cdata=True)}{element('wp:meta_value', v, as_cdata=True)}"
        "</wp:termmeta>"
        for k, v in term.meta
    )
    if tags is None:
        parts = [element("wp:term_id", term.wp_id), element("wp:term_taxonomy", term.taxonomy, as_cdata=True),
                 element("wp:term_slug", term.slug, as_cdata=True),
                 element("wp:term_parent", term.parent_slug, as_cdata=True),
                 element("wp:term_name", term.name, as_cdata=True),
                 element("wp:term_description", term.description, as_cdata=True)]  # fmt: skip
        return "<wp:term>" + "".join(parts) + meta + "</wp:term>\n"
    tag, slug_tag, parent_tag, name_tag, description_tag = tags
    parts = [element("wp:term_id", term.wp_id), element(slug_tag, term.slug, as_cdata=True)]
    if parent_tag:
        parts.append(element(parent_tag, term.parent_slug, as_cdata=True))
    parts += [
        element(name_tag, term.name, as_cdata=True),
        element(description_tag, term.description, as_cdata=True),
    ]
    return f"<{tag}>" + "".join(parts) + meta + f"</{tag}>\n"


def _ids(db: sqlite_utils.Database, site_id: int) -> Ids:
    highest = db.execute(
        "SELECT (SELECT max(wp_id) FROM posts WHERE site_id = ?), (SELECT max(wp_id) FROM comments "
        "WHERE site_id = ?)",
        (site_id, site_id),
    ).fetchone()
    return Ids(next_post=(highest[0] or 0) + 1, next_comment=(highest[1] or 0) + 1)


def _key(post: PostRecord) -> str:
    return post.source_key or post.url or post.guid or str(id(post))
