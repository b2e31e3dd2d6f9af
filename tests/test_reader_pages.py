"""The pages a reader uses on a published archive (search, sites, terms, commenters, the link
network, the front page), driven in-process as plain Datasette serves the site directory."""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, run_import, site_get

from wparchive.cli import cli

PLUGINS = Path(__file__).resolve().parent.parent / "src" / "wparchive" / "publish" / "datasette" / "plugins"


def plugin(name: str):
    spec = importlib.util.spec_from_file_location(name, PLUGINS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reader-pages")
    assert run_import(folder / "work.db", FIXTURES / "demo").exit_code == 0
    result = CliRunner().invoke(cli, ["publish", str(folder / "work.db"), str(folder / "site"), "--quiet"])
    assert result.exit_code == 0, result.output
    return folder / "site"


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("don't", '"don\'t"'),
        ("C++", '"C++"'),
        ("web-2.0", '"web-2.0"'),
        ("AND", '"AND"'),
        ("garden OR compost", '"garden" OR "compost"'),
        ("x NOT y", '"x" NOT "y"'),
        ("gard*", '"gard"*'),
        ('"a phrase" slug', '"a phrase" "slug"'),
        ('"unbalanced', '"unbalanced"'),
        ("compost AND", '"compost"'),
        ("", '""'),
        ("***", '""'),
    ],
)
def test_what_a_person_types_becomes_a_valid_search(typed: str, query: str) -> None:
    fts_query = plugin("wparchive_plugin").fts_query
    assert fts_query(typed) == query
    with sqlite3.connect(":memory:") as conn:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter')")
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()  # no syntax error


@pytest.mark.parametrize("typed", ["don't", "C%2B%2B", "web-2.0", "AND", "NOT", "%22", "(", "NEAR("])
def test_the_search_page_and_stored_queries_take_any_text(site: Path, typed: str) -> None:
    pages = site_get(
        site,
        f"/search?q={typed}",
        f"/archive/search_posts?q={typed}",
        f"/archive/search_comments.json?q={typed}",
    )
    for page in pages:
        assert page.status_code == 200 and "syntax error" not in page.text


def test_stored_searches_opened_without_words_answer_with_nothing(site: Path) -> None:
    for page in site_get(site, "/archive/search_posts.json?q=", "/archive/search_comments.json?q="):
        assert page.status_code == 200 and page.json()["rows"] == []


def test_search_results_page_and_filter(site: Path) -> None:
    first, second, comments_only, by_year = site_get(
        site, "/search?q=the", "/search?q=the&page=2", "/search?q=the&kind=comment", "/search?q=the&year=2020"
    )
    total = int(re.search(r"([\d,]+) results", first.text).group(1))
    assert total > 20 and first.text.count('<li class="result') == 20
    assert second.text.count('<li class="result') == min(20, total - 20) and 'rel="prev"' in second.text
    assert (
        '<li class="result post' not in comments_only.text
        and '<li class="result comment' in comments_only.text
    )
    dates = re.findall(r"· (\d{4})-\d\d-\d\d", by_year.text)
    assert dates and set(dates) == {"2020"}


def test_a_snippet_is_escaped_and_only_the_match_is_marked() -> None:
    highlight = plugin("wparchive_pages").highlight
    assert str(highlight("a <b> \x01match\x02 & more")) == "a &lt;b&gt; <mark>match</mark> &amp; more"


def test_browse_pages_answer_and_unknown_ones_are_404(site: Path) -> None:
    with sqlite3.connect(site / "archive.db") as conn:
        term = conn.execute("SELECT term_id FROM post_terms LIMIT 1").fetchone()[0]
        name = conn.execute(
            "SELECT author_name FROM comments WHERE comment_type = 'comment' LIMIT 1"
        ).fetchone()[0]
    pages = site_get(site, "/site/1", f"/term/{term}", f"/commenter?name={name}", "/commenters", "/network")
    assert [page.status_code for page in pages] == [200] * 5
    missing = site_get(site, "/site/999", "/term/99999", "/commenter?name=Nobody%20Here")
    assert [page.status_code for page in missing] == [404] * 3
    assert name in pages[2].text and pages[4].text.count("<circle") >= 2


def test_front_page_has_one_heading_a_month_axis_and_no_dead_links(site: Path) -> None:
    home = site_get(site, "/")[0]
    assert re.findall(r"<h1>(.*?)</h1>", home.text) == ["An archive of 2 blogs"]
    assert "example.invalid" not in home.text and "None" not in re.sub(
        r"<script.*?</script>", "", home.text, flags=re.S
    )
    assert "Search every table" not in home.text


