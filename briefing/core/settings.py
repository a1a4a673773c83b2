"""Settings in one object: defaults shipped in the package, a user profile layered on top."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from briefing.core import errors
from briefing.core.algorithms import ALGORITHMS
from briefing.core.config import Limit, layered, read_toml
from briefing.core.models import SECTION_KINDS
from briefing.core.runtime import import_nltk_without_statistics

PAGE_SIZES = ("A4", "Letter")
SHARE = Limit(low=0, high=1, above=True)
LIMITS = {
    "merge_threshold": SHARE, "story_threshold": SHARE, "duplicate_threshold": SHARE,
    "min_words": Limit(low=1), "max_words": Limit(low=1), "max_file_mb": Limit(low=0, above=True),
    "max_document_mb": Limit(low=0, above=True), "max_archive_mb": Limit(low=0, above=True),
    "max_entries": Limit(low=1),
}


@dataclass(frozen=True, slots=True)
class Settings:
    language: str
    algorithm: str
    merge_threshold: float
    story_threshold: float
    duplicate_threshold: float
    min_words: int
    max_words: int
    max_file_mb: float
    max_document_mb: float
    max_archive_mb: float
    max_entries: int
    sections: dict[str, str] = field(default_factory=dict)
    sides: dict[str, tuple[str, ...]] = field(default_factory=dict)


def load_settings(profile: Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the profile file, then explicit overrides (None values are ignored)."""
    layers = [(str(profile), read_toml(profile, "profile"))] if profile is not None else []
    layers.append(("command line", {k: v for k, v in overrides.items() if v is not None}))
    values = layered(_defaults_with_registries(), layers, _limits(), free_tables={"sides": list})
    values["sides"] = {str(name): tuple(aliases) for name, aliases in values["sides"].items()}
    settings = Settings(**values)
    _check_language(settings.language)
    if settings.min_words > settings.max_words:
        raise errors.min_above_max(settings.min_words, settings.max_words)
    return settings


def _limits() -> dict[str, Limit]:
    """The limits of every key, with the algorithms and section kinds registered by now."""
    return {**LIMITS, "algorithm": Limit(choices=tuple(ALGORITHMS)),
            **{f"sections.{kind}": Limit(fields=("side",)) for kind in SECTION_KINDS}}


def _defaults_with_registries() -> dict[str, Any]:
    """The shipped defaults, with a title for each section kind added to the registry."""
    defaults = _read_defaults()
    added = {kind: rules.title or kind.title() for kind, rules in SECTION_KINDS.items()}
    return {**defaults, "sections": {**added, **defaults["sections"]}}


def _read_defaults() -> dict[str, Any]:
    text = resources.files("briefing.core").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def shipped_section_titles() -> dict[str, str]:
    """The section titles defaults.toml ships, before any profile."""
    titles: dict[str, str] = _read_defaults()["sections"]
    return titles


def _check_language(language: str) -> None:
    """A language sumy's stemmer and stop words (and NLTK's Punkt) know."""
    import_nltk_without_statistics()
    from briefing.core.languages import stemmer, stop_words_of

    try:
        stemmer(language)
        stop_words_of(language)
    except LookupError:
        raise errors.unknown_language(language) from None
