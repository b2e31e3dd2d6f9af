"""``wparchive export --format markdown|hugo|jekyll|eleventy``: files a static site generator builds.

Checked against the database: every published post and page is one file whose YAML front matter
holds its fields and old addresses, every thread file holds the post's comments with the parents
SQL has, nothing private leaves without --include-private, no slug leaves OUT. Then the real
generators build the export (Hugo, Jekyll, Eleventy: each test skips when its binary is absent).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXTERNAL_WXR, FIXTURES, ROOT, run_import
from wxr_build import export, item

from wparchive.cli import cli
from wparchive.export.slugs import safe_slug

FORMATS = ["markdown", "hugo", "jekyll", "eleventy"]
PRIVATE = FIXTURES / "private" / "secrets-and-hostile-html.xml"
REAL_BLOGS = EXTERNAL_WXR / "real-blogs"
KITCHEN = "https://kitchen-garden.example.org"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: a thousand posts in a blink


def run_export(db: Path, fmt: str, out: Path, *extra: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["export", str(db), "--format", fmt, str(out), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output[result.output.index("{") :])


def read_post(path: Path) -> tuple[dict[str, Any], str]:
    """A Markdown file's front matter (parsed as YAML) and body."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    head, _, body = text[4:].partition("\n---\n")
    return yaml.load(head, Loader=LOADER), body


def posts_in(out: Path) -> dict[str, tuple[Path, dict[str, Any], str]]:
    """Every exported post and page by its old URL (``wp_url``)."""
    found = {}
    for path in out.rglob("*.md"):
        fields, body = read_post(path)
        found[fields.get("wp_url") or f"id:{fields['wp_id']}"] = (path, fields, body)
    return found


def thread_file(path: Path, fields: dict[str, Any], fmt: str) -> Path:
    """The post's comment data file: beside the site's content, where each generator reads data."""
    site = next(p for p in path.parents if (p / "media.json").exists())
    folder = {"markdown": "comments", "hugo": "data/comments"}.get(fmt, "_data/comments")
    suffix = ".json"  # every generator reads JSON data files (Jekyll too)
    return site / folder / f"{fields['comments_key']}{suffix}"


