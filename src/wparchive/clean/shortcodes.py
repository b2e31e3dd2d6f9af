"""Shortcodes: captions and embeds become HTML; other known shortcodes are kept and flagged."""

from __future__ import annotations

import re

from wparchive.clean.base import Edit, outside, protected_spans

# -- shortcodes -----------------------------------------------------------------------------------
_CAPTION = re.compile(r"\[(caption|wp_caption)(?P<attrs>[^\]]*)\](?P<body>.*?)\[/\1\]", re.S)
_ENCLOSED_URL = re.compile(
    r"\[(embed|youtube|vimeo|soundcloud|video|audio)(?P<attrs>[^\]]*)\](?P<body>https?://[^\[\s]+)\[/\1\]"
)
_INLINE_URL = re.compile(r"\[(youtube|vimeo|soundcloud|embed)(?:=|\s+)(?P<url>https?://[^\]\s]+)[^\]]*\]")
_MEDIA_SRC = re.compile(
    r"\[(audio|video)\s+[^\]]*?(?:src|mp3|mp4|m4a|ogg|wav|webm)="
    r"[\"'](?P<url>https?://[^\"']+)[\"'][^\]]*\](?:\s*\[/\1\])?"
)
_ANY_SHORTCODE = re.compile(
    r"\[(?P<name>[a-zA-Z][\w-]{1,40})(?=[\s\]=/])(?:[^\[\]]{0,500})\]"
    r"(?:(?:(?!\[/?(?P=name)\b).){0,5000}\[/(?P=name)\])?",
    re.S,
)
_IMG_OR_LINK = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S)
# WordPress core and very common plugin shortcodes: only these are flagged when kept.
KNOWN_SHORTCODES = {
    "gallery",
    "playlist",
    "audio",
    "video",
    "embed",
    "caption",
    "wp_caption",
    "youtube",
    "vimeo",
    "soundcloud",
    "googlemaps",
    "slideshow",
    "contact-form",
    "contact-form-7",
    "polldaddy",
    "twitter",
    "instagram",
    "spotify",
    "archives",
    "sourcecode",
    "code",
    "latex",
    "scribd",
    "dailymotion",
    "flickr",
    "ted",
    "tweet",
    "recipe",
}


def _link(url: str) -> str:
    return f'<a href="{url}">{url}</a>'


def find_shortcodes(value: str, is_html: bool) -> list[Edit]:
    """[caption] becomes <figure>; [embed], [youtube], [audio], [video] with a URL: links; others flagged."""
    if "[" not in value:
        return []
    protected = protected_spans(value, is_html)
    edits: list[Edit] = []

    def add(start: int, end: int, replacement: str) -> None:
        if outside(protected, start, end) and outside([(e.start, e.end) for e in edits], start, end):
            edits.append(Edit(start, end, replacement))

    for match in _CAPTION.finditer(value):
        figure = _caption_figure(match.group("body"))
        add(match.start(), match.end(), figure if figure else match.group(0))
    for pattern in (_ENCLOSED_URL, _INLINE_URL, _MEDIA_SRC):
        for match in pattern.finditer(value):
            url = match.groupdict().get("url") or match.group("body")
            add(match.start(), match.end(), _link(url))
    for match in _ANY_SHORTCODE.finditer(value):
        if match.group("name").lower() in KNOWN_SHORTCODES:
            add(match.start(), match.end(), match.group(0))  # kept, flagged
    return sorted(edits, key=lambda e: e.start)


def _caption_figure(body: str) -> str | None:
    match = _IMG_OR_LINK.match(body)
    if not match:
        return None
    caption = match.group(2).strip()
    text = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{match.group(1).strip()}{text}</figure>"
