"""Output formats: the registry of what a build writes, by file suffix, and the page measure.

A format is one entry of `OUTPUTS`: a function from the briefing's renderers to the file's
bytes. The PDF is laid out from the HTML; the writer and the measure are passed in by the
run layer, which may lay pages out in a process of its own (`briefing.page.layout_process`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from briefing.core.models import Briefing
from briefing.page import pdf
from briefing.page.audience import Look
from briefing.page.render import render_html


@dataclass(frozen=True, slots=True)
class Renderers:
    """The renderers of one briefing or index, each run only when a format needs it."""

    markdown: Callable[[], str]
    html: Callable[[], str]
    data: Callable[[], str]
    write_pdf: Callable[[str], bytes] = pdf.write_pdf_bytes


OUTPUTS: dict[str, Callable[[Renderers], bytes]] = {  # output formats, by file suffix
    "md": lambda r: r.markdown().encode("utf-8"),
    "pdf": lambda r: r.write_pdf(r.html()),
    "json": lambda r: r.data().encode("utf-8"),
    "html": lambda r: r.html().encode("utf-8"),
}
FORMATS = tuple(OUTPUTS)  # what a build can write: a format added to OUTPUTS is one too


def rendered(formats: Sequence[str], renderers: Renderers) -> dict[str, bytes]:
    """The bytes of each requested format, by suffix, in the order of OUTPUTS."""
    return {fmt: write(renderers) for fmt, write in OUTPUTS.items() if fmt in formats}


def page_measure(look: Look, pages_filled_together: Callable[[Sequence[str]], list[float]]
                 = pdf.pages_filled_together) -> Callable[[Sequence[Briefing]], list[float]]:
    """The measure for the fit: render the briefings, and the pages each fills."""

    def measure(briefings: Sequence[Briefing]) -> list[float]:
        return pages_filled_together([render_html(briefing, look) for briefing in briefings])

    return measure
