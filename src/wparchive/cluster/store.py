"""What a worker found, stored through the importer of a local import, so both give one archive.

Used where the archive is (the results of each partition, in partition order) and on a worker
that writes its partition to a shard of its own (``shards``): the same steps either way.
"""

from __future__ import annotations

from wparchive import warc
from wparchive.cluster.work import Found, PartitionResult
from wparchive.ingest import Importer
from wparchive.inputs import InputSource, Unreadable, expand_inputs
from wparchive.parallel import PageJob, with_bytes


def store_partition(importer: Importer, result: PartitionResult) -> None:
    """Each document of a partition, in the order the worker read them."""
    for found in result.found:
        store_found(importer, found)


def store_found(importer: Importer, found: Found) -> None:
    if found.step == "unreadable":
        importer.fail(f"{found.label}: {found.message}", Unreadable(found.label, found.message or ""))
        return
    if found.step == "here_file":
        for source in expand_inputs([found.label], importer.options.every_page):
            importer.source(source)
        return
    source = source_of(found)
    if found.step == "undetected":
        importer.fail(f"{found.label}: {found.message}", source)
    elif found.step == "read_error":
        importer.fail(f"{found.label}: could not read the input: {found.message}", source)
    elif found.step == "refused":
        importer.refused(source, found.job_kind or "html", found.message or "")
    elif found.step == "here":
        importer.source(source)
    else:
        _store_read_page(importer, found, source)


def _store_read_page(importer: Importer, found: Found, source: InputSource) -> None:
    assert found.data is not None and found.outcome is not None and found.context is not None
    assert found.reader_kind is not None and found.job_kind is not None and found.sha256 is not None
    source.measured_size = len(found.data)
    job = PageJob(source, found.reader_kind, found.job_kind, found.data, found.sha256, found.context)
    importer.store(job, with_bytes(found.outcome, found.data))


def source_of(found: Found) -> InputSource:
    """The document as the archive's importer sees it: the bytes the worker sent (none for a document
    that failed: its label, size and place are all a failure records)."""
    return InputSource(
        found.label,
        warc.opener(found.data or b""),
        found.size,
        url=found.url,
        captured_at=found.captured_at,
        charset=found.charset,
        kind=found.kind,
        position=found.position,
    )
