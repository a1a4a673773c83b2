"""Every mistake in a profile, an audience, a template or a mail option is one line, never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS

BUILD_PROFILE = ["build", "{seeds}", "--profile", "{file}"]
BUILD_TEMPLATES = ["build", "{seeds}", "--templates", "{dir}"]
MISTAKES = {  # name: (file to write, its bytes, command after `briefing`, what the line says)
    "language unknown": ("p.toml", b'language = "klingon"\n', BUILD_PROFILE,
                         "unknown language 'klingon'"),
    "threshold as text": ("p.toml", b'merge_threshold = "0.5"\n', BUILD_PROFILE,
                          "'merge_threshold' must be a number"),
    "side not a list": ("p.toml", b"[sides]\nFoo = 5\n", BUILD_PROFILE,
                        "setting 'sides.Foo' must be a list of text"),
    "min above max": ("p.toml", b"min_words = 40\nmax_words = 20\n", BUILD_PROFILE,
                      "min_words (40) is above max_words (20)"),
    "profile a folder": (None, b"", ["build", "{seeds}", "--profile", "{tmp}"],
                         "is a folder: pass a TOML file"),
    "mail not a table": ("t/audience.toml", b"mail = 5\n", BUILD_TEMPLATES,
                         "setting 'mail' must be a table"),
    "sections a number": ("t/audience.toml", b"sections = 5\n", BUILD_TEMPLATES,
                          "setting 'sections' must be a list of text"),
    "sections a word": ("t/audience.toml", b'sections = "event"\n', BUILD_TEMPLATES,
                        "setting 'sections' must be a list of text"),
    "yes as text": ("t/audience.toml", b'show_quotes = "no"\n', BUILD_TEMPLATES,
                    "setting 'show_quotes' must be true or false"),
    "audience not UTF-8": ("t/audience.toml", b"\xff\xfe bad", BUILD_TEMPLATES,
                           "not UTF-8 text"),
    "template divides by zero": ("t/briefing.md.j2", b"{{ 1/0 }}", BUILD_TEMPLATES,
                                 "ZeroDivisionError"),
    "template includes itself": ("t/briefing.md.j2", b'{% include "briefing.md.j2" %}',
                                 BUILD_TEMPLATES, "includes or extends itself"),
    "subject field unknown": ("t/audience.toml", b'[mail]\nsubject = "{foo}"\n',
                              ["daily", "{inbox}", "--date", "2026-11-22", "--out", "{tmp}/out",
                               "--templates", "{dir}", "--send", "a@example.org", "--from", "b@example.org",
                               "--eml", "{tmp}/m.eml"],
                              "'mail.subject' must be text using only {title}, {date}"),
    "export onto a file": ("existing", b"", ["templates", "export", "analyst", "{file}"],
                           "is a file, not a folder"),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_mistakes_are_one_line_and_exit_1(name: str, tmp_path: Path) -> None:
    """Run as a user does, the installed command in its own process, so nothing is caught for it."""
    relative, content, command, message = MISTAKES[name]
    file = tmp_path / (relative or "")
    if relative:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content)
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox / "2026-11-22")
    values = {"seeds": str(SEEDS), "file": str(file), "dir": str(file.parent), "tmp": str(tmp_path),
              "inbox": str(inbox)}
    args = [part.format(**values) for part in command]
    done = subprocess.run([sys.executable, "-c", "from briefing.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert message in line
