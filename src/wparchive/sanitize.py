"""Sanitise stored HTML before anything renders it (Ammonia through nh3).

Posts get roughly what WordPress lets authors write (nh3's defaults: text,
structure, links, images, tables, figures); comments get WordPress's comment
allowlist. No script, style, event handler or ``javascript:`` URL survives,
and links get ``rel="noopener noreferrer nofollow"``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

COMMENT_TAGS = {
    "a",
    "abbr",
    "acronym",
    "b",
    "blockquote",
    "br",
    "cite",
    "code",
    "del",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "strike",
    "strong",
    "ul",
}
COMMENT_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "acronym": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_post_html(value: str | None) -> str | None:
    """HTML of a post or excerpt, safe to render."""
    if value is None:
        return None
    return nh3.clean(value, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow")


def clean_comment_html(value: str | None) -> str | None:
    """HTML of a comment, with the tags WordPress allows commenters."""
    if value is None:
        return None
    return nh3.clean(
        value,
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


LINK_SCHEMES = ("http", "https")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def http_url(value: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL, else None: only these may become a link.

    ``javascript:``, ``data:``, ``vbscript:``, relative and malformed values are refused
    (the caller keeps the original text elsewhere, so nothing is lost).
    """
    if not value:
        return None
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.hostname:
        return None
    if _CONTROL.search(text):  # a control character hidden in it
        return None
    return text
