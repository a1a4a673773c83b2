"""The docs: generated pages match the code, every page is in the site, every example runs.

Each `sh` and `python` block of the README and docs/ runs in a folder holding a copy of seeds/,
a built briefing and a day's inbox; `mail.example.org:587` becomes a real SMTP server on
loopback. `make` and `pip` lines are what CI and tests/test_install.py run.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Recorder

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
RUN = ("sh", "python")
SKIPPED_LINES = re.compile(r"^\s*(?:make|pip)\b")

sys.path.insert(0, str(ROOT / "scripts"))
import docs  # noqa: E402  (scripts/ is not a package)


def blocks_of(page: Path) -> list[tuple[str, str]]:
    return [(kind, code) for kind, code in BLOCK.findall(page.read_text(encoding="utf-8")) if kind in RUN]


def test_docs_generated_pages_match_the_code() -> None:
    """The --help of every command and every default setting, as scripts/docs.py writes them."""
    for path, text in docs.pages().items():
        assert path.read_text(encoding="utf-8") == text, f"run scripts/docs.py: {path.name} drifted"


def test_docs_every_command_and_setting_is_documented() -> None:
    cli = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    for command in docs.COMMANDS:
        assert f"## `briefing {' '.join(command)} --help`" in cli
    settings = (ROOT / "docs" / "reference" / "settings.md").read_text(encoding="utf-8")
    for key in ("merge_threshold", "story_threshold", "sections.next", "max_items", "mail.subject"):
        assert f"`{key}`" in settings


def test_docs_every_page_is_in_the_site_and_the_readme_is_short() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in (ROOT / "docs").rglob("*.md"):
        assert str(page.relative_to(ROOT / "docs")) in nav, page
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150


@pytest.fixture(scope="module")
def workplace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as a user has it: seeds/, a built briefing in output/, today's inbox."""
    folder = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copytree(ROOT / "seeds", folder / "inbox" / datetime.date.today().isoformat())
    subprocess.run([sys.executable, "-m", "briefing", "build", "seeds/", "--out", "output/"], cwd=folder,
                   check=True, capture_output=True)
    return folder


@pytest.mark.parametrize("page", [p for p in PAGES if blocks_of(p)], ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_examples_run(page: Path, workplace: Path, tmp_path: Path, server: tuple[Recorder, int]) -> None:
    recorder, port = server
    here = tmp_path / "here"
    shutil.copytree(workplace, here)
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for number, (kind, code) in enumerate(blocks_of(page)):
        code = code.replace("mail.example.org:587", f"127.0.0.1:{port}")
        if kind == "sh":
            lines = [line for line in code.splitlines() if not SKIPPED_LINES.match(line)]
            command = ["bash", "-euo", "pipefail", "-c", "\n".join(lines)]
        else:
            command = [sys.executable, "-c", code]
        ran = subprocess.run(command, cwd=here, env=environment, capture_output=True, text=True,
                             check=False, timeout=300)
        assert ran.returncode == 0, f"{page.name} block {number + 1} ({kind}):\n{code}\n{ran.stderr}"
    if any("--smtp" in code for _, code in blocks_of(page)):
        assert recorder.envelopes, "an example that sends sent nothing"
