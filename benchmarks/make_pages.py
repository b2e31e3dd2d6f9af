"""Write a synthetic wget mirror of a WordPress blog: typical single-post pages for benchmarks.

Each page is what a 2020s theme prints (html5 comment walker, Twenty Sixteen-like): a head with
styles, scripts and link tags, a header and menu, the post (eight paragraphs, categories and
tags), 20 comments threaded three deep with a pingback, the comment form, a sidebar (recent
posts and comments, archives, categories) and footer scripts: about 90 KB, in the range of the
real pages of shared/external/html (median 120 KB). Content is generated, reproducibly.

    python benchmarks/make_pages.py OUT_DIR --pages 2000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = [
    "lamp",
    "light",
    "keeper",
    "harbour",
    "storm",
    "rock",
    "tower",
    "glass",
    "lens",
    "brass",
    "oil",
    "wick",
    "night",
    "fog",
    "horn",
    "coast",
    "ship",
    "stair",
    "gallery",
    "log",
    "weather",
    "wind",
    "wave",
    "tide",
    "beacon",
    "signal",
    "island",
    "reef",
    "chart",
    "compass",
    "bell",
    "rope",
]
HEAD = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width">
<title>{title} &#8211; Bench Lights</title>
<link rel="canonical" href="{url}"><link rel="shortlink" href="https://bench.example.org/?p={id}">
<link rel="https://api.w.org/" href="https://bench.example.org/wp-json/">
<link rel="alternate" type="application/rss+xml" title="Bench Lights &raquo; Feed" href="https://bench.example.org/feed/">
<meta name="generator" content="WordPress 6.4.2">
{styles}
</head>
<body class="post-template-default single single-post postid-{id} single-format-standard">
<div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title">
<a href="https://bench.example.org/" rel="home">Bench Lights</a></p>
<nav class="main-navigation"><ul>{menu}</ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article id="post-{id}" class="post-{id} post type-post status-publish format-standard hentry category-lamps">
<header class="entry-header"><h1 class="entry-title">{title}</h1></header>
<div class="entry-meta"><span class="byline"><span class="author vcard"><a class="url fn n"
href="https://bench.example.org/author/eilidh/">Eilidh Mackay</a></span></span>
<time class="entry-date published" datetime="{date}T09:15:00+00:00">{date}</time></div>
<div class="entry-content">{body}</div>
<footer class="entry-footer"><a href="https://bench.example.org/category/lamps/" rel="category tag">Lamps</a>
<a href="https://bench.example.org/tag/fresnel/" rel="tag">fresnel</a></footer></article>
<div id="comments" class="comments-area">
<h2 class="comments-title">{count} thoughts on &ldquo;{title}&rdquo;</h2>
<ol class="comment-list">{comments}</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="https://bench.example.org/wp-comments-post.php" method="post" id="commentform">
<p class="comment-form-comment"><textarea id="comment" name="comment"></textarea></p>
<input type="hidden" name="comment_post_ID" value="{id}" id="comment_post_ID"></form></div></div>
</main><aside id="secondary" class="widget-area">{sidebar}</aside></div>
<footer class="site-footer">{scripts}</footer></div></body></html>
"""
COMMENT = """<li id="comment-{cid}" class="comment {classes} depth-{depth}">
<article id="div-comment-{cid}" class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard">
<img alt="" src="https://secure.gravatar.com/avatar/{cid}?s=42" class="avatar">
<b class="fn">{author}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="{url}#comment-{cid}">
<time datetime="{date}T1{h}:0{m}:00+00:00">{date}</time></a></div>
</footer><div class="comment-content">{text}</div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="#comment-{cid}" data-commentid="{cid}"
aria-label="Reply to {author}">Reply</a></div></article>{children}</li>"""


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."


def _comments(rng: random.Random, post_id: int, url: str, date: str) -> tuple[str, int]:
    """20 comments: 8 threads, replies two levels deep, one pingback."""
    base, cid, html = post_id * 100, 0, []
    for _thread in range(8):
        replies = []
        for _ in range(rng.choice((0, 1, 2, 3))):
            cid += 1
            deeper = ""
            if rng.random() < 0.4 and cid < 18:
                cid += 1
                deeper = f'<ol class="children">{_comment(rng, base + cid, 3, url, date, "")}</ol>'
            replies.append(_comment(rng, base + cid - (1 if deeper else 0), 2, url, date, deeper))
        cid += 1
        children = f'<ol class="children">{"".join(replies)}</ol>' if replies else ""
        html.append(_comment(rng, base + cid, 1, url, date, children))
    cid += 1
    html.append(
        f'<li id="comment-{base + cid}" class="pingback even thread-odd depth-1"><div class="comment-body">'
        f'Pingback: <a href="https://elsewhere.example.net/{post_id}/" class="url">A post elsewhere</a>'
        "</div></li>"
    )
    return "".join(html), cid


