"""The layout process: PDFs measured and written in a process of its own give the same bytes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from briefing.page import pdf
from briefing.page.layout_process import (
    laid_out_apart,
    layouts_at_once,
    pages_filled,
    pages_filled_together,
    write_pdf_bytes,
)

PAGE = ('<html><head><style>@page {{ size: A4; margin: 10mm }}</style></head>'
        '<body>{}<div id="end"></div></body></html>')
layout = pdf.layout


def test_layout_process_laid_out_apart_measures_and_writes_the_same_in_another_process() -> None:
    long = PAGE.format("<p>line</p>" * 200)
    here = (pages_filled(long), write_pdf_bytes(long))
    layout.cache_clear()
    with laid_out_apart():
        apart = (pages_filled(long), write_pdf_bytes(long))
        assert layout.cache_info().currsize == 0  # laid out in the other process, not this one
    assert apart == here
    assert pages_filled(long) == here[0]  # after it, laid out here again
    assert layout.cache_info().currsize == 1


def test_layout_process_laid_out_two_at_once_measures_and_writes_the_same_and_leaves_no_process() -> None:
    """The second document of a pair is laid out beside the layout process, in a fork of it,
    which writes its PDF too; both processes end with the context."""
    long, short = PAGE.format("<p>line</p>" * 200), PAGE.format("<p>line</p>" * 30)
    here = (pages_filled(long), pages_filled(short), write_pdf_bytes(long), write_pdf_bytes(short))
    earlier = descendants(os.getpid())  # what other tests in this process left (a resource tracker)
    with laid_out_apart(at_once=2):
        measured = pages_filled_together([long, short])
        apart = (*measured, write_pdf_bytes(long), write_pdf_bytes(short))
        forked = descendants(os.getpid()) - earlier
    assert apart == here
    assert len(forked) >= 2  # the layout process and the one beside it
    assert not [pid for pid in forked if running(pid)]


def test_layout_process_a_first_document_that_fits_is_written_while_the_other_is_laid_out() -> None:
    """The fit's probe that fits is most often its page: written ahead, the same bytes."""
    short, long = PAGE.format("<p>line</p>" * 30), PAGE.format("<p>line</p>" * 200)
    here = (pages_filled(short), pages_filled(long), write_pdf_bytes(short), write_pdf_bytes(long))
    with laid_out_apart(at_once=2):
        measured = pages_filled_together([short, long])
        apart = (*measured, write_pdf_bytes(short), write_pdf_bytes(short), write_pdf_bytes(long))
    assert apart[:3] == here[:3]
    assert apart[3:] == here[2:]  # written again from the layout once the one ahead is taken


def test_layout_process_laid_out_apart_inside_another_uses_its_process_at_most_as_many_at_once() -> None:
    """The command opens one before it reads its command line; the build's own then uses it."""
    long = PAGE.format("<p>line</p>" * 200)
    here = pages_filled(long)
    with laid_out_apart(at_once=2):
        started = set(multiprocessing.active_children())
        with laid_out_apart(at_once=1):
            assert layouts_at_once() == 1
            assert pages_filled(long) == here
            assert set(multiprocessing.active_children()) == started  # no other process
        assert layouts_at_once() == 2
        with laid_out_apart(at_once=3):
            assert layouts_at_once() == 2
    assert layouts_at_once() == 1


def test_layout_process_a_run_that_fails_ends_its_layout_process_without_waiting_for_it() -> None:
    """A mistyped option must not wait for WeasyPrint's import in the layout process."""
    started: list[multiprocessing.process.BaseProcess] = []
    with pytest.raises(RuntimeError):
        run_that_ends_with(RuntimeError("the run failed"), started)
    assert [process.exitcode for process in started] == [-signal.SIGTERM]


def test_layout_process_a_run_that_succeeds_lets_its_layout_process_finish() -> None:
    started: list[multiprocessing.process.BaseProcess] = []
    with pytest.raises(SystemExit):
        run_that_ends_with(SystemExit(0), started)  # how a command ends when it is done
    assert [process.exitcode for process in started] == [0]


def run_that_ends_with(stop: BaseException, started: list[multiprocessing.process.BaseProcess]) -> None:
    """A run laying out two at a time that ends with `stop`; its layout process goes in `started`.
    Every process forked for it has ended within a few seconds (the one beside, with its parent)."""
    forked: set[int] = set()
    earlier = descendants(os.getpid())  # what other tests in this process left (a resource tracker)
    children = set(multiprocessing.active_children())
    try:
        with laid_out_apart(at_once=2):
            started += [child for child in multiprocessing.active_children() if child not in children]
            pages_filled(PAGE.format("<p>One line.</p>"))  # warm: the process beside is forked
            forked = descendants(os.getpid()) - earlier
            raise stop
    finally:
        assert len(forked) == 2
        assert ended_soon(forked)


def ended_soon(pids: set[int]) -> bool:
    """Whether the processes all end within a few seconds (a fork ends when its parent does)."""
    deadline = time.monotonic() + 5
    while [pid for pid in pids if running(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    return not [pid for pid in pids if running(pid)]


def descendants(pid: int) -> set[int]:
    """The processes forked from `pid`, and from them, read from /proc (Linux)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, new = set(), {pid}
    while new:
        new = {child for child, parent in parents.items() if parent in new} - found
        found |= new
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
