"""Render: Markdown, HTML (for the PDF) and JSON from one prepared view of the briefing.

Templates are looked up most specific first: a user's folder, then the audience's, then the
built-in base, so a user overrides one block or one file without copying the rest. Templates get
a prepared view model and hold no logic; article text is escaped for each format.
"""

from __future__ import annotations

import datetime
import json
import re
import traceback
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

import jinja2
from markupsafe import Markup, escape

from briefing.core import errors
from briefing.core.models import Article, Briefing, IndexView, Item
from briefing.page.audience import Look, builtin_templates
from briefing.summarise import dates

CITATIONS_SHOWN = 6
TIMELINE_NUMBERS = 12  # source numbers named per day of the timeline; the rest counted
GRID_ROWS = 10  # sources in the coverage grid: one page holds the grid and the points
DROPPED_SHOWN = 3  # earlier points no longer reported, shown on the page; the JSON keeps all
UNSAFE_IN_URL = re.compile(r"[\s<>\"'`\\]")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


UNKNOWN_OUTLET = "Outlet not given"




@lru_cache(maxsize=16)
def _template_environment(look: Look, autoescape: bool) -> jinja2.Environment:
    """Templates searched most specific first: the user's, the audience's, the base.

    `base/NAME` and `audience/NAME` reach a lower layer, so an override can extend the file it
    replaces and change one block. One environment per look, kept: it keeps the templates it
    compiled (a fit renders the page several times) and compiles again any file that changed.
    """
    base = jinja2.FileSystemLoader(str(builtin_templates() / "base"))
    audience = jinja2.FileSystemLoader(str(look.audience.folder))
    layers: list[jinja2.BaseLoader] = [audience, base]
    if look.user_templates is not None:
        layers.insert(0, jinja2.FileSystemLoader(str(look.user_templates)))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader([*layers, jinja2.PrefixLoader({
            "base": base, "audience": jinja2.ChoiceLoader([audience, base])})]),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = _escape_markdown
    environment.filters["code"] = code_span
    environment.filters["dated"] = _dated_html if autoescape else _dated_markdown
    return environment


def _escape_markdown(text: str) -> str:
    """Article text shown literally in Markdown: markup characters are backslash-escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code_span(text: str) -> str:
    """Text as one Markdown code span, whatever it holds: on one line, fenced by one backtick
    more than its longest run of backticks (CommonMark), so a file name cannot end it."""
    one_line = " ".join(text.splitlines())
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{'`' * (longest + 1)}{pad}{one_line}{pad}{'`' * (longest + 1)}"


def _dated_html(point: dict[str, Any]) -> Markup:
    """A point's text with each relative date's absolute date added in brackets, marked as added."""
    return Markup("").join(
        escape(part) if added is None else Markup(' <span class="added">[{}]</span>').format(added)
        for part, added in _dated_parts(point))


def _dated_markdown(point: dict[str, Any]) -> str:
    return "".join(_escape_markdown(part) if added is None else f" *\\[{added}\\]*"
                   for part, added in _dated_parts(point))


def _dated_parts(point: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The text in pieces, (text, None), with ("", shown date) after each relative date phrase."""
    text, parts, at = point["text"], [], 0
    for note in point["dates"]:
        parts += [(text[at:note.end], None), ("", note.shown)]
        at = note.end
    return [*parts, (text[at:], None)]


def _source_label(article: Article) -> str:
    """The outlet's name; a file name is no outlet, so an article that names none says so."""
    return article.outlet or UNKNOWN_OUTLET


def _shown_citations(item: Item) -> list[int]:
    """The source numbers printed beside an item: the first few; the JSON keeps them all."""
    return [i + 1 for i in item.sources[:CITATIONS_SHOWN]]


def _citation_text(item: Item, compact: bool) -> str:
    numbers = _shown_citations(item)
    text = f"[{','.join(map(str, numbers))}]" if compact else "".join(f"[{n}]" for n in numbers)
    hidden = len(item.sources) - len(numbers)
    return f"{text} +{hidden}" if hidden else text


