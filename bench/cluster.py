"""Cluster benchmark: a day of many stories built locally and on a Dask cluster of 1, 2 and 4
local workers, in one run.

The day is the scale benchmark's `stories` kind scaled up: STORY_ARTICLES articles per story on
average (3 to 60), each story a run of facts of its own (real prose: the scale benchmark's pool
and the standard library's docstrings; no two stories share one), every article 60-100% of
them reworded as the overlapping kind rewords (a sixth of the words swapped).

Each build is a whole `briefing build` process: locally with its default workers, and with
`--scheduler` against a `dask scheduler` and `dask worker --nworkers N --nthreads 1` started
for the size (Dask's profiler off, as docs/guide/cluster.md advises) and stopped after it.
Measured: wall time, the peak memory of the build's own processes (the client, for a cluster
build) and the peak of each worker process. The growth
exponent is log(time ratio) / log(article ratio) between the smallest and largest size.
Results land in bench/results/cluster.json.

Usage: python bench/cluster.py [--sizes 10000,100000] [--workers 1,2,4] [--no-local]
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import re
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # bench/ is not a package

RESULTS = scale.ROOT / "bench" / "results" / "cluster.json"
STORY_ARTICLES = 33  # 100,000 articles are about 3,000 stories
ARTICLES_PER_STORY = (3, 60)
FACTS_PER_STORY = (6, 12)
DOCSTRING = re.compile(r'"""(.*?)"""', re.DOTALL)
BIN = Path(sys.executable).parent
# Dask's statistical profiler samples each worker's stack every 10 ms: on WeasyPrint's deep
# layouts a build took 71.5 s with it and 52.9 s without (day of 1,000, one worker)
WORKER_CONFIG = {"DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}


def docstring_sentences() -> list[str]:
    """Prose sentences of the standard library's docstrings (its tests left out)."""
    found: dict[str, None] = {}
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py")):
        if {"test", "tests", "idlelib"} & set(path.parts):
            continue
        for text in DOCSTRING.findall(path.read_text(encoding="utf-8", errors="ignore")):
            for sentence in scale.sentences_of(inspect.cleandoc(text)):
                if (scale.PROSE.match(sentence) and not scale.CODE_MARKS.search(sentence)
                        and len(sentence.split()) >= 7):
                    found[sentence] = None
    return list(found)


