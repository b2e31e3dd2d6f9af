"""The pages of the synthetic crawl of make_crawl.py: templates, and the blocks they are filled with.

WordPress pages in three theme families of fixtures/html: the html5 walker (make_pages.py's page, any
blog), Twenty Ten (``commentlist``, ``li-comment-N`` holding ``div.comment-body``, cite.fn "says:") and
Twenty Twelve (``article.comment`` with ``section.comment-content``); listings of excerpts. Pages of
sites that are not WordPress carry none of its marks (no wp-content, generator, api.w.org or
``comment_post_ID``): a news story (reader comments on some), a static page, a Drupal node.

Text comes from pools made once per seed and picked by a hash of the page's keys (``Pools.pick``),
so a post is the same on its page and in a listing, and pages cost string formatting only.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_pages import COMMENT, HEAD, WORDS  # noqa: E402

MORE_WORDS = [
    "council", "budget", "river", "school", "market", "rail", "bridge", "village", "museum", "garden",
    "library", "festival", "station", "harvest", "orchard", "meadow", "quarry", "mill", "canal", "ferry",
    "castle", "chapel", "cottage", "valley", "summit", "trail", "season", "report", "plan", "street",
    "square", "winter", "summer", "autumn", "spring", "weekend", "evening", "morning", "history",
]  # fmt: skip
FIRST = ["Morag", "Peter", "Siân", "Ruth", "Tom", "Ewan", "Gideon", "Rhona", "Callum", "Ansel", "Hilde",
         "Agnes", "Ines", "Kofi", "Mei", "Olu"]  # fmt: skip
LAST = ["Innes", "Vance", "Pritchard", "Allardyce", "Penhallow", "Tall", "Pike", "Reid", "Dray", "Marsh",
        "Okafor", "Lindqvist", "Tan"]  # fmt: skip
DAY_ONE = date(2009, 1, 5).toordinal()
T = TypeVar("T")

# The html5 walker's page of make_pages.py, for any blog: its host, name and author become fields.
_LIST = re.compile(r'<h2 class="comments-title">.*?</ol>\n', re.S)
HTML5 = {
    "page": _LIST.sub("{discussion}", HEAD)
    .replace("bench.example.org", "{host}")
    .replace("Bench Lights", "{name}")
    .replace("Eilidh Mackay", "{author}")
    .replace("eilidh", "{login}"),
    "list": _LIST.search(HEAD).group(0),  # type: ignore[union-attr]
    "comment": COMMENT,
    "children": '<ol class="children">{}</ol>',
    "ping": '<li id="comment-{cid}" class="pingback even depth-1"><div class="comment-body">'
    'Pingback: <a href="{ping_url}" class="url">{ping_title}</a></div></li>',
    "widget": '<section class="widget"><h2 class="widget-title">{}</h2><ul>{}</ul></section>',
}
TEN = {
    "page": """<!DOCTYPE html>
