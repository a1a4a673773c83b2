"""`briefing summarize`: a plain extractive summary within its budget, every sentence cited."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from tests.conftest import SEEDS, written_by


def summarize(*options: str) -> str:
    result = CliRunner().invoke(app, ["summarize", str(SEEDS), *options])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("algorithm", ["auto", "coverage", "submodular", "dpp", "textrank"])
def test_summarize_fills_the_budget_with_sentences_the_cited_sources_wrote(algorithm: str) -> None:
    data = json.loads(summarize("--words", "80", "--format", "json", "--algorithm", algorithm))
    texts = {s["id"]: Path(s["path"]).read_text(encoding="utf-8") for s in data["sources"]}
    longest = max(len(s["text"].split()) for s in data["sentences"])
    assert 80 - longest < data["words"] <= 80  # no sentence that would still fit is left out
    for sentence in data["sentences"]:
        assert any(written_by(sentence["text"], texts[n]) for n in sentence["sources"]), sentence


def test_summarize_text_cites_each_sentence_and_lists_the_sources() -> None:
    body, sources = summarize("--sentences", "3").split("\n\n")
    lines = body.splitlines()
    assert len(lines) == 3
    cited = {int(n) for line in lines for n in re.findall(r"\[(\d+)\]", line)}
    assert all(re.search(r"(\[\d+\])+$", line) for line in lines)
    listed = {int(n) for n in re.findall(r"^\[(\d+)\]", sources, re.MULTILINE)}
    assert cited <= listed