def shown_sizes(items: Sequence[Item], sources: Sequence[Article]) -> list[int]:
    """What the first 0, 1, 2... of the items show on a page, in characters (fit.Sizes): each
    item's text and citations, those of the figures other sources give, and the source list's
    line for each source they are the first to cite."""
    sizes, listed = [0], set()
    for item in items:
        size = sizes[-1]
        for one in (item, *item.differs):
            cited = [number - 1 for number in _shown_citations(one)]
            size += len(one.text) + len(_citation_text(one, compact=False))
            size += sum(_listed_size(sources[n]) for n in cited if n not in listed)
            listed.update(cited)
        sizes.append(size)
    return sizes


def index_sizes(index: IndexView) -> list[int]:
    """What the first 0, 1, 2... entries of the index show, in characters (fit.Sizes): each
    story's headline, lede and file name, then each lone article's line."""
    sizes = [0]
    for briefing, stem in index.stories:
        sizes.append(sizes[-1] + len(briefing.title) + len(_lead_text(briefing)) + len(stem))
    for article in index.leftovers:
        sizes.append(sizes[-1] + len(_source_label(article)) + len(article.title or "")
                     + len(_shown_path(article.path)))
    return sizes


def _listed_size(article: Article) -> int:
    """The characters of a source's line in the source list (its URL only when shown)."""
    return sum(map(len, (_source_label(article), article.title or "", article.published or "",
                         safe_url(article.url))))


def _single_source(item: Item, total: int) -> bool:
    """One source alone states the item, of several read."""
    return len(item.sources) == 1 and total > 1


def _point_view(item: Item, look: Look, total: int) -> dict[str, Any]:
    """One item as the templates show it: text, citations, corroboration, quote and speaker,
    relative dates resolved, whether one source alone states it, and the wordings of sources
    that give other figures for the same claim."""
    compact = look.audience.compact_citations
    return {"text": item.text, "dates": item.dates,
            "single": _single_source(item, total), "new": item.new, "sources": item.sources,
            "citations": _shown_citations(item),
            "citation_text": _citation_text(item, compact),
            "differs": [{"text": other.text, "citation_text": _citation_text(other, compact)}
                        for other in item.differs],
            "corroboration": f"{len(item.sources)} of {total} sources",
            "weight": item.weight, "priority": item.priority, "quotes": QUOTED.findall(item.text),
            "speaker": item.speaker}


def _view_model(briefing: Briefing, look: Look) -> dict[str, Any]:
    """Everything the templates show, prepared: numbers, labels, citations and audience options."""
    total = briefing.read or len(briefing.sources)
    shown = {n for item in briefing.items for one in (item, *item.differs) for n in _shown_citations(one)}
    sections: list[dict[str, Any]] = [
        {"key": s.key, "kind": s.kind, "title": s.title, "side": s.side or "",
         "points": [_point_view(item, look, total) for item in s.items]}
        for s in briefing.sections]
    points = [point for section in sections for point in section["points"]]
    for number, point in enumerate(points, start=1):
        point["number"] = number
    ranked = sorted((p for s in sections if s["key"] != "next" for p in s["points"]),
                    key=lambda p: -p["priority"])
    audience = look.audience
    return {
        "title": briefing.title, "date": briefing.date or "", "source_count": total,
        "page_size": audience.page_size, "type_size": audience.type_size,
        "show_quotes": audience.show_quotes, "show_corroboration": audience.show_corroboration,
        "show_sources": audience.show_sources, "show_coverage": audience.show_coverage,
        "since": briefing.since or "", "dropped": briefing.dropped[:DROPPED_SHOWN],
        "more_dropped": len(briefing.dropped[DROPPED_SHOWN:]),
        "coverage": _coverage_grid(points, briefing.sources, shown),
        "coverage_left_out": max(0, len(shown) - GRID_ROWS),
        "timeline": _timeline(briefing.sources, shown),
        "sources": [
            {"id": number, "label": _source_label(a), "title": a.title or "", "outlet": a.outlet or "",
             "published": a.published or "", "url": safe_url(a.url), "path": _shown_path(a.path)}
            for number, a in enumerate(briefing.sources, start=1) if number in shown
        ],
        "sections": sections,
        "sides": [s for s in sections if s["side"]],
        "key_points": ranked,
        "next_points": [p for s in sections if s["key"] == "next" for p in s["points"]],
    }


