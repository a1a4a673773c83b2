"""Audiences and user templates, built from the seeds through the real PDF renderer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefing.cli import app
from briefing.core.errors import SettingsError
from briefing.page.audience import load_audience
from tests.conftest import pdf_page_count


def build(out: Path, *options: str) -> dict:
    result = CliRunner().invoke(app, ["build", "seeds", "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    return json.loads((out / "briefing-2023-06-14.json").read_text(encoding="utf-8"))


def all_items(data: dict) -> list[dict]:
    return [item for section in data["sections"] for item in section["items"]]


@pytest.fixture(scope="module")
def audiences(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, dict]]:
    built = {}
    for name in ("analyst", "executive", "press"):
        out = tmp_path_factory.mktemp(name)
        built[name] = (out, build(out, "--audience", name))
    return built


@pytest.mark.parametrize("name", ["analyst", "executive", "press"])
def test_audience_pdf_is_one_page(audiences: dict, name: str) -> None:
    out, _ = audiences[name]
    assert pdf_page_count(out / "briefing-2023-06-14.pdf") == 1


def test_audience_executive_is_shorter_and_keeps_the_best(audiences: dict) -> None:
    analyst, executive = all_items(audiences["analyst"][1]), all_items(audiences["executive"][1])
    assert 5 <= len(executive) <= 7 < len(analyst)
    best = max(analyst, key=lambda item: item["priority"])
    assert best["text"] in {item["text"] for item in executive}
    markdown = (audiences["executive"][0] / "briefing-2023-06-14.md").read_text(encoding="utf-8")
    assert "## Key points" in markdown
    assert "of 5 sources" not in markdown


def test_audience_analyst_shows_corroboration_and_sources(audiences: dict) -> None:
    markdown = (audiences["analyst"][0] / "briefing-2023-06-14.md").read_text(encoding="utf-8")
    assert "of 5 sources)" in markdown
    assert "## Sources" in markdown


def test_audience_press_shows_quotes_with_speakers(audiences: dict) -> None:
    out, data = audiences["press"]
    assert "background" not in [s["key"] for s in data["sections"]]
    markdown = (out / "briefing-2023-06-14.md").read_text(encoding="utf-8")
    quote_lines = [line for line in markdown.splitlines() if line.startswith("- “") and " — " in line]
    assert len(quote_lines) >= 2
    pdf_text = PdfReader(out / "briefing-2023-06-14.pdf").pages[0].extract_text()
    assert "Positions" in pdf_text
    assert "—" in pdf_text


def test_audience_user_template_overrides_one_block(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "briefing.md.j2").write_text(
        '{% extends "audience/briefing.md.j2" %}{% block header %}# DESK NOTE: {{ title }}\n'
        "{% endblock %}", encoding="utf-8")
    (mine / "briefing.html.j2").write_text(
        '{% extends "audience/briefing.html.j2" %}{% block header %}<h1>DESK NOTE</h1>'
        "{% endblock %}", encoding="utf-8")
    out = tmp_path / "out"
    data = build(out, "--templates", str(mine))
    markdown = (out / "briefing-2023-06-14.md").read_text(encoding="utf-8")
    assert markdown.startswith("# DESK NOTE: ")
    assert "## Sources" in markdown
    assert "DESK NOTE" in PdfReader(out / "briefing-2023-06-14.pdf").pages[0].extract_text()
    assert data["sections"]


def test_audience_templates_export_copies_a_starting_point(tmp_path: Path) -> None:
    folder = tmp_path / "exported"
    result = CliRunner().invoke(app, ["templates", "export", "executive", str(folder)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in folder.iterdir()}
    assert {"briefing.md.j2", "briefing.html.j2", "style.css", "audience.toml"} <= names
    assert "Key points" in (folder / "briefing.md.j2").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("briefing.md.j2", "# {{ title }\n", "briefing.md.j2:1"),
    ("audience.toml", "max_items = 7\nsections = [\n", "audience.toml"),
    ("audience.toml", "colour = 'red'\n", "unknown setting 'colour'"),
])
def test_audience_mistakes_are_one_line_naming_the_file(tmp_path: Path, name: str, content: str,
                                                        expected: str) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / name).write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", "from briefing.cli import main; main()", "build", "seeds",
         "--templates", str(mine), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_audience_unknown_name_lists_the_choices() -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from briefing.cli import main; main()", "build", "seeds",
         "--audience", "board"], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "analyst, executive, press" in result.stderr


def test_audience_letter_page_size(tmp_path: Path) -> None:
    build(tmp_path, "--page-size", "Letter", "--format", "pdf,json")
    (page,) = PdfReader(tmp_path / "briefing-2023-06-14.pdf").pages
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


@pytest.mark.parametrize(("content", "named"), [
    ('page_size = "A3"\n', ["'page_size'", "A4, Letter", "'A3'"]),
    ("max_items = 0\n", ["'max_items'", "at least 1"]),
    ("items_per_section = -1\n", ["'items_per_section'", "at least 0"]),
    ('sections = ["event", "gossip"]\n', ["'sections'", "background", "gossip"]),
    ('type_size = "900pt; color: red"\n', ["'type_size'", "9pt"]),
    ("type_size = 11\n", ["'type_size'", "text in quotes"]),
    ('[mail]\nto = "desk@example.org"\n', ["'mail.to'", "list of text"]),
    ('[mail]\nreply = "x"\n', ["'mail.reply'", "mail.subject"]),
])
def test_audience_bad_values_name_key_value_and_what_is_allowed(
        tmp_path: Path, content: str, named: list[str]) -> None:
    (tmp_path / "audience.toml").write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        load_audience("analyst", tmp_path)
    message = str(raised.value)
    assert "\n" not in message
    assert str(tmp_path / "audience.toml") in message
    for part in named:
        assert part in message
