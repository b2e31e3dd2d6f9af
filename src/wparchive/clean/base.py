"""What a cleaning rule is: a finder of spans to change, with its catalogue entry.

A rule finds spans of a value to change (``Edit``: start, end, replacement).
Removal is a replacement by "". A rule that only flags (a shortcode whose
meaning is unclear) returns an edit whose replacement equals the original,
which the engine records without changing the value.

Text inside ``<pre>`` and ``<code>`` is never touched: a post that explains a
PHP warning keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Edit:
    start: int
    end: int
    replacement: str


@dataclass
class Rule:
    name: str
    summary: str
    example: str  # before -> after, for the catalogue and --list-rules
    risk: str  # what a false positive would look like, and what keeps it away
    find: Callable[[str, bool], list[Edit]]  # (value, is_html) -> edits
    quick: tuple[str, ...] = ()  # substrings one of which must be present (fast skip)
    columns: tuple[str, ...] = ("content",)  # content / title / excerpt
    precheck: Callable[[str], bool] | None = None  # instead of ``quick``, when substrings cannot say
    kinds: tuple[str, ...] = ("wxr", "text")  # source kinds whose values can hold this artefact

    def may_apply(self, value: str) -> bool:
        if self.precheck is not None:
            return self.precheck(value)
        # map() over the bound __contains__ keeps every substring search in C (a generator
        # expression here cost more than all the rules together).
        return not self.quick or any(map(value.__contains__, self.quick))


def protected_spans(value: str, is_html: bool) -> list[tuple[int, int]]:
    if not is_html or ("<pre" not in value and "<code" not in value):
        return []
    return [m.span() for m in re.finditer(r"<(pre|code)\b[^>]*>.*?</\1\s*>", value, re.S | re.I)]


def outside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return not any(s < end and start < e for s, e in spans)


def regex_rule(
    pattern: re.Pattern[str], replacement: str = "", own_markup: str | None = None
) -> Callable[[str, bool], list[Edit]]:
    def find(value: str, is_html: bool) -> list[Edit]:
        """Every match becomes an edit, but inside <pre>/<code> (unless it is the artefact's own markup)."""
        protected = protected_spans(value, is_html)
        return [
            Edit(m.start(), m.end(), replacement)
            for m in pattern.finditer(value)
            if outside(protected, *m.span()) or (own_markup and own_markup in m.group(0))
        ]

    return find
