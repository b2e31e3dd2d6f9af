"""Page debris in stored content: furniture lines, share widgets, glued alt text, Cloudflare, Wayback."""

from __future__ import annotations

import re

from wparchive import furniture
from wparchive.clean.base import Edit, outside, protected_spans

# -- page furniture in content ----------------------------------------------------------------
_BLOCK = r"(?:p|div|h[1-6]|span|li|strong|em)"


def _is_furniture(text: str) -> bool:
    # One-word lines ("Edit", "Twitter", "Related") are furniture on a page's edge, but a post's
    # own paragraph may be a single word: in stored content only longer lines are removed.
    if len(text.split()) < 2 and not text.startswith("Loading"):
        return False
    return bool(furniture.boilerplate_kind(text)) or _is_tag_archive(text)


def find_boilerplate_lines(value: str, is_html: bool) -> list[Edit]:
    """Whole lines (or whole HTML blocks) that are comment-form, widget or navigation text."""
    edits: list[Edit] = []
    if is_html:
        for match in re.finditer(rf"<({_BLOCK})\b[^>]*>\s*([^<\n]{{1,120}}?)\s*</\1>\s*\n?", value, re.I):
            if _is_furniture(match.group(2)):
                edits.append(Edit(match.start(), match.end(), ""))
        return edits
    offset = 0
    for line in value.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and _is_furniture(stripped):
            edits.append(Edit(offset, offset + len(line), ""))
        offset += len(line)
    return edits


def _is_tag_archive(line: str) -> bool:
    return (
        bool(re.match(r"^(?:Tag Archive for|Category Archives?:|Posts Tagged)\b", line))
        and len(line.split()) <= 12
    )


_WIDGET_START = re.compile(
    r"<div\b[^>]*\b(?:class|id)=[\"'][^\"']*\b"
    r"(?:sharedaddy|sd-sharing-enabled|sd-like|jp-relatedposts|jp-post-flair|"
    r"yarpp-related|wp_rp_wrap|addtoany_share_save_container|shareaholic-canvas)\b[^\"']*[\"'][^>]*>",
    re.I,
)
_DIV_TAG = re.compile(r"<(/?)div\b[^>]*>", re.I)


def _matching_div_end(value: str, start: int) -> int | None:
    """End offset of the </div> that closes the <div> opened at ``start`` (nested divs counted)."""
    depth = 0
    for tag in _DIV_TAG.finditer(value, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return None


def find_widget_blocks(value: str, is_html: bool) -> list[Edit]:
    """Share, like and related-posts widgets (Jetpack, YARPP, AddToAny …) captured with the content."""
    if not is_html:
        return []
    protected = protected_spans(value, is_html)
    edits: list[Edit] = []
    for match in _WIDGET_START.finditer(value):
        if edits and match.start() < edits[-1].end:
            continue  # nested inside a widget already removed
        end = _matching_div_end(value, match.start())
        if end is not None and outside(protected, match.start(), end):
            edits.append(Edit(match.start(), end, ""))
    return edits


# -- scraped-text debris ------------------------------------------------------------------------
def find_glued_alt(value: str, is_html: bool) -> list[Edit]:
    """An image's alt text stuck to the first word of a paragraph in scraped text ("grocerystoreMoving")."""
    return [] if is_html else [Edit(start, end, "") for start, end in furniture.glued_alt_spans(value)]


_CF_EMAIL_HTML = re.compile(
    r"<a[^>]*href=\"[^\"]*/cdn-cgi/l/email-protection[^\"]*\""
    r"[^>]*data-cfemail=\"(?P<hex>[0-9a-fA-F]+)\"[^>]*>.*?</a>"
    r"|<(?:a|span)[^>]*data-cfemail=\"(?P<hex2>[0-9a-fA-F]+)\"[^>]*>.*?</(?:a|span)>",
    re.S,
)
_CF_PLACEHOLDER = re.compile(r"\[email(?:&#160;|\u00a0| )protected\]")


def decode_cfemail(hex_value: str) -> str:
    """Cloudflare's e-mail obfuscation: the first byte is the XOR key of the rest."""
    data = bytes.fromhex(hex_value)
    return bytes(b ^ data[0] for b in data[1:]).decode("utf-8", errors="replace")


def find_email_protection(value: str, is_html: bool) -> list[Edit]:
    """Cloudflare's "[email protected]": decoded back to the address when the page kept the code."""
    edits = []
    if is_html:
        for match in _CF_EMAIL_HTML.finditer(value):
            edits.append(
                Edit(match.start(), match.end(), decode_cfemail(match.group("hex") or match.group("hex2")))
            )
    covered = [(e.start, e.end) for e in edits]
    for match in _CF_PLACEHOLDER.finditer(value):
        if outside(covered, *match.span()):
            edits.append(Edit(match.start(), match.end(), ""))
    return sorted(edits, key=lambda e: e.start)


_WAYBACK_LINES = re.compile(
    r"(?m)^[ \t]*(?:The Wayback Machine - https?://web\.archive\.org/\S*|\d+ captures?|Captured \d+ times?.*|"
    r"\d{1,2} [A-Z][a-z]{2} \d{4} - \d{1,2} [A-Z][a-z]{2} \d{4}|About this capture|COLLECTED BY|TIMESTAMPS|"
    r"Organization: Internet Archive|success|fail|Collection: [^\n]{1,80})[ \t]*\n?"
)


def find_wayback_toolbar(value: str, is_html: bool) -> list[Edit]:
    """The Wayback Machine's toolbar text, only where its own heading line is present."""
    if "web.archive.org" not in value and "Wayback Machine" not in value:
        return []
    anchor = re.search(
        r"(?m)^[ \t]*(?:The Wayback Machine - https?://web\.archive\.org/\S*|\d+ captures?)[ \t]*$", value
    )
    if not anchor:
        return []
    window_end = anchor.start() + 1500
    return [
        Edit(m.start(), m.end(), "")
        for m in _WAYBACK_LINES.finditer(value, max(0, anchor.start() - 500), window_end)
    ]
