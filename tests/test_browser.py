"""A real browser on the published site: search, open a post, see its thread and the chart.

Playwright drives Debian's Chromium (/usr/bin/chromium, installed by .ci/run with
apt); Playwright's own browser download cannot work here. Screenshots go to
$WPARCHIVE_SCREENSHOTS when set (docs/screenshots is made that way), else to the
test's temporary folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, run_import

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("browser")
    run_import(folder / "work.db", FIXTURES / "demo")
    assert CliRunner().invoke(cli, ["publish", str(folder / "work.db"), str(folder / "site")]).exit_code == 0
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", str(folder / "site"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):  # up to 10 s for the server to come up
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


def test_search_open_a_post_see_thread_and_chart(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is not installed: make test installs it with the test extras",
    )
    shots = Path(os.environ.get("WPARCHIVE_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(server + "/")
        assert page.locator("svg.activity-chart").is_visible()
        page.screenshot(path=str(shots / "front-page.png"), full_page=True)
        page.fill("form[action$='search_posts'] input[name=q]", "compost")
        page.click("form[action$='search_posts'] input[type=submit]")
        page.wait_for_selector("a.read")
        assert page.locator("mark").count() > 0
        page.screenshot(path=str(shots / "search.png"), full_page=True)
        page.locator("tr", has_text="Building a hot compost bay").locator("a.read").first.click()
        page.wait_for_selector("article.post h1")
        assert "compost" in page.locator("article.post").inner_text().lower()
        comments = page.locator(".thread .comment")
        assert comments.count() > 0 and comments.first.is_visible()
        page.screenshot(path=str(shots / "post.png"), full_page=True)
        browser.close()
    assert (shots / "post.png").stat().st_size > 10_000
