"""Audiences: who reads the briefing decides its shape (page, sections, items, type, extras).

Each audience is a template folder with an `audience.toml`; the built-in `base/audience.toml`
holds every key's default and an audience overrides only what it changes. A user's template
folder (--templates) may carry its own `audience.toml`, layered last.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from briefing.errors import SettingsError, unknown_choice
from briefing.settings import PAGE_SIZES, SECTION_KEYS


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
    mail_to: tuple[str, ...] = ()
    mail_cc: tuple[str, ...] = ()
    mail_from: str = ""
    mail_subject: str = "Briefing: {title} ({date})"


def builtin_templates() -> Path:
    return Path(str(resources.files("briefing.templates")))


def audience_names() -> list[str]:
    root = builtin_templates()
    return sorted(p.name for p in root.iterdir() if (p / "audience.toml").is_file() and p.name != "base")


def load_audience(name: str, user_templates: Path | None = None) -> Audience:
    """The named built-in audience, with the user's audience.toml (if any) on top."""
    if name not in audience_names():
        raise unknown_choice("audience", name, audience_names())
    root = builtin_templates()
    values = read_audience_file(root / "base" / "audience.toml")
    layers = [root / name / "audience.toml"]
    layers += [user_templates / "audience.toml"] if user_templates else []
    for path in layers:
        if path.is_file():
            values = layer(values, read_audience_file(path), path)
    return validate(name, root / name, values)


def read_audience_file(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: {error}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not UTF-8 text: save it as UTF-8") from None
    except OSError as error:
        raise SettingsError(f"{path}: cannot be read ({error.strerror})") from None


def layer(values: dict[str, Any], update: dict[str, Any], path: Path) -> dict[str, Any]:
    """update over values, key by key; each value of the type the base file gives it."""
    merged = dict(values)
    for key, value in update.items():
        if key not in values:
            raise SettingsError(f"{path}: unknown key {key!r}: known keys are {', '.join(sorted(values))}")
        if isinstance(values[key], dict):
            if not isinstance(value, dict):
                raise SettingsError(f"{path}: {key} must be a table, like [{key}]")
            for inner, item in value.items():
                if inner in values[key]:
                    check_type(f"{key}.{inner}", item, values[key][inner], path)
            merged[key] = {**values[key], **value}
        else:
            check_type(key, value, values[key], path)
            merged[key] = value
    return merged


def check_type(key: str, value: Any, default: Any, path: Path) -> None:
    """The value has the type of the default: yes/no, a whole number, text, a list of text."""
    expected = {bool: "true or false", int: "a whole number", str: "text in quotes",
                list: "a list of text in quotes, like [\"a\", \"b\"]"}[type(default)]
    fits = isinstance(value, type(default)) and (type(default) is not int or not isinstance(value, bool))
    if isinstance(default, list):
        fits = fits and all(isinstance(v, str) for v in value)
    if not fits:
        raise SettingsError(f"{path}: {key} must be {expected}, not {value!r}")


def validate(name: str, folder: Path, values: dict[str, Any]) -> Audience:
    """An Audience from merged values; a bad value names the key and what is allowed."""
    mail = values["mail"]
    audience = Audience(
        name=name, folder=folder, page_size=values["page_size"], max_items=values["max_items"],
        items_per_section=values["items_per_section"], sections=tuple(values["sections"]),
        type_size=str(values["type_size"]), show_quotes=bool(values["show_quotes"]),
        show_corroboration=bool(values["show_corroboration"]),
        show_sources=bool(values["show_sources"]), compact_citations=bool(values["compact_citations"]),
        mail_to=tuple(mail["to"]), mail_cc=tuple(mail["cc"]), mail_from=mail["from"],
        mail_subject=mail["subject"],
    )
    if audience.page_size not in PAGE_SIZES:
        raise unknown_choice("page size", audience.page_size, list(PAGE_SIZES))
    for kind in audience.sections:
        if kind not in SECTION_KEYS:
            raise unknown_choice("section", kind, list(SECTION_KEYS))
    for key in ("max_items", "items_per_section"):
        if not isinstance(values[key], int) or values[key] < (1 if key == "max_items" else 0):
            raise SettingsError(f"audience {name!r}: {key} must be a whole number")
    return audience
