#!/usr/bin/env python3
"""Write a large, realistic, synthetic WordPress WXR 1.2 export (benchmark input).

Usage::

    python benchmarks/make_wxr.py OUT.xml --size-mb 100 [--seed 1]

or, as a module::

    from make_wxr import write_wxr
    counts = write_wxr(Path("/tmp/big.xml"), 100, seed=1)

Standard library only.  The document is streamed: each ``<item>`` is built as
one string, encoded and written in ~1 MiB chunks, so memory use does not grow
with the requested size (only small per-post registries are kept, e.g. the
permalinks used for same-site pingbacks).

Sizes: 1 MB = 1,000,000 bytes.  The header (authors, 40 categories, 300 tags,
terms) is always written; items are then added until the next one would take
the file past the target, and that last item is kept only if doing so lands
closer to the target.  The final size therefore differs from the target by at
most half an item (a few kB), i.e. well within 1% for targets of 1 MB and up.
The returned/printed ``bytes`` is the exact size of the file.

Output is fully determined by ``seed`` and ``size_mb`` (no wall-clock, no
hash-order dependence).  Dates are spread monotonically over 2005-2024 across
the items of the file, whatever its size.

What is in the file (WXR 1.2 as written by WordPress, shape modelled on a real
export): channel header with ``wp:wxr_version``, ``wp:base_site_url``,
``wp:base_blog_url``; 12 ``wp:author``; 40 nested ``wp:category`` (parents
before children, ``wp:category_parent`` = parent slug, a few ``wp:termmeta``);
300 ``wp:tag``; ``wp:term`` for the nav menu and post formats.  Items are ~85%
posts (mostly ``publish``; a few ``draft`` with zero GMT date, ``private``,
``pending``, ``trash``), plus pages (nested), attachments (with
``wp:attachment_url`` and serialized ``_wp_attachment_metadata``) and
``nav_menu_item``s.  Post bodies have 2-12 blocks of pseudo-English prose in
HTML: ``<p>``, bare autop paragraphs, Gutenberg block comments, ``<a href>``,
``<strong>``/``<em>``/``<code>``, lists, headings, blockquotes, ``[caption]``
shortcodes, ``<pre><code>`` blocks, non-ASCII text, and occasional ``]]>``
(written with the WXR 1.2 ``]]]]><![CDATA[>`` CDATA split).  Each post has 3-8
``wp:postmeta`` (some PHP-serialized) and 0-40 ``wp:comment`` (mean ~8):
threads up to depth 6 with ~1 in 10 replies written before its parent, ~10%
pingbacks (half from other posts of the same site: ``comment_author`` =
"Title « Site", ``comment_author_url`` = that post's permalink), a few
trackbacks, ~3% pending, a few spam/trash/post-trashed, ``wp:commentmeta`` on
some.  Emails are @example.com, IPs 192.0.2.x / 2001:db8::/32, other hosts
are under example.com/.net/.org.

The returned dict (printed as JSON by the script) counts exactly what was
written: ``items_by_type`` ({post_type: {status: n}}), ``comments_by_type``
({comment_type: n}, ``""`` = legacy empty type), ``comments_by_status``
({comment_approved: n}), ``replies`` (comment_parent != 0),
``replies_before_parent`` (reply appears in its item before its parent),
``pingbacks_same_site`` (pingback whose author URL is the ``<link>`` of a post
in the file), ``max_thread_depth`` (top-level comment = 1), ``authors``,
``categories``, ``tags``, ``terms``, ``termmeta``, ``postmeta``,
``commentmeta``, ``cdata_splits`` (values containing ``]]>``), ``bytes``.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import quote

__all__ = ["write_wxr", "main", "MB"]

MB = 1_000_000

SITE_URL = "https://blog.example.com"
SITE_NAME = "Field Notes & Marginalia"
SITE_DESC = "Linux, gardens, bread, trains <and> other distractions"
SERVER_IPS = ("192.0.2.10", "2001:db8::10")

START = calendar.timegm((2005, 1, 3, 9, 14, 0, 0, 0, 0))
END = calendar.timegm((2024, 12, 31, 22, 0, 0, 0, 0, 0))
EXPORT_TIME = calendar.timegm((2025, 1, 15, 18, 3, 27, 0, 0, 0))
TZ_FROM = calendar.timegm((2008, 1, 1, 0, 0, 0, 0, 0, 0))  # site was on UTC before this
WP55 = calendar.timegm((2020, 8, 11, 0, 0, 0, 0, 0, 0))  # comment_type '' -> 'comment'
GUTENBERG = calendar.timegm((2019, 1, 1, 0, 0, 0, 0, 0, 0))
DAY = 86400

MAX_DEPTH = 6
FLUSH_BYTES = 1 << 20
_AVG_ITEM_GUESS = 9000.0

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# --------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------

_NOUNS = [
    "system",
    "garden",
    "kitchen",
    "window",
    "project",
    "server",
    "river",
    "morning",
    "evening",
    "weekend",
    "library",
    "camera",
    "bicycle",
    "recipe",
    "journey",
    "mountain",
    "village",
    "market",
    "station",
    "letter",
    "notebook",
    "keyboard",
    "monitor",
    "browser",
    "network",
    "database",
    "kernel",
    "package",
    "release",
    "feature",
    "problem",
    "solution",
    "question",
    "answer",
    "friend",
    "neighbour",
    "teacher",
    "student",
    "audience",
    "editor",
    "reader",
    "writer",
    "engineer",
    "designer",
    "manager",
    "doctor",
    "farmer",
    "artist",
    "musician",
    "photograph",
    "painting",
    "novel",
    "chapter",
    "story",
    "poem",
    "album",
    "concert",
    "festival",
    "harbour",
    "bridge",
    "tower",
    "castle",
    "island",
    "forest",
    "meadow",
    "valley",
    "coast",
    "beach",
    "desert",
    "storm",
    "summer",
    "winter",
    "autumn",
    "season",
    "holiday",
    "airport",
    "train",
    "ticket",
    "passport",
    "suitcase",
    "hotel",
    "museum",
    "gallery",
    "theatre",
    "cinema",
    "restaurant",
    "bakery",
    "coffee",
    "bread",
    "cheese",
    "soup",
    "salad",
    "pepper",
    "garlic",
    "onion",
    "tomato",
    "potato",
    "apple",
    "lemon",
    "honey",
    "butter",
    "sugar",
    "flour",
    "oven",
    "kettle",
    "teapot",
    "table",
    "chair",
    "shelf",
    "drawer",
    "lamp",
    "mirror",
    "carpet",
    "blanket",
    "pillow",
    "curtain",
    "door",
    "garage",
    "roof",
    "chimney",
    "fence",
    "hedge",
    "lawn",
    "tree",
    "flower",
    "seed",
    "soil",
    "compost",
    "greenhouse",
    "beehive",
    "bird",
    "cat",
    "dog",
    "horse",
    "rabbit",
    "fox",
    "owl",
    "sparrow",
    "robin",
    "heron",
    "salmon",
    "trout",
    "lighthouse",
    "canal",
    "ferry",
    "tram",
    "bus",
    "platform",
    "timetable",
    "map",
    "compass",
    "backpack",
    "tent",
    "lantern",
    "fire",
    "candle",
    "clock",
    "calendar",
    "diary",
    "spreadsheet",
    "invoice",
    "budget",
    "meeting",
    "deadline",
    "schedule",
    "report",
    "draft",
    "manuscript",
    "review",
    "comment",
    "reply",
    "update",
    "backup",
    "archive",
    "folder",
    "file",
    "directory",
    "partition",
    "disk",
    "cable",
    "router",
    "modem",
    "printer",
    "scanner",
    "laptop",
    "tablet",
    "phone",
    "battery",
    "charger",
    "adapter",
    "plugin",
    "theme",
    "widget",
    "sidebar",
    "header",
    "footer",
    "template",
    "stylesheet",
    "script",
    "function",
    "variable",
    "loop",
    "bug",
    "patch",
    "commit",
    "branch",
    "merge",
    "conflict",
    "test",
    "build",
    "pipeline",
    "container",
    "image",
    "volume",
    "service",
    "daemon",
    "process",
    "thread",
    "socket",
    "port",
    "protocol",
    "certificate",
    "password",
    "account",
    "profile",
    "inbox",
    "newsletter",
    "podcast",
    "episode",
    "interview",
    "lecture",
    "workshop",
    "conference",
    "committee",
    "council",
    "election",
    "newspaper",
    "magazine",
    "column",
    "headline",
    "photo",
    "sketch",
    "canvas",
    "brush",
    "easel",
    "studio",
    "piano",
    "guitar",
    "violin",
    "drum",
    "choir",
    "orchestra",
    "melody",
    "rhythm",
    "harmony",
    "lyric",
    "record",
    "turntable",
    "speaker",
    "headphone",
    "microphone",
    "radio",
    "signal",
    "antenna",
    "telescope",
    "planet",
    "comet",
    "galaxy",
    "orbit",
    "eclipse",
    "moon",
    "sunrise",
    "sunset",
    "horizon",
    "cloud",
    "rainbow",
    "fog",
    "frost",
    "hailstorm",
    "puddle",
    "pond",
    "lake",
    "stream",
    "waterfall",
    "glacier",
    "volcano",
    "canyon",
    "cliff",
    "cave",
    "path",
    "trail",
    "road",
    "junction",
    "roundabout",
    "bridleway",
    "field",
    "orchard",
    "vineyard",
    "barn",
    "tractor",
    "harvest",
    "allotment",
    "shed",
    "wheelbarrow",
    "spade",
    "rake",
    "hose",
    "sprinkler",
    "scarecrow",
    "café",
    "façade",
    "naïveté",
    "résumé",
]

_VERBS = [
    "accept",
    "add",
    "admire",
    "agree",
    "allow",
    "announce",
    "answer",
    "appear",
    "arrange",
    "arrive",
    "ask",
    "attach",
    "attempt",
    "avoid",
    "bake",
    "balance",
    "borrow",
    "boil",
    "brush",
    "calculate",
    "call",
    "change",
    "check",
    "cheer",
    "clean",
    "collect",
    "compare",
    "complain",
    "compile",
    "configure",
    "connect",
    "consider",
    "contain",
    "cook",
    "copy",
    "correct",
    "count",
    "cover",
    "crash",
    "create",
    "cross",
    "deliver",
    "depend",
    "deserve",
    "destroy",
    "develop",
    "discover",
    "dislike",
    "divide",
    "doubt",
    "dream",
    "dress",
    "enjoy",
    "enter",
    "escape",
    "examine",
    "explain",
    "fail",
    "fetch",
    "fill",
    "finish",
    "fix",
    "follow",
    "gather",
    "greet",
    "guess",
    "hammer",
    "handle",
    "happen",
    "help",
    "hope",
    "hover",
    "identify",
    "ignore",
    "imagine",
    "improve",
    "include",
    "inform",
    "inspect",
    "install",
    "intend",
    "invent",
    "invite",
    "join",
    "jump",
    "kick",
    "knock",
    "label",
    "land",
    "last",
    "laugh",
    "launch",
    "learn",
    "lift",
    "like",
    "list",
    "listen",
    "live",
    "load",
    "lock",
    "look",
    "love",
    "manage",
    "mark",
    "match",
    "measure",
    "melt",
    "mention",
    "migrate",
    "miss",
    "mix",
    "move",
    "murmur",
    "name",
    "need",
    "notice",
    "number",
    "observe",
    "offer",
    "open",
    "order",
    "organise",
    "own",
    "pack",
    "paint",
    "park",
    "pass",
    "pause",
    "perform",
    "pick",
    "plant",
    "play",
    "please",
    "point",
    "polish",
    "pour",
    "practise",
    "prepare",
    "present",
    "preserve",
    "press",
    "pretend",
    "prevent",
    "print",
    "produce",
    "promise",
    "protect",
    "provide",
    "publish",
    "pull",
    "pump",
    "push",
    "question",
    "reach",
    "receive",
    "record",
    "recover",
    "reduce",
    "refuse",
    "reject",
    "relax",
    "release",
    "remain",
    "remember",
    "remind",
    "remove",
    "repair",
    "repeat",
    "replace",
    "reply",
    "report",
    "request",
    "rescue",
    "restore",
    "return",
    "review",
    "rinse",
    "roast",
    "rush",
    "sail",
    "save",
    "scratch",
    "search",
    "settle",
    "share",
    "shelter",
    "sign",
    "signal",
    "smell",
    "sort",
    "sound",
    "spell",
    "spoil",
    "start",
    "stay",
    "stitch",
    "store",
    "strengthen",
    "stretch",
    "suffer",
    "suggest",
    "supply",
    "support",
    "suppose",
    "surprise",
    "surround",
    "switch",
    "talk",
    "taste",
    "test",
    "thank",
    "tick",
    "touch",
    "tour",
    "train",
    "transform",
    "travel",
    "treat",
    "trust",
    "turn",
    "type",
    "unlock",
    "unpack",
    "update",
    "upgrade",
    "use",
    "visit",
    "wait",
    "walk",
    "want",
    "warn",
    "wash",
    "watch",
    "water",
    "wave",
    "weigh",
    "welcome",
    "whisper",
    "wish",
    "wonder",
    "work",
    "worry",
    "wrap",
]

_ADJS = [
    "quiet",
    "noisy",
    "bright",
    "dark",
    "early",
    "late",
    "small",
    "large",
    "tiny",
    "enormous",
    "old",
    "new",
    "ancient",
    "modern",
    "simple",
    "complex",
    "cheap",
    "expensive",
    "careful",
    "careless",
    "clever",
    "patient",
    "curious",
    "gentle",
    "rough",
    "smooth",
    "warm",
    "cold",
    "damp",
    "dry",
    "windy",
    "sunny",
    "cloudy",
    "green",
    "blue",
    "red",
    "yellow",
    "golden",
    "silver",
    "wooden",
    "broken",
    "shiny",
    "dusty",
    "clean",
    "tidy",
    "messy",
    "strange",
    "familiar",
    "obvious",
    "subtle",
    "useful",
    "useless",
    "reliable",
    "fragile",
    "sturdy",
    "heavy",
    "light",
    "slow",
    "fast",
    "busy",
    "lazy",
    "eager",
    "honest",
    "odd",
    "ordinary",
    "remarkable",
    "elegant",
    "clumsy",
    "tired",
    "fresh",
    "stale",
    "crisp",
    "soft",
    "loud",
    "brave",
    "shy",
    "proud",
    "humble",
    "generous",
    "stubborn",
    "flexible",
    "rigid",
    "local",
    "remote",
    "public",
    "private",
    "secret",
    "official",
    "temporary",
    "permanent",
    "entire",
    "partial",
    "final",
    "initial",
    "recent",
    "previous",
    "upstream",
    "downstream",
    "experimental",
    "stable",
    "beta",
    "legacy",
    "default",
    "custom",
    "minimal",
    "verbose",
    "hidden",
    "visible",
    "sudden",
    "gradual",
    "steady",
    "peculiar",
    "delightful",
    "dreadful",
    "marvellous",
    "lovely",
    "grim",
    "cheerful",
    "gloomy",
    "rural",
    "urban",
    "coastal",
    "northern",
    "southern",
    "eastern",
    "western",
    "seasonal",
    "annual",
    "weekly",
    "daily",
    "hand-written",
    "open-source",
]

_ADVERBS = [
    "quietly",
    "quickly",
    "slowly",
    "carefully",
    "eventually",
    "suddenly",
    "gradually",
    "happily",
    "sadly",
    "barely",
    "nearly",
    "rarely",
    "often",
    "always",
    "never",
    "sometimes",
    "usually",
    "finally",
    "honestly",
    "apparently",
    "clearly",
    "surprisingly",
    "thankfully",
    "unfortunately",
    "naturally",
    "briefly",
    "patiently",
    "gently",
    "loudly",
    "easily",
    "badly",
    "properly",
    "roughly",
    "exactly",
    "mostly",
    "partly",
    "entirely",
    "completely",
    "almost",
    "already",
    "still",
]

_PREPS = [
    "in",
    "on",
    "under",
    "over",
    "beside",
    "behind",
    "near",
    "with",
    "without",
    "after",
    "before",
    "during",
    "across",
    "through",
    "around",
    "against",
    "between",
    "beyond",
    "inside",
    "outside",
    "towards",
    "along",
    "past",
    "despite",
]

_DETS = (
    "the",
    "the",
    "the",
    "a",
    "a",
    "this",
    "that",
    "every",
    "my",
    "our",
    "their",
    "another",
    "one",
    "each",
    "some",
    "no",
)
_PRONS = (
    "I",
    "we",
    "they",
    "you",
    "she",
    "he",
    "nobody",
    "everyone",
    "my neighbour",
    "the whole team",
    "my sister",
    "our editor",
)
_PLURAL_PRONS = ("I", "we", "they", "you", "most people", "my parents")
_MODALS = (
    "could",
    "should",
    "might",
    "will",
    "can",
    "would",
    "must",
    "can’t",
    "won’t",
    "didn’t",
    "don’t",
    "shouldn’t",
)
_TECH = [
    "Linux",
    "Debian",
    "Ubuntu",
    "Python",
    "Perl",
    "PHP",
    "WordPress",
    "SQLite",
    "PostgreSQL",
    "MySQL",
    "Apache",
    "nginx",
    "Docker",
    "Git",
    "Emacs",
    "Vim",
    "JavaScript",
    "CSS",
    "HTML",
    "XML",
    "JSON",
    "Firefox",
    "Thunderbird",
    "LibreOffice",
    "GNOME",
    "KDE",
    "Android",
    "Raspberry&#160;Pi",
    "OpenWrt",
    "Jekyll",
    "Hugo",
    "Markdown",
    "systemd",
    "cron",
    "rsync",
    "SSH",
    "GPG",
]
_PLACES = (
    "Zürich",
    "Malmö",
    "São Paulo",
    "Kraków",
    "Reykjavík",
    "Lisbon",
    "Glasgow",
    "Montréal",
    "Kyoto",
    "Dublin",
    "Tromsø",
    "Córdoba",
    "Ljubljana",
    "Brno",
    "Porto",
    "Wrocław",
    "Gdańsk",
    "Köln",
    "Nice",
    "Seville",
)
_FIRST = (
    "Alice",
    "Bob",
    "Chloé",
    "David",
    "Emma",
    "François",
    "Grace",
    "Hannah",
    "Ivan",
    "José",
    "Karen",
    "Liam",
    "Maria",
    "Nina",
    "Oscar",
    "Priya",
    "Quentin",
    "Rosa",
    "Søren",
    "Tom",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yuki",
    "Zoë",
    "Łukasz",
    "Björn",
    "Aoife",
    "Renée",
    "Mohammed",
    "Fatima",
    "Dmitri",
    "Ana",
    "Kofi",
    "Mei",
    "Raj",
    "Sven",
    "Ingrid",
    "Paolo",
    "Nadia",
    "Hiroshi",
    "Olu",
    "Camille",
    "Jack",
    "Ellen",
)
_LAST = (
    "Smith",
    "Jones",
    "García",
    "Müller",
    "Nguyen",
    "O'Brien",
    "Kowalski",
    "Rossi",
    "Dubois",
    "Andersson",
    "Tanaka",
    "Okafor",
    "Patel",
    "Silva",
    "Novák",
    "Ivanova",
    "Hughes",
    "MacLeod",
    "van Dijk",
    "Ó Briain",
    "Lindqvist",
    "Costa",
    "Weber",
    "Khan",
)
_HANDLES = (
    "techfan",
    "gardengnome",
    "breadhead",
    "trainspotter",
    "nightowl",
    "lurker",
    "anon",
    "pixel",
    "debianuser",
    "coffeelover",
    "mossy",
    "tinker",
    "rambler",
)

_CONJ = (
    ", and ",
    ", but ",
    "; ",
    " because ",
    " while ",
    ", so ",
    " — ",
    " although ",
    " until ",
    ", which means ",
    " and ",
    " since ",
    ", yet ",
    " whereas ",
)

_CLAUSE_TEMPLATES = [
    "D A N V D N",
    "D N V R",
    "Q P D N X D A N",
    "Q P D N X T",
    "D N X D N V D A N",
    "M P D A N X D N",
    "Q O B D N X D N",
    "D N X T V R",
    "D N is A",
    "there is D A N X D N",
    "U think D N V R",
    "D A N of D N V D N",
    "T V D A N",
    "U still B D N",
    "Q had to B D N before D N",
    "D N was A",
    "nobody P D N",
    "X D A N D N V",
    "Q P X L X D A N",
    "D N X L V A",
    "Q O B T R",
    "D A N P D N",
    "Q P T X D N",
    "D N V D N X D N X L",
    "it is A to B D N",
    "Q P R",
    "the N O B R",
    "M V D A N",
    "Q never P D N",
    "D N of T is A",
    "U want to B D A N",
    "D N seems A X D N",
]

_CODE_LINES = [
    "$ sudo apt-get install {w}",
    "$ cd /var/www/{w}",
    '$ git commit -am "{w}: fix {w}"',
    "$ rsync -avz {w}/ backup:{w}/",
    "$ ls -la | grep {w}",
    "$ tail -f /var/log/{w}.log",
    "$ make && make install",
    'for f in *.{w}; do echo "$f"; done',
    "def {w}(items):",
    "    return [x for x in items if x < 10]",
    "    total = sum(x * 2 for x in {w})",
    "import sqlite3",
    'print(f"{{count}} {w}s")',
    "if ($count < 5 && $ok) {",
    '    echo "<p>{w}</p>";',
    "}",
    "<?php the_content(); ?>",
    "SELECT * FROM wp_posts WHERE post_status = 'publish';",
    "UPDATE wp_options SET option_value = '{w}' WHERE option_name = 'home';",
    "var {w} = document.getElementById('{w}');",
    "if (a < b && b > c) { return a; }",
    '<div class="{w}">&nbsp;</div>',
    "# {w} & friends",
    "x = grid[rows[i]]> limit",
    "if (map[keys[0]]>0) { run(); }",
]

_LINK_HOSTS = (
    "example.org",
    "example.net",
    "docs.example.org",
    "wiki.example.net",
    "news.example.org",
    "shop.example.net",
    "www.example.org",
)

_EMOJI = ("🙂", "👍", "😂", "🌱", "☕", "🚲", "📷")

# ---- taxonomy ---------------------------------------------------------------

# 40 categories, three levels; parents precede children when written.
_CATEGORY_TREE = [
    ("Uncategorized", []),
    (
        "Technology",
        [
            ("Linux", ["Debian", "Ubuntu"]),
            ("Programming", ["Python", "Perl", "Web Development"]),
            ("Hardware", []),
        ],
    ),
    ("Travel", [("Europe", ["Scandinavia"]), ("Asia", []), ("Road Trips", [])]),
    ("Food & Drink", [("Recipes", ["Baking", "Soups & Stews"]), ("Restaurants", []), ("Coffee", [])]),
    ("Photography", [("Film Cameras", []), ("Landscapes", [])]),
    ("Books", [("Reviews", []), ("Reading Lists", [])]),
    ("Music", [("Concerts", []), ("Vinyl", [])]),
    ("Gardening", [("Vegetables", []), ("Wildlife", [])]),
    ("Science", [("Astronomy", []), ("Nature", [])]),
    ("Life", [("Family", []), ("Cycling", []), ("Notes", [])]),
]

_TAG_WORDS = [
    "linux",
    "debian",
    "ubuntu",
    "python",
    "perl",
    "php",
    "wordpress",
    "sqlite",
    "postgres",
    "mysql",
    "apache",
    "nginx",
    "docker",
    "git",
    "emacs",
    "vim",
    "javascript",
    "css",
    "html",
    "xml",
    "json",
    "firefox",
    "backup",
    "privacy",
    "security",
    "ssh",
    "gpg",
    "raspberry-pi",
    "arduino",
    "soldering",
    "keyboard",
    "laptop",
    "router",
    "wifi",
    "bluetooth",
    "battery",
    "solar",
    "bread",
    "sourdough",
    "baking",
    "coffee",
    "tea",
    "soup",
    "curry",
    "pasta",
    "pizza",
    "cheese",
    "jam",
    "chutney",
    "cake",
    "biscuits",
    "garden",
    "tomatoes",
    "potatoes",
    "beans",
    "compost",
    "bees",
    "birds",
    "hedgehogs",
    "frogs",
    "moths",
    "butterflies",
    "trees",
    "apples",
    "plums",
    "rain",
    "snow",
    "frost",
    "sunshine",
    "walking",
    "hiking",
    "cycling",
    "trains",
    "ferries",
    "buses",
    "maps",
    "camping",
    "photography",
    "film",
    "lenses",
    "darkroom",
    "scanning",
    "landscapes",
    "portraits",
    "books",
    "novels",
    "poetry",
    "libraries",
    "vinyl",
    "jazz",
    "folk",
    "concerts",
    "radio",
    "podcasts",
    "family",
    "kids",
    "school",
    "holidays",
    "christmas",
    "birthdays",
    "weddings",
    "moving",
    "house",
    "diy",
    "painting",
    "woodwork",
    "plumbing",
    "electrics",
    "heating",
    "insulation",
    "energy",
    "climate",
    "astronomy",
    "moon",
    "planets",
    "comets",
    "eclipses",
    "science",
    "maths",
    "history",
    "museums",
    "archives",
    "newspapers",
    "open-source",
    "licensing",
    "gpl",
    "creative-commons",
    "email",
    "spam",
    "hosting",
    "domains",
    "dns",
    "migration",
    "upgrades",
    "bugs",
    "regex",
    "shell",
    "cron",
    "rsync",
    "markdown",
    "jekyll",
    "hugo",
    "blogging",
    "comments",
    "pingbacks",
    "themes",
    "plugins",
    "widgets",
    "menus",
    "accessibility",
    "typography",
    "fonts",
    "unicode",
    "i18n",
]
_TAG_SPECIAL = [
    "café",
    "Zürich",
    "crème brûlée",
    "東京",
    "Kraków",
    "naïve",
    "São Paulo",
    "C++",
    "Q&A",
    "how-to",
    "2010s",
]

_AUTHORS = [
    # id, login, display name, first, last
    (1, "admin", "Site Admin", "", ""),
    (2, "jsmith", "Jane Smith", "Jane", "Smith"),
    (3, "mgarcia", "María García", "María", "García"),
    (4, "tomk", "Tom Kowalski", "Tom", "Kowalski"),
    (5, "priya", "Priya Patel", "Priya", "Patel"),
    (6, "sven.l", "Sven Lindqvist", "Sven", "Lindqvist"),
    (7, "okafor", "Kofi Okafor", "Kofi", "Okafor"),
    (8, "guestwriter", "Guest Writer", "Guest", "Writer"),
    (9, "zoe_d", "Zoë Dubois", "Zoë", "Dubois"),
    (10, "hiroshi", "田中 宏 (Hiroshi Tanaka)", "宏", "田中"),
    (11, "editors", "The Editors & Friends", "", ""),
    (12, "ellen.h", "Ellen Hughes", "Ellen", "Hughes"),
]
_AUTHOR_WEIGHTS = (6, 30, 18, 14, 10, 6, 5, 2, 4, 3, 1, 4)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _esc(s: str) -> str:
    """Escape text for a plain (non-CDATA) XML element or attribute."""
    if "&" in s:
        s = s.replace("&", "&amp;")
    if "<" in s:
        s = s.replace("<", "&lt;")
    if ">" in s:
        s = s.replace(">", "&gt;")
    if '"' in s:
        s = s.replace('"', "&quot;")
    return s


def _html_esc(s: str) -> str:
    """What a classic-editor code block typically contains: & and < escaped, > raw."""
    return s.replace("&", "&amp;").replace("<", "&lt;")


def _fmt(t: int) -> str:
    g = time.gmtime(t)
    return f"{g[0]:04d}-{g[1]:02d}-{g[2]:02d} {g[3]:02d}:{g[4]:02d}:{g[5]:02d}"


def _offset(t: int) -> int:
    """Site UTC offset in seconds: UTC until 2008, then a US-Central-like zone."""
    if t < TZ_FROM:
        return 0
    g = time.gmtime(t)
    m, d = g[1], g[2]
    dst = 3 < m < 11 or (m == 3 and d >= 10) or (m == 11 and d < 5)
    return -18000 if dst else -21600


def _rfc822(t: int) -> str:
    g = time.gmtime(t)
    return f"{_DAYS[g[6]]}, {g[2]:02d} {_MONTHS[g[1] - 1]} {g[0]} {g[3]:02d}:{g[4]:02d}:{g[5]:02d} +0000"


def _slugify(s: str) -> str:
    """Roughly WordPress's sanitize_title(): accents removed, other non-ASCII %-encoded."""
    s = s.replace("&#160;", " ").replace("&", " ")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("ß", "ss")
    out = []
    prev_dash = True
    for c in s.lower():
        if c.isascii():
            if c.isalnum():
                out.append(c)
                prev_dash = False
            elif not prev_dash:
                out.append("-")
                prev_dash = True
        else:
            out.append(quote(c).lower())
            prev_dash = False
    return "".join(out).strip("-") or "untitled"


