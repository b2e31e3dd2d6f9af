"""HTML to Markdown (markdownify), with what a blog needs kept and nothing that could run.

markdownify does the common work (paragraphs, lists, emphasis, links, headings, quotes, simple
tables). This subclass adds:

- **embeds**: an ``<iframe>`` with an http(s) ``src`` stays an iframe (rebuilt from its safe
  attributes, no handler); a URL alone in its paragraph (WordPress embeds those), a Gutenberg embed
  block and the ``[embed]`` marker become Hugo's ``youtube``/``vimeo`` shortcodes, else a link;
- **figures**: an image with a caption becomes Hugo's ``figure`` shortcode, or an HTML ``<figure>``
  for the other generators (Markdown has no caption);
- **code**: ``<pre>`` becomes a fenced block with the language of its ``language-x``/``lang-x``/
  ``brush: x`` class, fenced with more backticks than the code holds;
- **tables** that Markdown cannot hold (nested, ``rowspan``, lists or code in a cell) stay HTML,
  sanitised;
- **escaping**: text that Markdown or the generator would read as markup stays text: ``<tag``,
  entities, ``[`` (no link from text, so no ``javascript:`` link either), line-start ``#``, ``>``, ``-``
  and ``1.``; for Hugo, ``{{<`` and ``{{%`` (which Hugo would run as shortcodes, even in code);
- **links and images** only with http(s), mailto, relative or fragment URLs; the media they name are
  collected for ``media.json``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from bs4 import Tag
from markdownify import ATX

from wparchive.export.media import is_media_link
from wparchive.export.walker import TreeWalk
from wparchive.sanitize import clean_post_html, http_url

HUGO_MARK = "\x00"  # before a shortcode we wrote; the final pass escapes every other "{{<"
_LINE_START = re.compile(r"(?m)^(\s*)(#{1,6}|[-+*]|\d{1,9}[.)]|>|={2,}$)(?=\s|$)")
_LATER_LINE_START = re.compile(r"(?m)(?<=\n)(\s*)(#{1,6}|[-+*]|\d{1,9}[.)]|>|={2,}$)(?=\s|$)")
LINE_BREAKS = ("br", "p", "div", "li", "td", "th", "blockquote")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#-]+)|brush:\s*([\w+#-]+)", re.I)
_YOUTUBE = re.compile(
    r"(?:youtube(?:-nocookie)?\.com/(?:watch\?(?:.*&)?v=|embed/|v/|shorts/)|youtu\.be/)([\w-]{6,20})"
)
_VIMEO = re.compile(r"vimeo\.com/(?:video/)?(\d+)")
_BARE_URL = re.compile(r"https?://\S+")
IFRAME_ATTRIBUTES = ("width", "height", "title", "allow", "frameborder", "loading")
COMPLEX_CELL = ["table", "ul", "ol", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"]


def safe_link(url: object) -> str | None:
    """A link target a page may hold: http(s), mailto, relative or a fragment; spaces and
    brackets encoded so Markdown keeps it whole. ``javascript:``, ``data:`` … -> None."""
    value = url.strip() if isinstance(url, str) else ""
    if not value:
        return None
    try:
        scheme = urlsplit(value).scheme.lower() if ":" in value.split("/", 1)[0] else ""
    except ValueError:  # "http://[::1" and the like: no link
        return None
    if scheme not in ("", "http", "https", "mailto") or re.search(r"[\x00-\x1f]", value):
        return None
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        value = value.replace(char, code)
    return value


def embed(url: str, hugo: bool, counts: Counter[str]) -> str:
    """A video as Hugo's own shortcode; any other embed (or another generator) as a link."""
    url = url.strip()
    if http_url(url) is None or re.search(r"[\s<>]", url):
        return html.escape(url, quote=False)
    counts["embed"] += 1
    if hugo:
        for pattern, name in ((_YOUTUBE, "youtube"), (_VIMEO, "vimeo")):
            found = pattern.search(url)
            if found:
                return f"\n\n{HUGO_MARK}{{{{< {name} {found.group(1)} >}}}}\n\n"
    return f"\n\n<{url}>\n\n"


def _attribute(value: str) -> str:
    """A value for an attribute of a Hugo shortcode: one line, no quote or template braces."""
    value = " ".join(value.split()).replace("\\", "\\\\").replace('"', '\\"')
    return value.replace("{{", "{ {").replace("}}", "} }")


