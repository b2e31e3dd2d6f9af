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
from itertools import pairwise

from wparchive.readers.text import cues
from wparchive.readers.text.align import MAX_BATCH_PARTS, MAX_COMMENT_UNITS, Alignment
from wparchive.readers.text.unit import Unit
from wparchive.threads import names
from wparchive.threads.answers import ANSWER_OPENER
from wparchive.threads.similarity import dice

_URL_ONLY = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
_CONTINUATION_START = re.compile(
    r"^(?:And|But|So|Also|Plus|Then|Still|Yet|Or|Because|It |Its |This |That |These |Those |They |He |She |"
    r"Which|Too many|In the end|Anyway|Besides|However|Otherwise|PS|P\.S\.)",
)
_GROUP_GREETING = re.compile(
    r"^(?:Thanks|Thank you|Hi|Hello|Hey|Wow)[, ]+(?:every(?:one|body)|all|guys|folks|y['’]all)\b", re.I
)
_OPENER = re.compile(
    r"^(?:Great (?:post|article|piece|read|points?)|I "
    r"(?:love|loved|agree|really|just|think|see|live)|Thanks? (?:you )?for|"
    r"Thank you|What a|Wow|Nice|Interesting|Excellent|Brilliant|Since |Funnily|Yesterday|Quote:)",
    re.I,
)
_CLOSING = re.compile(
    r"^(?:Thanks|Thank you|Cheers|Keep (?:up|it)|Luv|Love|Best|Regards|Have a great)\b.{0,60}$", re.I
)
_QUESTION_OPENER = re.compile(
    r"^(?:What|How|Why|When|Where|Which|Who|Do you|Did you|Have you|Has anyone|Is there|Are there|Any "
    r"(?:tips|idea|advice)|Can you|Could you|Would you|Does)\b.*\?",
    re.S,
)
_ENDS_LIKE_A_COMMENT = re.compile(r"(?:[!]|[\U0001F300-\U0001FAFF\u2600-\u27BF]|:\)|;\))\s*$")
_GREETING = re.compile(r"^(?:Hi|Hello|Hey|Dear|Howdy|Good (?:morning|afternoon|evening))\b", re.I)
MIN_BATCH_PARTS = 2
SHORT_SALUTATION = 4  # words: "Hi Deb!", "Mike," stand alone above the answer


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
        unit.signature = names.parse_signature(text) if len(text.split()) <= 4 else None
        if (
            not unit.signature
            and index
            and names.BARE_NAME.match(text)
            and texts[index - 1].rstrip().endswith(",")
        ):
            unit.signature = text  # "Cheers," / "Grüße aus Köln," then the name on its own line
        unit.addressed = names.salutation_name(text) or names.closing_address(text)
        lines = text.splitlines()
        unit.signed = len(lines) > 1 and names.parse_signature(lines[-1]) is not None
        unit.link = cues.parse_link_item(text) is not None
        if unit.link:
            unit.addressed = None
        units.append(unit)
    for unit, following in pairwise(units):
        if following.signature and unit.words <= 5 and unit.text.rstrip().endswith(","):
            unit.closing = True
    return units


def _first_name(name: str | None) -> str | None:
    return name.lstrip("@").split()[0].lower() if name and name.lstrip("@") else None


def gap_score(before: Unit, after: Unit, author_first: str | None) -> float:
    """> 0: a comment boundary between ``before`` and ``after`` is likely."""
    if before.signature or before.signed or before.link or after.link:
        return 10.0
    if after.signature or after.closing:
        return -10.0
    # The cues are added in a fixed order (the scores of the alignment compare sums of these).
    score = _marks_that_continue(0.3, before, after)
    score = _speaker_change(score, before, after, author_first)
    score = _comment_shapes(score, before, after)
    return score - 4 * dice(before.text, after.text)


def _marks_that_continue(score: float, before: Unit, after: Unit) -> float:
    """A bare link, a colon or a quote marker: the same comment goes on."""
    if _URL_ONLY.match(after.text):
        score -= 4
    if before.text.rstrip().endswith(":"):
        score -= 3
    if before.text.startswith("Quote:"):
        score -= 3
    return score


def _speaker_change(score: float, before: Unit, after: Unit, author_first: str | None) -> float:
    """Cues that someone else speaks next: greeting the author, a link signing off, answering a question."""
    if _GREETING.match(after.text) and _first_name(after.addressed) == author_first:
        score += 3
    elif author_first and re.search(
        rf"\b{re.escape(author_first)}\b", " ".join(after.text.lower().split()[:8])
    ):
        score += 1  # speaks to the post's author early on: usually a new commenter
    if _URL_ONLY.match(before.text):
        score += 1
    if before.text.rstrip().endswith("?"):
        score += 1  # a question usually closes a comment; the next speaker answers it
    elif "?" in before.text and ANSWER_OPENER.match(after.text):
        score += 2  # a question, then someone taking it up ("I’ll put a sheet together…")
    return score


