"""Write a synthetic web crawl (gzipped WARC files) for benchmarks: WordPress blogs in a crowd.

A crawl of the web is mostly not WordPress. Of its HTTP responses, ``wordpress_share`` are pages of a
few hundred blogs, in the shapes their themes print (crawl_pages.py, after fixtures/html): single posts
with threaded comments and a pingback in three theme families, posts without comments, and home,
category and monthly listings. The rest is what else a crawler fetches: news, static and Drupal pages
with no WordPress mark (some with reader comments), images, stylesheets, scripts, feeds, redirects,
404s and robots.txt. Request records (every third response), DNS lookups and crawler metadata lie
between them, as Heritrix and wget write them; each file opens with a warcinfo record.

It is made to measure ``wparchive import`` on a crawl as it comes (benchmarks/crawl_import.py): how fast
the WordPress pages are found and read among everything else. Pages are templated from blocks made once
per seed, so 100,000 responses take about a minute on one core, and the same seed writes the same bytes
(record ids and dates included). Each record is its own gzip member, written by warcio's
``WARCWriter(gzip=True)`` at zlib level 6, the level of wget and Heritrix (warcio's own 9 is slower).

    python benchmarks/make_crawl.py OUT_DIR [--responses 100000] [--files 8] [--wordpress-share 0.2]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import GzippingWrapper, WARCWriter

sys.path.insert(0, str(Path(__file__).resolve().parent))
import crawl_pages as cp  # noqa: E402

WP_MIX = {"wp-post": 0.62, "wp-quiet": 0.18, "wp-listing": 0.20}
OTHER_MIX = {
    "news": 0.14, "static": 0.07, "drupal": 0.08, "image": 0.31, "css": 0.07, "js": 0.09,
    "feed": 0.03, "redirect": 0.09, "not-found": 0.05, "robots": 0.02,
}  # fmt: skip
START = datetime(2024, 3, 1)
HTML = "text/html; charset=UTF-8"
Response = tuple[str, str, str, bytes, list]  # url, HTTP status, content type, body, more headers


@dataclass
class Crawl:
    """The sites of a crawl and the blocks their pages are made of."""

    pools: cp.Pools
    blogs: list[cp.Site]
    others: dict[str, list[cp.Site]]  # news / static / drupal sites
    every: list[cp.Site]

    @classmethod
    def make(cls, seed: int, wordpress_pages: int, other_pages: int) -> Crawl:
        """Up to 300 blogs (one per 20 WordPress pages) and up to 230 other sites (one per 200 pages)."""
        pools = cp.make_pools(seed)
        blogs = cp.sites(pools, max(5, min(300, wordpress_pages // 20)), 1, "org")
        shapes = (("news", 60, 2, "com"), ("static", 120, 3, "net"), ("drupal", 50, 4, "info"))
        others = {
            kind: cp.sites(pools, max(3, min(limit, other_pages // 200)), salt, tld)
            for kind, limit, salt, tld in shapes
        }
        return cls(pools, blogs, others, [*blogs, *(site for group in others.values() for site in group)])

    def site(self, k: int) -> cp.Site:
        """Any site of the crawl, blog or not (where an image, script or redirect is)."""
        return self.every[cp.mix(k, 11) % len(self.every)]


def _wp_post(crawl: Crawl, k: int, kind: str) -> Response:
    """The k-th post of the crawl (blogs in turn), with 1 to 36 comments or none."""
    blog = crawl.blogs[k % len(crawl.blogs)]
    f = cp.fields(crawl.pools, blog, k // len(crawl.blogs))
    theme = cp.THEMES[blog.index % len(cp.THEMES)]
    count = 0 if kind == "wp-quiet" else 1 + cp.mix(f["id"], 5) % 36
    discussion = cp.discussion(crawl.pools, theme, f, count)
    furniture = cp.chrome(crawl.pools, f, theme["widget"], "/wp-content/plugins/")
    html = theme["page"].format(discussion=discussion, **furniture, **f)
    link = f'<https://{blog.host}/wp-json/>; rel="https://api.w.org/"'
    return f["url"], "200 OK", HTML, html.encode(), [("Link", link), ("X-Powered-By", "PHP/7.4.33")]


def _listing_place(blog: cp.Site, page: int) -> tuple[str, str, str]:
    """The url, body class and title of a blog's page-th listing: home pages, categories, months."""
    step, host = page // 3, blog.host
    if page % 3 == 0:
        paged = f" paged paged-{step + 1}" if step else ""
        return f"https://{host}/" + (f"page/{step + 1}/" if step else ""), "home blog" + paged, blog.name
    if page % 3 == 1:
        words = cp.MORE_WORDS
        cat = words[step % len(words)]
        more = f"page/{step // len(words) + 1}/" if step >= len(words) else ""
        return f"https://{host}/category/{cat}/{more}", f"archive category category-{cat}", cat.title()
    month = date(2010 + step // 12, step % 12 + 1, 1)
    return f"https://{host}/{month:%Y/%m}/", "archive date", f"{month:%B %Y}"


def _wp_listing(crawl: Crawl, k: int, kind: str) -> Response:
    """Ten excerpts of posts that have (or could have) a page of their own in the crawl."""
    blog, page = crawl.blogs[k % len(crawl.blogs)], k // len(crawl.blogs)
    pools = crawl.pools
    url, body_class, title = _listing_place(blog, page)
    posts = [cp.fields(pools, blog, page * 10 + j) for j in range(10)]
    articles = "".join(
        cp.EXCERPT.format(excerpt=pools.pick(pools.paragraphs, p["id"])[3:260].rsplit(" ", 1)[0], **p)
        for p in posts
    )
    furniture = cp.chrome(pools, posts[0], cp.HTML5["widget"], "/wp-content/plugins/")
    page_fields = {**posts[0], **furniture, "url": url, "title": title}
    html = cp.LISTING.format(body_class=body_class, articles=articles, **page_fields)
    return url, "200 OK", HTML, html.encode(), []


ARTICLES = {  # kind: template, url, comment area, one comment
    "news": (
        cp.NEWS,
        "https://{host}/{section}/{date}/{id}-{slug}",
        '<section class="reader-comments"><h2>Reader comments</h2><ul class="thread">{}</ul></section>',
        cp.NEWS_COMMENT,
    ),
    "drupal": (
        cp.DRUPAL,
        "https://{host}/node/{id}",
        '<section class="field--name-comment comments"><h2>Comments</h2>{}</section>',
        cp.DRUPAL_COMMENT,
    ),
    "static": (cp.STATIC, "https://{host}/{slug}-{n}/", "", ""),
}


def _article(crawl: Crawl, k: int, kind: str) -> Response:
    """A page of a site that is not WordPress: a news story, a static page or a Drupal node."""
    group, pools = crawl.others[kind], crawl.pools
    site, n = group[k % len(group)], k // len(group)
    f = cp.fields(pools, site, n)
    template, url, area, item = ARTICLES[kind]
    url = url.format(slug=f["title"].lower().replace(" ", "-"), n=n, **f)
    count = cp.mix(f["id"], 9) % 30 if area and cp.mix(f["id"], 8) % 4 == 0 else 0  # a quarter have some
    comments = "".join(
        item.format(author=pools.pick(pools.names, f["id"], i), text=pools.pick(pools.comments, f["id"], i),
                    h=1 + i % 23, long_date=f["long_date"]) for i in range(count)
    )  # fmt: skip
    furniture = cp.chrome(pools, f, '<div class="block"><h2>{}</h2><ul>{}</ul></div>', "/static/css/")
    html = template.format(
        discussion=area.format(comments) if count else "", **{**f, **furniture, "url": url}
    )
    return url, "200 OK", "text/html; charset=utf-8", html.encode(), [("Cache-Control", "max-age=300")]


def _asset(crawl: Crawl, k: int, kind: str) -> Response:
    """An image, stylesheet or script, on a blog (under wp-content) or on another site."""
    site = crawl.site(k)
    on_blog = site.host.endswith(".org")
    if kind == "image":
        content_type, body = crawl.pools.pick(crawl.pools.images, k)
        ext = content_type.split("/")[1].replace("jpeg", "jpg")
        path = f"wp-content/uploads/2023/{k % 12 + 1:02d}/img-{k}.{ext}" if on_blog else f"media/{k}.{ext}"
    else:
        content_type = "text/css" if kind == "css" else "application/javascript"
        body = crawl.pools.pick(crawl.pools.assets[content_type], k)
        path = f"wp-content/themes/theme/{kind}/{k}.{kind}?ver=6.4" if on_blog else f"static/app.{k}.{kind}"
    return (
        f"https://{site.host}/{path}",
        "200 OK",
        content_type,
        body,
        [("Cache-Control", "max-age=31536000")],
    )


def _other(crawl: Crawl, k: int, kind: str) -> Response:
    """Comment feeds, redirects (a blog's ?p=N, http to https), 404 pages and robots.txt."""
    pools, site = crawl.pools, crawl.site(k)
    blog = crawl.blogs[k % len(crawl.blogs)]
    f = cp.fields(pools, blog, k // len(crawl.blogs))
    if kind == "feed":
        items = "".join(f"<item><title>{pools.pick(pools.short, k, i)}</title></item>" for i in range(10))
        feed = cp.FEED.format(items=items, **f).encode()
        return f["url"] + "feed/", "200 OK", "application/rss+xml; charset=UTF-8", feed, []
    if kind == "redirect":
        status = "301 Moved Permanently" if k % 3 else "302 Found"
        if k % 2:
            return f"https://{blog.host}/?p={f['id']}", status, "text/html", b"", [("Location", f["url"])]
        url = f"http://{site.host}/{pools.pick(pools.short, k).split()[0].lower()}/{k}"
        body = f"<html><head><title>{status}</title></head><body><h1>{status[4:]}</h1></body></html>"
        return url, status, "text/html", body.encode(), [("Location", "https" + url[4:])]
    if kind == "robots":
        return (
            f"https://{site.host}/robots.txt",
            "200 OK",
            "text/plain",
            cp.ROBOTS.format(host=site.host).encode(),
            [],
        )
    furniture = cp.chrome(pools, f, cp.HTML5["widget"], "/static/")
    url = f"https://{site.host}/{f['section']}-{k}/missing/"
    return url, "404 Not Found", HTML, cp.NOT_FOUND.format(**furniture).encode(), []


GENERATORS = {
    "wp-post": _wp_post, "wp-quiet": _wp_post, "wp-listing": _wp_listing, "news": _article,
    "static": _article, "drupal": _article, "image": _asset, "css": _asset, "js": _asset, "feed": _other,
    "redirect": _other, "not-found": _other, "robots": _other,
}  # fmt: skip
COUNTER = {"wp-quiet": "wp-post"}  # posts with and without comments are numbered together


class _Member(GzippingWrapper):
    """warcio's gzip member writer, at a zlib level of our choosing."""

    def __init__(self, out: io.BufferedWriter, level: int) -> None:
        self.compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self.out = out


class LevelWriter(WARCWriter):
    """warcio's WARCWriter(gzip=True), each record its own gzip member, at the given zlib level."""

    def __init__(self, out: io.BufferedWriter, level: int = 6) -> None:
        super().__init__(out, gzip=True)
        self.level = level

    def _write_warc_record(self, out, record):  # type: ignore[no-untyped-def]
        member = _Member(out, self.level)
        self.gzip = False  # warcio would wrap ``out`` in its own level-9 member
        try:
            super()._write_warc_record(member, record)
        finally:
            self.gzip = True

    def add(self, uri: str, kind: str, body: bytes, headers: dict[str, str], **more: object) -> None:
        """One record with the given WARC headers (id and date: the file is the same for a seed)."""
        payload = io.BytesIO(body)
        self.write_record(
            self.create_warc_record(
                uri, kind, payload=payload, length=len(body), warc_headers_dict=headers, **more
            )
        )


def _write(writer: LevelWriter, seed: int, i: int, response: Response, counts: Counter[str]) -> None:
    """One response, a request record before every third, DNS and crawler metadata now and then."""
    url, status, content_type, body, more = response
    when = START + timedelta(seconds=i * 0.7)
    stamp, host = when.strftime("%Y-%m-%dT%H:%M:%SZ"), url.split("/")[2]
    rid = f"<urn:uuid:{seed & 0xFFFFFFFF:08x}-0000-4000-8000-{i:012x}>"
    related = {"WARC-Date": stamp, "WARC-Concurrent-To": rid}
    if i % 250 == 0:
        lookup = f"{when:%Y%m%d%H%M%S}\n{host}.\t300\tIN\tA\t192.0.2.{i % 250 + 1}\n".encode()
        headers = {"WARC-Record-ID": rid.replace("-0000-", "-0003-"), "WARC-Date": stamp}
        writer.add(f"dns:{host}", "response", lookup, headers, warc_content_type="text/dns")
        counts["dns records"] += 1
    if i % 3 == 0:
        path = "/" + url.split("/", 3)[3]
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: bench-crawler/1.0\r\nAccept: */*\r\n\r\n"
        )
        writer.add(
            url, "request", request.encode(), {"WARC-Record-ID": rid.replace("-0000-", "-0001-"), **related}
        )
        counts["request records"] += 1
    http = StatusAndHeaders(status, [
        ("Date", f"{when:%a, %d %b %Y %H:%M:%S} GMT"), ("Server", "nginx" if i % 2 else "Apache"),
        ("Content-Type", content_type), ("Content-Length", str(len(body))), *more,
    ], protocol="HTTP/1.1")  # fmt: skip
    writer.add(url, "response", body, {"WARC-Record-ID": rid, "WARC-Date": stamp}, http_headers=http)
    counts["body bytes"] += len(body)
    if i % 97 == 0:
        log = f"via: https://{host}/\nhopsFromSeed: L\nfetchTimeMs: {40 + i % 900}\n".encode()
        headers = {"WARC-Record-ID": rid.replace("-0000-", "-0002-"), **related}
        writer.add(url, "metadata", log, headers, warc_content_type="application/warc-fields")
        counts["metadata records"] += 1


def plan(responses: int, wordpress_share: float, seed: int) -> list[str]:
    """Each response's kind, in crawl order: exactly the share of each kind, shuffled."""
    wordpress = round(responses * wordpress_share)
    kinds: list[str] = []
    for total, shares in ((wordpress, WP_MIX), (responses - wordpress, OTHER_MIX)):
        counts = {kind: int(total * share / sum(shares.values())) for kind, share in shares.items()}
        counts[max(shares, key=shares.__getitem__)] += total - sum(counts.values())
        for kind, count in counts.items():
            kinds += [kind] * count
    random.Random(seed).shuffle(kinds)
    return kinds


def write_crawl(
    folder: Path,
    responses: int = 100_000,
    files: int = 8,
    wordpress_share: float = 0.2,
    seed: int = 7,
    level: int = 6,
) -> dict[str, int]:
    """Write ``files`` .warc.gz files holding ``responses`` HTTP responses; the counts by kind."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds = plan(responses, wordpress_share, seed)
    wordpress = sum(kind.startswith("wp-") for kind in kinds)
    crawl = Crawl.make(seed, wordpress, responses - wordpress)
    counts: Counter[str] = Counter()
    numbered: Counter[str] = Counter()
    info = f"software: wparchive benchmarks/make_crawl.py\nformat: WARC File Format 1.0\nseed: {seed}\n"
    for number in range(files):
        name = f"bench-{seed}-{number:05d}.warc.gz"
        with open(folder / name, "wb") as out:
            writer = LevelWriter(out, level)
            rid = f"<urn:uuid:{seed & 0xFFFFFFFF:08x}-0000-4000-9000-{number:012x}>"
            headers = {
                "WARC-Record-ID": rid,
                "WARC-Date": f"{START:%Y-%m-%dT%H:%M:%SZ}",
                "WARC-Filename": name,
            }
            writer.add("", "warcinfo", info.encode(), headers, warc_content_type="application/warc-fields")
            for i in range(number * responses // files, (number + 1) * responses // files):
                kind = kinds[i]
                key = COUNTER.get(kind, kind)
                _write(writer, seed, i, GENERATORS[kind](crawl, numbered[key], kind), counts)
                numbered[key] += 1
                counts[kind] += 1
    counts.update(responses=responses, wordpress_pages=wordpress, files=files, blogs=len(crawl.blogs))
    counts["warc bytes"] = sum(
        (folder / f"bench-{seed}-{n:05d}.warc.gz").stat().st_size for n in range(files)
    )
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--wordpress-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--level", type=int, default=6, help="zlib level of each record's gzip member")
    args = parser.parse_args()
    start = time.perf_counter()
    counts = write_crawl(args.folder, args.responses, args.files, args.wordpress_share, args.seed, args.level)
    seconds = time.perf_counter() - start
    print(json.dumps(counts, indent=1))
    print(
        f"{args.responses:,} responses in {seconds:.1f} s ({args.responses / seconds:,.0f}/s): "
        f"{counts['warc bytes'] / 2**20:,.0f} MiB of WARC, {counts['body bytes'] / 2**20:,.0f} MiB of bodies"
    )


if __name__ == "__main__":
    main()
