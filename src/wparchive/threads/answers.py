"""Which earlier comments a comment answers, with the evidence and a confidence.

Evidence, strongest first:

* ``nesting``: the page shows the comment nested under another;
* ``quote``: it opens a paragraph with, or puts in quotation marks, eight or
  more words of an earlier comment (words of the post do not count: quoting
  the post answers the post);
* ``salutation`` / ``mention``: it addresses an earlier commenter by name
  ("Home Recording,", "Hi Deb!", "@marta", "David Murray has got it pat");
  the latest earlier comment by that person is the one answered;
* ``reciprocity``: an earlier comment addressed this commenter by name and
  this is their next comment;
* ``echo``: a part of a post author's batch reply shares distinctive words with
  one earlier comment (the quoted words were often stripped).

Addressing the post's author about the post ("Great post, Patrick") is not an
answer to a comment, unless the author had addressed this commenter.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from wparchive.threads import names
from wparchive.threads.quotes import QuoteIndex
from wparchive.threads.similarity import content_words

ECHO_THRESHOLD = 0.25
QUESTION_ECHO = 0.3
AUTHOR_ECHO = 0.2  # a comment that names the author and takes up their words
_QUESTION = re.compile(r"[^.!?\n]*\?")
# How a reply to a question opens (also a boundary between bare comments: the text reader's segmenter).
ANSWER_OPENERS = [
    r"Yes",
    r"Yep",
    r"Yeah",
    r"No",
    r"Nope",
    r"Sure",
    r"Of course",
    r"Absolutely",
    r"Definitely",
    r"Not really",
    r"Good question",
    r"Great question",
    r"I['’]ll",
    r"I will",
    r"I['’]d say",
]
ANSWER_OPENER = re.compile(rf"^(?:{'|'.join(ANSWER_OPENERS)})\b", re.I)
_SPLIT_NAMES = re.compile(r"\s+(?:and|&)\s+|,\s*")
WINDOW = 200  # comments before this one in which names, questions and echoes are looked for


@dataclass
class Speaker:
    """What the answer finder needs to know of one comment."""

    position: int
    kind: str
    paragraphs: list[str]
    author: str | None = None  # stated or inferred
    by_post_author: bool = False
    parent: int | None = None
    batch_targets: list[int] | None = None  # set when segmentation already aligned a batch reply
    addressed: set[str] = field(default_factory=set)  # first names this comment addressed

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@lru_cache(maxsize=8192)  # asked for every pair in the window: the names repeat
def _key(name: str | None) -> str | None:
    if not name:
        return None
    token = re.sub(r"^(?:the|a)\s+", "", name.strip().lstrip("@"), flags=re.I).split()
    return token[0].lower().strip("’'.,!") if token else None


def _same_person(name: str | None, author: str | None) -> bool:
    a, b = _key(name), _key(author)
    if not a or not b:
        return False
    if a == b:
        return True
    # "@debworks" ~ "Deb", "Article Nut" ~ "The Article Nut"
    full_name = (name or "").lower().lstrip("@")
    full_author = (author or "").lower().lstrip("@")
    return len(a) >= 3 and (full_author.startswith(a) or a in full_author.split() or full_name in full_author)


def _latest_by(speakers: list[Speaker], name: str, before: int) -> Speaker | None:
    for earlier in reversed(speakers[:before]):
        if earlier.kind == "comment" and _same_person(name, earlier.author):
            return earlier
    return None


def addressed_names(paragraph: str, known_authors: list[str]) -> list[str]:
    """Names a paragraph opens by addressing, and known commenters it names early on."""
    found: list[str] = []
    opening = names.salutation_name(paragraph)
    if opening:
        found.extend(n for n in _SPLIT_NAMES.split(opening) if n)
    for handle in re.findall(r"@(\w{2,})", paragraph):
        found.append(handle)
    head = " ".join(paragraph.split()[:12])
    for author in known_authors:
        if author and len(author.split()) >= 2 and author in head:
            found.append(author)
    return found


class Rarity:
    """Inverse document frequency of word stems over the comments of one page."""

    def __init__(self, texts: list[str]) -> None:
        self.count = len(texts) + 1
        self.frequency: dict[str, int] = {}
        for text in texts:
            for stem in content_words(text):
                self.frequency[stem] = self.frequency.get(stem, 0) + 1

    def weight(self, stem: str) -> float:
        return math.log(self.count / (1 + self.frequency.get(stem, 0))) + 0.1

    def shares_rare_word(self, paragraph: str, other: str) -> bool:
        """Both use a long word that no other text of the page uses ("Wikinomics", "dentist")."""
        common = content_words(paragraph) & content_words(other)
        return any(len(stem) >= 5 and self.frequency.get(stem, 0) <= 2 for stem in common)

    def echo(self, paragraph: str, other: str) -> float:
        """Weighted share of the paragraph's words that the other text also has."""
        mine, theirs = content_words(paragraph), content_words(other)
        total = sum(self.weight(s) for s in mine)
        return sum(self.weight(s) for s in mine & theirs) / total if total else 0.0


