"""The public Python API, through the names `briefing` exports and nothing else."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import briefing

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STORY = Path(__file__).resolve().parent / "fixtures" / "stories" / "three-parties"


def test_api_exports_what_all_names() -> None:
    assert all(hasattr(briefing, name) for name in briefing.__all__)
    assert briefing.__version__.count(".") == 2


def test_api_import_is_light() -> None:
    """`import briefing` loads none of the heavy libraries: a script pays for them when it builds."""
    code = ("import sys, briefing; "
            "print(sorted(m for m in ('numpy', 'nltk', 'weasyprint', 'scipy') if m in sys.modules))")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "[]"


def test_api_build_returns_briefings_and_writes_only_when_asked(tmp_path: Path) -> None:
    edition = briefing.build(STORY, formats=["md", "json"], date="2026-01-05", workers=1)
    (story,) = edition.stories
    assert isinstance(story.briefing, briefing.Briefing)
    assert set(story.files) == {"md", "json"}
    assert json.loads(story.files["json"])["date"] == "2026-01-05"
    assert not list(tmp_path.iterdir())
    written = briefing.write(edition, tmp_path / "out", formats=["md", "json"])
    assert sorted(p.name for p in written) == ["briefing-2026-01-05.json", "briefing-2026-01-05.md"]
    assert written[0].read_bytes() in story.files.values()


def test_api_build_of_articles_read_already_is_one_story_citing_them() -> None:
    articles = briefing.read_articles(STORY)
    assert all(isinstance(a, briefing.Article) for a in articles)
    edition = briefing.build(articles, formats=["json"])
    cited = {source.path for source in edition.stories[0].briefing.sources}
    assert cited <= {a.path for a in articles}


def test_api_articles_given_are_cleaned_as_a_folders_are() -> None:
    """Page junk in an article handed over is stripped before summarising, as it is when read
    from a folder; an article left with no text is skipped, not summarised."""
    articles = briefing.read_articles(STORY)
    junk = "Related Articles"
    given = [briefing.Article(path=a.path, text=f"{a.text}\n\n{junk}", title=a.title) for a in articles]
    given.append(briefing.Article(path="empty.txt", text="Share this article"))
    summary = briefing.summarize(given, words=200)
    assert [s.path for s in summary.skipped] == ["empty.txt"]
    assert junk not in " ".join(a.text for a in summary.articles)


def test_api_summarize_keeps_the_budget_and_cites_its_articles() -> None:
    summary = briefing.summarize(SEEDS, words=60, workers=1)
    assert 0 < sum(len(item.text.split()) for item in summary.items) <= 60
    assert all(0 <= source < len(summary.articles) for item in summary.items for source in item.sources)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: briefing.build(SEEDS, formats=["docx"]), "unknown format 'docx'"),
    (lambda: briefing.build(SEEDS, algorithm="dpp"), "only chooses a --words summary"),
    (lambda: briefing.build(SEEDS, merge_threshold="high"), "merge_threshold"),
    (lambda: briefing.build(SEEDS, audience="board"), "unknown audience 'board'"),
    (lambda: briefing.summarize(Path("no-such-folder")), "no-such-folder"),
])
def test_api_user_errors_are_briefing_errors_naming_the_fix(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(briefing.BriefingError, match=message):
        call()
