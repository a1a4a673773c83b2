"""The build on a Dask cluster: a real distributed.LocalCluster with worker processes, its files
compared with a local build's byte for byte, a worker killed mid-build, a scheduler that does not
answer, and the extra not installed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from briefing import api
from briefing.core import errors
from briefing.core.models import Edition
from briefing.deliver import daily
from briefing.run import cluster, pipeline
from tests.conftest import ROOT, SEEDS, free_port

STORIES = ROOT / "tests" / "fixtures" / "stories"
FORMATS = ROOT / "tests" / "fixtures" / "formats"
KINDS = ("md", "json")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five unrelated stories, a syndicated copy, a lone article, a damaged PDF and a file that is
    not an article."""
    folder = tmp_path_factory.mktemp("day")
    for story in sorted(STORIES.iterdir()):
        for article in sorted(story.iterdir()):
            shutil.copy(article, folder / f"{story.name}-{article.name}")
    first = min(folder.iterdir())
    shutil.copy(first, folder / f"copy-of-{first.name}")
    (folder / "lone.txt").write_text(
        "Orchard growers count a record apple harvest\n\nGrowers in the northern valleys picked a "
        "record crop of apples this autumn after a mild spring and a wet summer, the growers' "
        "association said on Monday. Prices at the wholesale market fell by a tenth as a result.\n",
        encoding="utf-8")
    (folder / "damaged.pdf").write_bytes((FORMATS / "aes-128.pdf").read_bytes()[:900])  # cut short
    (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return folder


def files_of(edition: Edition, kinds: tuple[str, ...] = KINDS) -> dict[str, bytes]:
    written = pipeline.edition_files(edition, api.look(), kinds, Path("out"))
    return {path.name: data for path, data in written.items()}


def local_build(folder: Path, single_story: bool = False) -> Edition:
    return pipeline.build_edition(folder, api.settings(), None, api.look(), KINDS, single_story, workers=2)


def cluster_build(folder: Path | str, address: str, single_story: bool = False) -> Edition:
    return cluster.build_edition(str(folder), address, api.settings(), None, api.look(), KINDS, single_story)


def test_cluster_build_of_a_day_equals_the_local_build_byte_for_byte(day: Path, scheduler: str) -> None:
    local, remote = local_build(day), cluster_build(day, scheduler)
    assert len(local.stories) == 5
    assert [a.path for a in local.leftovers] == [str(day / "lone.txt")]
    assert any(a.aliases for s in local.stories for a in s.briefing.sources)  # the copy counted once
    assert files_of(remote) == files_of(local)
    assert remote.skipped == local.skipped
    assert {Path(s.path).name for s in remote.skipped} == {"damaged.pdf", "notes.csv"}


def test_cluster_build_of_one_story_equals_the_local_build_with_its_pdf(scheduler: str) -> None:
    kinds = ("md", "json", "pdf")
    local = pipeline.build_edition(SEEDS, api.settings(), None, api.look(), kinds, workers=2)
    remote = cluster.build_edition(str(SEEDS), scheduler, api.settings(), None, api.look(), kinds)
    assert files_of(remote, kinds) == files_of(local, kinds)


def test_cluster_briefings_come_back_without_their_sources_text(day: Path, scheduler: str) -> None:
    remote = cluster_build(day, scheduler)
    sources = [a for s in remote.stories for a in s.briefing.sources]
    assert sources
    assert all(a.text == "" and a.title for a in sources)


def test_cluster_build_of_an_fsspec_url_reads_the_same_articles(day: Path, scheduler: str) -> None:
    local, remote = local_build(day), cluster_build(day.as_uri(), scheduler)
    assert [s.briefing.title for s in remote.stories] == [s.briefing.title for s in local.stories]
    assert ([[i.text for i in s.briefing.items] for s in remote.stories]
            == [[i.text for i in s.briefing.items] for s in local.stories])
    assert all(a.path.startswith("file://") for s in remote.stories for a in s.briefing.sources)


def test_cluster_build_with_a_worker_killed_midway_gives_the_same_files(tmp_path: Path) -> None:
    folder = tmp_path / "day"
    folder.mkdir()
    for copy in range(12):  # enough batches that one is running when its worker dies
        for story in sorted(STORIES.iterdir()):
            for article in sorted(story.iterdir()):
                text = article.read_text(encoding="utf-8")
                (folder / f"{copy:02d}-{story.name}-{article.name}").write_text(
                    text + f"\n\nReported by desk {copy} of {story.name}.\n", encoding="utf-8")
    expected = files_of(local_build(folder))
    with (LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local,
          Client(local.scheduler_address) as watcher):
        before = watcher.run(os.getpid)
        built: list[Edition] = []
        build = threading.Thread(target=lambda: built.append(cluster_build(folder, local.scheduler_address)))
        build.start()
        deadline = time.monotonic() + 60
        while not any(watcher.processing().values()) and time.monotonic() < deadline:
            time.sleep(0.005)
        busy = next(address for address, tasks in watcher.processing().items() if tasks)
        os.kill(before[busy], signal.SIGKILL)
        build.join(timeout=300)
        after = watcher.run(os.getpid)
    assert before[busy] not in after.values()  # the worker did die, and another took its place
    assert files_of(built[0]) == expected


def run_command(*arguments: str, environment: dict[str, str] | None = None,
                code: str = "from briefing.__main__ import main; main()") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *arguments], cwd=ROOT, capture_output=True,
                          text=True, check=False, timeout=300, env={**os.environ, **(environment or {})})


