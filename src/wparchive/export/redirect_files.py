"""The redirect map of one site, written for nginx, Apache, Netlify, Hugo and as CSV.

Nothing from the archive may become config syntax: a slug or URL can hold spaces, quotes, ``$``,
``%``, newlines. So every value is written in a form its reader takes literally:

- nginx: quoted strings with ``\\`` and ``"`` escaped; map keys are never expanded, and the values
  are new paths, percent-encoded, so they hold no ``$``;
- Apache: regexes of ASCII letters, digits and ``/_-~`` with every other byte as ``\\xHH``, so a
  pattern holds no space or quote; substitutions escape ``%`` (``\\%``, else ``%2`` would be a
  back-reference) and carry ``NE`` so the encoded path is not encoded twice;
- Netlify and Hugo: percent-encoded (Netlify splits on spaces) or decoded paths (Hugo writes files);
- a path holding a control character (a decoded ``%0A``) or bytes that are not UTF-8 is left out of
  every config (no real link has one) and kept in the CSV, as are URLs of other hosts.

Paths are matched decoded, as nginx's ``$uri`` and Apache's ``REQUEST_URI`` are.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes, urlsplit

# A decoded path with one of these never goes into a config or a file name.
UNSAFE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
QUERY_KEYS = ("p", "page_id", "attachment_id")  # WordPress answers /?p=ID, /?page_id=ID, ...
APACHE_LITERAL = re.compile(r"[A-Za-z0-9/_~-]")


@dataclass(frozen=True)
class OldUrl:
    url: str  # the full URL, as the old site had it (fragment dropped: it never reaches a server)
    host: str  # lower case, without www.
    path: str  # decoded, as nginx ($uri) and Apache (REQUEST_URI) match it; bad UTF-8 kept as surrogates
    query: tuple[str, str] | None  # ("p", "123") for /?p=123


@dataclass(frozen=True)
class Redirect:
    old: OldUrl
    new_path: str  # percent-encoded, on the site's host (the site's own path included)
    kind: str  # permalink, shortlink, guid, old_slug, old_date, attachment
    post_id: int  # archive row id (posts.id)
    same_host: bool  # served by the site's host, so it belongs in its server configs

    @property
    def in_config(self) -> bool:
        """On the site's host, and no control character or undecodable byte in its path."""
        return self.same_host and not UNSAFE.search(self.old.path)


@dataclass
class SiteRedirects:
    home: str  # sites.url, without a trailing slash
    redirects: list[Redirect]
    skipped: Counter[str]

    @property
    def prefix(self) -> str:
        """The site's own path (``/blog`` for ``http://host/blog``), encoded; '' at the host's root."""
        return urlsplit(self.home).path.rstrip("/")


def decoded(path: str) -> str:
    """A path as a server matches it: percent-decoded UTF-8 (other bytes kept as surrogates)."""
    return unquote_to_bytes(path).decode("utf-8", "surrogateescape")


def _comment(text: str) -> str:
    """A value shown in a comment line, on one line whatever it holds."""
    return UNSAFE.sub("?", text)


def _config_lines(site: SiteRedirects) -> tuple[list[Redirect], list[Redirect]]:
    """The redirects a server config holds: by path, and by query (/?p=ID)."""
    usable = [r for r in site.redirects if r.in_config]
    return [r for r in usable if r.old.query is None], [r for r in usable if r.old.query is not None]


def nginx_string(value: str) -> str:
    """A quoted nginx string whose characters are all literal (no line break reaches here)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _nginx_maps(site: SiteRedirects, name: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(source, variable, entries) of the site's maps: /?p=, /?page_id=, /?attachment_id=, paths."""
    by_path, by_query = _config_lines(site)
    maps = []
    for key in QUERY_KEYS:
        entries = [
            (f"{r.old.path}?{key}={query[1]}", r.new_path)
            for r in by_query
            if (query := r.old.query) and query[0] == key
        ]
        maps.append((f'"$uri?{key}=$arg_{key}"', f"${name}_{key}", entries))
    maps.append(("$uri", f"${name}_redirect", [(r.old.path, r.new_path) for r in by_path]))
    return maps


def nginx_conf(sites: list[tuple[SiteRedirects, str]]) -> str:
    """Maps for the http {} block, every site's in one file (nginx sets map sizes once); each site's
    path map falls back, by its default, to its query maps. ``str`` of a site names its variables."""
    maps = {name: _nginx_maps(site, name) for site, name in sites}
    lines = [
        "# Redirects from old WordPress URLs, written by wparchive: nginx maps.",
        "# Include this file inside http { }, before any other map (nginx fixes map sizes at the first),",
        "# then add the line under each site's URL to that site's server { }.",
        "# Keys are decoded paths, as nginx matches $uri; /?p=ID URLs are matched by path and number.",
    ]
    for site, name in sites:
        lines += [
            f"# {_comment(site.home)}",
            f"#     if (${name}_redirect) {{ return 301 ${name}_redirect; }}",
        ]
    lines += _nginx_hash_sizes([entries for site_maps in maps.values() for _, _, entries in site_maps])
    for site_maps in maps.values():
        fallback = '""'
        for source, variable, entries in site_maps:
            lines += [f"map {source} {variable} {{", f"    default {fallback};"]
            lines += [f"    {nginx_string(old)} {nginx_string(new)};" for old, new in entries]
            lines.append("}")
            fallback = variable
    return "\n".join(lines) + "\n"


