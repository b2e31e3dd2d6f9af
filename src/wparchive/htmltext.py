"""HTML to plain text for full-text search.

This runs on every post and comment of an export, so it is a pair of compiled
regular expressions rather than a DOM parse: block-level tags become line breaks,
other tags vanish, entities are decoded. The HTML itself is kept untouched in
``*_html`` columns; this text only feeds ``*_text`` and the FTS index.
"""

from __future__ import annotations

import html
import re

_DROP_BLOCKS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
_BREAKS = re.compile(
    r"<(?:br|/?p|/?div|/?li|/?ul|/?ol|/?h[1-6]|/?blockquote|/?pre|/?tr|/?table|/?figure|/?figcaption|hr)\b[^>]*>",
    re.I,
)
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\s*\n\s*(?:\n\s*)+")


def html_to_text(value: str | None) -> str | None:
    """Readable plain text of an HTML fragment (None stays None)."""
    if value is None:
        return None
    if "<" not in value and "&" not in value:
        return value.strip()
    text = _COMMENTS.sub("", value)
    text = _DROP_BLOCKS.sub("", text)
    text = _BREAKS.sub("\n", text)
    text = _TAGS.sub("", text)
    text = html.unescape(text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()
