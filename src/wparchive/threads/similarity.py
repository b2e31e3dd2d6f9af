"""Word-level similarity for comment text: echoed words and verbatim quotes.

Deliberately simple and language-light: lower-cased word tokens, a short stop
list, and a crude stem (the first five letters), enough to match "clever" with
"cleverness" and "neighborhood" with "neighborhoods" without a stemmer's
dependencies (and short words such as "luck"/"lucky" stay whole).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "let",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "i’m",
        "i'm",
        "it’s",
        "it's",
        "don’t",
        "don't",
        "can’t",
        "can't",
        "that’s",
        "that's",
        "you’re",
        "you're",
        "we’re",
        "we're",
        "i’ve",
        "i've",
        "really",
        "great",
        "thanks",
        "thank",
        "post",
        "think",
        "like",
        "get",
        "got",
        "one",
        "much",
        "many",
        "well",
        "way",
        "things",
        "thing",
        "know",
        "going",
        "make",
        "made",
        "see",
        "even",
        "still",
        "lot",
        "lots",
        "good",
        "new",
        "people",
        "time",
        "want",
    ]
)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def stem(word: str) -> str:
    return word[:5]


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words(text) if len(w) > 2 and w not in STOP_WORDS)


def similarity(first: str, second: str) -> float:
    """Share of content stems in common (0..1, relative to the shorter text)."""
    a, b = content_words(first), content_words(second)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def dice(first: str, second: str) -> float:
    """Dice coefficient of the content stems (0..1): overlap relative to both texts."""
    a, b = content_words(first), content_words(second)
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))
