"""``--format jsonl|csv|parquet``: the archive as three flat tables for analysis (pandas, DuckDB, R).

``posts``, ``comments`` (with their thread: ``parent_id``, ``depth``, ``thread_path``, ``root_id``,
so a thread is not flattened: peers.md, request 11) and ``pingbacks`` (kept apart from the
conversation, with the linking post's title and site). Posts carry their categories, tags and
custom fields (request 13), titles are decoded text (request 7), bodies are as exported.

Columns are those of ``store.read_rows`` (one definition: the SQL, the type, the description), and
``schema.json`` beside the files lists exactly the columns written, with their types and how each
type is written in this format. Private columns (e-mail, IP, password) are not even read unless
``--include-private``. Rows are streamed: JSONL and CSV line by line, Parquet in row groups of at
most ``BATCH_ROWS`` rows or about ``BATCH_CHARACTERS`` characters of text, so memory stays bounded.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from wparchive import __version__
from wparchive.export.base import ExportError, ExportJob, Written
from wparchive.store.read_rows import (
    BOOLEAN,
    COMMENT_COLUMNS,
    INTEGER,
    META_LIST,
    PINGBACK_COLUMNS,
    POST_COLUMNS,
    REAL,
    TEXT,
    TEXT_LIST,
    Column,
    iter_comment_rows,
    iter_pingback_rows,
    iter_post_rows,
    public_columns,
)

BATCH_ROWS = 5_000
BATCH_CHARACTERS = 2_000_000  # a row group of long posts stays small: Python and Arrow hold it twice
PARQUET_HINT = "the parquet format needs pyarrow: pip install 'wparchive[parquet]'"

Rows = Callable[[Any, Sequence[int], bool], Iterator[dict[str, Any]]]
TABLES: tuple[tuple[str, str, tuple[Column, ...], Rows], ...] = (
    ("posts", "every post, page, attachment and other item, one row each", POST_COLUMNS, iter_post_rows),
    (
        "comments",
        "every comment, pingback and trackback, post by post in thread order",
        COMMENT_COLUMNS,
        iter_comment_rows,
    ),
    (
        "pingbacks",
        "pingbacks and trackbacks (also in comments) with the linking page's title and site",
        PINGBACK_COLUMNS,
        lambda db, site_ids, include_private: iter_pingback_rows(db, site_ids),
    ),
)
TYPES = {
    INTEGER: "whole number",
    REAL: "decimal number",
    TEXT: "text",
    BOOLEAN: "true or false",
    TEXT_LIST: "list of text",
    META_LIST: 'list of {"key": text, "value": text} (a key may repeat)',
}
ENCODINGS = {
    "jsonl": "one JSON object per line, UTF-8; NULL is null, lists are JSON arrays",
    "csv": (
        "RFC 4180 (comma, double quotes, CRLF), UTF-8, header row; NULL is an empty field, booleans "
        "are true/false, lists are JSON arrays in the field"
    ),
    "parquet": (
        "integer int64, real float64, text string, boolean bool, list<text> list<string>, "
        "list<meta> list<struct<key: string, value: string>>"
    ),
}

# One table written to one file: (path, columns, rows) -> rows written.
TableWriter = Callable[[Path, Sequence[Column], Iterable[dict[str, Any]]], int]


def write_jsonl(job: ExportJob) -> Written:
    return _write_tables(job, "jsonl", _jsonl_table)


def write_csv(job: ExportJob) -> Written:
    return _write_tables(job, "csv", _csv_table)


def write_parquet(job: ExportJob) -> Written:
    _pyarrow()  # before any file is written
    return _write_tables(job, "parquet", _parquet_table)


def _write_tables(job: ExportJob, format_name: str, write_table: TableWriter) -> Written:
    if job.out.exists() and not job.out.is_dir():
        raise ExportError(f"{job.out} exists and is not a folder")
    job.out.mkdir(parents=True, exist_ok=True)
    written = Written()
    schema: dict[str, Any] = {}
    for name, description, all_columns, read in TABLES:
        columns = public_columns(all_columns, job.include_private)
        rows = read(job.db, job.site_ids, job.include_private)
        path = job.out / f"{name}.{format_name}"
        count = write_table(path, columns, _advancing(rows, job.advance) if name == "posts" else rows)
        written.files.append(path)
        written.posts += count if name == "posts" else 0
        written.comments += count if name == "comments" else 0
        schema[name] = _table_schema(path.name, description, count, columns)
    schema_path = job.out / "schema.json"
    document = {
        "written_by": f"wparchive {__version__}",
        "format": format_name,
        "encoding": ENCODINGS[format_name],
        "private_values": job.include_private,
        "types": TYPES,
        "tables": schema,
    }
    schema_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.files.append(schema_path)
    if not job.include_private:
        written.notes.append("no e-mail, IP or password column (they are written with --include-private)")
    return written


def _table_schema(file: str, description: str, rows: int, columns: Sequence[Column]) -> dict[str, Any]:
    return {
        "file": file,
        "description": description,
        "rows": rows,
        "columns": [{"name": c.name, "type": c.type, "description": c.description} for c in columns],
    }


def _advancing(rows: Iterable[dict[str, Any]], advance: Callable[[int], None]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield row
        advance(1)


def _jsonl_table(path: Path, columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value  # None is written as an empty field


def _csv_table(path: Path, columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
        names = [c.name for c in columns]
        writer.writerow(names)
        for row in rows:
            writer.writerow([_csv_value(row[name]) for name in names])
            count += 1
    return count


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (the submodule must be importable too)
    except ImportError:
        raise ExportError(PARQUET_HINT) from None
    return pyarrow


def _parquet_schema(pa: Any, columns: Sequence[Column]) -> Any:
    meta = pa.struct([("key", pa.string()), ("value", pa.string())])
    types = {
        INTEGER: pa.int64(),
        REAL: pa.float64(),
        TEXT: pa.string(),
        BOOLEAN: pa.bool_(),
        TEXT_LIST: pa.list_(pa.string()),
        META_LIST: pa.list_(meta),
    }
    return pa.schema(
        [pa.field(c.name, types[c.type], metadata={"description": c.description}) for c in columns]
    )


def _parquet_table(path: Path, columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> int:
    pa = _pyarrow()
    schema = _parquet_schema(pa, columns)
    count = 0
    with pa.parquet.ParquetWriter(str(path), schema) as writer:
        for batch in _batches(rows):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Rows in lists of at most BATCH_ROWS, cut early when their text passes BATCH_CHARACTERS."""
    batch: list[dict[str, Any]] = []
    characters = 0
    for row in rows:
        batch.append(row)
        characters += sum(len(value) for value in row.values() if isinstance(value, str))
        if len(batch) >= BATCH_ROWS or characters >= BATCH_CHARACTERS:
            yield batch
            batch, characters = [], 0
    if batch:
        yield batch
