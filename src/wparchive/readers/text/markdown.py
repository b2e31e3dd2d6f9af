"""Markdown-ish text from HTML-to-text tools (html2text, pandoc, LLM scrapers), read as plain lines.

Such tools mark structure the plain-text reader already reads in other forms: ``**Name**`` is a
commenter's name in bold, ``  1. `` and ``    * `` are the comment list and its nesting, ``#``
marks headings, ``25\\.`` is an escaped full stop, ``> `` a quote. Each line is rewritten to the
plain form **without changing its length**, so every offset into the page stays exact for the
artefacts and the stored bytes: markers become spaces, a list bullet becomes "•", an escaped
character moves one place left and leaves a space.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_HEADING = re.compile(r"^(\s*(?:(?:[*+-]|\d{1,4}\.)\s+)*)(#{1,6})(?=\s)")
_EMPHASIS = re.compile(r"(?<![\w*_])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![\w*_])")
_ABBREVIATION = re.compile(r"^\*\[[^\]\n]{1,80}\]:.*$")  # html2text's "*[HTML]: HyperText Markup Language"
_BULLET = re.compile(r"^(\s*)[*+-](?=\s+\S)")
_QUOTE = re.compile(r"^(\s*(?:(?:[•*+-]|\d{1,4}\.)\s+)*)((?:>\s?)+)")
_LINK = re.compile(r"\[([^\]\n]{1,200})\]\((?:[^)\s]{0,2000})(?:\s+\"[^\"]*\")?\)")
_IMAGE = re.compile(r"!\[([^\]\n]{0,200})\]\((?:[^)\s]{0,2000})(?:\s+\"[^\"]*\")?\)")

# How many lines of the page must show markdown's marks before the page is read as markdown: a
# plain page may hold one "**" or a line starting "* ", a converter's output holds dozens.
_MARKED_LINES = 3


def looks_like_markdown(lines: list[str]) -> bool:
    marked = 0
    for line in lines:
        if _STRONG.search(line) or _ESCAPE.search(line) or _HEADING.match(line) or _LINK.search(line):
            marked += 1
            if marked >= _MARKED_LINES:
                return True
    return False


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def plain(line: str) -> str:
    """The line without markdown's marks, as long as it was."""
    line = _ESCAPE.sub(lambda m: m.group(1) + " ", line)
    line = _IMAGE.sub(lambda m: " " * 2 + m.group(1) + " " * (len(m.group(0)) - 2 - len(m.group(1))), line)
    line = _LINK.sub(lambda m: " " + m.group(1) + " " * (len(m.group(0)) - 1 - len(m.group(1))), line)
    if _ABBREVIATION.match(line):
        return " " * len(line)
    line = _STRONG.sub(lambda m: "  " + m.group(2) + "  ", line)
    line = _EMPHASIS.sub(lambda m: " " + m.group(2) + " ", line)
    line = _HEADING.sub(lambda m: m.group(1) + " " * len(m.group(2)), line)
    line = _BULLET.sub(lambda m: m.group(1) + "•", line)
    return _QUOTE.sub(lambda m: m.group(1) + " " * len(m.group(2)), line)
