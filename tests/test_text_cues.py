"""One test per cue of the plain-text reader, both ways: the cue fires on its
shape and stays quiet on the look-alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import query, run_import

from wparchive.readers.text import cues
from wparchive.readers.text.segment import segment
from wparchive.threads import names
from wparchive.threads.answers import Speaker, infer_answers


# -- line cues -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line, name, number",
    [
        ("  3. Jane Doe says", "Jane Doe", 3),
        ("Jane Doe says:", "Jane Doe", None),
        ("Old Fisherman said...", "Old Fisherman", None),
        ("Nadia R. says:", "Nadia R.", None),
        ("  10. The Article Nut says", "The Article Nut", 10),
        ("      • Dave Kettering says:", "Dave Kettering", None),
    ],
)
def test_says_lines_are_comment_headers(line: str, name: str, number: int | None) -> None:
    header = cues.parse_comment_header(line)
    assert header is not None and header.name == name and header.number == number


@pytest.mark.parametrize(
    "line",
    [
        "My grandmother says the secret is patience.",
        "She says:",
        "The store owner says hello to everyone who walks in and then leaves.",
    ],
)
def test_sentences_with_says_are_not_headers(line: str) -> None:
    assert cues.parse_comment_header(line) is None


def test_says_with_a_date_on_the_same_line() -> None:
    header = cues.parse_comment_header("Tomasz said on March 3, 2011 at 9:05 pm:")
    assert header.name == "Tomasz" and header.date.date == "2011-03-03" and header.date.time == "21:05"


@pytest.mark.parametrize(
    "line, date, time",
    [
        ("April 14, 2009 at 10:12 am", "2009-04-14", "10:12"),
        ("5/19/2012 8:14 PM", "2012-05-19", "20:14"),
        ("Sunday, April 10, 2011", "2011-04-10", None),
        ("14 April 2009 at 22:01", "2009-04-14", "22:01"),
    ],
)
def test_date_lines(line: str, date: str, time: str | None) -> None:
    cue = cues.parse_date_line(line)
    assert cue is not None and (cue.date, cue.time) == (date, time)


def test_a_sentence_with_a_date_is_not_a_date_line() -> None:
    assert cues.parse_date_line("On April 14, 2009 we planted the beans.") is None


@pytest.mark.parametrize(
    "line, indent, number, text",
    [
        ("  1. Generous;", 2, 1, "Generous;"),
        ("    • Thanks Phil for your comment", 4, None, "Thanks Phil for your comment"),
    ],
)
def test_numbered_and_bulleted_items(line: str, indent: int, number: int | None, text: str) -> None:
    item = cues.parse_list_item(line)
    assert (item.indent, item.number, item.text) == (indent, number, text)


@pytest.mark.parametrize(
    "line, count, kind",
    [
        ("18 thoughts on “Social media in a nutshell", 18, "count"),
        ("12 Responses to “Three Days in Lisbon”", 12, "count"),
        ("One comment", 1, "count"),
        ("Reader Interactions", None, "title"),
        ("Trackbacks/Pingbacks", None, "trackbacks"),
    ],
)
def test_comment_headings(line: str, count: int | None, kind: str) -> None:
    heading = cues.parse_comments_heading(line)
    assert heading is not None and (heading.count, heading.kind) == (count, kind)


def test_a_sentence_about_comments_is_not_a_heading() -> None:
    assert cues.parse_comments_heading("Three comments on my last post made me rethink this.") is None


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Leave a Reply", "comment_form_boilerplate"),
        (
            "Your email address will not be published. Required fields are marked *",
            "comment_form_boilerplate",
        ),
        ("Share this:", "theme_boilerplate"),
        ("Labels: budget travel, food", "theme_boilerplate"),
        ("Next post: Porto in the Rain", "navigation"),
        ("« Older Entries", "navigation"),
    ],
)
def test_boilerplate_lines(line: str, kind: str) -> None:
    assert cues.boilerplate_kind(line) == kind


@pytest.mark.parametrize(
    "line", ["Leave a reply if you disagree, I read them all.", "Next, we moved the compost."]
)
def test_sentences_that_mention_boilerplate_words_stay(line: str) -> None:
    assert cues.boilerplate_kind(line) is None


@pytest.mark.parametrize(
    "line, kind",
    [
        (
            (
                "Warning: fsockopen() [function.fsockopen]: unable to connect to example.org:80 in "
                "/var/www/x.php on line 1142"
            ),
            "php_error",
        ),
        (
            "Notice: Undefined index: foo in /var/www/wp-content/themes/t/functions.php on line 12",
            "php_error",
        ),
        (
            (
                "WordPress database error: [Table 'x.wp_options' doesn't exist] SELECT option_value "
                "FROM wp_options"
            ),
            "other",
        ),
    ],
)
def test_php_and_database_errors(line: str, kind: str) -> None:
    assert cues.php_error_kind(line) == kind


def test_a_post_quoting_a_warning_in_prose_is_not_an_error() -> None:
    assert cues.php_error_kind("Warning: this recipe needs two days of patience.") is None


@pytest.mark.parametrize(
    "line, author, date",
    [
        ("by tomallinder on January 22, 2009", "tomallinder", "2009-01-22"),
        ("Posted by Ruthie Okafor on October 2, 2013", "Ruthie Okafor", "2013-10-02"),
        ("Posted on March 3, 2011 by Ann", "Ann", "2011-03-03"),
        ("Posted by Wren Calloway at 7:42 PM", "Wren Calloway", None),
        # the time between date and name, and after the date of a "Posted by" line
        ("Posted on October 8, 2016 at 4:23 am by Liz", "Liz", "2016-10-08"),
        ("Posted by Liz on October 8, 2016 at 4:23 am", "Liz", "2016-10-08"),
        ("October 8, 2016 @ 4:23 pm · Liz", "Liz", "2016-10-08"),
    ],
)
def test_bylines(line: str, author: str, date: str | None) -> None:
    byline = cues.parse_byline(line)
    assert byline.author == author and (byline.date.date if byline.date else None) == date


@pytest.mark.parametrize(
    "line, value", [("@debworks", "@debworks"), ("— Priya", "Priya"), ("-- Tom W", "Tom W")]
)
def test_signatures(line: str, value: str) -> None:
    assert names.parse_signature(line) == value


def test_a_dash_sentence_is_not_a_signature() -> None:
    assert names.parse_signature("- Wear real shoes, the pavement is slippery.") is None


@pytest.mark.parametrize(
    "text, name",
    [
        ("Hi Deb! It’s amazing, isn’t it?", "Deb"),
        ("Richard!", "Richard"),
        ("Home Recording,", "Home Recording"),
        ("Hi reamofpaper,", "reamofpaper"),
        ("Joaquín – yes! From week three…", "Joaquín"),
        ("@Sam could you share that class?", "@Sam"),
    ],
)
def test_salutations(text: str, name: str) -> None:
    assert names.salutation_name(text) == name


@pytest.mark.parametrize(
    "text", ["Yes, that is what I meant.", "Hi there, great post!", "So, what’s the answer?"]
)
def test_openers_that_are_not_names(text: str) -> None:
    assert names.salutation_name(text) is None


def test_a_closing_address_names_the_person() -> None:
    assert names.closing_address("I think we do too, Zane!") == "Zane"


@pytest.mark.parametrize(
    "line, kind, title, site",
    [
        (
            "Pingback: How to gain 12 hours a day? « Indispensable Marketing",
            "pingback",
            "How to gain 12 hours a day?",
            "Indispensable Marketing",
        ),
        (
            "Pingback: Business in social media | Little Stepping Stones",
            "pingback",
            "Business in social media",
            "Little Stepping Stones",
        ),
        (
            "Trackback: Stuck fermentation round-up « Brewers’ Bench",
            "trackback",
            "Stuck fermentation round-up",
            "Brewers’ Bench",
        ),
    ],
)
def test_pingback_lines(line: str, kind: str, title: str, site: str) -> None:
    link = cues.parse_link_item(line)
    assert (link.kind, link.title, link.site) == (kind, title, site)


# -- page-level cues, through the real import ----------------------------------------------
def write(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    return page


def comments(db_path: Path) -> list[tuple]:
    return query(
        db_path,
        "SELECT position, comment_type, author_name, parent_id, content_text FROM comments ORDER BY position",
    )


def test_numbered_list_in_the_body_is_not_a_comment_list(db_path: Path, tmp_path: Path) -> None:
    page = write(
        tmp_path,
        (
            "Three Rules for Compost\n\nKeep it simple:\n\n  1. Greens;\n  2. Browns; and\n  3. Air\n\n"
            "That is all there is to it, really, and it has worked for me for years.\n\nLeave a Reply\n"
        ),
    )
    assert run_import(db_path, page).exit_code == 0
    assert comments(db_path) == []
    assert "Greens;" in query(db_path, "SELECT content_text FROM posts")[0][0]


def test_nesting_by_bullets_and_indentation(db_path: Path, tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "Bread Basics\n\nA post about bread that is long enough to be a body paragraph of a real post.\n\n"
        "3 thoughts on “Bread Basics”\n\n"
        "  1. Lovely loaf. What flour did you use for the crust?\n\n"
        "    • Strong white, from the mill down the road.\n\n"
        "      • Thanks, I will look for it this weekend.\n\n  2. Pingback: Bread links « Crumb Club\n",
    )
    run_import(db_path, page)
    rows = comments(db_path)
    assert [r[1] for r in rows] == ["comment", "comment", "comment", "pingback"]
    ids = dict(query(db_path, "SELECT position, id FROM comments"))
    assert [r[3] for r in rows] == [None, ids[1], ids[2], None]
    assert query(db_path, "SELECT source_title, source_site FROM pingbacks") == [
        ("Bread links", "Crumb Club")
    ]


def test_trackback_list_after_the_comments(db_path: Path, tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "This opening sentence is the body of a post with no title line at all, which happens.\n\n"
        "Reader Interactions\n\n"
        "  1. Ann says\n\n    Good point, thank you.\n\n"
        "  1. […] Beans Before Breakfast by Jo Marsh who says it best […]\n",
    )
    run_import(db_path, page)
    assert query(db_path, "SELECT title, author_name FROM posts") == [("Beans Before Breakfast", "Jo Marsh")]
    assert query(db_path, "SELECT comment_type FROM comments ORDER BY position") == [
        ("comment",),
        ("trackback",),
    ]
    assert query(db_path, "SELECT count(*) FROM pingbacks")[0][0] == 1


def test_archive_page_holds_several_posts_and_no_comments(db_path: Path, tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "Category Archives: Beans\n\nRunner Beans in Pots\nPosted by Ann on May 2, 2019\n\n"
        "Runner beans grow happily in large pots if you give them a tall cane and plenty of water in July."
        "\n\n2 Comments »\n\n"
        "Saving Bean Seed\n\n"
        "Leave the last pods on the plant until they rattle, then shell them and dry the beans indoors "
        "for a week.\n",
    )
    run_import(db_path, page)
    assert query(db_path, "SELECT title, author_name, published_local FROM posts ORDER BY id") == [
        ("Runner Beans in Pots", "Ann", "2019-05-02T00:00:00"),
        ("Saving Bean Seed", None, None),
    ]
    assert query(db_path, "SELECT count(*) FROM comments")[0][0] == 0


def test_quote_of_an_earlier_comment_is_an_answer() -> None:
    speakers = [
        Speaker(
            1,
            "comment",
            ["The best time to sow broad beans is late autumn, before the first frost arrives."],
            "Ann",
        ),
        Speaker(
            2,
            "comment",
            ["“The best time to sow broad beans is late autumn, before the first frost” – not in my garden!"],
            "Bo",
        ),
    ]
    assert infer_answers(speakers, None, "A post about sowing.")[2] == [(1, "quote", 0.9)]


def test_words_borrowed_mid_sentence_are_not_a_quote() -> None:
    speakers = [
        Speaker(
            1,
            "comment",
            ["It is more than luck or cleverness that makes a vegetable garden work in the long run."],
            "Ann",
        ),
        Speaker(
            2,
            "comment",
            [
                (
                    "I have always seen that it is more than luck or cleverness that makes a vegetable "
                    "garden work."
                )
            ],
            "spam",
        ),
    ]
    assert infer_answers(speakers, None, "")[2] == []


def test_salutation_answers_the_latest_comment_by_that_person() -> None:
    speakers = [
        Speaker(1, "comment", ["Love the trellis."], "Marta Lopez"),
        Speaker(2, "comment", ["Where did you buy the netting?"], "Marta Lopez"),
        Speaker(
            3, "comment", ["Marta, from the hardware shop on Main Street."], "Owner", by_post_author=True
        ),
    ]
    assert infer_answers(speakers, "Owner", "")[3] == [(2, "salutation", 0.8)]


def test_addressing_the_post_author_about_the_post_is_not_an_answer() -> None:
    speakers = [
        Speaker(1, "comment", ["Nice."], "Ann"),
        Speaker(2, "comment", ["Great post Patrick, thanks."], "Bo"),
    ]
    assert infer_answers(speakers, "Patrick", "")[2] == []


def test_batch_reply_alignment_in_bare_paragraphs() -> None:
    texts = [
        "I grow my chillies on a sunny windowsill and they never set fruit.",
        "@sallyb",
        "Do you feed them with tomato feed or something else? Mine are yellowing.",
        "Hi Sally!",
        "Windowsill chillies need a paintbrush: no bees indoors, so pollinate the flowers yourself.",
        "Tom,",
        "Tomato feed is fine; yellowing usually means they want a bigger pot.",
    ]
    result = segment(texts, "Kim")
    assert result.groups == [[0, 1], [2], [3, 4, 5, 6]]
    assert result.batch == 2
    assert result.answered == {0: [0], 1: [1]}


def test_an_inferred_title_is_flagged_with_lower_confidence(db_path: Path, tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "This opening sentence is the body of a post with no title line at all, which happens.\n\n"
        "Reader Interactions\n\n"
        "  1. Ann says\n\n    Good point, thank you.\n\n"
        "  1. […] Beans Before Breakfast by Jo Marsh who says it best […]\n",
    )
    run_import(db_path, page)
    assert query(db_path, "SELECT confidence, json_extract(extra, '$.title_source') FROM posts") == [
        (0.6, "pingback_excerpt")
    ]


def test_a_trackbacks_heading_starts_the_trackback_list(db_path: Path, tmp_path: Path) -> None:
    page = write(
        tmp_path,
        "Night Photos\n\n"
        "A body paragraph long enough to be the post itself, about photographs taken at night.\n\n"
        "2 thoughts on “Night Photos”\n\n  1. Ann says:\n\n    Lovely shots.\n\n"
        "Trackbacks\n\n  1. Night photography without the fancy gear | Paper Lantern Photo says:\n\n"
        "     […] Ann has a great post on night photos […]\n\nLeave a Reply\n",
    )
    run_import(db_path, page)
    assert query(db_path, "SELECT comment_type, content_text FROM comments ORDER BY position")[0] == (
        "comment",
        "Lovely shots.",
    )
    assert query(db_path, "SELECT comment_type FROM comments ORDER BY position")[1:] == [("trackback",)]
