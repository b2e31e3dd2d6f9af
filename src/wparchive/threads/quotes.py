"""Which earlier comment a comment quotes, found through an index of word runs.

Comparing every comment with every earlier one is quadratic: a 1 MB page of comments took minutes.
A quote long enough to count shares a run of words with its source, so the earlier comments worth
comparing are those that share one: an unmarked quote opens a paragraph, so it shares the eight-word
run that starts at one of the paragraph's first three words; a quote in quotation marks shares at
least four words anywhere. Each run is looked up in a dictionary of the runs of earlier comments
(their hashes: a collision only adds a candidate), and only the latest few candidates are compared
word by word, so the work per comment is bounded whatever the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wparchive.threads.similarity import words

QUOTE_WORDS = 8
MARKED_QUOTE_WORDS = 4  # inside quotation marks, fewer words are enough
OPENING_WORDS = 3  # an unmarked quote starts within a paragraph's first three words
CANDIDATES = 12  # the latest earlier comments compared word by word, per comment
_QUOTED = re.compile(r"[“\"]([^”\"]{20,})[”\"]")
_SHORT_QUOTED = re.compile(r"^[“\"]([^”\"]{8,60})[”\"]", re.M)  # a short quote opening a paragraph


@dataclass(frozen=True)
class _Passage:
    words: list[str]
    marked: bool  # in quotation marks


def _runs(tokens: Sequence[str], length: int, starts: Iterable[int]) -> list[int]:
    return [hash(tuple(tokens[i : i + length])) for i in starts if i + length <= len(tokens)]


def longest_run(passage: Sequence[str], other: Sequence[str]) -> tuple[int, int]:
    """(length in words, start in ``passage``) of the longest run of words both share."""
    positions: dict[str, list[int]] = {}
    for index, word in enumerate(other):
        positions.setdefault(word, []).append(index)
    best, best_start = 0, 0
    previous: dict[int, int] = {}
    for i, word in enumerate(passage):
        current: dict[int, int] = {}
        for j in positions.get(word, ()):
            current[j] = previous.get(j - 1, 0) + 1
            if current[j] > best:
                best, best_start = current[j], i - current[j] + 1
        previous = current
    return best, best_start


class QuoteIndex:
    """The earlier comments of a page, by the word runs they hold."""

    def __init__(self, post_text: str) -> None:
        self.post = " ".join(words(post_text))
        self.texts: list[list[str]] = []
        self.positions: list[int] = []
        self.long_runs: dict[int, list[int]] = {}
        self.short_runs: dict[int, list[int]] = {}

    def add(self, position: int, text: str) -> None:
        """Index one comment (call after looking up what it quotes)."""
        tokens = words(text)
        number = len(self.texts)
        self.texts.append(tokens)
        self.positions.append(position)
        every = range(len(tokens))
        for run in set(_runs(tokens, QUOTE_WORDS, every)):
            self.long_runs.setdefault(run, []).append(number)
        for run in set(_runs(tokens, MARKED_QUOTE_WORDS, every)):
            self.short_runs.setdefault(run, []).append(number)

    def quoted(self, paragraphs: list[str]) -> int | None:
        """The position of the latest earlier comment the paragraphs quote, or None."""
        text = "\n\n".join(paragraphs)
        passages = [_Passage(words(p), False) for p in paragraphs]
        passages += [_Passage(words(m), True) for m in _QUOTED.findall(text) + _SHORT_QUOTED.findall(text)]
        for number in self._candidates(passages):
            if any(self._quotes(passage, self.texts[number]) for passage in passages):
                return self.positions[number]
        return None

    def _candidates(self, passages: list[_Passage]) -> list[int]:
        found: set[int] = set()
        for passage in passages:
            if passage.marked:
                runs = _runs(passage.words, MARKED_QUOTE_WORDS, range(len(passage.words)))
                table = self.short_runs
            else:
                runs = _runs(passage.words, QUOTE_WORDS, range(OPENING_WORDS))
                table = self.long_runs
            for run in runs:
                found.update(table.get(run, ())[-CANDIDATES:])
        return sorted(found, reverse=True)[:CANDIDATES]

    def _quotes(self, passage: _Passage, other: list[str]) -> bool:
        run, start = longest_run(passage.words, other)
        whole = passage.marked and run == len(passage.words)
        if run < (MARKED_QUOTE_WORDS if whole else QUOTE_WORDS):
            return False
        if start > OPENING_WORDS - 1 and not passage.marked:
            return False  # words borrowed mid-sentence (spam copies do this), not a quote
        return " ".join(passage.words[start : start + run]) not in self.post  # a quote of the post
