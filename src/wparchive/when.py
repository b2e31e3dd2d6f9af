"""Dates as blog pages show them, in any language: "April 14, 2009 at 10:12 am", "14. März 2014 um
10:12", "14 avril 2009 à 10 h 12", "2014年3月14日 10:12", "17.07.2011 @ 13:04".

Themes print comment dates with the site's own ``date_format`` and ``time_format`` in the site's
language, so a page's dates can take any shape WordPress's format characters allow. This reads
them by their parts rather than by a list of formats: a month name (from a table of the languages
WordPress is translated into most, nominative and genitive forms), a four-digit year, a day next
to the month, then a time with an optional am/pm mark. All-numeric dates are read day first
unless the page is in US English or the numbers only fit month first. Nothing here guesses a time
zone: the result is the wall-clock time the page shows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from wparchive.dates import FIRST_YEAR

_MONTH_NAMES = {
    # English, German, Dutch, the Scandinavian languages
    1: "january jan januar jänner jän januari janvier janv enero ene gennaio gen janeiro jan. tammikuu "
    "tammikuuta tammi stycznia styczeń styczen sty leden ledna led január januára ianuarie ocak "
    "январь января янв січень січня січ ιανουάριος ιανουαρίου ιαν gener januar sausis januāris jaanuar",
    2: "february feb februar feber februari février fevrier févr fevr febrero febr febbraio fevereiro "
    "fev helmikuu helmikuuta helmi lutego luty lut únor února uno február februára februarie şubat "
    "subat февраль февраля фев лютий лютого лют φεβρουάριος φεβρουαρίου φεβ febrer vasaris februāris "
    "veebruar",
    3: "march mar märz maerz maart mars marzo marzo março marco maaliskuu maaliskuuta maalis marca "
    "marzec březen března bre marec marca martie mart март марта мар березень березня бер μάρτιος "
    "μαρτίου μαρ març kovas marts märts",
    4: "april apr avril avr abril abr aprile huhtikuu huhtikuuta huhti kwietnia kwiecień kwiecien kwi "
    "duben dubna dub apríl apríla aprilie nisan апрель апреля апр квітень квітня кві απρίλιος απριλίου "
    "απρ abril balandis aprīlis aprill",
    5: "may mai mei maj mayo maggio mag maio toukokuu toukokuuta touko maja květen května kve máj mája "
    "mayıs mayis май мая травень травня тра μάιος μαΐου μαΐ μαι maig gegužė maijs",
    6: "june jun juni juin junio giugno giu junho kesäkuu kesäkuuta kesä czerwca czerwiec cze červen "
    "června čer jún júna iunie haziran июнь июня июн червень червня чер ιούνιος ιουνίου ιουν juny "
    "birželis jūnijs juuni",
    7: "july jul juli juillet juil julio luglio lug julho heinäkuu heinäkuuta heinä lipca lipiec lip "
    "červenec července čvc júl júla iulie temmuz июль июля июл липень липня лип ιούλιος ιουλίου "
    "ιουλ juliol liepa jūlijs juuli",
    8: "august aug augustus augusti août aout agosto ago elokuu elokuuta elo sierpnia sierpień sierpien "
    "sie srpen srpna srp augusta august ağustos agustos август августа авг серпень серпня сер "
    "αύγουστος αυγούστου αυγ agost rugpjūtis augusts",
    9: "september sep sept septembre septiembre setiembre settembre set setembro syyskuu syyskuuta "
    "syys września wrzesień wrzesien wrz září zář septembra septembrie eylül eylul сентябрь сентября "
    "сен вересень вересня вер σεπτέμβριος σεπτεμβρίου σεπ setembre rugsėjis septembris",
    10: "october oct oktober okt october octobre octubre ottobre ott outubro out lokakuu lokakuuta loka "
    "października październik pazdziernik paź říjen října říj októbra októbri octombrie ekim "
    "октябрь октября окт жовтень жовтня жов οκτώβριος οκτωβρίου οκτ octubre spalis oktobris",
    11: "november nov novembre noviembre novembro marraskuu marraskuuta marras listopada listopad lis "
    "listopadu novembra noiembrie kasım kasim ноябрь ноября ноя листопад листопада лис νοέμβριος "
    "νοεμβρίου νοε novembre lapkritis novembris",
    12: "december dec dezember dez december décembre decembre déc diciembre dic dicembre dezembro "
    "joulukuu joulukuuta joulu grudnia grudzień grudzien gru prosinec prosince pro decembra "
    "decembrie aralık aralik декабрь декабря дек грудень грудня гру δεκέμβριος δεκεμβρίου δεκ "
    "desembre gruodis decembris detsember",
}
# Hungarian, Indonesian and Malay, Norwegian's "desember".
_MORE_MONTH_NAMES = {
    1: "január jan.",
    2: "február feb.",
    3: "március márc maret mac",
    4: "április ápr",
    5: "május máj",
    6: "június jún",
    7: "július júl",
    8: "augusztus agustus ogos",
    9: "szeptember szept",
    10: "október oktober",
    11: "november",
    12: "desember disember",
}
MONTHS: dict[str, int] = {
    name: number
    for table in (_MONTH_NAMES, _MORE_MONTH_NAMES)
    for number, names in table.items()
    for name in names.split()
}
# Croatian and Serbian (Latin) name months by other words, one of which ("listopad") is
# November in Czech and Polish: read them only on pages in those languages.
_SOUTH_SLAVIC = {
    name: number
    for number, names in enumerate(
        [
            "siječanj siječnja",
            "veljača veljače",
            "ožujak ožujka",
            "travanj travnja",
            "svibanj svibnja",
            "lipanj lipnja",
            "srpanj srpnja",
            "kolovoz kolovoza",
            "rujan rujna",
            "listopad listopada",
            "studeni studenoga studenog",
            "prosinac prosinca",
        ],
        1,
    )
    for name in names.split()
}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_CJK = re.compile(r"(\d{4})\s*[年년/]\s*(\d{1,2})\s*[月월/]\s*(\d{1,2})\s*[日일]?")
_NUMERIC = re.compile(r"(?<![\d:])(\d{1,4})\s*([./-])\s*(\d{1,2})\s*(?:\2|,)\s*(\d{2,4})(?![\d:])")
_WORD = re.compile(r"[^\W\d_]+\.?|\d+(?:st|nd|rd|th|er|e|º|°|\.)?", re.UNICODE)
_TIME = re.compile(
    r"(?<![\d.])(?:(午前|午後|오전|오후)\s*)?(\d{1,2})\s*(?::|h|時|시|\.(?=\d{2}\b))\s*(\d{2})"
    r"(?:\s*(?::|分|분)\s*(\d{2}))?(?!\d)(?:\s*(a\.?\s?m\.?|p\.?\s?m\.?|vorm\.?|nachm\.?)(?![a-z]))?",
    re.I,
)
_PM = ("p", "午後", "오후", "nachm")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().replace("\u00a0", " ")


def _month(word: str, language: str) -> int | None:
    word = word.rstrip(".")
    if language in ("hr", "sr", "bs") and word in _SOUTH_SLAVIC:
        return _SOUTH_SLAVIC[word]
    return MONTHS.get(word)


def _year(text: str) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        value = int(text)
        return value + (2000 if value < 70 else 1900)
    return None


Found = tuple[int, int, int, int, int]  # year, month, day, and where the date starts and ends


def _named_month_date(text: str, language: str) -> Found | None:
    """The date of a text that names its month; None when none is named."""
    tokens = list(_WORD.finditer(text))
    for index, token in enumerate(tokens):
        if not token.group()[0].isalpha():
            continue
        month = _month(token.group(), language)
        if month is None:
            continue
        numbers = [(i, t) for i, t in enumerate(tokens) if t.group()[0].isdigit() and abs(i - index) <= 3]
        years = [
            (i, t) for i, t in numbers if t.group().rstrip(".").isdigit() and len(t.group().rstrip(".")) == 4
        ]
        days = [
            (abs(i - index), i, t)
            for i, t in numbers
            if len(re.sub(r"\D", "", t.group())) <= 2 and text[t.end() : t.end() + 1] != ":"
        ]
        if not years or not days:
            continue
        day_token, year_token = min(days)[2], years[0][1]
        span = (day_token, year_token, token)
        day = int(re.sub(r"\D", "", day_token.group()))
        start, end = min(t.start() for t in span), max(t.end() for t in span)
        return int(year_token.group().rstrip(".")), month, day, start, end
    return None


def _numeric_date(text: str, month_first: bool) -> Found | None:
    match = _NUMERIC.search(text)
    if not match:
        return None
    first, separator, second, third = match.groups()
    if len(first) == 4:
        return int(first), int(second), int(third), match.start(), match.end()
    year = _year(third)
    if year is None:
        return None
    a, b = int(first), int(second)
    if separator == "/" and month_first and a <= 12 or a <= 12 < b:
        a, b = b, a
    return year, b, a, match.start(), match.end()


def _find_date(text: str, language: str, month_first: bool) -> Found | None:
    for pattern in (_ISO, _CJK):
        match = pattern.search(text)
        if match:
            return int(match.group(1)), int(match.group(2)), int(match.group(3)), match.start(), match.end(3)
    return _named_month_date(text, language) or _numeric_date(text, month_first)


def _clock(match: re.Match[str]) -> tuple[int, int, int]:
    prefix, hour, minute, second, suffix = match.groups()
    hours = int(hour)
    marker = (prefix or suffix or "").lower()
    if marker:
        hours %= 12
        if marker.startswith(_PM):
            hours += 12
    return hours, int(minute), int(second or 0)


def _time_near(text: str, start: int, end: int) -> re.Match[str] | None:
    """The time after the date, else the one before it ("10:12, 14. März 2014")."""
    return _TIME.search(text, end) or _TIME.search(text[:start])


@dataclass(frozen=True)
class Moment:
    """A date (and maybe time) found in a text, and where it stands in it."""

    value: str  # the wall clock, YYYY-MM-DDTHH:MM:SS (midnight when no time is shown)
    shows_time: bool
    start: int  # the span of the date and its time, in the text as given
    end: int


def find_moment(text: str | None, language: str | None = None, month_first: bool = False) -> Moment | None:
    """The first date a short text shows, with its time and their span; None when it shows none.

    ``month_first``: read "03/04/2019" as March 4 (US pages), as the page's language would say.
    Spans refer to the text as given, except in the rare text whose case folding changes its
    length (then they refer to the folded text and are marked by ``start == end == -1``).
    """
    if not text or len(text) > 200:
        return None
    folded = _fold(text)
    language = (language or "").lower()
    found = _find_date(folded, language[:2], month_first or language in ("en-us", "en_us"))
    if found is None:
        return None
    year, month, day, start, end = found
    time = _time_near(folded, start, end)
    if year < FIRST_YEAR:
        return None
    try:
        moment = datetime(year, month, day, *(_clock(time) if time else (0, 0, 0)))
    except ValueError:
        return None
    if time is not None:
        start, end = min(start, time.start()), max(end, time.end())
    if len(folded) != len(text):
        start = end = -1
    return Moment(moment.strftime("%Y-%m-%dT%H:%M:%S"), time is not None, start, end)


_DAY_AND_MONTH = re.compile(
    r"(?<!\w)(?:(?P<month>[^\W\d_]{3,}\.?)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<day2>\d{1,2})(?:\.|st|nd|rd|th)?\s+(?P<month2>[^\W\d_]{3,}\.?))(?!\w)"
)


def find_yearless(text: str | None) -> tuple[int, int] | None:
    """The span of a day, a month name and a time without a year ("Jun 20th at 2:41 am"): WordPress.com
    and some themes leave the year out for this year's comments. The date itself stays unknown."""
    if not text or len(text) > 200:
        return None
    folded = _fold(text)
    if len(folded) != len(text):
        return None
    for match in _DAY_AND_MONTH.finditer(folded):
        month = match.group("month") or match.group("month2")
        if _month(month, "") is None:
            continue
        time = _TIME.search(folded, match.end())
        if time is not None and time.start() - match.end() <= 8:
            return match.start(), time.end()
    return None


def page_date(text: str | None, language: str | None = None) -> str | None:
    """``YYYY-MM-DDTHH:MM:SS`` for the wall-clock time a page shows; None when it shows no date."""
    moment = find_moment(text, language)
    return moment.value if moment else None


def page_moment(text: str | None, language: str | None = None) -> tuple[str, bool] | None:
    """The wall-clock time a page shows and whether it shows the time of day (midnight otherwise)."""
    moment = find_moment(text, language)
    return (moment.value, moment.shows_time) if moment else None
