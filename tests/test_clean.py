"""Cleaning: every rule removes its artefact and keeps its look-alike; changes are
audited, undone exactly, and a second run changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, query, run_import, table_dump

from wparchive.clean.engine import apply_rules
from wparchive.clean.rules import RULES, RULES_BY_NAME, decode_cfemail
from wparchive.cli import cli


def run(rule: str, value: str, is_html: bool = True, role: str = "content") -> str:
    return apply_rules(value, is_html, role, [RULES_BY_NAME[rule]])[0]


# (rule, html?, role, input, expected output)
REMOVES = [
    (
        "php_errors",
        False,
        "content",
        (
            "Intro.\nWarning: fsockopen() [function.fsockopen]: unable to connect to twitter.com:80 "
            "(Unknown error) in /var/www/wp-includes/class-snoopy.php on line 1142\nMore."
        ),
        "Intro.\nMore.",
    ),
    (
        "php_errors",
        True,
        "content",
        (
            "<p>Intro</p><br />\n<b>Warning</b>:  Invalid argument supplied for foreach() in "
            "<b>/home/x/wp-content/plugins/y.php</b> on line <b>42</b><br />\n<p>More</p>"
        ),
        "<p>Intro</p><p>More</p>",
    ),
    (
        "php_errors",
        True,
        "content",
        (
            "<p>A</p><br />\n<b>Deprecated</b>:  Function ereg() is deprecated in <b>/x/functions.php</b> on "
            "line <b>7</b><br />\n"
        ),
        "<p>A</p>",
    ),
    (
        "php_errors",
        False,
        "content",
        "Notice: Undefined index: sidebar in /var/www/wp-content/themes/t/header.php on line 12\nHello",
        "Hello",
    ),
    (
        "php_errors",
        False,
        "content",
        (
            "Strict Standards: Non-static method X::y() should not be called statically "
            "in /a/b.php on line 3\nHello"
        ),
        "Hello",
    ),
    (
        "php_errors",
        False,
        "content",
        (
            "Fatal error: Allowed memory size of 33554432 bytes exhausted in /a/wp-includes/cache.php on "
            "line 99\n"
        ),
        "",
    ),
    (
        "php_errors",
        False,
        "content",
        "Parse error: syntax error, unexpected '}' in /a/x.php on line 5\nok",
        "ok",
    ),
    (
        "php_errors",
        False,
        "content",
        (
            "Catchable fatal error: Object of class WP_Error could not be converted to string in /a/x.php on "
            "line 8\nok"
        ),
        "ok",
    ),
    (
        "php_errors",
        False,
        "content",
        (
            "Warning: Cannot modify header information - headers already sent by (output started at "
            "/var/www/wp-config.php:1) in /var/www/wp-includes/pluggable.php on line 865\nBody"
        ),
        "Body",
    ),
    (
        "php_errors",
        True,
        "content",
        (
            "<br />\n<font size='1'><table class='xdebug-error xe-notice' dir='ltr' border='1'><tr>"
            "<th>Notice: Undefined variable</th></tr></table></font>\n<p>Body</p>"
        ),
        "<p>Body</p>",
    ),
    (
        "database_errors",
        True,
        "content",
        (
            "<div id='error'><p class='wpdberror'><strong>WordPress database error:</strong> [Table "
            "'x.wp_options' doesn't exist]<br /><code>SELECT option_value "
            "FROM wp_options made by require('wp-blog-header.php')</code></p></div>\n<p>Body</p>"
        ),
        "<p>Body</p>",
    ),
    (
        "database_errors",
        False,
        "content",
        (
            "WordPress database error: [Too many connections] SELECT * "
            "FROM wp_posts made by require('wp-blog-header.php')\nBody"
        ),
        "Body",
    ),
    (
        "boilerplate_lines",
        False,
        "content",
        (
            "Body text.\nShare this:\nLike this:\nLoading...\nLeave a Reply\n"
            "Your email address will not be published. Required fields are marked *\n"
            "Next post: Porto in the Rain\nTag Archive for 'ferns'\n"
        ),
        "Body text.\n",
    ),
    (
        "boilerplate_lines",
        True,
        "content",
        "<p>Body</p>\n<h3>Share this:</h3>\n<p>Related posts:</p>\n<p>Leave a Reply</p>",
        "<p>Body</p>\n",
    ),
    (
        "widget_blocks",
        True,
        "content",
        (
            '<p>Body</p><div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block">'
            "<h3>Share this:</h3><div><ul><li>Twitter</li></ul></div></div></div><p>After</p>"
        ),
        "<p>Body</p><p>After</p>",
    ),
    (
        "widget_blocks",
        True,
        "content",
        (
            "<p>Body</p><div id='jp-relatedposts' class='jp-relatedposts'><h3>Related</h3><div>"
            "<a href='/x'>X</a></div></div>"
        ),
        "<p>Body</p>",
    ),
    (
        "mojibake",
        True,
        "content",
        "<p>The Mona Lisa doesnâ€™t have eyebrows. CafÃ© au lait.</p>",
        "<p>The Mona Lisa doesn’t have eyebrows. Café au lait.</p>",
    ),
    ("control_characters", False, "title", "Chapter\x0b One\x01", "Chapter One"),
    (
        "title_entities",
        False,
        "title",
        "Ben &amp;amp; Jerry&#8217;s &amp; friends",
        "Ben & Jerry’s & friends",
    ),
    (
        "glued_image_alt",
        False,
        "content",
        "grocerystoreMoving to social media is like moving town.\nIMG_2041Yesterday we rode the tram.",
        "Moving to social media is like moving town.\nYesterday we rode the tram.",
    ),
    (
        "email_protection",
        True,
        "content",
        (
            '<p>Write to <a href="/cdn-cgi/l/email-protection" class="__cf_email__" '
            'data-cfemail="4f252e212a0f2a372e223f232a61203d28">[email&#160;protected]</a> today</p>'
        ),
        "<p>Write to jane@example.org today</p>",
    ),
    ("email_protection", False, "content", "Write to [email protected] today", "Write to  today"),
    (
        "wayback_toolbar",
        False,
        "content",
        (
            "The Wayback Machine - https://web.archive.org/web/20100101000000/http://blog.example.org/\n"
            "12 captures\nAbout this capture\nCOLLECTED BY\nTIMESTAMPS\nMy post starts here."
        ),
        "My post starts here.",
    ),
    (
        "shortcodes",
        True,
        "content",
        (
            '[caption id="attachment_5" align="alignleft" width="300"]'
            '<img src="fern.jpg" alt="fern" /> A royal fern[/caption]'
        ),
        '<figure><img src="fern.jpg" alt="fern" /><figcaption>A royal fern</figcaption></figure>',
    ),
    (
        "shortcodes",
        True,
        "content",
        (
            "[embed]https://www.youtube.com/watch?v=abc[/embed] and "
            "[youtube=https://www.youtube.com/watch?v=def]"
        ),
        (
            '<a href="https://www.youtube.com/watch?v=abc">https://www.youtube.com/watch?v=abc</a> and '
            '<a href="https://www.youtube.com/watch?v=def">https://www.youtube.com/watch?v=def</a>'
        ),
    ),
    (
        "shortcodes",
        True,
        "content",
        '[audio mp3="https://example.org/ep1.mp3"][/audio]',
        '<a href="https://example.org/ep1.mp3">https://example.org/ep1.mp3</a>',
    ),
]

KEEPS = [
    (
        "php_errors",
        True,
        "content",
        (
            "<p>If you see this, read on:</p><pre>Warning: Cannot modify header information - headers "
            "already sent by (output started at /x/wp-config.php:1) in /x/pluggable.php on line 865</pre>"
        ),
    ),
    (
        "php_errors",
        True,
        "content",
        "<p>Fix it:</p><code>Notice: Undefined index: foo in /var/www/x.php on line 12</code>",
    ),
    ("php_errors", False, "content", "Warning: this recipe needs two days of patience, and a warm kitchen."),
    (
        "database_errors",
        False,
        "content",
        "I got a WordPress database error once and panicked; it was a full disk.",
    ),
    (
        "boilerplate_lines",
        False,
        "content",
        "Please leave a reply if you disagree, I read them all.\nShare this post with a friend who gardens.",
    ),
    ("boilerplate_lines", False, "content", "Related\nEdit"),
    (
        "widget_blocks",
        True,
        "content",
        (
            '<div class="share-recipe"><p>Share this recipe with a friend who bakes.</p></div>'
            '<pre>&lt;div class="sharedaddy"&gt;</pre>'
        ),
    ),
    (
        "mojibake",
        False,
        "content",
        (
            "Příliš žluťoučký kůň úpěl ďábelské ódy. Съешь же ещё этих мягких булок. Zażółć gęślą jaźń. "
            "Ärger über Öl. Ãrvore (sic)."
        ),
    ),
    ("control_characters", False, "content", "Tabs\tand\nnewlines\r\nstay."),
    ("title_entities", False, "title", "Salt & Pepper: AT&T and R&D"),
    (
        "glued_image_alt",
        False,
        "content",
        "iPhone users love it.\neBay sellers too.\njQuery plugins and YouTube videos.",
    ),
    (
        "glued_image_alt",
        True,
        "content",
        "<p>grocerystoreMoving is in HTML, where the alt text is an attribute.</p>",
    ),
    ("email_protection", False, "content", "My address is protected by a spam filter, email me anyway."),
    (
        "wayback_toolbar",
        False,
        "content",
        "success\nfail\nCOLLECTED BY my grandmother, these recipes are precious.",
    ),
    (
        "shortcodes",
        True,
        "content",
        '<p>He said [sic] that the footnote [1] was wrong.</p><pre>[gallery ids="1,2"]</pre>',
    ),
]


@pytest.mark.parametrize(
    "rule, is_html, role, value, expected",
    REMOVES,
    ids=lambda v: v if isinstance(v, str) and len(v) < 25 else None,
)
def test_rule_removes_its_artefact(rule: str, is_html: bool, role: str, value: str, expected: str) -> None:
    assert apply_rules(value, is_html, role, [RULES_BY_NAME[rule]])[0] == expected


@pytest.mark.parametrize(
    "rule, is_html, role, value", KEEPS, ids=lambda v: v if isinstance(v, str) and len(v) < 25 else None
)
def test_rule_keeps_the_look_alike(rule: str, is_html: bool, role: str, value: str) -> None:
    cleaned, changes = apply_rules(value, is_html, role, [RULES_BY_NAME[rule]])
    assert cleaned == value and all(c.original == c.replacement for c in changes)


def test_every_rule_has_tests_both_ways_and_a_catalogue_entry() -> None:
    catalogue = (Path(__file__).parent.parent / "docs" / "cleaning-rules.md").read_text()
    for rule in RULES:
        assert any(r[0] == rule.name for r in REMOVES), f"{rule.name} has no removal test"
        assert any(k[0] == rule.name for k in KEEPS), f"{rule.name} has no look-alike test"
        assert f"`{rule.name}`" in catalogue, f"{rule.name} is not in docs/cleaning-rules.md"
        assert rule.summary and rule.example and rule.risk and rule.find.__doc__


def test_unknown_shortcodes_are_kept_and_known_ones_flagged() -> None:
    value = '<p>[gallery ids="1,2,3"] and [myplugin foo="x"]</p>'
    cleaned, changes = apply_rules(value, True, "content", [RULES_BY_NAME["shortcodes"]])
    assert cleaned == value
    assert [(c.original, c.replacement) for c in changes] == [
        ('[gallery ids="1,2,3"]', '[gallery ids="1,2,3"]')
    ]


def test_cloudflare_email_decoding() -> None:
    assert decode_cfemail("4f252e212a0f2a372e223f232a61203d28") == "jane@example.org"


# -- through the database ----------------------------------------------------------------------
def dirty_export(tmp_path: Path) -> Path:
    text = (FIXTURES / "demo" / "night-sky.xml").read_text(encoding="utf-8")
    warning = (
        "<br />\n<b>Warning</b>:  mysql_connect(): Too many connections in "
        "<b>/var/www/wp-includes/wp-db.php</b> on line <b>1038</b><br />\n"
    )
    text = text.replace(
        "<content:encoded><![CDATA[",
        "<content:encoded><![CDATA[" + warning + "<p>Share this:</p>\ndoesnâ€™t ",
        2,
    )
    path = tmp_path / "dirty.xml"
    path.write_text(text, encoding="utf-8")
    return path


def artefacts(db_path: Path) -> list[tuple]:
    return query(
        db_path,
        (
            "SELECT rule, table_name, column_name, text, replacement FROM artefacts "
            "WHERE table_name != 'source_blobs' ORDER BY id"
        ),
    )


def test_import_cleans_and_records_every_change(db_path: Path, tmp_path: Path) -> None:
    run_import(db_path, dirty_export(tmp_path))
    rows = artefacts(db_path)
    assert {r[0] for r in rows} >= {"php_errors", "boilerplate_lines", "mojibake"}
    assert (
        query(
            db_path,
            (
                "SELECT count(*) FROM posts WHERE content_html LIKE '%mysql_connect%' "
                "OR content_text LIKE '%mysql_connect%'"
            ),
        )[0][0]
        == 0
    )
    assert query(db_path, "SELECT count(*) FROM posts WHERE content_text LIKE '%doesn’t%'")[0][0] == 2
    assert query(db_path, "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'mysql_connect'")[0][0] == 0


def test_no_clean_keeps_the_raw_text(db_path: Path, tmp_path: Path) -> None:
    run_import(db_path, dirty_export(tmp_path), extra=("--no-clean",))
    assert artefacts(db_path) == []
    assert query(db_path, "SELECT count(*) FROM posts WHERE content_html LIKE '%mysql_connect%'")[0][0] == 2


def test_clean_undo_restores_exactly_and_a_second_clean_changes_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    run_import(db_path, dirty_export(tmp_path), extra=("--no-clean",))
    raw = table_dump(db_path, exclude=("sources", "artefacts", "clean_originals"))
    runner = CliRunner()
    first = runner.invoke(cli, ["clean", str(db_path)])
    assert first.exit_code == 0 and "php_errors: 2" in first.output
    cleaned = table_dump(db_path, exclude=("sources",))
    second = runner.invoke(cli, ["clean", str(db_path)])
    assert "changed 0 rows" in second.output
    assert table_dump(db_path, exclude=("sources",)) == cleaned
    undo = runner.invoke(cli, ["clean", str(db_path), "--undo"])
    assert undo.exit_code == 0
    assert table_dump(db_path, exclude=("sources", "artefacts", "clean_originals")) == raw
    assert artefacts(db_path) == []


def test_dry_run_changes_nothing(db_path: Path, tmp_path: Path) -> None:
    run_import(db_path, dirty_export(tmp_path), extra=("--no-clean",))
    before = table_dump(db_path)
    result = CliRunner().invoke(cli, ["clean", str(db_path), "--dry-run", "--rule", "php_errors"])
    assert "would change 2 rows" in result.output
    assert table_dump(db_path) == before


def test_list_rules_and_unknown_rule(db_path: Path, tmp_path: Path) -> None:
    listing = CliRunner().invoke(cli, ["clean", "--list-rules"]).output
    assert all(rule.name in listing for rule in RULES)
    run_import(db_path, dirty_export(tmp_path), extra=("--no-clean",))
    before = table_dump(db_path)
    result = CliRunner().invoke(cli, ["clean", str(db_path), "--rule", "nope"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: unknown rule 'nope'; see --list-rules"
    assert table_dump(db_path) == before


def test_a_single_rule_run_after_import_keeps_the_earlier_record(db_path: Path, tmp_path: Path) -> None:
    run_import(db_path, dirty_export(tmp_path))
    before = artefacts(db_path)
    result = CliRunner().invoke(cli, ["clean", str(db_path), "--rule", "php_errors"])
    assert result.exit_code == 0 and "changed 0 rows" in result.output
    assert artefacts(db_path) == before


def test_rules_run_one_at_a_time_add_to_the_record(db_path: Path, tmp_path: Path) -> None:
    run_import(db_path, dirty_export(tmp_path), extra=("--no-clean",))
    raw = query(db_path, "SELECT id, content_html FROM posts ORDER BY id")
    assert CliRunner().invoke(cli, ["clean", str(db_path), "--rule", "php_errors"]).exit_code == 0
    assert {r[0] for r in artefacts(db_path)} == {"php_errors"}
    assert CliRunner().invoke(cli, ["clean", str(db_path)]).exit_code == 0
    rules = [r[0] for r in artefacts(db_path)]
    assert rules.count("php_errors") == 2 and {"boilerplate_lines", "mojibake"} <= set(rules)
    CliRunner().invoke(cli, ["clean", str(db_path), "--undo"])
    assert query(db_path, "SELECT id, content_html FROM posts ORDER BY id") == raw


def test_a_newer_export_is_cleaned_afresh_and_undo_gives_the_newer_raw_text(
    db_path: Path, tmp_path: Path
) -> None:
    first = dirty_export(tmp_path)
    run_import(db_path, first)
    newer = tmp_path / "newer.xml"
    newer.write_text(
        first.read_text(encoding="utf-8").replace("doesnâ€™t", "doesnâ€™t really"), encoding="utf-8"
    )
    run_import(db_path, newer)
    assert query(db_path, "SELECT count(*) FROM posts WHERE content_text LIKE '%doesn’t really%'")[0][0] == 2
    CliRunner().invoke(cli, ["clean", str(db_path), "--undo"])
    assert (
        query(db_path, "SELECT count(*) FROM posts WHERE content_html LIKE '%doesnâ€™t really%'")[0][0] == 2
    )


def test_the_catalogue_is_the_generated_table() -> None:
    catalogue = (Path(__file__).parent.parent / "docs" / "cleaning-rules.md").read_text()
    table = CliRunner().invoke(cli, ["clean", "--list-rules", "--markdown"]).output
    assert table.strip() in catalogue, "regenerate the table with: wparchive clean --list-rules --markdown"


def test_the_figures_of_clean_and_undo_add_up(db_path: Path, tmp_path: Path) -> None:
    """Undo restores what import's cleaning and clean changed, and says so in the same units."""
    run_import(db_path, dirty_export(tmp_path))
    at_import = query(db_path, "SELECT count(*), count(DISTINCT table_name || row_id) FROM clean_originals")[
        0
    ]
    runner = CliRunner()
    dry = json.loads(runner.invoke(cli, ["clean", str(db_path), "--dry-run", "--json"]).output)
    assert dry["rows_changed"] == 0 and dry["dry_run"], "import already cleaned everything"
    undo = json.loads(runner.invoke(cli, ["clean", str(db_path), "--undo", "--json"]).output)
    assert (undo["restored_values"], undo["restored_rows"]) == at_import
    again = json.loads(runner.invoke(cli, ["clean", str(db_path), "--json"]).output)
    assert again["rows_changed"] == at_import[1] and again["edits"] == sum(again["by_rule"].values())
    message = runner.invoke(cli, ["clean", str(db_path), "--undo"]).output
    assert message.startswith(f"restored {at_import[1]} rows ({at_import[0]} stored values")
