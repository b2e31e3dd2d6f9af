"""A post's date as a saved page shows it: which evidence wins for the site's clock
(``published_local``) and for the instant (``published_at``). Each page is a few lines of the markup
the themes print; the fixture corpus holds whole pages of the same shapes."""

from __future__ import annotations

import pytest

from wparchive.model import PostRecord
from wparchive.readers.base import PageContext
from wparchive.readers.html.read import read_html

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>A walk | Blog</title>
<link rel="canonical" href="https://blog.example.org/2019/03/a-walk/">{head}</head>
<body class="single postid-41"><div id="masthead"><p>Posted on 1 January 2001 at 9:00 by nobody</p></div>
<article id="post-41" class="post-41 post hentry"><h1 class="entry-title">A walk</h1>{meta}
<div class="entry-content"><p>We walked along the river on 2 February 2002 at 10:10.</p></div>
</article></body></html>"""


def dates(meta: str, head: str = "", lang: str = "en-GB") -> tuple[str | None, str | None]:
    page = PAGE.format(meta=meta, head=head, lang=lang).encode()
    post = next(r for r in read_html(page, PageContext("test")).records if isinstance(r, PostRecord))
    return post.published_at, post.published_local


UTC_TAG = '<meta property="article:published_time" content="2019-03-13T07:00:40+00:00">'


def test_the_themes_time_element_gives_the_sites_clock_and_the_instant() -> None:
    meta = '<time class="entry-date published" datetime="2019-03-13T08:00:40+01:00">13 March 2019</time>'
    assert dates(meta, UTC_TAG) == ("2019-03-13T07:00:40Z", "2019-03-13T08:00:40")


def test_a_hand_formatted_day_first_hatom_title_still_gives_time_and_offset() -> None:
    meta = '<abbr class="published" title="13-03-2019T08:00:40+0100">13. März 2019</abbr>'
    assert dates(meta, lang="de-DE") == ("2019-03-13T07:00:40Z", "2019-03-13T08:00:40")


def test_a_utc_seo_tag_gives_the_instant_but_not_the_sites_clock() -> None:
    assert dates("", UTC_TAG) == ("2019-03-13T07:00:40Z", None)
    shown_day = '<div class="entry-meta">13. März 2019</div>'
    assert dates(shown_day, UTC_TAG, "de-DE") == ("2019-03-13T07:00:40Z", "2019-03-13T00:00:00")


def test_a_seo_tag_with_the_sites_offset_gives_its_clock() -> None:
    tag = '<meta property="article:published_time" content="2019-03-13T08:00:40+01:00">'
    assert dates("", tag) == ("2019-03-13T07:00:40Z", "2019-03-13T08:00:40")


def test_the_printed_time_of_day_beats_a_utc_clock_and_the_tag_adds_its_seconds() -> None:
    shown = '<span class="posted-on">13 March 2019 at 8:00 am</span>'
    assert dates(shown, UTC_TAG) == ("2019-03-13T07:00:40Z", "2019-03-13T08:00:00")
    tag = '<meta property="article:published_time" content="2019-03-13T08:00:40+01:00">'
    assert dates(shown, tag) == ("2019-03-13T07:00:40Z", "2019-03-13T08:00:40")


@pytest.mark.parametrize(
    ("meta", "lang", "local"),
    [
        ("<small>13.03.2019, 21:05 von kiezschreiber</small>", "de-DE", "2019-03-13T21:05:00"),
        ('<p class="postmetadata">Publié le 13 mars 2019 à 21 h 05</p>', "fr-FR", "2019-03-13T21:05:00"),
        ('<div class="entry-meta">2019年3月13日 21:05</div>', "ja", "2019-03-13T21:05:00"),
        (
            '<a href="/2019/03/a-walk/" title="9:05 pm" rel="bookmark"><span class="entry-date">'
            "March 13, 2019</span></a>",
            "en-US",
            "2019-03-13T21:05:00",
        ),
    ],
)
def test_a_printed_date_line_gives_the_sites_clock(meta: str, lang: str, local: str) -> None:
    assert dates(meta, lang=lang) == (None, local)


def test_a_later_line_refines_the_day_only_with_the_time_of_that_same_day() -> None:
    day = '<span class="entry-date">13 March 2019</span>'
    same_day = '<span class="post-date">13/03/2019 21:05</span>'
    other_day = '<span class="post-date">07/01/2020 17:27</span>'
    assert dates(day + same_day)[1] == "2019-03-13T21:05:00"
    assert dates(day + other_day)[1] == "2019-03-13T00:00:00"


def test_a_hidden_modified_time_is_not_the_published_date() -> None:
    meta = (
        '<div class="fusion-meta-info"><span class="updated rich-snippet-hidden">2020-01-07T17:27:31+02:00'
        "</span><span>March 13th, 2019</span></div>"
    )
    assert dates(meta) == (None, "2019-03-13T00:00:00")


def test_dates_in_the_body_or_the_site_header_are_not_the_posts() -> None:
    assert dates("") == (None, None)
