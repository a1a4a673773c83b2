"""Audiences: who reads the briefing decides its shape (page, sections, items, type, extras).

Each audience is a template folder with an `audience.toml`; the built-in `base/audience.toml`
holds every key's default and an audience overrides only what it changes. A user's template
folder (--templates) may carry its own `audience.toml`, layered last.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from briefing.core.config import Limit, layered, read_toml
from briefing.core.errors import unknown_choice
from briefing.core.models import SECTION_KINDS
from briefing.core.settings import PAGE_SIZES


@dataclass(frozen=True, slots=True)
class Audience:
    name: str
    folder: Path
    page_size: str
    max_items: int
    items_per_section: int
    sections: tuple[str, ...]
    type_size: str
    show_quotes: bool
    show_corroboration: bool
    show_sources: bool
    compact_citations: bool
    show_coverage: bool
    mail_to: tuple[str, ...] = ()
    mail_cc: tuple[str, ...] = ()
    mail_from: str = ""
    mail_subject: str = "Briefing: {title} ({date})"


def builtin_templates() -> Path:
    return Path(str(resources.files("briefing.page.templates")))


def audience_names() -> list[str]:
    root = builtin_templates()
    return sorted(p.name for p in root.iterdir() if (p / "audience.toml").is_file() and p.name != "base")


LIMITS = {
    "page_size": Limit(choices=PAGE_SIZES),
    "max_items": Limit(low=1),
    "items_per_section": Limit(low=0),
    "type_size": Limit(pattern=r"\d{1,2}(\.\d+)?(pt|px)", example="a type size like 9pt or 12px"),
    "mail.subject": Limit(fields=("title", "date")),
}


def load_audience(name: str, user_templates: Path | None = None) -> Audience:
    """The named built-in audience, with the user's audience.toml (if any) on top."""
    if name not in audience_names():
        raise unknown_choice("audience", name, audience_names())
    root = builtin_templates()
    paths = [root / name / "audience.toml"]
    paths += [user_templates / "audience.toml"] if user_templates else []
    layers = [(str(path), read_toml(path, "audience file")) for path in paths if path.exists()]
    limits = {**LIMITS, "sections": Limit(choices=tuple(SECTION_KINDS))}  # the kinds registered by now
    values = layered(read_toml(root / "base" / "audience.toml", "audience file"), layers, limits)
    mail = values["mail"]
    return Audience(
        name=name, folder=root / name, page_size=values["page_size"], max_items=values["max_items"],
        items_per_section=values["items_per_section"], sections=tuple(values["sections"]),
        type_size=values["type_size"], show_quotes=values["show_quotes"],
        show_corroboration=values["show_corroboration"], show_sources=values["show_sources"],
        compact_citations=values["compact_citations"], show_coverage=values["show_coverage"],
        mail_to=tuple(mail["to"]),
        mail_cc=tuple(mail["cc"]), mail_from=mail["from"], mail_subject=mail["subject"],
    )


@dataclass(frozen=True, slots=True)
class Look:
    """How a briefing is presented: the audience and the user's own template folder."""

    audience: Audience
    user_templates: Path | None = None
