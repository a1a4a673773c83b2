"""Render: the Markdown and HTML of a small hand-made briefing, through the built-in templates."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app
from briefing.core.models import Article, Briefing, IndexView, Item, Section, Sentence
from briefing.page.audience import Look, load_audience
from briefing.page.pdf import write_pdf_bytes
from briefing.page.render import (
    code_span,
    index_sizes,
    render_html,
    render_index_markdown,
    render_json,
    render_markdown,
    safe_url,
    shown_sizes,
)
from tests.conftest import pdf_page_count

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


def test_render_a_template_changed_between_renders_is_read_again(tmp_path: Path) -> None:
    """The template environment is kept between renders (a fit renders the page several
    times), yet a user's template edited in the meantime is compiled again, not served stale."""
    template = tmp_path / "briefing.md.j2"
    template.write_text("First version: {{ title }}\n", encoding="utf-8")
    look = Look(load_audience("analyst"), user_templates=tmp_path)
    assert render_markdown(briefing(None, 1), look) == "First version: Harbour bridge reopens\n"
    template.write_text("Second version: {{ title }}\n", encoding="utf-8")
    later = template.stat().st_mtime + 2
    os.utime(template, (later, later))
    assert render_markdown(briefing(None, 1), look) == "Second version: Harbour bridge reopens\n"


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


DATED = Path(__file__).resolve().parent / "fixtures" / "stories" / "dated"


@pytest.fixture(scope="module")
def dated_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The dated fixture story built for the analyst and the executive, every format."""
    built = {}
    for audience in ("analyst", "executive"):
        out = tmp_path_factory.mktemp(audience)
        result = CliRunner().invoke(app, ["build", str(DATED), "--out", str(out), "--audience", audience,
                                          "--format", "md,pdf,json,html"])
        assert result.exit_code == 0, result.output
        built[audience] = out / "briefing-2024-03-07"
    return built


def test_render_relative_dates_get_the_date_beside_them(dated_build: dict[str, Path]) -> None:
    stem = dated_build["analyst"]
    markdown = stem.with_suffix(".md").read_text(encoding="utf-8")
    assert "began a 48-hour strike on Wednesday *\\[6 March 2024\\]* over a plan" in markdown
    assert "said yesterday *\\[6 March 2024\\]* that" in markdown  # yesterday of a 7 March article
    assert "meet again on Friday *\\[8 March 2024\\]*" in markdown
    html = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert 'on Wednesday <span class="added">[6 March 2024]</span> over' in html
    items = [i for s in json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))["sections"]
             for i in s["items"]]
    began = next(i for i in items if "began a 48-hour strike" in i["text"])
    assert "on Wednesday over a plan" in began["text"]  # the sentence stays as the source wrote it
    assert began["dates"] == [{"phrase": "Wednesday", "date": "2024-03-06", "shown": "6 March 2024"}]


def test_render_single_source_items_are_marked_in_every_audience(dated_build: dict[str, Path]) -> None:
    for stem in dated_build.values():
        markdown = stem.with_suffix(".md").read_text(encoding="utf-8")
        data = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        items = [i for s in data["sections"] for i in s["items"]]
        assert any(i["single_source"] for i in items)
        for entry in items:
            assert entry["single_source"] == (len(entry["sources"]) == 1)
            line = next(line for line in markdown.splitlines() if line.startswith(f"- {entry['text'][:45]}"))
            assert ("*(single source)*" in line) == entry["single_source"]


def test_render_coverage_grid_for_the_analyst_within_one_page(dated_build: dict[str, Path]) -> None:
    analyst, executive = dated_build["analyst"], dated_build["executive"]
    html = analyst.with_suffix(".html").read_text(encoding="utf-8")
    data = json.loads(analyst.with_suffix(".json").read_text(encoding="utf-8"))
    points = [i for s in data["sections"] for i in s["items"]]
    grid = html[html.index('<table class="grid">'):html.index("</table>")]
    rows = grid.split("<tr>")[2:]
    assert len(rows) == len(data["sources"])
    for number, row in enumerate(rows, start=1):
        marks = [cell == "●" for cell in re.findall(r"<td>(.*?)</td>", row)]
        assert marks == [number in p["sources"] for p in points]
    assert "14 June" not in html
    assert "6 March 2024 [1, 2] · 7 March 2024 [3]" in html
    assert "in the PDF and HTML only" in analyst.with_suffix(".md").read_text(encoding="utf-8")
    assert pdf_page_count(analyst.with_suffix(".pdf")) == 1
    assert "Who reported what" in PdfReader(analyst.with_suffix(".pdf")).pages[0].extract_text()
    assert "Who reported what" not in executive.with_suffix(".html").read_text(encoding="utf-8")
    assert "PDF and HTML only" not in executive.with_suffix(".md").read_text(encoding="utf-8")


def test_render_source_urls_are_links(dated_build: dict[str, Path]) -> None:
    stem = dated_build["analyst"]
    html = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert '<a class="url" href="https://wire.example.org/2024/03/06/lisbon-dockers-strike">' in html
    (page,) = PdfReader(stem.with_suffix(".pdf")).pages
    uris = {annotation.get_object()["/A"]["/URI"] for annotation in page.get("/Annots", [])}
    assert "https://radio.example.net/lisbon-port" in uris


def many_source_briefing(count: int) -> Briefing:
    """A first item all `count` sources state (six citations shown), then one point per source,
    so the source list skips the numbers 7 and 8 of the first item's hidden citations."""
    articles = tuple(Article(path=f"{n}.txt", text=TEXT, outlet=f"Outlet {n + 1}") for n in range(count))
    first = Item(text=TEXT, sources=tuple(range(count)), weight=1.0,
                 members=tuple(Sentence(TEXT, n, 0, 1.0) for n in range(count)))
    own = tuple(Item(text=f"Outlet {n + 1} alone reports point {n + 1}.", sources=(n,), weight=0.5,
                     members=(Sentence(f"Outlet {n + 1} alone reports point {n + 1}.", n, 1, 0.5),))
                for n in range(8, count))
    return Briefing(title="Harbour bridge reopens", date=None, sources=articles,
                    sections=(Section(kind="event", title="What happened", items=(first, *own)),),
                    read=count)


