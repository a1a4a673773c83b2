"""The trust benchmark: its checks, and a run of the real command on fixture stories."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from briefing.summarise.vectors import Vectorizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import trust

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"


@pytest.mark.parametrize(("item", "sentences", "supported"), [
    ("Rescuers pulled 40 survivors from the rubble overnight.",
     ["Overnight, rescuers pulled 40 survivors from the rubble of the school."], True),
    ("Oxygen masks dangled in the cabin.",
     ["Oxygen masks also seem to have been activated in the plane."], False),
    ("The minister resigned on Monday after the vote.",  # across two adjacent sentences
     ["The vote went against the government.", "On Monday the minister resigned."], True),
])
def test_bench_trust_support_needs_the_claims_words(item: str, sentences: list[str], supported: bool) -> None:
    assert trust.supported(item, sentences, Vectorizer("english")) is supported


@pytest.mark.parametrize(("text", "why"), [
    ("He said the bridge would reopen on Monday.", "opening"),
    ("“The bridge will reopen on Monday,” he said.", "quote without speaker"),
    ("“The bridge will reopen on Monday,” said Mayor Ann Ortiz.", None),
    ("The mayor said the bridge “will reopen on Monday.", "open quote"),
    ("Some of the more interesting data points include:", "fragment"),
    ("The statement further indicated that the ferry would sail on Monday.", "points back"),
    ("The council asked the port to do so by the end of the month.", "points back"),
])
def test_bench_trust_read_alone_names_the_reason(text: str, why: str | None) -> None:
    assert trust.reads_alone(text) == why


def test_bench_trust_on_fixture_stories_meets_every_floor(tmp_path: Path) -> None:
    out = tmp_path / "trust.json"
    code = trust.main([str(STORIES / "disagree"), str(STORIES / "no-quotes"), "--mix",
                       str(STORIES / "three-parties"), str(STORIES / "no-next"), "--out", str(out), "--gate"])
    report = json.loads(out.read_text(encoding="utf-8"))["summary"]
    assert code == 0, report
    assert report["briefings"] == 2
    assert report["grouping"]["precision"] == 1.0


@pytest.mark.parametrize(("title", "bad"), [
    ("HEADLINE: Harbour bridge reopens after repairs", True),
    ("Harbour bridge reopens after repairs | Portcity Herald", True),
    ("Harbour bridge reopens after repairs", False),
    ("Q&A: what the bridge repairs cost", False),
])
def test_bench_trust_bad_title_finds_an_archive_label_kept(title: str, bad: bool) -> None:
    assert trust.bad_title(title) is bad


def test_bench_trust_bad_outlet_finds_an_archive_label_kept() -> None:
    assert trust.bad_outlet("DATE_TIME: BEIJING, Feb 16", [])
    assert not trust.bad_outlet("Agence France-Presse", [])


def test_bench_trust_finds_a_source_list_numbered_by_position() -> None:
    sources = [{"id": n, "outlet": f"Outlet {n}"} for n in (1, 2, 4)]
    listed = "".join(f"<li>Outlet {n}</li>" for n in (1, 2, 4))
    numbered = "".join(f'<li value="{n}">Outlet {n}</li>' for n in (1, 2, 4))
    page = '<section class="sources"><ol>{}</ol></section>'
    assert trust.misnumbered({"sources": sources, "page": page.format(listed)}) == 1
    assert trust.misnumbered({"sources": sources, "page": page.format(numbered)}) == 0
