"""Synthetic plain-text blog pages of a chosen size, in the shapes text dumps take.

Used by benchmarks/text_speed.py and the linear-cost tests. Every page is deterministic (seeded).
The shapes:

* ``comments``: a post and its comments as a browser copy gives them ("Name says:", the date,
  the text, "Reply"), replies quoting earlier comments so reply inference has work to do;
* ``home``: a blog's home page rendered one block per line (title, byline, excerpt, "Continue
  reading", "3 Comments"), no comment section at all;
* ``bare``: comments with the names stripped, one paragraph per line, with the post author's
  batch replies addressing several commenters by name (the batch alignment's input);
* ``markdown``: an HTML-to-text tool's rendering, "* **Name** sagt:" list items, nested replies
  indented, escaped dates ("25\\. Juni 2016 um 00:18 Uhr").
"""

from __future__ import annotations

import random

WORDS = [
    "garden",
    "river",
    "window",
    "morning",
    "coffee",
    "letter",
    "winter",
    "harbour",
    "bicycle",
    "market",
    "lantern",
    "orchard",
    "kitchen",
    "ladder",
    "engine",
    "meadow",
    "pocket",
    "island",
    "thunder",
    "velvet",
    "candle",
    "marble",
    "compass",
    "saddle",
    "journey",
    "pepper",
    "signal",
    "theatre",
    "violin",
    "whistle",
    "anchor",
    "basket",
    "cellar",
    "dragon",
    "feather",
    "glacier",
    "hammer",
    "insect",
    "jacket",
    "kettle",
    "lemon",
    "mirror",
    "needle",
    "oyster",
    "parrot",
    "quarry",
    "ribbon",
    "shadow",
    "tunnel",
    "umbrella",
    "valley",
    "wagon",
    "yellow",
    "zephyr",
    "album",
    "bridge",
    "castle",
    "dinner",
    "easel",
    "forest",
    "guitar",
    "honey",
]
NAMES = [
    "Anna Meyer",
    "Bernard",
    "Chloe R.",
    "Dmitri",
    "Elena Ruiz",
    "Farid",
    "Greta",
    "Hiro Tanaka",
    "Ines",
    "Jonas",
    "Kemal",
    "Lotte",
    "Marcus Bell",
    "Nadia",
    "Olu",
    "Priya S.",
    "Quentin",
    "Rosa",
    "Sven",
    "Tomasz",
    "Ulla",
    "Viktor",
    "Wen",
    "Yusuf",
    "Zoe",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONATE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + rng.choice(".!?.")


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(6, 16)) for _ in range(rng.randint(1, 4)))


def _date(rng: random.Random, german: bool = False) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(0, 11), rng.randint(2008, 2020)
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    if german:
        return f"{day}\\. {MONATE[month]} {year} um {hour:02d}:{minute:02d} Uhr"
    return f"{MONTHS[month]} {day}, {year} at {hour % 12 or 12}:{minute:02d} {'am' if hour < 12 else 'pm'}"


def _head(rng: random.Random) -> list[str]:
    return [
        "A walk along the old canal",
        f"Posted on {_date(rng)} by Liz",
        "",
        *(p for _ in range(5) for p in (_paragraph(rng), "")),
    ]


def comments_page(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    lines = _head(rng) + ["42 thoughts on “A walk along the old canal”", ""]
    earlier: list[str] = []
    while sum(len(line) + 1 for line in lines) < size:
        name = rng.choice(NAMES)
        text = _paragraph(rng)
        if earlier and rng.random() < 0.3:
            text = f"“{' '.join(rng.choice(earlier).split()[:10])}” {text}"
        earlier.append(text)
        lines += [f"{name} says:", _date(rng), "", text, "", "Reply", ""]
    return "\n".join(lines) + "\n"


def home_page(size: int, seed: int = 2) -> str:
    rng = random.Random(seed)
    lines = ["Liz's canal notes", "Home", "About", "Contact"]
    while sum(len(line) + 1 for line in lines) < size:
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).title()
        lines += [
            title,
            f"Posted on {_date(rng)} by Liz",
            _paragraph(rng),
            "Continue reading →",
            f"{rng.randint(0, 40)} Comments",
        ]
    lines += ["Recent Posts", "Older posts", "Proudly powered by WordPress"]
    return "\n".join(lines) + "\n"


def bare_page(size: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    lines = _head(rng) + ["12 Comments"]
    while sum(len(line) + 1 for line in lines) < size:
        batch = []
        for _ in range(rng.randint(2, 5)):
            name = rng.choice(NAMES).split()[0]
            lines.append(f"Hi Liz! {_paragraph(rng)}")
            lines.append(f"— {name}")
            batch.append(name)
        lines.append("Thanks, everyone!")
        for name in batch:
            lines.append(f"{name}, {_paragraph(rng)}")
    return "\n".join(lines) + "\n"


def markdown_page(size: int, seed: int = 4) -> str:
    rng = random.Random(seed)
    lines = ["# Ein Spaziergang am Kanal", "", f"Veröffentlicht am {_date(rng, german=True)}", ""]
    lines += [p for _ in range(5) for p in (_paragraph(rng), "")]
    lines += ["## 42 Kommentare", ""]
    while sum(len(line) + 1 for line in lines) < size:
        depth = rng.choice((0, 0, 0, 1, 1, 2))
        pad = "    " * depth
        lines += [
            f"{pad}  * **{rng.choice(NAMES)}** sagt:",
            "",
            f"{pad}    {_date(rng, german=True)}",
            "",
            f"{pad}    {_paragraph(rng)}",
            "",
            f"{pad}    Antworten",
            "",
        ]
    return "\n".join(lines) + "\n"


def flat_page(size: int, seed: int = 5) -> str:
    """A crawl's text extract: one block per line, no blank lines, no indentation."""
    rng = random.Random(seed)
    lines = [line for line in _head(rng) if line] + ["Kommentare"]
    while sum(len(line) + 1 for line in lines) < size:
        lines += [rng.choice(NAMES), _date(rng, german=True).replace("\\", ""), _paragraph(rng), "Antworten"]
    lines += ["Schreibe einen Kommentar", "Name *", "Neueste Beiträge", "Proudly powered by WordPress"]
    return "\n".join(lines) + "\n"


def short_lines_page(lines_wanted: int, seed: int = 6) -> str:
    """A home page rendered one short block per line (the 1,800-line page that once did not finish)."""
    rng = random.Random(seed)
    lines = ["Liz's canal notes", "Home", "About"]
    while len(lines) < lines_wanted - 2:
        lines += [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).title(),
            _date(rng),
            _sentence(rng, rng.randint(4, 9)),
            f"Hi {rng.choice(NAMES).split()[0]}! {_sentence(rng, 5)}",
            f"{rng.randint(0, 40)} Comments",
        ]
    lines += ["Older posts", "Proudly powered by WordPress"]
    return "\n".join(lines[:lines_wanted]) + "\n"


SHAPES = {
    "comments": comments_page,
    "home": home_page,
    "bare": bare_page,
    "markdown": markdown_page,
    "flat": flat_page,
}
