"""Golden briefings: the Markdown and JSON of the sample story and a fixture story, for every
audience, with a pinned date. Any change of output shows in review as a change of these files;
after a change meant to alter the output, run `pytest tests/test_golden.py --update-golden` and
read the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.page.audience import audience_names
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
STORIES = {"seeds": Path("seeds"), "dated": Path("tests/fixtures/stories/dated")}  # from ROOT
DATE = "2026-01-15"
DIGITS = 6  # JSON numbers compared to this many places: the last digits of a float may differ by machine


def rounded(data: Any) -> Any:
    if isinstance(data, float):
        return round(data, DIGITS)
    if isinstance(data, list):
        return [rounded(value) for value in data]
    if isinstance(data, dict):
        return {key: rounded(value) for key, value in data.items()}
    return data


@pytest.mark.parametrize("audience", audience_names())
@pytest.mark.parametrize("story", sorted(STORIES))
def test_golden_briefing(story: str, audience: str, tmp_path: Path, update_golden: bool,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the JSON are as given: relative, the same on every machine
    result = CliRunner().invoke(app, ["build", str(STORIES[story]), "--out", str(tmp_path),
                                      "--audience", audience, "--format", "md,json", "--date", DATE])
    assert result.exit_code == 0, result.output
    for suffix in ("md", "json"):
        built = (tmp_path / f"briefing-{DATE}.{suffix}").read_text(encoding="utf-8")
        golden = GOLDEN / f"{story}-{audience}.{suffix}"
        if update_golden:
            golden.parent.mkdir(exist_ok=True)
            golden.write_text(built, encoding="utf-8")
        expected = golden.read_text(encoding="utf-8")
        if suffix == "json":
            assert rounded(json.loads(built)) == rounded(json.loads(expected)), golden.name
        else:
            assert built == expected, golden.name