def _comment_shapes(score: float, before: Unit, after: Unit) -> float:
    """How comments usually open and close, and how continuations open."""
    if _OPENER.match(after.text):
        score += 1.2
    if _QUESTION_OPENER.match(after.text):
        score += 1.0
    if _ENDS_LIKE_A_COMMENT.search(before.text):
        score += 0.5
    if _CONTINUATION_START.match(after.text):
        score -= 1.2
    if _CLOSING.match(after.text) and after.words <= 8:
        score -= 1.5
    return score


def _free_boundaries(units: list[Unit], author_first: str | None) -> list[list[int]]:
    if not units:
        return []
    groups = [[units[0].index]]
    for before, after in pairwise(units):
        if gap_score(before, after, author_first) > 0:
            groups.append([])
        groups[-1].append(after.index)
    return groups


def _aligned_boundaries(
    units: list[Unit], parts: list[tuple[str, str]], author_first: str | None
) -> tuple[list[list[int]], dict[int, int]]:
    """Split ``units`` into comments so that the batch's parts answer them in order.

    Every part answers one comment, in page order; comments the batch skips are
    allowed at a cost. Returns the groups and, per part, the group it answers.
    """
    if len(units) < len(parts) or not parts or len(parts) > MAX_BATCH_PARTS:
        return _free_boundaries(units, author_first), {}
    split = max(0, len(units) - len(parts) * MAX_COMMENT_UNITS)
    window = units[split:]
    alignment = Alignment(window, parts, [gap_score(a, b, author_first) for a, b in pairwise(window)])
    if not alignment.solve():
        return _free_boundaries(units, author_first), {}
    head = _free_boundaries(units[:split], author_first)
    groups, answered = alignment.groups()
    return head + groups, {part: len(head) + group for part, group in answered.items()}


def find_batch(units: list[Unit], author_first: str | None) -> tuple[int, int, list[tuple[int, str]]] | None:
    """(first unit, last unit, parts) of the post author's reply to several people at once.

    The run is found from paragraphs addressing different people by name; it may
    open with a word to everyone ("Thanks, everyone! Quick answers:") and hold
    unnamed parts. Two styles: a short salutation line above each answer
    ("Hi Deb!" then the answer), or a name inside each answering paragraph.
    """
    addressed = [
        u for u in units if u.addressed and _first_name(u.addressed) != author_first and not u.signature
    ]
    # The longest run of close addressed units naming enough people, kept as bounds into
    # ``addressed`` and grown one unit at a time, so each unit is looked at once.
    bounds = (0, 0)
    start = 0
    people: set[str | None] = set()
    for end, unit in enumerate(addressed):
        if end > start and unit.index - addressed[end - 1].index > 4:
            start, people = end, set()
        people.add(_first_name(unit.addressed))
        if len(people) >= MIN_BATCH_PARTS and end + 1 - start > bounds[1] - bounds[0]:
            bounds = (start, end + 1)
    if bounds == (0, 0):
        return None
    best = addressed[bounds[0] : bounds[1]]
    short_style = sum(u.words <= SHORT_SALUTATION for u in best) * 2 >= len(best)
    first = _batch_opening(units, best[0].index)
    last = _batch_end(units, best, short_style, author_first)
    return first, last, _batch_parts(units, first, last, best, short_style)


def _batch_opening(units: list[Unit], first: int) -> int:
    """Step back over a word to everyone and unnamed answers just before the first name."""
    for back in range(first - 1, max(-1, first - 3), -1):
        unit = units[back]
        if _GROUP_GREETING.match(unit.text) or unit.text.rstrip().endswith(":"):
            return back
        if unit.signature or _GREETING.match(unit.text):
            break
    return first


def _batch_end(units: list[Unit], named: list[Unit], short_style: bool, author_first: str | None) -> int:
    sizes = [b.index - a.index for a, b in pairwise(named)]
    extra = (sorted(sizes)[len(sizes) // 2] if sizes else 1) - 1 if short_style else 1
    last = named[-1].index
    for unit in units[last + 1 : last + 1 + max(extra, 0)]:
        if unit.signature or unit.addressed or _GREETING.match(unit.text) or unit.text.rstrip().endswith("?"):
            break
        last = unit.index
    return last


def _batch_parts(
    units: list[Unit], first: int, last: int, named: list[Unit], short_style: bool
) -> list[tuple[int, str]]:
    """Where each part of the batch starts, and the name it addresses ("" when unnamed)."""
    addressed = {u.index: u.addressed or "" for u in named}
    parts: list[tuple[int, str]] = []
    for unit in units[first : last + 1]:
        opener = _GROUP_GREETING.match(unit.text) or unit.text.rstrip().endswith(":")
        if unit.index in addressed:
            parts.append((unit.index, addressed[unit.index]))
        elif not short_style and not opener:
            parts.append((unit.index, ""))
    return parts


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
    before, aligned = _aligned_boundaries(units[:first], part_texts, author_first)
    after = _free_boundaries(units[last + 1 :], author_first)
    groups = before + [list(range(first, last + 1))] + after
    answered = {part: [group] for part, group in aligned.items()}
    return Segmentation(groups, batch=len(before), batch_parts=parts, answered=answered)
