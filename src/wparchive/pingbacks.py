"""Pingbacks and trackbacks: who linked to whom.

WordPress stores both as comments (research/wxr.md §0.4): the linking page's URL
is the comment author URL; for a pingback the author name is the linking page's
``<title>``, usually "Post title « Site" (or "Site » Post title", "Post | Site");
for a trackback the author name is the linking blog's name and the content starts
with ``<strong>Post title</strong>``. The excerpt sits between "[…]" marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from wparchive.htmltext import html_to_text

LINK_TYPES = ("pingback", "trackback")
# Separator -> whether the site name comes after it ("Post « Site") or before.
TITLE_SEPARATORS = (
    (" « ", True),
    (" | ", True),
    (" – ", True),
    (" — ", True),
    (" » ", False),
    (" :: ", True),
)
_STRONG_TITLE = re.compile(r"^\s*<strong>(.*?)</strong>", re.S | re.I)
_ELLIPSIS_MARKS = re.compile(
    r"^\s*\[(?:…|\.\.\.|&#8230;|&hellip;)\]\s*|\s*\[(?:…|\.\.\.|&#8230;|&hellip;)\]\s*$"
)


@dataclass
class PingbackInfo:
    source_url: str | None
    source_url_key: str | None
    source_title: str | None
    source_site: str | None
    excerpt: str | None


def url_key(url: str | None) -> str | None:
    """A comparable form of a URL: host without www, path without trailing slash, query kept."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if not host:
        return None
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def split_title(author_name: str | None) -> tuple[str | None, str | None]:
    """ "Post « Site" -> ("Post", "Site"); a name without separator is all title."""
    if not author_name:
        return None, None
    for separator, site_after in TITLE_SEPARATORS:
        if separator in author_name:
            if site_after:
                title, _, site = author_name.rpartition(separator)
            else:
                site, _, title = author_name.partition(separator)
            return title.strip() or None, site.strip() or None
    return author_name.strip(), None


def describe_link(
    comment_type: str, author_name: str | None, author_url: str | None, content_html: str | None
) -> PingbackInfo:
    """Source URL, title, site and excerpt of a pingback or trackback comment."""
    content = content_html or ""
    if comment_type == "trackback":
        strong = _STRONG_TITLE.match(content)
        title = html_to_text(strong.group(1)) if strong else None
        site = author_name.strip() if author_name else None
        body = content[strong.end() :] if strong else content
    else:
        title, site = split_title(author_name)
        body = content
    excerpt = _ELLIPSIS_MARKS.sub("", html_to_text(body) or "").strip() or None
    return PingbackInfo(author_url, url_key(author_url), title, site, excerpt)
