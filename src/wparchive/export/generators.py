"""Where each static-site generator wants its files, and the minimal site that renders them.

The four formats write the same Markdown and the same comment threads; they differ in folders,
front-matter conventions and templates, which are this module's table (``GENERATORS``). Templates
are package data files under ``export/templates/<generator>/`` (real HTML, Go-template, Liquid and
Nunjucks files a user can read and edit, copied as they are); the site's configuration is
generated, with PyYAML, since it holds the blog's title and URL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from wparchive.model import SiteRecord


@dataclass(frozen=True)
class Generator:
    name: str
    post_dir: str  # posts, relative to the site folder
    page_dir: str  # pages ("" = the site folder itself)
    data_dir: str  # one comment thread per post
    data_suffix: str  # ".json" or ".yml"
    aliases_key: str  # the old paths: Hugo "aliases", jekyll-redirect-from "redirect_from"
    summary_key: str  # the excerpt: Hugo "summary", Jekyll and Eleventy "excerpt"
    draft_dir: str | None = None  # Jekyll keeps unpublished posts in _drafts/
    dated_names: bool = False  # Jekyll's _posts/YYYY-MM-DD-slug.md
    has_site: bool = True  # write templates and a configuration


GENERATORS = {
    "markdown": Generator("markdown", "posts", "pages", "comments", ".json", "aliases", "excerpt",
                          has_site=False),
    "hugo": Generator("hugo", "content/posts", "content", "data/comments", ".json", "aliases", "summary"),
    "jekyll": Generator("jekyll", "_posts", "", "_data/comments", ".json", "redirect_from", "excerpt",
                        draft_dir="_drafts", dated_names=True),
    "eleventy": Generator("eleventy", "posts", "", "_data/comments", ".json", "redirect_from", "excerpt"),
}  # fmt: skip


_YAML12_NUMBER = re.compile(
    r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+|0o[0-7]+|[-+]?\.[0-9]+"
)
_TAG = "tag:yaml.org,2002:"
_Representer: Any = object  # PyYAML's classes come after this one (below)


class _Quick(_Representer):
    """PyYAML's representer, quicker for what front matter and threads hold, to the same nodes: a
    string, integer, boolean or None becomes its scalar node at once (PyYAML asks of every value
    whether it may be an alias, then which function represents its type)."""

    def represent_data(self, data: Any) -> Any:
        kind = type(data)
        if kind is str:
            style = "'" if _YAML12_NUMBER.fullmatch(data) else self.default_style
            node = yaml.ScalarNode(_TAG + "str", data, style=style)
        elif kind is int:
            node = yaml.ScalarNode(_TAG + "int", str(data), style=self.default_style)
        elif kind is bool:
            node = yaml.ScalarNode(_TAG + "bool", "true" if data else "false", style=self.default_style)
        elif data is None:
            node = yaml.ScalarNode(_TAG + "null", "null", style=self.default_style)
        else:
            return super().represent_data(data)
        self.alias_key = None  # as PyYAML leaves it after a scalar (never an alias)
        return node


class _Dumper(_Quick, yaml.SafeDumper):
    """PyYAML quotes what YAML 1.1 would misread; Hugo's and Eleventy's parsers follow YAML 1.2,
    which also reads ``1e3`` and ``0o17`` as numbers, so those are quoted too (``_string``)."""


# libyaml's emitter when PyYAML has it: the same YAML, five times faster (a third of an export's
# time went to the Python one); it escapes emoji (``\U0001F600``), so such values take the slow one.
class _FastDumper(_Quick, getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """A string, quoted when YAML 1.2 would read a number (``_Quick`` does the same, quicker)."""
    style = "'" if _YAML12_NUMBER.fullmatch(value) else None
    return dumper.represent_scalar(_TAG + "str", value, style=style)


_Dumper.add_representer(str, _string)
_FastDumper.add_representer(str, _string)


def dump_yaml(value: Any, readable: bool = True) -> str:
    """YAML that every generator's parser reads back as written (quoted where a YAML 1.1 or 1.2
    parser would read a number, a date or a boolean); never folded, so a long title stays whole.
    ``readable``: emoji as themselves, for files people edit (front matter), not data files."""
    options: dict[str, Any] = {"sort_keys": False, "allow_unicode": True, "width": 2**31 - 1}
    text = yaml.dump(value, Dumper=_FastDumper, **options)
    if readable and "\\U" in text:
        text = yaml.dump(value, Dumper=_Dumper, **options)
    return text


def write_site(generator: Generator, folder: Path, site: SiteRecord) -> list[Path]:
    """The templates and the configuration of a generator's site in ``folder``; what was written."""
    if not generator.has_site:
        return []
    templates = resources.files("wparchive.export") / "templates"
    written = _copy_tree(templates / generator.name, folder)
    # One stylesheet for the three generators, put where each one's templates include it from.
    style = folder / STYLE_PATHS[generator.name]
    style.parent.mkdir(parents=True, exist_ok=True)
    style.write_text((templates / "style.html").read_text(encoding="utf-8"), encoding="utf-8")
    written.append(style)
    config_name, config = CONFIGS[generator.name](site)
    path = folder / config_name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        text = json.dumps(config, indent=2, ensure_ascii=False) + "\n"
    else:
        text = CONFIG_HEADERS.get(generator.name, CONFIG_HEADER) + dump_yaml(config)
    path.write_text(text, encoding="utf-8")
    return [*written, path]


