"""Write the generated pages of the docs: the command line's --help and every default setting.

    .venv/bin/python scripts/docs.py                        # docs/reference/cli.md and settings.md
    .venv/bin/python scripts/docs.py --picture output/X.pdf # docs/sample-page.png from a built PDF

tests/test_docs.py fails when a generated page differs from what this writes (a changed option
or default left undocumented), as sqlite-utils checks its docs with cog.
"""

from __future__ import annotations

import re
import sys
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = (["build"], ["summarize"], ["send"], ["daily"], ["templates", "export"])
WIDTH = 100
PICTURE_WIDTH = 700  # pixels: readable in a README, small in git


def cli_page() -> str:
    """Every command's --help, as the command prints it at a fixed width."""
    from typer.testing import CliRunner

    from briefing.cli import app

    note = "<!-- written by scripts/docs.py from `briefing COMMAND --help`: do not edit -->"
    parts = [f"# The command line\n\n{note}\n"]
    for command in ([], *COMMANDS):
        shown = " ".join(["briefing", *command, "--help"])
        result = CliRunner().invoke(app, [*command, "--help"], terminal_width=WIDTH, prog_name="briefing")
        parts.append(f"\n## `{shown}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "".join(parts)


def settings_page() -> str:
    """Every setting and audience key with its comment and its default."""
    head = ("# Settings\n\n<!-- written by scripts/docs.py from briefing/core/defaults.toml and "
            "briefing/page/templates/base/audience.toml: do not edit -->\n\n"
            "A profile (`--profile FILE`, or `profile=` in Python) is a TOML file with the keys of "
            "the first part; it overrides only those it names. An audience's `audience.toml` has the "
            "keys of the second. An unknown key or a bad value is one line naming the file, the key "
            "and what is allowed.\n\n## Settings (`briefing/core/defaults.toml`)\n\n")
    settings = resources.files("briefing.core").joinpath("defaults.toml").read_text(encoding="utf-8")
    audience = resources.files("briefing.page.templates").joinpath("base/audience.toml").read_text(
        encoding="utf-8")
    return (head + _toml_keys(settings, "###") + "\n\n## Audiences (`base/audience.toml`)\n\n"
            + _toml_keys(audience, "###") + "\n")


def _toml_keys(text: str, heading: str) -> str:
    """Each key of a commented TOML file with the comment above it and its value; a table's own
    comment follows its header line."""
    blocks, comment, table, opened = [], [], "", False
    for line in [*text.splitlines(), ""]:
        if line.startswith("#"):
            comment.append(line.lstrip("# ").strip())
        elif line.startswith("["):
            table, opened = line.strip("[]"), True
            blocks.append(f"{heading} `[{table}]`")
            comment = []
        elif "=" in line:
            if opened and comment:
                blocks.append(" ".join(comment))
                comment = []
            key, value = (part.strip() for part in line.split("=", 1))
            name = f"{table}.{key}" if table else key
            blocks.append(f"- `{name}` = `{value}`" + (f": {' '.join(comment)}" if comment else ""))
            comment, opened = [], False
        elif comment:  # a comment of its own: the file's, or the table's just opened
            blocks.append(" ".join(comment))
            comment, opened = [], False
    body = "\n".join(f"\n{block}\n" if not block.startswith("- ") else block for block in blocks)
    return re.sub(r"\n{3,}", "\n\n", body).strip()


def pages() -> dict[Path, str]:
    return {ROOT / "docs" / "reference" / "cli.md": cli_page(),
            ROOT / "docs" / "reference" / "settings.md": settings_page()}


def write_picture(pdf: Path) -> None:
    """The first page of a built PDF as a small PNG for the README and the docs."""
    import pypdfium2

    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=PICTURE_WIDTH / page.get_width()).to_pil().convert("L")
    image.save(ROOT / "docs" / "sample-page.png", optimize=True)


def main(arguments: list[str]) -> None:
    if arguments[:1] == ["--picture"]:
        write_picture(Path(arguments[1]))
        return
    for path, text in pages().items():
        path.write_text(text, encoding="utf-8")
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
