"""Two plain-text renderings of a saved HTML page, the shapes in which blogs reach us as text.

The text reader is meant for pages that arrive without their markup. Two kinds of tool make such
text, and they give different shapes, so the evaluation (``text_rendered_accuracy.py``) reads both:

* ``render_markdown``: html2text with links and images dropped and no re-wrapping, the
  markdown-ish text of HTML-to-text converters and LLM scrapers. Lists keep html2text's
  ``  * `` and ``1. `` markers, nested lists are indented, emphasis is ``**``/``_`` and
  html2text's escapes (``25\\.``) stay. It is given the parsed page serialized again, with
  ``unicode_snob`` (see ``render_markdown``), so letters stay letters.
* ``render_flat``: the block text of a web crawl's text extract (Common Crawl WET style): each
  block-level element starts a line, whitespace is collapsed, blank lines go, and there is no
  indentation or list marker. Everything visible stays, navigation, sidebars and form labels too.

Both start from the HTML reader's own decoding (``prepare``: charset, PHP noise and Wayback
chrome cut), so a page decodes the same way for the key and for its renderings.

    python benchmarks/render_text.py PAGE.html [--flat]
"""

from __future__ import annotations

import argparse
import re
import sys

import html2text
from lxml import etree

from wparchive.readers.html.prepare import prepare

# Elements that start (and end) a line in the flat rendering.
BLOCKS = frozenset(
    """
    address article aside blockquote body br button caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 header hgroup hr html iframe
    label legend li main menu nav noframes ol option p pre section select summary table tbody td
    textarea tfoot th thead title tr ul
    """.split()  # noqa: SIM905 - a list of sixty quoted names reads worse
)
# Elements whose text is never shown.
DROPPED = frozenset(("script", "style", "noscript", "template", "svg", "math", "meta", "link", "object"))
_SPACE = re.compile(r"\s+")


def parse_page(data: bytes) -> etree._Element | None:
    """The page's tree, decoded as the HTML reader decodes it (charset rules, PHP noise cut)."""
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(prepare(data, None).html, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def render_markdown(data: bytes) -> str:
    """html2text's markdown of the page, links and images left out, lines never re-wrapped.

    html2text is given the parsed page serialized again (what a scraper reading a browser's DOM
    hands it): character references are then characters. Fed the raw bytes, html2text splits a
    word at a reference inside emphasis (``<b>In&eacute;s</b>`` becomes ``**In és**``), and
    without ``unicode_snob`` it turns letters into ASCII (``Ines``), neither of which is the text
    reader's doing.
    """
    root = parse_page(data)
    if root is None:
        return ""
    converter = html2text.HTML2Text()
    converter.ignore_links = True
    converter.ignore_images = True
    converter.body_width = 0
    converter.unicode_snob = True
    return converter.handle(etree.tostring(root, method="html", encoding="unicode"))


class _Lines:
    """Collects inline text and ends a line at each block boundary."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pieces: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self.pieces.append(text)

    def flush(self) -> None:
        line = _SPACE.sub(" ", "".join(self.pieces)).strip()
        if line:
            self.lines.append(line)
        self.pieces = []


def _tag(element: etree._Element) -> str | None:
    """The lower-case local name of an element; None for comments and processing instructions."""
    if not isinstance(element.tag, str):
        return None
    return element.tag.rsplit("}", 1)[-1].lower()


def _walk(root: etree._Element, out: _Lines) -> None:
    """Depth-first, without recursion (pages nest deeply): text, children, then the tail."""
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, leaving = stack.pop()
        tag = _tag(element)
        if leaving:
            if tag in BLOCKS:
                out.flush()
            out.add(element.tail)
            continue
        if tag is None or tag in DROPPED:
            out.add(element.tail)
            continue
        if tag in BLOCKS:
            out.flush()
        out.add(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))


def render_flat(data: bytes) -> str:
    """One line per block of visible text, whitespace collapsed: what a crawl's text extract holds."""
    root = parse_page(data)
    if root is None:
        return ""
    out = _Lines()
    _walk(root, out)
    out.flush()
    return "\n".join(out.lines) + ("\n" if out.lines else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="a saved HTML page")
    parser.add_argument("--flat", action="store_true", help="the flat crawl rendering (default: markdown)")
    args = parser.parse_args(argv)
    with open(args.page, "rb") as handle:
        data = handle.read()
    sys.stdout.write(render_flat(data) if args.flat else render_markdown(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
