"""The front matter of one exported post: what a generator needs to place it, and what WordPress knew.

Every value is data, so it goes through PyYAML (``generators.dump_yaml``), never into a format
string: a title such as ``Yes: "no" # 2019-03-02`` comes back as written. What is private never
goes here, whatever ``--include-private`` says: no e-mail, IP, password, nor post meta whose key
starts with ``_`` (WordPress's mark for internal values).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from wparchive.export.generators import Generator, dump_yaml
from wparchive.export.redirect_files import UNSAFE
from wparchive.export.redirects import NEW_PATHS, old_permalink, parse_old_url
from wparchive.htmltext import html_to_text
from wparchive.model import PostRecord

PUBLISHED = "publish"
# An offset beyond this between a post's local and UTC times is damage, not a time zone.
MAX_OFFSET_MINUTES = 14 * 60


@dataclass(frozen=True)
class Placement:
    """Where a post goes: its slug, its new path, its comment thread's key (None without comments)."""

    slug: str
    new_path: str
    thread_key: str | None
    draft: bool


def is_draft(post: PostRecord) -> bool:
    """Not public on the old site: any status but ``publish``, or a password (--include-private only)."""
    return post.status != PUBLISHED or bool(post.password)


def new_path(post: PostRecord, slug: str) -> str:
    """``/posts/<slug>/`` or ``/<slug>/`` for a page: the paths the redirects export sends old URLs to."""
    return NEW_PATHS["page" if post.post_type == "page" else "post"].format(slug=slug)


def wp_date(utc: str | None, local: str | None) -> str | None:
    """The time as the blog showed it, with its offset: ``2020-11-14T21:40:00-07:00`` from the UTC
    and local times; the UTC time alone (``…Z``) or the local one alone when that is all there is."""
    if not utc or not local:
        return utc or local
    try:
        minutes = (
            datetime.fromisoformat(local) - datetime.fromisoformat(utc.rstrip("Z"))
        ).total_seconds() / 60
    except ValueError:
        return utc
    if minutes % 15 or abs(minutes) > MAX_OFFSET_MINUTES:
        return utc
    sign, minutes = ("-" if minutes < 0 else "+"), abs(int(minutes))
    return f"{local}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def day_of(post: PostRecord) -> str:
    """``YYYY-MM-DD`` as the blog showed it (Jekyll's file names); 1970-01-01 for an undated post."""
    when = post.published_local or post.published_at or post.modified_local or post.modified_at
    return when[:10] if when else "1970-01-01"


def old_paths(post: PostRecord, home: str) -> list[str]:
    """Every path on the site's own host where the post was (permalink, GUID, earlier slugs and
    dates WordPress kept), relative to the site's home, decoded, as generators write redirect files.

    Query URLs (``/?p=12``) are no file a static site can hold: the redirects export maps those."""
    meta = post.meta
    old_slugs = [value for key, value in meta if key == "_wp_old_slug"]
    old_dates = [value for key, value in meta if key == "_wp_old_date"]
    slug, date = post.slug or "", post.published_local
    urls = [post.url, post.guid]
    urls += [
        old_permalink(post.url, slug, date, old, when) for old in old_slugs for when in (None, *old_dates)
    ]
    urls += [old_permalink(post.url, slug, date, slug, when) for when in old_dates]
    paths: list[str] = []
    for url in urls:
        path = _site_path(url, home)
        if path and path not in paths:
            paths.append(path)
    return paths


@lru_cache(maxsize=64)
def _home_parts(home: str) -> tuple[str, str]:
    """The site's host (without ``www.``) and its own path: parsed once per site, not per URL."""
    site = urlsplit(home)
    return (site.hostname or "").removeprefix("www."), site.path.rstrip("/")


