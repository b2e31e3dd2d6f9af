"""The post author's batch reply fixes the comment boundaries before it.

A batch reply answers several comments at once, one part each, in page order. The paragraphs before
it are cut into comments so that each part answers one of them: a dynamic programme over the cuts,
rewarding comments that hold the name a part addresses or share its words, and allowing, at a cost,
comments the batch skips.
"""

from __future__ import annotations

import re
from itertools import accumulate

from wparchive.readers.text.unit import Unit
from wparchive.threads.similarity import content_words

ALIGN_WEIGHT = 10.0
UNANSWERED_COST = 3.0  # a comment the batch reply does not answer is allowed, but not free
# Bounds that keep the alignment linear in the page: a comment of bare paragraphs spans at most
# MAX_COMMENT_UNITS of them, a batch reply answers at most MAX_BATCH_PARTS comments, and only the
# units just before the batch (as many as its parts' comments could span) are aligned with it.
MAX_COMMENT_UNITS = 16
MAX_BATCH_PARTS = 40


def _name_in(name: str, text: str) -> bool:
    token = name.lstrip("@").split()[0].lower()
    if len(token) < 3:
        return False
    lowered = text.lower()
    return bool(re.search(rf"(?:^|[^a-z]){re.escape(token)}", lowered)) and (
        f"@{token}" in lowered
        or "http" in lowered
        or re.search(rf"\b{re.escape(token)}\b", lowered) is not None
    )


NO_SCORE = float("-inf")


class Alignment:
    """Dynamic programme: best[end][j] = best score of units[:end] cut into comments, j parts used.

    Every block (a run of at most MAX_COMMENT_UNITS units) is scored once, incrementally: the gaps
    and name anchors by prefix sums, the words shared with each part by adding one unit at a time.
    """

    def __init__(self, units: list[Unit], parts: list[tuple[str, str]], gaps: list[float]) -> None:
        """``gaps[i]``: how likely a comment boundary is between units i and i + 1 (> 0: likely)."""
        self.units, self.parts = units, parts
        self.gaps = gaps
        self.gap_sums = [0.0, *accumulate(gaps)]
        anchors = [[_name_in(name, u.text) if name else False for u in units] for name, _ in parts]
        self.anchor_sums = [[0, *accumulate(map(int, row))] for row in anchors]
        self.all_anchor_sums = [
            0,
            *accumulate(sum(map(int, column)) for column in zip(*anchors, strict=True)),
        ]
        count, k = len(units), len(parts)
        self.best = [[NO_SCORE] * (k + 1) for _ in range(count + 1)]
        self.back: list[list[tuple[int, int, bool] | None]] = [[None] * (k + 1) for _ in range(count + 1)]
        self.best[0][0] = 0.0
        self.shared = self._shared_words()

    def _shared_words(self) -> dict[tuple[int, int], list[float]]:
        """(first, last) -> the dice coefficient of the block's words with each part's words."""
        part_words = [content_words(text) for _, text in self.parts]
        parts_of: dict[str, list[int]] = {}
        for j, found in enumerate(part_words):
            for word in found:
                parts_of.setdefault(word, []).append(j)
        unit_words = [content_words(u.text) for u in self.units]
        table: dict[tuple[int, int], list[float]] = {}
        for first in range(len(self.units)):
            seen: set[str] = set()
            common = [0] * len(self.parts)
            for last in range(first, min(first + MAX_COMMENT_UNITS, len(self.units))):
                for word in unit_words[last] - seen:
                    seen.add(word)
                    for j in parts_of.get(word, ()):
                        common[j] += 1
                table[first, last] = [
                    2 * c / (len(a) + len(seen)) if a and seen else 0.0
                    for c, a in zip(common, part_words, strict=True)
                ]
        return table

    def _anchors(self, part: int, first: int, last: int) -> int:
        row = self.anchor_sums[part]
        return row[last + 1] - row[first]

    def block(self, first: int, last: int, part: int | None) -> float:
        """The score of units[first..last] as one comment, answered by ``part`` (or by none)."""
        # The block's inner gaps count against it, the gap that opens it for it.
        score = self.gap_sums[first] - self.gap_sums[last] + (self.gaps[first - 1] if first > 0 else 0.0)
        if part is None:
            links = all(u.link for u in self.units[first : last + 1])
            score -= 0.0 if links else UNANSWERED_COST
        else:
            score += ALIGN_WEIGHT * self.shared[first, last][part] + 5 * self._anchors(part, first, last)
        every = self.all_anchor_sums[last + 1] - self.all_anchor_sums[first]
        others = every - (self._anchors(part, first, last) if part is not None else 0)
        return score - 5 * others

    def solve(self) -> bool:
        """Fill the table; False when no cut lets every part answer a comment."""
        count, k = len(self.units), len(self.parts)
        for end in range(1, count + 1):
            firsts = range(max(0, end - MAX_COMMENT_UNITS), end)
            for j in range(0, k + 1):
                for first in firsts:
                    if j > 0 and self.best[first][j - 1] != NO_SCORE:
                        self._offer(
                            end,
                            j,
                            self.best[first][j - 1] + self.block(first, end - 1, j - 1),
                            (first, j - 1, True),
                        )
                    if self.best[first][j] != NO_SCORE:
                        self._offer(
                            end, j, self.best[first][j] + self.block(first, end - 1, None), (first, j, False)
                        )
        return self.best[count][k] != NO_SCORE

    def _offer(self, end: int, j: int, value: float, step: tuple[int, int, bool]) -> None:
        if value > self.best[end][j]:
            self.best[end][j], self.back[end][j] = value, step

    def groups(self) -> tuple[list[list[int]], dict[int, int]]:
        """Walk back from the end: the comments, and which part answers which."""
        groups: list[list[int]] = []
        answered_parts: list[int | None] = []
        end, j = len(self.units), len(self.parts)
        while end > 0:
            step = self.back[end][j]
            assert step is not None
            first, previous_j, aligned = step
            groups.append([u.index for u in self.units[first:end]])
            answered_parts.append(j - 1 if aligned else None)
            end, j = first, previous_j
        groups.reverse()
        answered_parts.reverse()
        return groups, {part: index for index, part in enumerate(answered_parts) if part is not None}
