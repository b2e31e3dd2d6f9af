"""Paragraphs as WordPress shows them: its ``wpautop`` rules, written from their documented behaviour.

WordPress stores a classic-editor post or a comment without ``<p>``: the text is typed with blank
lines between paragraphs, and ``wpautop`` makes the paragraphs when the page is shown. So a stored
body shown as it is runs its paragraphs together. The rules, as WordPress documents them:

* a blank line (two or more newlines) ends a paragraph; each paragraph becomes ``<p>…</p>``;
* a single newline inside a paragraph becomes ``<br />``;
* block-level markup (lists, tables, headings, quotes, ``div``, ``figure``, …) is not wrapped in a
  paragraph, and no ``<br />`` is put right before or after a block tag;
* nothing changes inside ``<pre>``, ``<script>``, ``<style>``, ``<svg>`` or ``<textarea>``, nor
  inside an HTML comment;
* a post written with the block editor (``<!-- wp:paragraph -->`` …) already holds its markup, and
  WordPress does not apply the rules to it; neither do we.

This module imports nothing but the standard library: ``publish`` copies it beside the Datasette
plugin, which runs in published sites without wparchive installed.
"""

from __future__ import annotations

import re

BLOCKS = (
    "address|article|aside|blockquote|caption|col|colgroup|dd|details|div|dl|dt|fieldset|figcaption|"
    "figure|footer|form|h[1-6]|header|hgroup|hr|legend|li|main|map|math|menu|nav|ol|option|p|pre|"
    "section|select|summary|table|tbody|td|tfoot|th|thead|tr|ul"
)
_OPEN_BLOCK = re.compile(rf"(<(?:{BLOCKS})(?:\s[^>]*)?>)", re.I)
_CLOSE_BLOCK = re.compile(rf"(</(?:{BLOCKS})>)", re.I)
_ANY_BLOCK = rf"</?(?:{BLOCKS})(?:\s[^>]*)?/?>"
# Kept as they are: their newlines mean something (code, scripts) or are not text at all.
_PROTECTED = re.compile(r"<(pre|script|style|svg|textarea)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_BLOCK_EDITOR = "<!-- wp:"
# Paragraph tags that the wrapping put where HTML does not want them, and what they become.
_UNWRAP = [
    (re.compile(r"<p>\s*</p>"), ""),  # nothing inside
    (re.compile(r"<p>([^<]+)</(div|address|form)>", re.I), r"<p>\1</p></\2>"),  # text closing a block
    (re.compile(rf"<p>\s*({_ANY_BLOCK})\s*</p>", re.I), r"\1"),  # a block tag alone
    (re.compile(r"<p>(<li.+?)</p>", re.I | re.S), r"\1"),  # list items
    (re.compile(r"<p><blockquote([^>]*)>", re.I), r"<blockquote\1><p>"),  # quotes hold paragraphs
    (re.compile(r"</blockquote></p>", re.I), "</p></blockquote>"),
    (re.compile(rf"<p>\s*({_ANY_BLOCK})", re.I), r"\1"),  # a block opening a paragraph
    (re.compile(rf"({_ANY_BLOCK})\s*</p>", re.I), r"\1"),  # or closing one
]
_BREAK_AFTER_BLOCK = re.compile(rf"({_ANY_BLOCK})\s*<br />", re.I)
_BREAK_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.I)


def autop(text: str | None, breaks: bool = True) -> str:
    """``text`` with its paragraphs in ``<p>`` and, when ``breaks``, its line breaks as ``<br />``."""
    if not text or not text.strip():
        return text or ""
    if _BLOCK_EDITOR in text:
        return text
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in text and "<" not in text:
        return f"<p>{text.strip()}</p>"  # one line of plain text (most comments): one paragraph
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        mark = f"\x00{len(kept) - 1}\x00"
        return f"\n\n{mark}\n\n" if match.group(0)[:4].lower() == "<pre" else mark  # pre is a block

    text = _PROTECTED.sub(keep, text)
    # Block tags stand apart from the text around them, so that a paragraph never spans one.
    text = _CLOSE_BLOCK.sub(r"\1\n\n", _OPEN_BLOCK.sub(r"\n\n\1", text))
    parts = [part.strip() for part in _PARAGRAPH_BREAK.split(text + "\n")]
    html = "".join(f"<p>{part}</p>\n" for part in parts if part)
    for pattern, replacement in _UNWRAP:
        html = pattern.sub(replacement, html)
    if breaks:
        html = _line_breaks(html)
    html = re.sub(r"<p>(\x00\d+\x00)</p>", r"\1", html)  # a <pre> alone
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], html).strip()


def _line_breaks(html: str) -> str:
    """A newline left inside a paragraph is a line break, except beside a block tag."""
    html = re.sub(r"(?<!<br />)\s*\n(?!$)", "<br />\n", html.rstrip("\n")) + "\n"
    html = _BREAK_AFTER_BLOCK.sub(r"\1", html)
    return _BREAK_BEFORE_BLOCK.sub(r"\1", html)