def _site_path(url: str | None, home: str) -> str | None:
    old = parse_old_url(url)
    host, prefix = _home_parts(home)
    if old is None or old.query is not None or old.host != host:
        return None
    if prefix and not (old.path == prefix or old.path.startswith(prefix + "/")):
        return None
    path = old.path[len(prefix) :] or "/"
    segments = path.split("/")
    if UNSAFE.search(path) or "\\" in path or any(s in (".", "..") for s in segments) or path == "/":
        return None
    if "." not in segments[-1] and not path.endswith("/"):
        path += "/"  # a folder, so a generator writes its index.html there
    return path


def front_matter(
    post: PostRecord, place: Placement, generator: Generator, author: str | None, home: str
) -> dict[str, Any]:
    """The fields, in the order a reader looks for them; empty ones left out."""
    fields: dict[str, Any] = {
        "title": post.title or "",
        "date": wp_date(post.published_at, post.published_local),
        "lastmod": wp_date(post.modified_at, post.modified_local),
        "slug": place.slug,
        "author": author,
        "categories": _terms(post, "category"),
        "tags": _terms(post, "post_tag"),
        generator.summary_key: html_to_text(post.excerpt_html) or None,
        "draft": True if place.draft else None,
        "wp_id": post.wp_id,
        "wp_status": post.status if post.status != PUBLISHED else None,
        "password_protected": True if post.password else None,  # that it was, never the password
        "wp_url": post.url,
        generator.aliases_key: [p for p in old_paths(post, home) if p != place.new_path] or None,
        "comments_key": place.thread_key,
        "taxonomies": _other_terms(post) or None,
        "custom_fields": _custom_fields(post) or None,
    }
    fields.update(EXTRA_FIELDS.get(generator.name, _no_extra)(post, place))
    return {key: value for key, value in fields.items() if value is not None and value != []}


def _terms(post: PostRecord, taxonomy: str) -> list[str]:
    return [term.name or term.slug for term in post.terms if term.taxonomy == taxonomy]


def _other_terms(post: PostRecord) -> dict[str, list[str]]:
    """Post formats and custom taxonomies, by taxonomy."""
    found: dict[str, list[str]] = {}
    for term in post.terms:
        if term.taxonomy not in ("category", "post_tag"):
            found.setdefault(term.taxonomy, []).append(term.name or term.slug)
    return found


def _custom_fields(post: PostRecord) -> dict[str, Any]:
    """Public post meta (request 13: custom fields are what converters lose): a key WordPress does not
    mark internal, one value or a list when the key repeats; location only where made public."""
    geo_public = any(key == "geo_public" and value.strip() == "1" for key, value in post.meta)
    found: dict[str, Any] = {}
    for key, value in post.meta:
        if key.startswith("_") or (key.startswith("geo_") and not geo_public):
            continue
        if key in found:
            found[key] = [*found[key], value] if isinstance(found[key], list) else [found[key], value]
        else:
            found[key] = value
    return found


def _no_extra(post: PostRecord, place: Placement) -> dict[str, Any]:
    return {}


def _jekyll(post: PostRecord, place: Placement) -> dict[str, Any]:
    # Liquid would run on a post about {{ templates }}; pages say where they go (Jekyll would
    # make about.html of about.md), and an unpublished page is kept out with published: false.
    extra: dict[str, Any] = {"permalink": place.new_path, "render_with_liquid": False}
    if place.draft and post.post_type == "page":
        extra["published"] = False
    return extra


def _eleventy(post: PostRecord, place: Placement) -> dict[str, Any]:
    extra: dict[str, Any] = {"layout": "post.njk"}
    if place.draft:  # Eleventy has no drafts: no page, and in no collection
        extra.update(permalink=False, eleventyExcludeFromCollections=True)
    return extra


EXTRA_FIELDS = {"jekyll": _jekyll, "eleventy": _eleventy}


def document(fields: dict[str, Any], body: str) -> str:
    """A Markdown file: the YAML front matter between ``---`` lines, then the body."""
    return f"---\n{dump_yaml(fields)}---\n\n{body}"
