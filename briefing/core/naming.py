"""File names of what a build writes: one home for them, so that writing, finding and cleaning up
agree. A story's files are briefing-DATE (briefing-DATE-SLUG beside other stories), an
edition's index is index-DATE; each with the format's suffix.
"""

from __future__ import annotations

import re
from pathlib import Path

STORY_PREFIX = "briefing"
INDEX_PREFIX = "index"
PDF_CREATOR = "briefing"  # the Creator of every PDF a build writes: the reader knows its own
DATE_IN_NAME = re.compile(rf"(?:{STORY_PREFIX}|{INDEX_PREFIX})-(\d{{4}}-\d{{2}}-\d{{2}})")


def story_stem(date: str, slug: str) -> str:
    """A story's file name without suffix: briefing-DATE, or briefing-DATE-SLUG beside others."""
    return "-".join(filter(None, [STORY_PREFIX, date, slug]))


def index_stem(day: str) -> str:
    return f"{INDEX_PREFIX}-{day}"


def story_glob(suffix: str) -> str:
    """A glob for every story file of one format in a folder."""
    return f"{STORY_PREFIX}-*.{suffix}"


def is_index(path: Path) -> bool:
    return path.name.startswith(f"{INDEX_PREFIX}-")


def is_ours(name: str) -> bool:
    """A name this tool gives its files (briefing-..., index-...)."""
    return name.startswith((f"{STORY_PREFIX}-", f"{INDEX_PREFIX}-"))


def date_of(path: Path) -> str:
    """The date a briefing or index file is named for, else the file's stem."""
    found = DATE_IN_NAME.match(path.stem)
    return found.group(1) if found else path.stem