def _coverage_grid(points: list[dict[str, Any]], sources: Sequence[Article],
                  shown: set[int]) -> list[dict[str, Any]]:
    """Who reported what: per source of the source list, a mark for each point (by number) it
    states; past GRID_ROWS sources, those that state the most points, in source-list order."""
    states = {number: [number - 1 in point["sources"] for point in points] for number in shown}
    kept = sorted(sorted(shown, key=lambda number: (-states[number].count(True), number))[:GRID_ROWS])
    return [{"id": number, "label": _source_label(sources[number - 1]), "states": states[number]}
            for number in kept]


def _timeline(sources: Sequence[Article], shown: set[int]) -> list[dict[str, Any]]:
    """When the sources were published, day by day in order (undated last): the numbers of those
    in the source list, and how many more that day."""
    days: dict[str, list[int]] = {}
    for number, article in enumerate(sources, start=1):
        days.setdefault(article.published[:10] if article.published else "", []).append(number)
    listed = {day: [n for n in numbers if n in shown][:TIMELINE_NUMBERS] for day, numbers in days.items()}
    return [{"date": _shown_day(day) if day else "undated", "sources": listed[day],
             "more": len(numbers) - len(listed[day])}
            for day, numbers in sorted(days.items(), key=lambda entry: entry[0] or "9999")]


def _shown_day(iso: str) -> str:
    try:
        return dates.day(datetime.date.fromisoformat(iso))[1]
    except ValueError:
        return iso


def _render_template(name: str, briefing: Briefing, look: Look, autoescape: bool) -> str:
    return _render_view(name, _view_model(briefing, look), look, autoescape)


def _render_view(name: str, view: dict[str, Any], look: Look, autoescape: bool) -> str:
    """Render one template; a broken template is a user error naming the file and line."""
    environment = _template_environment(look, autoescape)
    try:
        return environment.get_template(name).render(view)
    except jinja2.TemplateSyntaxError as error:
        where = str(error.filename or error.name)
        raise errors.template_syntax(where, error.lineno, str(error.message)) from None
    except jinja2.TemplateNotFound as error:
        raise errors.template_not_found(str(error.name)) from None
    except jinja2.TemplateError as error:
        raise errors.template_failed(_template_location(error) or name, str(error)) from None
    except RecursionError:
        raise errors.template_recursion(name) from None
    except Exception as error:
        if not _raised_in_template(error):
            raise  # our own bug, not the template's: it keeps its traceback
        raise errors.template_failed(_template_location(error) or name,
                                     f"{type(error).__name__}: {error}") from None


def _raised_in_template(error: Exception) -> bool:
    """The innermost frame is a template's own line ({{ 1/0 }}), not Python code it called."""
    frames = traceback.extract_tb(error.__traceback__)
    return bool(frames) and not frames[-1].filename.endswith(".py")


def _template_location(error: Exception) -> str | None:
    """'file:line' of the template line that failed, read from jinja's rewritten traceback."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.endswith(".py")]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else None


def render_markdown(briefing: Briefing, look: Look) -> str:
    return _ending_in_one_newline(_render_template("briefing.md.j2", briefing, look, autoescape=False))


def _ending_in_one_newline(text: str) -> str:
    """A text file ends with one line break, whatever the template's last tag left."""
    return text.rstrip("\n") + "\n"


def render_html(briefing: Briefing, look: Look) -> str:
    return _render_template("briefing.html.j2", briefing, look, autoescape=True)