def test_cli_builds_on_the_scheduler_dask_scheduler_address_names(tmp_path: Path, scheduler: str) -> None:
    local = run_command("build", str(SEEDS), "--out", str(tmp_path / "local"), "--format", "md,json")
    remote = run_command("build", str(SEEDS), "--out", str(tmp_path / "remote"), "--format", "md,json",
                         environment={"DASK_SCHEDULER_ADDRESS": scheduler})
    assert local.returncode == remote.returncode == 0, remote.stderr
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "remote").iterdir())
    for name in names:
        assert (tmp_path / "remote" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()


def test_daily_builds_the_day_on_the_cluster(tmp_path: Path, scheduler: str) -> None:
    inbox, said = tmp_path / "inbox" / "2023-06-14", []
    shutil.copytree(SEEDS, inbox)
    settings, look = api.settings(), api.look()
    for name, address in (("local", None), ("remote", scheduler)):
        daily.run_day(daily.Day(inbox, tmp_path / name / "2023-06-14", "2023-06-14", settings, look,
                                scheduler=address), said.append, said.append)
    written = sorted(p.name for p in (tmp_path / "local" / "2023-06-14").glob("*.md"))
    assert written
    assert all((tmp_path / "remote" / "2023-06-14" / n).read_bytes()
               == (tmp_path / "local" / "2023-06-14" / n).read_bytes() for n in written)


def test_cli_unreachable_scheduler_is_one_line_and_exit_1_within_10_seconds(tmp_path: Path) -> None:
    start = time.monotonic()
    ran = run_command("build", str(SEEDS), "--out", str(tmp_path / "out"),
                      "--scheduler", f"tcp://127.0.0.1:{free_port()}")
    assert time.monotonic() - start < 10
    assert ran.returncode == 1
    assert ran.stderr.count("\n") == 1
    assert "cannot reach the Dask scheduler" in ran.stderr
    assert not (tmp_path / "out").exists()


def test_cli_scheduler_without_the_dask_extra_names_the_extra(tmp_path: Path) -> None:
    without_dask = "import sys; sys.modules['distributed'] = None; from briefing.__main__ import main; main()"
    ran = run_command("build", str(SEEDS), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:1",
                      code=without_dask)
    assert ran.returncode == 1
    assert ran.stderr.strip().splitlines() == [
        "error: --scheduler needs Dask distributed: pip install 'briefing[dask]'"]


INTERRUPTED_ON_THE_CLUSTER = """
import os, signal
from briefing.run import cluster
from briefing.__main__ import main

first_of_copies = cluster._first_of_copies


def then_interrupt(*args, **kwargs):  # Ctrl-C once the articles are read, the stories still to build
    found = first_of_copies(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGINT)
    return found


cluster._first_of_copies = then_interrupt
main()
"""


def test_cli_ctrl_c_during_a_cluster_build_writes_nothing_and_the_cluster_goes_on(
        day: Path, tmp_path: Path, scheduler: str) -> None:
    ran = run_command("build", str(day), "--out", str(tmp_path / "out"), "--scheduler", scheduler,
                      code=INTERRUPTED_ON_THE_CLUSTER)
    assert ran.returncode == 130
    assert "Traceback" not in ran.stderr
    assert not (tmp_path / "out").exists()
    again = run_command("build", str(SEEDS), "--out", str(tmp_path / "again"), "--scheduler", scheduler)
    assert again.returncode == 0, again.stderr
    assert len(list((tmp_path / "again").iterdir())) == 3


def test_cluster_scheduler_without_workers_is_one_error_naming_dask_worker() -> None:
    with LocalCluster(n_workers=0, processes=True, dashboard_address=":0") as empty:
        start = time.monotonic()
        with pytest.raises(errors.ClusterError, match="has no workers: start some"):
            cluster_build(SEEDS, empty.scheduler_address)
        assert time.monotonic() - start < 10


def test_cluster_build_of_hundreds_of_copies_equals_the_local_build(day: Path, tmp_path: Path,
                                                                   scheduler: str) -> None:
    """200 copies of one wire story (past the size where copies are found through the LSH index),
    a few of them with a line of their own: the same stories, aliases and files as locally."""
    folder = tmp_path / "wire"
    shutil.copytree(day, folder)
    story = min(folder.glob("dated-*"))
    for number in range(200):
        extra = f"\n\nCorrected by desk {number}.\n" if number % 50 == 0 else ""
        (folder / f"wire-{number:03d}.txt").write_text(story.read_text(encoding="utf-8") + extra,
                                                        encoding="utf-8")
    local, remote = local_build(folder), cluster_build(folder, scheduler)
    assert max(len(a.aliases) for s in local.stories for a in s.briefing.sources) >= 200
    assert files_of(remote) == files_of(local)
