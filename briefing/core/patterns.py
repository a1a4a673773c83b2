"""Patterns of text that several stages read alike, each defined once.

Where a sentence ends, where a line of a page ends, and words a scraper glued together. A stage
with a rule of its own keeps it; one shared by two stages lives here.
"""

from __future__ import annotations

import re

CLOSERS = r"[\"'”’)\]]*"  # what may follow a full stop: closing quotes and brackets
SENTENCE_END = re.compile(rf"[.!?…]{CLOSERS}$")  # the text ends as a sentence does
LINE_END = re.compile(rf"[.!?…]{CLOSERS}$|[\"”’]$")  # a sentence or a quotation ends the line
PARAGRAPH_END = re.compile(rf"[.!?…:;]{CLOSERS}$|[\"”’]$")  # or it leads on to what follows
TRAILING_STOP = re.compile(r"(?<=[a-z])[.!?]+$")  # a stop after a word, to strip from a name
GLUED = re.compile(r"[a-z][A-Z]")  # 'ConflictNorth AmericaWorld'
MAX_HEADLINE_WORDS = 30  # a longer 'headline' is body text a page lost its markup around


def glued_menu_words(text: str, end: re.Pattern[str] = LINE_END) -> bool:
    """Menu words glued together by a scraper ('ConflictNorth AmericaWorld'), not ending as
    text does (by `end`)."""
    return bool(GLUED.search(text)) and not end.search(text)
