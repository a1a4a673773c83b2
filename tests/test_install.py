"""The installed package, not the source tree, finds its templates and default settings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEEDS


def test_install_plain_pip_install_builds_from_anywhere(tmp_path: Path) -> None:
    """Installed from a copy of the source with one audience more: a folder and nothing else."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "output", "build", "*.egg-info", "__pycache__", ".*_cache"))
    (source / "briefing" / "page" / "templates" / "board").mkdir()
    (source / "briefing" / "page" / "templates" / "board" / "audience.toml").write_text("max_items = 5\n")
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--target", str(target), str(source)],
                   check=True, capture_output=True)
    templates = source / "briefing" / "page" / "templates"
    shipped = {p.relative_to(templates) for p in templates.rglob("*") if p.is_file()}
    installed = {p.relative_to(target / "briefing" / "page" / "templates")
                 for p in (target / "briefing" / "page" / "templates").rglob("*") if p.is_file()}
    assert shipped <= installed, "every template file, of every audience, is package data"
    assert Path("board/audience.toml") in installed
    names = subprocess.run([sys.executable, "-c", "from briefing.page.audience import audience_names; "
                            "print(audience_names())"], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}, cwd=tmp_path)
    assert "'board'" in names.stdout
    assert (target / "briefing" / "data" / "parties.tsv").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import briefing, sys; print(briefing.__file__, file=sys.stderr); "
            "from briefing.cli import main; main()")
    result = subprocess.run(
        [sys.executable, "-c", code, "build", str(SEEDS), "--out", str(elsewhere / "out")],
        cwd=elsewhere, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stderr.splitlines()[0]
    written = sorted(p.name for p in (elsewhere / "out").iterdir())
    assert written == ["briefing-2023-06-14.json", "briefing-2023-06-14.md", "briefing-2023-06-14.pdf"]
    assert json.loads((elsewhere / "out" / written[0]).read_text(encoding="utf-8"))["sections"]
