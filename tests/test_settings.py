"""Settings: shipped defaults, a profile layered on top, every bad value named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.core.algorithms import ALGORITHMS
from briefing.core.errors import SettingsError
from briefing.core.settings import load_settings


def write_profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_defaults_load() -> None:
    settings = load_settings()
    assert settings.language == "english"
    assert settings.algorithm in ALGORITHMS
    assert 0 < settings.merge_threshold <= 1
    assert 0 < settings.duplicate_threshold <= 1
    assert settings.min_words <= settings.max_words
    assert set(settings.sections) == {"event", "position", "background", "next"}
    assert settings.sides == {}


def test_settings_profile_overrides_one_key_and_merges_sections(tmp_path: Path) -> None:
    defaults = load_settings()
    profile = write_profile(tmp_path, 'algorithm = "textrank"\n\n[sections]\nevent = "News"\n')
    settings = load_settings(profile)
    assert settings.algorithm == "textrank"
    assert settings.sections == {**defaults.sections, "event": "News"}
    assert settings.merge_threshold == defaults.merge_threshold
    assert settings.sides == defaults.sides


def test_settings_sides_become_tuples(tmp_path: Path) -> None:
    profile = write_profile(tmp_path, '[sides]\n"Portcity" = ["harbour board", "mayor"]\n')
    assert load_settings(profile).sides == {"Portcity": ("harbour board", "mayor")}


def test_settings_overrides_beat_profile_and_none_is_ignored(tmp_path: Path) -> None:
    profile = write_profile(tmp_path, 'algorithm = "textrank"\nmin_words = 4\n')
    settings = load_settings(profile, algorithm="lsa", min_words=None)
    assert (settings.algorithm, settings.min_words) == ("lsa", 4)


@pytest.mark.parametrize(
    ("text", "named"),  # named: patterns the message must contain
    [
        ("colour = 'blue'\n", ["'colour'", "unknown setting"]),
        ('algorithm = "bogusrank"\n', ["'bogusrank'", "algorithm", "lexrank"]),
        ('page_size = "A3"\n', [r"page.size"]),
        ("[sections]\nsummary = 'Summary'\n", ["'sections.summary'", "sections.event"]),
        ("sections = 'flat'\n", ["'sections'", "table"]),
        ("merge_threshold = 1.5\n", ["'merge_threshold'"]),
        ("min_words = 0\n", ["'min_words'"]),
        ("algorithm = \n", ["not valid TOML"]),
        ("[sections\nevent = 'x'\n", ["not valid TOML"]),
        ('merge_threshold = "0.5"\n', ["'merge_threshold'", "a number", "'0.5'"]),
        ("min_words = 2.5\n", ["'min_words'", "whole number", "2.5"]),
        ("max_words = true\n", ["'max_words'", "whole number", "True"]),
        ("language = 5\n", ["'language'", "text in quotes"]),
        ("max_file_mb = 0\n", ["'max_file_mb'", "above 0"]),
        ("[sides]\nFoo = 5\n", ["'sides.Foo'", "list of text"]),
        ("[sides]\nFoo = ['a', 5]\n", ["'sides.Foo'", "list of text"]),
        ("[sections]\nposition = '{party}: view'\n", ["'sections.position'", "{side}"]),
        ("min_words = 30\nmax_words = 20\n", ["min_words", "max_words"]),
        ('language = "klingon"\n', ["'klingon'", "english"]),
    ],
    ids=["unknown-key", "bad-algorithm", "bad-page-size", "bad-section", "sections-not-table",
         "threshold-range", "min-words-zero", "malformed-value", "malformed-table", "number-as-text",
         "fraction-for-whole", "bool-for-whole", "number-for-text", "size-zero", "side-not-list",
         "side-list-of-number", "unknown-title-field", "min-above-max", "unknown-language"],
)
def test_settings_bad_profile_raises_error_naming_it(
        tmp_path: Path, text: str, named: list[str]) -> None:
    profile = write_profile(tmp_path, text)
    with pytest.raises(SettingsError) as raised:
        load_settings(profile)
    assert "\n" not in str(raised.value)
    for pattern in named:
        assert re.search(pattern, str(raised.value))


def test_settings_malformed_toml_error_names_the_file(tmp_path: Path) -> None:
    profile = write_profile(tmp_path, "algorithm = \n")
    with pytest.raises(SettingsError, match=r"profile\.toml"):
        load_settings(profile)


def test_settings_missing_profile_raises_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(SettingsError, match="does not exist") as raised:
        load_settings(missing)
    assert "nope.toml" in str(raised.value)
