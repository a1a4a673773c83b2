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
    max_file_mb: float
    sections: dict[str, str] = field(default_factory=dict)
    sides: dict[str, tuple[str, ...]] = field(default_factory=dict)


def load_settings(profile: Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the profile file, then explicit overrides (None values are ignored)."""
    defaults = _read_defaults()
    values = dict(defaults)  # layers replace whole values, so the defaults stay as read
    if profile is not None:
        _layer(values, _read_toml(profile), str(profile))
    _layer(values, {k: v for k, v in overrides.items() if v is not None}, "command line")
    return _validate(values, defaults)


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
    except OSError as error:
        raise SettingsError(f"profile {str(path)!r} cannot be read ({error.strerror}): "
                            "pass a TOML file") from None


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


def _check_types(values: dict[str, Any], defaults: dict[str, Any]) -> None:
    """Each setting of the type its default has: text, a number, a whole number, a table of
    text (sections) or of lists of text (sides)."""
    for key, value in values.items():
        default = defaults[key]
        if isinstance(default, str) and not isinstance(value, str):
            raise SettingsError(f"setting {key!r} must be text in quotes, not {value!r}")
        if isinstance(default, float) and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise SettingsError(f"setting {key!r} must be a number, not {value!r}")
    for name, title in values["sections"].items():
        if not isinstance(title, str):
            raise SettingsError(f"[sections] {name} must be a title in quotes, not {title!r}")
    for name, aliases in values["sides"].items():
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise SettingsError(f"[sides] {name} must be a list of names in quotes, like "
                                f'["EU", "Brussels"], not {aliases!r}')


def _check_language(language: str) -> None:
    """A language sumy's stemmer and stop words (and NLTK's Punkt) know."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    try:
        Stemmer(language)
        get_stop_words(language)
    except LookupError:
        raise SettingsError(f"unknown language {language!r}: use one sumy and NLTK support, "
                            "such as english, german, french, spanish or italian") from None


def _validate(values: dict[str, Any], defaults: dict[str, Any]) -> Settings:
    _check_types(values, defaults)
    settings = Settings(**values)
    _check_language(settings.language)
    if settings.algorithm not in ALGORITHMS:
        raise unknown_choice("algorithm", settings.algorithm, list(ALGORITHMS))
    for key in settings.sections:
        if key not in SECTION_KEYS:
            raise unknown_choice("section", key, list(SECTION_KEYS))
    for name in ("merge_threshold", "duplicate_threshold", "story_threshold"):
        if not 0 < getattr(settings, name) <= 1:
            raise SettingsError(f"setting {name!r} must be a number above 0 and at most 1")
    for name in ("min_words", "max_words"):
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SettingsError(f"setting {name!r} must be a whole number of at least 1")
    if isinstance(settings.max_file_mb, bool) or not isinstance(settings.max_file_mb, int | float) \
            or settings.max_file_mb <= 0:
        raise SettingsError(f"setting 'max_file_mb' must be a number of megabytes above 0, "
                            f"not {settings.max_file_mb!r}")
    if settings.min_words > settings.max_words:
        raise SettingsError(f"min_words ({settings.min_words}) is above max_words "
                            f"({settings.max_words}): no sentence could be an item")
    sides = {str(name): tuple(str(a) for a in aliases) for name, aliases in settings.sides.items()}
    return replace(settings, sides=sides)