def load_thread(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    return yaml.load(text, Loader=LOADER) if path.suffix == ".yml" else json.loads(text)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo blogs and the private fixture (drafts, secrets, hostile HTML) in one archive."""
    db = tmp_path_factory.mktemp("archive") / "blog.db"
    assert run_import(db, FIXTURES / "demo", PRIVATE).exit_code == 0
    return db


@pytest.fixture(scope="module")
def exported(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], Path]:
    """Each format, without and with --include-private."""
    found = {}
    for fmt in FORMATS:
        for private in (False, True):
            out = tmp_path_factory.mktemp(f"{fmt}-{private}") / "site"
            run_export(archive, fmt, out, *(["--include-private"] if private else []))
            found[fmt, private] = out
    return found


def sql(db: Path, query: str, *params: Any) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(query, params).fetchall()


def old_path(url: str, home: str) -> str | None:
    parts = urlsplit(url)
    if parts.query:
        return None
    path = unquote(parts.path)[len(urlsplit(home).path.rstrip("/")) :]
    if path in ("", "/"):
        return None  # the home page (a static front page): the new site has its own
    return path if path.endswith("/") or "." in path.rpartition("/")[2] else path + "/"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_published_post_and_page_is_a_file_with_its_front_matter(
    archive: Path, exported: dict, fmt: str
) -> None:
    rows = sql(
        archive,
        """SELECT posts.url, posts.title, posts.wp_id, posts.post_type, sites.url,
                  (SELECT group_concat(t.name, '|') FROM post_terms pt JOIN terms t ON t.id = pt.term_id
                   WHERE pt.post_id = posts.id AND t.taxonomy = 'category')
           FROM posts JOIN sites ON sites.id = posts.site_id
           WHERE post_type IN ('post', 'page') AND status = 'publish' AND coalesce(password, '') = ''""",
    )
    found = posts_in(exported[fmt, False])
    assert len(found) == len(rows) == 21
    aliases_key = {"jekyll": "redirect_from", "eleventy": "redirect_from"}.get(fmt, "aliases")
    for url, title, wp_id, post_type, home, categories in rows:
        path, fields, _ = found[url]
        assert (fields["title"], fields["wp_id"]) == (title, wp_id)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)", fields["date"])
        assert sorted(fields.get("categories", [])) == sorted(
            (categories or "").split("|") if categories else []
        )
        assert fields["slug"] == safe_slug(fields["slug"]) and path.stem.endswith(fields["slug"])
        own = f"/posts/{fields['slug']}/" if post_type == "post" else f"/{fields['slug']}/"
        if old_path(url, home):  # a permalink a static site can serve: kept, or the post's new path
            assert old_path(url, home) in [*fields.get(aliases_key, []), own], (url, fields)
        assert "draft" not in fields and "author" in fields


def test_old_slugs_become_aliases_and_each_generator_names_them_its_way(exported: dict) -> None:
    hugo = posts_in(exported["hugo", False])[f"{KITCHEN}/2020/04/lockdown-sowing-diary/"][1]
    assert hugo["aliases"] == ["/2020/04/lockdown-sowing-diary/", "/2020/04/sowing-diary-week-2/"]
    jekyll = posts_in(exported["jekyll", False])[f"{KITCHEN}/2020/04/lockdown-sowing-diary/"]
    assert jekyll[1]["redirect_from"] == hugo["aliases"] and jekyll[1]["render_with_liquid"] is False
    assert jekyll[0].name == "2020-04-05-lockdown-sowing-diary.md" and jekyll[0].parent.name == "_posts"
    about = posts_in(exported["hugo", False])[f"{KITCHEN}/about/"]
    assert (
        about[0].relative_to(exported["hugo", False]).as_posix()
        == "kitchen-garden.example.org/content/about.md"
    )
    assert "aliases" not in about[1]  # /about/ is where the page already is


@pytest.mark.parametrize("fmt", FORMATS)
def test_threads_hold_the_comments_and_parents_sql_has(archive: Path, exported: dict, fmt: str) -> None:
    for private in (False, True):
        total = 0
        for url, (path, fields, _) in posts_in(exported[fmt, private]).items():
            where = "" if private else "AND c.status = 'approved'"
            expected = sql(
                archive,
                f"""SELECT c.wp_id, CASE WHEN ? OR p.status = 'approved' THEN p.wp_id END, c.comment_type
                    FROM comments c JOIN posts ON posts.id = c.post_id
                    LEFT JOIN comments p ON p.id = c.parent_id WHERE posts.url = ? {where}""",
                private,
                url,
            )
            if not expected:
                assert "comments_key" not in fields
                continue
            thread = load_thread(thread_file(path, fields, fmt))
            got = [(int(c["_id"]), c["_parent"] and int(c["_parent"]), c["type"]) for c in thread]
            assert sorted(got, key=str) == sorted(expected, key=str), url
            depth = {c["_id"]: c["depth"] for c in thread}
            # depth first, so a template can nest the thread by depth alone
            for before, c in zip([None, *thread], thread, strict=False):
                assert c["depth"] == (depth[c["_parent"]] + 1 if c["_parent"] else 1)
                assert before is None or c["depth"] <= before["depth"] + 1
            total += len(thread)
        public = " AND c.status = 'approved' AND p.status = 'publish' AND coalesce(p.password, '') = ''"
        count = "SELECT count(*) FROM comments c JOIN posts p ON p.id = c.post_id AND p.post_type IN "
        count += "('post', 'page')"
        assert total == sql(archive, count + ("" if private else public))[0][0] > 40


def test_a_pingback_keeps_its_type_and_source(exported: dict) -> None:
    path, fields, _ = posts_in(exported["hugo", False])[
        f"{KITCHEN}/2019/09/tomato-blight-what-went-wrong-in-2019/"
    ]
    ping = next(c for c in load_thread(thread_file(path, fields, "hugo")) if c["type"] == "pingback")
    assert ping["url"] == "https://plot42.example.com/2019/09/blight-season/"
    assert (ping["source_title"], ping["source_site"]) == ("Blight season", "Plot Forty-Two")


def test_private_values_leave_only_with_include_private_and_never_in_front_matter(
    archive: Path, exported: dict
) -> None:
    secrets = {
        v for (v,) in sql(archive, "SELECT author_email FROM comments UNION SELECT author_ip FROM comments")
    }
    secrets |= {v for (v,) in sql(archive, "SELECT email FROM authors UNION SELECT password FROM posts")}
    secrets |= set(re.findall(r"SECRET-[\w@.-]+", PRIVATE.read_text()))
    secrets = {s for s in secrets if s}
    for fmt in FORMATS:
        public = "\n".join(
            p.read_text(encoding="utf-8") for p in exported[fmt, False].rglob("*") if p.is_file()
        )
        assert not [s for s in secrets if s in public], fmt
        everything = exported[fmt, True]
        threads = "\n".join(p.read_text(encoding="utf-8") for p in everything.rglob("*.json"))
        threads += "\n".join(p.read_text(encoding="utf-8") for p in everything.rglob("*.yml"))
        assert "SECRET-commenter-toad" in threads or fmt == "jekyll" and "SECRET-" in threads
        for path, fields, _ in posts_in(everything).values():
            head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
            assert "@" not in head.replace(fields["wp_url"], "") and "SECRET-post-password" not in head
            assert "192.0.2." not in head
        drafts = [fields for _, fields, _ in posts_in(everything).values() if fields.get("draft")]
        assert {d.get("wp_status") or "protected" for d in drafts} == {"draft", "private", "protected"}, fmt


def test_unpublished_posts_stay_out_of_the_built_site(archive: Path, exported: dict) -> None:
    unpublished = "post_type = 'post' AND (status != 'publish' OR coalesce(password, '') != '')"
    drafts = list(exported["jekyll", True].rglob("_drafts/*.md"))
    assert len(drafts) == sql(archive, f"SELECT count(*) FROM posts WHERE {unpublished}")[0][0] >= 3
    eleventy = [f for _, f, _ in posts_in(exported["eleventy", True]).values() if f.get("draft")]
    assert all(f["permalink"] is False and f["eleventyExcludeFromCollections"] for f in eleventy)


def hostile_archive(tmp_path: Path) -> Path:
    """Posts whose slugs try to leave OUT or collide, and a body with every conversion."""
    body = (
        "Line one\nline two\n\n"
        '[caption id="attachment_7" width="300"]<a href="https://blog.example.org/wp-content/uploads/boat.jpg">'
        '<img src="https://blog.example.org/wp-content/uploads/boat-300x200.jpg" alt="A boat" /></a> '
        "The boat at dawn[/caption]\n\n"
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
        '[sourcecode language="python"]\nif a < b:\n    print("{{< x >}}")\n[/sourcecode]\n\n'
        '<iframe src="https://maps.example.com/embed?q=1" width="600" onload="steal()"></iframe>\n\n'
        "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>\n\n"
        '[gallery ids="7"]\n\n<!--more-->\n\n'
        "&lt;script&gt;x&lt;/script&gt; [click](javascript:alert(1)) {{< tweet 1 >}} {% include x %}\n"
        '<a href="javascript:alert(2)">bad</a> <script>alert(3)</script>'
    )
    gutenberg = (
        "<!-- wp:paragraph -->\n<p>Block one</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ"} -->\n<figure class="wp-block-embed">'
        '<div class="wp-block-embed__wrapper">\nhttps://youtu.be/dQw4w9WgXcQ\n</div></figure>\n'
        "<!-- /wp:embed -->"
    )
    items = [
        item(1, title="Every conversion", content=body, link="https://blog.example.org/2020/01/every/",
             extra="<wp:post_name>every</wp:post_name>"),
        item(2, title="Blocks", content=gutenberg, link="https://blog.example.org/2020/01/blocks/"),
        item(3, title="Up", extra="<wp:post_name>../../etc</wp:post_name>", link="https://blog.example.org/../../etc/"),
        item(4, title="Up too", extra="<wp:post_name>..%2F..%2Fpasswd</wp:post_name>"),
        item(5, title="Same", extra="<wp:post_name>every</wp:post_name>"),
        item(6, title="Same", extra="<wp:post_name>every</wp:post_name>"),
        item(7, title="Nihon", extra="<wp:post_name>%e6%97%a5%e6%9c%ac</wp:post_name>"),
        item(8, title="Yes: &quot;no&quot; # 1e3", extra="<wp:post_name>index</wp:post_name>"),
        item(9, title="boat", post_type="attachment", status="inherit",
             extra="<wp:attachment_url>https://blog.example.org/wp-content/uploads/boat.jpg</wp:attachment_url>"),
    ]  # fmt: skip
    source = tmp_path / "hostile.xml"
    source.write_bytes(export(*items))
    assert run_import(tmp_path / "hostile.db", source).exit_code == 0
    return tmp_path / "hostile.db"


def test_slugs_stay_inside_out_unique_and_readable(tmp_path: Path) -> None:
    db = hostile_archive(tmp_path)
    out = tmp_path / "deep" / "out"
    run_export(db, "hugo", out)
    written = {p.relative_to(out).as_posix() for p in out.rglob("*.md")}
    assert {"content/posts/etc.md", "content/posts/passwd.md", "content/posts/日本.md"} <= written
    assert {"content/posts/every.md", "content/posts/every-2.md", "content/posts/every-3.md"} <= written
    assert "content/posts/index-2.md" in written  # "index" would make a Hugo bundle of the folder
    beside = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert beside == ["deep", "hostile.db", "hostile.xml"], "nothing is written outside OUT"
    assert not list((tmp_path / "deep").glob("etc*")) and not (tmp_path / "etc").exists()
    fields, _ = read_post(out / "content/posts/index-2.md")
    assert fields["title"] == 'Yes: "no" # 1e3'
    assert safe_slug("Grüße%20aus Köln/../x") == "grüße-aus-köln-x" and safe_slug("हिन्दी") == "हिन्दी"


def test_bodies_are_converted_and_nothing_in_them_can_run(tmp_path: Path) -> None:
    db = hostile_archive(tmp_path)
    report = {fmt: run_export(db, fmt, tmp_path / fmt) for fmt in ("hugo", "jekyll")}
    hugo = (tmp_path / "hugo/content/posts/every.md").read_text()
    jekyll = (tmp_path / "jekyll/_posts/2020-01-02-every.md").read_text()
    for body in (hugo, jekyll, (tmp_path / "hugo/content/posts/blocks.md").read_text()):
        assert "<!-- wp:" not in body and "[caption" not in body and "<script" not in body
        assert not re.search(r"(?<!\\)\[[^\]]*\]\(javascript:|href=.?javascript|onload", body, re.I)
    assert '{{< figure src="https://blog.example.org/wp-content/uploads/boat-300x200.jpg"' in hugo
    assert (
        'caption="The boat at dawn" link="https://blog.example.org/wp-content/uploads/boat.jpg" >}}' in hugo
    )
    assert "<figure><a href=" in jekyll and "<figcaption>The boat at dawn</figcaption></figure>" in jekyll
    assert "{{< youtube dQw4w9WgXcQ >}}" in hugo and "<https://www.youtube.com/watch?v=dQw4w9WgXcQ>" in jekyll
    assert "```python\nif a < b:\n" in jekyll and '<pre><code class="language-python">if a &lt; b:' in hugo
    assert '<iframe src="https://maps.example.com/embed?q=1" width="600"></iframe>' in hugo
    assert "| a | b |\n| --- | --- |\n| 1 | 2 |" in hugo and "Line one  \nline two" in hugo
    assert "{{&lt; tweet 1 >}}" in hugo and "&lt;script>x&lt;/script>" in hugo and "\\[click]" in hugo
    assert "\n<!--more-->\n" in hugo and '\\[gallery ids="7"]' in hugo
    assert "{{< youtube dQw4w9WgXcQ >}}" in (tmp_path / "hugo/content/posts/blocks.md").read_text()
    notes = " ".join(report["hugo"]["notes"])
    assert "shortcodes left as written (posts using each): gallery 1" in notes
    media = json.loads((tmp_path / "hugo/media.json").read_text())["media"]
    boat = {m["url"]: m for m in media}["https://blog.example.org/wp-content/uploads/boat-300x200.jpg"]
    assert (
        boat["in_archive"] and boat["attachment_wp_id"] == 9 and boat["used_by"] == ["content/posts/every.md"]
    )


def test_the_media_manifest_lists_what_posts_use_and_what_the_archive_holds(exported: dict) -> None:
    media = json.loads((exported["hugo", False] / "kitchen-garden.example.org/media.json").read_text())
    by_url = {m["url"]: m for m in media["media"]}
    bay = by_url[f"{KITCHEN}/wp-content/uploads/2021/05/compost-bay-1024x768.jpg"]
    assert (
        bay["in_archive"] and bay["attachment_url"] == f"{KITCHEN}/wp-content/uploads/2021/05/compost-bay.jpg"
    )
    assert bay["used_by"] == ["content/posts/building-a-hot-compost-bay-from-pallets.md"]
    assert media["site"] == KITCHEN


def test_one_site_goes_into_out_itself(archive: Path, tmp_path: Path) -> None:
    run_export(archive, "eleventy", tmp_path / "one", "--site", KITCHEN)
    assert (tmp_path / "one/posts/lockdown-sowing-diary.md").exists()
    assert (tmp_path / "one/eleventy.config.js").exists() and (tmp_path / "one/_data/site.json").exists()
    assert json.loads((tmp_path / "one/_data/site.json").read_text())["title"] == "The Kitchen Garden"


@pytest.mark.skipif(
    not REAL_BLOGS.is_dir(), reason=f"{REAL_BLOGS} is absent: the shared corpus of real exports"
)
def test_real_exports_keep_every_post_thread_and_old_url(tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    assert run_import(db, REAL_BLOGS).exit_code == 0
    published = sql(
        db,
        """SELECT coalesce(posts.url, 'id:' || posts.wp_id), sites.url, (SELECT count(*) FROM comments c
           WHERE c.post_id = posts.id
           AND c.status = 'approved') FROM posts JOIN sites ON sites.id = posts.site_id
           WHERE post_type IN ('post', 'page') AND status = 'publish' AND coalesce(password, '') = ''
           AND NOT superseded""",
    )
    for fmt in ("hugo", "jekyll"):
        out = tmp_path / fmt
        run_export(db, fmt, out)
        found = posts_in(out)
        assert len(found) == len(published) > 1000
        key = "aliases" if fmt == "hugo" else "redirect_from"
        for url, home, comments in published:
            path, fields, body = found[url]
            assert "<!-- wp:" not in body and "[caption" not in body
            own = (
                f"/posts/{fields['slug']}/"
                if "/content/posts/" in str(path) or "_posts" in str(path)
                else None
            )
            if url.startswith("http") and old_path(url, home):
                assert old_path(url, home) in [*fields.get(key, []), own, f"/{fields['slug']}/"], url
            thread = load_thread(thread_file(path, fields, fmt)) if comments else []
            assert len(thread) == comments, url


def built_thread(page: Path) -> str:
    """The comment section of a built page, one line per tag."""
    text = page.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", text[text.index('<section id="comments">') :])


def check_built_thread(page: Path) -> None:
    thread = built_thread(page)
    assert "Priya Raman" in thread and "Kofi Mensah" in thread and "Blight season « Plot Forty-Two" in thread
    # Hazel's reply is nested inside Kofi's comment, the pingback back at the top level.
    kofi = thread.index('id="comment-15"')
    nested = thread.index('<ol class="children">', kofi)
    assert kofi < nested < thread.index("Hazel Thornbury") < thread.index("</ol></li>", nested)
    assert thread.index("</ol></li>", nested) < thread.index('id="comment-17"')


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed (apt-get install hugo)")
def test_hugo_builds_the_export_with_its_threads(archive: Path, tmp_path: Path) -> None:
    run_export(archive, "hugo", tmp_path / "src", "--site", KITCHEN)
    public = tmp_path / "public"
    result = subprocess.run(
        ["hugo", "--source", str(tmp_path / "src"), "--destination", str(public)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "ERROR" not in result.stdout + result.stderr, (
        result.stdout + result.stderr
    )
    check_built_thread(public / "posts/tomato-blight-what-went-wrong-in-2019/index.html")
    alias = (public / "2019/09/tomato-blight-what-went-wrong-in-2019/index.html").read_text()
    assert "/posts/tomato-blight-what-went-wrong-in-2019/" in alias  # the old URL sends readers on
    assert "Lockdown sowing diary" in (public / "index.html").read_text()


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (apt-get install jekyll)")
def test_jekyll_builds_the_export_with_its_threads(archive: Path, tmp_path: Path) -> None:
    run_export(archive, "jekyll", tmp_path / "src", "--site", KITCHEN)
    public = tmp_path / "public"
    command = ["jekyll", "build", "--source", str(tmp_path / "src"), "--destination", str(public)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    check_built_thread(public / "posts/tomato-blight-what-went-wrong-in-2019/index.html")
    assert not (public / "media.json").exists()


# `make test` installs Eleventy into .tools/ when npm is there; one on PATH serves as well.
ELEVENTY = shutil.which("eleventy") or shutil.which(
    "eleventy", path=str(ROOT / ".tools" / "node_modules" / ".bin")
)


@pytest.mark.skipif(
    ELEVENTY is None, reason="eleventy is not installed (make test installs it when npm exists)"
)
def test_eleventy_builds_the_export_with_its_threads_and_redirects(archive: Path, tmp_path: Path) -> None:
    run_export(archive, "eleventy", tmp_path / "src", "--site", KITCHEN)
    public = tmp_path / "public"
    command = [str(ELEVENTY), "--input=.", f"--output={public}"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    check_built_thread(public / "posts/tomato-blight-what-went-wrong-in-2019/index.html")
    assert "/posts/lockdown-sowing-diary/" in (public / "2020/04/sowing-diary-week-2/index.html").read_text()


def test_worker_processes_write_the_same_files_as_one_process(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large sites are rendered by worker processes; the files must not depend on that."""
    from wparchive.export import workers

    run_export(archive, "hugo", tmp_path / "inline", "--include-private")
    monkeypatch.setattr(workers, "INLINE_POSTS", 0)
    monkeypatch.setattr(workers, "CHUNK", 3)  # several chunks in flight, handed back in order
    monkeypatch.setattr(workers, "default_jobs", lambda: 2)
    run_export(archive, "hugo", tmp_path / "pool", "--include-private")
    inline = {
        p.relative_to(tmp_path / "inline"): p.read_bytes()
        for p in (tmp_path / "inline").rglob("*")
        if p.is_file()
    }
    pooled = {
        p.relative_to(tmp_path / "pool"): p.read_bytes()
        for p in (tmp_path / "pool").rglob("*")
        if p.is_file()
    }
    assert inline.keys() == pooled.keys() and inline == pooled


TRICKY_HTML = [
    "<p>a  b\t c\n d</p>\n\n<p>  lead and trail  </p>",
    "<pre><code class='language-php'><?php echo 1; ?>\n  <b>x</b>\n\n\ny</code></pre>",
    "<pre>one\n\n\n<span>two</span>\n<i>three</i></pre><p>after</p>",
    "<div><pre>in <em>div</em></pre> text <code>c_d*e</code></div>",
    "<ul><li>one<ul><li>two</li></ul></li><li>\n three </li></ul><ol start='3'><li>x</li></ol>",
    "<blockquote><p>q</p>\n<p># not a heading</p></blockquote><h2> head  <a href='/x'>link</a></h2>",
    "<table><tr><th>a|b</th><td>1. x</td></tr><tr><td>- y</td><td>{{< z >}}</td></tr></table>",
    "text <!-- comment --> more<br>- after a break<br/>1. numbered\n> quoted\n## hashes",
    "back\\slash &amp;amp; &lt;tag&gt; [brackets] `ticks` {{% hugo %}} * _ ==\n==",
    "<p><strong> bold </strong><em></em><a href='javascript:x'>no</a> <a href='http://e.x'>http://e.x</a></p>",
    "<figure class='wp-block-embed'><div>https://youtu.be/abcdefgh</div><figcaption>cap</figcaption></figure>",
    "<dl><dt>term</dt><dd>def\nmore</dd></dl><hr><p>x<sub>2</sub><sup>3</sup></p><kbd>k</kbd><samp>s</samp>",
    "<div><p>x</p> y <p>z</p>\t</div><section> <em>e</em> </section><li> a<ul><li>b</li></ul> c </li>",
]


def test_the_tree_walk_converts_as_markdownify_does(archive: Path) -> None:
    """``walker.TreeWalk`` (and the converter's quicker escaping) redo markdownify's walk for speed:
    every body of the archive and each tricky case above converts as markdownify's own walk does."""
    from bs4 import Tag
    from markdownify import MarkdownConverter

    from wparchive.export import converter as conv
    from wparchive.export.body import to_markdown

    class Markdownify(conv.PostConverter):  # markdownify's own walk and our escaping, unhurried
        process_tag = MarkdownConverter.process_tag

        def process_text(self, el: Any, parent_tags: Any = None) -> str:
            before = el.previous_sibling
            self._line_start = before is None or (isinstance(before, Tag) and before.name in conv.LINE_BREAKS)
            return MarkdownConverter.process_text(self, el, parent_tags)

        def escape(self, text: str, parent_tags: Any) -> str:
            if not text:
                return ""
            text = MarkdownConverter.escape(self, conv._BACKSLASH.sub(r"\\\\", text), parent_tags)
            text = text.replace("[", "\\[").replace("`", "\\`")
            text = conv._TAG_START.sub("&lt;", conv._ENTITY_LIKE.sub("&amp;", text))
            text = text.replace("|", "\\|") if "_inline" in parent_tags else text
            text = text.replace("{{<", "{{&lt;").replace("{{%", "{{&#37;") if self.hugo else text
            pattern = conv._LINE_START if self._line_start else conv._LATER_LINE_START
            return pattern.sub(conv._escape_marker, text)

    bodies = [row[0] for row in sql(archive, "SELECT content_html FROM posts WHERE content_html IS NOT NULL")]
    bodies += [row[0] for row in sql(archive, "SELECT content_html FROM comments WHERE content_html > ''")]
    for generator in ("hugo", "markdown"):
        quick, reference = conv.PostConverter(generator), Markdownify(generator)
        for html in [*TRICKY_HTML, *bodies]:  # as stored (no paragraphs made), and as exported
            assert quick.convert(html) == reference.convert(html), html
            assert to_markdown(html, quick) == to_markdown(html, reference), html


def test_threads_sanitise_comments_as_the_sanitizer_does(archive: Path) -> None:
    """``comments_data`` builds its nh3 cleaner once, with ``sanitize.clean_comment_html``'s rules."""
    from wparchive.autop import autop
    from wparchive.export import comments_data
    from wparchive.sanitize import clean_comment_html

    hostile = ['<a href="javascript:x" onclick="y">a</a><script>z</script>', "<img src=x onerror=y><b>b"]
    for html in hostile + [
        row[0] for row in sql(archive, "SELECT content_html FROM comments WHERE content_html > ''")
    ]:
        assert comments_data._CLEANER.clean(autop(html)) == clean_comment_html(autop(html)), html
