"""``wparchive export --format redirects|jsonl|csv|parquet``: old URLs mapped to the new site's paths,
and the archive as flat tables, read back and compared with the archive's own SQL.

The configs are parsed back line by line: whatever a slug or URL holds (quotes, ``$``, spaces,
newlines), every line must still be one rule of the expected shape, and the rule must match the
old path it was written for.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag

import pytest
from click.testing import CliRunner
from conftest import EXTERNAL_WXR, FIXTURES, run_import
from wxr_build import export, item

from wparchive.cli import cli

SITE = "https://blog.example.org"
TABLES = ("posts", "comments", "pingbacks")
PRIVATE_COLUMNS = {"author_email", "author_ip", "password"}
REAL_BLOGS = EXTERNAL_WXR / "real-blogs"
NGINX_STRING = r'"(?:[^"\\]|\\.)*"'
NGINX_LINES = [
    re.compile(r"#.*"),
    re.compile(r"map_hash_(?:bucket|max)_size \d+;"),
    re.compile(r'map (?:\$uri|"\$uri\?\w+=\$arg_\w+") \$\w+ \{'),
    re.compile(r'    default (?:""|\$\w+);'),
    re.compile(rf"    ({NGINX_STRING}) ({NGINX_STRING});"),
    re.compile(r"\}"),
]


def run_export(db: Path, format_name: str, out: Path, *options: str) -> Any:
    result = CliRunner().invoke(cli, ["export", str(db), "--format", format_name, str(out), *options])
    assert result.exit_code == 0, result.output
    return result


def sql(db: Path, query: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query, params).fetchall()


def archive(tmp_path: Path, *items: str, site: str = SITE) -> Path:
    source, db = tmp_path / "blog.xml", tmp_path / "blog.db"
    source.write_bytes(export(*items, site=site))
    assert run_import(db, source).exit_code == 0
    return db


def slug(value: str) -> str:
    return f"<wp:post_name><![CDATA[{value}]]></wp:post_name>"


def redirects_csv(folder: Path) -> list[dict[str, str]]:
    with (folder / "redirects.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def nginx_maps(path: Path) -> dict[str, dict[str, str]]:
    """Variable -> {key: value}, refusing any line that is not one of the shapes nginx.conf uses."""
    maps: dict[str, dict[str, str]] = {}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n")[:-1], 1):
        shape = next((pattern for pattern in NGINX_LINES if pattern.fullmatch(line)), None)
        assert shape is not None, f"nginx.conf line {number} has no known shape: {line!r}"
        if line.startswith("map "):
            current = maps.setdefault(line.split()[-2], {})
        elif match := NGINX_LINES[4].fullmatch(line):
            key, value = (re.sub(r"\\(.)", r"\1", s[1:-1]) for s in match.groups())
            assert current is not None and key not in current, f"line {number}: key twice"
            current[key] = value
    return maps


def apache_rules(path: Path) -> list[tuple[list[str], str, str]]:
    """(conditions, target, flags) of each rule; every line must be one directive of known shape."""
    rules, conditions = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n")[:-1], 1):
        words = line.split(" ")
        if line.startswith("#") or line == "RewriteEngine On":
            continue
        if words[0] == "RewriteCond":
            assert len(words) == 3 and words[1] in ("%{REQUEST_URI}", "%{QUERY_STRING}"), line
            conditions.append(words[2])
        else:
            assert words[0] == "RewriteRule" and len(words) == 4 and words[1] == "^", (
                f"line {number}: {line!r}"
            )
            assert words[3] in ("[R=301,L,NE]", "[R=301,L,NE,QSD]"), line
            rules.append((conditions, words[2], words[3]))
            conditions = []
    assert not conditions, "conditions without a rule"
    return rules


def apache_matches(pattern: str, path: str) -> bool:
    """Does the pattern (PCRE's \\xHH bytes; Python's re reads them alike) match the decoded path?"""
    return re.fullmatch(pattern.encode("ascii"), path.encode("utf-8")) is not None


def apache_target(substitution: str) -> str:
    return re.sub(r"\\([%$])", r"\1", substitution)


def netlify_rules(path: Path) -> list[list[str]]:
    rules = [line.split(" ") for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    assert all(len(words) in (3, 4) for words in rules)
    return rules


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert run_import(db, FIXTURES / "demo").exit_code == 0
    return db


@pytest.fixture(scope="module")
def demo_redirects(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("redirects") / "out"
    run_export(demo, "redirects", out)
    return out


def test_every_permalink_shortlink_and_old_slug_leads_to_the_new_path(
    demo: Path, demo_redirects: Path
) -> None:
    for site_id, home in sql(demo, "SELECT id, url FROM sites"):
        folder = demo_redirects / home.split("://")[1]
        found = {row["old_url"]: row["new_url"] for row in redirects_csv(folder)}
        posts = sql(
            demo,
            """SELECT wp_id, post_type, slug, url, guid FROM posts WHERE site_id = ? AND status = 'publish'
               AND post_type IN ('post', 'page') AND coalesce(password, '') = ''""",
            (site_id,),
        )
        assert posts
        for wp_id, post_type, name, url, guid in posts:
            new = f"{home}/posts/{name}/" if post_type == "post" else f"{home}/{name}/"
            if url != new:
                assert found[url] == new
            assert found[f"{home}/?p={wp_id}"] == new
            assert found[guid] == new
    kitchen = {r["old_url"]: r for r in redirects_csv(demo_redirects / "kitchen-garden.example.org")}
    old = kitchen["https://kitchen-garden.example.org/2020/04/sowing-diary-week-2/"]
    assert (old["new_url"], old["kind"]) == (
        "https://kitchen-garden.example.org/posts/lockdown-sowing-diary/",
        "old_slug",
    )
    attachment = kitchen["https://kitchen-garden.example.org/?attachment_id=26"]
    assert attachment["new_url"].endswith("/posts/tomato-blight-what-went-wrong-in-2019/")


def test_no_redirect_to_itself_nor_twice_nor_for_a_private_post(demo: Path, demo_redirects: Path) -> None:
    maps = nginx_maps(demo_redirects / "nginx.conf")
    for folder in [p for p in demo_redirects.iterdir() if p.is_dir()]:
        rows = redirects_csv(folder)
        assert len({r["old_url"] for r in rows}) == len(rows)
        assert all(r["old_url"].rstrip("/") != r["new_url"].rstrip("/") for r in rows)
        assert not any("?p=101" in r["old_url"] or "?p=108" in r["old_url"] for r in rows), "private, draft"
        assert all(
            words[0].rstrip("/") != words[-2].rstrip("/") for words in netlify_rules(folder / "_redirects")
        )
        for conditions, target, _ in apache_rules(folder / "apache.htaccess"):
            assert not apache_matches(conditions[0], apache_target(target))
    for entries in maps.values():
        assert all(key.rstrip("/") != value.rstrip("/") for key, value in entries.items())
    assert "/about/" not in maps["$wparchive_1_redirect"], "the page /about/ stays /about/"


def test_hostile_slugs_and_urls_cannot_inject_a_config_line(tmp_path: Path) -> None:
    hostile = 'it\'s "quoted" $host {x}; y\\z'
    encoded = "it%27s%20%22quoted%22%20%24host%20%7Bx%7D%3B%20y%5Cz"
    db = archive(
        tmp_path,
        item(
            7,
            link=f"{SITE}/2020/01/{encoded}/",
            extra=slug(hostile),
            meta=[("_wp_old_slug", 'old"\n}; return 302 /x;')],
        ),
        item(8, link=f"{SITE}/2020/01/line%0Abreak/", extra=slug("line\nbreak")),
    )
    out = tmp_path / "out"
    run_export(db, "redirects", out)
    maps = nginx_maps(out / "nginx.conf")
    paths = maps["$wparchive_redirect"]
    assert paths[f"/2020/01/{hostile}/"] == "/posts/it-s-quoted-host-x-y-z/"
    assert not any(
        "\n" in key or "\n" in value for entries in maps.values() for key, value in entries.items()
    )
    rules = apache_rules(out / "apache.htaccess")
    by_path = {apache_target(target): conditions for conditions, target, _ in rules if len(conditions) == 1}
    assert apache_matches(by_path["/posts/it-s-quoted-host-x-y-z/"][0], f"/2020/01/{hostile}/")
    assert not apache_matches(by_path["/posts/it-s-quoted-host-x-y-z/"][0], f"/2020/01/{hostile}x/")
    assert all(
        re.fullmatch(r"[!-~]+", word) for conditions, target, _ in rules for word in [*conditions, target]
    )
    netlify = {words[1]: unquote(words[0]) for words in netlify_rules(out / "_redirects") if len(words) == 3}
    assert netlify["/posts/it-s-quoted-host-x-y-z/"] == f"/2020/01/{hostile}/"
    aliases = json.loads((out / "hugo-aliases.json").read_text(encoding="utf-8"))
    assert f"/2020/01/{hostile}/" in aliases["/posts/it-s-quoted-host-x-y-z/"]
    # A path with a newline is no real link: in the CSV (as a URL), in no config.
    old_urls = {row["old_url"] for row in redirects_csv(out)}
    assert f"{SITE}/2020/01/line%0Abreak/" in old_urls
    assert f"{SITE}/2020/01/old%22%0A%7D%3B%20return%20302%20%2Fx%3B/" in old_urls
    assert not any("\n" in alias for paths_ in aliases.values() for alias in paths_)


def test_new_paths_use_the_static_exports_slugs(tmp_path: Path) -> None:
    """A percent-encoded slug is decoded as the static exports decode it (their files are named so), a
    reserved name gets its "-2"; configs match the old path decoded, Location headers stay encoded."""
    db = archive(
        tmp_path,
        item(1, link=f"{SITE}/2012/12/%e8%b0%83%e8%af%95nginx.html", extra=slug("%e8%b0%83%e8%af%95nginx")),
        item(2, post_type="page", link=f"{SITE}/posts/", extra=slug("posts")),
    )
    out = tmp_path / "out"
    run_export(db, "redirects", out)
    found = {row["old_url"]: row["new_url"] for row in redirects_csv(out)}
    assert found[f"{SITE}/2012/12/%e8%b0%83%e8%af%95nginx.html"] == f"{SITE}/posts/%E8%B0%83%E8%AF%95nginx/"
    assert found[f"{SITE}/posts/"] == f"{SITE}/posts-2/", "posts/ is the posts' section"
    paths = nginx_maps(out / "nginx.conf")["$wparchive_redirect"]
    assert paths["/2012/12/调试nginx.html"] == "/posts/%E8%B0%83%E8%AF%95nginx/"
    aliases = json.loads((out / "hugo-aliases.json").read_text(encoding="utf-8"))
    assert aliases["/posts/调试nginx/"] == ["/2012/12/调试nginx.html"]
    rules = {apache_target(t): c for c, t, _ in apache_rules(out / "apache.htaccess") if len(c) == 1}
    assert apache_matches(rules["/posts/%E8%B0%83%E8%AF%95nginx/"][0], "/2012/12/调试nginx.html")


def test_query_string_urls_are_matched_by_their_query(demo_redirects: Path) -> None:
    folder = demo_redirects / "kitchen-garden.example.org"
    new = "/posts/starting-a-kitchen-garden-from-a-lawn/"
    rules = [(c, apache_target(t), f) for c, t, f in apache_rules(folder / "apache.htaccess")]
    conditions, _, flags = next(rule for rule in rules if rule[1] == new and len(rule[0]) == 2)
    assert flags == "[R=301,L,NE,QSD]", "the old ?p=12 is not carried to the new page"
    assert apache_matches(conditions[0], "/") and not apache_matches(conditions[0], "/other/")
    query = re.compile(conditions[1])
    assert query.search("p=12") and query.search("utm_source=x&p=12&y=1")
    assert not query.search("p=123") and not query.search("xp=12") and not query.search("page_id=12")
    maps = nginx_maps(demo_redirects / "nginx.conf")
    assert maps["$wparchive_1_p"]["/?p=12"] == new
    assert maps["$wparchive_1_page_id"]["/?page_id=2"] == "/about/"
    assert ["/", "p=12", new, "301!"] in netlify_rules(folder / "_redirects")


def test_old_dates_html_suffixes_attachments_and_a_blog_in_a_folder(tmp_path: Path) -> None:
    home = "https://example.org/blog"
    db = archive(
        tmp_path,
        item(3, link=f"{home}/2019/05/new-name.html", guid=f"{home}/?p=3", extra=slug("new-name"),
             date="2019-05-02 10:00:00",
             meta=[("_wp_old_slug", "old-name"), ("_wp_old_date", "2019-04-30"), ("_wp_old_slug", "")]),
        item(4, post_type="attachment", status="inherit", parent=3, extra=slug("photo"),
             link=f"{home}/2019/05/new-name.html/photo/", guid=f"{home}/wp-content/uploads/photo.jpg"),
        item(5, status="draft", link=f"{home}/?p=5", extra=slug("draft")),
        item(6, post_type="attachment", status="inherit", parent=5, link=f"{home}/?attachment_id=6"),
        site=home,
    )  # fmt: skip
    out = tmp_path / "out"
    run_export(db, "redirects", out, "--include-private")
    found = {row["old_url"]: (row["new_url"], row["kind"]) for row in redirects_csv(out)}
    new = f"{home}/posts/new-name/"
    assert found == {
        f"{home}/2019/05/new-name.html": (new, "permalink"),
        f"{home}/?p=3": (new, "shortlink"),
        f"{home}/2019/05/old-name.html": (new, "old_slug"),
        f"{home}/2019/04/old-name.html": (new, "old_slug"),
        f"{home}/2019/04/new-name.html": (new, "old_date"),
        f"{home}/2019/05/new-name.html/photo/": (new, "attachment"),
        f"{home}/?attachment_id=4": (new, "attachment"),
    }, "no redirect for the draft nor its attachment"
    aliases = json.loads((out / "hugo-aliases.json").read_text(encoding="utf-8"))
    assert aliases == {
        "/posts/new-name/": [
            "/2019/05/new-name.html",
            "/2019/05/old-name.html",
            "/2019/04/old-name.html",
            "/2019/04/new-name.html",
            "/2019/05/new-name.html/photo/",
        ]
    }
    assert nginx_maps(out / "nginx.conf")["$wparchive_p"] == {"/blog/?p=3": "/blog/posts/new-name/"}


def test_a_url_two_posts_claim_goes_to_the_first(tmp_path: Path) -> None:
    db = archive(
        tmp_path,
        item(1, link=f"{SITE}/one/", extra=slug("one")),
        item(2, link=f"{SITE}/two/", guid=f"{SITE}/?p=1", extra=slug("two")),  # an imported post's guid
    )
    out = tmp_path / "out"
    result = run_export(db, "redirects", out)
    found = {row["old_url"]: row["new_url"] for row in redirects_csv(out)}
    assert found[f"{SITE}/?p=1"] == f"{SITE}/posts/one/"
    assert "two posts claim" in result.output


def exported_rows(folder: Path, table: str, format_name: str) -> list[dict[str, Any]]:
    if format_name == "jsonl":
        with (folder / f"{table}.jsonl").open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle]
    with (folder / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("format_name", ["jsonl", "csv"])
def test_tables_hold_every_row_and_thread_of_the_archive(
    demo: Path, tmp_path: Path, format_name: str
) -> None:
    out = tmp_path / "all"
    run_export(demo, format_name, out, "--include-private")
    for table in TABLES:
        assert len(exported_rows(out, table, format_name)) == sql(demo, f"SELECT count(*) FROM {table}")[0][0]
    comments = exported_rows(out, "comments", format_name)
    threads = {
        (str(c["id"]), str(c["parent_id"] or ""), str(c["depth"]), c["thread_path"], str(c["root_id"]))
        for c in comments
    }
    expected = sql(demo, "SELECT id, coalesce(parent_id, ''), depth, thread_path, root_id FROM comments")
    assert threads == {tuple(str(v) for v in row) for row in expected}
    replies = sql(demo, "SELECT count(*) FROM comments WHERE parent_id IS NOT NULL")[0][0]
    assert sum(1 for c in comments if c["parent_id"] not in (None, "")) == replies > 0
    schema = json.loads((out / "schema.json").read_text(encoding="utf-8"))
    written = {c["name"] for t in schema["tables"].values() for c in t["columns"]}
    assert written >= PRIVATE_COLUMNS


@pytest.mark.parametrize("format_name", ["jsonl", "csv"])
def test_default_tables_leave_out_private_columns_and_posts(
    demo: Path, tmp_path: Path, format_name: str
) -> None:
    out = tmp_path / "public"
    figures = json.loads(run_export(demo, format_name, out, "--json").output)
    posts, comments = exported_rows(out, "posts", format_name), exported_rows(out, "comments", format_name)
    assert len(posts) == sql(demo, "SELECT count(*) FROM posts")[0][0] - sum(
        figures["held_back"]["posts"].values()
    )
    assert len(comments) == sql(demo, "SELECT count(*) FROM comments")[0][0] - sum(
        figures["held_back"]["comments"].values()
    )
    assert {p["status"] for p in posts} <= {"publish", "inherit"}
    assert not PRIVATE_COLUMNS & {name for row in posts + comments for name in row}
    text = "".join(path.read_text(encoding="utf-8") for path in out.iterdir())
    assert "@example.com" not in text and "192.0.2." not in text
    assert "Seed budget" not in text, "the private post's title"


def test_schema_json_lists_exactly_the_columns_written(demo: Path, tmp_path: Path) -> None:
    for format_name in ("jsonl", "csv"):
        out = tmp_path / format_name
        run_export(demo, format_name, out)
        schema = json.loads((out / "schema.json").read_text(encoding="utf-8"))
        for table in TABLES:
            described = [c["name"] for c in schema["tables"][table]["columns"]]
            if format_name == "csv":
                with (out / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
                    assert next(csv.reader(handle)) == described
            else:
                assert all(list(row) == described for row in exported_rows(out, table, "jsonl"))
            assert all(
                c["type"] in schema["types"] and c["description"] for c in schema["tables"][table]["columns"]
            )


def test_parquet_reads_back_as_the_jsonl(demo: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip(
        "pyarrow.parquet", reason="pyarrow is not installed: pip install 'wparchive[parquet]'"
    )
    run_export(demo, "parquet", tmp_path / "parquet", "--include-private")
    run_export(demo, "jsonl", tmp_path / "jsonl", "--include-private")
    for table in TABLES:
        read = pq.read_table(tmp_path / "parquet" / f"{table}.parquet")
        assert read.to_pylist() == exported_rows(tmp_path / "jsonl", table, "jsonl")
        schema = json.loads((tmp_path / "parquet" / "schema.json").read_text(encoding="utf-8"))
        assert read.schema.names == [c["name"] for c in schema["tables"][table]["columns"]]


def test_parquet_without_pyarrow_says_how_to_get_it(demo: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    result = CliRunner().invoke(
        cli, ["export", str(demo), "--format", "parquet", str(tmp_path / "out"), "-q"]
    )
    assert result.exit_code == 1
    assert (
        "pip install 'wparchive[parquet]'" in result.output and len(result.output.strip().splitlines()) == 1
    )
    assert not (tmp_path / "out" / "posts.parquet").exists()


real_blogs = pytest.mark.skipif(
    not REAL_BLOGS.is_dir(), reason=f"{REAL_BLOGS} is absent: the real exports live in ../shared/external"
)


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("real") / "real.db"
    assert run_import(db, REAL_BLOGS).exit_code == 0
    return db


@real_blogs
def test_real_exports_counts_and_no_self_redirect(real: Path, tmp_path: Path) -> None:
    run_export(real, "jsonl", tmp_path / "jsonl", "--include-private")
    for table in TABLES:
        assert (
            len(exported_rows(tmp_path / "jsonl", table, "jsonl"))
            == sql(real, f"SELECT count(*) FROM {table}")[0][0]
        )
    run_export(real, "redirects", tmp_path / "redirects")
    maps = nginx_maps(tmp_path / "redirects" / "nginx.conf")
    assert sum(len(entries) for entries in maps.values()) > 1000
    for entries in maps.values():
        assert all(key.rstrip("/") != value.rstrip("/") for key, value in entries.items())
    folders = [p for p in (tmp_path / "redirects").iterdir() if p.is_dir()]
    assert len(folders) == sql(real, "SELECT count(*) FROM sites")[0][0]
    for folder in folders:
        rows = redirects_csv(folder)
        assert all(r["old_url"].rstrip("/") != r["new_url"].rstrip("/") for r in rows)
        assert len({r["old_url"] for r in rows}) == len(rows)
        apache_rules(folder / "apache.htaccess")
        netlify_rules(folder / "_redirects")
    old_urls = {r["old_url"] for folder in folders for r in redirects_csv(folder)}
    published = sql(real, "SELECT url FROM posts WHERE post_type = 'post' AND status = 'publish' "
                    "AND coalesce(password, '') = '' AND NOT superseded AND url IS NOT NULL")  # fmt: skip
    assert len(published) > 1000
    assert [url for (url,) in published if urldefrag(url)[0] not in old_urls] == []
