"""Names in comments: sign-offs, salutations, a name addressed at the end of a sentence.

How commenters sign and whom they address is evidence of who answers whom, so
it lives with reply inference; the plain-text reader uses the same cues to find
where one bare comment ends and the next begins.
"""

from __future__ import annotations

import re

_SIGNATURE = re.compile(
    r"^\s*(?:(?:--|—|–|~|-)\s*(?P<dashed>[^\s].{0,40})|(?P<handle>@\w[\w.]*)(?:\s+.{0,20})?)\s*$"
)
_CAPITALISED_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:and|&)\s+[A-Z][\w.'’-]*|\s+[A-Z][\w.'’-]*){0,3}"
_SALUTATION = re.compile(
    r"^\s*(?:(?P<greeting>Hi|Hello|Hey|Dear|Thanks|Thank you|Thx|Welcome|Yo|Howdy|Morning|Good "
    r"morning|Congrats|Congratulations)[, ]+"
    r"(?P<name1>@?[\w][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*[!,.:]"
    rf"|(?P<name2>@?{_CAPITALISED_NAME})\s*(?:[,!:]|\s[–—-])(?:\s|$)"
    r"|(?P<handle>@\w[\w.]*)\b)"
)
_ADDRESS_AT_END = re.compile(r"(?:,|\s)\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\s*[!.?]\s*$")
# A line that is only a name (a sign-off): "Priya", "Tom Baker", "@debworks".
BARE_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*|@\w+)(?: [A-Z][\w'’.-]*)?$")
NOT_NAMES = {
    "I",
    "Yes",
    "No",
    "Oh",
    "Ok",
    "OK",
    "Okay",
    "Well",
    "So",
    "But",
    "And",
    "Also",
    "Wow",
    "Great",
    "Thanks",
    "Thank",
    "Sure",
    "True",
    "Indeed",
    "Agreed",
    "Nice",
    "Cool",
    "Exactly",
    "Absolutely",
    "Hmm",
    "Ah",
    "Sorry",
    "Now",
    "Then",
    "Yesterday",
    "Today",
    "Quote",
    "Update",
    "Note",
    "PS",
    "P.S.",
    "Edit",
    "However",
    "Still",
    "First",
    "Second",
    "Finally",
    "Plus",
    "Anyway",
    "Again",
    "Here",
    "There",
    "This",
    "That",
    "It",
    "Yeah",
    "Yep",
    "Nope",
    "LOL",
    "Lol",
    "Haha",
    "Amen",
    "Bravo",
    "Hear",
    "Please",
    "Hello",
    "Hi",
    "Hey",
    "Dear",
    "Good",
    "Love",
    "Fantastic",
    "Awesome",
    "there",
    "all",
    "everyone",
    "everybody",
    "guys",
    "folks",
    "friends",
    "y'all",
    "you",
    "again",
    "so",
    "for",
    "man",
}


def parse_signature(line: str) -> str | None:
    """A sign-off line: "@debworks", "— Priya", "-- Tom W." (short, on its own line)."""
    match = _SIGNATURE.match(line)
    if not match:
        return None
    value = (match.group("dashed") or match.group("handle") or "").strip()
    if match.group("dashed") and (len(value.split()) > 5 or value[-1:] in ".?!,;:"):
        return None
    return value or None


def salutation_name(text: str) -> str | None:
    """The person a paragraph opens by addressing: "Hi Deb!", "Richard!", "Mike,", "@sam"."""
    match = _SALUTATION.match(text)
    if not match:
        return None
    name = match.group("name1") or match.group("name2") or match.group("handle")
    if not name:
        return None
    first = name.lstrip("@").split()[0]
    if first in NOT_NAMES or (match.group("name2") and len(name.split()) > 3):
        return None
    return name.strip()


def closing_address(text: str) -> str | None:
    """A short line that ends by naming someone: "I think we do too, Zane!", "That’s it, Mary!"."""
    if len(text.split()) > 8:
        return None
    match = _ADDRESS_AT_END.search(text)
    if not match or match.group("name").split()[0] in NOT_NAMES:
        return None
    return match.group("name")