def _php(v) -> str:
    """PHP serialize() for str/int/float/bool/None/list/dict (byte lengths in UTF-8)."""
    if isinstance(v, bool):
        return f"b:{int(v)};"
    if isinstance(v, int):
        return f"i:{v};"
    if isinstance(v, float):
        return f"d:{v!r};"
    if v is None:
        return "N;"
    if isinstance(v, str):
        return f's:{len(v.encode("utf-8"))}:"{v}";'
    if isinstance(v, (list, tuple)):
        return f"a:{len(v)}:{{" + "".join(f"i:{i};{_php(x)}" for i, x in enumerate(v)) + "}"
    if isinstance(v, dict):
        return (
            f"a:{len(v)}:{{"
            + "".join((f"i:{k};" if isinstance(k, int) else _php(str(k))) + _php(x) for k, x in v.items())
            + "}"
        )
    raise TypeError(type(v))


def _s_form(v: str) -> str:
    if v.endswith(("s", "x", "ch", "sh", "z")):
        return v + "es"
    if v.endswith("y") and v[-2] not in "aeiou":
        return v[:-1] + "ies"
    return v + "s"


def _past(v: str) -> str:
    if v.endswith("e"):
        return v + "d"
    if v.endswith("y") and v[-2] not in "aeiou":
        return v[:-1] + "ied"
    return v + "ed"