def _batch_targets(
    speaker: Speaker, earlier: list[Speaker], floor: int, rarity: Rarity
) -> list[tuple[int, str, float]]:
    """Targets of a post author's multi-part reply: one per addressed or echoing paragraph."""
    window = [e for e in earlier if e.kind == "comment" and not e.by_post_author and e.position > floor]
    targets: list[tuple[int, str, float]] = []
    for paragraph in speaker.paragraphs:
        named = [n for n in addressed_names(paragraph, []) if n]
        hit = next(
            (_latest_by(earlier, n, len(earlier)) for n in named if _latest_by(earlier, n, len(earlier))),
            None,
        )
        if hit is not None and not hit.by_post_author:
            targets.append((hit.position, "salutation", 0.85))
            continue
        rare = [e.position for e in window if rarity.shares_rare_word(paragraph, e.text)]
        if len(rare) == 1:
            targets.append((rare[0], "echo", 0.6))
            continue
        scored = sorted(((rarity.echo(paragraph, e.text), e.position) for e in window), reverse=True)
        if (
            scored
            and scored[0][0] >= ECHO_THRESHOLD
            and (len(scored) == 1 or scored[0][0] > scored[1][0] * 1.25)
        ):
            targets.append((scored[0][1], "echo", 0.5))
    return targets


def infer_answers(
    speakers: list[Speaker], post_author: str | None, post_text: str
) -> dict[int, list[tuple[int, str, float]]]:
    """position -> [(answered position, evidence, confidence)] for every comment."""
    result: dict[int, list[tuple[int, str, float]]] = {}
    last_author_reply = 0
    rarity = Rarity([s.text for s in speakers] + [post_text])
    quotes = QuoteIndex(post_text)
    for index, speaker in enumerate(speakers):
        if speaker.kind != "comment":
            continue
        edges = _Edges(speaker.position)
        quoted = quotes.quoted(speaker.paragraphs)
        if quoted is not None:
            edges.add(quoted, "quote", 0.9)
        quotes.add(speaker.position, speaker.text)
        # Names, questions and echoes are looked for among the latest comments only: an answer to a
        # comment hundreds of comments back is rare, and every comment against every earlier one
        # is quadratic (quotes are found at any distance, through their index).
        earlier = speakers[max(0, index - WINDOW) : index]
        _answered(speaker, earlier, post_author, rarity, last_author_reply, edges)
        speaker.addressed = {k for p in speaker.paragraphs for k in map(_key, addressed_names(p, [])) if k}
        if speaker.by_post_author:
            last_author_reply = speaker.position
        result[speaker.position] = edges.sorted()
    return result


