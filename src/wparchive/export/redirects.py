"""``--format redirects``: every URL a post was reachable at, mapped to its path in the new site.

Old links are what a migration breaks first (peers.md, request 9: "old URLs break"). The sources,
per published post and page (what a reader could reach):

- the permalink (``posts.url``);
- the shortlink WordPress answers for any post, ``/?p=ID`` (``/?page_id=ID`` for pages too);
- the GUID when it is another URL, typically ``http://host/?p=ID`` of an earlier host or id;
- the permalink it had under each earlier slug and date WordPress kept (``_wp_old_slug``,
  ``_wp_old_date``: WordPress's own ``wp_old_slug_redirect`` answers these), built by putting the
  old slug and date into the current permalink, so ``/2020/04/old-name/`` follows the blog's pattern;
- attachment pages (permalink and ``?attachment_id=ID``), sent to the post they belong to.

The new path is ``NEW_PATHS`` (the static exports import it) filled with the slug the static
exports give the post (``slugs.SiteNames``: decoded, readable, unique per site), under the site's own
path (a blog at ``host/blog`` keeps its place). A URL two posts claim goes to the first
(permalink before shortlink before GUID before old slug); a redirect to itself, from the site's
home, or from a path a new page will occupy is never written. Files (``redirect_files``): Apache
rewrite rules, Netlify ``_redirects``, Hugo aliases and a CSV of full URLs in OUT, or in a folder per
site when the archive holds several; nginx maps for every site in one ``OUT/nginx.conf`` (nginx sizes
its maps once for all).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlsplit, urlunsplit

import sqlite_utils

from wparchive.export.base import ExportError, ExportJob, Written
from wparchive.export.redirect_files import (
    QUERY_KEYS,
    OldUrl,
    Redirect,
    SiteRedirects,
    decoded,
    nginx_conf,
    write_site_files,
)
from wparchive.export.slugs import SiteNames, site_folders
from wparchive.model import PostRecord
from wparchive.store.read_rows import iter_old_urls, iter_post_names, site_url

# Where a post lives in the new site, relative to the site's home (the static exporters' layout).
NEW_PATHS = {"post": "/posts/{slug}/", "page": "/{slug}/"}
# When two posts claim one old URL, the more direct evidence wins.
PRIORITY = {"permalink": 0, "shortlink": 1, "guid": 2, "old_slug": 3, "old_date": 3, "attachment": 4}
DIGITS = re.compile(r"[0-9]{1,19}")
EXTENSION = re.compile(r"\.[a-z0-9]{1,5}")  # permalinks such as /%year%/%postname%.html
DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
PUBLISHED = ("publish",)


def new_path(post_type: str | None, slug: str) -> str | None:
    """The post's path in the new site (``/posts/<slug>/``), percent-encoded; None for a type the
    static exports give no page. ``slug`` is the static exports' name for it (``slugs.SiteNames``)."""
    pattern = NEW_PATHS.get(post_type or "")
    return pattern.format(slug=quote(slug, safe="")) if pattern else None


def site_slugs(db: sqlite_utils.Database, site_id: int) -> dict[int, str]:
    """Post row id -> the slug the static exports give it: ``SiteNames`` over the site's posts and
    pages in row id order, as they read them, so "-2" goes to the same one of two equal slugs."""
    names = SiteNames()
    return {
        row["id"]: names.slug_for(
            PostRecord(row["wp_id"], row["post_type"], slug=row["slug"], title=row["title"])
        )
        for row in iter_post_names(db, site_id)
        if row["post_type"] in NEW_PATHS
    }


def parse_old_url(url: str | None) -> OldUrl | None:
    """An http(s) URL as a redirect source; None when a server could not match it (another scheme,
    no host, a query other than one ``p``/``page_id``/``attachment_id`` number)."""
    try:
        parts = urlsplit((url or "").strip())
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    query = None
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        if len(pairs) != 1 or pairs[0][0] not in QUERY_KEYS or not DIGITS.fullmatch(pairs[0][1]):
            return None
        query = pairs[0]
    return OldUrl(urlunsplit(parts._replace(fragment="")), host, decoded(parts.path or "/"), query)


