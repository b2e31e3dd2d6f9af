"""PHP warnings and WordPress database errors printed into a page."""

from __future__ import annotations

import re

from wparchive import furniture
from wparchive.clean.base import Edit, regex_rule

# -- PHP errors ---------------------------------------------------------------------------------
PHP_LEVELS = furniture.PHP_LEVELS
_PHP_HTML, _XDEBUG, _HEADERS_SENT = furniture.PHP_HTML, furniture.XDEBUG_TABLE, furniture.HEADERS_SENT
_PHP_TEXT = re.compile(rf"(?m)^[ \t]*{PHP_LEVELS}:\s+[^\n]*?\s+in\s+\S+\s+on line\s+\d+[ \t]*\n?")


def find_php_errors(value: str, is_html: bool) -> list[Edit]:
    """xdebug tables, HTML warnings (<b>Warning</b>: … on line <b>N</b>), 'headers already sent', text."""
    edits: list[Edit] = []
    for pattern in (_XDEBUG, _PHP_HTML, _HEADERS_SENT, _PHP_TEXT):
        for edit in regex_rule(pattern)(value, is_html):
            if all(edit.end <= e.start or edit.start >= e.end for e in edits):
                edits.append(edit)
    return sorted(edits, key=lambda e: e.start)


# Every shape wpdb::print_error() has printed (issue 8 §12):
# - WordPress 2.x-3.x: "<div id='error'>\n\t\t\t<p class='wpdberror'><strong>WordPress database error:
#   </strong> [msg]<br />\n\t\t\t<code>query</code></p>\n\t\t\t</div>" (single quotes, newlines,
#   tabs inside);
# - WordPress 4.x-6.x: '<div id="error"><p class="wpdberror"><strong>%s</strong> [%s]<br />'
#   '<code>%s</code></p></div>' on one line, the label translated;
# - multisite, wp_die() and text renderings: "WordPress database error: [msg]" and the query on the next line;
# - the error_log() line: "WordPress database error msg for query q made by caller".
# The HTML shapes are found by their markup (class wpdberror), whatever the label's language.
_DB_ERROR_HTML = furniture.DATABASE_ERROR_HTML
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
        for edit in regex_rule(pattern, own_markup=own_markup)(value, is_html):
            if all(edit.end <= e.start or edit.start >= e.end for e in edits):
                edits.append(edit)
    return sorted(edits, key=lambda e: e.start)