# --------------------------------------------------------------------------
# generator
# --------------------------------------------------------------------------


# Cumulative thresholds: a random r in [0, 1) picks the first value whose threshold is above it.
POST_STATUSES = ((0.955, "publish"), (0.975, "draft"), (0.985, "private"), (0.993, "pending"))
COMMENT_STATUSES = ((0.03, "0"), (0.034, "spam"), (0.037, "trash"))


def _weighted(r: float, table: tuple[tuple[float, str], ...], otherwise: str) -> str:
    for threshold, value in table:
        if r < threshold:
            return value
    return otherwise


class _Generator:
    def __init__(self, seed: int, target: int) -> None:
        self.seed = seed
        self.target = target
        self.rng = rng = random.Random(seed)
        self.rnd = rng.random
        self.choice = rng.choice
        self.randint = rng.randint
        self.splits = 0  # "]]>" occurrences in the item being built

        # state
        self.t = START
        self.written = 0
        self.items_written = 0
        self.item_bytes = 0
        self.next_post_id = 1
        self.next_comment_id = 1
        self.slugs: dict[str, int] = {}
        self.pub_posts: list[tuple[int, str, str]] = []  # (id, title, permalink)
        self.pub_permalinks: set[str] = set()
        self.attachments: list[tuple[int, str, int, int, str]] = []  # (id, url, w, h, title)
        self.pages: list[tuple[int, str]] = []  # (id, path)
        self.menu_items: list[int] = []
        self.menu_order = 0

        self._build_vocab()
        self._build_people()
        self._build_taxonomy()

    # ---- setup -------------------------------------------------------------

    def _build_vocab(self) -> None:
        rng = self.rng
        choice = rng.choice
        verbs_s = [_s_form(v) for v in _VERBS]
        verbs_p = [_past(v) for v in _VERBS]
        slots = {
            "D": _DETS,
            "A": _ADJS,
            "N": _NOUNS,
            "V": verbs_s,
            "P": verbs_p,
            "B": _VERBS,
            "R": _ADVERBS,
            "X": _PREPS,
            "T": _TECH,
            "Q": _PRONS,
            "U": _PLURAL_PRONS,
            "O": _MODALS,
            "L": _PLACES,
            "M": _FIRST,
        }
        templates = [t.split() for t in _CLAUSE_TEMPLATES]
        pool = []
        for _ in range(12000):
            toks = choice(templates)
            words = []
            for tok in toks:
                src = slots.get(tok)
                words.append(choice(src) if src else tok)
            for i in range(len(words) - 1):
                if words[i] == "a" and words[i + 1][0] in "aeiou":
                    words[i] = "an"
            pool.append(" ".join(words))
        self.clauses = pool
        # a few quoted/parenthetical variants for texture
        for i in range(0, len(pool), 37):
            pool[i] = f"{pool[i]} (“{choice(_ADJS)} {choice(_NOUNS)}”)"
        for i in range(5, len(pool), 53):
            pool[i] = f"{pool[i]}… {choice(_ADVERBS)} {choice(_PREPS)} {choice(_PLACES)}"

    def _build_people(self) -> None:
        rng = self.rng
        self.authors = [
            {
                "id": a[0],
                "login": a[1],
                "display": a[2],
                "first": a[3],
                "last": a[4],
                "email": f"{a[1]}@example.com",
            }
            for a in _AUTHORS
        ]
        visitors = []
        for _ in range(500):
            r = rng.random()
            if r < 0.15:
                name = f"{rng.choice(_HANDLES)}{rng.randint(1, 99)}"
            elif r < 0.55:
                name = rng.choice(_FIRST)
            else:
                name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
            local = _slugify(name).replace("-", ".").replace("%", "")
            email = f"{local}{rng.randint(1, 999) if rng.random() < 0.4 else ''}@example.com"
            r = rng.random()
            if r < 0.5:
                url = ""
            elif r < 0.8:
                url = f"https://{local.replace('.', '')}.example.com/"
            elif r < 0.95:
                url = f"http://www.example.com/~{local}"
            else:
                url = f"https://example.com/profile.php?u={local}&ref=comment"
            if rng.random() < 0.8:
                ip = f"192.0.2.{rng.randint(1, 254)}"
            else:
                ip = f"2001:db8:{rng.randrange(1, 65536):x}::{rng.randrange(1, 65536):x}"
            visitors.append((name, email, url, ip, 0))
        self.visitors = visitors
        # registered users who never authored a post
        self.members = [
            (
                f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                f"member{100 + i}@example.com",
                "",
                f"192.0.2.{rng.randint(1, 254)}",
                100 + i,
            )
            for i in range(20)
        ]

    def _build_taxonomy(self) -> None:
        rng = self.rng
        ids = rng.sample(range(2, 2000), 400)
        ids.sort()
        rng.shuffle(ids)
        id_iter = iter(ids)
        self._build_categories(id_iter)
        tags = []
        for name in self._tag_names():
            desc = self.sentence() if rng.random() < 0.05 else ""
            tags.append((next(id_iter), _slugify(name), name, desc))
        self.tags = tags
        self.menu_term = (next(id_iter), "main-menu", "Main Menu")
        self.formats = [
            (next(id_iter), f"post-format-{f.lower()}", f)
            for f in ("Aside", "Gallery", "Link", "Image", "Quote", "Video")
        ]

    def _build_categories(self, id_iter) -> None:
        rng = self.rng
        cats = []  # (term_id, slug, parent_slug, name, description)

        def add(name, parent_slug, depth):
            tid = 1 if name == "Uncategorized" else next(id_iter)
            slug = _slugify(name)
            desc = ""
            if rng.random() < 0.35:
                desc = f"Posts about {name.lower()}: {self.sentence()}"
            cats.append((tid, slug, parent_slug, name, desc))
            return slug

        for top, children in _CATEGORY_TREE:
            ts = add(top, "", 0)
            for child, grand in children:
                cs = add(child, ts, 1)
                for g in grand:
                    add(g, cs, 2)
        assert len(cats) == 40, len(cats)
        self.categories = cats
        self.cat_weights = [0.4 if c[3] == "Uncategorized" else (3 if c[2] else 1) for c in cats]

    def _tag_names(self) -> list[str]:
        rng = self.rng
        names: list[str] = []
        seen: dict[str, None] = {}
        for w in _TAG_WORDS + _TAG_SPECIAL:
            name = w.replace("-", " ") if rng.random() < 0.5 else w
            if _slugify(name) not in seen:
                seen[_slugify(name)] = None
                names.append(name)
            if len(names) >= 300:
                break
        while len(names) < 300:
            name = f"{rng.choice(_ADJS)} {rng.choice(_NOUNS)}"
            if _slugify(name) not in seen:
                seen[_slugify(name)] = None
                names.append(name)
        return names

    # ---- prose -------------------------------------------------------------

    def sentence(self) -> str:
        rnd = self.rnd
        choice = self.choice
        pool = self.clauses
        r = rnd()
        if r < 0.55:
            s = choice(pool)
        elif r < 0.9:
            s = choice(pool) + choice(_CONJ) + choice(pool)
        else:
            s = choice(pool) + choice(_CONJ) + choice(pool) + choice(_CONJ) + choice(pool)
        r = rnd()
        end = "." if r < 0.9 else ("?" if r < 0.96 else "!")
        return s[0].upper() + s[1:] + end

    def _decorate(self, s: str) -> str:
        """Wrap 1-3 words of a sentence in a link or inline tag."""
        words = s.split(" ")
        if len(words) < 4:
            return s
        k = self.rng.randrange(len(words) - 2)
        n = min(self.randint(1, 3), len(words) - 1 - k)
        inner = " ".join(words[k : k + n])
        r = self.rnd()
        if r < 0.5:
            if self.pub_posts and self.rnd() < 0.3:
                href = self.choice(self.pub_posts[-300:])[2]
            else:
                host = self.choice(_LINK_HOSTS)
                path = "/".join(_slugify(w) for w in words[k : k + n])
                href = f"https://{host}/{path}/"
                if self.rnd() < 0.15:
                    href += f"?id={self.randint(1, 9999)}&amp;lang=en"
            title = f' title="{inner}"' if self.rnd() < 0.3 else ""
            tag = f'<a href="{href}"{title}>{inner}</a>'
        elif r < 0.75:
            tag = f"<strong>{inner}</strong>"
        elif r < 0.92:
            tag = f"<em>{inner}</em>"
        else:
            tag = f"<code>{inner}</code>"
        words[k : k + n] = [tag]
        return " ".join(words)

    def paragraph(self, lo: int = 2, hi: int = 7) -> str:
        sentence = self.sentence
        sents = [sentence() for _ in range(self.randint(lo, hi))]
        r = self.rnd()
        if r < 0.45:
            i = self.rng.randrange(len(sents))
            sents[i] = self._decorate(sents[i])
            if r < 0.12:
                j = self.rng.randrange(len(sents))
                if j != i:
                    sents[j] = self._decorate(sents[j])
        if self.rnd() < 0.01:
            sents.append(self.choice(_EMOJI))
        return " ".join(sents)

    def code_block(self) -> str:
        choice = self.choice
        lines = []
        for _ in range(self.randint(3, 12)):
            line = choice(_CODE_LINES)
            if "{w}" in line:
                line = line.replace("{w}", choice(_NOUNS))
            lines.append(line)
        return _html_esc("\n".join(lines))

    def body(self, t: int, lo: int, hi: int) -> str:
        """Post content: lo..hi blocks in one of three editor styles."""
        rnd = self.rnd
        choice = self.choice
        style = self._body_style(t)
        out = []
        nblocks = self.randint(lo, hi)
        for b in range(nblocks):
            out.append(self._body_block(style, first=b == 0))
            if b == 0 and nblocks > 2 and rnd() < 0.3:
                out.append(
                    "<!--more-->" if style != "block" else "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->"
                )
        if rnd() < 0.012:
            # embedded script with its own CDATA section: contains "]]>"
            s = (
                f'<script type="text/javascript">//<![CDATA[\nvar {choice(_NOUNS)} = '
                f'{{"id": {self.randint(1, 9999)}, "tags": [["a","b"]]}};\n//]]></script>'
            )
            if style == "block":
                s = f"<!-- wp:html -->\n{s}\n<!-- /wp:html -->"
            out.append(s)
        sep = "\n\n" if style != "p" else "\n"
        return sep.join(out)

    def _body_style(self, t: int) -> str:
        """The editor style of a post body: "block", "p" or "autop"."""
        r = self.rnd()
        if t >= GUTENBERG and r < 0.6:
            return "block"
        if r < 0.6 or t >= GUTENBERG:
            return "p"
        return "autop"

    def _body_block(self, style: str, first: bool) -> str:
        """One block of a post body: mostly paragraphs, sometimes a list, heading, quote, code or image."""
        r = self.rnd()
        if r < 0.80 or first:
            return self._paragraph_block(style)
        if r < 0.86:
            return self._list_block(style)
        if r < 0.905:
            return self._heading_block(style)
        if r < 0.93:
            return self._quote_block(style)
        if r < 0.96:
            return self._code_block_html(style)
        if self.attachments:
            return self._image_block(style)
        return f"<p>{self.paragraph()}</p>" if style != "autop" else self.paragraph()

    def _paragraph_block(self, style: str) -> str:
        p = self.paragraph()
        if style == "block":
            return f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->"
        if style == "p":
            return f"<p>{p}</p>"
        return p

    def _list_block(self, style: str) -> str:
        tag = "ul" if self.rnd() < 0.75 else "ol"
        lis = "\n".join(f"\t<li>{self.sentence()}</li>" for _ in range(self.randint(3, 6)))
        html = f"<{tag}>\n{lis}\n</{tag}>"
        if style == "block":
            attr = ' {"ordered":true}' if tag == "ol" else ""
            html = f"<!-- wp:list{attr} -->\n{html}\n<!-- /wp:list -->"
        return html

    def _heading_block(self, style: str) -> str:
        h = self.choice(self.clauses)
        h = h[0].upper() + h[1:]
        lvl = 2 if self.rnd() < 0.7 else 3
        if style == "block":
            attr = ' {"level":3}' if lvl == 3 else ""
            return (
                f"<!-- wp:heading{attr} -->\n"
                f'<h{lvl} class="wp-block-heading">{h}</h{lvl}>\n<!-- /wp:heading -->'
            )
        return f"<h{lvl}>{h}</h{lvl}>"

    def _quote_block(self, style: str) -> str:
        inner = f"<p>{self.paragraph(1, 3)}</p>"
        if style == "block":
            return (
                f'<!-- wp:quote -->\n<blockquote class="wp-block-quote">{inner}</blockquote>\n'
                "<!-- /wp:quote -->"
            )
        return f"<blockquote>{inner}</blockquote>"

    def _code_block_html(self, style: str) -> str:
        code = self.code_block()
        if style == "block":
            return (
                f'<!-- wp:code -->\n<pre class="wp-block-code"><code>{code}</code></pre>\n<!-- /wp:code -->'
            )
        lang = self.choice(("", ' class="language-bash"', ' class="language-python"', ' class="php"'))
        return f"<pre><code{lang}>{code}</code></pre>"

    def _image_block(self, style: str) -> str:
        choice = self.choice
        aid, url, w, h, title = choice(self.attachments[-50:])
        cap = self.choice(self.clauses)
        if style == "block":
            return (
                f'<!-- wp:image {{"id":{aid},"sizeSlug":"large","linkDestination":"none"}} -->\n'
                f'<figure class="wp-block-image size-large"><img src="{url}" alt="{title}" '
                f'class="wp-image-{aid}"/><figcaption class="wp-element-caption">{cap}</figcaption>'
                f"</figure>\n<!-- /wp:image -->"
            )
        sw, sh = (w // 2, h // 2) if self.rnd() < 0.5 else (w, h)
        align = choice(("alignnone", "aligncenter", "alignright", "alignleft"))
        return (
            f'[caption id="attachment_{aid}" align="{align}" width="{sw}"]<a href="{url}">'
            f'<img class="size-medium wp-image-{aid}" title="{title}" src="{url}" alt="{title}" '
            f'width="{sw}" height="{sh}" /></a> {cap}[/caption]'
        )

    def title(self) -> str:
        rnd = self.rnd
        choice = self.choice
        r = rnd()
        if r < 0.35:
            words = choice(self.clauses).split(" ")[: self.randint(3, 8)]
            t = " ".join(words)
            t = t[0].upper() + t[1:]
        elif r < 0.5:
            t = (
                f"How to {choice(_VERBS)} {choice(('a', 'the', 'your'))} {choice(_NOUNS)} "
                f"with {choice(_TECH)}"
            )
        elif r < 0.6:
            t = f"{choice(_ADJS).capitalize()} {choice(_NOUNS)}s in {choice(_PLACES)}"
        elif r < 0.68:
            t = f"Notes on {choice(_TECH)} & {choice(_TECH)}"
        elif r < 0.74:
            t = f"Q&A: why does the {choice(_NOUNS)} {choice(_VERBS)}?"
        elif r < 0.78:
            t = f"Using <{choice(('pre', 'code', 'blockquote', 'table'))}> for {choice(_NOUNS)}s"
        elif r < 0.86:
            t = f"{choice(_ADJS).capitalize()} {choice(_NOUNS)}, {choice(_ADJS)} {choice(_NOUNS)}"
        elif r < 0.92:
            t = f"The {choice(_NOUNS)}’s {choice(_NOUNS)} (part {self.randint(2, 9)})"
        else:
            t = f"{choice(_FIRST)}’s {choice(_ADJS)} {choice(_NOUNS)}"
        return t.replace("&#160;", " ")

    def unique_slug(self, base: str) -> str:
        base = base[:80].rstrip("-")
        n = self.slugs.get(base)
        if n is None:
            self.slugs[base] = 1
            return base
        n += 1
        self.slugs[base] = n
        return f"{base}-{n}"

    # ---- cdata / meta --------------------------------------------------------

    def cd(self, s: str) -> str:
        if "]]>" in s:
            self.splits += 1
            s = s.replace("]]>", "]]]]><![CDATA[>")
        return f"<![CDATA[{s}]]>"

    def postmeta(self, key: str, value: str) -> str:
        return (
            f"\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>{_esc(key)}</wp:meta_key>\n"
            f"\t\t\t<wp:meta_value>{self.cd(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n"
        )

    def commentmeta(self, key: str, value: str) -> str:
        return (
            f"\t\t\t<wp:commentmeta>\n\t\t\t\t<wp:meta_key>{_esc(key)}</wp:meta_key>\n"
            f"\t\t\t\t<wp:meta_value>{self.cd(value)}</wp:meta_value>\n\t\t\t</wp:commentmeta>\n"
        )

    # ---- header ------------------------------------------------------------

    def header(self) -> str:
        cd = self.cd
        out = [
            '<?xml version="1.0" encoding="UTF-8" ?>\n',
            "<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your site. "
            "-->\n"
            "<!-- It contains information about your site's posts, pages, comments, categories, "
            "and other content. -->\n"
            "<!-- You may use this file to transfer that content from one site to another. -->\n"
            "<!-- This file is not intended to serve as a complete backup of your site. -->\n\n"
            "<!-- Synthetic benchmark data written by wparchive benchmarks/make_wxr.py "
            f"(seed={self.seed}, target={self.target} bytes). -->\n\n",
            f'<!-- generator="WordPress/6.4.2" created="{_fmt(EXPORT_TIME)[:16]}" -->\n',
            '<rss version="2.0"\n'
            '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n\n',
            "<channel>\n",
            f"\t<title>{_esc(SITE_NAME)}</title>\n",
            f"\t<link>{SITE_URL}</link>\n",
            f"\t<description>{_esc(SITE_DESC)}</description>\n",
            f"\t<pubDate>{_rfc822(EXPORT_TIME)}</pubDate>\n",
            "\t<language>en-GB</language>\n",
            "\t<wp:wxr_version>1.2</wp:wxr_version>\n",
            f"\t<wp:base_site_url>{SITE_URL}</wp:base_site_url>\n",
            f"\t<wp:base_blog_url>{SITE_URL}</wp:base_blog_url>\n\n",
        ]
        for a in self.authors:
            out.append(
                f"\t<wp:author><wp:author_id>{a['id']}</wp:author_id>"
                f"<wp:author_login>{cd(a['login'])}</wp:author_login>"
                f"<wp:author_email>{cd(a['email'])}</wp:author_email>"
                f"<wp:author_display_name>{cd(a['display'])}</wp:author_display_name>"
                f"<wp:author_first_name>{cd(a['first'])}</wp:author_first_name>"
                f"<wp:author_last_name>{cd(a['last'])}</wp:author_last_name></wp:author>\n"
            )
        out.append("\n")
        self.termmeta_count = 0
        for i, (tid, slug, parent, name, desc) in enumerate(self.categories):
            d = f"<wp:category_description>{cd(desc)}</wp:category_description>" if desc else ""
            tm = ""
            if i % 9 == 4:
                colour = f"#{self.rng.randrange(1 << 24):06x}"
                tm = (
                    f"\n\t\t<wp:termmeta>\n\t\t\t<wp:meta_key>colour</wp:meta_key>\n"
                    f"\t\t\t<wp:meta_value>{cd(colour)}</wp:meta_value>\n"
                    f"\t\t</wp:termmeta>\n\t"
                )
                self.termmeta_count += 1
            out.append(
                f"\t<wp:category>\n\t\t<wp:term_id>{tid}</wp:term_id>\n"
                f"\t\t<wp:category_nicename>{cd(slug)}</wp:category_nicename>\n"
                f"\t\t<wp:category_parent>{cd(parent)}</wp:category_parent>\n"
                f"\t\t<wp:cat_name>{cd(name)}</wp:cat_name>\n"
                f"\t\t{d}{tm}</wp:category>\n"
            )
        for tid, slug, name, desc in self.tags:
            d = f"\n\t\t<wp:tag_description>{cd(desc)}</wp:tag_description>" if desc else ""
            out.append(
                f"\t<wp:tag>\n\t\t<wp:term_id>{tid}</wp:term_id>\n"
                f"\t\t<wp:tag_slug>{cd(slug)}</wp:tag_slug>\n"
                f"\t\t<wp:tag_name>{cd(name)}</wp:tag_name>{d}\n\t</wp:tag>\n"
            )
        terms = [(self.menu_term, "nav_menu")] + [(f, "post_format") for f in self.formats]
        for (tid, slug, name), tax in terms:
            out.append(
                f"\t<wp:term>\n\t\t<wp:term_id>{tid}</wp:term_id>\n"
                f"\t\t<wp:term_taxonomy>{cd(tax)}</wp:term_taxonomy>\n"
                f"\t\t<wp:term_slug>{cd(slug)}</wp:term_slug>\n"
                f"\t\t<wp:term_parent>{cd('')}</wp:term_parent>\n"
                f"\t\t<wp:term_name>{cd(name)}</wp:term_name>\n\t</wp:term>\n"
            )
        self.terms_count = len(terms)
        out.append("\n\t<generator>https://wordpress.org/?v=6.4.2</generator>\n\n")
        return "".join(out)

    # ---- items -------------------------------------------------------------

    def advance_clock(self) -> int:
        avg = self.item_bytes / self.items_written if self.items_written >= 20 else _AVG_ITEM_GUESS
        remaining = max((self.target - self.written) / avg, 1.0)
        step = (END - self.t) / remaining * (0.3 + 1.4 * self.rnd())
        self.t = min(END, self.t + int(step))
        return self.t

    def new_id(self) -> int:
        pid = self.next_post_id
        # revisions and auto-drafts use ids that never reach the export
        self.next_post_id += 1 + (self.randint(0, 4) if self.rnd() < 0.6 else 0)
        return pid

    def item_xml(
        self,
        *,
        title,
        link,
        t,
        author,
        guid,
        content,
        excerpt,
        pid,
        gmt_zero,
        modified,
        comment_status,
        ping_status,
        name,
        status,
        parent,
        menu_order,
        ptype,
        password,
        sticky,
        attachment_url,
        cats,
        meta,
        comments,
    ) -> str:
        cd = self.cd
        local = t + _offset(t)
        post_date = _fmt(local)
        if gmt_zero:
            post_date_gmt = "0000-00-00 00:00:00"
            pub = "Mon, 30 Nov -0001 00:00:00 +0000"
        else:
            post_date_gmt = _fmt(t)
            pub = _rfc822(t)
        att = f"\t\t<wp:attachment_url>{cd(attachment_url)}</wp:attachment_url>\n" if attachment_url else ""
        return (
            "\t<item>\n"
            f"\t\t<title>{_esc(title)}</title>\n"
            f"\t\t<link>{_esc(link)}</link>\n"
            f"\t\t<pubDate>{pub}</pubDate>\n"
            f"\t\t<dc:creator>{cd(author)}</dc:creator>\n"
            f'\t\t<guid isPermaLink="false">{_esc(guid)}</guid>\n'
            "\t\t<description></description>\n"
            f"\t\t<content:encoded>{cd(content)}</content:encoded>\n"
            f"\t\t<excerpt:encoded>{cd(excerpt)}</excerpt:encoded>\n"
            f"\t\t<wp:post_id>{pid}</wp:post_id>\n"
            f"\t\t<wp:post_date>{cd(post_date)}</wp:post_date>\n"
            f"\t\t<wp:post_date_gmt>{cd(post_date_gmt)}</wp:post_date_gmt>\n"
            f"\t\t<wp:post_modified>{cd(_fmt(modified + _offset(modified)))}</wp:post_modified>\n"
            f"\t\t<wp:post_modified_gmt>{cd(_fmt(modified))}</wp:post_modified_gmt>\n"
            f"\t\t<wp:comment_status>{cd(comment_status)}</wp:comment_status>\n"
            f"\t\t<wp:ping_status>{cd(ping_status)}</wp:ping_status>\n"
            f"\t\t<wp:post_name>{cd(name)}</wp:post_name>\n"
            f"\t\t<wp:status>{cd(status)}</wp:status>\n"
            f"\t\t<wp:post_parent>{parent}</wp:post_parent>\n"
            f"\t\t<wp:menu_order>{menu_order}</wp:menu_order>\n"
            f"\t\t<wp:post_type>{cd(ptype)}</wp:post_type>\n"
            f"\t\t<wp:post_password>{cd(password)}</wp:post_password>\n"
            f"\t\t<wp:is_sticky>{sticky}</wp:is_sticky>\n"
            f"{att}{cats}{meta}{comments}"
            "\t</item>\n"
        )

    def modified_after(self, t: int) -> int:
        if self.rnd() < 0.6:
            return t
        return min(EXPORT_TIME - DAY, t + int(self.rng.expovariate(1 / (60 * DAY))))

    def next_item(self):
        """Return (xml, counters, commit) for the next item."""
        self.splits = 0
        t = self.advance_clock()
        r = self.rnd()
        if r < 0.85:
            res = self.make_post(t)
        elif r < 0.89:
            res = self.make_page(t)
        elif r < 0.97:
            res = self.make_attachment(t)
        else:
            res = self.make_menu_item(t)
        res[1]["cdata_splits"] = self.splits
        return res

    # posts ------------------------------------------------------------------

    def make_post(self, t: int):
        rng = self.rng
        rnd = self.rnd
        counters: dict = {}
        pid = self.new_id()
        author = rng.choices(self.authors, weights=_AUTHOR_WEIGHTS)[0]
        status = _weighted(rnd(), POST_STATUSES, "trash")
        title = self.title()
        gmt_zero = status in ("draft", "pending")
        local = t + _offset(t)
        slug = "" if status == "draft" and rnd() < 0.6 else self.unique_slug(_slugify(title))
        if slug and status != "draft" and status != "pending":
            g = time.gmtime(local)
            link = f"{SITE_URL}/{g[0]:04d}/{g[1]:02d}/{g[2]:02d}/{slug}/"
        else:
            link = f"{SITE_URL}/?p={pid}"
        if status == "trash":
            slug = f"{slug}__trashed"
        content = self.body(t, 2, 12)
        excerpt = self.paragraph(1, 2) if rnd() < 0.15 else ""

        cat_parts, seen = self._post_terms()

        # postmeta: 3..8
        meta_pool = self.post_meta_pool(pid, t, title, author, seen, status)
        k = self.randint(3, 8)
        metas = [meta_pool[0]] + rng.sample(meta_pool[1:], k - 1)
        meta = "".join(self.postmeta(mk, mv) for mk, mv in metas)
        counters["postmeta"] = k

        # comments
        comments = ""
        if status in ("publish", "private", "trash"):
            comments = self.make_comments(pid, t, author, status, counters)
        comment_status = "open" if rnd() < 0.85 else "closed"
        xml = self.item_xml(
            title=title,
            link=link,
            t=t,
            author=author["login"],
            guid=f"{SITE_URL}/?p={pid}",
            content=content,
            excerpt=excerpt,
            pid=pid,
            gmt_zero=gmt_zero,
            modified=self.modified_after(t),
            comment_status=comment_status,
            ping_status="open" if rnd() < 0.8 else "closed",
            name=slug,
            status=status,
            parent=0,
            menu_order=0,
            ptype="post",
            password="hunter2" if rnd() < 0.005 else "",
            sticky=1 if (status == "publish" and rnd() < 0.004) else 0,
            attachment_url="",
            cats="".join(cat_parts),
            meta=meta,
            comments=comments,
        )
        counters[("item", "post", status)] = 1

        def commit():
            if status == "publish":
                self.pub_posts.append((pid, title, link))
                self.pub_permalinks.add(link)

        return xml, counters, commit

    def _post_terms(self) -> tuple[list[str], list[str]]:
        """The <category> elements of a post (categories, tags, format) and its category slugs."""
        rng = self.rng
        rnd = self.rnd
        cat_parts = []
        ncat = 1 if rnd() < 0.6 else self.randint(2, 3)
        seen = []
        for c in rng.choices(self.categories, weights=self.cat_weights, k=ncat):
            if c[1] in seen:
                continue
            seen.append(c[1])
            cat_parts.append(
                f'\t\t<category domain="category" nicename="{_esc(c[1])}">{self.cd(c[3])}</category>\n'
            )
        ntag = min(self.randint(0, 8), self.randint(0, 8)) if rnd() < 0.85 else 0
        for tg in rng.sample(self.tags, ntag):
            cat_parts.append(
                f'\t\t<category domain="post_tag" nicename="{_esc(tg[1])}">{self.cd(tg[2])}</category>\n'
            )
        if rnd() < 0.05:
            f = self.choice(self.formats)
            cat_parts.append(
                f'\t\t<category domain="post_format" nicename="{f[1]}">{self.cd(f[2])}</category>\n'
            )
        return cat_parts, seen

    def post_meta_pool(self, pid, t, title, author, cat_slugs, status):
        rng = self.rng
        choice = self.choice
        words = title.split(" ")
        pool = [("_edit_last", str(author["id"]))]
        if self.attachments:
            pool.append(("_thumbnail_id", str(choice(self.attachments[-100:])[0])))
        else:
            pool.append(("_wpas_done_all", "1"))
        pool += [
            ("_wp_old_slug", _slugify(" ".join(words[: max(1, len(words) - 2)])) + f"-{rng.randint(2, 9)}"),
            ("_yoast_wpseo_metadesc", self.sentence()),
            ("_yoast_wpseo_focuskw", " ".join(words[:2])),
            ("_yoast_wpseo_primary_category", str(self.categories[rng.randrange(40)][0])),
            ("_encloseme", "1"),
            ("_pingme", "1"),
            ("views", str(int(rng.expovariate(1 / 800)))),
            ("reddit", _php({"count": str(rng.randint(0, 50)), "time": str(t + rng.randint(0, 9999999))})),
            ("_publicize_pending", "1"),
            (
                "_jetpack_related_posts_cache",
                _php(
                    {
                        f"{rng.getrandbits(128):032x}": {
                            "expires": t + 86400 * rng.randint(1, 30),
                            "payload": [
                                {"id": max(1, pid - rng.randint(1, 500))} for _ in range(rng.randint(1, 3))
                            ],
                        }
                    }
                ),
            ),
            ("_wp_desired_post_slug", _slugify(title))
            if status == "trash"
            else (
                "enclosure",
                f"https://media.example.org/audio/{pid}.mp3\n{rng.randint(10**5, 10**8)}\naudio/mpeg\n",
            ),
            (
                "_oembed_" + f"{rng.getrandbits(128):032x}",
                f'<iframe title="{_esc(title)}" width="500" height="281" '
                f'src="https://video.example.net/embed/{rng.getrandbits(40):x}?feature=oembed" '
                'frameborder="0" allowfullscreen></iframe>',
            ),
            ("_wpcom_is_markdown", "1"),
            ("geo_public", "0"),
        ]
        if status == "trash":
            pool[2] = ("_wp_trash_meta_status", "publish")
            pool[6] = ("_wp_trash_meta_time", str(t + rng.randint(DAY, 300 * DAY)))
        return pool

    # comments -----------------------------------------------------------------

    def make_comments(self, pid, post_t, author, post_status, counters) -> str:
        if self.rnd() < 0.2:
            return ""
        n = min(40, int(self.rng.expovariate(1 / 10.5)))
        if n == 0:
            return ""
        nodes = self._comment_nodes(n, post_t, author, post_status)
        order, ids = self._comment_order(nodes)
        pos = {i: k for k, i in enumerate(order)}

        parts = []
        replies = before = same_site = cmeta = maxdepth = 0
        by_type: dict = {}
        by_status: dict = {}
        for i in order:
            ct, seq, parent, depth, kind, cstatus, ident, same = nodes[i]
            ctype, text = self._comment_text(kind, ct, parent, nodes)
            parent_id = ids[parent] if parent >= 0 else 0
            if parent >= 0:
                replies += 1
                if pos[parent] > pos[i]:
                    before += 1
            if same:
                same_site += 1
            maxdepth = max(maxdepth, depth)
            by_type[ctype] = by_type.get(ctype, 0) + 1
            by_status[cstatus] = by_status.get(cstatus, 0) + 1
            metas = self._comment_metas(pid, nodes[i], text)
            cmeta += len(metas)
            parts.append(self._comment_xml(ids[i], nodes[i], ctype, text, parent_id, metas))
        for k, v in by_type.items():
            counters[("ctype", k)] = v
        for k, v in by_status.items():
            counters[("cstatus", k)] = v
        counters["comments"] = n
        counters["replies"] = replies
        counters["replies_before_parent"] = before
        counters["pingbacks_same_site"] = same_site
        counters["commentmeta"] = cmeta
        counters["max_thread_depth"] = maxdepth
        return "".join(parts)

    def _comment_nodes(self, n, post_t, author, post_status) -> list[list]:
        """n comments, each [t, seq, parent_seq, depth, kind, status, ident, same_site]."""
        nodes: list[list] = []
        eligible: list[int] = []  # seq of approved normal comments with depth < MAX_DEPTH
        for seq in range(n):
            nodes.append(self._comment_node(seq, post_t, author, post_status, nodes, eligible))
        return nodes

    def _comment_node(self, seq, post_t, author, post_status, nodes, eligible) -> list:
        rnd = self.rnd
        r = rnd()
        parent = -1
        depth = 1
        same = False
        if r < 0.10:
            kind = "pingback"
            ident, same = self._pingback_ident(post_t)
            base_t = post_t
            spread = 30 * DAY
        elif r < 0.112:
            kind = "trackback"
            ident = self._trackback_ident()
            base_t = post_t
            spread = 10 * DAY
        else:
            kind = "comment"
            parent, depth, base_t, spread = self._comment_place(post_t, nodes, eligible)
            ident = self._commenter(parent, author)
        room = END - base_t
        dt = min(int(self.rng.expovariate(1 / spread)) + 60, int(room * rnd())) if room > 0 else 0
        ct = base_t + dt
        cstatus = "post-trashed" if post_status == "trash" else _weighted(rnd(), COMMENT_STATUSES, "1")
        if kind == "comment" and cstatus == "1" and depth < MAX_DEPTH:
            eligible.append(seq)
        return [ct, seq, parent, depth, kind, cstatus, ident, same]

    def _pingback_ident(self, post_t) -> tuple[tuple, bool]:
        """(ident, same_site) of a pingback: half from a post of this site when there are any."""
        rng = self.rng
        rnd = self.rnd
        choice = self.choice
        if self.pub_posts and rnd() < 0.5:
            src = choice(self.pub_posts[-400:]) if rnd() < 0.7 else choice(self.pub_posts)
            return (f"{src[1]} « {SITE_NAME}", "", src[2], choice(SERVER_IPS), 0), True
        host = f"{_slugify(choice(_ADJS))}{_slugify(choice(_NOUNS))}.example.{choice(('net', 'org'))}"
        g = time.gmtime(post_t)
        ident = (
            f"{self.title()} « {choice(_ADJS).capitalize()} {choice(_NOUNS).capitalize()}s",
            "",
            f"https://{host}/{g[0]}/{g[1]:02d}/{_slugify(choice(self.clauses))[:40]}/",
            f"192.0.2.{rng.randint(1, 254)}",
            0,
        )
        return ident, False

    def _trackback_ident(self) -> tuple:
        rng = self.rng
        choice = self.choice
        host = f"{_slugify(choice(_NOUNS))}.example.org"
        return (
            f"{choice(_ADJS).capitalize()} {choice(_NOUNS).capitalize()} Blog",
            "",
            f"http://{host}/archives/{rng.randint(1, 5000)}",
            f"192.0.2.{rng.randint(1, 254)}",
            0,
        )

    def _comment_place(self, post_t, nodes, eligible) -> tuple:
        """(parent, depth, base_t, spread) of a normal comment: a reply, or a top-level comment."""
        rnd = self.rnd
        if eligible and rnd() < 0.45:
            if rnd() < 0.6:
                parent = eligible[-1 - int(rnd() * min(3, len(eligible)))]
            else:
                parent = self.choice(eligible)
            return parent, nodes[parent][3] + 1, nodes[parent][0], 1.5 * DAY
        spread = 4 * DAY if rnd() < 0.9 else 200 * DAY
        return -1, 1, post_t, spread

    def _commenter(self, parent, author) -> tuple:
        """Who writes a normal comment: the post's author (replies only), a member or a visitor."""
        r2 = self.rnd()
        if parent >= 0 and r2 < 0.25:
            return (author["display"], author["email"], SITE_URL, self.choice(SERVER_IPS), author["id"])
        if r2 < 0.28:
            return self.choice(self.members)
        return self.choice(self.visitors)

    def _comment_order(self, nodes) -> tuple[list[int], list[int]]:
        """(file order, ids) of the comments: ids ascend with date; some replies precede their parent."""
        rnd = self.rnd
        n = len(nodes)
        # ids ascend with date (parents are always older than their replies)
        order = sorted(range(n), key=lambda i: (nodes[i][0], i))
        ids = [0] * n
        cid = self.next_comment_id
        for i in order:
            ids[i] = cid
            cid += 1 + (self.randint(1, 6) if rnd() < 0.15 else 0)
        self.next_comment_id = cid

        # file order: by id, but ~1 in 10 replies is moved in front of its parent
        for i in list(order):
            if nodes[i][2] >= 0 and rnd() < 0.1:
                order.remove(i)
                order.insert(order.index(nodes[i][2]), i)
        return order, ids

    def _comment_text(self, kind, ct, parent, nodes) -> tuple[str, str]:
        """(comment_type, content) of a comment."""
        if kind == "comment":
            ctype = "comment" if ct >= WP55 else ""
            return ctype, self._comment_body(parent, nodes)
        if kind == "pingback":
            return "pingback", f"[&#8230;] {self.sentence()} [&#8230;]"
        return "trackback", f"<strong>{self.title()}</strong>\n\n{self.sentence()} [&#8230;]"

    def _comment_body(self, parent, nodes) -> str:
        rnd = self.rnd
        k = self.randint(1, 4)
        text = " ".join(self.sentence() for _ in range(k))
        rr = rnd()
        if rr < 0.2:
            text += "\n\n" + self.paragraph(1, 3)
        elif rr < 0.25:
            text = self._decorate(text).replace("<a ", '<a rel="nofollow" ', 1)
        elif rr < 0.28:
            text = f"<blockquote>{self.sentence()}</blockquote>\n{text}"
        elif rr < 0.3:
            text += " " + self.choice(_EMOJI)
        elif rr < 0.302:
            text += "\n<code>if (a[b[0]]>1) { c(); }</code>"
        if parent >= 0 and rnd() < 0.3:
            text = f"@{nodes[parent][6][0]}: {text}"
        return text

    def _comment_metas(self, pid, node, text) -> list[str]:
        """The <wp:commentmeta> elements of a comment: trash, Akismet and rating records."""
        ct, _, _, _, kind, cstatus, ident, _ = node
        uid = ident[4]
        metas = []
        if cstatus == "trash":
            metas.append(self.commentmeta("_wp_trash_meta_status", "1"))
            metas.append(self.commentmeta("_wp_trash_meta_time", str(ct + self.randint(DAY, 90 * DAY))))
        elif cstatus == "post-trashed":
            metas.append(self.commentmeta("_wp_trash_meta_status", "1"))
        elif cstatus == "spam" or self.rnd() < 0.3:
            metas.extend(self._akismet_metas(pid, ct, cstatus == "spam", ident, text))
        if uid == 0 and kind == "comment" and self.rnd() < 0.02:
            metas.append(self.commentmeta("rating", str(self.randint(1, 5))))
        return metas

    def _akismet_metas(self, pid, ct, spam, ident, text) -> list[str]:
        name, email, url, ip, _ = ident
        metas = [self.commentmeta("akismet_result", "true" if spam else "false")]
        metas.append(
            self.commentmeta(
                "akismet_history",
                _php(
                    {
                        "time": f"{ct}.{self.randint(1000, 9999)}",
                        "event": "check-spam" if spam else "check-ham",
                        "user": "",
                    }
                ),
            )
        )
        if self.rnd() < 0.1:
            metas.append(
                self.commentmeta(
                    "akismet_as_submitted",
                    _php(
                        {
                            "comment_author": name,
                            "comment_author_email": email,
                            "comment_author_url": url,
                            "comment_content": text[:200],
                            "comment_post_ID": str(pid),
                            "user_ip": ip,
                            "user_agent": (
                                "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0"
                            ),
                            "blog": SITE_URL,
                            "blog_lang": "en_GB",
                            "blog_charset": "UTF-8",
                        }
                    ),
                )
            )
        return metas

    def _comment_xml(self, cid, node, ctype, text, parent_id, metas) -> str:
        cd = self.cd
        ct, _, _, _, _, cstatus, ident, _ = node
        name, email, url, ip, uid = ident
        local = ct + _offset(ct)
        return (
            "\t\t<wp:comment>\n"
            f"\t\t\t<wp:comment_id>{cid}</wp:comment_id>\n"
            f"\t\t\t<wp:comment_author>{cd(name)}</wp:comment_author>\n"
            f"\t\t\t<wp:comment_author_email>{cd(email)}</wp:comment_author_email>\n"
            f"\t\t\t<wp:comment_author_url>{_esc(url)}</wp:comment_author_url>\n"
            f"\t\t\t<wp:comment_author_IP>{cd(ip)}</wp:comment_author_IP>\n"
            f"\t\t\t<wp:comment_date>{cd(_fmt(local))}</wp:comment_date>\n"
            f"\t\t\t<wp:comment_date_gmt>{cd(_fmt(ct))}</wp:comment_date_gmt>\n"
            f"\t\t\t<wp:comment_content>{cd(text)}</wp:comment_content>\n"
            f"\t\t\t<wp:comment_approved>{cd(cstatus)}</wp:comment_approved>\n"
            f"\t\t\t<wp:comment_type>{cd(ctype)}</wp:comment_type>\n"
            f"\t\t\t<wp:comment_parent>{parent_id}</wp:comment_parent>\n"
            f"\t\t\t<wp:comment_user_id>{uid}</wp:comment_user_id>\n" + "".join(metas) + "\t\t</wp:comment>\n"
        )

    # pages / attachments / menu items ----------------------------------------

    def make_page(self, t: int):
        rng = self.rng
        rnd = self.rnd
        counters: dict = {}
        pid = self.new_id()
        author = rng.choices(self.authors[:6], weights=(10, 5, 3, 2, 1, 1))[0]
        r = rnd()
        status = "publish" if r < 0.9 else ("draft" if r < 0.96 else "private")
        title = self.title()
        slug = self.unique_slug(_slugify(title))
        parent_id, path = 0, slug
        if self.pages and rnd() < 0.3:
            parent_id, ppath = self.choice(self.pages)
            path = f"{ppath}/{slug}"
        link = f"{SITE_URL}/{path}/" if status != "draft" else f"{SITE_URL}/?page_id={pid}"
        metas = [
            ("_edit_last", str(author["id"])),
            (
                "_wp_page_template",
                self.choice(("default", "default", "templates/full-width.php", "page-sidebar.php")),
            ),
            ("_yoast_wpseo_metadesc", self.sentence()),
        ]
        if rnd() < 0.3:
            metas.append(("_wp_old_slug", slug + "-old"))
        meta = "".join(self.postmeta(k, v) for k, v in metas)
        counters["postmeta"] = len(metas)
        comments = ""
        cstat = "closed"
        if status == "publish" and rnd() < 0.2:
            cstat = "open"
            comments = self.make_comments(pid, t, author, status, counters)
        xml = self.item_xml(
            title=title,
            link=link,
            t=t,
            author=author["login"],
            guid=f"{SITE_URL}/?page_id={pid}",
            content=self.body(t, 3, 12),
            excerpt="",
            pid=pid,
            gmt_zero=status == "draft",
            modified=self.modified_after(t),
            comment_status=cstat,
            ping_status="closed",
            name=slug if status != "draft" else "",
            status=status,
            parent=parent_id,
            menu_order=self.randint(0, 10) if rnd() < 0.3 else 0,
            ptype="page",
            password="",
            sticky=0,
            attachment_url="",
            cats="",
            meta=meta,
            comments=comments,
        )
        counters[("item", "page", status)] = 1

        def commit():
            if status == "publish":
                self.pages.append((pid, path))

        return xml, counters, commit

    def make_attachment(self, t: int):
        rng = self.rng
        rnd = self.rnd
        choice = self.choice
        counters: dict = {}
        pid = self.new_id()
        author = rng.choices(self.authors, weights=_AUTHOR_WEIGHTS)[0]
        local = t + _offset(t)
        g = time.gmtime(local)
        if rnd() < 0.9:
            stem = choice(
                (
                    f"IMG_{rng.randint(1000, 9999)}",
                    f"DSC{rng.randint(10000, 99999)}",
                    _slugify(f"{choice(_ADJS)} {choice(_NOUNS)}"),
                    f"screenshot-{g[0]}-{g[1]:02d}-{g[2]:02d}",
                )
            )
            ext, mime = choice(
                (("jpg", "image/jpeg"), ("jpg", "image/jpeg"), ("png", "image/png"), ("webp", "image/webp"))
            )
        else:
            stem, ext, mime = _slugify(f"{choice(_NOUNS)} {choice(_NOUNS)} notes"), "pdf", "application/pdf"
        rel = f"{g[0]:04d}/{g[1]:02d}/{stem}.{ext}"
        url = f"{SITE_URL}/wp-content/uploads/{rel}"
        title = stem.replace("-", " ")
        slug = self.unique_slug(_slugify(stem))
        parent_id = 0
        link = f"{SITE_URL}/?attachment_id={pid}"
        if self.pub_posts and rnd() < 0.8:
            ppid, _pt, plink = choice(self.pub_posts[-20:])
            parent_id, link = ppid, f"{plink}{slug}/"
        w, h = choice(((4032, 3024), (1920, 1080), (1280, 960), (800, 600), (3000, 2000), (1024, 768)))
        metas = [("_wp_attached_file", rel)]
        if mime.startswith("image/"):
            sizes = {}
            for sname, sw in (("thumbnail", 150), ("medium", 300), ("medium_large", 768), ("large", 1024)):
                sh = 150 if sname == "thumbnail" else sw * h // w
                sizes[sname] = {
                    "file": f"{stem}-{sw}x{sh}.{ext}",
                    "width": sw,
                    "height": sh,
                    "mime-type": mime,
                    "filesize": rng.randint(5000, 400000),
                }
            metas.append(
                (
                    "_wp_attachment_metadata",
                    _php(
                        {
                            "width": w,
                            "height": h,
                            "file": rel,
                            "filesize": rng.randint(100000, 9000000),
                            "sizes": sizes,
                            "image_meta": {
                                "aperture": choice(("0", "1.8", "2.8", "5.6", "8")),
                                "credit": "",
                                "camera": choice(("", "Canon EOS 5D", "iPhone 6", "Pixel 7", "X-T30")),
                                "caption": "",
                                "created_timestamp": str(t - rng.randint(0, 3 * DAY)),
                                "copyright": "",
                                "focal_length": str(rng.randint(18, 200)),
                                "iso": str(choice((100, 200, 400, 800, 1600))),
                                "shutter_speed": choice(("0.004", "0.0125", "0.5", "1")),
                                "title": "",
                                "orientation": "1",
                                "keywords": [],
                            },
                        }
                    ),
                )
            )
            if rnd() < 0.5:
                metas.append(("_wp_attachment_image_alt", f"{choice(_ADJS)} {choice(_NOUNS)}"))
        if rnd() < 0.2:
            metas.append(
                (
                    "_wp_attachment_backup_sizes",
                    _php({"full-orig": {"width": w * 2, "height": h * 2, "file": f"{stem}-orig.{ext}"}}),
                )
            )
        meta = "".join(self.postmeta(k, v) for k, v in metas)
        counters["postmeta"] = len(metas)
        xml = self.item_xml(
            title=title,
            link=link,
            t=t,
            author=author["login"],
            guid=url,
            content=self.sentence() if rnd() < 0.3 else "",
            excerpt=self.choice(self.clauses) if rnd() < 0.3 else "",
            pid=pid,
            gmt_zero=False,
            modified=t,
            comment_status="open",
            ping_status="closed",
            name=slug,
            status="inherit",
            parent=parent_id,
            menu_order=0,
            ptype="attachment",
            password="",
            sticky=0,
            attachment_url=url,
            cats="",
            meta=meta,
            comments="",
        )
        counters[("item", "attachment", "inherit")] = 1

        def commit():
            if mime.startswith("image/"):
                self.attachments.append((pid, url, w, h, title))

        return xml, counters, commit

    def make_menu_item(self, t: int):
        rnd = self.rnd
        counters: dict = {}
        pid = self.new_id()
        r = rnd()
        title = ""
        url = ""
        if self.pages and r < 0.5:
            mtype, obj, obj_id = "post_type", "page", self.choice(self.pages)[0]
        elif r < 0.8:
            c = self.choice(self.categories)
            mtype, obj, obj_id = "taxonomy", "category", c[0]
        else:
            mtype, obj, obj_id = "custom", "custom", pid
            title = self.choice(("Home", "About", "Contact", "Archive", "RSS", "Mastodon", "Shop & Café"))
            url = f"https://{self.choice(_LINK_HOSTS)}/{_slugify(title)}?from=menu&src=blog"
        self.menu_order += 1
        parent_item = self.choice(self.menu_items) if self.menu_items and rnd() < 0.3 else 0
        metas = [
            ("_menu_item_type", mtype),
            ("_menu_item_menu_item_parent", str(parent_item)),
            ("_menu_item_object_id", str(obj_id)),
            ("_menu_item_object", obj),
            ("_menu_item_target", ""),
            ("_menu_item_classes", _php([""])),
            ("_menu_item_xfn", ""),
            ("_menu_item_url", url),
        ]
        meta = "".join(self.postmeta(k, v) for k, v in metas)
        counters["postmeta"] = len(metas)
        m = self.menu_term
        xml = self.item_xml(
            title=title,
            link=f"{SITE_URL}/?p={pid}",
            t=t,
            author=self.authors[0]["login"],
            guid=f"{SITE_URL}/?p={pid}",
            content="",
            excerpt="",
            pid=pid,
            gmt_zero=False,
            modified=t,
            comment_status="closed",
            ping_status="closed",
            name=str(pid),
            status="publish",
            parent=0,
            menu_order=self.menu_order,
            ptype="nav_menu_item",
            password="",
            sticky=0,
            attachment_url="",
            cats=f'\t\t<category domain="nav_menu" nicename="{m[1]}">{self.cd(m[2])}</category>\n',
            meta=meta,
            comments="",
        )
        counters[("item", "nav_menu_item", "publish")] = 1

        def commit():
            self.menu_items.append(pid)

        return xml, counters, commit

    # ---- driver ------------------------------------------------------------

    def write(self, path: Path) -> dict:
        target = self.target
        stats = {
            "items": 0,
            "items_by_type": {},
            "comments": 0,
            "comments_by_type": {},
            "comments_by_status": {},
            "replies": 0,
            "replies_before_parent": 0,
            "pingbacks_same_site": 0,
            "max_thread_depth": 0,
            "postmeta": 0,
            "commentmeta": 0,
            "cdata_splits": 0,
        }
        footer = b"</channel>\n</rss>\n"
        flen = len(footer)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            self.splits = 0
            head = self.header().encode("utf-8")
            stats["cdata_splits"] += self.splits
            fh.write(head)
            self.written = len(head)
            buf: list[bytes] = []
            buflen = 0
            while True:
                xml, counters, commit = self.next_item()
                data = xml.encode("utf-8")
                n = len(data)
                stop = False
                if self.written + n + flen > target:
                    over = self.written + n + flen - target
                    under = target - self.written - flen
                    stop = True
                    if over > under:
                        break
                buf.append(data)
                buflen += n
                self.written += n
                self.items_written += 1
                self.item_bytes += n
                commit()
                stats["items"] += 1
                _add_counters(stats, counters)
                if buflen >= FLUSH_BYTES:
                    fh.write(b"".join(buf))
                    buf.clear()
                    buflen = 0
                if stop:
                    break
            buf.append(footer)
            fh.write(b"".join(buf))
            self.written += flen
        stats.update(
            authors=len(self.authors),
            categories=len(self.categories),
            tags=len(self.tags),
            terms=self.terms_count,
            termmeta=self.termmeta_count,
            bytes=path.stat().st_size,
            target_bytes=target,
            seed=self.seed,
        )
        assert stats["bytes"] == self.written
        # stable key order for nested dicts
        stats["items_by_type"] = {
            k: dict(sorted(v.items())) for k, v in sorted(stats["items_by_type"].items())
        }
        stats["comments_by_type"] = dict(sorted(stats["comments_by_type"].items()))
        stats["comments_by_status"] = dict(sorted(stats["comments_by_status"].items()))
        return stats


def _add_counters(stats: dict, counters: dict) -> None:
    """Add one item's counters into the running totals of the file."""
    for k, v in counters.items():
        if k.__class__ is tuple:
            if k[0] == "item":
                d = stats["items_by_type"].setdefault(k[1], {})
                d[k[2]] = d.get(k[2], 0) + v
            else:
                d = stats["comments_by_type" if k[0] == "ctype" else "comments_by_status"]
                d[k[1]] = d.get(k[1], 0) + v
        elif k == "max_thread_depth":
            if v > stats[k]:
                stats[k] = v
        else:
            stats[k] += v


def write_wxr(path: Path, size_mb: float, seed: int = 1) -> dict:
    """Write a synthetic WXR 1.2 file of about ``size_mb`` MB (10**6 bytes) to ``path``.

    Returns the counts of what was written (see the module docstring).
    """
    if size_mb <= 0:
        raise ValueError("size_mb must be positive")
    return _Generator(int(seed), int(round(size_mb * MB))).write(Path(path))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a large synthetic WordPress WXR 1.2 export.")
    ap.add_argument("out", type=Path, help="output .xml path")
    ap.add_argument("--size-mb", type=float, required=True, help="target size in MB (1 MB = 10^6 bytes)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    stats = write_wxr(args.out, args.size_mb, args.seed)
    elapsed = time.perf_counter() - t0
    json.dump(stats, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    print(f"wrote {stats['bytes']:,} bytes to {args.out} in {elapsed:.2f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
