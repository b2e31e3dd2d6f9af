"""Text that is not content: page furniture, PHP and database errors, glued image alt text.

The patterns the plain-text reader uses to set lines aside and the clean rules
use to remove the same debris from stored values live here, once, below both
(trafilatura's way with XPath: one alternative a line, compiled once).
"""

from __future__ import annotations

import re


def _alternation(alternatives: list[str]) -> str:
    return "(?:" + "|".join(alternatives) + ")"


COMMENT_FORM = [
    r"Leave a (?:Reply|Comment|comment|reply)(?: to \S.*)?",
    r"Post a Comment",
    r"Add (?:a|your) comment",
    r"Cancel reply",
    r"Click here to cancel reply\.?",
    r"Your email address will not be published\..*",
    r"Required fields are marked.*",
    r"You must be logged in to post a comment\.?",
    r"Comments are closed\.?",
    r"Notify me of (?:follow-up comments|new posts) by email\.?",
    r"Save my name, email, and website in this browser.*",
    r"(?:Name|Email|Website|Comment)\s*\*?",
]
THEME = [
    r"Labels?:.*",
    r"Subscribe to:? Posts?(?: Comments)?(?: \(Atom\))?",
    r"Powered by .{1,60}",
    r"Proudly powered by .{1,60}",
    r"Theme:? .{1,60}",
    r"(?:Twitter|Facebook|Email|E-mail|Print|LinkedIn|Pinterest|Reddit|Tumblr|WhatsApp|Pocket|Telegram|More"
    r"|Click to share on .{1,40})",
    r"(?:Recent|Popular) (?:Posts|Comments)",
    r"Archives",
    r"Blogroll",
    r"Meta",
    r"Links",
    r"About(?: me| the author)?",
    r"Reader Interactions",
    r"Share this:?",
    r"Like this:?",
    r"Loading\.\.\.",
    r"Loading…",
    r"Related(?: posts| articles)?:?",
    r"Like Loading\.\.\.",
    r"Be the first to like this\.?",
    r"Sharing is caring!?",
    r"Filed [Uu]nder:?.*",
    r"Tagged(?: with)?:.*",
    r"Tags:.*",
    r"Categories:.*",
    r"Posted in .{1,80}",
    r"Bookmark the permalink\.?",
    r"\d+ Comments?",
    r"No Comments?",
    r"Comments? \(\d+\)",
    r"Subscribe to comments.*",
    r"RSS feed for comments on this post\.?(?:\s+(?:TrackBack )?URI)?",
    r"Trackback URI",
    r"Edit",
    r"Skip to content",
    r"Search for:",
    r"Search",
]
NAVIGATION = [
    r"(?:Newer Posts?|Older Posts?|Home)(?:\s+(?:Newer Posts?|Older Posts?|Home))+",
    r"(?:Next|Previous) (?:post|entry|article)\s*:?.*",
    r"[«←] ?(?:Older|Previous) (?:Entries|Posts)",
    r"(?:Newer|Next) (?:Entries|Posts) ?[»→]",
    r"« Previous",
    r"Next »",
    r"Older posts",
    r"Newer posts",
    r"Post navigation",
    r"Continue reading.*",
]
BOILERPLATE = (
    ("comment_form_boilerplate", _alternation(COMMENT_FORM)),
    ("theme_boilerplate", _alternation(THEME)),
    ("navigation", _alternation(NAVIGATION)),
)
_BOILERPLATE = [(kind, re.compile(rf"^\s*{pattern}\s*$")) for kind, pattern in BOILERPLATE]

ARCHIVE_HEADERS = [
    r"Tag Archives?(?: for)?",
    r"Category Archives?(?: for)?",
    r"Archives? for(?: the)?",
    r"Posts? Tagged",
    r"Posts? (?:filed|categorized) under",
    r"Monthly Archives?",
    r"Daily Archives?",
    r"Yearly Archives?",
    r"Author Archives?",
    r"Browsing (?:Category|Tag)",
    r"Archive(?: for)?",
    r"Entries Tagged",
    r"Category:",
    r"Tag:",
]
_ARCHIVE_HEADER = re.compile(rf"^\s*{_alternation(ARCHIVE_HEADERS)}\b.*$", re.I)

