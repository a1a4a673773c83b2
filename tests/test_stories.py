"""Several stories in one folder: one briefing per story, an index, leftovers listed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.stories import slugify, split_stories
from tests.conftest import SEEDS
from tests.helpers import pdf_page_count

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"
LONE = ("Dutch bakers protest flour prices\n\nHundreds of bakers drove their delivery vans "
        "through The Hague on Monday to protest against the rising price of flour and energy.\n")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    for article in SEEDS.iterdir():
        shutil.copy(article, folder / f"seed-{article.name}")
    for story in ("no-quotes", "three-parties"):
        for article in (STORIES / story).iterdir():
            shutil.copy(article, folder / f"{story}-{article.name}")
    (folder / "lone.txt").write_text(LONE, encoding="utf-8")
    return folder


def test_stories_one_briefing_each_and_an_index(mixed: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(mixed), "--out", str(tmp_path), "--workers", "2"])
    assert result.exit_code == 0, result.output
    briefings = sorted(tmp_path.glob("briefing-*.json"))
    assert len(briefings) == 3
    index = json.loads(next(tmp_path.glob("index-*.json")).read_text(encoding="utf-8"))
    assert sorted(story["file"] + ".json" for story in index["stories"]) == [p.name for p in briefings]
    assert [Path(a["path"]).name for a in index["leftovers"]] == ["lone.txt"]
    assert pdf_page_count(next(tmp_path.glob("index-*.pdf"))) == 1
    for path in briefings:
        data = json.loads(path.read_text(encoding="utf-8"))
        prefixes = {Path(s["path"]).name.split("-")[0] for s in data["sources"]}
        assert len(prefixes) == 1, (path.name, prefixes)
        assert pdf_page_count(path.with_suffix(".pdf")) == 1


def test_stories_index_of_one_story_and_a_lone_article_names_the_real_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(STORIES / "no-quotes", folder)
    (folder / "lone.txt").write_text(LONE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(out), "--date", "2024-03-05"])
    assert result.exit_code == 0, result.output
    index = json.loads((out / "index-2024-03-05.json").read_text(encoding="utf-8"))
    assert [story["file"] for story in index["stories"]] == ["briefing-2024-03-05"]
    assert (out / "briefing-2024-03-05.pdf").is_file()
    markdown = (out / "index-2024-03-05.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Briefings for 2024-03-05\n\n1 story\n")
    assert markdown.endswith(".txt`)\n")


def test_stories_single_story_flag_briefs_everything_together(mixed: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", str(mixed), "--out", str(tmp_path), "--single-story",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["briefing-2023-06-14.json"]


def test_stories_split_keeps_pairs_and_lists_singletons() -> None:
    assert split_stories([[0, 3], [1], [2, 4, 5], [6]]) == ([[0, 3], [2, 4, 5]], [1, 6])


@pytest.mark.parametrize(("title", "taken", "expected"), [
    ("Strong earthquake hits southern Peru, damaging homes", set(),
     "strong-earthquake-hits-southern-peru-damaging"),
    ("¿Qué?", set(), "qu"),
    ("!!!", set(), "story"),
    ("Ferry capsizes", {"ferry-capsizes"}, "ferry-capsizes-2"),
])
def test_stories_slugify(title: str, taken: set[str], expected: str) -> None:
    assert slugify(title, taken) == expected
