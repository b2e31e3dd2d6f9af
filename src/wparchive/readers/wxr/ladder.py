"""How to read a damaged export: strict first, repaired second, recovered last.

This is feedparser's lesson applied to WXR: try the strict parser; when the file
is damaged, repair what is known to go wrong in WordPress exports and parse
again (declaring a namespace prefix the file uses without declaring it, as
often as there are such prefixes); as a last resort let libxml2 recover, and
compare what it read with the number of items the file holds, because recover
mode can silently drop items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lxml import etree

from wparchive.readers.base import Refused

MAX_ATTEMPTS = 6
_ENTITY_BOMB = re.compile(r"amplification|entity reference loop|entities? .*(?:loop|too many)", re.I)
_UNDECLARED_PREFIX = re.compile(r"Namespace prefix (\S+) (?:on|for) \S+ (?:is )?not defined")


@dataclass
class Attempt:
    """One way of reading the file."""

    repair: bool = False
    recover: bool = False
    extra_prefixes: dict[str, str] = field(default_factory=dict)
    max_item_bytes: int = 32 << 20


def describe(error: etree.XMLSyntaxError) -> str:
    """libxml2's message, first line, at most 200 characters."""
    message = str(error.msg if hasattr(error, "msg") and error.msg else error).strip()
    return message.splitlines()[0][:200] if message else "XML syntax error"


def refuse_bombs(error: etree.XMLSyntaxError) -> None:
    """An entity bomb is not damage to repair: it is refused at once."""
    if _ENTITY_BOMB.search(describe(error)):
        raise Refused(
            "refused: its document type declaration defines entities that expand without bound (an entity "
            "bomb)"
        )


def next_attempt(attempt: Attempt, message: str, repairs: list[str]) -> Attempt:
    """The next way to read the file after a syntax error (libxml2's message); Refused when none is left."""
    if not attempt.repair:
        repairs.append(f"strict parse failed ({message}); repaired the stream")
        return replace(attempt, repair=True)
    prefix = _UNDECLARED_PREFIX.search(message)
    if prefix and not attempt.recover and prefix.group(1) not in attempt.extra_prefixes:
        prefixes = {**attempt.extra_prefixes, prefix.group(1): f"urn:wparchive:undeclared:{prefix.group(1)}"}
        return replace(attempt, extra_prefixes=prefixes)
    if not attempt.recover:
        repairs.append(f"XML still not well-formed after repair ({message}); read in libxml2 recover mode")
        return replace(attempt, recover=True)
    raise Refused(f"unreadable XML: {message}")


def recovery_losses(items_in_file: int, items_read: int) -> list[str]:
    """What recover mode could not read; Refused when it read nothing at all."""
    if items_in_file and items_read == 0:
        raise Refused(
            f"could not recover any of the {items_in_file} items in the file (libxml2 recover mode read none)"
        )
    losses = []
    if items_read < items_in_file:
        losses.append(
            f"recovered {items_read} of {items_in_file} items; {items_in_file - items_read} could not be read"
        )
    losses.append("libxml2 recover mode skipped damaged markup; values next to the damage may be incomplete")
    return losses
