"""Segment a run of bare paragraphs (commenter names stripped) into comments.

Cues, each weak alone:

* a signature line ("@debworks", "— Priya") ends a comment;
* a greeting of the post's author ("Hi Liz!") opens one;
* a bare URL, a line after a colon, a short closing line ("Thanks for the
  post.") or a line opening with a back-reference ("It", "And", "But") continue
  the comment before; words shared with the previous paragraph keep them together;
* the post author's **batch reply**: a run of parts that each address someone by
  name ("Hi Deb!", "Richard!", "I think we do too, Zane!"). Its parts answer the
  comments before it in page order, so there are as many comments before it as
  parts, and the j-th comment is the one whose words (a handle, a URL, echoed
  words) match the j-th part. A dynamic programme chooses the boundaries that
  best agree with all of this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wparchive.sources import text_cues as cues
from wparchive.text_similarity import dice, similarity

_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
_CONTINUATION_START = re.compile(
    r"^(?:And|But|So|Also|Plus|Then|Still|Yet|Or|Because|It |Its |This |That |These |Those |They |He |She |"
    r"Which|Too many|In the end|Anyway|Besides|However|Otherwise|Sure,|Yes,|No,|PS|P\.S\.)",
)
_OPENER = re.compile(
    r"^(?:Great (?:post|article|piece|read|points?)|I (?:love|loved|agree|really|just|think|see|live)|Thanks? (?:you )?for|"
    r"Thank you|What a|Wow|Nice|Interesting|Excellent|Brilliant|Since |Funnily|Yesterday|Quote:)",
    re.I,
)
_CLOSING = re.compile(r"^(?:Thanks|Thank you|Cheers|Keep (?:up|it)|Luv|Love|Best|Regards|Have a great)\b.{0,60}$", re.I)
_GREETING = re.compile(r"^(?:Hi|Hello|Hey|Dear|Howdy|Good (?:morning|afternoon|evening))\b", re.I)
MIN_BATCH_PARTS = 3


@dataclass
class Unit:
    """A paragraph (or a line, on pages written one paragraph per line)."""

    text: str
    index: int
    signature: str | None = None
    addressed: str | None = None

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Segmentation:
    groups: list[list[int]]  # unit indexes of each comment, in order
    batch: int | None = None  # index into groups of the post author's batch reply
    batch_parts: list[tuple[int, str]] = field(default_factory=list)  # (unit index, addressed name)
    answered: dict[int, list[int]] = field(default_factory=dict)  # batch part j -> group index answered


def make_units(texts: list[str]) -> list[Unit]:
    units = []
    for index, text in enumerate(texts):
        unit = Unit(text, index)
        unit.signature = cues.parse_signature(text) if len(text.split()) <= 4 else None
        unit.addressed = cues.salutation_name(text) or cues.closing_address(text)
        units.append(unit)
    return units


def _first_name(name: str | None) -> str | None:
    return name.split()[0].lower() if name else None


def gap_score(before: Unit, after: Unit, author_first: str | None) -> float:
    """> 0: a comment boundary between ``before`` and ``after`` is likely."""
    if before.signature:
        return 10.0
    if after.signature:
        return -10.0
    score = 0.3
    if _URL_ONLY.match(after.text):
        score -= 4
    if before.text.rstrip().endswith(":"):
        score -= 3
    if before.text.startswith("Quote:"):
        score -= 3
    if _GREETING.match(after.text) and _first_name(after.addressed) == author_first:
        score += 3
    elif author_first and re.search(rf"\b{re.escape(author_first)}\b", " ".join(after.text.lower().split()[:8])):
        score += 1  # speaks to the post's author early on: usually a new commenter
    if _URL_ONLY.match(before.text):
        score += 1
    if _OPENER.match(after.text):
        score += 1.2
    if _CONTINUATION_START.match(after.text):
        score -= 1.2
    if _CLOSING.match(after.text) and after.words <= 8:
        score -= 1.5
    score -= 4 * dice(before.text, after.text)
    return score


def _free_boundaries(units: list[Unit], author_first: str | None) -> list[list[int]]:
    if not units:
        return []
    groups = [[units[0].index]]
    for before, after in zip(units, units[1:]):
        if gap_score(before, after, author_first) > 0:
            groups.append([])
        groups[-1].append(after.index)
    return groups


def _name_in(name: str, text: str) -> bool:
    token = name.lstrip("@").split()[0].lower()
    if len(token) < 3:
        return False
    lowered = text.lower()
    return bool(re.search(rf"(?:^|[^a-z]){re.escape(token)}", lowered)) and (
        f"@{token}" in lowered or "http" in lowered or re.search(rf"\b{re.escape(token)}\b", lowered) is not None
    )


def _aligned_boundaries(units: list[Unit], parts: list[tuple[str, str]], author_first: str | None) -> list[list[int]]:
    """Split ``units`` into exactly len(parts) comments, agreeing with each part's name and words."""
    count, k = len(units), len(parts)
    if count < k or k == 0:
        return _free_boundaries(units, author_first)
    gaps = [gap_score(a, b, author_first) for a, b in zip(units, units[1:])]
    anchors = [[_name_in(name, u.text) if name else False for u in units] for name, _ in parts]

    def block(first: int, last: int, j: int) -> float:
        text = " ".join(u.text for u in units[first : last + 1])
        score = sum(-g for g in gaps[first:last]) + 3 * similarity(parts[j][1], text)
        score += sum(5 for t in range(first, last + 1) if anchors[j][t])
        score -= sum(5 for jj in range(k) if jj != j for t in range(first, last + 1) if anchors[jj][t])
        if first > 0:
            score += gaps[first - 1]
        return score

    negative = float("-inf")
    best = [[negative] * (k + 1) for _ in range(count + 1)]
    choice = [[0] * (k + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for end in range(1, count + 1):
        for j in range(1, k + 1):
            for first in range(j - 1, end):
                if best[first][j - 1] == negative:
                    continue
                value = best[first][j - 1] + block(first, end - 1, j - 1)
                if value > best[end][j]:
                    best[end][j], choice[end][j] = value, first
    groups, end = [], count
    for j in range(k, 0, -1):
        first = choice[end][j]
        groups.append([u.index for u in units[first:end]])
        end = first
    return groups[::-1]


def find_batch(units: list[Unit], author_first: str | None) -> tuple[int, int, list[tuple[int, str]]] | None:
    """(first unit, last unit, parts) of a run of paragraphs addressing several people."""
    addressed = [u for u in units if u.addressed and _first_name(u.addressed) != author_first and not u.signature]
    best: list[Unit] = []
    run: list[Unit] = []
    for unit in addressed:
        if run and unit.index - run[-1].index > 4:
            run = []
        run.append(unit)
        names = {_first_name(u.addressed) for u in run}
        if len(names) >= MIN_BATCH_PARTS and len(run) > len(best):
            best = list(run)
    if not best:
        return None
    sizes = [b.index - a.index for a, b in zip(best, best[1:])]
    last_size = max(1, sorted(sizes)[len(sizes) // 2] if sizes else 1)
    last = best[-1].index + last_size - 1
    for unit in units[best[-1].index + 1 : last + 1]:
        if unit.signature or (_GREETING.match(unit.text) and _first_name(unit.addressed) == author_first):
            last = unit.index - 1
            break
    parts = [(u.index, u.addressed or "") for u in best]
    return best[0].index, min(last, units[-1].index), parts


def segment(texts: list[str], post_author: str | None) -> Segmentation:
    """Group bare paragraphs into comments (see module docstring)."""
    units = make_units(texts)
    author_first = _first_name(post_author)
    batch = find_batch(units, author_first)
    if batch is None:
        return Segmentation(_free_boundaries(units, author_first))
    first, last, parts = batch
    part_texts = []
    for number, (start, name) in enumerate(parts):
        stop = parts[number + 1][0] if number + 1 < len(parts) else last + 1
        part_texts.append((name, " ".join(u.text for u in units[start:stop])))
    before = _aligned_boundaries(units[:first], part_texts, author_first)
    after = _free_boundaries(units[last + 1 :], author_first)
    groups = before + [list(range(first, last + 1))] + after
    answered = {j: [j] for j in range(min(len(parts), len(before)))} if len(before) == len(parts) else {}
    return Segmentation(groups, batch=len(before), batch_parts=parts, answered=answered)