class _Edges:
    """The comments one comment answers, each with its strongest evidence."""

    def __init__(self, position: int) -> None:
        self.position = position
        self.found: dict[int, tuple[str, float]] = {}

    def add(self, position: int, evidence: str, confidence: float) -> None:
        if position != self.position and (position not in self.found or self.found[position][1] < confidence):
            self.found[position] = (evidence, confidence)

    def sorted(self) -> list[tuple[int, str, float]]:
        return [(p, e, c) for p, (e, c) in sorted(self.found.items())]


def _answered(
    speaker: Speaker,
    earlier: list[Speaker],
    post_author: str | None,
    rarity: Rarity,
    last_author_reply: int,
    edges: _Edges,
) -> None:
    """Every kind of evidence but quotes that ``speaker`` answers an earlier comment."""
    add = edges.add
    if speaker.parent is not None:
        add(speaker.parent, "nesting", 0.95)
    if speaker.batch_targets is not None:
        for position in speaker.batch_targets:
            add(position, "salutation", 0.7)
    elif speaker.by_post_author and len(speaker.paragraphs) >= 2:
        for position, evidence, confidence in _batch_targets(speaker, earlier, last_author_reply, rarity):
            add(position, evidence, confidence)
    else:
        _named_targets(speaker, earlier, post_author, add)
    _reciprocity(speaker, earlier, add)
    _answered_question(speaker, earlier, rarity, add)
    if not speaker.by_post_author:
        _author_echo(speaker, earlier, post_author, rarity, add)


def _named_targets(speaker: Speaker, earlier: list[Speaker], post_author: str | None, add) -> None:
    known = [e.author for e in earlier if e.author]
    for paragraph in speaker.paragraphs[:2]:
        for name in addressed_names(paragraph, known):
            if post_author and _same_person(name, post_author):
                continue  # addressing the author about the post; reciprocity handles replies
            target = _latest_by(earlier, name, len(earlier))
            if target is not None and not _same_person(name, speaker.author):
                add(target.position, "mention" if name.startswith("@") or " " in name else "salutation", 0.8)


def _answered_question(speaker: Speaker, earlier: list[Speaker], rarity: Rarity, add) -> None:
    """The comment just before asked a question, and this one takes up its words."""
    previous = next((e for e in reversed(earlier) if e.kind == "comment"), None)
    if previous is None or (previous.author and _same_person(previous.author, speaker.author)):
        return
    if previous.by_post_author and len(previous.paragraphs) > 1:
        return  # a batch reply's questions are put to the people it answers
    questions = " ".join(_QUESTION.findall(previous.text))
    if not questions:
        return
    if ANSWER_OPENER.match(speaker.text) or rarity.echo(questions, speaker.text) >= QUESTION_ECHO:
        add(previous.position, "question", 0.5)


def _author_echo(
    speaker: Speaker, earlier: list[Speaker], post_author: str | None, rarity: Rarity, add
) -> None:
    """Speaking to the post's author about what the author said in a comment (not in the post)."""
    head = " ".join(" ".join(speaker.paragraphs[:1]).split()[:10])
    first = _key(post_author)
    if not first or not re.search(rf"\b{re.escape(first)}\b", head, re.I):
        return
    replies = [e for e in earlier if e.by_post_author and e.kind == "comment"]
    if replies and rarity.echo(speaker.text, replies[-1].text) >= AUTHOR_ECHO:
        add(replies[-1].position, "echo", 0.5)


def _reciprocity(speaker: Speaker, earlier: list[Speaker], add) -> None:
    """Answer the comments that addressed this commenter since their previous comment."""
    me = _key(speaker.author)
    if not me:
        return
    # Few comments are addressed to anyone: look for those first, and for this commenter's previous
    # comment only when there are some (names are compared loosely, so no index by name serves).
    addressed_me = [other for other in earlier if me in other.addressed]
    if not addressed_me:
        return
    previous = max((e.position for e in earlier if _same_person(speaker.author, e.author)), default=0)
    for other in addressed_me:
        if other.position > previous and not _same_person(other.author, speaker.author):
            add(other.position, "reciprocity", 0.6)
