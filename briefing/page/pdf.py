"""PDF: lay out the HTML briefing with WeasyPrint, with no network and no file access.

The HTML carries its CSS inline; every URL WeasyPrint would fetch is refused, so text from an
article (escaped anyway) can never make the renderer read a file or open a connection.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from multiprocessing.pool import Pool
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # imported before the command line is read (briefing.__main__): nothing else
    from briefing.models import Briefing, Look

END_MARKER = "end"
MIN_SHARE = 0.001  # a page the end marker alone spills onto still runs over
APART: list[tuple[int, ProcessPoolExecutor, int]] = []  # by the pid it lays out for: the layout
# process, and the layouts it makes at once
BESIDE: list[Pool] = []  # in that process: a fork of it, warm, that lays out beside it
LAID_OUT_BESIDE: set[str] = set()  # in that process: the documents laid out beside it (kept there)
WRITTEN_AHEAD: dict[str, bytes] = {}  # in that process: PDFs written while the fork laid out beside
Result = TypeVar("Result")
Argument = TypeVar("Argument")


@lru_cache(maxsize=1)
def data_only_fetcher() -> Any:
    """WeasyPrint's URLFetcher (the class its docs say to subclass) that reads `data:` URLs (an
    inline logo in a user template) and refuses every other URL: nothing from the network or
    the disk. WeasyPrint logs the refusal and lays the page out without the resource."""
    from weasyprint.urls import URLFetcher

    class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type stubs
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"briefing does not fetch resources ({url})")
            return super().fetch(url, headers)

    return DataOnlyFetcher(allowed_protocols={"data"})


@lru_cache(maxsize=8)
def layout(html: str) -> Any:
    """WeasyPrint's laid-out document, not yet written; the fit's last layouts are kept for the write."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=data_only_fetcher(), base_url=None).render()


def warm_up() -> None:
    """Load WeasyPrint and its fonts, so that processes forked later start with them."""
    layout("<p>briefing</p>")


def _warm_up_for_the_run(at_once: int) -> None:
    """warm_up in the layout process, which lives as long as the run: what it holds from then on
    is frozen out of its garbage collections, which would otherwise walk it at every layout.
    (Not in warm_up: a program that builds in its own process keeps its collections.) With
    `at_once` 2, it then forks a process that lays out beside it, warm too."""
    warm_up()
    gc.freeze()
    if at_once > 1:
        BESIDE.append(multiprocessing.get_context("fork").Pool(1))  # a daemon: it ends with this process


@contextmanager
def laid_out_apart(at_once: int = 1) -> Iterator[None]:
    """Within it, this process's layouts are made in a process of its own, forked now: it
    imports WeasyPrint and its fonts (about a second) while this process reads and summarises,
    and keeps the fit's layouts for writing the PDF. It ignores Ctrl-C (this process stops the
    run), and processes forked later from this one lay out for themselves. With `at_once` 2,
    it lays out two documents measured together at the same time (the fit's pairs).

    Opened again inside one (the command opens one before it reads its command line, see
    briefing.__main__), it uses the same process, `at_once` documents at a time at most. When
    the run fails or is stopped, the process is ended, not waited for: a mistyped option would
    otherwise wait for WeasyPrint's import.
    """
    apart = _layout_process()
    if apart:
        APART.append((os.getpid(), apart[0], min(at_once, apart[1])))
        try:
            yield
        finally:
            APART.pop()
        return
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                               initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN))
    others = set(multiprocessing.active_children())
    pool.submit(_warm_up_for_the_run, at_once)  # starts the process
    started = set(multiprocessing.active_children()) - others
    APART.append((os.getpid(), pool, at_once))
    try:
        yield
    except BaseException as stop:
        if not (isinstance(stop, SystemExit) and stop.code in (0, None)):  # a command's exit when done
            for process in started:
                process.terminate()
        raise
    finally:
        APART.pop()
        pool.shutdown(cancel_futures=True)