STYLE_PATHS = {
    "hugo": "layouts/partials/style.html",
    "jekyll": "_includes/style.html",
    "eleventy": "_includes/style.html",
}
CONFIG_HEADER = "# Written by wparchive export; edit freely.\n"
CONFIG_HEADERS = {
    "jekyll": CONFIG_HEADER
    + "# Each post's old addresses are in its redirect_from: add jekyll-redirect-from to\n"
    "# plugins (and to a Gemfile) to serve them as redirects.\n",
}


def _copy_tree(source: Traversable, target: Path) -> list[Path]:
    written = []
    for entry in source.iterdir():
        destination = target / entry.name
        if entry.is_dir():
            written += _copy_tree(entry, destination)
        elif not entry.name.endswith(".pyc"):
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(entry.read_bytes())
            written.append(destination)
    return written


def _home(site: SiteRecord) -> tuple[str, str]:
    """The site's origin (``https://host``) and its own path (``/blog``, or "")."""
    url = site.base_blog_url or site.url
    parts = urlsplit(url if "://" in url else "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""
    return origin, parts.path.rstrip("/")


def _hugo(site: SiteRecord) -> tuple[str, dict[str, Any]]:
    origin, path = _home(site)
    return "config.yaml", {
        "baseURL": f"{origin}{path}/" if origin else "/",
        "title": site.title or site.url,
        "languageCode": (site.language or "en").lower(),
        "params": {"description": site.description or ""},
        "paginate": 20,
        # Embeds (iframes), complex tables and figures are kept as HTML in the Markdown.
        "markup": {"goldmark": {"renderer": {"unsafe": True}}},
    }


def _jekyll(site: SiteRecord) -> tuple[str, dict[str, Any]]:
    origin, path = _home(site)
    return "_config.yml", {
        "title": site.title or site.url,
        "description": site.description or "",
        "url": origin,
        "baseurl": path,
        "lang": site.language or "en",
        "markdown": "kramdown",
        "kramdown": {"input": "GFM", "hard_wrap": False},
        "excerpt_separator": "<!--more-->",
        "plugins": [],
        "exclude": ["media.json"],
        "defaults": [
            {"scope": {"path": "", "type": "posts"}, "values": {"layout": "post"}},
            {"scope": {"path": "", "type": "pages"}, "values": {"layout": "page"}},
        ],
    }


def _eleventy(site: SiteRecord) -> tuple[str, dict[str, Any]]:
    origin, path = _home(site)
    # Eleventy's global data (its configuration is the JavaScript file among the templates).
    return "_data/site.json", {
        "title": site.title or site.url,
        "description": site.description or "",
        "url": origin + path,
        "language": site.language or "en",
    }


CONFIGS = {"hugo": _hugo, "jekyll": _jekyll, "eleventy": _eleventy}
