"""A date a line shows, in any language, and the name a comment header sets beside it.

Themes print a comment's date with the site's own date and time formats, in the site's language:
"August 5, 2019 at 1:46 pm", "25. Juni 2016 um 00:18 Uhr", "8. April 2019 @ 11:38", "2019年3月12日
10:15". ``wparchive.when`` finds the date and time by their parts; here a line counts as a date
line when nothing but the date, its time and the small words themes put around them is left, and
as a name-and-date header ("JanBeek Jun 20th at 2:41 am", "Name on 11/08/2020 at 10:39 said:",
"Name | 8. April 2019 @ 11:38") when what precedes the date is a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from wparchive import theme_words, when

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_EDGE = " \t,;:|@·•*-–—/[]>#\u00a0"
# Words a date's line may hold besides the date: ordinals' suffixes and clock words of every language.
_CLOCK_WORDS = {
    "uhr",
    "h",
    "hrs",
    "hr",
    "horas",
    "hod",
    "óra",
    "klo",
    "kl",
    "kello",
    "godz",
    "o",
    "clock",
    "à",
}
_COMMENT_BY = re.compile(
    r"^(?:comment|kommentar|commentaire|comentario|commento|comentário|reactie|"
    r"(?P<ping>pingback|trackback))\s+"
    r"(?:by|von|de|par|di|door|por)\s+",
    re.I,
)
NAME_WORDS = 6  # a commenter's name has at most this many words
NAME_LENGTH = 48
TITLE_LENGTH = 160  # a linking post's title in a ping's header


@dataclass
class DateCue:
    date: str | None  # YYYY-MM-DD; None when the line shows no year ("Jun 20th at 2:41 am")
    time: str | None  # HH:MM (24 h) when the line gives one


@dataclass
class NameAndDate:
    name: str
    date: DateCue
    by_post_author: bool  # the theme's author badge followed the name ("Mathias Autor")
    ping: bool = False  # "Pingback by Title — date": the name is the linking post's title


@cache
def _filler() -> frozenset[str]:
    found = set(_CLOCK_WORDS)
    for field in ("before_date", "before_time", "weekdays"):
        for phrase in theme_words.words(field):
            found.update(token.lower() for token in _TOKEN.findall(phrase))
    return frozenset(found)


@cache
def _words_of(field: str) -> frozenset[str]:
    return frozenset(token.lower() for phrase in theme_words.words(field) for token in _TOKEN.findall(phrase))


def _says_words() -> frozenset[str]:
    return _words_of("says")


def _trailing_words() -> frozenset[str]:
    """What a header may print after the date: "said:", or its own reply link ("- Antworten")."""
    return _words_of("says") | _words_of("reply")


def _cue(moment: when.Moment) -> DateCue:
    if not moment.value:
        return DateCue(None, None)
    return DateCue(moment.value[:10], moment.value[11:16] if moment.shows_time else None)


def _moment(text: str) -> when.Moment | None:
    moment = when.find_moment(text, month_first=True)
    if moment is not None:
        return moment if moment.start >= 0 else None
    yearless = when.find_yearless(text)
    return when.Moment("", True, *yearless) if yearless else None


def _only_filler(text: str, also: frozenset[str] = frozenset()) -> bool:
    filler = _filler()
    return all(token.lower() in filler or token.lower() in also for token in _TOKEN.findall(text))


def date_line(text: str) -> DateCue | None:
    """A line that is a date and maybe its time: "Dienstag, 6. Mai 2014 um 23:30 Uhr"."""
    moment = _moment(text)
    if moment is None or not _only_filler(text[: moment.start] + " " + text[moment.end :]):
        return None
    return _cue(moment)


@cache
def _badge() -> re.Pattern[str]:
    return re.compile(rf"(?:^|\s){theme_words.alternation('author')}\s*$", re.I)


_GLUED_WORDS = re.compile(r"(?<=[a-zß-ÿ])(?=[A-ZÀ-Þ])")


def name_and_date(text: str, titled: bool = False) -> NameAndDate | None:
    """A short line holding a name, then a date: "photobix 11. Dezember 2012 um 11:07".

    ``titled``: the name may be a linking post's title, as a ping's header shows it ("Werbung,
    weil’s so muss…. – eileens good vibes 27. Juni 2018 um 6:45 Uhr")."""
    found = _name_and_date(text, titled)
    if found is None and _GLUED_WORDS.search(text):
        # A badge glued to the date: "Callum Reid Post authorJanuary 13, 2013 at 9:30 am".
        found = _name_and_date(_GLUED_WORDS.sub(" ", text), titled)
    return found


def _name_and_date(text: str, titled: bool) -> NameAndDate | None:
    if len(text) > (TITLE_LENGTH + 60 if titled else 120):
        return None
    moment = _moment(text)
    if moment is None or not _only_filler(text[moment.end :], _trailing_words()):
        return None
    name, by_post_author = split_badge(_strip_connectors(text[: moment.start]))
    prefix = _COMMENT_BY.match(name)
    ping = bool(prefix and prefix.group("ping"))
    name = name[prefix.end() :].strip(_EDGE) if prefix else name
    if not (plausible_name(name) or ((titled or ping) and 0 < len(name) <= TITLE_LENGTH)):
        return None
    return NameAndDate(name, _cue(moment), by_post_author, ping)


def is_badge(text: str) -> bool:
    """A line that is only the theme's post-author badge ("Autor", "Post author")."""
    badge = _badge().search(text)
    return badge is not None and not text[: badge.start()].strip(_EDGE)


def split_badge(name: str) -> tuple[str, bool]:
    """The name without the theme's post-author badge ("Mathias Autor"), and whether it had one."""
    badge = _badge().search(name)
    if badge is None or not name[: badge.start()].strip(_EDGE):
        return name, False
    return name[: badge.start()].strip(_EDGE), True


def _strip_connectors(text: str) -> str:
    """The text before a date without the words between a name and a date ("on", "am", "|")."""
    words = text.strip(_EDGE).split()
    filler = _filler() | _says_words()
    while words and (words[-1].lower().strip(_EDGE) in filler or not words[-1].strip(_EDGE)):
        words.pop()
    return " ".join(words).strip(_EDGE)


def plausible_name(name: str) -> bool:
    """A commenter's name or handle: a few words, no sentence, not a number or a date."""
    if not name or len(name) > NAME_LENGTH or len(name.split()) > NAME_WORDS:
        return False
    if name[-1] in ".?!;" and not re.search(r"\b[A-Z]\.$", name):
        return False
    if not any(ch.isalpha() for ch in name) or name.count(",") > 1:
        return False
    return not re.match(r"^\d+[.)]", name)
