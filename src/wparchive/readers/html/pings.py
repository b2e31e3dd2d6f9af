"""Pingbacks and trackbacks a page shows without an id.

Twenty Ten, Twenty Eleven and the themes built on them print pings through their own callback:
``<li class="post pingback"><p>Pingback: <a href="…">Title</a></p></li>``, with no comment id
(research/scrape.md §0.5). They are found by the ``pingback``/``trackback`` class token (whole
tokens: the Social plugin's ``social-pingback`` tab is not one) on an element that is not a
comment the page gave an id, outside widgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wparchive.readers.html.comments import in_widget
from wparchive.readers.html.tree import (
    HtmlElement,
    PageIndex,
    ancestors,
    http_url,
    inner_html,
    line_of,
    text_of,
)

_PING_TAGS = frozenset(("li", "div", "article", "p"))
_LABEL = re.compile(r"^\s*(?:pingback|trackback)\s*:?\s*", re.I)


@dataclass
class Ping:
    element: HtmlElement
    kind: str
    title: str | None
    url: str | None
    content_html: str
    content_text: str


def _kind(element: HtmlElement) -> str:
    return "trackback" if "trackback" in (element.get("class") or "").split() else "pingback"


def find_pings(index: PageIndex, comments: set[HtmlElement], base: str | None) -> list[Ping]:
    """Pings without an id, in page order; ``comments`` are the elements of comments with ids."""
    found = []
    for element in index.with_class("pingback", "trackback"):
        if element.tag not in _PING_TAGS:
            continue
        if element in comments or any(parent in comments for parent in ancestors(element)):
            continue
        if any(child in comments for child in element.iter()) or in_widget(element):
            continue
        link = next((a for a in element.iter("a") if http_url(a.get("href"), base)), None)
        if link is None:
            continue
        found.append(
            Ping(
                element,
                _kind(element),
                line_of(link) or None,
                http_url(link.get("href"), base),
                inner_html(element).strip(),
                _LABEL.sub("", text_of(element)),
            )
        )
    # A ping element inside another ping element (li.pingback > div.pingback): the outer one.
    outer = {p.element for p in found}
    return [p for p in found if not any(parent in outer for parent in ancestors(p.element))]
