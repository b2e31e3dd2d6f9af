"""markdownify's walk over the parsed tree, the same output for less work per node.

``markdownify.MarkdownConverter.process_tag`` asks every tag whether it sits inside a ``<pre>``
(``find_parent``: a search up the tree, for every tag), asks each child's neighbours whether they
are blocks through two functions and a regular expression, copies the set of ancestors' names for
every tag and splits every child's text with a regular expression. This walk gives the same
answers from what it already knows: the names of a tag's ancestors are ``parent_tags`` (so
"inside a ``<pre>``" is ``"pre" in parent_tags``), whether a name is a block is looked up once per
name, the sets of ancestors' names are shared (the conversion functions only read them), and
newlines are split off with ``str.strip``. Written against markdownify 1.2: a rule it changes
must be changed here too (``tests/test_export_static.py`` compares the two walks on every body of
its archive and on tricky cases).
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import Comment, Doctype, NavigableString, Tag
from markdownify import MarkdownConverter

_HEADING = re.compile(r"h(\d+)")
# markdownify's whitespace patterns (the same expressions as its own).
_ALL_WHITESPACE = re.compile(r"[\t \r\n]+")
_NEWLINE_WHITESPACE = re.compile(r"[\t \r\n]*[\r\n][\t \r\n]*")
_WHITESPACE = re.compile(r"[\t ]+")
# markdownify's should_remove_whitespace_inside(): the blocks whose edges hold no whitespace.
_BLOCKS = frozenset(
    (
        "p", "blockquote", "article", "div", "section", "ol", "ul", "li", "dl", "dt", "dd", "table",
        "thead", "tbody", "tfoot", "tr", "td", "th",
    )
)  # fmt: skip
_INLINE_PARENTS = frozenset(("td", "th"))
_NOFORMAT_PARENTS = frozenset(("pre", "code", "kbd", "samp"))
_INSIDE: dict[str, bool] = {}
MAX_TAG_SETS = 4096  # sets of ancestors' names kept for the next posts (a blog uses a few dozen)
_Base: Any = MarkdownConverter  # markdownify has no type hints


def _inside_name(name: str) -> bool:
    found = _INSIDE.get(name)
    if found is None:
        found = _HEADING.match(name) is not None or name in _BLOCKS
        if len(_INSIDE) < MAX_TAG_SETS:  # made-up tag names are not kept forever
            _INSIDE[name] = found
    return found


def _removes_inside(el: Any) -> bool:
    """markdownify's should_remove_whitespace_inside()."""
    return isinstance(el, Tag) and _inside_name(el.name)


def _removes_outside(el: Any) -> bool:
    """markdownify's should_remove_whitespace_outside()."""
    return isinstance(el, Tag) and (el.name == "pre" or _inside_name(el.name))


def _ignored(el: Any, inside: bool) -> bool:
    """markdownify's _can_ignore(): comments, and whitespace at a block's edge."""
    if isinstance(el, Tag):
        return False
    if isinstance(el, (Comment, Doctype)):
        return True
    if isinstance(el, NavigableString):
        if el.strip():
            return False
        if inside and (not el.previous_sibling or not el.next_sibling):
            return True
        return _removes_outside(el.previous_sibling) or _removes_outside(el.next_sibling)
    if el is None:
        return True
    raise ValueError(f"Unexpected element type: {type(el)}")


def _collapse(strings: list[str]) -> str:
    """The children's texts joined, at most two newlines where one ends and the next begins."""
    joined = [""]
    for text in strings:
        body = text.lstrip("\n")
        leading = text[: len(text) - len(body)]
        content = body.rstrip("\n")
        if joined[-1] and leading:
            leading = "\n" * min(2, max(len(joined.pop()), len(leading)))
        joined += (leading, content, body[len(content) :])
    return "".join(joined)


class TreeWalk(_Base):
    """``MarkdownConverter`` with ``process_tag`` and ``process_text`` done as described above."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._tag_sets: dict[tuple[frozenset[str], str], frozenset[str]] = {}

    def _child_tags(self, parent_tags: Any, name: str) -> frozenset[str]:
        """The names a tag's children see as their ancestors', with ``_inline`` and ``_noformat``."""
        key = (parent_tags if isinstance(parent_tags, frozenset) else frozenset(parent_tags), name)
        found = self._tag_sets.get(key)
        if found is None:
            if len(self._tag_sets) > MAX_TAG_SETS:  # hostile HTML: endless made-up tag names
                self._tag_sets.clear()
            names = {*key[0], name}
            if _HEADING.match(name) is not None or name in _INLINE_PARENTS:
                names.add("_inline")
            if name in _NOFORMAT_PARENTS:
                names.add("_noformat")
            found = self._tag_sets[key] = frozenset(names)
        return found

    def process_tag(self, node: Any, parent_tags: Any = None) -> str:
        if parent_tags is None:
            parent_tags = frozenset()
        name = node.name
        inside = _inside_name(name)
        tags = self._child_tags(parent_tags, name)
        strings = []
        for el in node.contents:
            if _ignored(el, inside):
                continue
            if isinstance(el, NavigableString):
                text = self.process_text(el, tags)
            else:
                text = self.process_tag(el, tags)
            if text:
                strings.append(text)
        text = "".join(strings) if name == "pre" or "pre" in parent_tags else _collapse(strings)
        convert = self.get_conv_fn_cached(name)
        return text if convert is None else convert(node, text, parent_tags=parent_tags)

    def process_text(self, el: Any, parent_tags: Any = None) -> str:
        if parent_tags is None:
            parent_tags = frozenset()
        text = str(el)
        if "pre" not in parent_tags:
            if self.options["wrap"]:
                text = _ALL_WHITESPACE.sub(" ", text)
            else:
                if "\n" in text or "\r" in text:
                    text = _NEWLINE_WHITESPACE.sub("\n", text)
                if "\t" in text or "  " in text:
                    text = _WHITESPACE.sub(" ", text)
        if "_noformat" not in parent_tags:
            text = self.escape(text, parent_tags)
        before, after = el.previous_sibling, el.next_sibling
        if _removes_outside(before) or (not before and _removes_inside(el.parent)):
            text = text.lstrip(" \t\r\n")
        if _removes_outside(after) or (not after and _removes_inside(el.parent)):
            text = text.rstrip()
        return text
