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

from wparchive import furniture
from wparchive.clean.base import Edit, Rule, regex_rule
from wparchive.clean.debris import (
    decode_cfemail,
    find_boilerplate_lines,
    find_email_protection,
    find_glued_alt,
    find_wayback_toolbar,
    find_widget_blocks,
)
from wparchive.clean.encoding import CONTROL_CHARACTERS, find_mojibake, find_title_entities
from wparchive.clean.errors import find_database_errors, find_php_errors
from wparchive.clean.shortcodes import find_shortcodes

__all__ = ["RULES", "RULES_BY_NAME", "Edit", "Rule", "decode_cfemail"]

RULES: list[Rule] = [
    Rule(
        "php_errors",
        "PHP warnings, notices, deprecations and fatal errors printed into a page, as text or HTML, "
        "including xdebug tables and 'headers already sent'",
        "Warning: fsockopen() [function.fsockopen]: unable to connect to twitter.com:80 in /var/www/x.php "
        "on line 1142 -> (removed)",
        "Prose that starts with 'Warning:' is kept: a match needs 'in <file> on line <N>'; text inside "
        "<pre>/<code> is never touched.",
        find_php_errors,
        quick=(
            "Warning",
            "Notice",
            "Deprecated",
            "Strict Standards",
            "atal error",
            "Parse error",
            "xdebug-error",
        ),
    ),
    Rule(
        "database_errors",
        "Database errors wpdb printed into a page: its HTML block (<p class='wpdberror'>, every WordPress "
        "version, any language), its 'WordPress database error … made by …' log line and its text form",
        '<div id="error"><p class="wpdberror"><strong>WordPress database error:</strong> '
        "[MySQL server has gone away]<br /><code>SELECT …</code></p></div> -> (removed)",
        "The HTML block needs wpdb's own class 'wpdberror'; the text form needs the label at the start of a "
        "line or with its [bracketed message] and 'made by'; a post that mentions 'WordPress database error' "
        "in a sentence keeps its prose.",
        find_database_errors,
        quick=("wpdberror", *furniture.DATABASE_ERROR_LABELS),
    ),
    Rule(
        "boilerplate_lines",
        "Whole lines or HTML blocks of comment-form, share/like widget, related-posts heading, navigation "
        "and archive-header text",
        "Share this: / Like this: / Loading... / Leave a Reply / Next post: … -> (removed)",
        "Only whole lines (or whole <p>/<div>/<h*> blocks) match: 'leave a reply if you disagree' inside a "
        "sentence is kept.",
        find_boilerplate_lines,
        # Distinctive words of the furniture lines (see furniture.BOILERPLATE); fewer strings, fewer scans.
        quick=(
            "Leave a",
            "Share",
            "Like this",
            "Loading",
            "Related",
            " post",
            "Older",
            "Newer",
            "email address",
            "Archive",
            "Tagged",
            "Reader Interactions",
            "Comments are closed",
        ),
    ),
    Rule(
        "widget_blocks",
        "Share, like and related-posts widgets captured with the content: Jetpack (sharedaddy, likes, "
        "jp-relatedposts), YARPP, AddToAny, Shareaholic, removed as whole blocks",
        '<div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul>…</ul></div> -> (removed)',
        "Only containers with those plugins' own class or id names match; a post's own <div "
        'class="share-recipe"> is kept. Nested divs are counted, so nothing after the widget is taken.',
        find_widget_blocks,
        quick=(
            "sharedaddy",
            "sd-like",
            "jp-relatedposts",
            "jp-post-flair",
            "yarpp-related",
            "wp_rp_wrap",
            "addtoany",
            "shareaholic",
        ),
    ),
    Rule(
        "mojibake",
        "UTF-8 text that was decoded as Windows-1252 or Latin-1 and saved again, repaired with ftfy "
        "(fix_encoding only)",
        "doesnâ€™t -> doesn’t; CafÃ© -> Café",
        "ftfy changes text only when its badness heuristic is confident; Czech, Polish, Russian or German "
        "text that merely uses accents is left alone.",
        find_mojibake,
        quick=("Ã", "Â", "â€", "Ð", "Ñ", "Å"),
        columns=("content", "title", "excerpt"),
    ),
    Rule(
        "control_characters",
        "XML-illegal control characters (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F)",
        "Chapter\\x0b One -> Chapter One",
        "Tabs, newlines, carriage returns and DEL (legal in XML) are kept.",
        regex_rule(CONTROL_CHARACTERS),
        quick=(),
        precheck=lambda value: CONTROL_CHARACTERS.search(value) is not None,
        # A WXR value cannot hold them: libxml2 rejects them, and the repair pass strips them first.
        kinds=("text",),
        columns=("content", "title", "excerpt"),
    ),
    Rule(
        "title_entities",
        "HTML entities left encoded in titles, which are plain text (double-encoded '&amp;amp;' or "
        "'&amp;#8217;', and '&amp;')",
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
        "Needs a lower-case run of 4+ letters (or a camera file name such as IMG_2041) glued to a "
        "capitalised word at a line start; iPhone, eBay, jQuery, YouTube and the like are kept.",
        find_glued_alt,
    ),
    Rule(
        "email_protection",
        "Cloudflare e-mail protection: decoded back to the address when the page kept the data-cfemail "
        "code, else the '[email protected]' placeholder is removed",
        '<a href="/cdn-cgi/l/email-protection" data-cfemail="…">[email protected]</a> -> jane@example.org',
        "Only Cloudflare's own markup and placeholder text match.",
        find_email_protection,
        quick=("email-protection", "protected]", "cfemail"),
    ),
    Rule(
        "wayback_toolbar",
        "Text of the Wayback Machine's toolbar in pages saved from web.archive.org",
        "The Wayback Machine - https://web.archive.org/web/2010.../http://blog/ … About this capture -> "
        "(removed)",
        "Lines such as 'success' or 'COLLECTED BY' are removed only near the toolbar's own heading line.",
        find_wayback_toolbar,
        quick=("web.archive.org", "Wayback Machine"),
    ),
    Rule(
        "shortcodes",
        "WordPress shortcodes: [caption] becomes <figure>, [embed]/[youtube]/[vimeo]/[audio]/[video] with a "
        "URL become links; other known shortcodes ([gallery], [contact-form] …) are kept and flagged",
        '[caption id="a1" width="300"]<img src="x.jpg"> A fern[/caption] -> '
        '<figure><img src="x.jpg"><figcaption>A fern</figcaption></figure>',
        "Never deletes: anything not converted stays as written. Square brackets in prose ([sic], [1]) are "
        "not shortcodes.",
        find_shortcodes,
        quick=("[",),
    ),
]
RULES_BY_NAME = {rule.name: rule for rule in RULES}
