"""The shapes of real text dumps, one cue at a time, both ways: comment headers and dates in other
languages, name-and-date headers, markdown from HTML-to-text tools, and the page's own repetition
deciding which lines are headers. Whole pages are scored in tests/test_text_rendered.py."""

from __future__ import annotations

import pytest

from wparchive import theme_words
from wparchive.readers.text import cues
from wparchive.readers.text.markdown import looks_like_markdown, plain
from wparchive.readers.text.page import read_page
from wparchive.readers.text.reader import read_text
from wparchive.readers.text.shown import date_line, name_and_date
from wparchive.readers.text.template import learn_headers


@pytest.mark.parametrize(
    ("line", "date", "time"),
    [
        ("25. Juni 2016 um 00:18 Uhr", "2016-06-25", "00:18"),
        ("8. April 2019 @ 11:38", "2019-04-08", "11:38"),
        ("Dienstag, 6. Mai 2014 um 23:30", "2014-05-06", "23:30"),
        ("12 marzo 2019 alle 10:15", "2019-03-12", "10:15"),
        ("12 mars 2019 kl. 10:15", "2019-03-12", "10:15"),
        ("14 avril 2009 à 10 h 12", "2009-04-14", "10:12"),
        ("2019年3月12日 10:15", "2019-03-12", "10:15"),
        ("12 березня 2019 о 10:15", "2019-03-12", "10:15"),
        ("Juli 30, 2013 um 5:53 pm", "2013-07-30", "17:53"),
        ("17.07, 2011 @ 13:04", "2011-07-17", "13:04"),
    ],
)
def test_a_date_line_in_any_language(line: str, date: str, time: str) -> None:
    found = cues.parse_date_line(line)
    assert found is not None and (found.date, found.time) == (date, time)


@pytest.mark.parametrize(
    "line",
    [
        "We walked along the river on 2 February 2002 at 10:10.",
        "Posted on March 3, 2019 by Liz",
        "12 Comments",
        "Antworten",
    ],
)
def test_a_sentence_or_byline_with_a_date_is_not_a_date_line(line: str) -> None:
    assert date_line(line) is None


@pytest.mark.parametrize(
    ("line", "name", "author_badge"),
    [
        ("photobix 11. Dezember 2012 um 11:07", "photobix", False),
        ("Mathias Autor11. Dezember 2012 um 13:19", "Mathias", True),
        ("JanBeek Jun 20th at 2:41 am", "JanBeek", False),
        ("Milan Griffes on September 12, 2018 at 4:47 pm said:", "Milan Griffes", False),
        ("Dietmar Hilsebein | 8. April 2019 @ 11:38", "Dietmar Hilsebein", False),
        ("Comment by Mirko Lange — 17.07, 2011 @ 13:04", "Mirko Lange", False),
        (
            "Sallie Goetsch (rhymes with sketch) · March 10, 2017 at 12:20 AM",
            "Sallie Goetsch (rhymes with sketch)",
            False,
        ),
    ],
)
def test_a_name_and_a_date_on_one_line(line: str, name: str, author_badge: bool) -> None:
    found = name_and_date(line)
    assert found is not None and (found.name, found.by_post_author) == (name, author_badge)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Zeus35 sagt:", "Zeus35"),
        ("Marie dit :", "Marie"),
        ("Lucía dice:", "Lucía"),
        ("Pieter zegt:", "Pieter"),
        ("Giulia ha detto:", "Giulia"),
        ("Ana disse:", "Ana"),
        ("Иван говорит:", "Иван"),
        ("  3. Kerstin skriver:", "Kerstin"),
    ],
)
def test_says_in_other_languages(line: str, name: str) -> None:
    header = cues.parse_comment_header(line)
    assert header is not None and header.name == name


@pytest.mark.parametrize(
    "line", ["Antworten", "Antwort ↓", "Répondre", "Responder", "Rispondi", "Ответить", "返信", "Svara"]
)
def test_reply_links_in_other_languages(line: str) -> None:
    assert cues.is_reply_line(line)
    assert cues.parse_comments_heading(line) is None


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("45 Gedanken zu „Das wird man ja wohl noch sagen dürfen!“", 45),
        ("54 Kommentare", 54),
        ("3 réflexions sur « Le vélo »", 3),
        ("12 commenti su “La pasta”", 12),
        ("This Post Has 80 Comments", 80),
        ("12件のコメント", 12),
    ],
)
def test_comment_headings_in_other_languages(line: str, count: int) -> None:
    heading = cues.parse_comments_heading(line)
    assert heading is not None and heading.count == count


@pytest.mark.parametrize(
    "line",
    [
        "Schreibe einen Kommentar",
        "Laisser un commentaire",
        "Deja una respuesta",
        "Kommentare sind geschlossen.",
    ],
)
def test_comment_form_lines_in_other_languages(line: str) -> None:
    assert theme_words.is_form(line)


