"""PDF: WeasyPrint lays out the HTML, measures how much of the page it fills, fetches nothing."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from briefing.pdf import (
    data_only_fetcher,
    laid_out_apart,
    layout,
    pages_filled,
    pages_filled_together,
    warm_up,
    write_pdf_bytes,
)

PAGE = ('<html><head><style>@page {{ size: A4; margin: 10mm }}</style></head>'
        '<body>{}<div id="end"></div></body></html>')
DOT = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
       "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def test_pdf_a_short_page_fills_part_of_one_and_a_long_one_runs_over() -> None:
    short = pages_filled(PAGE.format("<p>One line.</p>"))
    half = pages_filled(PAGE.format("<p>line</p>" * 30))
    long = pages_filled(PAGE.format("<p>line</p>" * 200))
    assert 0 < short < half < 1 < long


def test_pdf_bytes_are_a_pdf() -> None:
    data = write_pdf_bytes(PAGE.format("<p>Hello</p>"))
    assert data.startswith(b"%PDF-")


def test_pdf_fetcher_reads_data_urls_and_refuses_the_rest() -> None:
    fetcher = data_only_fetcher()
    fetched = fetcher.fetch(DOT)
    assert fetched is not None
    for url in ("https://example.org/logo.png", "file:///etc/passwd", "/etc/passwd"):
        with pytest.raises(ValueError, match="does not fetch"):
            fetcher.fetch(url)


def test_pdf_laid_out_apart_measures_and_writes_the_same_in_another_process() -> None:
    long = PAGE.format("<p>line</p>" * 200)
    here = (pages_filled(long), write_pdf_bytes(long))
    layout.cache_clear()
    with laid_out_apart():
        apart = (pages_filled(long), write_pdf_bytes(long))
        assert layout.cache_info().currsize == 0  # laid out in the other process, not this one
    assert apart == here
    assert pages_filled(long) == here[0]  # after it, laid out here again
    assert layout.cache_info().currsize == 1


def test_pdf_laid_out_two_at_once_measures_and_writes_the_same_and_leaves_no_process() -> None:
    """The second document of a pair is laid out beside the layout process, in a fork of it,
    which writes its PDF too; both processes end with the context."""
    long, short = PAGE.format("<p>line</p>" * 200), PAGE.format("<p>line</p>" * 30)
    here = (pages_filled(long), pages_filled(short), write_pdf_bytes(long), write_pdf_bytes(short))
    with laid_out_apart(at_once=2):
        measured = pages_filled_together([long, short])
        apart = (*measured, write_pdf_bytes(long), write_pdf_bytes(short))
        forked = descendants(os.getpid())
    assert apart == here
    assert len(forked) >= 2  # the layout process and the one beside it
    assert not [pid for pid in forked if running(pid)]


def test_pdf_a_first_document_that_fits_is_written_while_the_other_is_laid_out() -> None:
    """The fit's probe that fits is most often its page: written ahead, the same bytes."""
    short, long = PAGE.format("<p>line</p>" * 30), PAGE.format("<p>line</p>" * 200)
    here = (pages_filled(short), pages_filled(long), write_pdf_bytes(short), write_pdf_bytes(long))
    with laid_out_apart(at_once=2):
        measured = pages_filled_together([short, long])
        apart = (*measured, write_pdf_bytes(short), write_pdf_bytes(short), write_pdf_bytes(long))
    assert apart[:3] == here[:3]
    assert apart[3:] == here[2:]  # written again from the layout once the one ahead is taken


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



def test_pdf_warming_up_in_a_callers_process_leaves_its_garbage_collection_alone() -> None:
    """Only processes that live for one run (the layout process, workers, the command) freeze
    what they hold; a program that builds in its own process keeps collecting its garbage."""
    frozen = gc.get_freeze_count()
    warm_up()
    assert gc.get_freeze_count() == frozen
