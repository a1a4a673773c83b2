"""The `briefing` command (also `python -m briefing`): cli.main, with a build's layout process
started first.

A build lays out its PDF in a process of its own, which spends most of a second importing
WeasyPrint and its fonts (layout_process.laid_out_apart). Started before the command line is even read,
that import overlaps this process's reading the command line and importing the pipeline, not
only its reading the articles; the build then uses the same process.
"""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext


def main() -> None:
    try:
        from briefing.page import layout_process

        building = is_build(sys.argv[1:])
        with layout_process.laid_out_apart(min(2, os.cpu_count() or 1)) if building else nullcontext():
            from briefing import cli

            cli.main()
    except KeyboardInterrupt:  # Ctrl-C before cli.main watches for it (it exits 130 itself then)
        sys.exit(130)


def is_build(arguments: list[str]) -> bool:
    """Whether the command line asks for a build (which lays out PDFs), not for its help."""
    return arguments[:1] == ["build"] and "--help" not in arguments


if __name__ == "__main__":
    main()
