"""Imports on a Dask cluster (``--cluster``) build the archive a local import builds, table by table.

The crawls are written with warcio in the test: the blog pages of ``fixtures/html`` between pages
of other sites, images, redirects, a 404, a damaged record and an HTML response larger than a page
may be. They are cut into many small partitions, so that records are found from arbitrary offsets,
and read on a ``distributed.LocalCluster`` of two worker processes; one test kills a worker while
the import runs.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from archive_compare import content_of
from click.testing import CliRunner
from conftest import FIXTURES, run_import, scalar, table_dump
from crawl_build import write_crawl

from wparchive.cli import cli
from wparchive.cluster import ClusterSettings, ClusterUnavailable, ShardPlan, Sizes, import_on_cluster
from wparchive.cluster.run import connected
from wparchive.readers.base import ReadOptions
from wparchive.store.schema import open_db
from wparchive.store.shape import ensure_db_shape

distributed = pytest.importorskip(
    "distributed", reason="the cluster extra (dask[distributed]) is not installed"
)

VOLATILE = frozenset({"imported_at", "created_at", "applied_at", "cleaned_at"})
SMALL = Sizes(partition_bytes=16 << 10, partition_files=7)  # dozens of partitions from a small crawl
MIRROR = FIXTURES / "sites" / "harbour-lights" / "mirror"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=40
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crawl") / "crawl.warc.gz"
    write_crawl(path, damaged=True, huge=True)
    return path


def _on_cluster(
    db_path: Path, inputs: list[str], settings: ClusterSettings, on_result=None
) -> tuple[int, int, list[str]]:
    errors: list[str] = []
    db = open_db(db_path)
    try:
        imported, failures, _ = import_on_cluster(
            db, inputs, ReadOptions(), True, on_result or (lambda result: None), errors.append, settings
        )
        ensure_db_shape(db)
    finally:
        db.close()
    return imported, failures, errors


def _local(db_path: Path, *inputs: Path) -> list[str]:
    result = run_import(db_path, *inputs)
    return [line for line in result.output.splitlines() if line.startswith("Error: ") and " of " not in line]


def _same(local: Path, cluster: Path) -> None:
    assert table_dump(local, ("_sqlite_migrations",), VOLATILE) == table_dump(
        cluster, ("_sqlite_migrations",), VOLATILE
    )


def test_a_crawl_read_on_the_cluster_gives_the_archive_a_local_import_gives(
    crawl: Path, scheduler: str, tmp_path: Path
) -> None:
    local_errors = _local(tmp_path / "local.db", crawl)
    imported, failures, errors = _on_cluster(
        tmp_path / "cluster.db", [str(crawl)], ClusterSettings(scheduler, SMALL)
    )
    _same(tmp_path / "local.db", tmp_path / "cluster.db")
    assert scalar(tmp_path / "cluster.db", "SELECT count(*) FROM comments") > 200
    assert sorted(f"Error: {line}" for line in errors) == sorted(local_errors)
    assert any("damaged" in line for line in errors) and any("larger than 50 MiB" in line for line in errors)
    assert failures == len(errors)


def test_a_mirror_folder_with_a_crawl_and_an_export_in_it(scheduler: str, tmp_path: Path) -> None:
    folder = tmp_path / "mirror"
    shutil.copytree(MIRROR, folder)
    shutil.copy(FIXTURES / "wxr" / "wellformed" / "comment-meta.xml", folder / "export.xml")
    write_crawl(folder / "pages.warc.gz", pages=sorted((FIXTURES / "html").glob("*.html"))[:12])
    _local(tmp_path / "local.db", folder)
    _on_cluster(tmp_path / "cluster.db", [str(folder)], ClusterSettings(scheduler, SMALL))
    _same(tmp_path / "local.db", tmp_path / "cluster.db")
    kinds = {
        kind for (kind,) in sqlite_utils.Database(tmp_path / "cluster.db").execute("SELECT kind FROM sources")
    }
    assert {"html", "wxr", "warc"} <= kinds


def test_killing_a_worker_mid_run_still_gives_the_same_archive(crawl: Path, tmp_path: Path) -> None:
    _local(tmp_path / "local.db", crawl)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=50
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = client.run(os.getpid)
        stored: list[object] = []

        def kill_one_worker_early(result: object) -> None:
            stored.append(result)
            if len(stored) == 5:
                os.kill(next(iter(pids.values())), signal.SIGKILL)

        settings = ClusterSettings(cluster.scheduler_address, SMALL, window=3)
        _on_cluster(tmp_path / "cluster.db", [str(crawl)], settings, kill_one_worker_early)
        assert set(client.run(os.getpid).values()) != set(pids.values()), "the worker was killed and replaced"
    _same(tmp_path / "local.db", tmp_path / "cluster.db")


def test_partitions_written_to_shards_are_merged_into_the_same_content(
    crawl: Path, scheduler: str, tmp_path: Path
) -> None:
    _local(tmp_path / "local.db", crawl)
    shards = ShardPlan(above=0, folder=str(tmp_path / "shards"))
    _on_cluster(tmp_path / "cluster.db", [str(crawl)], ClusterSettings(scheduler, SMALL, shards))
    assert content_of(tmp_path / "local.db") == content_of(tmp_path / "cluster.db")
    assert not list((tmp_path / "shards").glob("*.db")), "merged shards are removed"


def test_the_command_reports_what_the_cluster_read(crawl: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["import", str(tmp_path / "a.db"), str(crawl), "--cluster", "local:2", "--partition-mb", "1"]
    )
    assert result.exit_code == 1, "the damaged record and the huge response are failures"
    report = result.stderr
    pages = scalar(tmp_path / "a.db", "SELECT count(*) FROM sources WHERE kind = 'warc'")
    blog_pages = re.search(r"blog pages (\d+) \((\d+) read on workers", report)
    assert blog_pages and blog_pages.groups() == (str(pages), str(pages)), report
    assert "worker tcp://" in report and "Traceback" not in result.output
    assert scalar(tmp_path / "a.db", "SELECT count(*) FROM posts") > 50


def test_without_dask_the_command_says_how_to_install_it(
    crawl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(cli, ["import", str(tmp_path / "a.db"), str(crawl), "--cluster", "local:2"])
    assert result.exit_code == 1
    assert "pip install 'wparchive[cluster]'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "a.db").exists()


def test_an_unreachable_scheduler_is_one_line() -> None:
    unreachable = pytest.raises(
        ClusterUnavailable, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"
    )
    with unreachable, connected("tcp://127.0.0.1:9", timeout=2):
        pass
    with pytest.raises(ClusterUnavailable, match="local:N needs a number"), connected("local:lots"):
        pass


def test_an_unreachable_scheduler_leaves_no_new_archive_behind(
    crawl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import functools

    import wparchive.cli.importing

    quick = functools.partial(ClusterSettings, connect_seconds=2)
    monkeypatch.setattr(wparchive.cli.importing, "ClusterSettings", quick)
    archive = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["import", str(archive), str(crawl), "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("a.db*"))
