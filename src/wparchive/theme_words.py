"""The words themes print around comments, in two dozen languages, from one table.

``data/theme_words.yaml`` holds, per language, WordPress core's and the default themes' words for
"says:", "Reply", a comment heading's noun, the comment form, "Comments are closed.", "Continue
reading", the post author's badge, and the small words between a name, a date and a time. The
plain-text reader matches them all at once: a page's language is rarely stated in its text, and a
theme half translated mixes two. Each pattern is compiled once, longest words first, case folded.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

FIELDS = (
    "says",
    "reply",
    "comments",
    "one",
    "none",
    "form",
    "closed",
    "more",
    "author",
    "before_date",
    "before_time",
    "weekdays",
    "pending",
    "pingback",
    "trackback",
    "widgets",
)


@cache
def table() -> dict[str, dict[str, list[str]]]:
    """language -> field -> words, as the data file states them."""
    text = resources.files("wparchive").joinpath("data/theme_words.yaml").read_text(encoding="utf-8")
    # BaseLoader: every value a string ("on", "no" and "o" stay words, not booleans).
    loaded = yaml.load(text, Loader=yaml.BaseLoader)
    return {
        language: {name: list(fields.get(name, [])) for name in FIELDS} for language, fields in loaded.items()
    }


@cache
def words(field: str) -> tuple[str, ...]:
    """Every language's words for one field, longest first, each once."""
    found = {word.strip() for fields in table().values() for word in fields[field] if word.strip()}
    return tuple(sorted(found, key=lambda word: (-len(word), word)))


def alternation(field: str) -> str:
    """A regular expression alternative of one field's words (spaces match any run of spaces)."""
    return "(?:" + "|".join(r"\s+".join(map(re.escape, word.split())) for word in words(field)) + ")"


_TAIL = r"\s*(?:[:：.!…↓→»›>]\s*)*$"  # "Reply ↓", "Weiterlesen →", "Read more »", "Kommentar:"


@cache
def line_pattern(field: str) -> re.Pattern[str]:
    """A whole line that is one of the field's words, maybe with an arrow or a colon."""
    return re.compile(rf"^\s*(?:[↓→»›]\s*)?{alternation(field)}{_TAIL}", re.I)


@cache
def start_pattern(field: str) -> re.Pattern[str]:
    """A line that starts with one of the field's phrases ("Leave a Reply Cancel reply")."""
    return re.compile(rf"^\s*{alternation(field)}(?![^\W\d_])", re.I)


def is_reply(line: str) -> bool:
    return bool(line_pattern("reply").match(line))


@cache
def end_pattern(field: str) -> re.Pattern[str]:
    """A line that ends with one of the field's phrases ("Hinterlasse eine Antwort Antworten abbrechen")."""
    return re.compile(rf"(?<![^\W\d_]){alternation(field)}{_TAIL}", re.I)


FORM_LINE_WORDS = 10  # a form heading with the theme's own words before its known phrase


def is_form(line: str) -> bool:
    """A comment form's heading or label, or the note that comments are closed."""
    if start_pattern("form").match(line) or line_pattern("closed").match(line):
        return True
    return len(line.split()) <= FORM_LINE_WORDS and end_pattern("form").search(line) is not None


def is_more(line: str) -> bool:
    """A listing's "Continue reading" link (maybe with the post's title after it)."""
    return bool(start_pattern("more").match(line)) and len(line.split()) <= 12


def is_none(line: str) -> bool:
    """ "No comments", "Keine Kommentare": a listing's count of a post without comments."""
    return bool(line_pattern("none").match(line))


def is_widget(line: str) -> bool:
    """A sidebar widget's title on its own ("Recent Comments", "Letzte Kommentare", "Archives")."""
    return len(line.split()) <= 4 and bool(line_pattern("widgets").match(line))
