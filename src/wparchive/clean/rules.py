"""The artefact rules: one small named unit each, with examples and a look-alike.

A rule finds spans of a value to change (``Edit``: start, end, replacement).
Removal is a replacement by "". A rule that only flags (a shortcode whose
meaning is unclear) returns an edit whose replacement equals the original,
which the engine records without changing the value. Every rule documents
what it matches, an example, its false-positive risk and the look-alike its
test keeps (docs/cleaning-rules.md is the catalogue).

Rules see one column value at a time and know whether it is HTML or plain
text. Text inside ``<pre>`` and ``<code>`` is never touched: a post that
explains a PHP warning keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import ftfy
from ftfy.badness import is_bad

from wparchive import furniture


@dataclass
class Edit:
    start: int
    end: int
    replacement: str


@dataclass
class Rule:
    name: str
    summary: str
    example: str  # before -> after, for the catalogue and --list-rules
    risk: str  # what a false positive would look like, and what keeps it away
    find: Callable[[str, bool], list[Edit]]  # (value, is_html) -> edits
    quick: tuple[str, ...] = ()  # substrings one of which must be present (fast skip)
    columns: tuple[str, ...] = ("content",)  # content / title / excerpt
    precheck: Callable[[str], bool] | None = None  # instead of ``quick``, when substrings cannot say
    kinds: tuple[str, ...] = ("wxr", "text")  # source kinds whose values can hold this artefact

    def may_apply(self, value: str) -> bool:
        if self.precheck is not None:
            return self.precheck(value)
        # map() over the bound __contains__ keeps every substring search in C (a generator
        # expression here cost more than all the rules together).
        return not self.quick or any(map(value.__contains__, self.quick))


def _protected(value: str, is_html: bool) -> list[tuple[int, int]]:
    if not is_html or ("<pre" not in value and "<code" not in value):
        return []
    return [m.span() for m in re.finditer(r"<(pre|code)\b[^>]*>.*?</\1\s*>", value, re.S | re.I)]


def _outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in spans)


def _regex_rule(pattern: re.Pattern[str], replacement: str = "", own_markup: str | None = None) -> Callable[[str, bool], list[Edit]]:
    def find(value: str, is_html: bool) -> list[Edit]:
        """Every match becomes an edit, except inside <pre>/<code> (unless the match is the artefact's own markup)."""
        protected = _protected(value, is_html)
        return [
            Edit(m.start(), m.end(), replacement)
            for m in pattern.finditer(value)
            if _outside(protected, *m.span()) or (own_markup and own_markup in m.group(0))
        ]

    return find


# -- PHP errors ---------------------------------------------------------------------------------
PHP_LEVELS = furniture.PHP_LEVELS
_PHP_HTML = re.compile(
    rf"(?:<br\s*/?>\s*)?<b>{PHP_LEVELS}</b>:\s+.*?\s+in\s+<b>[^<]+</b>\s+on line\s+<b>\d+</b>(?:\s*<br\s*/?>)?\n?",
    re.S,
)
_XDEBUG = re.compile(r"(?:<br\s*/?>\s*)?(?:<font[^>]*>\s*)?<table[^>]*class=['\"]xdebug-error.*?</table>(?:\s*</font>)?\n?", re.S)
_PHP_TEXT = re.compile(rf"(?m)^[ \t]*{PHP_LEVELS}:\s+[^\n]*?\s+in\s+\S+\s+on line\s+\d+[ \t]*\n?")
_HEADERS_SENT = re.compile(r"(?m)^[ \t]*(?:<b>)?Warning(?:</b>)?:\s+Cannot modify header information - headers already sent by[^\n]*\n?")


def find_php_errors(value: str, is_html: bool) -> list[Edit]:
    """xdebug tables, HTML warnings (<b>Warning</b>: … on line <b>N</b>), 'headers already sent', text warnings."""
    edits: list[Edit] = []
    for pattern in (_XDEBUG, _PHP_HTML, _HEADERS_SENT, _PHP_TEXT):
        for edit in _regex_rule(pattern)(value, is_html):
            if all(edit.end <= e.start or edit.start >= e.end for e in edits):
                edits.append(edit)
    return sorted(edits, key=lambda e: e.start)


# Every shape wpdb::print_error() has printed (issue 8 §12):
# - WordPress 2.x-3.x: "<div id='error'>\n\t\t\t<p class='wpdberror'><strong>WordPress database error:</strong>
#   [msg]<br />\n\t\t\t<code>query</code></p>\n\t\t\t</div>" (single quotes, newlines and tabs inside);
# - WordPress 4.x-6.x: '<div id="error"><p class="wpdberror"><strong>%s</strong> [%s]<br /><code>%s</code></p></div>'
#   on one line, the label translated;
# - multisite, wp_die() and text renderings: "WordPress database error: [msg]" and the query on the next line;
# - the error_log() line: "WordPress database error msg for query q made by caller".
# The HTML shapes are found by their markup (class wpdberror), whatever the label's language.
_DB_ERROR_HTML = re.compile(
    r"(?:<div id=['\"]error['\"]>\s*)?<p class=['\"]wpdberror['\"]>.{0,20000}?</p>(?:\s*</div>)?\n?",
    re.S | re.I,
)
_DB_ERROR_TEXT = re.compile(
    rf"(?:<strong>)?{furniture.DATABASE_ERROR_LABEL}\s*:?(?:</strong>)?\s*\[[^\]\n]*\][^\n]*?"
    r"(?:\n[^\n]*?)?made by [^\n<]*\n?"
    rf"|(?m:^[ \t]*{furniture.DATABASE_ERROR_LABEL}\s*:?[^\n]*\n?)"
)


def find_database_errors(value: str, is_html: bool) -> list[Edit]:
    """wpdb's HTML error block (any version, any language), its log line and its text form."""
    edits: list[Edit] = []
    # The HTML block holds its query in <code>: it is the artefact's own markup, not protected text.
    for pattern, own_markup in ((_DB_ERROR_HTML, "wpdberror"), (_DB_ERROR_TEXT, None)):
        for edit in _regex_rule(pattern, own_markup=own_markup)(value, is_html):
            if all(edit.end <= e.start or edit.start >= e.end for e in edits):
                edits.append(edit)
    return sorted(edits, key=lambda e: e.start)


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
    return bool(re.match(r"^(?:Tag Archive for|Category Archives?:|Posts Tagged)\b", line)) and len(line.split()) <= 12


_WIDGET_START = re.compile(
    r"<div\b[^>]*\b(?:class|id)=[\"'][^\"']*\b(?:sharedaddy|sd-sharing-enabled|sd-like|jp-relatedposts|jp-post-flair|"
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
    protected = _protected(value, is_html)
    edits: list[Edit] = []
    for match in _WIDGET_START.finditer(value):
        if edits and match.start() < edits[-1].end:
            continue  # nested inside a widget already removed
        end = _matching_div_end(value, match.start())
        if end is not None and _outside(protected, match.start(), end):
            edits.append(Edit(match.start(), end, ""))
    return edits


# -- encoding -----------------------------------------------------------------------------------
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]+")


# Characters that UTF-8 bytes turn into when read as Windows-1252/Latin-1: mojibake is a run of them.
_MOJIBAKE_RUN = re.compile(
    "[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e"
    "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}"
)
_WORD_AROUND = re.compile(r"\S*")


def find_mojibake(value: str, is_html: bool) -> list[Edit]:
    """UTF-8 read as Windows-1252 ("doesnâ€™t"), repaired by ftfy word by word."""
    if not is_bad(value):
        return []
    edits: list[Edit] = []
    for run in _MOJIBAKE_RUN.finditer(value):
        start = value.rfind(" ", 0, run.start()) + 1
        end_match = _WORD_AROUND.match(value, run.end())
        end = end_match.end() if end_match else run.end()
        if edits and start < edits[-1].end:
            continue
        word = value[start:end]
        fixed = ftfy.fix_encoding(word)
        if fixed != word:
            edits.append(Edit(start, end, fixed))
    return edits


_DOUBLE_ENTITY = re.compile(r"&amp;((?:#\d{2,6}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});)")
_TITLE_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,6}|amp|lt|gt|quot|apos|nbsp|hellip|[lr]squo|[lr]dquo|ndash|mdash);")