def old_permalink(
    url: str | None, slug: str, date: str | None, old_slug: str, old_date: str | None
) -> str | None:
    """The permalink with ``old_slug`` for its slug and ``old_date`` (YYYY-MM-DD) for its date, in the
    permalink's own pattern; None when the permalink does not show the slug (or the date to change)."""
    parts = urlsplit(url or "")
    segments = parts.path.split("/")
    found = [(i, suffix) for i, s in enumerate(segments) if (suffix := _after_slug(s, slug)) is not None]
    if parts.query or not found or not old_slug.strip():
        return None
    at, suffix = found[-1]
    segments[at] = quote(unquote_to_bytes(old_slug.strip()), safe="") + suffix
    if old_date is not None and not _replace_date(segments, at, date, old_date):
        return None
    return urlunsplit(parts._replace(path="/".join(segments), fragment=""))


def _after_slug(segment: str, slug: str) -> str | None:
    """What follows the slug in a permalink's segment: "" or an extension (``name.html``); None
    when the segment is not the slug. Compared decoded: ``%E8`` and ``%e8`` are the same."""
    have, wanted = decoded(segment).lower(), decoded(slug).lower()
    if not wanted or not have.startswith(wanted):
        return None
    rest = have[len(wanted) :]
    if rest and not EXTENSION.fullmatch(rest):
        return None
    return segment[len(segment) - len(rest) :]


def _replace_date(segments: list[str], before: int, date: str | None, old_date: str) -> bool:
    """Put ``old_date``'s year, month and day where the permalink shows ``date``'s (in place)."""
    now, then = DATE.match(date or ""), DATE.match(old_date.strip())
    if not now or not then:
        return False
    changed = False
    start = 0
    for current, earlier in zip(now.groups(), then.groups(), strict=True):
        if current in segments[start:before]:
            index = segments.index(current, start, before)
            segments[index], start, changed = earlier, index + 1, True
        else:
            break  # month only counts after the year, day after the month
    return changed


def _sources(row: dict[str, Any], home: str) -> Iterator[tuple[str, str | None]]:
    """(kind, URL) of every address the post had."""
    wp_id, post_type = row["wp_id"], row["post_type"]
    if post_type == "attachment":
        yield "attachment", row["url"]
        if wp_id is not None:
            yield "attachment", f"{home}/?attachment_id={wp_id}"
        return
    yield "permalink", row["url"]
    if wp_id is not None:
        yield "shortlink", f"{home}/?p={wp_id}"
        if post_type == "page":
            yield "shortlink", f"{home}/?page_id={wp_id}"
    if row["guid"] != row["url"]:
        yield "guid", row["guid"]
    slug, date = row["slug"] or "", row["published_local"]
    # WordPress stores an empty old slug when a post that had none (a draft) is given one.
    old_slugs = [value.strip() for value in row["old_slugs"] if value and value.strip()]
    old_dates = [value.strip() for value in row["old_dates"] if value and value.strip()]
    for old_slug in old_slugs:
        for old_date in [None, *old_dates]:
            yield "old_slug", old_permalink(row["url"], slug, date, old_slug, old_date)
    for old_date in old_dates:
        yield "old_date", old_permalink(row["url"], slug, date, slug, old_date)


def _public(row: dict[str, Any]) -> bool:
    """Could a reader reach it: a published post or page, or an attachment of one (drafts, private
    posts and earlier copies of a repeated post never had a public URL)."""
    if row["superseded"]:
        return False
    if row["post_type"] == "attachment":
        return row["status"] in ("inherit", *PUBLISHED) and row["parent_status"] in PUBLISHED
    return row["post_type"] in NEW_PATHS and row["status"] in PUBLISHED


def _target(row: dict[str, Any], slugs: dict[int, str]) -> str | None:
    """The new path of a post or page, or of the post an attachment belongs to."""
    if row["post_type"] == "attachment":
        slug = slugs.get(row["parent_id"])
        return new_path(row["parent_type"], slug) if slug else None
    return new_path(row["post_type"], slugs[row["id"]])