def _nginx_hash_sizes(maps: list[list[tuple[str, str]]]) -> list[str]:
    """The map hash sizes these keys need, where nginx's defaults (64-byte buckets, 2048 of them)
    are too small: it refuses to start on one long permalink ("could not build map_hash"), and
    warns when buckets hold a single key each (measured on the real blogs: two long keys a bucket
    and four buckets a key build without a warning)."""
    longest = max((len(old.encode("utf-8")) for entries in maps for old, _ in entries), default=0)
    needed = 2 * (16 + -(-(longest + 2) // 8) * 8)  # nginx: pointer + key + 2, aligned; end mark
    bucket = 64
    while bucket < needed:
        bucket *= 2
    buckets = 2048
    while buckets < 4 * max((len(entries) for entries in maps), default=0):
        buckets *= 2
    lines = [f"map_hash_bucket_size {bucket};"] * (bucket > 64)
    lines += [f"map_hash_max_size {buckets};"] * (buckets > 2048)
    if lines:
        lines.insert(
            0, "# Map sizes for these keys (where your http { } sets them already, keep the largest)."
        )
    return lines


def apache_regex(path: str) -> str:
    """``^/path$`` with every byte that is not a plain letter, digit or ``/_-~`` as ``\\xHH`` (a dot
    as ``\\.``): the pattern holds no space, quote or other character Apache's parser reads."""
    out = []
    for byte in path.encode("utf-8", "surrogateescape"):
        char = chr(byte)
        if APACHE_LITERAL.fullmatch(char):
            out.append(char)
        else:
            out.append("\\." if char == "." else f"\\x{byte:02x}")
    return "^" + "".join(out) + "$"


def apache_substitution(new_path: str) -> str:
    """A RewriteRule target taken literally: ``%`` and ``$`` would start a back-reference."""
    return new_path.replace("\\", "%5C").replace("%", "\\%").replace("$", "\\$")


def apache_htaccess(site: SiteRedirects) -> str:
    by_path, by_query = _config_lines(site)
    lines = [
        f"# Redirects from the old WordPress URLs of {_comment(site.home)}, written by wparchive.",
        "# Needs mod_rewrite; put these lines before WordPress's own rules (# BEGIN WordPress).",
        "RewriteEngine On",
    ]
    for r in by_path:
        lines.append(f"RewriteCond %{{REQUEST_URI}} {apache_regex(r.old.path)}")
        lines.append(f"RewriteRule ^ {apache_substitution(r.new_path)} [R=301,L,NE]")
    for r in by_query:
        assert r.old.query is not None
        key, number = r.old.query
        lines.append(f"RewriteCond %{{REQUEST_URI}} {apache_regex(r.old.path)}")
        lines.append(f"RewriteCond %{{QUERY_STRING}} (?:^|&){key}={number}(?:&|$)")
        # QSD: the old query (?p=123) is not carried to the new page.
        lines.append(f"RewriteRule ^ {apache_substitution(r.new_path)} [R=301,L,NE,QSD]")
    return "\n".join(lines) + "\n"


def encoded(path: str) -> str:
    return quote(path.encode("utf-8", "surrogateescape"), safe="/")


def netlify_redirects(site: SiteRedirects) -> str:
    """``from [key=value] to 301``; query rules are forced (``301!``): ``/`` exists in the new site."""
    by_path, by_query = _config_lines(site)
    lines = [f"# Redirects from the old WordPress URLs of {_comment(site.home)}, written by wparchive."]
    seen: set[str] = set()  # Netlify matches /a and /a/ alike: the first rule of the two is kept
    for r in by_path:
        source = encoded(r.old.path)
        if source.rstrip("/") not in seen:
            seen.add(source.rstrip("/"))
            lines.append(f"{source} {r.new_path} 301")
    for r in by_query:
        assert r.old.query is not None
        lines.append(f"{encoded(r.old.path)} {r.old.query[0]}={r.old.query[1]} {r.new_path} 301!")
    return "\n".join(lines) + "\n"


def hugo_aliases(site: SiteRedirects) -> dict[str, list[str]]:
    """New path -> its aliases, both relative to the site's home (Hugo's ``aliases`` front matter,
    decoded: Hugo writes a file at each); query URLs cannot be aliases, nor paths outside the blog."""
    prefix = decoded(site.prefix)
    aliases: dict[str, list[str]] = {}
    for r in _config_lines(site)[0]:
        if r.old.path.startswith(prefix + "/"):
            key = decoded(r.new_path[len(site.prefix) :])  # the page's own path, as Hugo gives it
            aliases.setdefault(key, []).append(r.old.path[len(prefix) :])
    return aliases


def write_csv(path: Path, site: SiteRedirects) -> None:
    """Every redirect, as full URLs (other hosts included), RFC 4180."""
    origin = urlsplit(site.home)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["old_url", "new_url", "kind", "post_id"])
        for r in site.redirects:
            writer.writerow([r.old.url, f"{origin.scheme}://{origin.netloc}{r.new_path}", r.kind, r.post_id])


def write_site_files(folder: Path, site: SiteRedirects) -> list[Path]:
    """The files of one site in ``folder``, all but nginx's (one file for every site: ``nginx_conf``)."""
    texts = {
        "apache.htaccess": apache_htaccess(site),
        "_redirects": netlify_redirects(site),
        "hugo-aliases.json": json.dumps(hugo_aliases(site), indent=2, ensure_ascii=False) + "\n",
    }
    for file_name, text in texts.items():
        (folder / file_name).write_text(text, encoding="utf-8", newline="\n")
    write_csv(folder / "redirects.csv", site)
    return [folder / name for name in [*texts, "redirects.csv"]]