class PostConverter(TreeWalk):
    """One converter per generator; ``media`` collects the URLs of the post being converted."""

    def __init__(self, generator: str, **options: Any) -> None:
        self.hugo = generator == "hugo"
        self.media: list[str] = []
        self.counts: Counter[str] = Counter()  # what was converted beyond markdownify's own work
        self._line_start = True  # whether the text being escaped starts a line
        super().__init__(heading_style=ATX, bullets="-", **options)

    def escape(self, text: str, parent_tags: Any) -> str:
        if not text:
            return ""
        # Each pattern only where its first character is (most text holds none of them).
        if "\\" in text:
            text = _BACKSLASH.sub(r"\\\\", text)
        text = super().escape(text, parent_tags)
        text = text.replace("[", "\\[").replace("`", "\\`")
        if "&" in text:
            text = _ENTITY_LIKE.sub("&amp;", text)
        if "<" in text:
            text = _TAG_START.sub("&lt;", text)
        if "_inline" in parent_tags:
            text = text.replace("|", "\\|")
        if self.hugo and "{{" in text:
            text = text.replace("{{<", "{{&lt;").replace("{{%", "{{&#37;")
        # "- x" after a link is text; at the start of a line it would be a list item.
        if "\n" not in text and not (self._line_start and _LINE_START.match(text)):
            return text  # no line starts here, or none that holds a marker
        return (_LINE_START if self._line_start else _LATER_LINE_START).sub(_escape_marker, text)

    def process_text(self, el: Any, parent_tags: Any = None) -> str:
        before = el.previous_sibling
        self._line_start = before is None or (isinstance(before, Tag) and before.name in LINE_BREAKS)
        return super().process_text(el, parent_tags)

    def convert_a(self, el: Tag, text: str, parent_tags: Any) -> str:
        href = safe_link(el.get("href"))
        if href is None:
            return text
        if is_media_link(href):
            self.media.append(href)
        el["href"] = href
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el: Tag, text: str, parent_tags: Any) -> str:
        src = safe_link(el.get("src"))
        if src is None:
            return ""
        self.media.append(src)
        alt = " ".join(str(el.get("alt") or "").split()).replace("[", "\\[").replace("]", "\\]")
        title = " ".join(str(el.get("title") or "").split()).replace('"', '\\"')
        title_part = f' "{title}"' if title else ""
        return f"![{alt}]({src}{title_part})"

    def convert_iframe(self, el: Tag, text: str, parent_tags: Any) -> str:
        src = http_url(str(el.get("src") or ""))
        if src is None:
            return ""
        kept = "".join(
            f' {name}="{html.escape(str(el[name]))}"' for name in IFRAME_ATTRIBUTES if el.get(name)
        )
        full = " allowfullscreen" if el.has_attr("allowfullscreen") else ""
        self.counts["iframe"] += 1
        return f'\n\n<iframe src="{html.escape(src)}"{kept}{full}></iframe>\n\n'

    def convert_figure(self, el: Tag, text: str, parent_tags: Any) -> str:
        classes = " ".join(el.get("class") or [])
        image, caption = el.find("img"), el.find("figcaption")
        if "wp-block-embed" in classes:  # the URL in its wrapper, then the caption if any
            wrapper = el.find("div")
            url = (wrapper if isinstance(wrapper, Tag) else el).get_text(" ", strip=True).split(" ")[0]
            below = caption.get_text(" ", strip=True) if isinstance(caption, Tag) else ""
            return embed(url, self.hugo, self.counts) + (f"{self.escape(below, set())}\n\n" if below else "")
        if not isinstance(image, Tag) or not isinstance(caption, Tag) or not safe_link(image.get("src")):
            return f"\n\n{text}\n\n"
        return self._captioned(image, caption)

    def _captioned(self, image: Tag, caption: Tag) -> str:
        src = safe_link(image.get("src")) or ""
        link = image.parent.get("href") if image.parent is not None and image.parent.name == "a" else None
        href = safe_link(link) if isinstance(link, str) else None
        self.media += [src] + ([href] if href and is_media_link(href) else [])
        self.counts["captioned image"] += 1
        alt = str(image.get("alt") or "")
        if self.hugo:
            params = [f'src="{_attribute(src)}"', f'alt="{_attribute(alt)}"']
            params += [f'caption="{_attribute(caption.get_text(" ", strip=True))}"']
            params += [f'link="{_attribute(href)}"'] if href else []
            return f"\n\n{HUGO_MARK}{{{{< figure {' '.join(params)} >}}}}\n\n"
        img = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
        img = f'<a href="{html.escape(href)}">{img}</a>' if href else img
        text = " ".join((clean_post_html(caption.decode_contents()) or "").split())
        return f"\n\n<figure>{img}<figcaption>{text}</figcaption></figure>\n\n"

    def convert_p(self, el: Tag, text: str, parent_tags: Any) -> str:
        if "_inline" not in parent_tags:
            url = _lone_url(el)
            if url:
                return embed(url, self.hugo, self.counts)  # WordPress embeds a URL alone in its paragraph
        return super().convert_p(el, text, parent_tags)

    def convert_div(self, el: Tag, text: str, parent_tags: Any) -> str:
        if "wparchive-embed" in (el.get("class") or []):
            return embed(el.get_text(), self.hugo, self.counts)
        return super().convert_div(el, text, parent_tags)

    def convert_pre(self, el: Tag, text: str, parent_tags: Any) -> str:
        code = el.get_text()
        if not code.strip():
            return ""
        language = _language(el)
        if self.hugo and ("{{<" in code or "{{%" in code):
            css = f' class="language-{html.escape(language)}"' if language else ""
            return f"\n\n<pre><code{css}>{_hugo_safe_html(code)}</code></pre>\n\n"
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", code)), default=0))
        return f"\n\n{fence}{language}\n{code.strip(chr(10))}\n{fence}\n\n"

    def convert_code(self, el: Tag, text: str, parent_tags: Any) -> str:
        if self.hugo and ("{{<" in text or "{{%" in text) and "_noformat" not in parent_tags:
            return f"<code>{_hugo_safe_html(el.get_text())}</code>"
        return super().convert_code(el, text, parent_tags)

    def convert_table(self, el: Tag, text: str, parent_tags: Any) -> str:
        cells = el.find_all(["td", "th"])
        nested = any(cell.find(COMPLEX_CELL) for cell in cells)
        spans = any(str(cell.get("rowspan") or "1").strip() not in ("", "1") for cell in cells)
        if nested or spans:
            self.counts["table kept as HTML"] += 1
            table = re.sub(r"\n\s*\n", "\n", clean_post_html(str(el)) or "")  # a blank line would end it
            return f"\n\n{table.strip()}\n\n"
        return super().convert_table(el, text, parent_tags)

    def convert_source(self, el: Tag, text: str, parent_tags: Any) -> str:
        src = safe_link(el.get("src"))
        if src:
            self.media.append(src)
        return text

    def convert_video(self, el: Tag, text: str, parent_tags: Any) -> str:
        source = el.find("source")
        src = safe_link(el.get("src") or (source.get("src") if isinstance(source, Tag) else None))
        if src is None:
            return text
        self.media.append(src)
        return f"\n\n[{text.strip() or src}]({src})\n\n"

    def convert_audio(self, el: Tag, text: str, parent_tags: Any) -> str:
        src = safe_link(el.get("src"))
        if src:
            self.media.append(src)
            return f"\n\n<{src}>\n\n" if http_url(src) else f"\n\n[{src}]({src})\n\n"
        return text