def find_title_entities(value: str, is_html: bool) -> list[Edit]:
    """Titles are plain text: "Ben &amp;amp; Jerry" or "Q&amp;A" left encoded by an old exporter."""
    import html

    edits = []
    for match in _DOUBLE_ENTITY.finditer(value):
        edits.append(Edit(match.start(), match.end(), html.unescape("&" + match.group(1))))
    covered = [(e.start, e.end) for e in edits]
    for match in _TITLE_ENTITY.finditer(value):
        if _outside(covered, *match.span()):
            edits.append(Edit(match.start(), match.end(), html.unescape(match.group(0))))
    return sorted(edits, key=lambda e: e.start)


# -- scraped-text debris ------------------------------------------------------------------------
def find_glued_alt(value: str, is_html: bool) -> list[Edit]:
    """An image's alt text stuck to the first word of a paragraph in scraped text ("grocerystoreMoving")."""
    return [] if is_html else [Edit(start, end, "") for start, end in furniture.glued_alt_spans(value)]


_CF_EMAIL_HTML = re.compile(
    r"<a[^>]*href=\"[^\"]*/cdn-cgi/l/email-protection[^\"]*\"[^>]*data-cfemail=\"(?P<hex>[0-9a-fA-F]+)\"[^>]*>.*?</a>"
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
            edits.append(Edit(match.start(), match.end(), decode_cfemail(match.group("hex") or match.group("hex2"))))
    covered = [(e.start, e.end) for e in edits]
    for match in _CF_PLACEHOLDER.finditer(value):
        if _outside(covered, *match.span()):
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
    anchor = re.search(r"(?m)^[ \t]*(?:The Wayback Machine - https?://web\.archive\.org/\S*|\d+ captures?)[ \t]*$", value)
    if not anchor:
        return []
    window_end = anchor.start() + 1500
    return [
        Edit(m.start(), m.end(), "")
        for m in _WAYBACK_LINES.finditer(value, max(0, anchor.start() - 500), window_end)
    ]


# -- shortcodes -----------------------------------------------------------------------------------
_CAPTION = re.compile(r"\[(caption|wp_caption)(?P<attrs>[^\]]*)\](?P<body>.*?)\[/\1\]", re.S)
_ENCLOSED_URL = re.compile(r"\[(embed|youtube|vimeo|soundcloud|video|audio)(?P<attrs>[^\]]*)\](?P<body>https?://[^\[\s]+)\[/\1\]")
_INLINE_URL = re.compile(r"\[(youtube|vimeo|soundcloud|embed)(?:=|\s+)(?P<url>https?://[^\]\s]+)[^\]]*\]")
_MEDIA_SRC = re.compile(r"\[(audio|video)\s+[^\]]*?(?:src|mp3|mp4|m4a|ogg|wav|webm)=[\"'](?P<url>https?://[^\"']+)[\"'][^\]]*\](?:\s*\[/\1\])?")
_ANY_SHORTCODE = re.compile(r"\[(?P<name>[a-zA-Z][\w-]{1,40})(?=[\s\]=/])(?:[^\[\]]{0,500})\](?:(?:(?!\[/?(?P=name)\b).){0,5000}\[/(?P=name)\])?", re.S)
_IMG_OR_LINK = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S)
# WordPress core and very common plugin shortcodes: only these are flagged when kept.
KNOWN_SHORTCODES = {
    "gallery", "playlist", "audio", "video", "embed", "caption", "wp_caption", "youtube", "vimeo", "soundcloud",
    "googlemaps", "slideshow", "contact-form", "contact-form-7", "polldaddy", "twitter", "instagram", "spotify",
    "archives", "sourcecode", "code", "latex", "scribd", "dailymotion", "flickr", "ted", "tweet", "recipe",
}  # fmt: skip