def collect(job: ExportJob, site_id: int) -> SiteRedirects:
    """Every redirect of the site, deduplicated, first claim first; what was left out, by reason."""
    home = site_url(job.db, site_id).rstrip("/")
    prefix = urlsplit(home).path.rstrip("/")
    skipped: Counter[str] = Counter()
    candidates: list[tuple[int, int, str, OldUrl, str]] = []
    new_paths: set[str] = set()
    slugs = site_slugs(job.db, site_id)
    for row in iter_old_urls(job.db, site_id):
        job.advance(1)
        target = _target(row, slugs) if _public(row) else None
        if target is None:
            continue
        new_paths.add(decoded(prefix + target).rstrip("/"))
        for kind, url in _sources(row, home):
            old = parse_old_url(url)
            if old is not None:
                candidates.append((PRIORITY[kind], row["id"], kind, old, prefix + target))
            elif kind in ("old_slug", "old_date"):
                skipped["old slugs or dates the permalink does not show"] += 1
            elif url:
                skipped[f"{kind} URLs no server can match"] += 1
    candidates.sort(key=lambda c: c[:2])
    return SiteRedirects(home, _deduplicated(candidates, home, new_paths, skipped), skipped)


def _deduplicated(
    candidates: list[tuple[int, int, str, OldUrl, str]], home: str, new_paths: set[str], skipped: Counter[str]
) -> list[Redirect]:
    site_host = (urlsplit(home).hostname or "").removeprefix("www.")
    root = decoded(urlsplit(home).path).rstrip("/")
    claimed: dict[tuple[str, str, tuple[str, str] | None], str] = {}
    redirects: list[Redirect] = []
    for _, post_id, kind, old, target in candidates:
        same_host = old.host == site_host
        if old.query is None:
            path = old.path.rstrip("/")
            if path == decoded(target).rstrip("/"):
                continue  # already where it will be
            if same_host and path == root:
                skipped["URLs of the site's home page (left to the new site)"] += 1
                continue
            if same_host and path in new_paths:
                skipped["old URLs that are a new page's path"] += 1
                continue
        key = ("" if same_host else old.host, old.path, old.query)
        if key in claimed:
            skipped["old URLs two posts claim (the first keeps it)"] += claimed[key] != target
            continue
        claimed[key] = target
        redirects.append(Redirect(old, target, kind, post_id, same_host))
    return redirects


def _folders(job: ExportJob) -> dict[int, Path]:
    """OUT for one site; OUT/<host> for each of several, named as the other exports name theirs."""
    if job.out.exists() and not job.out.is_dir():
        raise ExportError(f"{job.out} exists and is not a folder")
    return site_folders(job.out, {site_id: site_url(job.db, site_id) for site_id in job.site_ids})


def write(job: ExportJob) -> Written:
    written = Written()
    folders = _folders(job)
    job.out.mkdir(parents=True, exist_ok=True)
    sites = []
    for site_id, folder in folders.items():
        site = collect(job, site_id)
        folder.mkdir(parents=True, exist_ok=True)
        written.files += write_site_files(folder, site)
        written.posts += len({r.post_id for r in site.redirects})
        written.notes.append(_summary(site))
        sites.append((site, "wparchive" if len(folders) == 1 else f"wparchive_{site_id}"))
    nginx = job.out / "nginx.conf"
    nginx.write_text(nginx_conf(sites), encoding="utf-8", newline="\n")
    written.files.append(nginx)
    return written


def _summary(site: SiteRedirects) -> str:
    """One line for the report: redirects by kind, and what was left out and why."""
    kinds = Counter(r.kind for r in site.redirects)
    by_kind = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items(), key=lambda kv: PRIORITY[kv[0]]))
    line = f"{site.home}: {len(site.redirects)} redirects ({by_kind or 'none'})"
    other_hosts = sum(not r.same_host for r in site.redirects)
    if other_hosts:
        line += f"; {other_hosts} from other hosts, in redirects.csv only"
    left_out = [f"{reason} {n}" for reason, n in site.skipped.items() if n]
    return line + ("; left out: " + ", ".join(left_out) if left_out else "")