def layouts_at_once() -> int:
    """How many documents this process's layouts are made of at the same time."""
    apart = _layout_process()
    return apart[1] if apart else 1


def _layout_process() -> tuple[ProcessPoolExecutor, int] | None:
    """This process's layout process and the layouts it makes at once, if it has one (processes
    forked from this one see it in APART, but lay out for themselves)."""
    if APART and APART[-1][0] == os.getpid():
        return APART[-1][1], APART[-1][2]
    return None


def _where_laid_out(function: Callable[[Argument], Result], argument: Argument) -> Result:
    """function(argument) in this process's layout process if it has one, else here."""
    apart = _layout_process()
    return apart[0].submit(function, argument).result() if apart else function(argument)


def pages_filled(html: str) -> float:
    """The pages the document fills, in heights of a page's content area: those before the
    last whole, and the last one's down to the end marker. Above 1 exactly when it runs over.

    The marker is an element with id="end" closing the document (the built-in templates have
    one); without it the last page counts whole. The margins a page break adds count for
    nothing, so what a document fills grows in a line with its content on either side of the
    break: the fit predicts from counts that run over where the page is full.
    """
    return _where_laid_out(_pages_filled_here, html)


def pages_filled_together(htmls: Sequence[str]) -> list[float]:
    """pages_filled of each document, laid out at the same time where a process lays out beside."""
    return _where_laid_out(_pages_filled_beside, list(htmls))


def _pages_filled_beside(htmls: list[str]) -> list[float]:
    """The first document laid out here, the others beside (if this process has a fork for it).

    A first document that fits one page is most often the page the fit chooses (the fit's
    probe, measured beside the next count up), so its PDF is written at once, while the fork
    is still laying out: the write costs the run nothing then, instead of following the fit.
    """
    if not BESIDE or len(htmls) < 2:
        return [_pages_filled_here(html) for html in htmls]
    others = [BESIDE[0].apply_async(_pages_filled_here, (html,)) for html in htmls[1:]]
    LAID_OUT_BESIDE.update(htmls[1:])
    first = _pages_filled_here(htmls[0])
    if first <= 1:
        WRITTEN_AHEAD[htmls[0]] = _pdf_bytes_here(htmls[0])
    return [first, *(other.get() for other in others)]


def _pages_filled_here(html: str) -> float:
    pages = layout(html).pages
    top, height = _content_area(pages[-1])
    end = pages[-1].anchors.get(END_MARKER)
    share = max((end[1] - top) / height, MIN_SHARE) if end else 1.0
    return len(pages) - 1 + min(share, 1.0)


def _content_area(page: Any) -> tuple[float, float]:
    """Where a laid-out page's content area starts, and its height: from the page's box (the
    box `Page.paint` draws), else the whole page, margins and all."""
    box = getattr(page, "_page_box", None)
    return (box.content_box_y(), box.height) if box is not None else (0.0, page.height)


def write_pdf_bytes(html: str) -> bytes:
    return _where_laid_out(_pdf_bytes_where_laid_out, html)


def _pdf_bytes_where_laid_out(html: str) -> bytes:
    """The PDF written by the process that laid the document out, which keeps its layout."""
    if html in WRITTEN_AHEAD:
        return WRITTEN_AHEAD.pop(html)
    if html in LAID_OUT_BESIDE:
        return bytes(BESIDE[0].apply(_pdf_bytes_here, (html,)))
    return _pdf_bytes_here(html)


def _pdf_bytes_here(html: str) -> bytes:
    return bytes(layout(html).write_pdf())


def page_measure(look: Look) -> Callable[[Sequence[Briefing]], list[float]]:
    """The real measure for the fit: render the briefings, and the pages each fills."""
    from briefing.render import render_html

    def measure(briefings: Sequence[Briefing]) -> list[float]:
        return pages_filled_together([render_html(briefing, look) for briefing in briefings])

    return measure
