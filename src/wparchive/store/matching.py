"""How a comment or post without a WordPress id is known again in another source."""

from __future__ import annotations

import hashlib

from wparchive.htmltext import decode_entities
from wparchive.pingbacks import LINK_TYPES, url_key


def content_digest(*parts: str | None) -> str:
    """A short digest of texts, blind to case and to how whitespace was laid out."""
    text = "\x1f".join(" ".join((part or "").split()).casefold() for part in parts)
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def match_keys(kind: str | None, author: str | None, text: str | None, url: str | None) -> list[str]:
    """An id-less comment's keys: a ping by the page that linked (its type may be told differently:
    Twenty Eleven prints a trackback as "Pingback:"), a comment by its type, author and text."""
    if kind in LINK_TYPES and url_key(url):
        return [f"ping:{url_key(url)}"]
    # Names are stored decoded ("Tom&#039;s" as "Tom's"): a record's name is keyed the same way.
    return [content_digest(kind, decode_entities(author), (text or "")[:300])]
