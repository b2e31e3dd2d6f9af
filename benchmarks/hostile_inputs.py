"""Benchmark: hostile and oversized inputs, at the sizes an outside review used and at ten times them.

Each case writes its input, runs ``wparchive import`` on it in a fresh process and
prints the outcome, the wall time and the peak resident memory (figures for
docs/hostile-inputs.md). ``--scale 1`` uses the review's sizes (issue 8), ``--scale 10``
ten times them: a defence that holds at one size and not the other is not a defence.

    python benchmarks/hostile_inputs.py --scale 1 --scale 10 [--case deep_thread] [--keep DIR]

The generators are also used by tests/test_hostile_inputs.py at small sizes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
    "<title>Hostile</title><link>https://hostile.example.org</link><wp:wxr_version>1.2</wp:wxr_version>\n"
)
TAIL = "</channel>\n</rss>\n"
BLOCK = 1 << 20


def _item(post_id: int | str, body: str = "<p>Hello.</p>", extra: str = "") -> str:
    return (
        f"<item><title>Post {post_id}</title><link>https://hostile.example.org/?p={post_id}</link>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded><wp:post_id>{post_id}</wp:post_id>"
        f"<wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt><wp:status>publish</wp:status>"
        f"<wp:post_type>post</wp:post_type>{extra}</item>\n"
    )


def _comment(comment_id: int, parent: int) -> str:
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author>A{comment_id}</wp:comment_author>"
        "<wp:comment_date_gmt>2020-01-01 00:00:00</wp:comment_date_gmt>"
        f"<wp:comment_content>Reply {comment_id}</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent>"
        "</wp:comment>"
    )


def _repeated_gzip_member(character: bytes, mib: int) -> bytes:
    """One gzip member of ``mib`` MiB of one byte: written once, repeated to make any size quickly."""
    return gzip.compress(character * (mib * BLOCK), compresslevel=9)


def gzip_bomb(path: Path, mib: int) -> Path:
    """A .xml.gz whose one item holds ``mib`` MiB of a single text node (concatenated gzip members)."""
    opening = (HEAD + "<item><title>Bomb</title><content:encoded><![CDATA[").encode()
    closing = ("]]></content:encoded><wp:post_id>1</wp:post_id></item>\n" + TAIL).encode()
    chunk_mib = min(mib, 64)
    member = _repeated_gzip_member(b"a", chunk_mib)
    with open(path, "wb") as out:
        out.write(gzip.compress(opening))
        for _ in range(mib // chunk_mib):
            out.write(member)
        out.write(gzip.compress(closing))
    return path


def big_text_node(path: Path, mib: int) -> Path:
    """A plain export with one post whose content is ``mib`` MiB long."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD + "<item><title>Big</title><content:encoded><![CDATA[")
        line = "All work and no play makes Jack a dull boy. " * 20 + "\n"
        for _ in range(mib * BLOCK // len(line)):
            out.write(line)
        out.write(
            "]]></content:encoded><wp:post_id>1</wp:post_id><wp:status>publish</wp:status></item>\n" + TAIL
        )
    return path


def lying_gzip_page(path: Path, mib: int) -> Path:
    """A .txt.gz of ``mib`` MiB + 19 bytes of text whose trailer claims 19 bytes.

    A gzip file's trailer holds the size of its last member modulo 2**32: here the
    last member really is 19 bytes, after ``mib`` MiB in the members before it.
    """
    chunk_mib = min(mib, 64)
    member = _repeated_gzip_member(b"x", chunk_mib)
    with open(path, "wb") as out:
        for _ in range(mib // chunk_mib):
            out.write(member)
        out.write(gzip.compress(b"\nThe end of a page\n"))
    return path


def big_ids(path: Path, count: int) -> Path:
    """Items whose ids are far apart and huge (2**31 - 1 and up).

    Memory must follow the count, not the ids.
    """
    step = (2**63 - 2**31) // max(count, 1)
    items = "".join(_item(2**31 - 1 + index * step) for index in range(count))
    path.write_text(HEAD + items + TAIL, encoding="utf-8")
    return path


def many_attributes(path: Path, count: int) -> Path:
    """One element of an item with ``count`` attributes (lxml reads attribute values in n**2)."""
    attributes = " ".join(f'a{index}="v"' for index in range(count))
    path.write_text(HEAD + _item(1, extra=f"<wp:odd {attributes}>x</wp:odd>") + TAIL, encoding="utf-8")
    return path


def deep_thread(path: Path, depth: int) -> Path:
    """One post whose comments form a single reply chain ``depth`` deep."""
    comments = "".join(_comment(index, index - 1) for index in range(1, depth + 1))
    path.write_text(HEAD + _item(1, extra=comments) + TAIL, encoding="utf-8")
    return path


def tiny_pages(folder: Path, count: int, start: int = 0) -> Path:
    """A folder of ``count`` small plain-text pages, numbered from ``start``.

    The pages are what a wget mirror rendered to text looks like.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(start, start + count):
        (folder / f"page-{index:06d}.txt").write_text(
            f"Notes number {index}\n\n"
            f"A short post, the {index}th of many, about nothing much.\n\n"
            "Leave a Reply\n",
            encoding="utf-8",
        )
    return folder


def zip_members(path: Path, count: int) -> Path:
    """A zip of ``count`` one-item exports (a WordPress.com export split into many files)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(count):
            archive.writestr(f"part-{index:06d}.xml", HEAD + _item(index + 1) + TAIL)
    return path


MEASURE = f"""
import json, sys, time
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import click
from peak_memory import peak_mib
from wparchive.cli import cli
start = time.perf_counter()
try:
    cli(sys.argv[1:], standalone_mode=False)
    code = 0
except click.ClickException:
    code = 1
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "peak_mib": peak_mib(), "exit": code}}))
"""


def measure(arguments: list[str]) -> dict:
    """Run the CLI in a fresh process: seconds, peak RSS (MiB), exit code, the first error line."""
    done = subprocess.run([sys.executable, "-c", MEASURE, *arguments], capture_output=True, text=True)
    if done.returncode != 0:
        return {
            "seconds": float("nan"),
            "peak_mib": float("nan"),
            "exit": done.returncode,
            "error": done.stderr.strip()[-300:],
        }
    result = json.loads(done.stdout.strip().splitlines()[-1])
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    result["error"] = errors[0] if errors else ""
    return result


# name -> (generator, size at --scale 1, unit, file name)
CASES: dict[str, tuple[Callable[[Path, int], Path], int, str, str]] = {
    "gzip_bomb": (gzip_bomb, 1536, "MiB decompressed", "bomb.xml.gz"),
    "big_text_node": (big_text_node, 100, "MiB text node", "big.xml"),
    "lying_gzip_page": (lying_gzip_page, 4096, "MiB page, trailer says 19 B", "page.txt.gz"),
    "big_ids": (big_ids, 1000, "items, ids from 2**31-1 to 2**63", "ids.xml"),
    "many_attributes": (many_attributes, 1_000_000, "attributes on one element", "attributes.xml"),
    "deep_thread": (deep_thread, 5000, "replies in one chain", "thread.xml"),
    "tiny_pages": (tiny_pages, 10_000, "text pages in a folder", "pages"),
    "zip_members": (zip_members, 3000, "members in one zip", "parts.zip"),
}


def run_case(name: str, scale: int, folder: Path) -> dict:
    generator, size, unit, file_name = CASES[name]
    size *= scale
    target = generator(folder / f"{scale}x-{file_name}", size)
    db = folder / f"{name}-{scale}x.db"
    result = measure(["import", str(db), str(target), "--quiet"])
    result.update(
        case=name, size=f"{size:,} {unit}", db_mib=db.stat().st_size / BLOCK if db.exists() else 0.0
    )
    return result


def run_special(folder: Path) -> list[dict]:
    """Inputs that are not files: a device and a FIFO must be refused at once, not read forever."""
    fifo = folder / "pipe.xml"
    if not fifo.exists():
        os.mkfifo(fifo)
    results = []
    for name, target in (("urandom", "/dev/urandom"), ("fifo", str(fifo))):
        result = measure(["import", str(folder / f"{name}.db"), target, "--quiet"])
        result.update(case=name, size="-", db_mib=0.0)
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=int, action="append", help="1 = the review's sizes, 10 = ten times (repeatable)"
    )
    parser.add_argument(
        "--case", action="append", choices=sorted(CASES), help="only these cases (repeatable)"
    )
    parser.add_argument(
        "--keep", type=Path, help="write inputs and archives here instead of a temporary folder"
    )
    args = parser.parse_args()
    scales = args.scale or [1]
    cases = args.case or list(CASES)
    print(
        f"{'case':<16} {'scale':>5} {'size':<42} {'exit':>4} {'seconds':>9} "
        f"{'peak MiB':>9} {'db MiB':>8}  outcome"
    )
    with tempfile.TemporaryDirectory(dir=args.keep) as temporary:
        folder = Path(temporary)
        rows = [] if args.case else [dict(r, scale="-") for r in run_special(folder)]
        for name in cases:
            for scale in scales:
                rows.append(dict(run_case(name, scale, folder), scale=f"{scale}x"))
                row = rows[-1]
                print(
                    f"{row['case']:<16} {row['scale']:>5} {row['size']:<42} {row['exit']:>4} "
                    f"{row['seconds']:>9.2f} {row['peak_mib']:>9.1f} {row['db_mib']:>8.1f}  "
                    f"{row['error'][:110] or 'imported'}",
                    flush=True,
                )
        for row in rows[: 0 if args.case else 2]:
            print(
                f"{row['case']:<16} {'-':>5} {'-':<42} {row['exit']:>4} {row['seconds']:>9.2f} "
                f"{row['peak_mib']:>9.1f} {'-':>8}  {row['error'][:110]}"
            )


if __name__ == "__main__":
    main()
