"""A real browser on the published site: search, open a post, see its thread and the chart.

Playwright drives Debian's Chromium (/usr/bin/chromium, installed by .ci/run with
apt); Playwright's own browser download cannot work here. Screenshots go to
$WPARCHIVE_SCREENSHOTS when set (docs/screenshots is made that way), else to the
test's temporary folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, run_import, running_server

from wparchive.cli import cli

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's Chromium is not installed (/usr/bin/chromium); .ci/run installs it with apt",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("browser")
    run_import(folder / "work.db", FIXTURES / "demo")
    assert CliRunner().invoke(cli, ["publish", str(folder / "work.db"), str(folder / "site")]).exit_code == 0
    with running_server([sys.executable, "-m", "datasette", str(folder / "site")]) as base:
        yield base


@pytest.fixture(scope="module")
def browser_page(server: str):
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is not installed: make test installs it with the test extras",
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser.new_page(viewport={"width": 1100, "height": 900})
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("WPARCHIVE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def overlaps(first: dict, second: dict) -> bool:
    return not (
        first["x"] + first["width"] <= second["x"]
        or second["x"] + second["width"] <= first["x"]
        or first["y"] + first["height"] <= second["y"]
        or second["y"] + second["height"] <= first["y"]
    )


def test_front_page_has_one_heading_a_usable_search_box_and_the_chart(server, browser_page, shots) -> None:
    page = browser_page
    page.goto(server + "/")
    assert page.locator("h1").count() == 1 and page.locator("h1").inner_text() == "An archive of 2 blogs"
    box, button = page.locator("#q").bounding_box(), page.locator("form.people-search button").bounding_box()
    assert box["width"] > 200 and not overlaps(box, button), "the button covers the search box"
    assert page.locator("svg.activity-chart").is_visible()
    assert "None" not in page.locator("main, .content, body").first.inner_text()
    page.screenshot(path=str(shots / "front-page.png"), full_page=True)


def test_search_takes_any_text_pages_and_filters(server, browser_page, shots) -> None:
    page = browser_page
    page.goto(server + "/")
    page.fill("#q", "don't")
    page.click("form.people-search button")
    page.wait_for_selector("ol.results")
    assert page.locator(".result mark").count() > 0
    for typed in ("C++", "web-2.0", "AND", '"unbalanced'):
        page.fill("#q", typed)
        page.click("form.people-search button")
        page.wait_for_selector("p.result-count")
        assert "syntax error" not in page.content()
    page.fill("#q", "the")
    page.select_option("select[name=kind]", "comment")
    page.click("form.people-search button")
    page.wait_for_selector("ol.results")
    assert page.locator(".result.post").count() == 0 and page.locator(".result.comment").count() == 20
    page.screenshot(path=str(shots / "search.png"), full_page=True)
    page.click("nav.pager a[rel=next]")
    page.wait_for_selector("ol.results")
    assert "page 2 of" in page.locator("p.result-count").inner_text()
    assert page.locator(".result.comment").count() > 0


def test_a_reading_page_has_paragraphs_pingback_links_and_commenter_pages(
    server, browser_page, shots
) -> None:
    page = browser_page
    page.goto(server + "/search?q=blight")
    page.locator(".result.post .result-title a").first.click()
    page.wait_for_selector("article.post h1")
    assert page.locator(".post-body p").count() >= 2, "the post reads as one block"
    linked = page.locator("section.pingbacks a[href^='https://plot42.example.com']")
    assert linked.count() == 1, "an external pingback is a link to the page that linked"
    page.screenshot(path=str(shots / "post.png"), full_page=True)
    name = page.locator(".thread .comment .meta strong a").first
    who = name.inner_text()
    name.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == who
    assert page.locator(".thread .comment").count() >= 1
    page.screenshot(path=str(shots / "commenter.png"), full_page=True)


def test_the_link_network_is_a_picture(server, browser_page, shots) -> None:
    page = browser_page
    page.goto(server + "/network")
    picture = page.locator("svg.link-network")
    assert picture.is_visible()
    assert picture.locator("circle").count() >= 3 and picture.locator("line").count() >= 2
    page.screenshot(path=str(shots / "network.png"), full_page=True)
    assert (shots / "network.png").stat().st_size > 10_000