def _link(url: str) -> str:
    return f'<a href="{url}">{url}</a>'


def find_shortcodes(value: str, is_html: bool) -> list[Edit]:
    """[caption] becomes <figure>; [embed]/[youtube]/[audio]/[video] with a URL become links; others are flagged."""
    if "[" not in value:
        return []
    protected = _protected(value, is_html)
    edits: list[Edit] = []

    def add(start: int, end: int, replacement: str) -> None:
        if _outside(protected, start, end) and _outside([(e.start, e.end) for e in edits], start, end):
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


RULES: list[Rule] = [
    Rule(
        "php_errors",
        "PHP warnings, notices, deprecations and fatal errors printed into a page, as text or HTML, including xdebug tables and 'headers already sent'",
        "Warning: fsockopen() [function.fsockopen]: unable to connect to twitter.com:80 in /var/www/x.php on line 1142 -> (removed)",
        "Prose that starts with 'Warning:' is kept: a match needs 'in <file> on line <N>'; text inside <pre>/<code> is never touched.",
        find_php_errors,
        quick=("Warning", "Notice", "Deprecated", "Strict Standards", "atal error", "Parse error", "xdebug-error"),
    ),
    Rule(
        "database_errors",
        "Database errors wpdb printed into a page: its HTML block (<p class='wpdberror'>, every WordPress version, any "
        "language), its 'WordPress database error … made by …' log line and its text form",
        "<div id=\"error\"><p class=\"wpdberror\"><strong>WordPress database error:</strong> [MySQL server has gone away]"
        "<br /><code>SELECT …</code></p></div> -> (removed)",
        "The HTML block needs wpdb's own class 'wpdberror'; the text form needs the label at the start of a line or with its "
        "[bracketed message] and 'made by'; a post that mentions 'WordPress database error' in a sentence keeps its prose.",
        find_database_errors,
        quick=("wpdberror", *furniture.DATABASE_ERROR_LABELS),
    ),
    Rule(
        "boilerplate_lines",
        "Whole lines or HTML blocks of comment-form, share/like widget, related-posts heading, navigation and archive-header text",
        "Share this: / Like this: / Loading... / Leave a Reply / Next post: … -> (removed)",
        "Only whole lines (or whole <p>/<div>/<h*> blocks) match: 'leave a reply if you disagree' inside a sentence is kept.",
        find_boilerplate_lines,
        # Distinctive words of the furniture lines (see furniture.BOILERPLATE); fewer strings, fewer scans.
        quick=("Leave a", "Share", "Like this", "Loading", "Related", " post", "Older", "Newer", "email address",
               "Archive", "Tagged", "Reader Interactions", "Comments are closed"),  # fmt: skip
    ),
    Rule(
        "widget_blocks",
        "Share, like and related-posts widgets captured with the content: Jetpack (sharedaddy, likes, jp-relatedposts), YARPP, AddToAny, Shareaholic, removed as whole blocks",
        '<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul>…</ul></div> -> (removed)',
        "Only containers with those plugins' own class or id names match; a post's own <div class=\"share-recipe\"> is kept. Nested divs are counted, so nothing after the widget is taken.",
        find_widget_blocks,
        quick=("sharedaddy", "sd-like", "jp-relatedposts", "jp-post-flair", "yarpp-related", "wp_rp_wrap", "addtoany", "shareaholic"),
    ),
    Rule(
        "mojibake",
        "UTF-8 text that was decoded as Windows-1252 or Latin-1 and saved again, repaired with ftfy (fix_encoding only)",
        "doesnâ€™t -> doesn’t; CafÃ© -> Café",
        "ftfy changes text only when its badness heuristic is confident; Czech, Polish, Russian or German text that merely uses accents is left alone.",
        find_mojibake,
        quick=("Ã", "Â", "â€", "Ð", "Ñ", "Å"),
        columns=("content", "title", "excerpt"),
    ),
    Rule(
        "control_characters",
        "XML-illegal control characters (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F)",
        "Chapter\\x0b One -> Chapter One",
        "Tabs, newlines, carriage returns and DEL (legal in XML) are kept.",
        _regex_rule(_CONTROL),
        quick=(),
        precheck=lambda value: _CONTROL.search(value) is not None,
        # A WXR value cannot hold them: libxml2 rejects them, and the repair pass strips them first.
        kinds=("text",),
        columns=("content", "title", "excerpt"),
    ),
    Rule(
        "title_entities",
        "HTML entities left encoded in titles, which are plain text (double-encoded '&amp;amp;' or '&amp;#8217;', and '&amp;')",
        "Ben &amp;amp; Jerry&#8217;s -> Ben & Jerry’s",
        "Only whole named or numeric entities are decoded; a bare '&' is kept.",
        find_title_entities,
        quick=("&",),
        columns=("title",),
    ),
    Rule(
        "glued_image_alt",
        "An image's alt text stuck to the first word of a paragraph in scraped text",
        "grocerystoreMoving to social media… -> Moving to social media…",
        "Needs a lower-case run of 4+ letters (or a camera file name such as IMG_2041) glued to a capitalised word at a line start; iPhone, eBay, jQuery, YouTube and the like are kept.",
        find_glued_alt,
    ),
    Rule(
        "email_protection",
        "Cloudflare e-mail protection: decoded back to the address when the page kept the data-cfemail code, else the '[email protected]' placeholder is removed",
        '<a href="/cdn-cgi/l/email-protection" data-cfemail="…">[email protected]</a> -> jane@example.org',
        "Only Cloudflare's own markup and placeholder text match.",
        find_email_protection,
        quick=("email-protection", "protected]", "cfemail"),
    ),
    Rule(
        "wayback_toolbar",
        "Text of the Wayback Machine's toolbar in pages saved from web.archive.org",
        "The Wayback Machine - https://web.archive.org/web/2010.../http://blog/ … About this capture -> (removed)",
        "Lines such as 'success' or 'COLLECTED BY' are removed only near the toolbar's own heading line.",
        find_wayback_toolbar,
        quick=("web.archive.org", "Wayback Machine"),
    ),
    Rule(
        "shortcodes",
        "WordPress shortcodes: [caption] becomes <figure>, [embed]/[youtube]/[vimeo]/[audio]/[video] with a URL become links; other known shortcodes ([gallery], [contact-form] …) are kept and flagged",
        '[caption id="a1" width="300"]<img src="x.jpg"> A fern[/caption] -> <figure><img src="x.jpg"><figcaption>A fern</figcaption></figure>',
        "Never deletes: anything not converted stays as written. Square brackets in prose ([sic], [1]) are not shortcodes.",
        find_shortcodes,
        quick=("[",),
    ),
]
RULES_BY_NAME = {rule.name: rule for rule in RULES}
