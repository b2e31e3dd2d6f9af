"""Accuracy of the plain-text reader on text renderings of real and fixture HTML pages.

The text reader's own benchmark (``text_accuracy.py``) scores pages whose keys were written by
hand. This one needs no hand-made key: it takes saved HTML pages, turns each into text two ways
(``render_text.py``: html2text markdown, and the flat block text of a crawl extract) and asks the
text reader for the comments, with the HTML reader's comments as the answer key.

How the key is made (an independent route: it comes from the markup, not from the text reader)

* ``read_html`` reads the page. A page it refuses is skipped. A page that yields exactly one post
  (a post or a static page) is scored; a page of several posts (home page, archive, search) whose
  posts hold no comment is an *invention probe* only; anything else is skipped.
* The key comments are the post's comments with, for each, the WordPress id from the markup
  (``li#comment-N``), the author name, the type (comment, pingback, trackback), the text and
  the parent's WordPress id. Pings without an id (Twenty Ten/Eleven) are put back in page order:
  the HTML reader lists them after the comments. Each key comment is found in the flat rendering
  by its first twelve words (the comments one after another; a ping at the occurrence nearest
  the comments) and the key is sorted by those places.

How predicted comments are matched

* The text reader (``read_text``, in process, on the rendering's UTF-8 bytes) runs under a
  ``signal.alarm`` of 20 s per page; a timeout, a refusal or a crash counts as no comment found
  and is reported. Its comments of every post, in its order, are the prediction.
* Key and prediction are aligned monotonically (the longest common subsequence, a dynamic
  programme), so a comment found out of place does not count. A pair can match when
  - the authors agree: casefolded, whitespace folded, markdown ``*``, ``_`` and ``\\`` stripped,
    equal. For a pingback or trackback in the key the names need only share a word of three or
    more letters, or either may be empty (a ping's "author" is a page title that tools shorten);
  - and the texts agree: both cut into words (letters and digits, casefolded, so markdown
    escapes and markers fall away; a leading "Pingback:"/"Trackback:" label is dropped), the
    Dice coefficient of the two word multisets is at least 0.8, or one text's words contain the
    other's as a run with a length ratio of at least 0.8. Two empty texts agree.
* Figures, pooled over the comments of a group of pages: precision, recall and F1 of the
  alignment with authors (the main figure), the text-only F1 (the same alignment with authors
  ignored), parent accuracy over matched pairs whose key comment has a parent (the predicted
  parent must be the prediction matched to the key parent), and *invented*: the comments the
  reader produced on pages whose key has none (the goal is 0). ``page_f1_mean`` averages the
  per-page F1 (trafilatura's style) for pages with key comments.

    python benchmarks/text_rendered_accuracy.py               # per-page table and overall figures
    python benchmarks/text_rendered_accuracy.py --json        # overall figures as JSON
    python benchmarks/text_rendered_accuracy.py --only flat --corpus fixtures --page twentyten
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from render_text import render_flat, render_markdown

from wparchive.model import CommentRecord, PostRecord
from wparchive.readers.base import PageContext, Refused
from wparchive.readers.html.read import read_html
from wparchive.readers.text.reader import read_text

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "external" / "html"
FIXTURES = ROOT / "fixtures" / "html"
RENDERINGS: dict[str, Callable[[bytes], str]] = {"markdown": render_markdown, "flat": render_flat}
CORPORA = ("real", "fixtures")
TIMEOUT = 20.0  # seconds per page and rendering
SITE_URL = "https://text-rendered.example.invalid/"
DICE = 0.8
PROBE_WORDS = 12

_WORD = re.compile(r"[^\W_]+")
_PING_LABEL = re.compile(r"^\s*[*_\\]*\s*(?:pingback|trackback)\s*[*_\\]*\s*:", re.I)
_NAME_MARKUP = re.compile(r"[*_\\]")


# --- the key and the prediction ---------------------------------------------------------------


@dataclass
class Comment:
    """One comment of the key or of the prediction, reduced to what is compared."""

    wp_id: int | None
    author: str | None
    kind: str
    text: str
    parent: int | None  # key: the parent's WordPress id; prediction: the parent's index in the list
    words: list[str] = field(default_factory=list)
    bag: Counter[str] = field(default_factory=Counter)
    name: str = ""

    def __post_init__(self) -> None:
        text = _PING_LABEL.sub("", self.text) if self.kind != "comment" else self.text
        self.words = words(text)
        self.bag = Counter(self.words)
        self.name = fold_name(self.author)


def words(text: str | None) -> list[str]:
    """Casefolded runs of letters and digits: markdown markers, escapes and punctuation fall away."""
    return _WORD.findall((text or "").casefold())


def fold_name(name: str | None) -> str:
    """An author name as compared: markdown ``*``, ``_``, ``\\`` stripped, casefolded, spaces folded."""
    return " ".join(_NAME_MARKUP.sub(" ", name or "").casefold().split())


@dataclass
class Page:
    """A saved HTML page and what the HTML reader says of it."""

    path: Path
    corpus: str
    key: list[Comment]
    probe: bool  # a page of several posts without comments: only what the reader invents is scored

    @property
    def name(self) -> str:
        return self.path.name


def _key_records(data: bytes, label: str) -> tuple[list[CommentRecord], bool] | None:
    """The single post's comments (and False), a comment-less listing's nothing (and True), or None."""
    try:
        result = read_html(data, PageContext(label=label))
    except Refused:
        return None
    posts = [record for record in result.records if isinstance(record, PostRecord)]
    if len(posts) == 1:
        return posts[0].comments, False
    if len(posts) > 1 and not any(post.comments for post in posts):
        return [], True
    return None


def _find(stream: list[str], probe: list[str], start: int) -> Iterator[int]:
    """Every place at or after ``start`` where the word list ``probe`` begins in ``stream``."""
    if not probe:
        return
    first, size = probe[0], len(probe)
    for index in range(start, len(stream) - size + 1):
        if stream[index] == first and stream[index : index + size] == probe:
            yield index


def _probe(comment: Comment) -> list[str]:
    return (comment.words or words(comment.author))[:PROBE_WORDS]


def page_order(key: list[Comment], flat: str) -> list[Comment]:
    """The key in page order: the HTML reader lists pings without an id after the comments."""
    stream = words(flat)
    places: dict[int, float] = {}
    last = 0
    for index, comment in enumerate(key):  # comments with an id (or any comment): one after another
        if comment.wp_id is None and comment.kind != "comment":
            continue
        found = next(_find(stream, _probe(comment), last), None)
        places[index] = found if found is not None else last
        last = found if found is not None else last
    low, high = (min(places.values()), max(places.values())) if places else (0, 0)
    last = 0
    for index, comment in enumerate(key):  # pings without an id: the occurrence nearest the comments
        if index in places:
            continue
        hits = list(_find(stream, _probe(comment), last))
        found = min(hits, key=lambda at: max(low - at, at - high, 0), default=None)
        places[index] = found + 0.5 if found is not None else last + 0.5
        last = found if found is not None else last
    order = sorted(range(len(key)), key=lambda index: (places[index], index))
    return [key[index] for index in order]


def key_comments(records: list[CommentRecord]) -> list[Comment]:
    return [
        Comment(r.wp_id, r.author_name, r.comment_type, r.content_text or "", r.wp_parent_id) for r in records
    ]


class Timeout(Exception):
    """The text reader ran past its time on one page."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise Timeout in the main thread after ``seconds`` (SIGALRM; the reader may loop for long)."""

    def ring(signum: int, frame: object) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Prediction:
    comments: list[Comment]
    seconds: float
    outcome: str  # ok, timeout, refused: ..., error: ...


