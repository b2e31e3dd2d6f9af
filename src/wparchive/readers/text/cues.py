"""Cues in plain-text blog pages: what a single line (or paragraph) looks like.

Text extracted from a WordPress page keeps the theme's words around the
content: comment headers ("3. Jane says", "Jane said..."), dates, "Reply"
links, the "12 thoughts on “…”" heading, comment-form boilerplate, archive
headers, bylines, PHP warnings. Each cue here is a small, separately tested
function over one line, so that the page reader (``reader``) can combine them.
Cues are written for the shapes themes produce, not for one page's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wparchive import theme_words

# The cues of a line that other modules read here too (defined once, below the clean rules and this reader).
from wparchive.furniture import boilerplate_kind, is_archive_header, php_error_kind  # noqa: F401
from wparchive.pingbacks import split_title  # one definition of the title/site split
from wparchive.readers.text.shown import DateCue, date_line, name_and_date, split_badge

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTH_ABBR = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_MONTH_NUMBER = {name: number for number, name in enumerate(MONTHS.split("|"), 1)}
_MONTH_NUMBER.update(
    {name: number for number, name in enumerate(MONTH_ABBR.replace("|Sept", "").split("|"), 1)}
)
_MONTH_NUMBER["Sept"] = 9

NUMBER_WORDS = {
    "no": 0,
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

# -- dates ------------------------------------------------------------------------
_MONTH = f"(?P<month>{MONTHS}|{MONTH_ABBR})"
_CLOCK = r"(?P<time>\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)"
_DATE_WORDS = re.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"{_MONTH}\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
    rf"(?:\s*(?:at|@|-|,)?\s*{_CLOCK})?$",
    re.I,
)
_DATE_DAY_FIRST = re.compile(
    rf"^(?P<day>\d{{1,2}})\s+{_MONTH}\.?,?\s+(?P<year>\d{{4}})(?:\s*(?:at|@|-|,)?\s*{_CLOCK})?$",
    re.I,
)
_DATE_NUMERIC = re.compile(
    r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{2,4})"
    r"(?:\s+(?:at\s+)?(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?))?$"
)
_DATE_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[ T](?P<time>\d{2}:\d{2}))?$")


def _clock(value: str | None) -> str | None:
    if not value:
        return None
    match = re.match(r"(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap])?", value.strip().lower().replace(".", ""))
    if not match:
        return None
    hour, minute, half = int(match.group(1)), match.group(2), match.group(3)
    if half == "p" and hour < 12:
        hour += 12
    if half == "a" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute}"


def parse_date_line(line: str) -> DateCue | None:
    """A line that is only a date (and maybe a time): "April 14, 2009 at 10:12 am"."""
    text = line.strip().rstrip(".:")
    for pattern in (_DATE_WORDS, _DATE_DAY_FIRST, _DATE_NUMERIC, _DATE_ISO):
        match = pattern.match(text)
        if not match:
            continue
        month = match.group("month")
        month_number = int(month) if month.isdigit() else _MONTH_NUMBER.get(month.capitalize().rstrip("."))
        year = int(match.group("year"))
        year = year + 2000 if year < 100 else year
        if not month_number or not 1 <= month_number <= 12:
            break  # "14/04/2020": day first after all; read below by its parts
        return DateCue(
            f"{year:04d}-{month_number:02d}-{int(match.group('day')):02d}", _clock(match.group("time"))
        )
    # Any other language or format: the date found by its parts, nothing else on the line.
    return date_line(text) if len(text) <= 80 else None


# -- comment headers -------------------------------------------------------------------
NAME = r"[^\s].{0,60}?"
SAYS = theme_words.alternation("says")  # "says", "sagt", "dit", "dice", "zegt", "disse", …
ENDS_WITH_REPLY = re.compile(rf"\s[-–—|·]?\s*{theme_words.alternation('reply')}\s*$", re.I)
# "Piotr Halassays:": themes that hide "says" for screen readers print it glued to the name.
GLUED_SAYS = re.compile(rf"^\s*(?P<name>\S.{{0,60}}?[^\W_])(?-i:{SAYS})\s*[:：]\s*$", re.I)
EXCERPT_START = re.compile(r"^\s*\[(?:…|\.\.\.|&hellip;)\]")  # a ping's excerpt: "[…] text […]"
SAYS_LINE = re.compile(rf"^\s*{SAYS}\s*[:：]?\s*$", re.I)  # "sagt:" alone, under the name
_NUMBERED_SAYS = re.compile(rf"^\s*(?P<number>\d{{1,4}})\.\s+(?P<name>{NAME})\s+{SAYS}\s*[:：]?\s*$", re.I)
_SAYS = re.compile(rf"^\s*(?:[•◦▪‣·*]\s*)?(?P<name>{NAME})\s+{SAYS}\s*(?:[:：]|\.\.\.|…|,)?\s*$", re.I)
_SAYS_ON_DATE = re.compile(
    rf"^\s*(?:[•◦▪‣·*]\s*)?(?P<name>{NAME})\s+{SAYS}\s*(?:on|am|le|el|il|em|op|:)?\s+(?P<date>.+?)\s*:?\s*$",
    re.I,
)
_NUMBERED_ITEM = re.compile(r"^(?P<indent>\s*)(?P<number>\d{1,4})\.\s+(?P<text>\S.*)$")
_BULLET_ITEM = re.compile(r"^(?P<indent>\s*)[•◦▪‣·]\s*(?P<text>\S.*)$")
_PING_LABEL = theme_words.alternation("pingback")
_TRACK_LABEL = theme_words.alternation("trackback")
_LINK_ITEM = re.compile(
    rf"^\s*(?:(?P<pingback>{_PING_LABEL})|(?P<trackback>{_TRACK_LABEL}))\s*[:：]\s*(?P<text>.+?)\s*$", re.I
)
_REPLY_LINE = re.compile(
    r"^\s*(?:Reply|Reply ↓|↓ Reply|Reply to this comment|Log in to Reply|Report "
    r"comment|Quote|Permalink|Link)\s*$",
    re.I,
)


@dataclass
class CommentHeader:
    name: str | None
    number: int | None = None
    date: DateCue | None = None
    by_post_author: bool = False  # the theme's badge followed the name ("Mathias Autor sagt:")
    ping: bool = False  # the name is a linking post's title and an excerpt follows ("[…] text […]")
    learned: bool = False  # a shape the page repeats (``template``), not a cue's own words


# Words a clause starts with, not a name: "he says", "the author said".
NOT_A_NAME_START = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "we",
        "you",
        "i",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "the",
        "this",
        "that",
        "who",
        "what",
        "as",
        "everyone",
        "nobody",
        "somebody",
        "someone",
    ]
)


def _plausible_name(name: str, numbered: bool = False) -> bool:
    """Comment authors: a few words, not a sentence ("The Article Nut" only after a list number)."""
    words = name.split()
    if not words or len(words) > 7:
        return False
    last = words[-1]
    initial = re.fullmatch(r"[A-Z]\.", last) is not None  # "Nadia R."
    if (name.rstrip()[-1:] in ".?!;" and not initial) or name.count(",") > 1:
        return False
    if numbered:
        return True
    lowered = name.lower()
    if re.match(r"^\d+\.", lowered):
        return False
    return lowered.split()[0] not in NOT_A_NAME_START


def parse_comment_header(line: str) -> CommentHeader | None:
    """ "  3. Jane Doe says", "Jane Doe says:", "Jane said...", "Jane said on May 1, 2009"."""
    found = _header(line)
    if found is not None and found.name:
        found.name, found.by_post_author = split_badge(found.name)
    return found


def _header(line: str) -> CommentHeader | None:
    match = _NUMBERED_SAYS.match(line)
    if match and _plausible_name(match.group("name"), numbered=True):
        return CommentHeader(match.group("name").strip(), int(match.group("number")))
    match = _SAYS.match(line)
    if match and _plausible_name(match.group("name")):
        return CommentHeader(match.group("name").strip())
    match = _SAYS_ON_DATE.match(line)
    if match and _plausible_name(match.group("name")):
        date = parse_date_line(match.group("date"))
        if date:
            return CommentHeader(match.group("name").strip(), date=date)
    return None


@dataclass
class ListItem:
    indent: int
    number: int | None  # None for a bullet
    text: str


def parse_list_item(line: str) -> ListItem | None:
    """A numbered ("  3. text") or bulleted ("    • text") item of a comment list."""
    match = _NUMBERED_ITEM.match(line)
    if match:
        return ListItem(
            len(match.group("indent").expandtabs(4)), int(match.group("number")), match.group("text")
        )
    match = _BULLET_ITEM.match(line)
    if match:
        return ListItem(len(match.group("indent").expandtabs(4)), None, match.group("text"))
    return None


@dataclass
class LinkItem:
    kind: str  # pingback / trackback
    title: str | None
    site: str | None


def parse_link_item(text: str) -> LinkItem | None:
    """ "Pingback: Post title « Site" (or "| Site", "– Site")."""
    match = _LINK_ITEM.match(text)
    if not match:
        return None

    title, site = split_title(match.group("text"))
    return LinkItem("trackback" if match.group("trackback") else "pingback", title, site)


def is_reply_line(line: str) -> bool:
    """ "Reply", "Antworten ↓", or a "says" word alone on its line: comment structure, not text."""
    return bool(_REPLY_LINE.match(line) or SAYS_LINE.match(line)) or theme_words.is_reply(line)


def ping_header(text: str) -> str | None:
    """The linking post's title in a ping's header: "Title says:", "Title on DATE"."""
    match = _SAYS.match(text)
    if match:
        return match.group("name").strip()
    found = name_and_date(text, titled=True)
    return found.name if found else None


def is_pending_note(line: str) -> bool:
    """ "Your comment is awaiting moderation.": the page was saved by the commenter, before approval."""
    return bool(theme_words.start_pattern("pending").match(line))


def theme_furniture(line: str) -> str | None:
    """The artefact kind of the comment form, "Comments are closed." or "Continue reading", in any
    language the theme words know."""
    if theme_words.is_form(line):
        return "comment_form_boilerplate"
    if theme_words.is_more(line) or theme_words.is_none(line):
        return "theme_boilerplate"
    return None


# -- headings over the comments ----------------------------------------------------------
_COUNT = r"(?P<count>\d{1,5}|" + "|".join(NUMBER_WORDS) + "|" + theme_words.alternation("one")[3:-1] + r")"
_COMMENT_NOUNS = (
    r"(?:thoughts?|responses?|comments?|replies|reactions?|trackbacks?|pingbacks?|"
    + theme_words.alternation("comments")[3:-1]
    + ")"
)
# "12 thoughts on “Title”", "45 Gedanken zu „Title“", "3 réflexions sur « Title »", "12件のコメント".
_COMMENTS_HEADING = re.compile(
    rf"^\s*(?:This (?:post|entry|article) has\s+|There (?:are|is)\s+)?{_COUNT}\s*{_COMMENT_NOUNS}"
    r"(?:\s+\S{1,8}\s+(?:[“\"'‘«„”»‚]|(?-i:[A-Z0-9])).*|\s+so far\s*:?|(?P<bare>\s*(?:»|:)?\s*))$",
    re.I,
)
_COMMENTS_HEADING_TITLE = re.compile(
    r"^\s*(?:(?:Comments?|Responses?|Discussion|Conversation|"
    + theme_words.alternation("comments")[3:-1]
    + r")(?:\s*\(\d+\))?|Reader Interactions|What "
    r"(?:people|readers) (?:are saying|said)|Trackbacks(?: and Pingbacks)?|Pingbacks(?: and "
    r"Trackbacks)?|Trackbacks/Pingbacks)\s*:?\s*$",
    re.I,
)


@dataclass
class CommentsHeading:
    count: int | None
    kind: str  # "count" for "N thoughts on", "title" for "Comments", "trackbacks" for a trackback list
    bare: bool = False  # "3 Comments" alone: a listing's count looks the same as a heading


# The heading and the form's link on one line: "Kommentare Schreibe einen Kommentar".
_HEADING_AND_FORM = re.compile(
    rf"^\s*{_COMMENT_NOUNS}(?:\s*\(\d+\))?\s+{theme_words.alternation('form')}", re.I
)
# Thesis: "{ 38 comments… read them below or add one }".
_BRACED_HEADING = re.compile(rf"^\s*\{{\s*{_COUNT}\s+{_COMMENT_NOUNS}\b.{{0,60}}\}}\s*$", re.I)


def parse_comments_heading(line: str) -> CommentsHeading | None:
    """ "18 thoughts on “Title”", "12 Responses to “Title”", "One comment", "Reader Interactions"."""
    if theme_words.is_reply(line):
        return None  # "Antworten" is German for both "replies" and "Reply"
    match = _COMMENTS_HEADING.match(line) or _BRACED_HEADING.match(line)
    if match:
        count = match.group("count").lower()
        number = int(count) if count.isdigit() else NUMBER_WORDS.get(count, 1)  # "ein", "un", "one"
        kind = "trackbacks" if re.search(r"trackback|pingback", line, re.I) else "count"
        return CommentsHeading(number, kind, match.groupdict().get("bare") is not None)
    if _COMMENTS_HEADING_TITLE.match(line) or _HEADING_AND_FORM.match(line):
        kind = "trackbacks" if re.search(r"trackback|pingback", line, re.I) else "title"
        return CommentsHeading(None, kind)
    return None


# Page furniture, PHP and database errors: wparchive.furniture (shared with the clean rules).
_MONTH_NAME = f"(?:{MONTHS}|{MONTH_ABBR})"
_BYLINE_DATES = "|".join(
    [
        rf"{_MONTH_NAME}.{{0,40}}?\d{{4}}.*?",  # March 3, 2009 at 10:14 pm
        rf"\d{{1,2}}\s+{_MONTH_NAME}.{{0,20}}\d{{4}}.*?",  # 3 March 2009
        r"\d{1,2}/\d{1,2}/\d{2,4}.*?",  # 3/3/2009
    ]
)
_BYLINE = re.compile(
    r"^\s*(?:Posted |Written |Published )?(?:by|By)\s+(?P<name>[^\n]{1,60}?)\s+(?:on|-|–|—|\||at)\s+"
    rf"(?P<date>{_BYLINE_DATES})\s*$"
)
_BYLINE_AT_TIME = re.compile(
    r"^\s*Posted by\s+(?P<name>[^\n]{1,60}?)\s+at\s+\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*$"
)
_DATES_FIRST = "|".join([rf"{_MONTH_NAME}.{{0,30}}?\d{{4}}", r"\d{1,2}/\d{1,2}/\d{2,4}"])
_BYLINE_DATE_FIRST = re.compile(
    rf"^\s*(?:Posted |Published )?(?:on )?(?P<date>{_DATES_FIRST})\s*"
    r"(?:(?:at\s+|@\s*)?\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*)?"
    r"(?:by|By|·|\||-|–)\s*(?P<name>[^\n]{1,60}?)\s*$"
)


@dataclass
class Byline:
    author: str | None
    date: DateCue | None


def parse_byline(line: str) -> Byline | None:
    """ "by tomallinder on January 22, 2009", "Posted on March 3, 2011 by Ann"."""
    # "Posted by Liz on October 8, 2016 at 4:23 am" is a byline with a date before it is Blogger's
    # "Posted by Liz at 4:23 AM".
    blogger = None if _BYLINE.match(line) else _BYLINE_AT_TIME.match(line)
    if blogger:
        name = blogger.group("name").strip(" ,.")
        return Byline(name if _plausible_name(name) else None, None)
    for pattern in (_BYLINE, _BYLINE_DATE_FIRST):
        match = pattern.match(line)
        if match:
            name = match.group("name").strip(" ,.")
            date = parse_date_line(re.split(r"\s+(?:at|@)\s+|\s*[|·]\s*", match.group("date").strip())[0])
            if date or pattern is _BYLINE:
                return Byline(name if _plausible_name(name) else None, date)
    return None
