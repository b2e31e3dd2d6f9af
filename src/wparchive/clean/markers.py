"""Which rules may change which values of a batch: the rules' markers, found for the whole batch at once.

A rule with markers (``Rule.quick``) runs on a value only when the value holds one of them
(``Rule.may_apply``). Asked value by value, that is one substring search per marker and value, over
every value of the archive: most of the time of a ``clean`` that finds little to change. Here each
marker is looked for once through the whole batch, and the answers are the same, value by value.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

from wparchive.clean.base import Rule

SEPARATOR = "\n\x00"  # between the values of a batch joined (no marker holds it)
Plan = tuple[list[Rule], frozenset[str]]  # the rules to run on a value, the marked rules it holds


def plan(rules: list[Rule], values: list[str], kind: str, role: str) -> list[Plan]:
    """For each value of one column of a batch: the rules that may change it, and the names of the
    rules whose markers it holds (for ``engine.apply_rules``).

    A rule with markers that no value holds is left out for the whole batch, and so is a rule whose
    ``precheck`` rejects the batch joined, as before markers were found value by value.
    """
    rules = [rule for rule in rules if role in rule.columns and kind in rule.kinds]
    held = markers_held(values, [rule for rule in rules if marked(rule)])
    found = frozenset().union(*held.values())
    joined = SEPARATOR.join(values) if any(rule.precheck is not None for rule in rules) else ""
    kept = [
        rule
        for rule in rules
        if (rule.name in found if marked(rule) else rule.precheck is None or rule.precheck(joined))
    ]
    plain: Plan = ([rule for rule in kept if not marked(rule)], frozenset())
    plans = [plain] * len(values)
    for index, names in held.items():
        plans[index] = ([rule for rule in kept if not marked(rule) or rule.name in names], names)
    return plans


def marked(rule: Rule) -> bool:
    """Whether the rule runs only on values that hold one of its markers (``Rule.may_apply``)."""
    return rule.precheck is None and bool(rule.quick)


def markers_held(values: list[str], rules: list[Rule]) -> dict[int, frozenset[str]]:
    """The values (by index) that hold a marker of some of the rules, with the names of those rules.

    A marker of one character is looked for in each value (``in`` finds one character with memchr).
    Longer ones are looked for in the UTF-8 of the batch joined: where a str of the batch takes four
    bytes a character as soon as one value holds an emoji, this takes about one, and UTF-8 matches
    only where the characters match. Markers that start with a capital letter are found together in
    one pass (``_capitalised``); each other one in a pass of its own, skipping to the next value at
    each find.
    """
    found: dict[int, set[str]] = {}
    encoded = [value.encode("utf-8", "surrogatepass") for value in values]
    joined = SEPARATOR.encode().join(encoded)
    ends = list(accumulate(len(e) + 2 for e in encoded))  # where each next value starts (2: SEPARATOR)
    capitals: dict[bytes, set[str]] = {}
    for rule in rules:
        for marker in rule.quick:
            needle = marker.encode("utf-8", "surrogatepass")
            if len(marker) <= 1:
                hits = [index for index, value in enumerate(values) if marker in value]
            elif "A" <= marker[0] <= "Z":
                capitals.setdefault(needle, set()).add(rule.name)
                continue
            else:
                hits = _found(joined, ends, needle)
            for index in hits:
                found.setdefault(index, set()).add(rule.name)
    for index, names in _capitalised(joined, ends, capitals):
        found.setdefault(index, set()).update(names)
    return {index: frozenset(names) for index, names in found.items()}


def _found(joined: bytes, ends: list[int], needle: bytes) -> list[int]:
    """The values of the joined batch that hold the needle (two bytes or more), by index."""
    hits = []
    at = joined.find(needle)
    while at >= 0:
        index = bisect_right(ends, at)
        if at + len(needle) > ends[index] - 2:  # across a separator: in no one value
            at = joined.find(needle, at + 1)
            continue
        hits.append(index)
        at = joined.find(needle, ends[index])
    return hits


def _capitalised(
    joined: bytes, ends: list[int], needles: dict[bytes, set[str]]
) -> Iterator[tuple[int, set[str]]]:
    """The values that hold each needle (all starting with a capital letter), found in one pass.

    A regular expression of the needles skips, in C, to the next capital letter (rare in text) and
    tries them there: one pass instead of one a needle. It is asked again from the next byte after
    each match, and every needle is tried where a match starts, so overlapping needles and needles
    that start alike are all found.
    """
    if not needles:
        return
    search = re.compile(b"|".join(re.escape(needle) for needle in needles)).search
    match = search(joined)
    while match is not None:
        start = match.start()
        index = bisect_right(ends, start)
        for needle, names in needles.items():
            if joined.startswith(needle, start) and start + len(needle) <= ends[index] - 2:
                yield index, names
        match = search(joined, start + 1)
