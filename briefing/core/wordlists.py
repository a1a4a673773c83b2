"""Word lists: the heuristics that are data, read from tables shipped under `briefing/data/`.

Each table has one entry a line, tab-separated, with the reason for the entry and an example
from a real article beside it; `#` lines are comments. Tests check every example against its
entry, so an entry without a case that needs it does not stay.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

SPARE_OPENING = re.compile(  # what may open an alternative, left out of its screen: a word
    r"\\b|\^|\(\?:\^\|\\s\)|\(\?:[^()]*\)\?(?![?+])")  # boundary, the start, an optional group
QUANTIFIERS = "?*+{"


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
def back_reference() -> re.Pattern[str]:
    """Phrases that point back to an earlier sentence wherever they stand ('the same note')."""
    return re.compile("|".join(f"(?:{row[0]})" for row in read_table("back_references")), re.IGNORECASE)


@cache
def _junk_pattern() -> re.Pattern[str]:
    """Page furniture: credits, disclosures, copyright lines, prompts to subscribe or comment.
    One pattern of all the table's alternatives, so a sentence is searched once."""
    return re.compile("|".join(f"(?:{row[0]})" for row in read_table("junk")), re.IGNORECASE)


def screens(pattern: str) -> tuple[re.Pattern[str], ...]:
    """Lower-case, case-blind patterns that together find all the pattern finds, to search
    case-folded text: one per alternative, without what may open it (SPARE_OPENING), and one
    per choice of a group that opens it ('(?:products|services) from' is 'products from' and
    'services from'). A pattern that opens with a word is searched many times faster than one
    that opens with a choice, so text that none of them finds, the pattern would not find."""
    return tuple(re.compile(opening) for opening in _opening_with_words(pattern))


def _opening_with_words(pattern: str) -> list[str]:
    """The screens' patterns (see `screens`)."""
    found = []
    for alternative in _split_at(pattern, "|"):
        while (spare := SPARE_OPENING.match(alternative)) is not None:
            alternative = alternative[spare.end():]
        group = _split_at(alternative, ")", 1)[0] if alternative.startswith("(?:") else ""
        rest = alternative[len(group) + 1:]
        if group and not rest.startswith(tuple(QUANTIFIERS)):
            found += [spread for choice in _split_at(group[3:], "|")
                      for spread in _opening_with_words(choice + rest)]
        else:
            found.append(alternative)
    return found


def _split_at(pattern: str, mark: str, depth: int = 0) -> list[str]:
    """The pattern cut at each `mark` ('|' or ')') met at `depth` groups deep, outside
    character sets and escapes: _split_at(p, '|') are p's alternatives, _split_at(p, ')', 1)[0]
    is p up to the bracket that closes the group it opens with."""
    parts: list[str] = []
    level, start, escaped, in_set = 0, 0, False, False
    for position, character in enumerate(pattern):
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif in_set:
            in_set = character != "]"
        elif character == "[":
            in_set = True
        else:
            if character == mark and level == depth:
                parts.append(pattern[start:position])
                start = position + 1
            level += (character == "(") - (character == ")")
    return [*parts, pattern[start:]]


def any_found(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(pattern.search(text) for pattern in patterns)


@cache
def _junk_screens() -> tuple[re.Pattern[str], ...]:
    """The entries' screens (entries are lower case, tested): text none of them finds is not junk."""
    return tuple(found for row in read_table("junk") for found in screens(row[0]))


def is_page_junk(text: str) -> bool:
    return any_found(_junk_screens(), text.casefold()) and _junk_pattern().search(text) is not None