<html dir="ltr" lang="en-US"><head><meta charset="UTF-8" /><title>{title} | {name}</title>
<link rel="profile" href="http://gmpg.org/xfn/11" /><link rel="pingback" href="https://{host}/xmlrpc.php" />
<link rel="stylesheet" type="text/css" media="all"
href="https://{host}/wp-content/themes/twentyten/style.css" />
<meta name="generator" content="WordPress 3.{minor}" /><link rel='canonical' href='{url}' />
<link rel='shortlink' href='https://{host}/?p={id}' />{styles}</head>
<body class="single single-post postid-{id} single-format-standard"><div id="wrapper" class="hfeed">
<div id="header"><div id="masthead"><div id="branding" role="banner"><div id="site-title"><span>
<a href="https://{host}/" title="{name}" rel="home">{name}</a></span></div></div>
<div id="access" role="navigation"><div class="menu"><ul>{menu}</ul></div></div></div></div>
<div id="main"><div id="container"><div id="content" role="main">
<div id="post-{id}" class="post-{id} post type-post status-publish format-standard hentry category-news">
<h1 class="entry-title">{title}</h1><div class="entry-meta"><span class="meta-prep">Posted on</span>
<a href="{url}" title="9:15 am" rel="bookmark"><span class="entry-date">{long_date}</span></a> by
<span class="author vcard"><a class="url fn n" href="https://{host}/author/{login}/">{author}</a></span></div>
<div class="entry-content">{body}</div></div><div id="comments">{discussion}<div id="respond">
<h3 id="reply-title">Leave a Reply</h3><form action="https://{host}/wp-comments-post.php" method="post"
id="commentform"><textarea id="comment" name="comment" cols="45" rows="8"></textarea>
<input type='hidden' name='comment_post_ID' value='{id}' id='comment_post_ID' /></form></div></div>
</div></div><div id="primary" class="widget-area"><ul class="xoxo">{sidebar}</ul></div></div>
<div id="footer" role="contentinfo"><div id="site-info">{name}</div>{scripts}</div></div></body></html>
""",
    "list": '<h3 id="comments-title">{count} Responses to <em>{title}</em></h3>\n'
    '<ol class="commentlist">{comments}</ol>\n',
    "comment": """<li class="comment {classes} depth-{depth}" id="li-comment-{cid}"><div id="comment-{cid}">
<div class="comment-author vcard"><img alt='' src='https://0.gravatar.com/avatar/{cid}?s=40' class='avatar' />
<cite class="fn">{author}</cite> <span class="says">says:</span></div>
<div class="comment-meta commentmetadata"><a href="{url}#comment-{cid}">{long_date} at {h}:{m}0 pm</a></div>
<div class="comment-body">{text}</div><div class="reply"><a class='comment-reply-link'
href='?replytocom={cid}#respond'>Reply</a></div></div>{children}</li>""",
    "children": "<ul class='children'>{}</ul>",
    "ping": "<li class=\"post pingback\"><p>Pingback: <a href='{ping_url}' rel='external nofollow' "
    "class='url'>{ping_title}</a></p></li>",
    "widget": '<li class="widget-container"><h3 class="widget-title">{}</h3><ul>{}</ul></li>',
}
TWELVE = {
    **TEN,
    "page": TEN["page"]
    .replace('<div id="post-{id}"', '<article id="post-{id}"')
    .replace('</div></div><div id="comments">', '</div></article><div id="comments" class="comments-area">')
    .replace("twentyten", "twentytwelve")
    .replace("WordPress 3.", "WordPress 4.")
    .replace("single-format-standard", "single-format-standard custom-font-enabled single-author"),
    "list": '<h2 class="comments-title">{count} thoughts on &ldquo;<span>{title}</span>&rdquo;</h2>\n'
    '<ol class="commentlist">{comments}</ol>\n',
    "comment": """<li class="comment {classes} depth-{depth}" id="li-comment-{cid}">