def test_markdown_is_read_as_plain_lines_of_the_same_length() -> None:
    lines = [
        "  1. **degski** says:",
        "  1. **photobix** 11\\. Dezember 2012 um 11:07",
        "##  5 thoughts on “X”",
    ]
    assert looks_like_markdown(lines)
    assert [plain(line) for line in lines] == [
        "  1.   degski   says:",
        "  1.   photobix   11.  Dezember 2012 um 11:07",
        "    5 thoughts on “X”",
    ]
    assert not looks_like_markdown(["A plain page.", "With one **bold** word.", "And a list:", "* one"])


FLAT = """Leaving the canal path
Posted on 3 May 2019 by Liz
We walked from the lock to the old mill and back, twenty kilometres in the rain, the best day of spring.
3 Kommentare
Dietmar Hilsebein
8. April 2019 @ 11:38
Wie lang war der Weg am Ende?
Antworten
ajki
8. April 2019 @ 11:40
Schöne Bilder vom Wehr.
Antworten
Liz
9. April 2019 @ 09:02
Zwanzig Kilometer, ajki hat die Bilder gemacht.
Antworten
Schreibe einen Kommentar
Name *
Neueste Beiträge
Ein ganz anderer Beitrag mit einem langen Titel
"""


def test_the_repeated_name_and_date_lines_become_comment_headers() -> None:
    page = read_page(FLAT)
    assert learn_headers(page.lines) == 3
    assert [line.data.name for line in page.lines if line.kind == "header"] == [
        "Dietmar Hilsebein",
        "ajki",
        "Liz",
    ]


def test_a_flat_page_gives_its_comments_and_stops_at_the_form() -> None:
    post = next(r for r in read_text(FLAT.encode(), "flat", "unknown:x") if hasattr(r, "comments"))
    assert [(c.author_name, c.content_text, c.published_local) for c in post.comments] == [
        ("Dietmar Hilsebein", "Wie lang war der Weg am Ende?", "2019-04-08T11:38:00"),
        ("ajki", "Schöne Bilder vom Wehr.", "2019-04-08T11:40:00"),
        ("Liz", "Zwanzig Kilometer, ajki hat die Bilder gemacht.", "2019-04-09T09:02:00"),
    ]


LISTING = """Liz's canal notes
Leaving the canal path
3 May 2019
We walked from the lock to the old mill and back, twenty kilometres in the rain, the best day of spring.
Weiterlesen →
3 Kommentare
The lock keeper's cat
28 April 2019
A cat has lived at the lock for eleven years, and every boat that passes is inspected by her first.
Weiterlesen →
Keine Kommentare
Spring on the towpath
20 April 2019
The first swallows came on a Tuesday, and the towpath was green again after a grey and muddy winter.
Weiterlesen →
1 Kommentar
"""


def test_a_listing_of_titles_and_dates_is_not_a_comment_list() -> None:
    page = read_page(LISTING)
    assert learn_headers(page.lines) == 0
    post = next(r for r in read_text(LISTING.encode(), "listing", "unknown:x") if hasattr(r, "comments"))
    assert post.comments == []


def test_comments_found_by_a_learned_shape_say_so_and_are_less_than_certain() -> None:
    post = next(r for r in read_text(FLAT.encode(), "flat", "unknown:x") if hasattr(r, "comments"))
    assert {(c.confidence, c.extra["found_by"]) for c in post.comments} == {(0.8, "learned header")}


def test_comments_under_a_theme_word_header_are_stated() -> None:
    page = "A title\n\nThe post, long enough to be prose for the reader.\n\n2 Kommentare\n\n"
    page += "Anna sagt:\n\nSchön.\n\nAntworten\n\nBen sagt:\n\nJa.\n\nAntworten\n"
    post = next(r for r in read_text(page.encode(), "p", "unknown:x") if hasattr(r, "comments"))
    assert [(c.author_name, c.confidence, c.extra["found_by"]) for c in post.comments] == [
        ("Anna", 1.0, "header"),
        ("Ben", 1.0, "header"),
    ]


SIDEBAR_AFTER = """Ein Neuanfang

Nach zwei Jahren Pause geht es hier weiter, mit neuem Server, neuem Design und vielen Ideen.

Schreibe einen Kommentar

Name

Ein Kommentar

Marius sagt:

Schöner Relaunch und viel Glück beim Schreiben!

Letzte Kommentare

Erwin bei Support Zotero with WordPress
Ghostwriter bei Informationspraxis

Kategorien

Allgemein
Bibliothek 2.0
"""


def test_a_sidebar_widget_ends_the_comment_list_in_the_page_language() -> None:
    post = next(r for r in read_text(SIDEBAR_AFTER.encode(), "p", "unknown:x") if hasattr(r, "comments"))
    assert [(c.author_name, c.content_text) for c in post.comments] == [
        ("Marius", "Schöner Relaunch und viel Glück beim Schreiben!")
    ]


@pytest.mark.parametrize(
    "line", ["Letzte Kommentare", "Recent Comments:", "Commentaires récents", "Свежие записи", "Archives"]
)
def test_widget_titles_in_other_languages(line: str) -> None:
    assert theme_words.is_widget(line)


@pytest.mark.parametrize(
    "line", ["Letzte Kommentare zu diesem Thema lese ich gern", "Meta-Analyse der Daten"]
)
def test_sentences_holding_a_widget_title_are_not_widgets(line: str) -> None:
    assert not theme_words.is_widget(line)
