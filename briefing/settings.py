"""Settings in one object: defaults shipped in the package, a user profile layered on top."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from briefing.errors import SettingsError, unknown_choice
from briefing.sections import SECTION_KINDS

ALGORITHMS = ("auto", "centrality", "coverage", "submodular", "dpp",  # ours and select.SELECTORS
              "lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic")  # score.SUMMARIZERS
PAGE_SIZES = ("A4", "Letter")
SECTION_KEYS = tuple(SECTION_KINDS)


@dataclass(frozen=True, slots=True)
class Settings:
    language: str
    algorithm: str
    merge_threshold: float
    story_threshold: float
    duplicate_threshold: float
    min_words: int
    max_words: int
    sections: dict[str, str] = field(default_factory=dict)
    sides: dict[str, tuple[str, ...]] = field(default_factory=dict)


def load_settings(profile: Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the profile file, then explicit overrides (None values are ignored)."""
    values = _read_defaults()
    if profile is not None:
        _layer(values, _read_toml(profile), str(profile))
    _layer(values, {k: v for k, v in overrides.items() if v is not None}, "command line")
    return _validate(values)


def _read_defaults() -> dict[str, Any]:
    text = resources.files("briefing").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"profile {str(path)!r} does not exist: pass an existing TOML file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"profile {str(path)!r} is not valid TOML: {error}") from None


def _layer(values: dict[str, Any], update: dict[str, Any], origin: str) -> None:
    """Merge update into values; tables merge key by key, unknown keys are errors."""
    for key, value in update.items():
        if key not in values:
            raise SettingsError(
                f"{origin}: unknown setting {key!r}: known settings are {', '.join(sorted(values))}"
            )
        if isinstance(values[key], dict):
            if not isinstance(value, dict):
                raise SettingsError(f"{origin}: setting {key!r} must be a table, like [{key}]")
            values[key] = {**values[key], **value}
        else:
            values[key] = value


def _validate(values: dict[str, Any]) -> Settings:
    settings = Settings(**values)
    if settings.algorithm not in ALGORITHMS:
        raise unknown_choice("algorithm", settings.algorithm, list(ALGORITHMS))
    for key in settings.sections:
        if key not in SECTION_KEYS:
            raise unknown_choice("section", key, list(SECTION_KEYS))
    for name in ("merge_threshold", "duplicate_threshold", "story_threshold"):
        if not 0 < getattr(settings, name) <= 1:
            raise SettingsError(f"setting {name!r} must be a number above 0 and at most 1")
    for name in ("min_words", "max_words"):
        if not isinstance(getattr(settings, name), int) or getattr(settings, name) < 1:
            raise SettingsError(f"setting {name!r} must be a whole number of at least 1")
    sides = {str(name): tuple(str(a) for a in aliases) for name, aliases in settings.sides.items()}
    return replace(settings, sides=sides)


