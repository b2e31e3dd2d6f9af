"""WordPress shortcodes that no generator runs, turned into the HTML WordPress would have shown.

Converters leave ``[caption]`` as literal text (peers.md, request 6). The common ones are rewritten
here, before the paragraph rules and the Markdown conversion, into HTML the converter knows:

- ``[caption]`` (and the older ``[wp_caption]``) -> ``<figure>`` with the image and ``<figcaption>``;
- ``[embed]URL[/embed]``, WordPress.com's ``[youtube=URL]`` and ``[vimeo ID]`` -> an embed marker
  (``<div class="wparchive-embed">URL</div>``) that becomes the generator's video shortcode or a link;
- code shortcodes of the syntax highlighters (``[sourcecode language="python"]``, ``[code]``,
  CodeColorer's ``[cc lang="php"]`` and ``[ccnle_php]``, SyntaxHighlighter's ``[python]…[/python]``)
  -> ``<pre><code>``.

Every other shortcode is left exactly as written and counted, so the report can name them
(``[gallery]``, ``[contact-form]``, a page builder's): guessing what a plugin printed would lose more.
"""

from __future__ import annotations

import html
import re
from collections import Counter

# WordPress's shortcode_parse_atts(): name="value", name='value', name=value, or a bare value.
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)""")
_CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
_CAPTION_IMAGE = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I)
_EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.S | re.I)
_WPCOM_VIDEO = re.compile(r"\[(youtube|vimeo)[=\s]+([^\]\s]+)[^\]]*\]", re.I)
# SyntaxHighlighter Evolved registers each language as a shortcode; matched only with its end tag.
LANGUAGES = (
    "as3", "actionscript3", "bash", "shell", "sh", "coldfusion", "cf", "clojure", "clj", "cpp", "c",
    "csharp", "c-sharp", "css", "delphi", "pascal", "diff", "patch", "erlang", "erl", "fsharp", "go",
    "golang", "groovy", "haskell", "java", "javafx", "js", "jscript", "javascript", "latex", "tex", "lisp",
    "lua", "matlab", "objc", "perl", "pl", "php", "plain", "text", "powershell", "ps", "py", "python", "r",
    "rails", "rb", "ruby", "scala", "sql", "swift", "vb", "vbnet", "xml", "xhtml", "xslt", "html", "yaml",
    "yml", "json"
)  # fmt: skip
CODE_SHORTCODES = ("sourcecode", "source", "code", *LANGUAGES)
# CodeColorer: [cc], [cci], [ccb], [cce], [ccnle] …, and the same with the language: [cc_php].
_CODECOLORER = r"cc[a-z]{0,5}(?:_[\w+#-]+)?"
_CODE = re.compile(
    r"\[(" + "|".join([_CODECOLORER, *map(re.escape, CODE_SHORTCODES)]) + r")\b([^\]]*)\](.*?)\[/\1\]",
    re.S | re.I,
)
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);", re.I)
_PRE = re.compile(r"<pre\b.*?</pre>", re.S | re.I)
_ANY = re.compile(r"(?<!\[)\[([A-Za-z][\w-]*)([^\]\[]*)\]")
# Shortcodes of WordPress and of common plugins, named in the report even without attributes.
KNOWN = frozenset(
    (
        "gallery", "audio", "video", "playlist", "embed", "caption", "contact-form", "contact-form-7",
        "gravityform", "wpforms", "ninja_form", "instagram", "tweet", "twitter", "gist", "googlemaps",
        "slideshare", "soundcloud", "spotify", "polldaddy", "archives", "sitemap", "toc"
    )
)  # fmt: skip


def attributes(text: str) -> dict[str, str]:
    """A shortcode's ``name="value"`` attributes, names in lower case, values decoded."""
    found = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1) or match.group(3) or match.group(5)
        value = match.group(2) if match.group(1) else match.group(4) if match.group(3) else match.group(6)
        found[name.lower()] = html.unescape(value)
    return found


def _caption(match: re.Match[str]) -> str:
    attrs, inner = attributes(match.group(2)), match.group(3)
    image = _CAPTION_IMAGE.match(inner)
    if image is None:
        return inner  # no image: the text without the shortcode, as WordPress shows it
    caption = html.escape(attrs["caption"], quote=False) if attrs.get("caption") else image.group(2).strip()
    return f'\n\n<figure class="wp-caption">{image.group(1)}<figcaption>{caption}</figcaption></figure>\n\n'


def _embed_marker(url: str) -> str:
    return f'\n\n<div class="wparchive-embed">{html.escape(url.strip(), quote=False)}</div>\n\n'


def _wpcom_video(match: re.Match[str]) -> str:
    kind, value = match.group(1).lower(), html.unescape(match.group(2))
    if kind == "vimeo" and value.isdigit():
        value = f"https://vimeo.com/{value}"
    return _embed_marker(value)


def _code(match: re.Match[str]) -> str:
    name, attrs, code = match.group(1).lower(), attributes(match.group(2)), match.group(3)
    suffix = name.partition("_")[2] if name.startswith("cc") else ""
    language = attrs.get("language") or attrs.get("lang") or suffix or (name if name in LANGUAGES else "")
    if "<br" in code or "</p>" in code:  # the visual editor's line breaks
        code = re.sub(r"<br\s*/?>\n?", "\n", code)
        code = re.sub(r"</?p>", "\n", code)
    if _ENTITY.search(code):  # stored encoded by the visual editor
        code = html.unescape(code)
    css = f' class="language-{html.escape(re.sub(r"[^A-Za-z0-9_+#-]", "", language))}"' if language else ""
    return f"\n\n<pre><code{css}>{html.escape(code.strip(chr(10)), quote=False)}</code></pre>\n\n"


def expand(text: str) -> tuple[str, Counter[str]]:
    """The post's HTML with the known shortcodes rewritten; which were rewritten, by name."""
    done: Counter[str] = Counter()
    for name, pattern, replace in (
        ("code", _CODE, _code),
        ("caption", _CAPTION, _caption),
        ("embed", _EMBED, lambda m: _embed_marker(html.unescape(m.group(1)))),
        ("video", _WPCOM_VIDEO, _wpcom_video),
    ):
        if "[" not in text:
            break
        text, count = pattern.subn(replace, text)
        done[name] += count
    return text, +done


def left_over(text: str) -> Counter[str]:
    """Shortcodes still in the text (outside ``<pre>``), by name: a name with attributes, with its
    closing tag, or a well-known one; ``[sic]`` and ``[1]`` are not."""
    if "[" not in text:
        return Counter()
    text = _PRE.sub("", text)
    found: Counter[str] = Counter()
    for match in _ANY.finditer(text):
        name = match.group(1)
        if name.lower() in KNOWN or "=" in match.group(2) or f"[/{name}]" in text:
            found[name.lower()] += 1
    return found
