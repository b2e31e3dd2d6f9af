"""WordPress's paragraph rules: the shapes its documentation describes, then every stored post and
comment body of the real exports, checked for what a reader relies on (no word lost, no <pre>
changed, no <p> wrapped around a block)."""

from __future__ import annotations

import re

import pytest
from conftest import SHARED
from lxml import etree, html

from wparchive.autop import autop

REAL_BLOGS = SHARED / "external" / "wxr" / "real-blogs"
BLOCK = {"address", "article", "aside", "blockquote", "div", "dl", "figure", "form", "h1", "h2", "h3"}
BLOCK |= {"h4", "h5", "h6", "hr", "ol", "p", "pre", "section", "table", "ul"}


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("One.\n\nTwo.", "<p>One.</p>\n<p>Two.</p>"),
        ("Line one\nline two", "<p>Line one<br />\nline two</p>"),
        ("First\n\n\n\nSecond", "<p>First</p>\n<p>Second</p>"),
        ("Windows\r\n\r\nbreaks", "<p>Windows</p>\n<p>breaks</p>"),
        ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>\nAfter", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>After</p>"),
        ("<blockquote>Quoted\n\nMore</blockquote>", "<blockquote><p>Quoted</p>\n<p>More</p></blockquote>"),
        ("Code:\n<pre>x = 1\n\ny = 2</pre>\nok", "<p>Code:</p>\n<pre>x = 1\n\ny = 2</pre>\n<p>ok</p>"),
        ("<h2>Title</h2>\nText", "<h2>Title</h2>\n<p>Text</p>"),
        ("a <em>b</em>\nc", "<p>a <em>b</em><br />\nc</p>"),
        ("<p>Already</p>\n<p>wrapped</p>", "<p>Already</p>\n<p>wrapped</p>"),
        ("<!-- wp:paragraph -->\n<p>Blocks</p>\n<!-- /wp:paragraph -->", None),
        ("", ""),
    ],
)
def test_paragraph_rules(stored: str, shown: str | None) -> None:
    assert autop(stored) == (stored if shown is None else shown)


def test_without_breaks_single_newlines_stay() -> None:
    assert autop("a\nb\n\nc", breaks=False) == "<p>a\nb</p>\n<p>c</p>"


def words(markup: str) -> list[str]:
    """The words and tag names of ``markup`` without paragraph and break tags: the rules may add
    those and whitespace, nothing else (a parser's text would not do: code holding "<?php" in a
    <code> reads differently once a <br /> follows it)."""
    return re.findall(r"\w+", re.sub(r"</?p>|<br />", " ", markup))


def bodies() -> list[tuple[str, str]]:
    found = []
    for export in sorted(REAL_BLOGS.rglob("*.xml")):
        tree = etree.parse(
            str(export),
            etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=True),
        )
        for element in tree.iter("{*}encoded", "{*}comment_content"):
            if element.text and "<!-- wp:" not in element.text:
                found.append((export.parent.name, element.text))
    return found


@pytest.mark.skipif(
    not REAL_BLOGS.is_dir(), reason=f"{REAL_BLOGS} is absent (the real exports live in ../shared)"
)
def test_every_real_body_keeps_its_words_and_nests_paragraphs_correctly() -> None:
    checked = 0
    for blog, body in bodies():
        shown = autop(body)
        assert words(shown) == words(body), f"{blog}: words changed in {body[:80]!r}"
        for pre in re.findall(r"<pre\b.*?</pre>", body.replace("\r\n", "\n"), re.S | re.I):
            assert pre in shown, f"{blog}: a <pre> changed in {body[:80]!r}"
        checked += 1
        if "<?" in body:
            continue  # processing instructions in code samples: no HTML parser sees the page's structure
        tree = html.fragment_fromstring(shown, create_parent="div")
        for paragraph in tree.iter("p"):
            assert not any(child.tag in BLOCK for child in paragraph), f"{blog}: a block inside <p>"
    assert checked > 1000