def _comment(rng: random.Random, cid: int, depth: int, url: str, date: str, children: str) -> str:
    author = rng.choice(("Morag Innes", "Peter Vance", "Siân Pritchard", "Ruth Allardyce", "Tom Penhallow"))
    text = "".join(f"<p>{_words(rng, rng.randint(12, 60))}</p>" for _ in range(rng.randint(1, 3)))
    classes = "odd alt" if cid % 2 else "even"
    return COMMENT.format(
        cid=cid, classes=classes, depth=depth, author=author, url=url, date=date, h=cid % 10, m=cid % 10,
        text=text, children=children,
    )  # fmt: skip


def page(post_id: int) -> str:
    rng = random.Random(post_id)
    title = _words(rng, 6)[:-1]
    slug = f"post-{post_id}"
    url = f"https://bench.example.org/2021/03/{slug}/"
    date = f"2021-03-{post_id % 28 + 1:02d}"
    comments, count = _comments(rng, post_id, url, date)
    styles = "".join(
        f'<link rel="stylesheet" href="https://bench.example.org/wp-content/s{i}.css">' for i in range(15)
    )
    menu = "".join(
        f'<li><a href="https://bench.example.org/page-{i}/">{_words(rng, 2)}</a></li>' for i in range(12)
    )
    sidebar = "".join(
        f'<section class="widget"><h2 class="widget-title">{_words(rng, 2)}</h2><ul>'
        + "".join(
            f'<li><a href="https://bench.example.org/{i}/">{_words(rng, 5)}</a></li>' for i in range(30)
        )
        + "</ul></section>"
        for _ in range(4)
    )
    scripts = "".join(f"<script>var w{i}={{a:'{_words(rng, 200)}'}};</script>" for i in range(8))
    body = "".join(f"<p>{_words(rng, rng.randint(60, 140))}</p>" for _ in range(8))
    return HEAD.format(
        id=post_id, title=title, url=url, date=date, styles=styles, menu=menu, body=body, count=count,
        comments=comments, sidebar=sidebar, scripts=scripts,
    )  # fmt: skip


def write_mirror(out: Path, pages: int, first_id: int = 1000) -> list[Path]:
    """``pages`` post pages under out/bench.example.org/2021/03/post-N/index.html."""
    written = []
    for post_id in range(first_id, first_id + pages):
        path = out / "bench.example.org" / "2021" / "03" / f"post-{post_id}" / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(post_id), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    written = write_mirror(args.out, args.pages)
    size = sum(p.stat().st_size for p in written)
    print(f"{len(written)} pages, {size / len(written) / 1024:.0f} KB on average, in {args.out}")


if __name__ == "__main__":
    main()


def comment_heavy(comments: int) -> bytes:
    """One post page with ``comments`` top-level comments (html5 walker): the per-comment cost."""
    items = "".join(
        f'<li id="comment-{i}" class="comment depth-1"><article id="div-comment-{i}" class="comment-body">'
        f'<footer class="comment-meta"><div class="comment-author vcard"><b class="fn">Reader {i}</b></div>'
        f'<div class="comment-metadata"><a href="#comment-{i}"><time datetime="2020-01-01T10:00:00+00:00">'
        f'1 January 2020</time></a></div></footer><div class="comment-content"><p>Comment {i}.</p></div>'
        "</article></li>"
        for i in range(1, comments + 1)
    )
    return (
        "<!DOCTYPE html><html><head><title>Many</title>"
        '<link rel="canonical" href="https://bench.example.org/many/"></head>'
        '<body class="single postid-5"><article id="post-5"><h1 class="entry-title">Many</h1>'
        '<div class="entry-content"><p>Body.</p></div></article>'
        f'<div id="comments"><ol class="comment-list">{items}</ol></div></body></html>'
    ).encode()


def deeply_nested(levels: int) -> bytes:
    """A reply chain ``levels`` deep, nested as the walker nests it (li > div + ul.children > li …)."""
    opens = "".join(
        f'<li id="comment-{i}" class="comment depth-{i}"><div class="comment-body">'
        f'<cite class="fn">R{i}</cite><p>Reply {i}</p></div><ul class="children">'
        for i in range(1, levels + 1)
    )
    return (
        '<!DOCTYPE html><html><head><title>Deep</title></head><body class="single postid-5">'
        '<article id="post-5"><h1 class="entry-title">Deep</h1>'
        '<div class="entry-content"><p>Body.</p></div></article>'
        f'<ol class="commentlist">{opens}{"</ul></li>" * levels}</ol></body></html>'
    ).encode()
