"""A post's body as Markdown, in the order WordPress itself renders one.

1. Shortcodes (``shortcodes.expand``): ``[caption]``, ``[embed]``, code shortcodes become HTML, so
   the paragraph rules see a ``<figure>`` or ``<pre>`` block where WordPress would.
2. Paragraphs (``autop``): WordPress stores a classic post without ``<p>`` and makes them on display;
   converted as stored, a post would become one paragraph. A block-editor post holds its own
   ``<p>`` and is left alone, as WordPress leaves it.
3. Gutenberg's block comments (``<!-- wp:paragraph -->``) are removed; ``<!--more-->`` (the excerpt
   mark, which Hugo and our Jekyll configuration also read) is kept on a line of its own.
4. Conversion (``converter.PostConverter``), then, for Hugo, every ``{{<`` we did not write is
   made harmless (Hugo would run it as a shortcode).

Nothing here writes files; the result says which media the post uses and which shortcodes stayed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from wparchive.autop import autop
from wparchive.export import shortcodes
from wparchive.export.converter import HUGO_MARK, PostConverter
from wparchive.htmltext import text_to_html
from wparchive.model import PostRecord

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
_MORE = re.compile(r"<!--\s*more\b.*?-->", re.S | re.I)
_NEXTPAGE = re.compile(r"<!--\s*nextpage\s*-->", re.I)
_FENCE = re.compile(r"^(`{3,})")
MORE_TOKEN = "WPARCHIVEMOREMARK7F3A"  # survives conversion as a paragraph of its own
_HUGO_OPEN = re.compile(r"(?<!\x00)\{\{([<%])")


@dataclass
class Body:
    markdown: str
    media: list[str] = field(default_factory=list)
    converted: Counter[str] = field(default_factory=Counter)  # shortcodes rewritten, by name
    left: Counter[str] = field(default_factory=Counter)  # shortcodes left as written, by name


def post_html(post: PostRecord) -> str:
    """The post's stored HTML; a scraped text page's plain text as paragraphs."""
    if post.content_html is not None:
        return post.content_html
    return text_to_html(post.content_text) or ""


def to_markdown(html: str, converter: PostConverter) -> Body:
    """``html`` (as stored) as Markdown for ``converter``'s generator."""
    html = html.replace("\x00", "")
    html, converted = shortcodes.expand(html)
    left = shortcodes.left_over(html)
    html = autop(html)
    html = _BLOCK_COMMENT.sub("", html)
    html = _MORE.sub(f"\n\n<p>{MORE_TOKEN}</p>\n\n", html)
    html = _NEXTPAGE.sub("", html)
    converter.media, converter.counts = [], Counter()
    markdown = converter.convert(html)
    markdown = markdown.replace(MORE_TOKEN, "<!--more-->")
    if converter.hugo:
        markdown = _HUGO_OPEN.sub(lambda m: "{{&lt;" if m.group(1) == "<" else "{{&#37;", markdown)
        markdown = markdown.replace(HUGO_MARK, "")
    markdown = _tidy(markdown)
    return Body(
        markdown + "\n" if markdown else "", list(converter.media), converted + converter.counts, left
    )


def _tidy(markdown: str) -> str:
    """At most one blank line between blocks (removed block comments leave more), except inside
    fenced code and ``<pre>``, whose lines are the code's."""
    lines: list[str] = []
    fence = ""
    in_pre = False
    for line in markdown.strip().split("\n"):
        if not fence and not in_pre and not line.strip() and lines and not lines[-1].strip():
            continue
        lines.append(line)
        opening = _FENCE.match(line)
        if opening and (not fence or (opening.group(1) == fence and not line.strip(" `"))):
            fence = "" if fence else opening.group(1)
        elif not fence:
            in_pre = (in_pre or "<pre" in line) and "</pre>" not in line
    return "\n".join(lines)