def test_every_month_is_on_the_chart_axis() -> None:
    every_month = plugin("wparchive_plugin").every_month
    months = every_month(
        [{"month": "2014-08", "posts": 1, "comments": 0}, {"month": "2015-02", "posts": 0, "comments": 3}]
    )
    assert [row["month"] for row in months] == [f"2014-{m:02d}" for m in range(8, 13)] + [
        "2015-01",
        "2015-02",
    ]
    assert months[1] == {"month": "2014-09", "posts": 0, "comments": 0}


def test_a_title_given_to_publish_is_the_heading(tmp_path: Path) -> None:
    assert run_import(tmp_path / "w.db", FIXTURES / "demo").exit_code == 0
    result = CliRunner().invoke(
        cli,
        ["publish", str(tmp_path / "w.db"), str(tmp_path / "site"), "--title", "Gardens & Stars", "--quiet"],
    )
    assert result.exit_code == 0
    assert re.findall(r"<h1>(.*?)</h1>", site_get(tmp_path / "site", "/")[0].text) == ["Gardens &amp; Stars"]


def run_search(site: Path, pages, **args: str) -> dict:
    """``search`` of the pages plugin ``pages`` (its limits changed by the test) on the site."""
    import asyncio

    from datasette.app import Datasette

    async def go() -> dict:
        datasette = Datasette(config_dir=site)  # loads the site's plugins: wparchive_fts exists
        await datasette.invoke_startup()
        return await pages.search(datasette.get_database("archive"), args)

    return asyncio.run(go())


def test_a_word_in_too_many_texts_is_listed_newest_first_not_ranked(site: Path) -> None:
    pages = plugin("wparchive_pages")
    ranked = run_search(site, pages, q="the")
    pages.RANKED_LIMIT = 5  # as if "the" were in more texts than can be ranked in time
    broad = run_search(site, pages, q="the")
    assert not ranked.get("broad") and broad["broad"] and broad["total"] == ranked["total"]
    kinds = [hit["kind"] for hit in broad["hits"]]
    assert kinds == sorted(kinds, key=lambda kind: kind != "post"), "posts, then comments"
    posts = [hit["post_id"] for hit in broad["hits"] if hit["kind"] == "post"]
    assert posts == sorted(posts, reverse=True), "newest added first"
    filtered = run_search(site, pages, q="the", kind="comment", year="2020")
    assert filtered["hits"] and {hit["kind"] for hit in filtered["hits"]} == {"comment"}
    assert {hit["at"][:4] for hit in filtered["hits"]} == {"2020"}


def test_a_search_past_the_time_limit_says_so_instead_of_failing(site: Path) -> None:
    pages = plugin("wparchive_pages")

    from datasette.database import QueryInterrupted

    async def too_slow(db, q):
        raise QueryInterrupted(Exception("interrupted"), "select …", {"q": q})  # Datasette's time limit

    pages._fts_matches = too_slow
    result = run_search(site, pages, q="compost")
    assert result["timed_out"] and result["hits"] == []


def test_a_live_summary_past_the_time_limit_says_so_instead_of_failing(tmp_path: Path) -> None:
    """Under ``serve`` the front page and /commenters group every comment live; on an archive too big
    for the time limit they say so (a published copy holds the figures counted). The plugin's
    summaries are made endless here, as a huge archive's would be against the limit."""
    import shutil
    import subprocess
    import sys

    db = tmp_path / "blog.db"
    assert run_import(db, FIXTURES / "demo").exit_code == 0
    plugins = shutil.copytree(PLUGINS, tmp_path / "plugins")
    pages_plugin = plugins / "wparchive_pages.py"
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n"
    source = pages_plugin.read_text().replace("SUMMARIES = {", "SUMMARIES_AS_WRITTEN = {", 1)
    source += f"\nSUMMARIES = {{name: {endless!r} for name in SUMMARIES_AS_WRITTEN}}\n"
    pages_plugin.write_text(source)

    templates = str(PLUGINS.parent / "templates")
    # In a process of its own: Datasette registers plugins-dir modules once per process, by name.
    script = f"""
import asyncio
from datasette.app import Datasette
async def main():
    datasette = Datasette([{str(db)!r}], plugins_dir={str(plugins)!r}, template_dir={templates!r},
                          settings={{"sql_time_limit_ms": 200}})
    for page in ("/", "/commenters", "/activity"):
        response = await datasette.client.get(page)
        print(page, response.status_code, "too big to count" in response.text)
asyncio.run(main())
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.split("\n")[:3] == ["/ 200 True", "/commenters 200 True", "/activity 200 True"], (
        done.stderr
    )