def predict(text: str, label: str, timeout: float = TIMEOUT) -> Prediction:
    """The text reader's comments for one rendering, in its order, parents as list indexes."""
    started = time.perf_counter()
    records: list[CommentRecord] = []
    outcome = "ok"
    try:
        with deadline(timeout):
            for record in read_text(text.encode("utf-8"), label, SITE_URL):
                if isinstance(record, PostRecord):
                    records.extend(record.comments)
    except Timeout:
        records, outcome = [], "timeout"
    except Refused as refusal:
        records, outcome = [], f"refused: {refusal}"
    except Exception as error:  # noqa: BLE001 - a crash on one rendering is a finding, not the end
        records, outcome = [], f"error: {type(error).__name__}: {error}"
    seconds = time.perf_counter() - started
    index_of = {record.position: index for index, record in enumerate(records)}
    comments = [
        Comment(
            None,
            r.author_name,
            r.comment_type,
            r.content_text or "",
            index_of.get(r.parent_position) if r.parent_position is not None else None,
        )
        for r in records
    ]
    return Prediction(comments, seconds, outcome)


# --- matching ---------------------------------------------------------------------------------


def _contains(longer: list[str], shorter: list[str]) -> bool:
    return next(_find(longer, shorter, 0), None) is not None


def texts_agree(key: Comment, ours: Comment) -> bool:
    """Dice of the word multisets >= 0.8, or one text holds the other with a length ratio >= 0.8."""
    a, b = len(key.words), len(ours.words)
    if a == 0 or b == 0:
        return a == b
    if min(a, b) / max(a, b) < DICE / (2 - DICE):  # Dice cannot reach 0.8: skip the count
        return False
    shared = sum((key.bag & ours.bag).values())
    if 2 * shared / (a + b) >= DICE:
        return True
    longer, shorter = (key.words, ours.words) if a >= b else (ours.words, key.words)
    return len(shorter) / len(longer) >= DICE and _contains(longer, shorter)


