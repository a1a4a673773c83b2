"""Shared fixtures: the sample folder and a settings object with the shipped defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def seeds() -> Path:
    return SEEDS
