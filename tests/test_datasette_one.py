"""A published site served by plain Datasette 1.0 (its own virtual environment, which `make test`
creates: no wparchive there), page by page: the reader's pages, search with awkward input, the
stored queries and the tables."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT, run_import, running_server

from wparchive.cli import cli

DATASETTE_ONE = ROOT / ".venv-datasette1" / "bin" / "datasette"

pytestmark = pytest.mark.skipif(
    not DATASETTE_ONE.exists(),
    reason=f"{DATASETTE_ONE} is absent: `make test` creates that environment (Datasette 1.0, no wparchive)",
)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("datasette-one")
    assert run_import(folder / "work.db", FIXTURES / "demo").exit_code == 0
    assert (
        CliRunner().invoke(cli, ["publish", str(folder / "work.db"), str(folder / "site"), "-q"]).exit_code
        == 0
    )
    command = [str(DATASETTE_ONE), "serve", str(folder / "site")]
    with (folder / "datasette.log").open("w") as log, running_server(command, log) as base:
        yield base


def test_it_is_datasette_one_without_wparchive(server: str) -> None:
    status, body = get(server + "/-/versions.json")
    assert status == 200 and json.loads(body)["datasette"]["version"].startswith("1.0")
    _, plugins = get(server + "/-/plugins.json")
    names = {plugin["name"] for plugin in json.loads(plugins)}
    assert {"wparchive_plugin.py", "wparchive_pages.py"} <= names


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=don%27t",
        "/search?q=C%2B%2B",
        "/search?q=the&kind=comment&page=2",
        "/post/3",
        "/site/1",
        "/term/1",
        "/commenters",
        "/commenter?name=Hazel%20Thornbury",
        "/network",
        "/activity",
        "/archive/search_posts.json?q=",
        "/archive/search_comments.json?q=AND",
        "/archive/posts",
        "/archive/comments",
    ],
)
def test_every_page_answers(server: str, path: str) -> None:
    status, body = get(server + path)
    assert status == 200, f"{path}: {status}"
    assert "syntax error" not in body and "Traceback" not in body


def test_the_pages_hold_what_a_reader_needs(server: str) -> None:
    _, home = get(server + "/")
    assert re.findall(r"<h1>(.*?)</h1>", home) == ["An archive of 2 blogs"] and "<svg" in home
    _, found = get(server + "/search?q=compost")
    assert "<mark>" in found and 'href="/post/' in found
    _, post = get(server + "/post/3")
    assert post.count('class="comment ') >= 2 and "<p>" in post
    _, network = get(server + "/network")
    assert network.count("<circle") >= 3
    _, empty = get(server + "/archive/search_posts.json?q=")
    assert json.loads(empty)["rows"] == []
