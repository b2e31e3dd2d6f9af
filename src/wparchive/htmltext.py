"""HTML to plain text for full-text search, and plain text to paragraph HTML.

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
    r"<(?:br|/?p|/?div|/?li|/?ul|/?ol|/?h[1-6]|/?blockquote|/?pre|/?tr|/?table|/?figure|/?figcaption|hr)"
    r"\b[^>]*>",
    re.I,
)
_TAGS = re.compile(r"<[^>]*>")
_ODD_SPACES = re.compile(r"[\t\r\f\v\u00a0]+")
_SPACE_RUNS = re.compile(r"  +")
_LINE_END_SPACES = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n\n\n+")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);", re.I)
ENTITY_PASSES = 3  # "&amp;#8211;" (escaped twice by a pingback's sender) takes two


def decode_entities(value: str | None) -> str | None:
    """A plain-text value (a title, a name) with its character references decoded.

    WordPress keeps titles, commenters' names and pingback titles with entities in them
    ("Tom&#039;s", "&laquo; Blog", "A &#8211; B"), sometimes escaped twice; a reader should see
    the characters. For values that are text, not for HTML content (which stays as written).
    """
    if not value or "&" not in value:
        return value
    for _ in range(ENTITY_PASSES):
        if not _ENTITY.search(value):
            break
        value = html.unescape(value)
    return value


def html_to_text(value: str | None) -> str | None:
    """Readable plain text of an HTML fragment (None stays None)."""
    if value is None:
        return None
    if "<" not in value and "&" not in value:
        return normalise_whitespace(value)
    text = value
    # Guards skip whole passes over the text when they cannot match (most bodies).
    if "<!--" in text:
        text = _COMMENTS.sub("", text)
    if "<script" in text or "<style" in text or "<SCRIPT" in text or "<STYLE" in text:
        text = _DROP_BLOCKS.sub("", text)
    text = _BREAKS.sub("\n", text)
    text = _TAGS.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return normalise_whitespace(text)


def normalise_whitespace(text: str) -> str:
    """Collapse runs of spaces and of blank lines to one, and trim the ends.

    Python's ``re`` scans character classes slowly and a pattern that matches
    every space between words is slower still (ten times, on a 100 MB export),
    so each pass runs only when a plain substring test says it has work to do.
    """
    if "\t" in text or "\r" in text or "\xa0" in text or "\f" in text or "\v" in text:
        text = _ODD_SPACES.sub(" ", text)
    if "  " in text:
        text = _SPACE_RUNS.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _LINE_END_SPACES.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def text_to_html(text: str | None) -> str | None:
    """Paragraph HTML of plain text (a scraped page's body or comment): blank lines part paragraphs."""
    if text is None:
        return None
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n") if p)