<article id="comment-{cid}" class="comment"><header class="comment-meta comment-author vcard">
<img alt='' src='https://0.gravatar.com/avatar/{cid}?s=44' class='avatar avatar-44 photo' />
<cite><b class="fn">{author}</b> </cite><a href="{url}#comment-{cid}">
<time datetime="{date}T1{h}:{m}0:00+00:00">
{long_date} at {h}:{m}0 pm</time></a></header><section class="comment-content comment">{text}</section>
<div class="reply"><a class='comment-reply-link' href='?replytocom={cid}#respond'>Reply</a></div>
</article>{children}</li>""",
    "children": '<ol class="children">{}</ol>',
}
THEMES = (HTML5, TEN, TWELVE)
LISTING = """<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">
<title>{title} &#8211; {name}</title><link rel="https://api.w.org/" href="https://{host}/wp-json/">
<meta name="generator" content="WordPress 6.{minor}">
{styles}</head><body class="{body_class} wp-embed-responsive hfeed"><div id="page" class="site">
<header id="masthead" class="site-header">
<p class="site-title"><a href="https://{host}/" rel="home">{name}</a></p>
<nav class="main-navigation"><ul>{menu}</ul></nav></header><div id="content" class="site-content">
<main id="main" class="site-main">{articles}<nav class="navigation pagination"><a class="next page-numbers"
href="{url}page/2/">Next page</a></nav></main>
<aside id="secondary" class="widget-area">{sidebar}</aside></div>
<footer class="site-footer">{scripts}</footer></div></body></html>
"""
EXCERPT = """<article id="post-{id}" class="post-{id} post type-post status-publish format-standard hentry">
<header class="entry-header"><h2 class="entry-title"><a href="{url}" rel="bookmark">{title}</a></h2></header>
<div class="entry-summary"><p>{excerpt} <a href="{url}" class="more-link">Continue reading</a></p></div>
<footer class="entry-footer"><span class="byline"><span class="author vcard"><a class="url fn n"
href="https://{host}/author/{login}/">{author}</a></span></span><span class="posted-on"><a href="{url}"
rel="bookmark"><time class="entry-date published" datetime="{date}T10:00:00+00:00">{long_date}</time></a>
</span><span class="comments-link"><a href="{url}#comments">Comments</a></span></footer></article>
"""
NEWS = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {name}</title>
<meta name="description" content="{title}"><meta property="og:type" content="article">
<link rel="canonical" href="{url}">{styles}</head><body class="article-page section-{section}">
<header class="masthead"><a class="logo" href="https://{host}/">{name}</a>
<nav class="sections"><ul>{menu}</ul>
</nav></header><main id="main"><article class="story" itemscope itemtype="https://schema.org/NewsArticle">
<h1 class="story-headline" itemprop="headline">{title}</h1><p class="story-byline">By <span itemprop="author">
{author}</span> <time itemprop="datePublished" datetime="{date}T07:30:00Z">{long_date}</time></p>
<figure class="lead"><img src="https://{host}/media/{id}/lead.jpg" alt=""></figure>
<div class="story-body" itemprop="articleBody">{body}</div></article>{discussion}
<aside class="related"><h2>More from {section}</h2>{sidebar}</aside></main>
<footer class="site-footer"><p>&copy; 2024 {name}</p></footer>{scripts}</body></html>
"""
NEWS_COMMENT = (
    '<li class="reader-comment"><span class="commenter-name">{author}</span> <span class="posted">'
    '{h} hours ago</span><div class="message">{text}</div></li>'
)
STATIC = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} - {name}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">{styles}</head>
<body class="page-{section}"><nav class="navbar"><a class="brand" href="/">{name}</a>
<ul class="nav">{menu}</ul></nav><div class="container">
<section class="hero"><h1>{title}</h1><p class="lead">{author}, {long_date}</p></section>
<section class="features">{body}</section>{discussion}<div class="row">{sidebar}</div></div>
<footer class="footer"><p>&copy; {name}</p></footer>{scripts}</body></html>
"""
DRUPAL = """<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8" />
<meta name="Generator" content="Drupal 9 (https://www.drupal.org)" /><link rel="canonical" href="{url}" />
<link rel="shortlink" href="https://{host}/node/{id}" /><title>{title} | {name}</title>{styles}</head>
<body class="path-node page-node-type-article"><div class="dialog-off-canvas-main-canvas">
<div class="layout-container"><header role="banner"><a href="/" rel="home" class="site-logo">{name}</a>
<nav role="navigation"><ul class="menu">{menu}</ul></nav></header><main role="main">
<a id="main-content" tabindex="-1"></a><div class="layout-content">
<article role="article" about="/node/{id}" class="node node--type-article node--view-mode-full">
<h1 class="page-title"><span class="field field--name-title">{title}</span></h1><div class="node__meta">
<span class="field field--name-uid">{author}</span> <span class="field--name-created">{long_date}</span></div>
<div class="node__content"><div class="text-formatted field field--name-body">{body}</div></div></article>
{discussion}</div><aside class="layout-sidebar-first" role="complementary">{sidebar}</aside></main>
<footer role="contentinfo"></footer></div></div>{scripts}</body></html>
"""
DRUPAL_COMMENT = (
    '<article role="article" data-comment-user-id="0" class="comment js-comment by-anonymous"><footer '
    'class="comment__meta"><p class="comment__author">{author}</p><p class="comment__time">{long_date}</p>'
    '</footer><div class="comment__content"><div class="field--name-comment-body">{text}</div></div>'
    "</article>"
)
NOT_FOUND = (
    '<!DOCTYPE html><html><head><title>Page not found</title>{styles}</head><body class="error404">'
    "<h1>Page not found</h1><p>Nothing was found at this location.</p>{sidebar}{scripts}</body></html>"
)
ROBOTS = "User-agent: *\nDisallow: /wp-admin/\nDisallow: /search\nSitemap: https://{host}/sitemap.xml\n"
FEED = (
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{name}</title>'
    "<link>https://{host}/</link>{items}</channel></rss>"
)
IMAGE_MAGIC = {
    "image/jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "image/png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "image/gif": b"GIF89a",
    "image/webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ",
}


def mix(*keys: int) -> int:
    """A well-spread number from the keys (FNV-style): the same keys always pick the same block."""
    h = 0x811C9DC5
    for key in keys:
        h = ((h ^ key) * 0x01000193) & 0xFFFFFFFF
    return h ^ (h >> 13)


@dataclass
class Pools:
    """Blocks made once per seed, that every page is assembled from."""

    paragraphs: list[str]
    short: list[str]  # titles, link texts
    comments: list[str]
    names: list[str]
    scripts: list[str]
    images: list[tuple[str, bytes]]
    assets: dict[str, list[bytes]]  # css / js bodies

    def pick(self, pool: list[T], *keys: int) -> T:
        """The block of ``pool`` that these keys choose, always the same one."""
        return pool[mix(*keys) % len(pool)]


def make_pools(seed: int) -> Pools:
    """The blocks for a seed: text made of make_pages.py's words and more, names, code, image bytes."""
    rng = random.Random(seed)
    words = WORDS + MORE_WORDS

    def sentence(low: int, high: int) -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(low, high))).capitalize()

    def text(sentences: int) -> str:
        return "<p>" + ". ".join(sentence(6, 18) for _ in range(sentences)) + ".</p>"

    def code(size: int, rule: str) -> str:
        return "".join(
            rule.format(w=rng.choice(words), n=rng.randint(0, 999)) for _ in range(size // len(rule))
        )

    images = []
    for i in range(64):
        kind = list(IMAGE_MAGIC)[i % len(IMAGE_MAGIC)]
        size = min(int(2500 * rng.lognormvariate(1.6, 1.0)), 250_000)
        images.append((kind, IMAGE_MAGIC[kind] + rng.randbytes(size)))
    return Pools(
        paragraphs=[text(rng.randint(3, 9)) for _ in range(900)],
        short=[sentence(3, 7) for _ in range(600)],
        comments=["".join(text(rng.randint(1, 4)) for _ in range(rng.randint(1, 3))) for _ in range(600)],
        names=[f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(120)],
        scripts=[f"<script>{code(rng.randint(1500, 9000), 'var {w}{n}=function(a){{return a+{n}}};')}"
                 "</script>" for _ in range(40)],
        images=images,
        assets={
            "text/css": [code(rng.randint(4000, 60000), ".{w}-{n}{{margin:{n}px;color:#{n}}}\n").encode()
                         for _ in range(24)],
            "application/javascript": [code(rng.randint(8000, 120000), "function {w}{n}(e){{return e*{n}}}")
                                       .encode() for _ in range(24)],
        },
    )  # fmt: skip


@dataclass(frozen=True)
class Site:
    """A host of the crawl: a blog or another site."""

    index: int
    host: str
    name: str


def sites(pools: Pools, count: int, salt: int, tld: str) -> list[Site]:
    """``count`` sites named from two words, each host numbered so it is its own."""
    found = []
    for i in range(count):
        name = " ".join(pools.pick(pools.short, salt, i).split()[:2]).title()
        found.append(Site(i, f"{name.lower().replace(' ', '')}{i}.example.{tld}", name))
    return found


def fields(pools: Pools, site: Site, n: int) -> dict:
    """What a post (or article) says, the same wherever it shows: its page, a listing, a redirect."""
    day = date.fromordinal(DAY_ONE + n * 9 + site.index % 9)
    title = pools.pick(pools.short, site.index, n)
    author = pools.pick(pools.names, site.index)
    slug = title.lower().replace(" ", "-")
    return dict(
        id=10 + n * 7 + site.index % 7, title=title, date=day.isoformat(), host=site.host, name=site.name,
        long_date=f"{day:%B} {day.day}, {day.year}", author=author, login=author.split()[0].lower(),
        url=f"https://{site.host}/{day:%Y/%m}/{slug}-{n}/", minor=site.index % 9, section=slug.split("-")[0],
    )  # fmt: skip


def chrome(pools: Pools, f: dict, widget: str, assets: str) -> dict:
    """Styles, menu, sidebar and inline scripts: the page's furniture, 5 to 50 KB of it."""
    key = mix(f["id"], len(f["host"]))
    host, short = f["host"], pools.short
    link = '<li><a href="https://{}/{}/">{}</a></li>'
    widgets = "".join(
        widget.format(pools.pick(short, key, w), "".join(link.format(host, i, pools.pick(short, key, w, i))
                                                         for i in range(8 + (key >> w) % 20)))
        for w in range(2 + key % 4)
    )  # fmt: skip
    return {
        "styles": "".join(
            f'<link rel="stylesheet" href="https://{host}{assets}s{i}.css?ver={key % 97}">'
            for i in range(4 + key % 14)
        ),  # fmt: skip
        "menu": "".join(link.format(host, f"page-{i}", pools.pick(short, 3, i)) for i in range(5 + key % 9)),
        "sidebar": widgets,
        "scripts": "".join(pools.pick(pools.scripts, key, i) for i in range(1 + (key >> 3) % 6)),
        "body": "".join(pools.pick(pools.paragraphs, key, i) for i in range(3 + (key >> 5) % 12)),
    }


def discussion(pools: Pools, theme: dict, f: dict, count: int) -> str:
    """``count`` comments in threads of one to four, replies two levels deep, a pingback on odd posts."""
    base, done, threads = f["id"] * 100, 0, []

    def one(c: int, depth: int, children: str = "") -> str:
        return theme["comment"].format(**{
            **f, "cid": c, "depth": depth, "classes": "odd alt" if c % 2 else "even", "children": children,
            "author": pools.pick(pools.names, c), "text": pools.pick(pools.comments, c), "h": c % 10,
            "m": c % 6,
        })  # fmt: skip

    while done < count:
        size = min(1 + mix(base, done) % 4, count - done)
        top, done = base + done + 1, done + size
        deep = theme["children"].format(one(top + 2, 3)) if size == 4 else ""
        replies = [one(top + 1, 2, deep)] if size >= 2 else []
        if size >= 3:
            replies.append(one(top + size - 1, 2))
        threads.append(one(top, 1, theme["children"].format("".join(replies)) if replies else ""))
    if f["id"] % 2 and threads:
        title, url = pools.pick(pools.short, f["id"]), f"https://elsewhere.example.net/{f['id']}/"
        threads.append(theme["ping"].format(cid=base + 99, ping_title=title, ping_url=url))
    if not threads:
        return ""
    return theme["list"].format(count=count + f["id"] % 2, comments="".join(threads), **f)