def test_render_source_list_numbers_are_the_citation_numbers(look: Look) -> None:
    """A source list that skips numbers (citations past the sixth are not printed) keeps each
    source's own number, in the PDF as in the Markdown."""
    html = render_html(many_source_briefing(12), look)
    listed = re.findall(r'<li value="(\d+)">Outlet (\d+)', html)
    assert [int(n) for n, _ in listed] == [1, 2, 3, 4, 5, 6, 9, 10, 11, 12]
    assert all(number == outlet for number, outlet in listed)
    text = PdfReader(io.BytesIO(write_pdf_bytes(html))).pages[0].extract_text()
    assert re.search(r"9\.\s*Outlet 9\b", text)
    assert "7. Outlet" not in text
    markdown = render_markdown(many_source_briefing(12), look)
    assert "9. Outlet 9" in markdown


def test_render_shown_sizes_grow_as_the_page_does(look: Look) -> None:
    """What each count of items shows, in characters, grows by what the page grows by: an
    item's text and citations, and a line in the source list only for a source not yet listed."""
    articles = tuple(Article(path=f"{n}.txt", text=TEXT, outlet=f"Outlet {n}", title=f"Bridge news {n}")
                     for n in range(3))
    first = Item(text=TEXT, sources=(0, 1), weight=1.0, members=(Sentence(TEXT, 0, 0, 1.0),))
    other = "Traffic on the harbour bridge was light on the first morning, officials said."

    def page(second_source: int) -> tuple[list[int], str]:
        second = Item(text=other, sources=(second_source,), weight=0.5,
                      members=(Sentence(other, second_source, 1, 0.5),))
        shown = Briefing(title="Harbour bridge reopens", date=None, sources=articles, read=3,
                         sections=(Section(kind="event", title="What happened", items=(first, second)),))
        return shown_sizes([first, second], articles), render_markdown(shown, look)

    (listed, listed_page), (new, new_page) = page(1), page(2)
    assert listed[0] == 0 < listed[1] < listed[2]
    assert listed[1] == new[1]
    added = len(new_page) - len(listed_page)  # the third source's line
    assert added // 2 < new[2] - listed[2] <= added  # its words; the list's numbers and quotes aside


def test_render_index_sizes_grow_as_the_index_does(look: Look) -> None:
    """Each entry of the index adds what it shows: a story its headline, lede and file name,
    a lone article its line; so a story's entry weighs several articles' lines."""
    story = many_source_briefing(3)
    index = IndexView("2024-03-05", ((story, "briefing-2024-03-05-harbour-bridge-reopens"),),
                      (Article(path="lone.txt", text=TEXT, outlet="Outlet 9", title="Ferry late"),))
    sizes = index_sizes(index)
    assert sizes[0] == 0 < sizes[1] < sizes[2]
    assert sizes[1] - sizes[0] > 2 * (sizes[2] - sizes[1])
    views = [IndexView("2024-03-05", index.stories[:stories], index.leftovers[:lone])
             for stories, lone in ((0, 0), (1, 0), (1, 1))]  # none hidden: only the entries differ
    pages = [len(render_index_markdown(view, look)) for view in views]
    assert (pages[1] - pages[0]) // 2 < sizes[1] - sizes[0] <= pages[1] - pages[0]
    assert sizes[2] - sizes[1] <= pages[2] - pages[1]  # the line, and a heading over the lone articles


def test_render_coverage_grid_keeps_the_sources_that_state_most(look: Look) -> None:
    html = render_html(many_source_briefing(20), look)
    grid = html[html.index('<table class="grid">'):html.index("</table>")]
    rows = re.findall(r'<th class="source">(\d+)\. ', grid)
    assert [int(n) for n in rows] == list(range(9, 19))  # two points each, before those stating one
    assert "8 more in the source list" in html
