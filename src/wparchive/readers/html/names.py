"""Commenters' names without the theme's words around them, in any language.

Themes print "Anna says:", "Anna sagt:", "Anna dit :", "Comment by Anna — April 14, 2009 @ 10:12",
"Kommentar von Anna". Most put the name in its own element, but some put the verb beside it. The
verb and the lead-in are the same on every comment of a page, so besides a list of the common
words, a word that ends every name (with a colon) or begins every name on the page is the
theme's, not the commenter's.
"""

from __future__ import annotations

import re

from wparchive.when import MONTHS, page_date

SAYS = (
    "says|said|say|wrote|writes|sagt|schreibt|meint|schrieb|dit|a dit|écrit|a écrit|dice|dijo|escribió|"
    "ha detto|scrive|zegt|schreef|disse|diz|escreveu|skriver|sier|siger|säger|sanoo|kirjoitti|pisze|mówi|"
    "napisał|napisała|napsal|píše|говорит|пишет|написал|написала|каже|пише|dedi|yazdı|λέει|szerint|"
    "说|說|より|님의 말|a écrit|kirjutas|rašo|saka|kaže|piše|spune|scrie"
)
_SAYS_AT_END = re.compile(rf"\s*[-–—,]?\s*(?:{SAYS})\s*:?\s*$", re.I)
_LEAD_IN = re.compile(
    r"^\s*(?:comment|pingback|trackback|reply|kommentar|antwort|commentaire|comentario|commento|reactie|"
    r"comentário)\s+(?:by|von|de|par|di|van|por)\s+",
    re.I,
)
# "Comment by Anna — April 14, 2009 @ 10:12" (the classic theme), "Ammon · March 11, 2017" (Epoch):
# what follows the dash is a date; "Post title – Site name" (a pingback's title) is left whole.
_SEPARATORS = (" — ", " – ", " - ", " · ", " • ", " @ ")
_TIME = re.compile(r"^\s*\d{1,2}[:.h]\s?\d\d")


def _starts_like_a_date(text: str) -> bool:
    """ "5 November 2006", "November 5, 2006", "26. Mai 2008": a number or a month first."""
    first = text.split(maxsplit=1)[0].strip(".,").lower() if text.split() else ""
    return first.isdigit() or first in MONTHS


def _without_date(name: str) -> str:
    """A name followed by its date after a dash or a dot: the name alone. A pingback's
    "Title – Site" keeps its dash, as what follows is no date."""
    for separator in _SEPARATORS:
        index = name.find(separator)
        if index > 0:
            tail = name[index + len(separator) :]
            if _TIME.match(tail) or (_starts_like_a_date(tail) and page_date(tail)):
                return name[:index]
    return name


def ping_title(title: str | None) -> str | None:
    """A ping's title without the classic theme's "Pingback by" and date around it."""
    return _without_date(_LEAD_IN.sub("", title)).strip() or None if title else None


def clean_name(name: str | None) -> str | None:
    """One name without the words of the theme around it."""
    if not name:
        return None
    name = _without_date(_LEAD_IN.sub("", name))
    name = _SAYS_AT_END.sub("", name).strip().rstrip(":").strip()
    return name or None


def _shared_last_word(names: list[str]) -> str | None:
    """A word ending every name with a colon ("szerint:"): the theme's verb."""
    last = {name.split()[-1] for name in names if len(name.split()) > 1}
    if len(last) == 1 and len(names) >= 2 and all(len(name.split()) > 1 for name in names):
        word = last.pop()
        return word if word.endswith(":") else None
    return None


def _shared_first_word(names: list[str]) -> str | None:
    """A word starting every name that is followed by different names: the theme's lead-in."""
    first = {name.split()[0] for name in names if name.split()}
    rests = {" ".join(name.split()[1:]) for name in names}
    if (
        len(first) == 1
        and len(names) >= 3
        and len(rests) >= 2
        and all(len(name.split()) > 1 for name in names)
    ):
        word = first.pop()
        return word if word.lower() in ("by", "von", "de", "par", "di", "van", "por", "від", "от") else None
    return None


def clean_names(names: list[str | None]) -> list[str | None]:
    """Every name of a page without its theme's words, the page's shared words included."""
    cleaned = [clean_name(name) for name in names]
    present = [name for name in cleaned if name]
    last = _shared_last_word(present)
    first = _shared_first_word(present)
    result = []
    for name in cleaned:
        if name and last and name.endswith(" " + last):
            name = name[: -len(last)].strip()
        if name and first and name.startswith(first + " "):
            name = name[len(first) :].strip()
        result.append(name or None)
    return result


def from_reply_labels(labels: list[str | None]) -> list[str | None]:
    """Names from the reply links' labels ("Reply to Anna", "Antworte auf Anna", "Répondre à Anna"):
    the words every label of the page begins with are the theme's, the rest is the name. Needs two
    labels with different names, so that the shared part is known."""
    present = [label.split() for label in labels if label]
    if len(present) < 2:
        return [None] * len(labels)
    shared = 0
    while all(len(words) > shared + 1 for words in present) and len({w[shared] for w in present}) == 1:
        shared += 1
    if shared == 0 or len({" ".join(words[shared:]) for words in present}) < 2:
        return [None] * len(labels)
    return [" ".join(label.split()[shared:]) if label else None for label in labels]