# PHP's error levels as it prints them.
PHP_LEVELS = _alternation(
    [
        r"(?:PHP )?Warning",
        r"(?:PHP )?Notice",
        r"(?:PHP )?Deprecated",
        r"(?:PHP )?Strict Standards",
        r"(?:PHP )?Fatal error",
        r"(?:PHP )?Parse error",
        r"(?:PHP )?Catchable fatal error",
        r"(?:PHP )?Recoverable fatal error",
    ]
)
_PHP_ERROR = re.compile(
    rf"^\s*{PHP_LEVELS}\s*:\s+.*?\bon line\s+\d+\s*$"
    r"|^\s*(?:Warning|Fatal error)\s*:\s+Cannot modify header information - headers already sent.*$",
    re.I,
)
# The shapes PHP prints errors in with html_errors on (php-src php_error_cb), xdebug's table, and the
# "headers already sent" warning: the clean rules find them in stored values, the HTML reader in a
# page's bytes before parsing (each pattern also compiled for bytes, as PHP writes ASCII markup).
PHP_HTML = re.compile(
    rf"(?:<br\s*/?>\s*)?<b>{PHP_LEVELS}</b>:\s+.{{0,4000}}?\s+in\s+<b>[^<]{{1,1000}}</b>\s+on "
    rf"line\s+<b>\d+</b>(?:\s*<br\s*/?>)?\n?",
    re.S,
)
XDEBUG_TABLE = re.compile(
    r"(?:<br\s*/?>\s*)?(?:<font[^>]*>\s*)?<table[^>]*class=['\"]xdebug-error.{0,200000}?</table>"
    r"(?:\s*</font>)?\n?",
    re.S,
)
HEADERS_SENT = re.compile(
    r"(?m)^[ \t]*(?:<b>)?Warning(?:</b>)?:\s+Cannot modify header information - headers already sent "
    r"by[^\n]*\n?"
)
# wpdb::print_error()'s block, found by its class whatever the label's language.
DATABASE_ERROR_HTML = re.compile(
    r"(?:<div id=['\"]error['\"]>\s*)?<p class=['\"]wpdberror['\"]>.{0,20000}?</p>(?:\s*</div>)?\n?",
    re.S | re.I,
)


def _as_bytes(pattern: re.Pattern[str]) -> re.Pattern[bytes]:
    return re.compile(pattern.pattern.encode("ascii"), pattern.flags & ~re.UNICODE)


PHP_ERROR_MARKUP = tuple(_as_bytes(p) for p in (XDEBUG_TABLE, PHP_HTML, HEADERS_SENT))
DATABASE_ERROR_MARKUP = _as_bytes(DATABASE_ERROR_HTML)

# wpdb's label for a failed query. Since WordPress 4.x it goes through __(), so sites in
# other languages print it translated (forms seen on real pages and in core's .mo files).
DATABASE_ERROR_LABELS = [
    "WordPress database error",
    "WordPress-Datenbank-Fehler",
    "Error en la base de datos de WordPress",
    "Erreur de la base de données WordPress",
    "Errore del database di WordPress",
    "WordPress-databasefout",
    "Erro na base de dados do WordPress",
    "Erro no banco de dados do WordPress",
    "WordPress データベースエラー",
]
DATABASE_ERROR_LABEL = _alternation([re.escape(label) for label in DATABASE_ERROR_LABELS])
_DATABASE_ERROR = re.compile(rf"^\s*{DATABASE_ERROR_LABEL}\s*:?\s.*$", re.I)


def boilerplate_kind(line: str) -> str | None:
    """The artefact kind of a line of comment-form, theme or navigation furniture."""
    for kind, pattern in _BOILERPLATE:
        if pattern.match(line):
            return kind
    return None


def is_archive_header(line: str) -> bool:
    return bool(_ARCHIVE_HEADER.match(line)) and len(line.split()) <= 12


def php_error_kind(line: str) -> str | None:
    """ "php_error" for PHP warnings/notices, "other" for WordPress database errors."""
    if _PHP_ERROR.match(line):
        return "php_error"
    if _DATABASE_ERROR.match(line):
        return "other"
    return None


# An image's alt text stuck to the first word of a paragraph in scraped text ("grocerystoreMoving").
_GLUED_ALT = re.compile(
    r"(?m)^(?P<alt>(?:IMG|DSC|DSCN|P)_?\d{3,}|[a-z][a-z0-9]{3,}(?:[-_][a-z0-9]+)*)(?=[A-Z][a-z]{2,}\b)"
)
_KNOWN_GLUED_WORDS = {
    "iphone",
    "ipad",
    "ebay",
    "jquery",
    "macos",
    "youtube",
    "javascript",
    "wordpress",
    "github",
    "linkedin",
}


def glued_alt_spans(text: str) -> list[tuple[int, int]]:
    """Where alt text is glued to the next word, line by line; brand names in camel case are left alone."""
    spans = []
    for match in _GLUED_ALT.finditer(text):
        alt = match.group("alt").lower()
        word = text[match.end() :].split(" ", 1)[0].lower()
        if alt + word not in _KNOWN_GLUED_WORDS and alt not in _KNOWN_GLUED_WORDS:
            spans.append(match.span())
    return spans
