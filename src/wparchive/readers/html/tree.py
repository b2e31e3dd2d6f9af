"""The parsed page and what every part of the HTML reader asks of it: classes, text, inner HTML, URLs.

Pages are parsed with lxml's HTML parser (libxml2): it repairs the unclosed ``<li>`` and
``<p>`` of old themes as browsers do, never fetches anything, and reads a 300 KB page in a few
milliseconds. Its default limits stay on (elements nest at most 256 deep), which bounds every
walk up a comment's ancestors. Text is taken with block boundaries kept ("Leave a Reply" and "Cancel reply"
never glue into one word) and with smiley images read as their ``alt`` text, since a comment can
be nothing but an emoticon.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.etree import _Element as HtmlElement

# A plain element tree (not lxml.html's element classes): no Python class lookup per element,
# which was a tenth of the reader's time.
PARSER = etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, default_doctype=False
)
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
SKIP = frozenset(("script", "style", "noscript", "template", "textarea", "select", "button", "svg"))
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


def parse(data: bytes) -> HtmlElement | None:
    """The document's root, or None when the bytes hold no element at all."""
    try:
        root = etree.fromstring(data, PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root


def has(attribute: str, token: str) -> str:
    """An XPath test that a whitespace-separated attribute holds ``token`` as a whole word; the
    cheap ``contains`` first, so most elements are passed over without building strings."""
    return (
        f"(contains(@{attribute}, '{token}') and "
        f"contains(concat(' ', normalize-space(@{attribute}), ' '), ' {token} '))"
    )


def too_deep() -> bool:
    """The last page parsed nested elements past libxml2's limit (256): what lay deeper was cut."""
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in PARSER.error_log)


def classes(element: HtmlElement) -> frozenset[str]:
    """The element's class tokens (cached by the attribute's text: themes repeat the same few)."""
    return _tokens(element.get("class") or "")


@lru_cache(maxsize=8192)
def _tokens(attribute: str) -> frozenset[str]:
    return frozenset(attribute.split())


def has_class(element: HtmlElement, *names: str) -> bool:
    tokens = (element.get("class") or "").split()
    return any(name in tokens for name in names)


def _alt(element: HtmlElement) -> str:
    """Smileys (``img.wp-smiley``, twemoji ``img.emoji``) stand for their alt text."""
    if element.tag == "img" and has_class(element, "wp-smiley", "emoji", "wp-emoji"):
        return element.get("alt") or ""
    return ""


def text_of(element: HtmlElement | None, skip: frozenset[str] = SKIP) -> str:
    """The visible text of an element, one line per block, spaces folded."""
    if element is None:
        return ""
    parts: list[str] = []
    skipping = 0
    for event, node in etree.iterwalk(element, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if tag in skip:
                skipping += 1
            elif not skipping:
                if tag in BLOCKS:
                    parts.append("\n")
                parts.append(_alt(node) or node.text or "")
        else:
            if tag in skip:
                skipping -= 1
            elif not skipping and tag in BLOCKS:
                parts.append("\n")
            if node is not element and not skipping:
                parts.append(node.tail or "")
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    lines = _SPACES.sub(" ", text).split("\n")
    return _BLANK_LINES.sub("\n\n", "\n".join(line.strip() for line in lines)).strip()


def line_of(element: HtmlElement | None) -> str:
    """The text of an element on one line (names, titles, dates)."""
    return " ".join(text_of(element).split())


def inner_html(element: HtmlElement) -> str:
    """The element's content as HTML, without the element's own tag."""
    head = html.escape(element.text or "", quote=False)
    return head + "".join(etree.tostring(child, encoding="unicode", method="html") for child in element)


def outer_html(element: HtmlElement) -> str:
    return etree.tostring(element, encoding="unicode", method="html", with_tail=False)


def http_url(value: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) URL, resolved against ``base``; None for anything else (javascript:, data:)."""
    if not value:
        return None
    value = value.strip()
    try:
        absolute = urljoin(base, value) if base else value
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute


def drop(element: HtmlElement) -> None:
    """Remove an element and its content, keeping the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def ancestors(element: HtmlElement):
    """The element's ancestors, nearest first (iterative: a hostile page may nest deeply)."""
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def previous_element(element: HtmlElement) -> HtmlElement | None:
    sibling = element.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()
    return sibling


INDEXED_TAGS = frozenset(("link", "meta", "a", "input", "title", "body", "html", "h1", "time", "article"))


@dataclass
class PageIndex:
    """One walk over the page: its elements by id, by class token and (some) by tag, and their
    order. Every part of the reader asks these instead of scanning the page again (an XPath
    ``//*[@id='x']`` walks the whole page each time; a dictionary lookup does not)."""

    ids: dict[str, list[HtmlElement]] = field(default_factory=dict)
    classes: dict[str, list[HtmlElement]] = field(default_factory=dict)
    tags: dict[str, list[HtmlElement]] = field(default_factory=dict)
    order: dict[HtmlElement, int] = field(default_factory=dict)

    def with_class(self, *names: str) -> list[HtmlElement]:
        """Elements carrying any of the class tokens, in page order."""
        found = {element for name in names for element in self.classes.get(name, ())}
        return sorted(found, key=self.order.__getitem__)

    def tag(self, name: str) -> list[HtmlElement]:
        return self.tags.get(name, [])


def index_page(root: HtmlElement) -> PageIndex:
    index = PageIndex()
    ids, by_class, tags, order = index.ids, index.classes, index.tags, index.order
    for position, element in enumerate(root.iter()):
        tag = element.tag
        if not isinstance(tag, str):
            continue
        order[element] = position
        if tag in INDEXED_TAGS:
            tags.setdefault(tag, []).append(element)
        identifier = element.get("id")
        if identifier:
            ids.setdefault(identifier, []).append(element)
        names = element.get("class")
        if names:
            for name in names.split():
                by_class.setdefault(name, []).append(element)
    return index