def write_day(folder: Path, size: int, pool: list[str], seed: int) -> tuple[int, int]:
    """About size / STORY_ARTICLES stories of their own facts, `size` articles in all; the
    stories and sentences written."""
    generator = random.Random(seed)
    vocabulary = [w for s in pool for w in s.split() if w.isalpha() and w.islower()]
    facts = list(pool)
    generator.shuffle(facts)
    written = sentences = story = 0
    while written < size:
        count = min(generator.randint(*FACTS_PER_STORY), len(facts))
        own, facts = facts[:count], facts[count:]
        if not own:
            raise SystemExit(f"the prose pool ({len(pool)} sentences) is too small for {size} articles")
        for article in range(min(generator.randint(*ARTICLES_PER_STORY), size - written)):
            body = scale.overlapping_article(own, vocabulary, generator,
                                             generator.randint(max(2, count * 6 // 10), count))
            scale.write_article(folder / f"story-{story:05d}-{article:02d}.txt",
                                " ".join(body[0].split()[:10]).rstrip(",;"), body, f"Wire {article}")
            written, sentences = written + 1, sentences + len(body)
        story += 1
    return story, sentences


class Cluster:
    """A scheduler and `workers` worker processes on this machine, for one size's builds."""

    def __init__(self, workers: int, scratch: Path) -> None:
        self.address = f"tcp://127.0.0.1:{8786 + workers}"
        port = self.address.rsplit(":", 1)[1]
        log = (scratch / f"cluster-{workers}.log").open("w")
        self.scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--port", port,
                                           "--dashboard-address", ":0"], stdout=log, stderr=log)
        self.workers = subprocess.Popen([str(BIN / "dask"), "worker", self.address, "--nworkers",
                                         str(workers), "--nthreads", "1", "--memory-limit", "0"],
                                        stdout=log, stderr=log, env={**os.environ, **WORKER_CONFIG})
        self.count = workers
        self._wait_for_workers()

    def _wait_for_workers(self) -> None:
        from distributed import Client

        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(self.count, timeout=120)

    def worker_pids(self) -> list[int]:
        """The worker processes: the launcher's children (of any of its threads) that run a
        worker, not multiprocessing's resource tracker."""
        children = [int(pid) for task in Path(f"/proc/{self.workers.pid}/task").iterdir()
                    for pid in (task / "children").read_text().split()]
        return [pid for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]

    def stop(self) -> None:
        for process in (self.workers, self.scheduler):
            process.terminate()
            process.wait(timeout=60)


def run_build(command: list[str], timeout: float, workers: list[int]) -> dict:
    """Wall seconds, exit code, the build's peak memory (its own processes) and each worker's."""
    seconds, peak, code, peaks = scale.run_measured(command, timeout, workers)
    return {"seconds": round(seconds, 1), "exit": code, "peak_mb": round(peak),
            "worker_peaks_mb": [round(value) for value in peaks]}


def measure(size: int, pool: list[str], scratch: Path, options: argparse.Namespace) -> list[dict]:
    folder = scratch / f"day-{size}"
    folder.mkdir()
    stories, sentences = write_day(folder, size, pool, size)
    print(f"{size:,} articles, {stories:,} stories, {sentences:,} sentences", flush=True)
    base = {"articles": size, "stories": stories, "sentences": sentences}
    rows = []
    if options.local:
        command = [str(BIN / "briefing"), "build", str(folder), "--out", str(scratch / f"out-{size}-local")]
        rows.append({**base, "mode": "local", **run_build(command, options.timeout, [])})
        print(json.dumps(rows[-1]), flush=True)
    for workers in options.workers:
        cluster = Cluster(workers, scratch)
        try:
            command = [str(BIN / "briefing"), "build", str(folder), "--out",
                       str(scratch / f"out-{size}-{workers}"), "--scheduler", cluster.address]
            rows.append({**base, "mode": f"cluster, {workers} worker{'s' if workers > 1 else ''}",
                         **run_build(command, options.timeout, cluster.worker_pids())})
        finally:
            cluster.stop()
        print(json.dumps(rows[-1]), flush=True)
    return rows


def markdown_table(rows: list[dict], exponents: dict[str, float]) -> str:
    lines = ["| articles | stories | build | wall time | client peak | each worker's peak |",
             "|---:|---:|---|---:|---:|---|"]
    lines += [f"| {r['articles']:,} | {r['stories']:,} | {r['mode']} | {r['seconds']:.0f} s | "
              f"{r['peak_mb']:,} MB | {', '.join(f'{m:,} MB' for m in r.get('worker_peaks_mb', [])) or '-'} |"
              for r in rows]
    lines += ["", "Growth exponent (time against articles): "
              + ", ".join(f"{mode} {value:.2f}" for mode, value in exponents.items())]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--workers", default="1,2,4", type=lambda v: [int(n) for n in v.split(",") if n])
    parser.add_argument("--no-local", dest="local", action="store_false")
    parser.add_argument("--timeout", type=float, default=7200.0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    options = parser.parse_args()
    pool = list(dict.fromkeys(scale.prose_sentences() + docstring_sentences()))
    print(f"prose pool: {len(pool)} sentences", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(s) for s in options.sizes.split(",")):
            rows += measure(size, pool, Path(scratch), options)
    exponents = scale.growth(rows, group="mode", size="articles")
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps({"rows": rows, "growth": exponents}, indent=2) + "\n", encoding="utf-8")
    print(markdown_table(rows, exponents))


if __name__ == "__main__":
    main()
