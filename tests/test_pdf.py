"""PDF: WeasyPrint lays out the HTML, measures how much of the page it fills, fetches nothing."""

from __future__ import annotations

import gc
from itertools import pairwise

import pytest

from briefing.page.pdf import content_area, data_only_fetcher, layout, pages_filled, warm_up, write_pdf_bytes

PAGE = ('<html><head><style>@page {{ size: A4; margin: 10mm }}</style></head>'
        '<body>{}<div id="end"></div></body></html>')
DOT = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
       "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def test_pdf_a_short_page_fills_part_of_one_and_a_long_one_runs_over() -> None:
    short = pages_filled(PAGE.format("<p>One line.</p>"))
    half = pages_filled(PAGE.format("<p>line</p>" * 20))
    long = pages_filled(PAGE.format("<p>line</p>" * 200))
    assert 0 < short < half < 1 < long


def test_pdf_a_page_fills_in_a_line_across_a_page_break() -> None:
    """Counted in content heights, a page break adds no margins: each line adds the same share,
    the line that starts the second page too, but for the part line left at the foot of the first."""
    lines = ('<html><head><style>@page {{ size: A4; margin: 30mm }} p {{ margin: 0 }}</style></head>'
             '<body>{}<div id="end"></div></body></html>')
    fills = [pages_filled(lines.format("<p>line</p>" * count)) for count in range(40, 60)]
    steps = [later - earlier for earlier, later in pairwise(fills)]
    broken = next(n for n, fill in enumerate(fills) if fill > 1) - 1  # the step onto the second page
    line = steps[0]
    assert all(step == pytest.approx(line) for n, step in enumerate(steps) if n != broken)
    assert line < steps[broken] < 2 * line  # the old measure added both margins: ten lines' worth


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


def test_pdf_warming_up_in_a_callers_process_leaves_its_garbage_collection_alone() -> None:
    """Only processes that live for one run (the layout process, workers, the command) freeze
    what they hold; a program that builds in its own process keeps collecting its garbage."""
    frozen = gc.get_freeze_count()
    warm_up()
    assert gc.get_freeze_count() == frozen


def test_pdf_content_area_comes_from_weasyprints_page_box_and_excludes_the_margins() -> None:
    """content_area reads WeasyPrint's private `Page._page_box`: this fails loudly if it changes."""
    page = layout(PAGE.format("<p>Hello</p>")).pages[0]
    top, height = content_area(page)
    margin = 10 * 96 / 25.4  # 10 mm in CSS pixels
    assert top == pytest.approx(margin)
    assert height == pytest.approx(page.height - 2 * margin)