def _escape_marker(match: re.Match[str]) -> str:
    """``# x`` -> ``\\# x``; ``1. x`` -> ``1\\. x`` (a backslash before a digit would be shown)."""
    space, marker = match.groups()
    if marker[0].isdigit():
        return f"{space}{marker[:-1]}\\{marker[-1]}"
    return f"{space}\\{marker}"


def _lone_url(el: Tag) -> str | None:
    """The URL a paragraph holds and nothing else: bare, or a link showing its own address (what the
    import's cleaning makes of ``[embed]URL[/embed]``)."""
    children = [c for c in el.children if not (isinstance(c, str) and not c.strip())]
    if len(children) != 1:
        return None
    child = children[0]
    if isinstance(child, Tag) and (
        child.name != "a" or child.find(True) is not None or child.get_text().strip() != child.get("href")
    ):
        return None
    url = child.get_text().strip()
    return url if _BARE_URL.fullmatch(url) else None


def _language(el: Tag) -> str:
    """The language a ``<pre>`` or its ``<code>`` names in its class, else ""."""
    for tag in (el, el.find("code")):
        if isinstance(tag, Tag):
            found = _LANGUAGE.search(" ".join(tag.get("class") or []))
            if found:
                return (found.group(1) or found.group(2)).lower()
    return ""


def _hugo_safe_html(code: str) -> str:
    """Code as HTML in which Hugo finds no shortcode: ``{{&lt;`` and ``{{&#37;`` show as written."""
    return html.escape(code, quote=False).replace("{{%", "{{&#37;")
