"""Render: the Markdown and HTML of a small hand-made briefing, through the built-in templates."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from briefing.audience import load_audience
from briefing.models import Article, Briefing, Item, Section, Sentence
from briefing.pdf import write_pdf_bytes
from briefing.render import Look, code_span, render_html, render_json, render_markdown, safe_url

TEXT = "The harbour bridge reopened to traffic on Tuesday after six months of repairs."


def briefing(date: str | None, sources: int) -> Briefing:
    articles = tuple(Article(path=f"{n}.txt", text=TEXT, outlet=f"Outlet {n}") for n in range(sources))
    item = Item(text=TEXT, sources=tuple(range(sources)), weight=1.0,
                members=tuple(Sentence(TEXT, n, 0, 1.0) for n in range(sources)))
    return Briefing(title="Harbour bridge reopens", date=date, sources=articles,
                    sections=(Section(kind="event", title="What happened", items=(item,)),),
                    read=sources)


@pytest.fixture(scope="module")
def look() -> Look:
    return Look(load_audience("analyst"))


@pytest.mark.parametrize(
    ("date", "sources", "meta"),
    [("2024-03-05", 2, "2024-03-05 · 2 sources"), (None, 2, "2 sources"), (None, 1, "1 source")],
)
def test_render_meta_line_names_the_date_only_when_known(
        look: Look, date: str | None, sources: int, meta: str) -> None:
    markdown = render_markdown(briefing(date, sources), look)
    assert meta in markdown.splitlines()
    assert f'<p class="meta">{meta}</p>' in render_html(briefing(date, sources), look)


def test_render_cites_every_source_of_an_item_and_lists_them(look: Look) -> None:
    markdown = render_markdown(briefing("2024-03-05", 2), look)
    (line,) = [line for line in markdown.splitlines() if TEXT in line]
    assert "[1][2]" in line
    assert "1. Outlet 0" in markdown
    assert "2. Outlet 1" in markdown


STORM_12 = "The storm killed 12 people in the coastal province, officials said."
STORM_20 = "The storm killed 20 people in the coastal province, officials said."


def disputed() -> Briefing:
    articles = tuple(Article(path=f"{n}.txt", text=STORM_12, outlet=f"Outlet {n}") for n in range(3))
    other = Item(text=STORM_20, sources=(1, 2), weight=0.5,
                 members=(Sentence(STORM_20, 1, 0, 0.5), Sentence(STORM_20, 2, 0, 0.5)))
    item = Item(text=STORM_12, sources=(0,), weight=1.0, members=(Sentence(STORM_12, 0, 0, 1.0),),
                differs=(other,))
    return Briefing(title="Storm hits the coast", date=None, sources=articles,
                    sections=(Section(kind="event", title="What happened", items=(item,)),), read=3)


@pytest.mark.parametrize("audience", ["analyst", "executive", "press"])
def test_render_figures_that_differ_are_shown_with_who_reported_each(audience: str) -> None:
    look = Look(load_audience(audience))
    markdown = render_markdown(disputed(), look)
    (line,) = [line for line in markdown.splitlines() if STORM_12 in line]
    assert "sources differ" in line
    assert STORM_20 in line
    assert line.index("[1") < line.index(STORM_20) < line.index("[2")  # '[2][3]', or '[2,3]' compact
    html = render_html(disputed(), look)
    assert '<span class="differs"><b>Sources differ:</b> ' + STORM_20 in html
    data = json.loads(render_json(disputed()))
    (shown,) = data["sections"][0]["items"]
    assert shown["sources_differ"] is True
    assert shown["differs"] == [{"text": STORM_20, "sources": [2, 3]}]
    assert len(PdfReader(io.BytesIO(write_pdf_bytes(html))).pages) == 1


@pytest.mark.parametrize(("url", "shown"), [
    ("https://example.com/news/flood-2024", True),
    ("http://example.com/a?b=c&d=e", True),
    ("javascript:alert(1)", False),
    ("x> <img src=x> [y](http://example.com) <", False),
    ("file:///etc/passwd", False),
    ("example.com/no-scheme", False),
])
def test_render_only_http_source_urls_become_links(url: str, shown: bool) -> None:
    assert (safe_url(url) == url) is shown
    assert safe_url(url) in ("", url)


@pytest.mark.parametrize(("name", "span"), [
    ("notes.txt", "`notes.txt`"),
    ("x` [link](http://example.com) `y.txt", "``x` [link](http://example.com) `y.txt``"),
    ("two\nlines.txt", "`two lines.txt`"),
    ("`edge`", "`` `edge` ``"),
])
def test_render_a_file_name_stays_inside_its_code_span(name: str, span: str) -> None:
    assert code_span(name) == span
