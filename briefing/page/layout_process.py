"""The layout process: PDFs laid out in a process of their own, started before the build needs it.

WeasyPrint's import and fonts take most of a second. A process forked when the command starts
(`briefing.__main__`) spends it while the build reads and summarises, and keeps the fit's
layouts so that the chosen page is written without a second layout. With two layouts at once,
that process forks a helper that lays out the second document of each pair the fit measures.
Processes forked later from the build lay out for themselves.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.pool import Pool
from typing import TypeVar

from briefing.core import runtime
from briefing.page import pdf

# Kept per process. In the one that opened a layout process: that process, by this one's pid,
# with its layouts at once. In the layout process: its warm helper, the documents the helper laid
# out, and the PDFs written ahead while the helper worked (both bounded by _remember).
_OPENED: list[tuple[int, ProcessPoolExecutor, int]] = []
_BESIDE: list[Pool] = []
_LAID_OUT_BESIDE: dict[str, None] = {}
_WRITTEN_AHEAD: dict[str, bytes] = {}

Result = TypeVar("Result")
Argument = TypeVar("Argument")


def _warm_up_for_the_run(at_once: int) -> None:
    """In the layout process: WeasyPrint loaded and frozen out of its garbage collections, and,
    for two layouts at once, a warm helper forked."""
    pdf.warm_up()
    runtime.freeze_what_lives_on()
    if at_once > 1:
        _BESIDE.append(multiprocessing.get_context("fork").Pool(1))  # a daemon: ends with this process


@contextmanager
def laid_out_apart(at_once: int = 1) -> Iterator[None]:
    """Within it, this process's layouts are made in a process forked now, `at_once` documents
    at a time. Opened inside another, it uses the same process. A failed or stopped run ends
    that process rather than waiting for WeasyPrint's import."""
    apart = _layout_process()
    if apart:
        _OPENED.append((os.getpid(), apart[0], min(at_once, apart[1])))
        try:
            yield
        finally:
            _OPENED.pop()
        return
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                               initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))
    others = set(multiprocessing.active_children())
    pool.submit(_warm_up_for_the_run, at_once)  # starts the process
    started = set(multiprocessing.active_children()) - others
    _OPENED.append((os.getpid(), pool, at_once))
    try:
        yield
    except BaseException as stop:
        if not (isinstance(stop, SystemExit) and stop.code in (0, None)):  # a command's exit when done
            for process in started:
                process.terminate()
        raise
    finally:
        _OPENED.pop()
        pool.shutdown(cancel_futures=True)


def layouts_at_once() -> int:
    """How many documents this process's layouts are made of at the same time."""
    apart = _layout_process()
    return apart[1] if apart else 1


def _layout_process() -> tuple[ProcessPoolExecutor, int] | None:
    """This process's layout process and its layouts at once, if it opened one."""
    if _OPENED and _OPENED[-1][0] == os.getpid():
        return _OPENED[-1][1], _OPENED[-1][2]
    return None


def _where_laid_out(function: Callable[[Argument], Result], argument: Argument) -> Result:
    """function(argument) in this process's layout process if it has one, else here."""
    apart = _layout_process()
    return apart[0].submit(function, argument).result() if apart else function(argument)


def pages_filled(html: str) -> float:
    return _where_laid_out(pdf.pages_filled, html)


def pages_filled_together(htmls: Sequence[str]) -> list[float]:
    """pdf.pages_filled of each document, laid out at the same time where the layout process has
    a helper."""
    return _where_laid_out(_pages_filled_beside, list(htmls))


def _pages_filled_beside(htmls: list[str]) -> list[float]:
    """The first document laid out here, the others by the helper. A first document that fits
    is most often the fit's choice, so its PDF is written while the helper still works."""
    if not _BESIDE or len(htmls) < 2:
        return pdf.pages_filled_together(htmls)
    others = [_BESIDE[0].apply_async(pdf.pages_filled, (html,)) for html in htmls[1:]]
    _remember(_LAID_OUT_BESIDE, dict.fromkeys(htmls[1:]))
    first = pdf.pages_filled(htmls[0])
    if first <= 1:
        _remember(_WRITTEN_AHEAD, {htmls[0]: pdf.write_pdf_bytes(htmls[0])})
    return [first, *(other.get() for other in others)]


def _remember(kept: dict[str, Result], new: dict[str, Result]) -> None:
    """Add to a store of the layout process, keeping as many as pdf keeps layouts."""
    kept.update(new)
    for old in list(kept)[:-pdf.KEPT_LAYOUTS]:
        del kept[old]


def write_pdf_bytes(html: str) -> bytes:
    return _where_laid_out(_pdf_bytes_where_laid_out, html)


def _pdf_bytes_where_laid_out(html: str) -> bytes:
    """The PDF written by the process that laid the document out, which keeps its layout."""
    if html in _WRITTEN_AHEAD:
        return _WRITTEN_AHEAD.pop(html)
    if html in _LAID_OUT_BESIDE:
        return bytes(_BESIDE[0].apply(pdf.write_pdf_bytes, (html,)))
    return pdf.write_pdf_bytes(html)
