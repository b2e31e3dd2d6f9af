"""The site a response belongs to, its users and its terms (``wp/v2/users``, ``categories``, ``tags``).

A response rarely names its site: the API's index (``/wp-json/``) does (``home``, ``name``); else the
site is where the API lives, the URL before ``/wp-json/`` (or ``?rest_route=``) in the response's own
URL or its objects' ``_links``, else the scheme and host of their ``link``s. A Wayback capture's file
name says where and when it was captured (``web/20200101000000id_/https://site/wp-json/…``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from wparchive.model import AuthorRecord, SiteRecord, TermRecord
from wparchive.readers.html.page import site_home
from wparchive.readers.rest.fields import link, number, scalar, text, unwrapped, wp_id
from wparchive.sanitize import http_url

_API = re.compile(r"^(https?://[^?#]*?)/wp-json(?:[/?#]|$)|^(https?://[^?#]*?)/?(?:index\.php)?\?rest_route=")
_CAPTURE = re.compile(r"/web/(\d{14})(?:[a-z]{2}_)?/(https?):/{1,2}([^/]+.*)$")


@dataclass
class Capture:
    url: str
    captured_at: str | None


def capture_of(label: str) -> Capture | None:
    """Where and when a file saved from the Wayback Machine under its capture URL was captured."""
    match = _CAPTURE.search(label.replace("\\", "/"))
    if match is None:
        return None
    stamp, scheme, rest = match.groups()
    try:
        when: str | None = datetime.strptime(stamp, "%Y%m%d%H%M%S").strftime("%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        when = None
    return Capture(f"{scheme}://{rest}", when)


def is_index(obj: dict[str, Any]) -> bool:
    return "namespaces" in obj and ("routes" in obj or "home" in obj)


def is_term(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("taxonomy"), str) and isinstance(obj.get("slug"), str)


def is_user(obj: dict[str, Any]) -> bool:
    return (
        isinstance(obj.get("slug"), str)
        and "name" in obj
        and ("avatar_urls" in obj or "link" in obj)
        and not any(key in obj for key in ("type", "taxonomy", "post"))
    )


def api_home(url: str | None) -> str | None:
    """The site of an API URL: what comes before ``/wp-json/`` or ``?rest_route=``."""
    match = _API.match(unwrapped(url)) if url else None
    return site_home(match.group(1) or match.group(2)) if match else None


def _hrefs(obj: dict[str, Any]) -> list[str]:
    links = obj.get("_links")
    if not isinstance(links, dict):
        return []
    found = []
    for name in ("self", "collection"):
        for target in links.get(name) or []:
            if isinstance(target, dict) and isinstance(target.get("href"), str):
                found.append(target["href"])
    return found


def home_of(objects: list[dict[str, Any]], index: dict[str, Any] | None, url: str | None) -> str | None:
    """The site's home: the index's, else where the API lives, else the host of the objects' links."""
    if index is not None:
        found = site_home(http_url(unwrapped(text(index.get("home")) or "")))
        if found:
            return found
    for candidate in [url, *(href for obj in objects[:20] for href in _hrefs(obj))]:
        home = api_home(candidate)
        if home:
            return home
    for obj in objects[:20]:
        page = http_url(unwrapped(text(obj.get("link")) or ""))
        if page:
            parts = urlsplit(page)
            return site_home(f"{parts.scheme}://{parts.netloc}/")
    return None


def site_record(home: str, index: dict[str, Any] | None) -> SiteRecord:
    """The site as a page sees it (``merge``): what the index says of it fills what the archive lacks."""
    site = SiteRecord(url=home, merge=True)
    if index is None:
        return site
    site.title = text(index.get("name"))
    site.description = text(index.get("description")) or None
    site.base_site_url = http_url(unwrapped(text(index.get("url")) or ""))
    site.base_blog_url = http_url(unwrapped(text(index.get("home")) or ""))
    said = {
        key: index.get(key) for key in ("gmt_offset", "timezone_string") if index.get(key) not in (None, "")
    }
    if said:
        site.extra["rest"] = said
    return site


def author_record(obj: dict[str, Any]) -> AuthorRecord | None:
    """A user: login = the ``username`` a response read with ``context=edit`` has, else the slug."""
    slug = scalar(obj.get("slug"))
    login = scalar(obj.get("username")) or slug
    if login is None:
        return None
    extra: dict[str, Any] = {}
    rest = {
        "slug": slug,
        "link": link(obj.get("link"), extra, "link"),
        "url": link(obj.get("url"), extra, "url"),  # the user's website
        "description": text(obj.get("description")) or None,
    }
    extra["rest"] = {key: value for key, value in rest.items() if value is not None}
    return AuthorRecord(
        login=login,
        wp_id=wp_id(obj.get("id")),
        display_name=text(obj.get("name")) or None,
        first_name=text(obj.get("first_name")) or None,
        last_name=text(obj.get("last_name")) or None,
        email=text(obj.get("email")) or None,
        extra=extra,
        merge=True,
    )


def term_records(objects: list[dict[str, Any]]) -> list[TermRecord]:
    """Categories, tags and custom terms; a parent by its id, as a slug when the same response has it."""
    slugs = {(obj["taxonomy"], wp_id(obj.get("id"))): obj["slug"] for obj in objects}
    terms = []
    for obj in objects:
        parent = wp_id(obj.get("parent"))
        extra: dict[str, Any] = {}
        rest = {
            "parent": parent,
            "count": number(obj.get("count")),
            "link": link(obj.get("link"), extra, "link"),
        }
        extra["rest"] = {key: value for key, value in rest.items() if value is not None}
        terms.append(
            TermRecord(
                taxonomy=obj["taxonomy"].strip(),
                slug=obj["slug"].strip(),
                name=text(obj.get("name")),
                wp_id=wp_id(obj.get("id")),
                parent_slug=slugs.get((obj["taxonomy"], parent)) if parent else None,
                description=text(obj.get("description")) or None,
                extra=extra,
                merge=True,
            )
        )
    return terms
