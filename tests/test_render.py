"""Render: the Markdown and HTML of a small hand-made briefing, through the built-in templates."""

from __future__ import annotations

import pytest

from briefing.audience import load_audience
from briefing.models import Article, Briefing, Item, Section, Sentence
from briefing.render import Look, render_html, render_markdown

TEXT = "The harbour bridge reopened to traffic on Tuesday after six months of repairs."


def briefing(date: str | None, sources: int) -> Briefing:
    articles = tuple(Article(path=f"{n}.txt", text=TEXT, outlet=f"Outlet {n}") for n in range(sources))
    item = Item(text=TEXT, sources=tuple(range(sources)), score=1.0,
                members=tuple(Sentence(TEXT, n, 0, 1.0) for n in range(sources)))
    return Briefing(title="Harbour bridge reopens", date=date, sources=articles,
                    sections=(Section(key="event", title="What happened", items=(item,)),),
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
