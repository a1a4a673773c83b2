"""Render: Markdown, HTML (for the PDF) and JSON from one prepared view of the briefing.

Templates are looked up most specific first: a user's folder, then the audience's, then the
built-in base, so a user overrides one block or one file without copying the rest. Templates get
a prepared view model and hold no logic; article text is escaped for each format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from briefing.errors import TemplateError
from briefing.models import Article, Briefing, Item

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


@dataclass(frozen=True, slots=True)
class Look:
    """How a briefing is presented: page size and the template folders, most specific first."""

    page_size: str = "A4"
    template_dirs: tuple[Path, ...] = ()


def builtin_templates() -> Path:
    return Path(str(resources.files("briefing.templates")))


def template_environment(look: Look, autoescape: bool) -> jinja2.Environment:
    folders = [*look.template_dirs, builtin_templates() / "base"]
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["md"] = escape_markdown
    return environment


def escape_markdown(text: str) -> str:
    """Article text shown literally in Markdown: markup characters are backslash-escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def source_label(article: Article) -> str:
    return article.outlet or Path(article.path).name


def view_model(briefing: Briefing, look: Look) -> dict[str, Any]:
    """Everything the templates show, prepared: numbers, labels and citations."""
    return {
        "title": briefing.title,
        "date": briefing.date or "",
        "page_size": look.page_size,
        "source_count": len(briefing.sources),
        "sources": [
            {"id": number, "label": source_label(a), "title": a.title or "", "outlet": a.outlet or "",
             "published": a.published or "", "url": a.url or "", "path": a.path}
            for number, a in enumerate(briefing.sources, start=1)
        ],
        "sections": [
            {"key": s.key, "title": s.title, "side": s.side or "",
             "points": [{"text": item.text, "citations": [i + 1 for i in item.sources],
                        "corroboration": len(item.sources), "score": item.score}
                       for item in s.items]}
            for s in briefing.sections
        ],
    }


def render_template(name: str, briefing: Briefing, look: Look, autoescape: bool) -> str:
    """Render one template; a broken template is a user error naming the file and line."""
    environment = template_environment(look, autoescape)
    try:
        return environment.get_template(name).render(view_model(briefing, look))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"{error.filename or error.name}:{error.lineno}: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"template {error.name!r} not found in {environment.loader}") from None
    except (jinja2.UndefinedError, jinja2.TemplateError) as error:
        raise TemplateError(f"template {name!r} failed: {error}") from None


def render_markdown(briefing: Briefing, look: Look) -> str:
    return render_template("briefing.md.j2", briefing, look, autoescape=False)


def render_html(briefing: Briefing, look: Look) -> str:
    return render_template("briefing.html.j2", briefing, look, autoescape=True)


def source_entries(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """The numbered source list, as the JSON outputs give it."""
    return [{"id": number, "path": a.path, "title": a.title, "outlet": a.outlet,
             "published": a.published, "url": a.url}
            for number, a in enumerate(articles, start=1)]


def citations(item: Item) -> str:
    return "".join(f"[{i + 1}]" for i in item.sources)


def render_summary_text(items: Sequence[Item], articles: Sequence[Article]) -> str:
    """A plain summary: one cited sentence a line, then the numbered sources."""
    lines = [f"{item.text} {citations(item)}" for item in items]
    lines += ["", *(f"[{n}] {source_label(a)}" + (f", {a.title}" if a.title else "")
                    for n, a in enumerate(articles, start=1))]
    return "\n".join(lines) + "\n"


def render_summary_json(items: Sequence[Item], articles: Sequence[Article]) -> str:
    data = {"words": sum(len(item.text.split()) for item in items),
            "sentences": [{"text": item.text, "sources": [i + 1 for i in item.sources],
                           "score": item.score} for item in items],
            "sources": source_entries(articles)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_json(briefing: Briefing) -> str:
    """The machine-readable briefing, in the shape the README documents."""
    data = {
        "title": briefing.title,
        "date": briefing.date,
        "sources": source_entries(briefing.sources),
        "sections": [
            {"key": s.key, "title": s.title, "side": s.side,
             "items": [{"text": item.text, "sources": [i + 1 for i in item.sources],
                        "score": item.score} for item in s.items]}
            for s in briefing.sections
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
