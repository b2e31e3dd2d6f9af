"""The number a page's comment heading announces ("91 Ergänzungen", "One thought on “…”").

It is a sanity check, not the truth: WordPress counts every approved comment of the post, while a
page renders one comment page, and plugins load the rest later (research/scrape.md §0.6). A
difference is reported, never corrected.
"""

from __future__ import annotations

import re
from itertools import islice

from wparchive.readers.html.tree import HtmlElement, PageIndex, line_of

_HEADING_IDS = ("comments-title", "comments", "comments-number", "comments_intro")
_HEADING_CLASSES = (
    "comments-title",
    "comments-heading",
    "wp-block-comments-title",
    "comment-count",
    "comments-count",
)
_ONE = (
    "one|a single|ein|eine|einen|einem|un|une|uno|una|um|uma|een|én|ett|en|jeden|jedna|jedno|один|одна|"
    "одно|jeden|egy|bir|ένα|yksi"
)
_NONE = "no|keine|kein|aucun|aucune|ningún|ninguno|nessun|geen|nenhum|inga|ingen|brak|нет|ei"
# A number anywhere near the start ("Comments (5)", "{ 38 comments… }"); a number word only as the
# first word ("One thought on …", "Keine Kommentare"), never inside a sentence ("Schreibe einen Kommentar").
_COUNT = re.compile(rf"^\D{{0,40}}?(\d{{1,7}})|^\W{{0,3}}({_ONE})\b|^\W{{0,3}}({_NONE})\b", re.I)


def _headings(index: PageIndex) -> list[HtmlElement]:
    found = set(index.with_class(*_HEADING_CLASSES))
    found.update(element for name in _HEADING_IDS for element in index.ids.get(name, ()))
    return sorted(found, key=index.order.__getitem__)


def heading_count(index: PageIndex) -> int | None:
    """The count the comment heading states, if the page has one that states a count."""
    for element in _headings(index):
        if element.tag not in ("h1", "h2", "h3", "h4", "h5", "div", "span", "p"):
            continue
        if next(islice(element.iter(), 40, None), None) is not None:
            continue  # the whole comment area (div#comments), not a heading
        text = line_of(element)
        if not text or len(text) > 300:
            continue
        match = _COUNT.match(text)
        if match:
            if match.group(1):
                return int(match.group(1))
            return 1 if match.group(2) else 0
    return None