def _source_entries(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """The numbered source list, as the JSON outputs give it."""
    return [{"id": number, "path": _shown_path(a.path), "title": a.title, "outlet": a.outlet,
             "published": a.published, "url": a.url}
            for number, a in enumerate(articles, start=1)]


def citations(item: Item) -> str:
    return "".join(f"[{i + 1}]" for i in item.sources)


def render_summary_text(items: Sequence[Item], articles: Sequence[Article]) -> str:
    """A plain summary: one cited sentence a line, then the numbered sources."""
    lines = [f"{item.text} {citations(item)}" for item in items]
    lines += ["", *(f"[{n}] {_source_label(a)}" + (f", {a.title}" if a.title else "")
                    for n, a in enumerate(articles, start=1))]
    return "\n".join(lines) + "\n"


def render_summary_json(items: Sequence[Item], articles: Sequence[Article]) -> str:
    data = {"words": sum(len(item.text.split()) for item in items),
            "sentences": [{"text": item.text, "sources": [i + 1 for i in item.sources],
                           "weight": item.weight} for item in items],
            "sources": _source_entries(articles)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_json(briefing: Briefing) -> str:
    """The machine-readable briefing, in the shape the README documents."""
    total = briefing.read or len(briefing.sources)
    data = {
        "title": briefing.title,
        "date": briefing.date,
        "sources": _source_entries(briefing.sources),
        "articles": [_shown_path(path) for path in briefing.articles],
        "since": briefing.since, "no_longer_reported": list(briefing.dropped),
        "sections": [
            {"key": s.key, "kind": s.kind, "title": s.title, "side": s.side,
             "items": [{"text": item.text, "sources": [i + 1 for i in item.sources],
                        "single_source": _single_source(item, total), "new": item.new,
                        "dates": [{"phrase": note.phrase, "date": note.date, "shown": note.shown}
                                  for note in item.dates],
                        "weight": item.weight, "priority": item.priority,
                        "sources_differ": bool(item.differs),
                        "differs": [{"text": other.text, "sources": [i + 1 for i in other.sources]}
                                    for other in item.differs]}
                       for item in s.items]}
            for s in briefing.sections
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _index_model(index: IndexView, look: Look) -> dict[str, Any]:
    """What the index templates show: one line per story, then the articles that stood alone."""
    return {
        "date": index.date or "", "page_size": look.audience.page_size,
        "type_size": look.audience.type_size, "hidden": index.hidden,
        "stories": [{"title": b.title, "file": stem, "sources": b.read or len(b.sources),
                     "lead": _lead_text(b)} for b, stem in index.stories],
        "leftovers": [{"label": _source_label(a), "title": a.title or "", "path": _shown_path(a.path)}
                      for a in index.leftovers],
    }


def _shown_path(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as surrogate escapes, so
    the file can still be opened) are shown as \\xff escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def safe_url(url: str | None) -> str:
    """A source URL the templates may show as a link: http or https, with a host, and nothing
    that could end the link in Markdown or HTML; any other is not shown (the JSON keeps it)."""
    if not url or UNSAFE_IN_URL.search(url):
        return ""
    parts = urlparse(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def _lead_text(briefing: Briefing) -> str:
    """The story's first item by priority, its one line in the index."""
    best = max(briefing.items, key=lambda item: item.priority, default=None)
    return best.text if best else ""


def render_index_markdown(index: IndexView, look: Look) -> str:
    view = _index_model(index, look)
    return _ending_in_one_newline(_render_view("index.md.j2", view, look, autoescape=False))


def render_index_html(index: IndexView, look: Look) -> str:
    return _render_view("index.html.j2", _index_model(index, look), look, autoescape=True)


def render_index_json(index: IndexView) -> str:
    data = {
        "date": index.date,
        "stories": [{"title": b.title, "file": stem, "sources": b.read or len(b.sources),
                     "lead": _lead_text(b)} for b, stem in index.stories],
        "leftovers": [{"path": _shown_path(a.path), "title": a.title, "outlet": a.outlet}
                      for a in index.leftovers],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
