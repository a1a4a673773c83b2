"""The command line, through typer's CliRunner and as a real process for exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from tests.conftest import OWN_WORDS, STORY


def write_story(folder: Path, outlets: list[str]) -> Path:
    folder.mkdir()
    story = STORY[:3]
    for number, outlet in enumerate(outlets):
        body = " ".join(story[number:] + story[:number] + OWN_WORDS[number:number + 1])
        (folder / f"{number}.txt").write_text(
            f"Earthquake hits Marlow\n\n{body}\n\nSource: {outlet}\n", encoding="utf-8")
    return folder


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The `briefing` command as a user runs it (its console script calls this main)."""
    code = "from briefing.__main__ import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=False)


def test_cli_build_prints_paths_and_honours_date_and_format(tmp_path: Path) -> None:
    folder = write_story(tmp_path / "in", ["Coast Herald", "Daily Wire"])
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(out), "--format", "md,json",
                                      "--date", "2026-11-22"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == [str(out / "briefing-2026-11-22.md"),
                                     str(out / "briefing-2026-11-22.json")]
    data = json.loads((out / "briefing-2026-11-22.json").read_text(encoding="utf-8"))
    assert data["date"] == "2026-11-22"
    assert data["sections"][0]["title"] == "The earthquake"
    assert {s["outlet"] for s in data["sources"]} == {"Coast Herald", "Daily Wire"}


@pytest.mark.parametrize(("args", "message", "code"), [
    (["build", "{tmp}/missing"], "does not exist", 1),
    (["build", "{tmp}/file.txt"], "is a file, not a folder", 1),
    (["build", "{tmp}/empty"], "no articles found", 1),
    (["build", "seeds", "--profile", "{tmp}/nope.toml"], "does not exist", 1),
    (["build", "seeds", "--algorithm", "magic"], "unknown algorithm 'magic'", 2),  # bad usage
    (["build", "seeds", "--format", "docx"], "unknown format 'docx'", 2),
    (["build", "seeds", "--page-size", "a5"], "unknown page size 'a5'", 2),
    (["build", "seeds", "--date", "yesterday"], "YYYY-MM-DD", 2),
])
def test_cli_user_errors_are_one_line_and_exit_1_or_2_for_bad_usage(
        tmp_path: Path, args: list[str], message: str, code: int) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    result = run_cli(*[a.format(tmp=tmp_path) for a in args], "--out", str(out))
    assert result.returncode == code
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_cli_the_command_builds_what_the_app_builds(tmp_path: Path) -> None:
    """The command starts a build's layout process before it reads its command line; the build
    uses that process, and the files are the same, PDF included."""
    folder = write_story(tmp_path / "in", ["Coast Herald", "Daily Wire"])
    ran = run_cli("build", str(folder), "--out", str(tmp_path / "command"), "--date", "2026-11-22")
    inside = CliRunner().invoke(app, ["build", str(folder), "--out", str(tmp_path / "app"),
                                      "--date", "2026-11-22"])
    assert ran.returncode == 0, ran.stderr
    assert inside.exit_code == 0, inside.output
    names = sorted(p.name for p in (tmp_path / "app").iterdir())
    assert names == [f"briefing-2026-11-22.{ext}" for ext in ("json", "md", "pdf")]
    for name in names:
        assert (tmp_path / "command" / name).read_bytes() == (tmp_path / "app" / name).read_bytes()


def test_cli_python_m_briefing_is_the_command() -> None:
    ran = subprocess.run([sys.executable, "-m", "briefing", "--help"], capture_output=True, text=True,
                         check=False)
    assert ran.returncode == 0
    assert "Example: briefing build" in ran.stdout


def test_cli_ctrl_c_while_the_command_starts_exits_130_without_a_traceback() -> None:
    """A Ctrl-C that comes while the command line is still being imported (here: as cli.main
    starts) ends the run as cli.main ends one, and the build's layout process with it."""
    code = ("import sys; import briefing.cli as cli; "
            "cli.main = lambda: (_ for _ in ()).throw(KeyboardInterrupt()); "
            "from briefing.__main__ import main; main()")
    ran = subprocess.run([sys.executable, "-c", code, "build", "seeds"], capture_output=True, text=True,
                         check=False, timeout=60)
    assert ran.returncode == 130
    assert ran.stderr == ""


def test_cli_bad_usage_exits_2() -> None:
    result = run_cli("build", "--no-such-option")
    assert result.returncode == 2


def test_cli_help_shows_an_example_for_every_command() -> None:
    runner = CliRunner()
    assert "Example:" in runner.invoke(app, ["--help"]).output
    for command in (["build"], ["summarize"], ["send"], ["daily"], ["templates"],
                    ["templates", "export"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output, command


def test_cli_unwritable_output_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the output folder should be", encoding="utf-8")
    result = run_cli("build", "seeds", "--out", str(blocker / "out"), "--format", "md")
    assert result.returncode == 1
    assert "cannot write" in result.stderr


def test_cli_nltk_is_imported_without_scipy_statistics_which_still_import_after() -> None:
    code = ("import sys; from briefing.core.runtime import import_nltk_without_statistics; "
            "import_nltk_without_statistics(); "
            "import nltk.tokenize.punkt, sumy.nlp.stemmers; assert 'scipy.stats' not in sys.modules; "
            "from scipy.stats import fisher_exact; print(fisher_exact([[1, 2], [3, 4]])[1] > 0)")
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "True"


@pytest.mark.parametrize("algorithm", ["coverage", "submodular", "dpp"])
def test_cli_build_refuses_a_selection_only_algorithm_in_one_line(tmp_path: Path, algorithm: str) -> None:
    """A --words selection lays out no page: build says so, names the ones that build, writes nothing."""
    folder = write_story(tmp_path / "in", ["Coast Herald", "Daily Wire"])
    result = run_cli("build", str(folder), "--out", str(tmp_path / "out"), "--algorithm", algorithm)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert f"algorithm {algorithm!r} only chooses a --words summary" in line
    assert "centrality" in line
    assert not (tmp_path / "out").exists()
