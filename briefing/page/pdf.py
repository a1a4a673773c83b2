"""PDF: lay out the HTML briefing with WeasyPrint, count the pages it fills, write it.

The HTML carries its CSS inline; every URL WeasyPrint would fetch is refused, so text from an
article (escaped anyway) can never make the renderer read a file or open a connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from briefing.core.naming import PDF_CREATOR

END_MARKER = "end"
MIN_SHARE = 0.001  # a page the end marker alone spills onto still runs over
KEPT_LAYOUTS = 8  # the fit's last layouts, kept for writing the chosen one


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


@lru_cache(maxsize=KEPT_LAYOUTS)
def layout(html: str) -> Any:
    """WeasyPrint's laid-out document (`HTML.render()`), not yet written."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=data_only_fetcher(), base_url=None).render()


def warm_up() -> None:
    """Load WeasyPrint and its fonts, so that processes forked later start with them."""
    layout("<p>briefing</p>")


def pages_filled(html: str) -> float:
    """The pages the document fills, in heights of a page's content area: those before the
    last whole, and the last one's down to the element with id="end" (the whole page without
    it). Above 1 exactly when it runs over; it grows in a line with the content across a break."""
    pages = layout(html).pages
    top, height = content_area(pages[-1])
    end = pages[-1].anchors.get(END_MARKER)
    share = max((end[1] - top) / height, MIN_SHARE) if end else 1.0
    return len(pages) - 1 + min(share, 1.0)


def pages_filled_together(htmls: Sequence[str]) -> list[float]:
    return [pages_filled(html) for html in htmls]


def content_area(page: Any) -> tuple[float, float]:
    """Where a laid-out page's content area starts, and its height.

    WeasyPrint's public Page has only the whole page's size; the page box it paints
    (`Page._page_box`, private) has the margins. tests/test_pdf.py fails if it goes away.
    """
    box = page._page_box
    return box.content_box_y(), box.height


def write_pdf_bytes(html: str) -> bytes:
    """The PDF, its Creator naming this tool so that a folder's reader never takes it for an article."""
    document = layout(html)
    document.metadata.generator = PDF_CREATOR
    return bytes(document.write_pdf())
