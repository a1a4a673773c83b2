"""Where a build's work runs: its worker processes, the slicing of work over them, work started
ahead while this process goes on, and a story per process.

A build forks its workers once, when it starts reading and before this process holds any
article, and every later stage shares them (`local_processes`). Forked later, each worker would
copy a day of wire copy again; kept, they keep the stems they learned reading.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from briefing.core import runtime

PARALLEL_ITEMS = 200  # fewer items than this: worker processes cost more than they save
SLICE_ITEMS = 5000  # items a worker takes at a time: a slice's results are held and sent whole
SLICES_PER_WORKER = 16  # smaller slices than an even share: a worker that finishes early takes more


@dataclass(frozen=True, slots=True)
class Task:
    """A function over a list of items with its other arguments fixed: what a worker runs on a
    slice (a plain object, so that it travels to a worker process)."""

    function: Callable[..., list[Any]]
    arguments: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, items: list[Any]) -> list[Any]:
        return self.function(items, **self.arguments)


@dataclass(frozen=True, slots=True)
class Workers:
    """A build's `count` worker processes (no pool: all work runs in this process)."""

    count: int = 1
    pool: ProcessPoolExecutor | None = None

    def map(self, task: Callable[[list[Any]], list[Any]], items: list[Any], work: int | None = None
            ) -> list[Any]:
        """task over the items, in slices over the workers when there are enough items; `work`:
        how many the items stand for, when not one each (a span of a mailbox, its messages)."""
        with self.started(task, items, work) as results:
            return results()

    @contextmanager
    def started(self, task: Callable[[list[Any]], list[Any]], items: list[Any], work: int | None = None
                ) -> Iterator[Callable[[], list[Any]]]:
        """task over the items started on the workers, a slice at a time, while this process goes
        on; the results when asked for. With no pool or few items (`work`, see map), run here
        when asked. Slices not started when it is left are dropped."""
        if self.pool is None or (len(items) if work is None else work) < PARALLEL_ITEMS:
            yield lambda: task(items)
            return
        size = min(-(-len(items) // (self.count * SLICES_PER_WORKER)), SLICE_ITEMS)
        slices = [items[start:start + size] for start in range(0, len(items), size)]
        parts = [self.pool.submit(task, part) for part in slices]
        try:
            yield lambda: _gathered(task, slices, parts)
        finally:
            for part in parts:
                part.cancel()


def _gathered(task: Callable[[list[Any]], list[Any]], slices: list[list[Any]],
              parts: list[Future[list[Any]]]) -> list[Any]:
    """The results of every slice in order. This process takes, from the last one back, the
    slices no worker has started (the workers take them from the first on), instead of idling."""
    taken = {index: task(slices[index]) for index in reversed(range(len(parts))) if parts[index].cancel()}
    return [result for index, part in enumerate(parts)
            for result in (taken[index] if index in taken else part.result())]


@contextmanager
def local_processes(count: int) -> Iterator[Workers]:
    """`count` worker processes forked from this one, for the stages of one run."""
    if count <= 1:
        yield Workers()
        return
    pool = ProcessPoolExecutor(max_workers=count, initializer=runtime.start_worker,
                               mp_context=multiprocessing.get_context("fork"))
    try:
        yield Workers(count, pool)
    finally:
        pool.shutdown(cancel_futures=True)


def workers_for(workers: Workers | int) -> AbstractContextManager[Workers]:
    """The run's workers when given, else `workers` processes of the stage's own."""
    return nullcontext(workers) if isinstance(workers, Workers) else local_processes(workers)


def each_in_a_process(function: Callable[[Any], Any], jobs: Sequence[Any], count: int) -> list[Any]:
    """function of each job, a job per worker process when there are several of both."""
    if count <= 1 or len(jobs) <= 1:
        return [function(job) for job in jobs]
    pool = ProcessPoolExecutor(max_workers=min(count, len(jobs)), initializer=runtime.start_worker)
    try:
        return list(pool.map(function, jobs))
    finally:
        pool.shutdown(cancel_futures=True)
