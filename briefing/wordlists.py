"""Word lists: the heuristics that are data, read from tables shipped under `briefing/data/`.

Each table has one entry a line, tab-separated, with the reason for the entry and an example
from a real article beside it; `#` lines are comments. Tests check every example against its
entry, so an entry without a case that needs it does not stay.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

LEADING_BOUNDARY = re.compile(r"(?:^|(?<=\|)|(?<=\(\?:))\\b")  # '\\b' opening an alternative


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of `briefing/data/<name>.tsv`, each a tuple of its tab-separated fields."""
    text = resources.files("briefing").joinpath(f"data/{name}.tsv").read_text(encoding="utf-8")
    return tuple(tuple(line.split("\t")) for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))


def alternatives(name: str) -> str:
    """The first column of a table as one regular expression of alternatives."""
    return "|".join(row[0] for row in read_table(name))


def word_set(name: str) -> frozenset[str]:
    """The words of a table's first column ('Mr|Mrs|Ms' rows), as a set."""
    return frozenset(word for row in read_table(name) for word in row[0].split("|"))


@cache
def unclear_opening() -> re.Pattern[str]:
    """Openings that point back to an earlier sentence ('He', 'But', 'By then')."""
    words = sorted((row[0] for row in read_table("unclear_openings")), key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@cache
def _junk_pattern() -> re.Pattern[str]:
    """Page furniture: credits, disclosures, copyright lines, prompts to subscribe or comment.
    One pattern of all the table's alternatives, so a sentence is searched once."""
    return re.compile("|".join(f"(?:{row[0]})" for row in read_table("junk")), re.IGNORECASE)


def screen(pattern: str) -> re.Pattern[str]:
    """A lower-case, case-blind pattern without the word boundaries its alternatives open with,
    to search case-folded text: one that opens with its words is searched many times faster,
    and it finds all the pattern does, so text it does not find, the pattern would not."""
    return re.compile(LEADING_BOUNDARY.sub("", pattern))


@cache
def _junk_screens() -> tuple[re.Pattern[str], ...]:
    """Each entry's screen (entries are lower case, tested): text none of them finds is not junk."""
    return tuple(screen(row[0]) for row in read_table("junk"))



def is_page_junk(text: str) -> bool:
    folded = text.casefold()
    screened = any(screen.search(folded) for screen in _junk_screens())
    return screened and _junk_pattern().search(text) is not None
