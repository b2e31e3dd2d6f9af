"""Damage of encoding: control characters, mojibake, entities left encoded in titles."""

from __future__ import annotations

import re

import ftfy
from ftfy.badness import is_bad

from wparchive.clean.base import Edit, outside

# -- encoding -----------------------------------------------------------------------------------
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]+")


# Characters that UTF-8 bytes turn into when read as Windows-1252/Latin-1: mojibake is a run of them.
_MOJIBAKE_RUN = re.compile(
    "[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e"
    "\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}"
)
_WORD_AROUND = re.compile(r"\S*")


def find_mojibake(value: str, is_html: bool) -> list[Edit]:
    """UTF-8 read as Windows-1252 ("doesnâ€™t"), repaired by ftfy word by word."""
    if not is_bad(value):
        return []
    edits: list[Edit] = []
    for run in _MOJIBAKE_RUN.finditer(value):
        start = value.rfind(" ", 0, run.start()) + 1
        end_match = _WORD_AROUND.match(value, run.end())
        end = end_match.end() if end_match else run.end()
        if edits and start < edits[-1].end:
            continue
        word = value[start:end]
        fixed = ftfy.fix_encoding(word)
        if fixed != word:
            edits.append(Edit(start, end, fixed))
    return edits


_DOUBLE_ENTITY = re.compile(r"&amp;((?:#\d{2,6}|#x[0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});)")
_TITLE_ENTITY = re.compile(
    r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,6}|amp|lt|gt|quot|apos|nbsp|hellip|[lr]squo|[lr]dquo|ndash|mdash);"
)


def find_title_entities(value: str, is_html: bool) -> list[Edit]:
    """Titles are plain text: "Ben &amp;amp; Jerry" or "Q&amp;A" left encoded by an old exporter."""
    import html

    edits = []
    for match in _DOUBLE_ENTITY.finditer(value):
        edits.append(Edit(match.start(), match.end(), html.unescape("&" + match.group(1))))
    covered = [(e.start, e.end) for e in edits]
    for match in _TITLE_ENTITY.finditer(value):
        if outside(covered, *match.span()):
            edits.append(Edit(match.start(), match.end(), html.unescape(match.group(0))))
    return sorted(edits, key=lambda e: e.start)