def authors_agree(key: Comment, ours: Comment) -> bool:
    """Equal folded names; for a ping, a shared word of three letters or more, or a missing name."""
    if key.kind == "comment":
        return key.name == ours.name
    if not key.name or not ours.name:
        return True
    shared = set(words(key.name)) & set(words(ours.name))
    return any(len(word) >= 3 for word in shared) or key.name in ours.name or ours.name in key.name


def align(key: list[Comment], ours: list[Comment], with_authors: bool = True) -> list[tuple[int, int]]:
    """The largest monotone set of matching (key index, prediction index) pairs (LCS)."""

    def agree(i: int, j: int) -> bool:
        return texts_agree(key[i], ours[j]) and (not with_authors or authors_agree(key[i], ours[j]))

    n, m = len(key), len(ours)
    if not n or not m:
        return []
    table = [[0] * (m + 1) for _ in range(n + 1)]
    matches = [[False] * m for _ in range(n)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(m - 1, -1, -1):
            best = max(below[j], row[j + 1])
            if below[j + 1] + 1 > best and agree(i, j):
                matches[i][j] = True
                best = below[j + 1] + 1
            row[j] = best
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if matches[i][j] and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


# --- scores -----------------------------------------------------------------------------------


@dataclass
class PageScore:
    page: str
    corpus: str
    rendering: str
    probe: bool
    key: int
    found: int
    matched: int
    text_matched: int
    parent_key: int
    parent_ok: int
    seconds: float
    outcome: str

    @property
    def invented(self) -> int:
        return self.found if self.key == 0 else 0

    @property
    def f1(self) -> float:
        return f1(self.matched, self.found, self.key)


def f1(matched: int, found: int, key: int) -> float:
    if key == 0 and found == 0:
        return 1.0
    precision = matched / found if found else 0.0
    recall = matched / key if key else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_page(page: Page, rendering: str, prediction: Prediction) -> PageScore:
    ours = prediction.comments
    pairs = align(page.key, ours)
    text_pairs = align(page.key, ours, with_authors=False)
    key_of = {j: i for i, j in pairs}
    parent_key = parent_ok = 0
    for i, j in pairs:
        wanted = page.key[i].parent
        if wanted is None:
            continue
        parent_key += 1
        given = ours[j].parent
        if given is not None and given in key_of and page.key[key_of[given]].wp_id == wanted:
            parent_ok += 1
    return PageScore(
        page.name,
        page.corpus,
        rendering,
        page.probe,
        len(page.key),
        len(ours),
        len(pairs),
        len(text_pairs),
        parent_key,
        parent_ok,
        prediction.seconds,
        prediction.outcome,
    )


def figures(scores: list[PageScore]) -> dict[str, float | int | list[str]]:
    """Pooled figures of a group of page scores."""
    posts = [s for s in scores if not s.probe]
    key, found = sum(s.key for s in posts), sum(s.found for s in posts)
    matched, text_matched = sum(s.matched for s in posts), sum(s.text_matched for s in posts)
    parent_key, parent_ok = sum(s.parent_key for s in posts), sum(s.parent_ok for s in posts)
    with_comments = [s for s in posts if s.key]
    return {
        "pages": len(posts),
        "probe_pages": len(scores) - len(posts),
        "comments": key,
        "found": found,
        "matched": matched,
        "precision": round(matched / found, 3) if found else 0.0,
        "recall": round(matched / key, 3) if key else 0.0,
        "f1": round(f1(matched, found, key), 3),
        "text_f1": round(f1(text_matched, found, key), 3),
        "parent_accuracy": round(parent_ok / parent_key, 3) if parent_key else 1.0,
        "parents": parent_key,
        "parents_right": parent_ok,
        "page_f1_mean": round(sum(s.f1 for s in with_comments) / len(with_comments), 3)
        if with_comments
        else 0.0,
        "invented": sum(s.invented for s in scores),
        "zero_key_pages": sum(1 for s in scores if s.key == 0),
        "timeouts": sorted(s.page for s in scores if s.outcome == "timeout"),
        "failures": sorted(f"{s.page}: {s.outcome}" for s in scores if s.outcome not in ("ok", "timeout")),
        "seconds": round(sum(s.seconds for s in scores), 1),
    }


# --- the run ----------------------------------------------------------------------------------


def corpus_files(corpus: str) -> list[Path]:
    if corpus == "real":
        return sorted(REAL.rglob("*.html")) if REAL.is_dir() else []
    return sorted(FIXTURES.glob("*.html"))


def load_pages(corpora: Iterable[str] = CORPORA, only: Callable[[Path], bool] | None = None) -> list[Page]:
    """The scored pages with their keys, in page order; refused and unusable pages left out."""
    pages = []
    for corpus in corpora:
        for path in corpus_files(corpus):
            if only is not None and not only(path):
                continue
            data = path.read_bytes()
            found = _key_records(data, path.name)
            if found is None:
                continue
            records, probe = found
            key = page_order(key_comments(records), render_flat(data)) if records else []
            pages.append(Page(path, corpus, key, probe))
    return pages


def evaluate(
    renderings: Iterable[str] = tuple(RENDERINGS),
    corpora: Iterable[str] = CORPORA,
    only: Callable[[Path], bool] | None = None,
    timeout: float = TIMEOUT,
) -> dict:
    """Per-page scores and overall figures per rendering, per corpus and both together."""
    renderings, corpora = tuple(renderings), tuple(corpora)
    scores: list[PageScore] = []
    for page in load_pages(corpora, only):
        data = page.path.read_bytes()
        for rendering in renderings:
            text = RENDERINGS[rendering](data)
            scores.append(score_page(page, rendering, predict(text, page.name, timeout)))
    overall = {}
    for rendering in renderings:
        for corpus in (*corpora, "all"):
            group = [s for s in scores if s.rendering == rendering and corpus in (s.corpus, "all")]
            if group:
                overall[f"{rendering}/{corpus}"] = figures(group)
    return {"pages": scores, "overall": overall}


def _table(scores: list[PageScore]) -> Iterator[str]:
    yield (
        f"{'page':<46} {'corpus':<8} {'render':<8} {'key':>4} {'found':>5} {'match':>5} "
        f"{'F1':>5} {'textF1':>6} {'inv':>4} {'sec':>6}  outcome"
    )
    for s in scores:
        text_f1 = f1(s.text_matched, s.found, s.key)
        invented = str(s.invented) if s.key == 0 else "-"
        yield (
            f"{s.page[:46]:<46} {s.corpus:<8} {s.rendering:<8} {s.key:>4} {s.found:>5} {s.matched:>5} "
            f"{s.f1:>5.2f} {text_f1:>6.2f} {invented:>4} {s.seconds:>6.2f}  {s.outcome[:60]}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the overall figures as JSON")
    parser.add_argument("--only", choices=tuple(RENDERINGS), help="one rendering")
    parser.add_argument("--corpus", choices=CORPORA, help="one corpus")
    parser.add_argument("--page", help="only pages whose file name holds this")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per page and rendering")
    args = parser.parse_args(argv)
    corpora = (args.corpus,) if args.corpus else CORPORA
    if "real" in corpora and not REAL.is_dir():
        print(f"skipping the real pages: {REAL} is absent", file=sys.stderr)
        corpora = tuple(c for c in corpora if c != "real")
    results = evaluate(
        (args.only,) if args.only else tuple(RENDERINGS),
        corpora,
        (lambda path: args.page in path.name) if args.page else None,
        args.timeout,
    )
    if args.json:
        print(json.dumps(results["overall"], indent=2))
        return 0
    for line in _table(results["pages"]):
        print(line)
    print()
    for group, numbers in results["overall"].items():
        print(f"{group}: " + ", ".join(f"{name} {value}" for name, value in numbers.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
