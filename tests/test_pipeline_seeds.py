"""End to end on the sample story: the real loader, scorer, fit and PDF renderer."""

from __future__ import annotations

import gc
import json
import re
from itertools import combinations
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.core import runtime
from briefing.core.errors import InputError
from briefing.core.settings import load_settings
from briefing.page.audience import Look, load_audience
from briefing.read.split import SentenceSplitter
from briefing.run import pipeline
from briefing.summarise.vectors import Vectorizer, cosine
from tests.conftest import pdf_page_count, written_by

# What most outlets (three or more of the five) report; 'the first trip since 2018' and 'the
# South China Sea' (two each, worded apart) are detail the page may leave for what more report.
KEY_POINTS = {
    "the call": r"telephone conversation|phone call",
    "open lines of communication": r"open (lines of communication|communication channels|channels)",
    "core concerns": r"(core|key) concerns",
    "Taiwan": r"Taiwan",
    "interference": r"interfer|meddl",
    "new difficulties and challenges": r"new difficulties and challenges",
    "the visit to Beijing": r"(visit|trip|travel)\w* (to )?(China|Beijing)|in Beijing",
    "the balloon": r"balloon",
}
JUNK = ["cookie", "#buttons", "Related Articles", "Back to top", "ConflictNorth", "Desk:",
        "Go it", "By Associated Press", "Source: DN"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(app, ["build", "seeds", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "briefing-2023-06-14.json").read_text(encoding="utf-8"))
    return out, data


def items(data: dict) -> list[dict]:
    return [item for section in data["sections"] for item in section["items"]]


def test_pipeline_writes_three_files_named_for_story_date(built: tuple[Path, dict]) -> None:
    out, _ = built
    assert sorted(p.name for p in out.iterdir()) == [
        "briefing-2023-06-14.json", "briefing-2023-06-14.md", "briefing-2023-06-14.pdf"]


def test_pipeline_pdf_is_one_page(built: tuple[Path, dict]) -> None:
    out, _ = built
    assert pdf_page_count(out / "briefing-2023-06-14.pdf") == 1


def test_pipeline_sections_in_order(built: tuple[Path, dict]) -> None:
    _, data = built
    keys = [s["key"] for s in data["sections"]]
    assert keys[0] == "event"
    assert set(keys[1:3]) == {"position-united-states", "position-china"}
    assert keys[3:] == ["background", "next"]
    assert {s["side"] for s in data["sections"][1:3]} == {"United States", "China"}


def test_pipeline_every_item_is_verbatim_from_each_cited_source(built: tuple[Path, dict]) -> None:
    _, data = built
    texts = {s["id"]: Path(s["path"]).read_text(encoding="utf-8") for s in data["sources"]}
    splitter = SentenceSplitter()
    vectorizer = Vectorizer("english")
    for item in items(data):
        assert item["sources"], item
        assert any(written_by(item["text"], texts[i]) for i in item["sources"]), item["text"]
        for source in item["sources"]:
            sentences = [s for p in texts[source].splitlines() for s in splitter.to_sentences(p)]
            best = max(cosine(vectorizer.terms(item["text"]), vectorizer.terms(s)) for s in sentences)
            assert best >= 0.35, (item["text"], source)


def test_pipeline_markdown_and_json_carry_the_same_items(built: tuple[Path, dict]) -> None:
    out, data = built
    markdown = (out / "briefing-2023-06-14.md").read_text(encoding="utf-8")
    bullets = [line for line in markdown.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(items(data))
    for bullet, item in zip(bullets, items(data), strict=True):
        cited = "".join(f"[{n}]" for n in item["sources"])
        count = "*(single source)*" if item["single_source"] else f"({len(item['sources'])} of 5 sources)"
        assert bullet.endswith(f"{cited} {count}")


@pytest.mark.parametrize("point", sorted(KEY_POINTS))
def test_pipeline_key_points_are_there(built: tuple[Path, dict], point: str) -> None:
    _, data = built
    text = " ".join(item["text"] for item in items(data))
    assert re.search(KEY_POINTS[point], text), point


def test_pipeline_no_junk_and_no_run_together_sentences(built: tuple[Path, dict]) -> None:
    out, data = built
    markdown = (out / "briefing-2023-06-14.md").read_text(encoding="utf-8")
    body = markdown.split("## Sources")[0]
    for junk in JUNK:
        assert junk not in body
    for item in items(data):
        assert not re.search(r"[a-z][.!?][”\"]?[A-Z]", item["text"]), item["text"]


def test_pipeline_no_two_items_say_the_same_thing(built: tuple[Path, dict]) -> None:
    _, data = built
    vectorizer = Vectorizer("english")
    for a, b in combinations(items(data), 2):
        assert cosine(vectorizer.terms(a["text"]), vectorizer.terms(b["text"])) < 0.5, (a, b)


def test_pipeline_sources_carry_file_metadata(built: tuple[Path, dict]) -> None:
    _, data = built
    by_name = {Path(s["path"]).name: s for s in data["sources"]}
    first = by_name["000_31f819be21bc8644.txt"]
    assert first["published"] == "2023-06-14"
    assert first["url"].startswith("https://sputnikglobe.com/")
    assert by_name["003_6121a40882700e2a.txt"]["outlet"] == "Associated Press"
    assert by_name["004_b693ecef4805a897.txt"]["outlet"] == "DN"
    assert by_name["002_c02ea6314318ef47.txt"]["outlet"] == "Bullion Bite"


def test_pipeline_a_build_holds_off_full_collections_while_it_summarises(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """What reading and summarising make mostly lives until the run ends: meanwhile, a full
    garbage collection comes only after many middle ones. The layouts (cycles, collected
    as usual) and everything after a build, a failed one too, keep the process's own setting."""
    seen: dict[str, tuple[int, int, int]] = {}
    merge, fit_for = pipeline.merge.merge_redundant, pipeline.fit_for

    def merging(*args: object, **kwargs: object) -> object:
        seen["merge"] = gc.get_threshold()
        return merge(*args, **kwargs)  # type: ignore[arg-type]

    def fitting(*args: object, **kwargs: object) -> object:
        seen["fit"] = gc.get_threshold()
        return fit_for(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline.merge, "merge_redundant", merging)
    monkeypatch.setattr(pipeline, "fit_for", fitting)
    before = gc.get_threshold()
    look = Look(load_audience("analyst"))
    edition = pipeline.build_edition(Path("seeds"), load_settings(), None, look, ("json",))
    assert edition.stories
    assert seen == {"merge": (*before[:2], runtime.MIDDLE_COLLECTIONS_PER_FULL), "fit": before}
    assert gc.get_threshold() == before
    with pytest.raises(InputError):
        pipeline.build_edition(tmp_path, load_settings(), None, look, ("json",))
    assert gc.get_threshold() == before
